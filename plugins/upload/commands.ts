/**
 * The upload plugin's commands, as `@tauri-apps/plugin-upload` sends them: `upload` (a file's
 * bytes as the request body; answers the response text) and `download` (a response body into a
 * file), both reporting progress on the page's `onProgress` channel.
 * @module
 */

import { z } from "zod";
import { Channel } from "../../bridge/channel.ts";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PluginCallContext } from "../plugin.ts";
import { io } from "../fs/io.ts";
import { openNoFollow } from "../fs/scope.ts";
import { checkRedirect, checkTransferUrl, resolveTransferPath } from "./scope.ts";
import { sendFile, type UploadAnswer } from "./send_file.ts";

/** Tauri's `ProgressPayload`: bytes in this chunk, so far, expected (0 = unknown), bytes per second. */
export interface Progress {
  progress: number;
  progressTotal: number;
  total: number;
  transferSpeed: number;
}

/** No response headers within this long fails the call. */
const HEADERS_TIMEOUT_MS = 30_000;
/** A body that moves no byte for this long fails the call. */
const IDLE_TIMEOUT_MS = 60_000;
/** Redirects a download follows (each into the scope only). */
const MAX_REDIRECTS = 10;

function transferError(message: string): InvokeError {
  return new InvokeError(message, undefined, "http");
}

/** Counts bytes and sends Tauri's progress payload for each chunk. */
class Meter {
  #done = 0;
  #start = performance.now();
  constructor(readonly channel: Channel<Progress>, readonly total: number) {}
  chunk(n: number): void {
    this.#done += n;
    const seconds = (performance.now() - this.#start) / 1000;
    if (this.channel.isClosed) return;
    this.channel.send({
      progress: n,
      progressTotal: this.#done,
      total: this.total,
      transferSpeed: seconds > 0 ? Math.round(this.#done / seconds) : this.#done,
    });
  }
}

/** Runs `fn` with a signal that aborts when `idle()` is not called for `IDLE_TIMEOUT_MS`. */
async function watchdog<T>(
  what: string,
  fn: (signal: AbortSignal, idle: () => void) => Promise<T>,
): Promise<T> {
  const ctl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = (ms = IDLE_TIMEOUT_MS) => {
    clearTimeout(timer);
    timer = setTimeout(() => ctl.abort(transferError(`${what}: nothing moved for ${ms} ms`)), ms);
  };
  idle(HEADERS_TIMEOUT_MS);
  try {
    return await fn(ctl.signal, () => idle());
  } catch (e) {
    if (ctl.signal.aborted) throw ctl.signal.reason;
    if (e instanceof InvokeError) throw e;
    throw transferError(`${what} failed: ${e instanceof Error ? e.message : e}`);
  } finally {
    clearTimeout(timer);
  }
}

async function failed(res: Response): Promise<InvokeError> {
  const text = await res.text().catch(() => "");
  return transferError(`request failed with status code ${res.status}: ${text}`);
}

const headers = z.record(z.string(), z.string()).nullish();
const uploadArgs = z.object({
  id: z.number().optional(),
  url: z.string(),
  filePath: z.string(),
  headers,
  method: z.enum(["POST", "PUT", "PATCH"]).nullish(),
  onProgress: Channel.of<Progress>(),
});
const downloadArgs = z.object({
  id: z.number().optional(),
  url: z.string(),
  filePath: z.string(),
  headers,
  body: z.string().nullish(),
  onProgress: Channel.of<Progress>(),
});

function requestHeaders(h: Record<string, string> | null | undefined): Headers {
  try {
    return new Headers(h ?? {});
  } catch (e) {
    throw new InvokeError(
      `invalid request headers: ${e instanceof Error ? e.message : e}`,
      undefined,
      "invalid-body",
    );
  }
}

/** Ends the page's channel once the call is over, whatever happened. */
async function withChannel<T>(channel: Channel<Progress>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    channel.close();
  }
}

/** The upload plugin's commands. */
export const uploadCommands: CommandTable = {
  upload: {
    unbounded: true, // bounded by the header and idle time limits
    args: uploadArgs,
    run: (ctx: PluginCallContext<z.infer<typeof uploadArgs>>) =>
      withChannel(ctx.args.onProgress, async () => {
        // Both checks before anything is read or sent.
        const url = checkTransferUrl(ctx, ctx.args.url);
        const path = await resolveTransferPath(ctx, ctx.args.filePath, "follow");
        const h = requestHeaders(ctx.args.headers);
        const file = await io("cannot read", path, () => Deno.open(path, { read: true }));
        try {
          const size = (await file.stat()).size;
          const meter = new Meter(ctx.args.onProgress, size);
          let res: UploadAnswer;
          try {
            // A redirect would need the body again: it is an answer, not followed.
            res = await sendFile(
              url,
              ctx.args.method ?? "POST",
              h,
              file,
              size,
              (n) => meter.chunk(n),
              IDLE_TIMEOUT_MS,
            );
          } catch (e) {
            throw transferError(
              `upload to ${url.href} failed: ${e instanceof Error ? e.message : e}`,
            );
          }
          if (res.status < 200 || res.status > 299) {
            throw transferError(`request failed with status code ${res.status}: ${res.text}`);
          }
          return res.text;
        } finally {
          file.close();
        }
      }),
  },
  download: {
    unbounded: true,
    args: downloadArgs,
    run: (ctx: PluginCallContext<z.infer<typeof downloadArgs>>) =>
      withChannel(ctx.args.onProgress, async () => {
        let url = checkTransferUrl(ctx, ctx.args.url);
        // "write": a link at the target is refused, so the file written is the one checked.
        const path = await resolveTransferPath(ctx, ctx.args.filePath, "write");
        const h = requestHeaders(ctx.args.headers);
        await watchdog(`download from ${ctx.args.url}`, async (signal, idle) => {
          let method = ctx.args.body != null ? "POST" : "GET";
          let body = ctx.args.body ?? undefined;
          let res: Response;
          for (let hop = 0;; hop++) {
            res = await fetch(url, { method, headers: h, body, redirect: "manual", signal });
            const location = res.headers.get("location");
            if (![301, 302, 303, 307, 308].includes(res.status) || !location) break;
            await res.body?.cancel();
            if (hop >= MAX_REDIRECTS) {
              throw transferError(`too many redirects (more than ${MAX_REDIRECTS})`);
            }
            const next = new URL(location, url);
            checkRedirect(ctx, next);
            if (res.status === 303 || ((res.status === 301 || res.status === 302) && body)) {
              method = "GET";
              body = undefined;
            }
            url = next;
          }
          idle();
          // A failed request leaves the file as it was.
          if (!res.ok) throw await failed(res);
          const total = Number(res.headers.get("content-length") ?? 0) || 0;
          const meter = new Meter(ctx.args.onProgress, total);
          const file = await openNoFollow(ctx, path, { write: true, create: true });
          try {
            await file.truncate(0);
            for await (const chunk of res.body ?? new ReadableStream<Uint8Array>()) {
              idle();
              await io("cannot write", path, async () => {
                for (let off = 0; off < chunk.byteLength;) {
                  off += await file.write(chunk.subarray(off));
                }
              });
              meter.chunk(chunk.byteLength);
            }
          } finally {
            file.close();
          }
        });
        return null;
      }),
  },
};
