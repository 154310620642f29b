/**
 * The browser transport's HTTP server: one `Deno.serve` per app, serving
 * each window's page at `/w/<id>` and taking its WebSocket at `/w/<id>/ws`.
 *
 * A page is opened with a one-time link, `/w/<id>?code=<code>`: the server
 * exchanges the code (once, within its lifetime) for the window's session
 * cookie (`HttpOnly; SameSite=Strict; Path=/`, one name per server port and
 * window) and redirects (303) to the clean URL. No long-lived secret is ever
 * in a URL, so none reaches a command line (`/proc/<pid>/cmdline` is
 * world-readable), a terminal, a log or the browser's history. A used,
 * unknown or expired code answers 403 with what to do instead.
 *
 * Every request is checked before anything else is read: the Host header
 * (loopback names and the server's own address, for every loopback
 * address: DNS rebinding), then the cookie (constant-time) for the page, its
 * bridge script and its socket, and for sockets the Origin (the server's
 * own) and a well-formed `Sec-WebSocket-Protocol` offering `panes.v1`. A
 * refused page gets HTTP 403; a refused socket is closed with code 4001
 * before any message is read; a malformed handshake gets HTTP 400.
 * @module
 */

import { CLOSE } from "./link.ts";
import { isLoopback } from "../served_options.ts";

/** What the server needs to know about one window. */
export interface ServedWindow {
  /** The window's session secret (the value of its cookie). */
  readonly secret: string;
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
}

/** A fresh random secret (32 bytes, base64url: valid in a URL and in a cookie). */
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

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];
/** Codes outstanding per server at most (the oldest are dropped first). */
const MAX_CODES = 1000;
/** RFC 6455 subprotocol names are HTTP tokens. */
const TOKEN_CHARS = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const PAGE_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  // Nothing secret is in a page URL any more; still, other sites need not learn it.
  "referrer-policy": "no-referrer",
};

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body + "\n", {
    status,
    headers: { ...PAGE_HEADERS, "content-type": "text/plain; charset=utf-8", ...headers },
  });
}

/** What a browser that lacks the session shows: why, and how to get in. */
const NEW_LINK_HINT = "Links that open a panes window work once, for a short time. " +
  "Open a new link: the app prints one with `await win.proxy.url()` (or opens the page " +
  "with `win.display()`).";

/**
 * The protocols offered in a `Sec-WebSocket-Protocol` header, or undefined if
 * the header is malformed (empty items, characters outside an HTTP token,
 * duplicates, separators other than ", "): such a handshake is refused with 400 before Deno sees it.
 */
export function offeredProtocols(header: string | null): string[] | undefined {
  if (header === null) return [];
  const items = header.split(",").map((p) => p.trim());
  if (items.some((p) => !TOKEN_CHARS.test(p))) return undefined;
  // Browsers separate with ", ", and Deno's handshake splits on exactly that.
  if (items.join(", ") !== header.trim()) return undefined;
  if (new Set(items).size !== items.length) return undefined;
  return items;
}

/** The values of every cookie called `name` in a Cookie header. */
function cookieValues(header: string | null, name: string): string[] {
  if (!header) return [];
  const out: string[] = [];
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) out.push(part.slice(eq + 1).trim());
  }
  return out;
}

