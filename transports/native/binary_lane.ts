/**
 * The binary lane: large invoke results and channel payloads (bridge/payloads.ts,
 * `LANE_THRESHOLD`) go to a native window's page over a loopback WebSocket served by the main
 * isolate, not over `panes://`. WebKitGTK hands a custom-scheme response to the page in small pieces, one IPC message each;
 * a WebSocket message of 1 MiB crosses to the web process in one, and several are in flight at
 * once. 16 MiB took 112–116 ms as a `panes://` response, 83–102 ms as a loopback HTTP response and
 * 43–45 ms as sixteen 1 MiB WebSocket messages, measured side by side in one page
 * (docs/performance.md). The bytes never cross the UI thread.
 *
 * What guards it (docs/guarantees.md, SECURITY.md):
 *
 * - it listens on 127.0.0.1 only, on a random port, and upgrades only `GET /ws` with
 *   `Host: 127.0.0.1:<port>` (no DNS rebinding) and `Origin: panes://app` (no other site, no
 *   other local page, no sandboxed frame: WebKit sends the Origin of the page that opens the
 *   socket, and a script cannot set it);
 * - the page's first message is its page key (window key + load key, ffi/page_key.ts), which only
 *   the window's top-frame bridge holds. Main sends here only while the page shown has a socket
 *   that said its key (the UI thread reports the key when the top frame claims its load, and
 *   main keeps it), and only to that socket; the payload is labelled with a random one-time id,
 *   which the page matches with the invoke's answer or channel message (that message says the id,
 *   and reaches the top frame's bridge only);
 * - a socket that says anything after its key is closed; a socket's payloads end with it.
 *
 * The wire: page → `key <pageKey>`, lane → `ok <serial>` (a number per socket); then, for each
 * payload, lane → `<id> <n> <size>` followed by n binary messages (sent in one go, so nothing
 * comes between them). An id is `<serial>.<uuid>`: a page whose socket closed and reopened knows
 * at once that an answer naming the old socket's payload will get nothing on the new one. The
 * payload is sent when main has it, not when the page asks: it travels while the answer that names
 * it crosses the UI thread (an earlier version waited for the page's `take <id>`: one round trip
 * more).
 *
 * One lane per process, started when the first native app builds page content, its listener
 * `unref`ed.
 * @module
 */

/** The page origin allowed to reach the lane (the app origin of native windows). */
export const LANE_PAGE_ORIGIN = "panes://app";

/** Bytes per WebSocket message: big enough for few IPC messages, small enough to overlap them. */
const CHUNK = 1 << 20;

/** How long a new socket may stay without saying its page key. */
const KEY_WAIT_MS = 10_000;

/** Longest first message (`key ` and a page key). */
const MAX_KEY_MESSAGE = 512;

/** The process's loopback lane. */
export class BinaryLane {
  static #lane: BinaryLane | undefined;
  static #failed = false;

  /** The lane, started on first use; undefined when it cannot listen (the scheme path is used). */
  static get(): BinaryLane | undefined {
    if (BinaryLane.#lane || BinaryLane.#failed) return BinaryLane.#lane;
    try {
      BinaryLane.#lane = new BinaryLane();
    } catch (e) {
      BinaryLane.#failed = true;
      console.warn(`panes: the loopback binary lane cannot listen (${e}); using panes:// only`);
    }
    return BinaryLane.#lane;
  }

  /** `ws://127.0.0.1:<port>`: what the page connects to, and what the default CSP allows. */
  readonly origin: string;
  readonly #host: string;
  /** Page keys with the sockets that said them, oldest first (a page opens one per load). */
  readonly #open = new Map<string, WebSocket[]>();
  /** Each keyed socket's number, the start of its payloads' ids. */
  readonly #serialOf = new WeakMap<WebSocket, number>();
  #serials = 0;
  readonly #server: Deno.HttpServer<Deno.NetAddr>;

  private constructor() {
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => this.#serve(req),
    );
    this.#server.unref();
    const { port } = this.#server.addr;
    this.#host = `127.0.0.1:${port}`;
    this.origin = `ws://${this.#host}`;
  }

  /**
   * Sends `bytes` to the page holding `pageKey` over its socket, now; returns the one-time id the
   * page matches them by. Call only while `isOpen(pageKey)`.
   */
  send(pageKey: string, bytes: Uint8Array): string {
    const socket = this.#socket(pageKey);
    if (!socket) throw new Error("panes: no binary lane socket is open for this page");
    const id = `${this.#serialOf.get(socket)}.${crypto.randomUUID()}`;
    const n = Math.max(1, Math.ceil(bytes.byteLength / CHUNK));
    socket.send(`${id} ${n} ${bytes.byteLength}`);
    for (let i = 0; i < n; i++) socket.send(bytes.subarray(i * CHUNK, (i + 1) * CHUNK));
    this.sent++;
    return id;
  }

  /** Whether a page holding `pageKey` has a socket open to receive payloads. */
  isOpen(pageKey: string): boolean {
    return this.#socket(pageKey) !== undefined;
  }

  /** The oldest socket of `pageKey` that is open. */
  #socket(pageKey: string): WebSocket | undefined {
    return this.#open.get(pageKey)?.find((s) => s.readyState === WebSocket.OPEN);
  }

  /** How many payloads went to pages (tests). */
  sent = 0;

  #serve(req: Request): Response {
    // Refusals say nothing more than their status.
    if (req.headers.get("host") !== this.#host) return refuse(421);
    if (req.headers.get("origin") !== LANE_PAGE_ORIGIN) return refuse(403);
    if (req.method !== "GET") return refuse(405);
    if (new URL(req.url).pathname !== "/ws") return refuse(404);
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") return refuse(426);
    let upgraded: { socket: WebSocket; response: Response };
    try {
      upgraded = Deno.upgradeWebSocket(req);
    } catch {
      return refuse(400);
    }
    this.#talk(upgraded.socket);
    return upgraded.response;
  }

  #talk(socket: WebSocket): void {
    let key: string | undefined;
    // A page sends its key as soon as the socket opens; a socket that does not is not a page's.
    const silent = setTimeout(() => key === undefined && socket.close(1008, "no key"), KEY_WAIT_MS);
    Deno.unrefTimer(silent);
    // Forgotten as soon as it is closing (by either side): nothing more is sent to it.
    const forget = () => {
      if (key === undefined) return;
      const left = (this.#open.get(key) ?? []).filter((s) => s !== socket);
      if (left.length) this.#open.set(key, left);
      else this.#open.delete(key);
    };
    const end = (code: number, why: string) => {
      forget();
      socket.close(code, why);
    };
    socket.onclose = () => {
      clearTimeout(silent);
      forget();
    };
    socket.onmessage = (e: MessageEvent) => {
      const text = typeof e.data === "string" ? e.data : undefined;
      if (text === undefined) return end(1003, "text only");
      // The key is all a page ever says; payloads come to it unasked.
      if (key !== undefined) return end(1008, "unknown message");
      if (!text.startsWith("key ") || text.length > MAX_KEY_MESSAGE || text.length < 5) {
        return end(1008, "the first message is the page key");
      }
      key = text.slice(4);
      this.#open.set(key, [...(this.#open.get(key) ?? []), socket]);
      const serial = ++this.#serials;
      this.#serialOf.set(socket, serial);
      socket.send(`ok ${serial}`);
    };
    socket.onerror = () => {};
  }
}

function refuse(status: number): Response {
  return new Response(null, { status });
}
