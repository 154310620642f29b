/**
 * The `panes://app/__ipc/` fast path, served on the UI thread: large and
 * binary invoke bodies arrive as POSTs (no base64, no escaping into JS
 * source) and are held open until main answers, so a large or binary result
 * travels back as that POST's response; other large payloads (channel
 * messages) are parked here by main and fetched by the page with a GET.
 * Same origin as app pages, so no CORS preflight.
 * @module
 */

import { cstr, readCString } from "../native_libs.ts";
import type { NativeLibs } from "./native_libs.ts";
import type { UiWindow } from "./ui_ops.ts";
import type { UiEvent } from "../ui_protocol.ts";

/** Path prefix of IPC requests on the app origin. */
export const IPC_PREFIX = "/__ipc/";

interface Parked {
  window: number;
  bytes: Uint8Array;
  type: string;
}

const parked = new Map<string, Parked>();

/** POSTs held open for main's answer, by the id given to main with the body. */
const held = new Map<number, { window: number; request: Deno.PointerObject }>();
let nextHeld = 1;

/**
 * Invoke POSTs that reached the UI thread before the page's posts made ahead of them. WebKit
 * delivers a page's script messages and its scheme requests by different ways, and a POST made
 * right after a post (`invoke("a"); invoke("b", bytes)`) was seen arriving first now and then; the
 * page says in `x-panes-after` how many posts it had made, and the POST waits here until the UI
 * thread has seen them, so main gets calls in the order the page made them.
 */
const early = new Map<number, Early[]>();
/** The number (`p<n>`) of the last post seen from the top frame of each window's current load. */
const lastPost = new Map<number, number>();

/** Whether an invoke POST made after the page's post number `after` must wait for it. */
export function mustWait(window: number, after: number): boolean {
  return after > (lastPost.get(window) ?? 0);
}

/** Keeps `serve` (the POST's handling) until the page's post `after` was seen. */
export function waitForPost(
  libs: NativeLibs,
  window: number,
  after: number,
  request: Deno.PointerObject,
  serve: () => void,
): void {
  libs.gobject.g_object_ref(request);
  const list = early.get(window) ?? [];
  list.push({
    after,
    since: performance.now(),
    serve: () => {
      try {
        serve();
      } finally {
        libs.gobject.g_object_unref(request);
      }
    },
  });
  early.set(window, list);
}

/** The top frame's post number `n` (its id `p<n>`) was seen and sent on: what waited for it goes. */
export function postSeen(window: number, n: number): void {
  if (n > (lastPost.get(window) ?? 0)) lastPost.set(window, n);
  const list = early.get(window);
  if (list) serveWhere(window, list, (e) => e.after <= n);
}

/** How many invoke POSTs of `window` are held for earlier posts (a test hook reads it). */
export function heldCount(window: number): number {
  return early.get(window)?.length ?? 0;
}

/**
 * Serves what waited longer than `ms` (a post that never came must not hold a call for ever; the
 * order is then lost, the call is not), or all of a window's (`window`: its page went away, and
 * `serve` answers for a gone page). True while some still wait.
 */
export function releaseEarly(ms: number, window?: number): boolean {
  const now = performance.now();
  for (const [w, list] of early) {
    if (window !== undefined && w !== window) continue;
    serveWhere(w, list, (e) => window !== undefined || now - e.since >= ms);
  }
  return early.size > 0;
}

type Early = { after: number; since: number; serve: () => void };

/**
 * Serves the entries of `window`'s `list` that `go` picks and keeps the others; one that throws
 * (a bug) does not leave the rest unanswered.
 */
function serveWhere(window: number, list: Early[], go: (e: Early) => boolean): void {
  const ready: Early[] = [], left: Early[] = [];
  for (const e of list) (go(e) ? ready : left).push(e);
  if (!ready.length) return;
  if (left.length) early.set(window, left);
  else early.delete(window);
  for (const e of ready) {
    try {
      e.serve();
    } catch (err) {
      console.error("panes UI thread: serving an invoke POST failed:", err);
    }
  }
}

/** A new page load (or a closed window): post numbers start again. */
export function resetPosts(window: number): void {
  lastPost.delete(window);
}

