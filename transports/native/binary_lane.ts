/**
 * The binary lane: large results of POST-borne invokes go back to a native window's page over a
 * loopback HTTP endpoint served by the main isolate, not as the response of the
 * `panes://app/__ipc/` POST. WebKitGTK hands a custom-scheme response to the page in small
 * pieces, one IPC message each (16 MiB took 3–4 × longer than the same bytes over loopback HTTP,
 * measured in docs/performance.md); WebKit's network process reads HTTP in large ones, and the
 * bytes never cross the UI thread.
 *
 * What guards it (docs/guarantees.md, SECURITY.md):
 *
 * - it listens on 127.0.0.1 only, on a random port, and answers only `Host: 127.0.0.1:<port>`
 *   (no DNS rebinding) and `Origin: panes://app` (no other site, no other local page); CORS
 *   headers name exactly that origin, for the answers of that origin only;
 * - a result is parked under a random one-time id, bound to the page key (window key + load key,
 *   ffi/page_key.ts) that the UI thread checked on the invoke's POST; a take must carry that same
 *   key (`x-panes-key`), which only the window's top-frame bridge holds. The id reaches the page
 *   only in the invoke's answer, in the top frame's bridge;
 * - a parked result is taken once, and dropped with its window.
 *
 * One lane per process, started when the first native app builds page content, its socket
 * `unref`ed.
 * @module
 */

/** The page origin allowed to read the lane (the app origin of native windows). */
export const LANE_PAGE_ORIGIN = "panes://app";

interface LaneParked {
  window: number;
  pageKey: string;
  bytes: Uint8Array;
  type: string;
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

  /** `http://127.0.0.1:<port>`: what the page fetches, and what the default CSP allows. */
  readonly origin: string;
  readonly #host: string;
  readonly #parked = new Map<string, LaneParked>();
  readonly #server: Deno.HttpServer<Deno.NetAddr>;

  private constructor() {
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => this.#serve(req),
    );
    this.#server.unref();
    const { port } = this.#server.addr;
    this.#host = `127.0.0.1:${port}`;
    this.origin = `http://${this.#host}`;
  }

  /** Parks `bytes` for the page holding `pageKey` in `window`; returns the one-time id. */
  park(window: number, pageKey: string, bytes: Uint8Array, type: string): string {
    const id = crypto.randomUUID();
    this.#parked.set(id, { window, pageKey, bytes, type });
    return id;
  }

  /** Drops what a window's pages never took. */
  drop(window: number): void {
    for (const [id, p] of this.#parked) if (p.window === window) this.#parked.delete(id);
  }

  /** How many results pages have taken (tests). */
  taken = 0;

  /** How many results wait (tests). */
  get waiting(): number {
    return this.#parked.size;
  }

  #serve(req: Request): Response {
    // Refusals carry no CORS headers: a page of any other origin learns nothing from them.
    if (req.headers.get("host") !== this.#host) return refuse(421);
    if (req.headers.get("origin") !== LANE_PAGE_ORIGIN) return refuse(403);
    const cors = {
      "access-control-allow-origin": LANE_PAGE_ORIGIN,
      "vary": "Origin",
    };
    const path = new URL(req.url).pathname;
    if (req.method === "OPTIONS") {
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          "access-control-allow-methods": "GET",
          "access-control-allow-headers": "x-panes-key",
          "access-control-max-age": "600",
        },
      });
    }
    if (req.method !== "GET") return refuse(405);
    const key = req.headers.get("x-panes-key");
    if (!key) return refuse(403);
    if (path === "/ping") return new Response(null, { status: 204, headers: cors });
    if (!path.startsWith("/take/")) return refuse(404);
    const id = path.slice(6);
    const p = this.#parked.get(id);
    if (!p || p.pageKey !== key) return refuse(403);
    this.#parked.delete(id);
    this.taken++;
    return new Response(p.bytes as Uint8Array<ArrayBuffer>, {
      headers: { ...cors, "content-type": p.type, "cache-control": "no-store" },
    });
  }
}

function refuse(status: number): Response {
  return new Response(null, { status });
}
