/**
 * The notebook transport's HTTP server: one `Deno.serve` per app on 127.0.0.1, serving each
 * output's page at `/n/<id>?k=<key>`, its bridge at `/n/<id>/bridge.js?k=<key>` and its
 * WebSocket at `/n/<id>/ws?k=<key>`.
 *
 * Why not the browser transport's cookie: a notebook shows the page in an `<iframe>` inside the
 * notebook's own page (`http://localhost:8888/lab`, VS Code's webview), so the page is a
 * cross-site frame, and browsers neither set nor send a `SameSite=Strict` cookie there. Each
 * output has its own key instead (256-bit, compared in constant time), valid only while that
 * output is the window's current one: a newer output of the window, `update()` of its content,
 * closing the window or ending the app revokes it. The key is in the output (the notebook file
 * keeps it while it is saved), so it is worth nothing once the kernel that made it is gone —
 * the server, its port and every key die with the kernel.
 *
 * The other checks are the browser transport's: the Host header must be a loopback name with
 * the server's port (DNS rebinding), a WebSocket's Origin must be the server's own (the page is
 * served from here), and it must offer `panes.v1`. `/alive` answers 204 to anyone: it is how a
 * saved output tells a live kernel's page from a dead one (it says nothing else).
 * @module
 */

import { offeredProtocols, sameToken } from "../browser/server.ts";
import { loopbackOnly } from "../served_options.ts";
import { CLOSE } from "../browser/link.ts";

/** What the server asks of the transport about one window. */
export interface NotebookPages {
  /** Whether `key` is the current key of window `id`. */
  current(id: number, key: string): boolean;
  /** The page of window `id` (the bridge's `<script src>` in front, carrying `key`). */
  page(id: number, key: string): string;
  /** The bridge script for a page of window `id` shown with `key`. */
  script(id: number, key: string): string;
  /** Takes a socket that passed every check. */
  accept(id: number, key: string, socket: WebSocket, origin: string): void;
}

const HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