/** Keeps bytes for the page of `window` to fetch once at `/__ipc/take/<key>`. */
export function park(window: number, key: string, bytes: Uint8Array, type: string): void {
  parked.set(key, { window, bytes, type });
}

/** Drops what a closed window never fetched. */
export function dropParked(window: number): void {
  for (const [key, p] of parked) if (p.window === window) parked.delete(key);
}

/**
 * Answers the held POST `post` with `bytes` (null: an empty body, the answer went as a message).
 * Unknown ids are ignored: the page or window went first.
 */
export function answerPost(
  libs: NativeLibs,
  post: number,
  bytes: Uint8Array | null,
  type: string,
  status = 200,
  headers?: Record<string, string>,
): void {
  const h = held.get(post);
  if (!h) return;
  held.delete(post);
  if (status === 200 && !headers) {
    finishRequest(libs, h.request, bytes ?? EMPTY, bytes ? type : "text/plain");
  } else finishWithStatus(libs, h.request, status, bytes ?? EMPTY, type, headers);
  libs.gobject.g_object_unref(h.request);
}

/**
 * Holds a scheme request open for main to answer (`answerPost`): a file of the frontend folder or
 * the asset protocol, which main reads and checks. Dropped with the window's other held requests.
 */
export function holdRequest(libs: NativeLibs, window: number, request: Deno.PointerObject): number {
  const id = nextHeld++;
  libs.gobject.g_object_ref(request);
  held.set(id, { window, request });
  return id;
}

/** Finishes a scheme request with an HTTP status (a refusal, a missing file) and headers. */
export function finishWithStatus(
  libs: NativeLibs,
  request: Deno.PointerValue,
  status: number,
  body: Uint8Array,
  type: string,
  headers?: Record<string, string>,
): void {
  const { glib, gio, gobject, webkit } = libs;
  const bytes = glib.g_bytes_new(body as Uint8Array<ArrayBuffer>, BigInt(body.length));
  const stream = gio.g_memory_input_stream_new_from_bytes(bytes);
  const response = webkit.webkit_uri_scheme_response_new(stream, BigInt(body.length));
  webkit.webkit_uri_scheme_response_set_status(response, status, null);
  webkit.webkit_uri_scheme_response_set_content_type(response, cstr(type));
  if (headers) {
    const list = libs.soup.soup_message_headers_new(1); // SOUP_MESSAGE_HEADERS_RESPONSE
    for (const [k, v] of Object.entries(headers)) {
      libs.soup.soup_message_headers_append(list, cstr(k), cstr(v));
    }
    webkit.webkit_uri_scheme_response_set_http_headers(response, list); // takes ownership
  }
  webkit.webkit_uri_scheme_request_finish_with_response(request, response);
  gobject.g_object_unref(response);
  gobject.g_object_unref(stream);
  glib.g_bytes_unref(bytes);
}

/** Ends the POSTs a window's page still waits on (its page went away or the window closes). */
export function dropPosts(libs: NativeLibs, window: number): void {
  for (const [post, h] of held) if (h.window === window) answerPost(libs, post, null, "");
}

/** Finishes a scheme request with a body (copied into GLib memory). */
export function finishRequest(
  libs: NativeLibs,
  request: Deno.PointerValue,
  body: Uint8Array,
  type: string,
): void {
  const { glib, gio, gobject, webkit } = libs;
  const len = BigInt(body.length);
  const bytes = glib.g_bytes_new(body as Uint8Array<ArrayBuffer>, len);
  const stream = gio.g_memory_input_stream_new_from_bytes(bytes);
  webkit.webkit_uri_scheme_request_finish(request, stream, len, cstr(type));
  gobject.g_object_unref(stream);
  glib.g_bytes_unref(bytes);
}

/** One request header of a scheme request (undefined when absent). */
export function requestHeader(
  libs: NativeLibs,
  request: Deno.PointerValue,
  name: string,
): string | undefined {
  return header(libs, libs.webkit.webkit_uri_scheme_request_get_http_headers(request), name);
}

function header(libs: NativeLibs, headers: Deno.PointerValue, name: string): string | undefined {
  if (!headers) return undefined;
  const p = libs.soup.soup_message_headers_get_one(headers, cstr(name));
  return p === null ? undefined : readCString(p);
}

