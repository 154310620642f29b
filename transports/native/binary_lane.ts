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
 *   the window's top-frame bridge holds. Main parks here only while the page shown has a socket
 *   that said its key (the UI thread reports the key when the top frame claims its load, and
 *   main keeps it); a payload waits under a random one-time id bound to that key, and a socket
 *   takes only what its own key parked. The id reaches the page only in a message of its own, in
 *   the top frame's bridge;
 * - a parked result is taken once, and dropped with its window; a socket that says anything else
 *   is closed.
 *
 * The wire: page → `key <pageKey>`, lane → `ok`; page → `take <id>`, lane → `<id> <n> <size>`
 * followed by n binary messages (sent in one go, so nothing comes between them) or `<id> refused`.
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

interface LaneParked {
  window: number;
  pageKey: string;
  bytes: Uint8Array;
}

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
  readonly #parked = new Map<string, LaneParked>();
  /** Page keys with a socket that said them, and how many (a page opens one per load). */
  readonly #open = new Map<string, number>();
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

  /** Parks `bytes` for the page holding `pageKey` in `window`; returns the one-time id. */
  park(window: number, pageKey: string, bytes: Uint8Array): string {
    const id = crypto.randomUUID();
    this.#parked.set(id, { window, pageKey, bytes });
    return id;
  }

  /** Drops what a window's pages never took. */
  drop(window: number): void {
    for (const [id, p] of this.#parked) if (p.window === window) this.#parked.delete(id);
  }

  /** Whether a page holding `pageKey` has a socket open to take what is parked for it. */
  isOpen(pageKey: string): boolean {
    return this.#open.has(pageKey);
  }

  /** How many results pages have taken (tests). */
  taken = 0;

  /** How many results wait (tests). */
  get waiting(): number {
    return this.#parked.size;
  }

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
    socket.onclose = () => {
      clearTimeout(silent);
      if (key === undefined) return;
      const n = (this.#open.get(key) ?? 1) - 1;
      if (n > 0) this.#open.set(key, n);
      else this.#open.delete(key);
    };
    socket.onmessage = (e: MessageEvent) => {
      const text = typeof e.data === "string" ? e.data : undefined;
      if (text === undefined) return socket.close(1003, "text only");
      if (key === undefined) {
        if (!text.startsWith("key ") || text.length > MAX_KEY_MESSAGE || text.length < 5) {
          return socket.close(1008, "the first message is the page key");
        }
        key = text.slice(4);
        this.#open.set(key, (this.#open.get(key) ?? 0) + 1);
        return socket.send("ok");
      }
      if (!text.startsWith("take ")) return socket.close(1008, "unknown message");
      const id = text.slice(5);
      const p = this.#parked.get(id);
      // Another page's result (or none) is not this socket's to take; saying so ends no socket,
      // and tells nothing about whether the id exists.
      if (!p || p.pageKey !== key) return socket.send(`${id} refused`);
      this.#parked.delete(id);
      this.taken++;
      const n = Math.max(1, Math.ceil(p.bytes.byteLength / CHUNK));
      socket.send(`${id} ${n} ${p.bytes.byteLength}`);
      for (let i = 0; i < n; i++) socket.send(p.bytes.subarray(i * CHUNK, (i + 1) * CHUNK));
    };
    socket.onerror = () => {};
  }
}

function refuse(status: number): Response {
  return new Response(null, { status });
}
