/**
 * The bridge's core messaging, in the page: the keys, page → host posts (one per microtask),
 * the page's event registry, Tauri's callback table, host → page messages, host-run scripts,
 * page errors, and the `panes` object the other pieces fill. Runs in the page, serialised by
 * bridge.ts: it must not refer to anything outside its own body and parameters.
 * @module
 */

import type { SocketLink, socketLink } from "./socket_link.ts";
import type {
  BridgeConfig,
  Callback,
  Handler,
  HostMessage,
  Invoke,
  PageContext,
} from "./context.ts";

/** Runs in the page: the context the other pieces build on, or undefined when a bridge is already here. */
export function installCore(
  cfg: BridgeConfig,
  keysFor: (type: string) => string[],
): PageContext | undefined {
  const w = window as unknown as Record<string, unknown> & Window;
  if (w.panes && (w.panes as Record<string, unknown>).__bridge) return undefined;
  const pywryRe = new RegExp(cfg.pywryPattern);
  const tauriRe = new RegExp(cfg.tauriPattern);
  const newNonce = () => Math.random().toString(36).slice(2) + Date.now().toString(36);
  let nonce = newNonce();
  let seq = 0;
  // The top frame's key: the window's, then one of this page load's own (ffi/page_key.ts). It
  // stays in this closure: the pieces reach the host through send and ipcFetch, never the key.
  const windowKey = cfg.key ?? "";
  delete cfg.key; // cfg goes on to the pieces and the built-ins: the key stays here only
  let pageKey = "";
  // Taken before any page script runs: a script that wraps fetch or WebSocket later does not see
  // the key.
  const PageWebSocket = WebSocket;
  const pageFetch = fetch.bind(w);
  // Lane sockets speak for the load key they opened with: a new key closes them.
  const laneSockets = new Set<WebSocket>();
  const newLoadKey = () => {
    for (const s of laneSockets) s.close();
    laneSockets.clear();
    if (!windowKey) return;
    pageKey = windowKey;
    for (const b of crypto.getRandomValues(new Uint8Array(16))) {
      pageKey += (b < 16 ? "0" : "") + b.toString(16);
    }
  };
  newLoadKey();

  // ---- page → host: one post per microtask carries every message queued in it
  const outbox: unknown[] = [];
  let flushing = false;
  let socket: SocketLink | undefined; // browser transport: set before the first flush
  const rawPost = (msgs: unknown[]) => {
    if (socket) return socket.post(msgs);
    const wv = w.__webview__ as { post?: (s: string) => void } | undefined;
    const params = pageKey ? [pageKey, ...msgs] : msgs;
    const body = JSON.stringify({ id: "p" + ++seq, method: "__panes_post", params });
    if (wv && typeof wv.post === "function") wv.post(body);
    else (w.__panes_post as (...a: unknown[]) => unknown)(...params);
  };
  /** Posts what is queued; returns how many posts this page has made (the last one's number). */
  const flush = (): number => {
    flushing = false;
    while (outbox.length) rawPost(outbox.splice(0, 4096));
    return seq;
  };
  const send = (msg: unknown) => {
    outbox.push(msg);
    if (!flushing) {
      flushing = true;
      queueMicrotask(flush);
    }
  };
  const ipcFetch = (
    path: string,
    init: { method?: string; body?: Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<Response> =>
    pageFetch(path, {
      ...(init.method ? { method: init.method } : {}),
      ...(init.body ? { body: init.body as Uint8Array<ArrayBuffer> } : {}),
      headers: { ...init.headers, "x-panes-key": pageKey },
    });

  // The binary lane's socket (transports/native/binary_lane.ts): its first message is the key.
  const laneSocket = (url: string): WebSocket => {
    const ws = new PageWebSocket(url);
    laneSockets.add(ws);
    ws.addEventListener("open", () => ws.send("key " + pageKey), { once: true });
    ws.addEventListener("close", () => laneSockets.delete(ws), { once: true });
    return ws;
  };

  // ---- local registry (PyWry flavour + Tauri listeners share it)
  // Copy-on-write arrays: dispatch walks them without copying, and a handler that adds or removes
  // handlers while it runs changes only the next dispatch.
  const handlers = new Map<string, Handler[]>();
  // The keys an event name fires, cached: a burst repeats a few names thousands of times.
  const keyCache = new Map<string, string[]>();
  const keysOf = (type: string): string[] => {
    let keys = keyCache.get(type);
    if (!keys) {
      if (keyCache.size >= 1024) keyCache.clear(); // ids in names (ns:evt:<id>) must not grow it
      keyCache.set(type, keys = keysFor(type));
    }
    return keys;
  };
  const checkName = (name: unknown, listening: boolean): string => {
    if (typeof name !== "string" || !(pywryRe.test(name) || tauriRe.test(name))) {
      throw new TypeError(
        `panes: invalid event name ${
          JSON.stringify(name)
        }: use "namespace:name", "namespace:name:id", "namespace:*" or "*"`,
      );
    }
    if (!listening && name.includes("*")) {
      throw new TypeError(`panes: cannot emit the wildcard event ${JSON.stringify(name)}`);
    }
    return name;
  };
  const on = (type: string, cb: Handler): () => void => {
    checkName(type, true);
    if (typeof cb !== "function") throw new TypeError("panes.on: the callback must be a function");
    const list = handlers.get(type) ?? [];
    if (!list.includes(cb)) handlers.set(type, [...list, cb]);
    return () => off(type, cb);
  };
  const off = (type: string, cb?: Handler) => {
    checkName(type, true);
    const list = cb ? handlers.get(type)?.filter((h) => h !== cb) : undefined;
    if (list?.length) handlers.set(type, list);
    else handlers.delete(type);
  };
  const reportError = (e: unknown, where: string) => {
    const err = e instanceof Error ? e : new Error(String(e));
    send({
      k: "err",
      message: `${where}: ${err.message}`,
      source: "",
      line: 0,
      column: 0,
      stack: err.stack ?? "",
    });
  };
  const dispatch = (type: string, data: unknown) => {
    for (const key of keysOf(type)) {
      const list = handlers.get(key);
      if (!list) continue;
      for (const cb of list) {
        try {
          cb(data, type, cfg.label);
        } catch (e) {
          reportError(e, `handler for ${type}`);
        }
      }
    }
  };
  const eventSinks: ((type: string, data: unknown) => void)[] = [];
  const deliverEvent = (type: string, data: unknown) => {
    dispatch(type, data);
    // An indexed loop: this runs once per event of a burst (no iterator per message).
    for (let i = 0; i < eventSinks.length; i++) eventSinks[i](type, data);
  };

  // ---- callbacks (Tauri's transformCallback model; channels and listeners use it)
  const callbacks = new Map<number, Callback>();
  let nextCallback = 1;
  const transformCallback = (cb?: Callback, once = false): number => {
    const id = nextCallback++;
    callbacks.set(id, (p) => {
      if (once) callbacks.delete(id);
      cb?.(p);
    });
    return id;
  };
  const unregisterCallback = (id: number) => void callbacks.delete(id);
  const runCallback = (id: number, payload: unknown) => {
    const cb = callbacks.get(id);
    if (cb) cb(payload);
  };

  // ---- host → page: messages wait for DOMContentLoaded, then go to their kind's handler
  let ready = false;
  const early: HostMessage[] = [];
  const hostKinds: Record<string, (m: HostMessage) => void> = Object.create(null);
  const handle = (m: HostMessage) => {
    const kind = hostKinds[m.k];
    if (kind) kind(m);
  };
  const recv = (batch: HostMessage[]) => {
    if (!ready) return void early.push(...batch);
    for (const m of batch) {
      try {
        handle(m);
      } catch (e) {
        reportError(e, "panes bridge");
      }
    }
  };
  hostKinds.ev = (m) => {
    const ev = m as { e: string; d: unknown };
    deliverEvent(ev.e, ev.d);
  };
  // Packed runs (bridge/wire_pack.ts): one failing handler must not drop the rest of the run.
  hostKinds.evs = (m) => {
    const run = m as { e: string; ds: unknown[] };
    for (const d of run.ds) {
      try {
        deliverEvent(run.e, d);
      } catch (e) {
        reportError(e, "panes bridge");
      }
    }
  };
  hostKinds.cbs = (m) => {
    const run = m as { c: number; ps: unknown[] };
    for (const p of run.ps) {
      try {
        handle({ k: "cb", c: run.c, p });
      } catch (e) {
        reportError(e, "panes bridge");
      }
    }
  };

  // ---- scripts the host runs in the page (`win.evalJs`), answered in order with messages
  const runEval = (i: number, script: string | (() => unknown)) => {
    const answer = (ok: boolean, value: unknown) => {
      if (ok) {
        let json: string | undefined;
        try {
          json = JSON.stringify(value);
        } catch (e) {
          return send({
            k: "evr",
            i,
            ok: false,
            err: { message: `result cannot be serialised: ${(e as Error).message}` },
          });
        }
        send({ k: "evr", i, ok: true, v: json === undefined ? null : JSON.parse(json) });
      } else {
        const e = value instanceof Error ? value : new Error(String(value));
        send({
          k: "evr",
          i,
          ok: false,
          err: { message: e.message, name: e.name, stack: e.stack ?? "" },
        });
      }
    };
    let value: unknown;
    try {
      // Expressions arrive as a function the host built (no eval, so a strict CSP does not matter);
      // statement scripts need eval for their completion value.
      value = typeof script === "function" ? script() : (0, eval)(script);
    } catch (e) {
      return answer(false, e);
    }
    if (value && typeof (value as PromiseLike<unknown>).then === "function") {
      (value as PromiseLike<unknown>).then((v) => answer(true, v), (e) => answer(false, e));
    } else answer(true, value);
  };
  hostKinds.evjs = (m) => {
    const ev = m as { i: number; s: string | (() => unknown) };
    runEval(ev.i, ev.s);
  };

  // ---- errors surface on the host as window:error
  w.addEventListener("error", (ev: ErrorEvent) => {
    send({
      k: "err",
      message: ev.message,
      source: ev.filename ?? "",
      line: ev.lineno ?? 0,
      column: ev.colno ?? 0,
      stack: ev.error && ev.error.stack ? String(ev.error.stack) : "",
    });
  });
  w.addEventListener("unhandledrejection", (ev: PromiseRejectionEvent) => {
    const r = ev.reason;
    send({
      k: "err",
      message: "Unhandled rejection: " + (r instanceof Error ? r.message : String(r)),
      source: "",
      line: 0,
      column: 0,
      stack: r instanceof Error ? r.stack ?? "" : "",
    });
  });

  const panes: Record<string, unknown> = {
    __bridge: true,
    label: cfg.label,
    emit(type: string, data?: unknown) {
      checkName(type, false);
      send({ k: "emit", e: type, d: data === undefined ? null : data });
    },
    on,
    off,
    dispatch,
    _trigger: dispatch,
    result(data: unknown) {
      send({ k: "emit", e: "panes:result", d: data === undefined ? null : data });
    },
    _recv: recv,
    /** An expression evaluation the host sent as a function (ordered with messages). */
    _evx(i: number, fn: () => unknown) {
      if (!ready) early.push({ k: "evjs", i, s: fn as unknown as string });
      else runEval(i, fn);
    },
    get _nonce() {
      return nonce;
    },
  };

  const start = (link: typeof socketLink | null) => {
    Object.defineProperty(w, "panes", { value: panes, configurable: false, writable: false });
    w.pywry = panes;
    if (cfg.socket && link) {
      socket = link(cfg.socket, nonce, (m) => recv(m as HostMessage[]), (js) => (0, eval)(js));
    }
    // hello first: the host learns of this page before the page's own scripts send anything.
    send({ k: "hello", n: nonce, u: location.href });
    const announce = () => {
      ready = true;
      send({ k: "ready", n: nonce, u: location.href });
      recv(early.splice(0));
    };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", announce, { once: true });
    } else announce();
    if (!cfg.socket) {
      // A page restored from the back-forward cache keeps this closure but is a new load to the
      // host (WebKit commits it again): the UI thread waits for a hello to claim it, and drops
      // posts with the old load's key. Say hello again, as a new page, with a new load key.
      addEventListener("pageshow", (ev: Event) => {
        if (!(ev as Event & { persisted?: boolean }).persisted) return;
        newLoadKey();
        nonce = newNonce();
        send({ k: "hello", n: nonce, u: location.href });
        send({ k: "ready", n: nonce, u: location.href });
      });
    }
  };

  const missing = (what: string) => () => {
    throw new Error(`panes bridge: ${what} is not installed`);
  };
  // Null prototype: no property lookup on the context can reach a getter a page script planted.
  const ctx: PageContext = Object.assign(Object.create(null), {
    cfg,
    w,
    panes,
    send,
    flush,
    ipcFetch,
    laneSocket,
    checkName,
    dispatch,
    deliverEvent,
    eventSinks,
    reportError,
    callbacks,
    transformCallback,
    unregisterCallback,
    runCallback,
    hostKinds,
    fromB64: (s: string): ArrayBuffer =>
      (Uint8Array as unknown as { fromBase64(s: string): Uint8Array }).fromBase64(s)
        .buffer as ArrayBuffer,
    isBytes: (v: unknown): v is ArrayBuffer | ArrayBufferView =>
      v instanceof ArrayBuffer || ArrayBuffer.isView(v),
    invoke: missing("invoke") as Invoke,
    take: missing("take") as (key: string) => Promise<ArrayBuffer>,
    laneTake: missing("laneTake") as (id: string) => Promise<ArrayBuffer>,
    beforeInvoke: () => {},
    afterInvoke: () => {},
    tauriErrors: new WeakMap(),
    Channel: undefined,
    start,
  });
  return ctx;
}