const EMPTY = new Uint8Array(0);

/** The largest body read into one buffer (a typed array's limit here is 2^32 − 1 bytes). */
const MAX_READ = 2 ** 32 - 1;

/**
 * Serves one `/__ipc/` request. `win` is the window whose page asked
 * (undefined: unknown or closed window).
 */
export function serveIpc(
  libs: NativeLibs,
  request: Deno.PointerObject,
  path: string,
  win: UiWindow | undefined,
  post: (e: UiEvent, transfer?: ArrayBuffer[]) => void,
  answerHere?: (
    win: UiWindow,
    i: number,
    c: string,
    h: string,
    kind: "json" | "bytes",
    body: Uint8Array,
  ) => boolean,
): void {
  // Refused (no window, a closed one, not its top page's current load): 403, and the page's invoke
  // rejects rather than wait for an answer that will not come. (A status reaches the page's
  // `fetch`; the content type given to webkit_uri_scheme_request_finish does not.)
  if (!win || win.destroyed) return finishWithStatus(libs, request, 403, EMPTY, "text/plain");
  if (path.startsWith(`${IPC_PREFIX}take/`)) {
    const key = path.slice(IPC_PREFIX.length + 5);
    const p = parked.get(key);
    if (!p || p.window !== win.id) {
      return finishWithStatus(libs, request, 404, EMPTY, "text/plain");
    }
    parked.delete(key);
    return finishRequest(libs, request, p.bytes, p.type);
  }
  if (path === `${IPC_PREFIX}invoke`) {
    const method = readCString(libs.webkit.webkit_uri_scheme_request_get_http_method(request));
    const headers = libs.webkit.webkit_uri_scheme_request_get_http_headers(request);
    let i: number, c: string, h: string;
    const length = Number(header(libs, headers, "x-panes-len") ?? "0");
    try {
      i = Number(header(libs, headers, "x-panes-i") ?? "-1");
      c = decodeURIComponent(header(libs, headers, "x-panes-c") ?? "");
      h = decodeURIComponent(header(libs, headers, "x-panes-h") ?? "{}");
    } catch {
      // Only a hand-made request has bad percent-encoding: there is no call to answer.
      return finishRequest(libs, request, EMPTY, "text/plain");
    }
    if (!Number.isSafeInteger(length) || length < 0) {
      return finishRequest(libs, request, EMPTY, "text/plain");
    }
    let body: Uint8Array = EMPTY;
    if (method === "POST" && length > 0) {
      const stream = libs.webkit.webkit_uri_scheme_request_get_http_body(request);
      try {
        // A body too large to allocate is not read: main answers "too-large" from its length.
        if (stream && length <= MAX_READ) body = new Uint8Array(length);
      } catch {
        body = EMPTY;
      }
      if (stream && body.length) {
        const read = new BigUint64Array(1);
        const err = new BigUint64Array(1);
        libs.gio.g_input_stream_read_all(stream, body, BigInt(length), read, null, err);
        if (err[0] !== 0n) libs.glib.g_error_free(Deno.UnsafePointer.create(err[0]));
        if (Number(read[0]) !== length) body = body.subarray(0, Number(read[0]));
      }
      if (stream) libs.gobject.g_object_unref(stream);
    }
    const kind = header(libs, headers, "x-panes-kind") === "json" ? "json" : "bytes";
    // A granted UI-thread command is answered here (its answer goes as a message, the POST empty).
    if (body.length === length && answerHere?.(win, i, c, h, kind, body)) {
      return finishRequest(libs, request, EMPTY, "text/plain");
    }
    // Held open: main answers it (answerPost) with the result, or empty when the result went as
    // a message. Every post-bin gets exactly one answer from main.
    const id = nextHeld++;
    libs.gobject.g_object_ref(request);
    held.set(id, { window: win.id, request });
    const event: UiEvent = {
      t: "post-bin",
      id: win.id,
      post: id,
      i,
      c,
      h,
      kind,
      body,
      declared: length,
    };
    // Transferred, not cloned: Deno copies a Uint8Array across threads at ~2 ms per MiB.
    const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    return post(event, whole && body.length ? [body.buffer as ArrayBuffer] : undefined);
  }
  finishRequest(libs, request, EMPTY, "text/plain");
}
