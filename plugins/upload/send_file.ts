/**
 * Sends a file as a request body with its length (`Content-Length`, as Tauri's upload does) and
 * progress per chunk written. Deno's `fetch` sends a streamed body chunked and drops a
 * Content-Length header, and many upload endpoints (presigned PUTs) refuse chunked bodies, so this
 * uses `node:http` / `node:https`, whose write callbacks also say when each chunk went out.
 * @module
 */

import http from "node:http";
import https from "node:https";

/** The server's answer to an upload. */
export interface UploadAnswer {
  status: number;
  text: string;
}

/** Chunk size read from the file and written to the socket. */
const CHUNK = 64 * 1024;

/**
 * Sends `file` (`size` bytes) to `url`; `sent(n)` runs as each chunk is written. Fails when
 * nothing moves for `idleMs` (no response headers, no byte written or read).
 */
export function sendFile(
  url: URL,
  method: string,
  headers: Headers,
  file: Deno.FsFile,
  size: number,
  sent: (n: number) => void,
  idleMs: number,
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === "https:" ? https : http;
    const h: Record<string, string> = Object.fromEntries(headers);
    h["content-length"] = String(size);
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const req = lib.request(url, { method, headers: h }, (res) => {
      const chunks: Uint8Array[] = [];
      res.on("data", (c: Uint8Array) => chunks.push(c));
      res.on("error", fail);
      res.on("end", () => {
        if (settled) return;
        settled = true;
        const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
        let off = 0;
        for (const c of chunks) {
          all.set(c, off);
          off += c.length;
        }
        resolve({ status: res.statusCode ?? 0, text: new TextDecoder().decode(all) });
      });
    });
    req.setTimeout(idleMs, () => fail(new Error(`nothing moved for ${idleMs} ms`)));
    req.on("error", fail);
    const pump = async () => {
      let done = 0;
      while (done < size) {
        const buf = new Uint8Array(Math.min(CHUNK, size - done));
        const n = await file.read(buf);
        if (n === null) throw new Error(`the file ended after ${done} of ${size} bytes`);
        done += n;
        const more = req.write(buf.subarray(0, n), () => sent(n));
        if (!more) await new Promise((r) => req.once("drain", r));
        if (settled) return;
      }
      req.end();
    };
    pump().catch(fail);
  });
}
