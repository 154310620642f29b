/**
 * The page side of panes: `window.panes` (and the `pywry` / `__TAURI__`
 * aliases), injected into every page before its own scripts. This function
 * runs in the page, not in Deno: {@linkcode pageBridgeScript} serialises it.
 * It must not refer to anything outside its own body and parameters.
 * @module
 */

import { matchKeys, PYWRY_EVENT_PATTERN, TAURI_EVENT_PATTERN } from "../event_names.ts";
import { installBuiltins } from "./builtins.ts";
import { type SocketConfig, type SocketLink, socketLink } from "./socket_link.ts";

/** What the host tells the bridge about its window. */
export interface BridgeConfig {
  label: string;
  pywryPattern: string;
  tauriPattern: string;
  theme: "dark" | "light" | "system";
  debug: boolean;
  /** Browser transport: the page's WebSocket back to the host (absent in native windows). */
  socket?: SocketConfig;
  /**
   * Native windows: the window key (ffi/page_key.ts). The bridge adds a key of its own per page
   * load and sends both with every post and `__ipc` request; nothing else in the page sees them.
   */
  key?: string;
}

type Handler = (data: unknown, type: string, label: string) => void;
type Callback = (payload: unknown) => void;
type HostMessage =
  | { k: "ev"; e: string; d: unknown }
  | { k: "cb"; c: number; p: unknown }
  | {
    k: "res";
    i: number;
    ok: boolean;
    v?: unknown;
    b64?: string;
    fetch?: string;
    json?: boolean;
    post?: boolean;
    err?: ErrorShape;
  }
  | { k: "evjs"; i: number; s: string }
  | { k: "evs"; e: string; ds: unknown[] }
  | { k: "cbs"; c: number; ps: unknown[] };
interface ErrorShape {
  message: string;
  code?: string;
  data?: unknown;
  stack?: string;
}