function text(status: number, body: string): Response {
  return new Response(body + "\n", {
    status,
    headers: { ...HEADERS, "content-type": "text/plain; charset=utf-8" },
  });
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/** Whether `key` is one of a window's keys: every candidate is compared, each in constant time. */
export function keyMatches(given: string, keys: Iterable<string>): boolean {
  let ok = false;
  for (const k of keys) if (sameToken(given, k)) ok = true;
  return ok;
}

/** One app's notebook server. */
export class NotebookServer {
  #hostname: string;
  #port: number;
  #pages: NotebookPages;
  #server: Deno.HttpServer<Deno.NetAddr> | undefined;
  #sockets = new Set<WebSocket>();

  constructor(hostname: string, port: number, pages: NotebookPages) {
    loopbackOnly(hostname);
    this.#hostname = hostname;
    this.#port = port;
    this.#pages = pages;
  }

  /** Whether the server is listening. */
  get listening(): boolean {
    return this.#server !== undefined;
  }

  /** Starts listening (once). */
  start(): void {
    if (this.#server) return;
    try {
      this.#server = Deno.serve({
        hostname: this.#hostname,
        port: this.#port,
        onListen() {},
        onError: (e) => {
          console.error(`panes: notebook transport: ${e instanceof Error ? e.stack : e}`);
          return text(500, "internal error");
        },
      }, (req) => this.#handle(req));
    } catch (e) {
      throw new Error(
        `notebook transport: cannot listen on ${this.#hostname}:${this.#port}: ${
          e instanceof Error ? e.message : e
        }`,
        { cause: e },
      );
    }
  }

  /** `http://127.0.0.1:PORT`. */
  get origin(): string {
    if (!this.#server) throw new Error("notebook transport: the server is not listening");
    const h = this.#hostname.includes(":") && !this.#hostname.startsWith("[")
      ? `[${this.#hostname}]`
      : this.#hostname;
    return `http://${h}:${this.#server.addr.port}`;
  }

  /** The port listened on (0 before `start`). */
  get port(): number {
    return this.#server?.addr.port ?? 0;
  }

  /** Keeps the process alive while windows are open (true), or lets it end (false). */
  hold(on: boolean): void {
    if (on) this.#server?.ref();
    else this.#server?.unref();
  }

  /** Closes every socket and stops listening: the port refuses connections afterwards. */
  async shutdown(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) {
      try {
        s.close(CLOSE.closedByApp, "app ended");
      } catch { /* already closing */ }
    }
    this.#sockets.clear();
    await server?.shutdown();
  }

  #hostAllowed(host: string | null): host is string {
    if (!host) return false;
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(host);
    if (!m || m[2] !== String(this.#server?.addr.port)) return false;
    const name = m[1].toLowerCase();
    return LOOPBACK_NAMES.includes(name) || name === this.#hostname.toLowerCase();
  }

  #handle(req: Request): Response {
    const url = new URL(req.url);
    const isSocket = req.headers.get("upgrade")?.toLowerCase() === "websocket";
    const host = req.headers.get("host");
    if (!this.#hostAllowed(host)) return text(403, "forbidden: unknown host");
    if (url.pathname === "/alive" && !isSocket) {
      // Public on purpose: a saved output asks it (no-cors) to choose live page or snapshot.
      return new Response(null, { status: 204, headers: HEADERS });
    }
    const route = /^\/n\/(\d{1,15})(\/ws|\/bridge\.js)?$/.exec(url.pathname);
    if (!route) return text(404, "not found");
    const id = Number(route[1]);
    const key = url.searchParams.get("k") ?? "";
    if (isSocket) {
      const offered = offeredProtocols(req.headers.get("sec-websocket-protocol"));
      if (offered === undefined) {
        return text(400, "bad request: malformed Sec-WebSocket-Protocol header");
      }
      if (route[2] !== "/ws") return this.#refuse(req, "no such endpoint", offered);
      if (!this.#pages.current(id, key)) {
        return this.#refuse(req, "no such output (shown again, updated or closed)", offered);
      }
      const origin = req.headers.get("origin");
      if (origin !== `http://${host}`) return this.#refuse(req, "wrong origin", offered);
      if (!offered.includes("panes.v1")) return this.#refuse(req, "unknown protocol", offered);
      let upgraded: { socket: WebSocket; response: Response };
      try {
        upgraded = Deno.upgradeWebSocket(req, { protocol: "panes.v1", idleTimeout: 30 });
      } catch (e) {
        return text(400, `bad request: ${e instanceof Error ? e.message : e}`);
      }
      const { socket, response } = upgraded;
      this.#sockets.add(socket);
      socket.addEventListener("close", () => this.#sockets.delete(socket));
      this.#pages.accept(id, key, socket, origin);
      return response;
    }
    if (route[2] === "/ws") return text(404, "not found");
    if (req.method !== "GET" && req.method !== "HEAD") return text(405, "method not allowed");
    if (!this.#pages.current(id, key)) {
      return text(
        403,
        "forbidden: this output is no longer current (the window was shown again, updated or " +
          "closed, or its kernel restarted). Run the cell again.",
      );
    }
    const headers = { ...HEADERS };
    if (route[2] === "/bridge.js") {
      return new Response(this.#pages.script(id, key), {
        headers: { ...headers, "content-type": "text/javascript; charset=utf-8" },
      });
    }
    return new Response(this.#pages.page(id, key), {
      headers: { ...headers, "content-type": "text/html; charset=utf-8" },
    });
  }

  /** Accepts the upgrade only to close it with 4001: the page sees why; no message is read. */
  #refuse(req: Request, why: string, offered: string[]): Response {
    const protocol = offered.includes("panes.v1") ? "panes.v1" : offered[0];
    let upgraded: { socket: WebSocket; response: Response };
    try {
      upgraded = Deno.upgradeWebSocket(req, protocol ? { protocol } : {});
    } catch {
      return text(403, `forbidden: ${why}`);
    }
    upgraded.socket.onopen = () => upgraded.socket.close(CLOSE.refused, `forbidden: ${why}`);
    return upgraded.response;
  }
}
