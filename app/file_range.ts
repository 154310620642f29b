/**
 * A served file's bytes for one request, whole or one `Range: bytes=…` of it (206), as browsers
 * ask for media: a video from the asset protocol or the frontend folder seeks without the whole
 * file being read.
 * @module
 */

import type { FileAnswer } from "../transports/native/native_transport.ts";

/** Reads `path` (already checked) for a request with the `Range` header `range`, if any. */
export async function fileAnswer(
  path: string,
  type: string,
  range: string | undefined,
  headers: Record<string, string> = {},
): Promise<FileAnswer> {
  const file = await Deno.open(path, { read: true });
  try {
    const size = (await file.stat()).size;
    const span = range === undefined ? undefined : parseRange(range, size);
    if (span === undefined) {
      const body = new Uint8Array(size);
      await readAll(file, body);
      return { status: 200, body, type, headers: { ...headers, "accept-ranges": "bytes" } };
    }
    if (span === null) {
      return {
        status: 416,
        body: new Uint8Array(0),
        type,
        headers: { ...headers, "content-range": `bytes */${size}` },
      };
    }
    const [start, end] = span;
    await file.seek(start, Deno.SeekMode.Start);
    const body = new Uint8Array(end - start + 1);
    await readAll(file, body);
    return {
      status: 206,
      body,
      type,
      headers: {
        ...headers,
        "accept-ranges": "bytes",
        "content-range": `bytes ${start}-${end}/${size}`,
      },
    };
  } finally {
    file.close();
  }
}

async function readAll(file: Deno.FsFile, into: Uint8Array): Promise<void> {
  let at = 0;
  while (at < into.length) {
    const n = await file.read(into.subarray(at));
    if (n === null) throw new Error("the file got shorter while it was read");
    at += n;
  }
}

/**
 * One range of `bytes=a-b`, `bytes=a-` or `bytes=-n` within `size`: [start, end] inclusive;
 * undefined when the header is not a single byte range (then the whole file is sent, as HTTP
 * allows); null when it lies outside the file (416).
 */
export function parseRange(header: string, size: number): [number, number] | null | undefined {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return null;
    return [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return null;
  return [start, end];
}
