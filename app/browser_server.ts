/**
 * The browser transport's HTTP server: one `Deno.serve` per app, serving
 * each window's page at `/w/<id>?t=<token>` and taking its WebSocket at
 * `/w/<id>/ws`. Every request is checked before anything else is read: the
 * Host header (loopback names only, unless a host was configured), the
 * window's token (in the URL for pages, in the WebSocket subprotocol
 * `panes.token.<token>` for sockets, compared in constant time) and, for
 * sockets, the Origin (the page's own). A refused page gets HTTP 403; a
 * refused socket is closed with code 4001 before any message is read.
 * @module
 */

import { CLOSE } from "./browser_link.ts";

/** What the server needs to know about one window. */
export interface ServedWindow {
  /** The window's secret token. */
  readonly token: string;
  /** Whether the window is closed (pages get 410, sockets 4002). */
  readonly closed: boolean;
  /** The page's HTML, with the bridge's `<script src>` in front. */
  page(): string;
  /** The bridge script for the page being served. */
  script(): string;
}

/** Where the server listens. */
export interface ServerAddress {
  /** Interface to bind (default 127.0.0.1). */
  hostname: string;
  /** Port (0: a free one). */
  port: number;
  /** Whether the host name was chosen explicitly (then any Host header is accepted). */
  explicitHost: boolean;
}

/** A fresh random window token (32 bytes, base64url: valid in a URL and as a subprotocol). */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
}

/** Compares two tokens in time that depends only on their lengths. */
export function sameToken(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ b[i];
  return diff === 0;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const PAGE_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  // The token is in the page's URL: never send it to another site.
  "referrer-policy": "no-referrer",
};

function text(status: number, body: string): Response {
  return new Response(body + "\n", {
    status,
    headers: { ...PAGE_HEADERS, "content-type": "text/plain; charset=utf-8" },
  });
}

/** One app's server. */
export class BrowserServer {
  #address: ServerAddress;
  #lookup: (id: number) => ServedWindow | undefined;
  #accept: (id: number, socket: WebSocket, origin: string) => void;
  #server: Deno.HttpServer<Deno.NetAddr> | undefined;
  #sockets = new Set<WebSocket>();

  /**
   * @param address where to listen
   * @param lookup the window with this id, if any
   * @param accept takes a socket that passed every check
   */
  constructor(
    address: ServerAddress,
    lookup: (id: number) => ServedWindow | undefined,
    accept: (id: number, socket: WebSocket, origin: string) => void,
  ) {
    this.#address = address;
    this.#lookup = lookup;
    this.#accept = accept;
  }

  /** Whether the server is listening. */
  get listening(): boolean {
    return this.#server !== undefined;
  }

  /** Starts listening (once). */
  start(): void {
    if (this.#server) return;
    const { hostname, port } = this.#address;
    try {
      this.#server = Deno.serve(
        { hostname, port, onListen() {}, onError: () => text(500, "internal error") },
        (req) => this.#handle(req),
      );
    } catch (e) {
      throw new Error(
        `browser transport: cannot listen on ${hostname}:${port}: ${
          e instanceof Error ? e.message : e
        }`,
        { cause: e },
      );
    }
  }

  /** `http://host:port` as pages are told to reach it. */
  get origin(): string {
    if (!this.#server) throw new Error("browser transport: the server is not listening");
    const host = this.#address.hostname;
    const shown = host === "0.0.0.0" || host === "::" || host === "[::]"
      ? "127.0.0.1"
      : host.includes(":") && !host.startsWith("[")
      ? `[${host}]`
      : host;
    return `http://${shown}:${this.#server.addr.port}`;
  }

  /** Keeps the process alive while windows are open (true), or lets it end (false). */
  hold(on: boolean): void {
    if (on) this.#server?.ref();
    else this.#server?.unref();
  }

  /** Closes every socket and stops listening. */
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
    if (this.#address.explicitHost) return true;
    const port = String(this.#server?.addr.port);
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(host);
    return !!m && LOOPBACK.has(m[1].toLowerCase()) && m[2] === port;
  }

  #handle(req: Request): Response {
    const url = new URL(req.url);
    const route = /^\/w\/(\d{1,15})(\/ws|\/bridge\.js)?$/.exec(url.pathname);
    const isSocket = req.headers.get("upgrade")?.toLowerCase() === "websocket";
    const host = req.headers.get("host");
    if (!this.#hostAllowed(host)) {
      return isSocket ? this.#refuse(req, "unknown host") : text(403, "forbidden: unknown host");
    }
    const win = route ? this.#lookup(Number(route[1])) : undefined;
    if (isSocket) {
      if (!route || route[2] !== "/ws") return this.#refuse(req, "no such endpoint");
      const offered = (req.headers.get("sec-websocket-protocol") ?? "").split(",")
        .map((p) => p.trim());
      const token = offered.find((p) => p.startsWith("panes.token."))?.slice("panes.token.".length);
      const origin = req.headers.get("origin");
      // Token first, in constant time; then the origin must be the page's own.
      const tokenOk = win !== undefined && token !== undefined && sameToken(token, win.token);
      if (!tokenOk) return this.#refuse(req, "wrong or missing token");
      if (origin !== `http://${host}`) return this.#refuse(req, "wrong origin");
      if (!offered.includes("panes.v1")) return this.#refuse(req, "unknown protocol");
      const { socket, response } = Deno.upgradeWebSocket(req, {
        protocol: "panes.v1",
        idleTimeout: 30,
      });
      if (win.closed) {
        socket.onopen = () => socket.close(CLOSE.closedByApp, "window closed");
        return response;
      }
      this.#sockets.add(socket);
      socket.addEventListener("close", () => this.#sockets.delete(socket));
      this.#accept(Number(route[1]), socket, origin);
      return response;
    }
    if (!route || route[2] === "/ws") return text(404, "not found");
    if (req.method !== "GET" && req.method !== "HEAD") return text(405, "method not allowed");
    const token = url.searchParams.get("t");
    if (!win || token === null || !sameToken(token, win.token)) {
      return text(403, "forbidden: wrong or missing token");
    }
    if (win.closed) return text(410, "This window was closed by the app.");
    if (route[2] === "/bridge.js") {
      return new Response(win.script(), {
        headers: { ...PAGE_HEADERS, "content-type": "text/javascript; charset=utf-8" },
      });
    }
    return new Response(win.page(), {
      headers: { ...PAGE_HEADERS, "content-type": "text/html; charset=utf-8" },
    });
  }

  /** Accepts the upgrade only to close it with 4001: the page sees why; no message is read. */
  #refuse(req: Request, why: string): Response {
    const offered = (req.headers.get("sec-websocket-protocol") ?? "").split(",")
      .map((p) => p.trim()).filter(Boolean);
    // A browser fails a handshake that does not echo one of its protocols (no close code then).
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
