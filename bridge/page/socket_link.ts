/**
 * The page end of the browser transport: carries the bridge's batches over a
 * WebSocket to the page's own origin, with sequence numbers and
 * acknowledgements each way, so a page that loses its socket reconnects and
 * replays what the host has not acknowledged — nothing lost, nothing
 * applied twice. Runs in the page, serialised with the bridge: it must not
 * refer to anything outside its own body and parameters.
 *
 * Frames (JSON text), page → host: `{h: nonce, a, v}` (hello, first on every
 * socket), `{s, a, m}` (a batch), `{a}` (an acknowledgement). Host → page:
 * `{w: 1, a}` (welcome), `{s, a, m}` (a batch for `panes._recv`),
 * `{s, a, js}` (a script), `{a}`, `{c: "reload"}` (the content changed).
 * `a` is always the last sequence number the sender has applied.
 * Close codes: 4000 resync (reconnect), 4001 refused (no session cookie,
 * wrong origin), 4002 closed by the app, 4003 replaced by another copy of
 * the page, 4004 protocol error. The socket is authenticated by the window's
 * `HttpOnly` session cookie, which the browser sends by itself: no secret is
 * readable by page scripts.
 *
 * A page that cannot reach its host for the grace period (the app ended,
 * was killed, or crashed) stops retrying and closes itself; where the
 * browser does not let a script close the tab, it shows "disconnected".
 * @module
 */

/** Where and how a page reaches its host over a WebSocket (browser transport). */
export interface SocketConfig {
  /** Path of the WebSocket endpoint on the page's own origin. */
  path: string;
  /** The content version this page was served with (a stale page is told to reload). */
  version: number;
  /** How long the host may be unreachable before the page gives up (the host's `graceMs`). */
  graceMs: number;
}

/** What the bridge posts through. */
export interface SocketLink {
  /** Queues one batch of page → host messages (sent now, or after reconnecting). */
  post(messages: unknown[]): void;
}

/** Runs in the page: opens (and keeps reopening) the socket; returns the posting end. */
export function socketLink(
  cfg: SocketConfig,
  nonce: string,
  onMessages: (messages: unknown[]) => void,
  onScript: (js: string) => void,
): SocketLink {
  type Out = { s: number; m: unknown[] };
  const unacked: Out[] = []; // sent or waiting, until the host acknowledges them
  let outSeq = 0;
  let lastIn = 0; // last host frame applied
  let toldIn = 0; // last acknowledgement the host got from us
  let ws: WebSocket | undefined;
  let live = false; // the host welcomed this socket: frames may flow
  let stopped = false;
  let retryMs = 50;
  let ackTimer: ReturnType<typeof setTimeout> | undefined;
  let lostAt: number | undefined; // when the last welcomed socket went (undefined: connected)
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + cfg.path;

  const sendOut = (f: Out) => {
    ws!.send(JSON.stringify({ s: f.s, a: lastIn, m: f.m }));
    toldIn = lastIn;
  };
  // Acknowledge what arrived when nothing else carried the acknowledgement.
  const scheduleAck = () => {
    // Right away after many (a hidden tab's timers may be throttled to once a minute).
    if (live && lastIn - toldIn >= 256) {
      ws!.send(JSON.stringify({ a: lastIn }));
      toldIn = lastIn;
    }
    if (ackTimer !== undefined) return;
    ackTimer = setTimeout(() => {
      ackTimer = undefined;
      if (live && toldIn < lastIn) {
        ws!.send(JSON.stringify({ a: lastIn }));
        toldIn = lastIn;
      }
    }, 20);
  };
  const acked = (a: unknown) => {
    if (typeof a !== "number") return;
    while (unacked.length && unacked[0].s <= a) unacked.shift();
  };
  const closeTab = (title: string, text: string) => {
    stopped = true;
    // Allowed for a tab or --app window opened from outside with one history entry (a
    // one-time link's redirect adds none); other tabs stay open and say why.
    globalThis.close();
    setTimeout(() => {
      document.title = title;
      if (document.body) document.body.textContent = text;
    }, 200);
  };
  const closedByApp = () => closeTab("closed", "This window was closed by the app.");

  const connect = () => {
    if (stopped || ws) return;
    const sock = new WebSocket(url, ["panes.v1"]);
    ws = sock;
    live = false;
    sock.onopen = () => {
      sock.send(JSON.stringify({ h: nonce, a: lastIn, v: cfg.version }));
      // A hello or welcome lost on a half-dead connection: start over.
      setTimeout(() => {
        if (ws === sock && !live) sock.close(4000, "no welcome");
      }, 5000);
    };
    sock.onmessage = (ev: MessageEvent) => {
      if (ws !== sock) return;
      let f: { w?: number; a?: number; s?: number; m?: unknown[]; js?: string; c?: string };
      try {
        f = JSON.parse(ev.data as string);
      } catch {
        return sock.close(4000, "not JSON");
      }
      acked(f.a);
      if (f.w) {
        live = true;
        lostAt = undefined;
        retryMs = 50;
        toldIn = lastIn;
        for (const o of unacked) sendOut(o); // replay, in order, what the host has not seen
        return;
      }
      if (f.c === "reload") {
        stopped = true;
        return location.reload();
      }
      if (typeof f.s !== "number") return; // an acknowledgement only
      if (f.s <= lastIn) return; // a replay of something already applied
      if (f.s !== lastIn + 1) return sock.close(4000, "out of sequence"); // resync on reconnect
      lastIn = f.s;
      scheduleAck();
      if (typeof f.js === "string") {
        try {
          onScript(f.js);
        } catch (e) {
          setTimeout(() => {
            throw e; // surfaces as an uncaught page error, as a native eval's would
          });
        }
      } else if (Array.isArray(f.m)) onMessages(f.m);
    };
    sock.onclose = (ev: CloseEvent) => {
      if (ws !== sock) return;
      ws = undefined;
      if (live || lostAt === undefined) lostAt = Date.now();
      live = false;
      if (ev.code === 4001 || ev.code === 4004) {
        stopped = true;
        console.error(`panes: the app refused this page (${ev.reason || ev.code})`);
      } else if (ev.code === 4002) closedByApp();
      else if (ev.code === 4003) {
        stopped = true;
        console.warn("panes: this page was opened again elsewhere; this copy is disconnected");
      }
      if (stopped) return;
      if (Date.now() - lostAt >= cfg.graceMs) {
        console.error("panes: the app is gone (no answer for the grace period); disconnected");
        return closeTab("disconnected", "Disconnected: this window's app has ended.");
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 2000);
    };
  };
  // Leaving the page closes its socket at once (the host counts the grace period from there);
  // a page restored from the back/forward cache reconnects.
  addEventListener("pagehide", () => {
    if (ws) ws.close(1000, "page hidden");
  });
  addEventListener("pageshow", (ev: PageTransitionEvent) => {
    if (!ev.persisted || stopped) return;
    lostAt = undefined; // the grace period counts from the first failure after the restore
    connect();
  });
  connect();
  return {
    post(messages: unknown[]) {
      const f = { s: ++outSeq, m: messages };
      unacked.push(f);
      if (live) sendOut(f);
    },
  };
}
