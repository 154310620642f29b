/**
 * The http plugin's commands, as `@tauri-apps/plugin-http`'s `fetch` sends them:
 * `fetch` (checks the URL scope, returns a request id), `fetch_send` (performs it, following
 * redirects only into the scope), `fetch_read_body` (one chunk, last byte 0; the end is `[1]`),
 * `fetch_cancel` and `fetch_cancel_body`.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PageResource, PluginCallContext, ScopeSet } from "../plugin.ts";
import { checkUrlScope, urlScopeEntry } from "../url_scope.ts";

/** One scope entry: a URL pattern (`URLPattern` syntax, as Tauri's): `{ url: "https://*.example.com/*" }`. */
export const httpScopeEntry = urlScopeEntry;

/** Waiting longer than this for response headers fails the call (the page's `connectTimeout` overrides it). */
const HEADERS_TIMEOUT_MS = 30_000;
/** A body that sends nothing for this long fails the read. */
const BODY_IDLE_TIMEOUT_MS = 60_000;
/** Redirects followed when the page does not say (reqwest's default). */
const DEFAULT_REDIRECTS = 10;

function httpError(message: string): InvokeError {
  return new InvokeError(message, undefined, "http");
}

/** Throws `forbidden` unless `url` is in the http scope (see `checkUrlScope`). */
function checkUrl(url: URL, scope: ScopeSet, permission: string): void {
  checkUrlScope(url, scope, permission, "http");
}

/** A request the page built with `fetch`, not yet sent. */
class PendingRequest implements PageResource {
  readonly abort = new AbortController();
  /** Set once the response arrived: its body then lives on as a `ResponseBody`. */
  answered = false;
  constructor(
    readonly url: URL,
    readonly method: string,
    readonly headers: Headers,
    readonly body: Uint8Array | undefined,
    readonly maxRedirections: number,
    readonly timeoutMs: number,
    readonly scope: ScopeSet,
    readonly permission: string,
  ) {}
  close(): void {
    if (!this.answered) this.abort.abort(new Error("Request cancelled"));
  }
}

/** A response body being read by the page. */
class ResponseBody implements PageResource {
  constructor(readonly reader: ReadableStreamDefaultReader<Uint8Array> | undefined) {}
  async close(): Promise<void> {
    await this.reader?.cancel().catch(() => {});
  }
}

const isRequest = (v: PageResource): v is PendingRequest => v instanceof PendingRequest;
const isBody = (v: PageResource): v is ResponseBody => v instanceof ResponseBody;

const fetchArgs = z.object({
  clientConfig: z.object({
    method: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "not an HTTP method"),
    url: z.string().min(1),
    headers: z.array(z.tuple([z.string(), z.string()])).nullish(),
    data: z.array(z.number().int().min(0).max(255)).nullish(),
    maxRedirections: z.number().int().min(0).nullish(),
    connectTimeout: z.number().int().positive().nullish(),
    proxy: z.unknown().optional(),
    danger: z.unknown().optional(),
  }),
});
type FetchArgs = z.infer<typeof fetchArgs>;
const ridArgs = z.object({ rid: z.number().int() });

/** Sends `req`, following redirects that stay in its scope. */
async function send(req: PendingRequest): Promise<Response> {
  let url = req.url, method = req.method, body = req.body;
  for (let hop = 0;; hop++) {
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(httpError(`no response from ${url.origin} within ${req.timeoutMs} ms`)),
      req.timeoutMs,
    );
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: req.headers,
        body: body as Uint8Array<ArrayBuffer> | undefined,
        redirect: "manual",
        signal: AbortSignal.any([req.abort.signal, timeout.signal]),
      });
    } catch (e) {
      if (req.abort.signal.aborted) throw httpError("Request cancelled");
      if (timeout.signal.aborted) throw timeout.signal.reason;
      throw httpError(`${method} ${url.href} failed: ${e instanceof Error ? e.message : e}`);
    } finally {
      clearTimeout(timer);
    }
    const location = res.headers.get("location");
    if (![301, 302, 303, 307, 308].includes(res.status) || !location || req.maxRedirections === 0) {
      return res;
    }
    await res.body?.cancel();
    if (hop >= req.maxRedirections) {
      throw httpError(`too many redirects (more than ${req.maxRedirections}) from ${req.url.href}`);
    }
    const next = new URL(location, url);
    if (next.protocol !== "http:" && next.protocol !== "https:") {
      throw httpError(`redirect to ${next.href}: only http and https are fetched`);
    }
    // A redirect is a new request: it must be in the scope too.
    checkUrl(next, req.scope, req.permission);
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
      method = "GET";
      body = undefined;
    }
    url = next;
  }
}

