/**
 * The host end of one browser window's WebSocket link (the frames are
 * described in `bridge/page/socket_link.ts`): sequence numbers and
 * acknowledgements each way, replay after a reconnect, a page session per
 * page load (its bridge nonce), and the grace period after which a page
 * with no socket counts as gone.
 * @module
 */

import type { HostMessage } from "../../bridge/messages.ts";
import { packBatch } from "../../bridge/wire_pack.ts";

/** Close codes shared with the page's link. */
export const CLOSE = {
  resync: 4000,
  refused: 4001,
  closedByApp: 4002,
  replaced: 4003,
  protocolError: 4004,
} as const;

/** What a link reports to its window. */
export interface LinkHooks {
  /** A batch of page → host messages, in order, each delivered once. */
  messages(messages: unknown[]): void;
  /** The page has had no socket for the grace period: the window is gone. */
  gone(): void;
  /** A new page load connected (not a reconnect), from this origin. */
  newPage?(origin: string): void;
  /** A page frame broke the link's rules (logged by the window, once per kind). */
  warn(what: string): void;
}

/** An outgoing frame; a batch is kept as its JSON (`mj`), serialised once, before it is numbered. */
type Out = { s: number; mj: string } | { s: number; js: string };

const HELLO_TIMEOUT_MS = 10_000;
const ACK_DELAY_MS = 20;

/** One window's page link; sockets come and go, the link stays until the window closes. */
export class PageLink {
  #hooks: LinkHooks;
  #graceMs: number;
  #maxFrameBytes: number;
  /** The content version pages must have been served with (older ones reload). */
  version = 1;
  #ws: WebSocket | undefined;
  #nonce: string | undefined;
  #retired = new Set<string>();
  #outSeq = 0;
  #unacked: Out[] = [];
  #lastIn = 0;
  #toldIn = 0;
  #ackTimer: ReturnType<typeof setTimeout> | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  #everConnected = false;
  #closed = false;

  constructor(hooks: LinkHooks, graceMs: number, maxFrameBytes: number) {
    this.#hooks = hooks;
    this.#graceMs = graceMs;
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** Whether a page is connected right now (welcomed). */
  get connected(): boolean {
    return this.#ws !== undefined;
  }

  /** Whether a page has ever connected. */
  get everConnected(): boolean {
    return this.#everConnected;
  }

  /** Takes an authenticated socket (from `origin`): it becomes the link's once its page says hello. */
  attach(sock: WebSocket, origin = ""): void {
    if (this.#closed) {
      sock.onopen = () => sock.close(CLOSE.closedByApp, "window closed");
      return;
    }
    const helloTimer = setTimeout(() => {
      if (this.#ws !== sock) sock.close(CLOSE.resync, "no hello");
    }, HELLO_TIMEOUT_MS);
    sock.onmessage = (ev) => this.#frame(sock, ev.data, origin);
    sock.onclose = () => {
      clearTimeout(helloTimer);
      if (this.#ws !== sock) return;
      this.#ws = undefined;
      this.#startGrace();
    };
    sock.onerror = () => {}; // the close event that follows does the work
  }

  /** Queues a batch for the page (sent now when connected, else replayed on reconnect). */
  deliver(messages: HostMessage[]): void {
    // Serialise first: a message that cannot be sent throws here, before the batch takes a
    // sequence number or a place in the replay list, and the peer resends only the good ones.
    const mj = JSON.stringify(packBatch(messages));
    this.#push({ s: ++this.#outSeq, mj });
  }

  /** Queues a script for the page, ordered with batches. */
  runScript(js: string): void {
    this.#push({ s: ++this.#outSeq, js });
  }

  /** New content: the current page reloads now, or when it reconnects. */
  reload(): void {
    this.version++;
    this.#ws?.send(JSON.stringify({ c: "reload" }));
  }

  /** The window closes: the page is told so (it closes its tab) and no socket is taken again. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#graceTimer);
    clearTimeout(this.#ackTimer);
    const ws = this.#ws;
    this.#ws = undefined;
    this.#unacked = [];
    if (ws) {
      try {
        ws.close(CLOSE.closedByApp, "window closed");
      } catch { /* already closing */ }
    }
  }

