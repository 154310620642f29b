/**
 * Tauri compatibility in the page: Tauri-style events (`panes.event`, the event plugin's
 * listeners), `__TAURI_INTERNALS__` and `__TAURI_EVENT_PLUGIN_INTERNALS__` (what
 * `@tauri-apps/api` calls), and `__TAURI__` with pytauri's `pyInvoke`. Runs in the page,
 * serialised by bridge.ts: it must not refer to anything outside its own body and parameters.
 * @module
 */

import type { Callback, PageContext } from "./context.ts";

/** Runs in the page: after the invoke and channels pieces. */
export function installTauri(ctx: PageContext): void {
  const { cfg, w, panes, invoke, Channel, transformCallback, unregisterCallback, runCallback } =
    ctx;
  const tauriRe = new RegExp(cfg.tauriPattern);

  // What @tauri-apps/api's `invoke` calls (and the Tauri-flavoured events below). Tauri rejects
  // with a plain string (a refusal in its capability system's words, a plugin's error as its
  // message), so every error the host answered rejects here with that string; panes.invoke keeps
  // the Error { message, code, data }. Errors raised in the page itself (a body that cannot be
  // sent) stay Errors.
  const tauriInvoke = (cmd: string, args?: unknown, options?: { headers?: unknown }) =>
    invoke(cmd, args, options).catch((e: unknown) => {
      throw (e !== null && typeof e === "object" && ctx.tauriErrors.get(e)) || e;
    });

  // ---- the event plugin's listeners: registered by its listen/unlisten commands, fed host events
  const listeners = new Map<number, { event: string; handler: number }>();
  ctx.beforeInvoke = (cmd, body) => {
    if (cmd === "plugin:event|listen") {
      const a = body as { event: string; handler: number };
      ctx.checkName(a.event, true);
    }
  };
  ctx.afterInvoke = (cmd, body, v) => {
    if (cmd === "plugin:event|listen") {
      const a = body as { event: string; handler: number };
      listeners.set(v as number, { event: a.event, handler: a.handler });
    } else if (cmd === "plugin:event|unlisten") {
      listeners.delete((body as { eventId: number }).eventId);
    }
  };
  ctx.eventSinks.push((type, data) => {
    if (listeners.size === 0) return; // most events in a burst have no Tauri listener
    for (const [id, l] of listeners) {
      if (l.event === type) runCallback(l.handler, { event: type, id, payload: data });
    }
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
    return tauriInvoke("plugin:event|listen", { event, target: { kind: "Any" }, handler }).then(
      (id) => () => {
        unregisterCallback(handler);
        return tauriInvoke("plugin:event|unlisten", { event, eventId: id });
      },
    );
  };
  panes.event = {
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
      return tauriInvoke("plugin:event|emit", { event, payload });
    },
    emitTo(target: unknown, event: string, payload?: unknown) {
      return tauriInvoke("plugin:event|emit_to", { target, event, payload });
    },
  };

  // ---- Tauri / PyTauri globals
  const internals = {
    invoke: tauriInvoke,
    transformCallback,
    unregisterCallback,
    runCallback,
    callbacks: ctx.callbacks,
    metadata: {
      currentWindow: { label: cfg.label },
      currentWebview: { windowLabel: cfg.label, label: cfg.label },
    },
    // What `sep()` and `delimiter()` of `@tauri-apps/api/path` read synchronously.
    plugins: { path: { sep: "/", delimiter: ":" } },
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
    const raw = ctx.isBytes(body)
      ? body
      : new TextEncoder().encode(JSON.stringify(body === undefined ? null : body));
    // Through the Tauri path, as tauri-plugin-pytauri-api's pyInvoke calls @tauri-apps/api's
    // invoke: an InvokeException rejects with its value, a string.
    return tauriInvoke("plugin:pytauri|pyfunc", raw, {
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
}