/** The http plugin's commands. */
export const httpCommands: CommandTable = {
  fetch: {
    args: fetchArgs,
    run: (ctx: PluginCallContext<FetchArgs>) => {
      const c = ctx.args.clientConfig;
      let url: URL;
      try {
        url = new URL(c.url);
      } catch {
        throw new InvokeError(`invalid URL ${JSON.stringify(c.url)}`, undefined, "invalid-url");
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new InvokeError(
          `cannot fetch ${url.href}: only http and https URLs are fetched`,
          undefined,
          "invalid-url",
        );
      }
      checkUrl(url, ctx.scope, ctx.permission);
      let headers: Headers;
      try {
        headers = new Headers(c.headers ?? []);
      } catch (e) {
        throw new InvokeError(
          `invalid request headers: ${e instanceof Error ? e.message : e}`,
          undefined,
          "invalid-body",
        );
      }
      const req = new PendingRequest(
        url,
        c.method.toUpperCase(),
        headers,
        c.data ? new Uint8Array(c.data) : undefined,
        c.maxRedirections ?? DEFAULT_REDIRECTS,
        c.connectTimeout ?? HEADERS_TIMEOUT_MS,
        ctx.scope,
        ctx.permission,
      );
      return ctx.resources.add(req);
    },
  },
  fetch_send: {
    unbounded: true,
    args: ridArgs,
    run: async (ctx: PluginCallContext<{ rid: number }>) => {
      const req = ctx.resources.get(ctx.args.rid, isRequest, "http request");
      let res: Response;
      try {
        res = await send(req);
        req.answered = true;
      } finally {
        // The request id is spent either way; the body gets its own.
        await ctx.resources.close(ctx.args.rid).catch(() => {});
      }
      const rid = ctx.resources.add(new ResponseBody(res.body?.getReader()));
      return {
        status: res.status,
        statusText: res.statusText,
        url: res.url || req.url.href,
        headers: [...res.headers],
        rid,
      };
    },
  },
  fetch_read_body: {
    unbounded: true,
    args: ridArgs,
    run: async (ctx: PluginCallContext<{ rid: number }>) => {
      const body = ctx.resources.get(ctx.args.rid, isBody, "http response body");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const idle = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(httpError(`response body: no data for ${BODY_IDLE_TIMEOUT_MS} ms`)),
          BODY_IDLE_TIMEOUT_MS,
        );
      });
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = body.reader
          ? await Promise.race([body.reader.read(), idle])
          : { done: true, value: undefined };
      } catch (e) {
        await ctx.resources.close(ctx.args.rid).catch(() => {});
        if (e instanceof InvokeError) throw e;
        throw httpError(`reading the response body failed: ${e instanceof Error ? e.message : e}`);
      } finally {
        clearTimeout(timer);
      }
      if (chunk.done) {
        await ctx.resources.close(ctx.args.rid).catch(() => {});
        return new Uint8Array([1]);
      }
      // Tauri's framing: the data, then one byte (0 = more to come, 1 = the end).
      const out = new Uint8Array(chunk.value.byteLength + 1);
      out.set(chunk.value);
      return out;
    },
  },
  fetch_cancel: {
    args: ridArgs,
    run: async (ctx: PluginCallContext<{ rid: number }>) => {
      ctx.resources.get(ctx.args.rid, isRequest, "http request");
      await ctx.resources.close(ctx.args.rid);
      return null;
    },
  },
  fetch_cancel_body: {
    args: ridArgs,
    run: async (ctx: PluginCallContext<{ rid: number }>) => {
      ctx.resources.get(ctx.args.rid, isBody, "http response body");
      await ctx.resources.close(ctx.args.rid);
      return null;
    },
  },
};