/** Runs in the page. */
function installBridge(
  cfg: BridgeConfig,
  keysFor: (type: string) => string[],
  builtins: (p: Record<string, unknown>, cfg: BridgeConfig) => void,
  link: typeof socketLink | null,
): void {
  const w = window as unknown as Record<string, unknown> & Window;
  if (w.panes && (w.panes as Record<string, unknown>).__bridge) return;
  const pywryRe = new RegExp(cfg.pywryPattern);
  const tauriRe = new RegExp(cfg.tauriPattern);
  const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
  let seq = 0;
  // The top frame's key: the window's, then one of this page load's own (ffi/page_key.ts).
  let pageKey = "";
  if (cfg.key) {
    pageKey = cfg.key;
    for (const b of crypto.getRandomValues(new Uint8Array(16))) {
      pageKey += (b < 16 ? "0" : "") + b.toString(16);
    }
    delete cfg.key; // cfg goes on to the built-ins: the key stays in this closure only
  }

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
  const flush = () => {
    flushing = false;
    while (outbox.length) rawPost(outbox.splice(0, 4096));
  };
  const send = (msg: unknown) => {
    outbox.push(msg);
    if (!flushing) {
      flushing = true;
      queueMicrotask(flush);
    }
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

  // ---- invoke
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; post?: Promise<Response> }
  >();
  let nextInvoke = 1;
  const toError = (e: ErrorShape): Error => {
    const err = new Error(e.message) as Error & { code?: string; data?: unknown };
    err.code = e.code;
    if (e.data !== undefined) err.data = e.data;
    if (e.stack) err.stack = e.stack;
    return err;
  };
  const isBytes = (v: unknown): v is ArrayBuffer | ArrayBufferView =>
    v instanceof ArrayBuffer || ArrayBuffer.isView(v);
  const bytesOf = (v: ArrayBuffer | ArrayBufferView): Uint8Array =>
    v instanceof ArrayBuffer
      ? new Uint8Array(v)
      : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  const listeners = new Map<number, { event: string; handler: number }>();
  const fastPath = location.protocol === "panes:" && location.host === "app";
  const FAST_JSON = 32 * 1024;
  const take = (key: string): Promise<ArrayBuffer> =>
    fetch(`/__ipc/take/${key}`, { headers: { "x-panes-key": pageKey } }).then((r) => {
      if (r.headers.get("content-type") === "application/x-panes-missing") {
        throw new Error("payload expired");
      }
      return r.arrayBuffer();
    });
  const invoke = (
    cmd: string,
    body?: unknown,
    options?: { headers?: unknown },
  ): Promise<unknown> => {
    if (typeof cmd !== "string" || !cmd) {
      return Promise.reject(
        new TypeError("panes.invoke: the command name must be a non-empty string"),
      );
    }
    const i = nextInvoke++;
    const headers = options && options.headers
      ? Object.fromEntries(
        options.headers instanceof Headers
          ? [...options.headers.entries()]
          : Object.entries(options.headers as Record<string, string>),
      )
      : undefined;
    const msg: Record<string, unknown> = { k: "inv", i, c: cmd, h: headers };
    let upload: { data: Uint8Array | string; kind: string } | undefined;
    try {
      if (isBytes(body)) {
        if (fastPath) upload = { data: bytesOf(body), kind: "bytes" };
        else msg.b64 = (bytesOf(body) as Uint8Array & { toBase64(): string }).toBase64();
      } else {
        const json = JSON.stringify(body === undefined ? null : body);
        if (fastPath && json.length >= FAST_JSON) upload = { data: json, kind: "json" };
        else msg.b = JSON.parse(json);
      }
    } catch (e) {
      return Promise.reject(
        new TypeError(`panes.invoke(${cmd}): the body cannot be sent: ${(e as Error).message}`),
      );
    }
    if (cmd === "plugin:event|listen") {
      const a = body as { event: string; handler: number };
      checkName(a.event, true);
    }
    return new Promise((resolve, reject) => {
      const entry: { resolve: typeof resolve; reject: typeof reject; post?: Promise<Response> } = {
        resolve,
        reject,
      };
      pending.set(i, entry);
      if (!upload) return send(msg);
      // Large and binary bodies go over panes:// as a POST: no base64, no escaping into JS source.
      const data = typeof upload.data === "string"
        ? new TextEncoder().encode(upload.data)
        : upload.data;
      flush(); // keep order with messages queued before this invoke
      // The POST stays open until the host answers: a large or binary result is its response.
      const post = entry.post = fetch("/__ipc/invoke", {
        method: "POST",
        body: data as Uint8Array<ArrayBuffer>,
        headers: {
          "x-panes-i": String(i),
          "x-panes-c": encodeURIComponent(cmd),
          "x-panes-h": encodeURIComponent(JSON.stringify(headers ?? {})),
          "x-panes-kind": upload.kind,
          "x-panes-len": String(data.byteLength),
          "x-panes-key": pageKey,
        },
      });
      post.catch((e) => {
        if (pending.get(i) !== entry) return; // answered: a failed response is handled there
        pending.delete(i);
        reject(new Error(`panes.invoke(${cmd}): the body could not be sent: ${e}`));
      });
    }).then((v) => {
      if (cmd === "plugin:event|listen") {
        const a = body as { event: string; handler: number };
        listeners.set(v as number, { event: a.event, handler: a.handler });
      } else if (cmd === "plugin:event|unlisten") {
        listeners.delete((body as { eventId: number }).eventId);
      }
      return v;
    });
  };
  const deliverEvent = (type: string, data: unknown) => {
    dispatch(type, data);
    for (const [id, l] of listeners) {
      if (l.event === type) runCallback(l.handler, { event: type, id, payload: data });
    }
  };

  // ---- channels: messages {index, message} / {index, end}, delivered in index order
  class Channel<T = unknown> {
    readonly id: number;
    onmessage: (m: T) => void;
    #next = 0;
    #end = -1;
    #early = new Map<number, T>();
    constructor(onmessage?: (m: T) => void) {
      this.onmessage = onmessage ?? (() => {});
      this.id = transformCallback((raw) => {
        const r = raw as { index: number; message?: T; end?: boolean };
        if (r.end) {
          if (r.index === this.#next) unregisterCallback(this.id);
          else this.#end = r.index;
          return;
        }
        if (r.index !== this.#next) return void this.#early.set(r.index, r.message as T);
        this.#deliver(r.message as T);
        while (this.#early.has(this.#next)) {
          const m = this.#early.get(this.#next) as T;
          this.#early.delete(this.#next);
          this.#deliver(m);
        }
        if (this.#next === this.#end) unregisterCallback(this.id);
      });
    }
    #deliver(m: T) {
      this.#next++;
      try {
        this.onmessage(m);
      } catch (e) {
        reportError(e, `channel ${this.id}`);
      }
    }
    toJSON(): string {
      return `__CHANNEL__:${this.id}`;
    }
  }

  // ---- host → page
  const fromB64 = (s: string): ArrayBuffer =>
    (Uint8Array as unknown as { fromBase64(s: string): Uint8Array }).fromBase64(s)
      .buffer as ArrayBuffer;
  let ready = false;
  const early: HostMessage[] = [];
  const handle = (m: HostMessage) => {
    switch (m.k) {
      case "ev":
        return deliverEvent(m.e, m.d);
      case "cb": {
        const p = m.p as { index?: number; message?: unknown; b64?: string; fetch?: string };
        if (p && typeof p.b64 === "string") {
          runCallback(m.c, { index: p.index, message: fromB64(p.b64) });
        } else if (p && typeof p.fetch === "string") {
          // Channels reorder by index, so a later small message may overtake this fetch safely.
          take(p.fetch).then(
            (buf) => runCallback(m.c, { index: p.index, message: buf }),
            (e) => reportError(e, "channel"),
          );
        } else runCallback(m.c, m.p);
        return;
      }
      case "res": {
        const p = pending.get(m.i);
        if (!p) return;
        pending.delete(m.i);
        if (!m.ok) return p.reject(toError(m.err ?? { message: "unknown error" }));
        if (m.post && p.post) {
          // The value is the response of the invoke's own POST.
          return void p.post.then((r) => r.arrayBuffer()).then(
            (buf) => p.resolve(m.json ? JSON.parse(new TextDecoder().decode(buf)) : buf),
            (e) => p.reject(e),
          );
        }
        if (typeof m.fetch === "string") {
          return void take(m.fetch).then(
            (buf) => p.resolve(m.json ? JSON.parse(new TextDecoder().decode(buf)) : buf),
            (e) => p.reject(e),
          );
        }
        p.resolve(typeof m.b64 === "string" ? fromB64(m.b64) : m.v);
        return;
      }
      case "evjs":
        return runEval(m.i, m.s as string | (() => unknown));
      // Packed runs (bridge/wire_pack.ts): one failing handler must not drop the rest of the run.
      case "evs":
        for (const d of m.ds) {
          try {
            deliverEvent(m.e, d);
          } catch (e) {
            reportError(e, "panes bridge");
          }
        }
        return;
      case "cbs":
        for (const p of m.ps) {
          try {
            handle({ k: "cb", c: m.c, p });
          } catch (e) {
            reportError(e, "panes bridge");
          }
        }
        return;
    }
  };
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

  const listenEvent = (
    event: string,
    cb: (e: unknown) => void,
  ): Promise<() => Promise<unknown>> => {
    if (typeof event !== "string" || !tauriRe.test(event)) {
      return Promise.reject(
        new TypeError(`panes.event.listen: invalid event name ${JSON.stringify(event)}`),
      );
    }
    const handler = transformCallback(cb as Callback);
    return invoke("plugin:event|listen", { event, target: { kind: "Any" }, handler }).then(
      (id) => () => {
        unregisterCallback(handler);
        return invoke("plugin:event|unlisten", { event, eventId: id });
      },
    );
  };

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
    invoke,
    Channel,
    event: {
      listen: listenEvent,
      once(event: string, cb: (e: unknown) => void) {
        let un: (() => unknown) | undefined;
        let done = false;
        return listenEvent(event, (e: unknown) => {
          if (done) return;
          done = true;
          un?.();
          cb(e);
        }).then((u) => un = u);
      },
      emit(event: string, payload?: unknown) {
        return invoke("plugin:event|emit", { event, payload });
      },
      emitTo(target: unknown, event: string, payload?: unknown) {
        return invoke("plugin:event|emit_to", { target, event, payload });
      },
    },
    _recv: recv,
    /** An expression evaluation the host sent as a function (ordered with messages). */
    _evx(i: number, fn: () => unknown) {
      if (!ready) early.push({ k: "evjs", i, s: fn as unknown as string });
      else runEval(i, fn);
    },
    _nonce: nonce,
  };
  Object.defineProperty(w, "panes", { value: panes, configurable: false, writable: false });
  w.pywry = panes;

  // ---- Tauri / PyTauri compatibility
  const internals = {
    invoke: (cmd: string, args?: unknown, options?: { headers?: unknown }) =>
      invoke(cmd, args, options),
    transformCallback,
    unregisterCallback,
    runCallback,
    callbacks,
    metadata: {
      currentWindow: { label: cfg.label },
      currentWebview: { windowLabel: cfg.label, label: cfg.label },
    },
    convertFileSrc: (path: string, protocol = "asset") =>
      `${protocol}://localhost/${encodeURIComponent(path)}`,
  };
  w.__TAURI_INTERNALS__ = internals;
  w.__TAURI_EVENT_PLUGIN_INTERNALS__ = {
    unregisterListener(_event: string, id: number) {
      const l = listeners.get(id);
      if (l) unregisterCallback(l.handler);
      listeners.delete(id);
    },
  };
  const pyInvoke = (
    name: string,
    body?: unknown,
    options?: { headers?: Record<string, string> },
  ) => {
    const raw = isBytes(body)
      ? body
      : new TextEncoder().encode(JSON.stringify(body === undefined ? null : body));
    return invoke("plugin:pytauri|pyfunc", raw, {
      headers: { ...(options?.headers ?? {}), pyfunc: name },
    });
  };
  w.__TAURI__ = {
    core: {
      invoke: internals.invoke,
      Channel,
      transformCallback,
      convertFileSrc: internals.convertFileSrc,
    },
    event: panes.event,
    pytauri: { pyInvoke },
  };

  builtins(panes, cfg);

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
}

/** The script injected into a window's pages (`webview_init`). */
export function pageBridgeScript(
  cfg: Omit<BridgeConfig, "pywryPattern" | "tauriPattern">,
): string {
  const full: BridgeConfig = {
    ...cfg,
    pywryPattern: PYWRY_EVENT_PATTERN.source,
    tauriPattern: TAURI_EVENT_PATTERN.source,
  };
  const link = cfg.socket ? String(socketLink) : "null";
  return `(${installBridge})(${JSON.stringify(full)}, ${matchKeys}, ${installBuiltins}, ${link});`;
}