/** One app's server. */
export class BrowserServer {
  #address: ServerAddress;
  #lookup: (id: number) => ServedWindow | undefined;
  #accept: (id: number, socket: WebSocket, origin: string) => void;
  #server: Deno.HttpServer<Deno.NetAddr> | undefined;
  #sockets = new Set<WebSocket>();
  /** One-time codes: code → the window it opens and until when (ms since the epoch). */
  #codes = new Map<string, { id: number; expires: number }>();
  /** Whether the Host header is checked: always, unless bound to a non-loopback interface. */
  #strictHost: boolean;

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
    this.#strictHost = isLoopback(address.hostname);
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
        {
          hostname,
          port,
          onListen() {},
          onError: (e) => {
            console.error(`panes: browser transport: ${e instanceof Error ? e.stack : e}`);
            return text(500, "internal error");
          },
        },
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
    return `http://${this.#shownHost}:${this.#server.addr.port}`;
  }

  get #shownHost(): string {
    const host = this.#address.hostname;
    return host === "0.0.0.0" || host === "::" || host === "[::]"
      ? "127.0.0.1"
      : host.includes(":") && !host.startsWith("[")
      ? `[${host}]`
      : host;
  }

  /**
   * A one-time link that opens window `id`'s page: its code is good for one
   * exchange, within `ttlMs`. Each call makes a new one (the server must be listening).
   */
  link(id: number, ttlMs: number): string {
    const now = Date.now();
    for (const [code, c] of this.#codes) if (c.expires <= now) this.#codes.delete(code);
    while (this.#codes.size >= MAX_CODES) this.#codes.delete(this.#codes.keys().next().value!);
    const code = newToken();
    this.#codes.set(code, { id, expires: now + ttlMs });
    return `${this.origin}/w/${id}?code=${code}`;
  }

  /** Forgets window `id`'s unused codes (it closed). */
  forget(id: number): void {
    for (const [code, c] of this.#codes) if (c.id === id) this.#codes.delete(code);
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
    this.#codes.clear();
    for (const s of this.#sockets) {
      try {
        s.close(CLOSE.closedByApp, "app ended");
      } catch { /* already closing */ }
    }
    this.#sockets.clear();
    await server?.shutdown();
  }

  /** The cookie of window `id`: per port too, since cookies are shared by every port of a host. */
  #cookieName(id: number): string {
    return `panes_${this.#server?.addr.port}_w${id}`;
  }

  #hasSession(req: Request, id: number, win: ServedWindow | undefined): boolean {
    const given = cookieValues(req.headers.get("cookie"), this.#cookieName(id));
    let ok = false;
    // Every copy is compared (a browser may send an old one first), each in constant time.
    for (const v of given) if (win && sameToken(v, win.secret)) ok = true;
    return ok;
  }

  #hostAllowed(host: string | null): host is string {
    if (!host) return false;
    // Bound to a non-loopback interface on purpose: the page is reached by names we cannot
    // know (the machine's, a tunnel's). The cookie still guards every request.
    if (!this.#strictHost) return true;
    const port = String(this.#server?.addr.port);
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(host);
    if (!m || m[2] !== port) return false;
    const name = m[1].toLowerCase();
    return LOOPBACK_NAMES.includes(name) || name === this.#shownHost.toLowerCase();
  }

  #handle(req: Request): Response {
    const url = new URL(req.url);
    const route = /^\/w\/(\d{1,15})(\/ws|\/bridge\.js)?$/.exec(url.pathname);
    const isSocket = req.headers.get("upgrade")?.toLowerCase() === "websocket";
    const host = req.headers.get("host");
    const offered = isSocket
      ? offeredProtocols(req.headers.get("sec-websocket-protocol"))
      : undefined;
    if (!this.#hostAllowed(host)) {
      return isSocket
        ? this.#refuse(req, "unknown host", offered)
        : text(403, "forbidden: unknown host");
    }
    const id = route ? Number(route[1]) : -1;
    const win = route ? this.#lookup(id) : undefined;
    if (isSocket) {
      if (offered === undefined) {
        return text(400, "bad request: malformed Sec-WebSocket-Protocol header");
      }
      if (!route || route[2] !== "/ws") return this.#refuse(req, "no such endpoint", offered);
      // The session first, in constant time; then the origin must be the server's own.
      if (!this.#hasSession(req, id, win)) {
        return this.#refuse(req, "no session (open the window's link first)", offered);
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
      if (win!.closed) {
        socket.onopen = () => socket.close(CLOSE.closedByApp, "window closed");
        return response;
      }
      this.#sockets.add(socket);
      socket.addEventListener("close", () => this.#sockets.delete(socket));
      this.#accept(id, socket, origin);
      return response;
    }
    if (!route || route[2] === "/ws") return text(404, "not found");
    if (req.method !== "GET" && req.method !== "HEAD") return text(405, "method not allowed");
    const code = url.searchParams.get("code");
    if (code !== null && route[2] === undefined) return this.#exchange(req, id, win, code);
    if (!this.#hasSession(req, id, win)) {
      if (
        route[2] === undefined && req.headers.get("sec-fetch-site") === "cross-site" &&
        req.headers.get("sec-fetch-mode") === "navigate"
      ) {
        // A link followed from another site's page: the browser withholds SameSite=Strict
        // cookies on that navigation and its redirect, even one it just got. A refresh the
        // page itself starts is same-origin: it carries the cookie, or ends in the 403 below.
        return new Response(`<!doctype html><meta http-equiv="refresh" content="0">`, {
          headers: { ...PAGE_HEADERS, "content-type": "text/html; charset=utf-8" },
        });
      }
      return text(403, `forbidden: this browser has no session for this window. ${NEW_LINK_HINT}`);
    }
    if (win!.closed) return text(410, "This window was closed by the app.");
    if (route[2] === "/bridge.js") {
      return new Response(win!.script(), {
        headers: { ...PAGE_HEADERS, "content-type": "text/javascript; charset=utf-8" },
      });
    }
    return new Response(win!.page(), {
      headers: { ...PAGE_HEADERS, "content-type": "text/html; charset=utf-8" },
    });
  }

  /** A one-time link: its code buys the window's cookie once, then the browser goes to the clean URL. */
  #exchange(req: Request, id: number, win: ServedWindow | undefined, code: string): Response {
    const clean = { location: `/w/${id}` };
    // Only GET spends a code (a HEAD from a link preview must not).
    const entry = req.method === "GET" ? this.#codes.get(code) : undefined;
    if (entry) this.#codes.delete(code); // used, whatever happens next
    if (entry && entry.id === id && entry.expires > Date.now() && win && !win.closed) {
      return text(303, "See the page without its code.", {
        ...clean,
        "set-cookie": `${this.#cookieName(id)}=${win.secret}; HttpOnly; SameSite=Strict; Path=/`,
      });
    }
    // The same browser opening its link again (a double click): it has the session already.
    if (this.#hasSession(req, id, win)) return text(303, "See the page.", clean);
    return text(403, `forbidden: this link was already used, or has expired. ${NEW_LINK_HINT}`);
  }

  /** Accepts the upgrade only to close it with 4001: the page sees why; no message is read. */
  #refuse(req: Request, why: string, offered: string[] = []): Response {
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