  #push(f: Out): void {
    if (this.#closed) return;
    this.#unacked.push(f);
    if (this.#ws) this.#send(this.#ws, f);
  }

  #send(ws: WebSocket, f: Out): void {
    const json = "mj" in f
      ? `{"s":${f.s},"a":${this.#lastIn},"m":${f.mj}}`
      : JSON.stringify({ s: f.s, a: this.#lastIn, js: f.js });
    ws.send(json);
    this.#toldIn = this.#lastIn;
  }

  #frame(sock: WebSocket, data: unknown, origin: string): void {
    if (this.#closed) return;
    if (typeof data !== "string") return this.#drop(sock, "a binary frame");
    if (data.length > this.#maxFrameBytes && sock === this.#ws) {
      // Skipped, not refused: the page would only replay it. Frames arrive in order and a
      // replay was small enough before, so this one is the next in sequence.
      this.#lastIn++;
      this.#scheduleAck();
      return this.#hooks.warn(
        `dropped a page message of ${data.length} bytes (limit ${this.#maxFrameBytes}; AppOptions.maxMessageBytes)`,
      );
    }
    let f: { h?: unknown; a?: unknown; v?: unknown; s?: unknown; m?: unknown };
    try {
      f = JSON.parse(data);
    } catch {
      return this.#drop(sock, "a frame that is not JSON");
    }
    if (!f || typeof f !== "object") return this.#drop(sock, "a malformed frame");
    if (f.h !== undefined) return this.#hello(sock, f.h, f.a, f.v, origin);
    if (sock !== this.#ws) return this.#drop(sock, "a frame before the page's hello");
    if (typeof f.a === "number") {
      while (this.#unacked.length && this.#unacked[0].s <= f.a) this.#unacked.shift();
    }
    if (f.s === undefined) return; // an acknowledgement only
    if (typeof f.s !== "number" || !Number.isInteger(f.s) || !Array.isArray(f.m)) {
      return this.#drop(sock, "a malformed frame");
    }
    if (f.s <= this.#lastIn) return; // replayed after a reconnect: already delivered
    if (f.s !== this.#lastIn + 1) return sock.close(CLOSE.resync, "out of sequence");
    this.#lastIn = f.s;
    this.#scheduleAck();
    this.#hooks.messages(f.m);
  }

  #hello(sock: WebSocket, nonce: unknown, ack: unknown, version: unknown, origin: string): void {
    if (
      typeof nonce !== "string" || nonce.length === 0 || nonce.length > 64 ||
      typeof ack !== "number" || !Number.isInteger(ack) || ack < 0 ||
      typeof version !== "number"
    ) {
      return this.#drop(sock, "a malformed hello");
    }
    if (this.#retired.has(nonce)) {
      return sock.close(CLOSE.replaced, "a newer page replaced this one");
    }
    const old = this.#ws;
    if (old && old !== sock) {
      old.close(nonce === this.#nonce ? CLOSE.resync : CLOSE.replaced, "replaced");
    }
    if (nonce !== this.#nonce) {
      // A new page: what was queued for the previous one is dropped (the peer rejected it already).
      if (this.#nonce !== undefined) {
        this.#retired.add(this.#nonce);
        this.#unacked = [];
        this.#outSeq = 0;
      }
      this.#nonce = nonce;
      this.#lastIn = 0;
      this.#hooks.newPage?.(origin); // before its messages: the peer hears of the load first
    }
    this.#ws = sock;
    this.#everConnected = true;
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
    while (this.#unacked.length && this.#unacked[0].s <= ack) this.#unacked.shift();
    sock.send(JSON.stringify({ w: 1, a: this.#lastIn }));
    this.#toldIn = this.#lastIn;
    for (const f of this.#unacked) this.#send(sock, f);
    if (version < this.version) sock.send(JSON.stringify({ c: "reload" }));
  }

  #scheduleAck(): void {
    if (this.#ws && this.#lastIn - this.#toldIn >= 256) {
      this.#ws.send(JSON.stringify({ a: this.#lastIn }));
      this.#toldIn = this.#lastIn;
    }
    if (this.#ackTimer !== undefined) return;
    this.#ackTimer = setTimeout(() => {
      this.#ackTimer = undefined;
      if (this.#ws && this.#toldIn < this.#lastIn) {
        this.#ws.send(JSON.stringify({ a: this.#lastIn }));
        this.#toldIn = this.#lastIn;
      }
    }, ACK_DELAY_MS);
  }

  #startGrace(): void {
    if (this.#closed || !this.#everConnected) return;
    clearTimeout(this.#graceTimer);
    this.#graceTimer = setTimeout(() => {
      if (this.#ws || this.#closed) return;
      this.close();
      this.#hooks.gone();
    }, this.#graceMs);
  }

  /** A page that breaks the link's rules is cut off (it does not reconnect). */
  #drop(sock: WebSocket, what: string): void {
    this.#hooks.warn(`closed the page's socket: it sent ${what}`);
    sock.close(CLOSE.protocolError, "protocol error");
  }
}
