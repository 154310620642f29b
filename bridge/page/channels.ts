/**
 * `panes.Channel` in the page: an ordered stream from the host. Messages arrive as callbacks
 * (`cb`) carrying `{index, message}` or `{index, end}` and are delivered in index order; binary
 * messages come as base64 or, on the fast path, parked for the page to take. Runs in the page,
 * serialised by bridge.ts: it must not refer to anything outside its own body and parameters.
 * @module
 */

import type { HostMessage, PageContext } from "./context.ts";

/** Runs in the page: sets `ctx.Channel`, `panes.Channel` and callback messages (`cb`). */
export function installChannels(ctx: PageContext): void {
  const { transformCallback, unregisterCallback, runCallback, reportError, fromB64 } = ctx;

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

  ctx.hostKinds.cb = (msg: HostMessage) => {
    const m = msg as Extract<HostMessage, { k: "cb" }>;
    const p = m.p as {
      index?: number;
      message?: unknown;
      b64?: string;
      fetch?: string;
      lane?: string;
    };
    if (p && typeof p.b64 === "string") {
      runCallback(m.c, { index: p.index, message: fromB64(p.b64) });
    } else if (p && (typeof p.fetch === "string" || typeof p.lane === "string")) {
      // Channels reorder by index, so a later small message may overtake this fetch safely.
      const got = typeof p.lane === "string" ? ctx.laneTake(p.lane) : ctx.take(p.fetch!);
      got.then(
        (buf) => runCallback(m.c, { index: p.index, message: buf }),
        (e) => reportError(e, "channel"),
      );
    } else runCallback(m.c, m.p);
  };

  ctx.Channel = Channel;
  ctx.panes.Channel = Channel;
}
