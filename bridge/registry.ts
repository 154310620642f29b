/**
 * The label-routed event registry: one table keyed by (label, event) that
 * both API flavours (PyWry's `on`/`emit` and Tauri's `events.listen`) share.
 * @module
 */

import { matchKeys } from "./event_names.ts";

/** A host-side event handler: `(data, type, label)`; may be async. */
export type EventHandler = (data: unknown, type: string, label: string) => unknown;

/** Label wildcard: a handler registered without a label hears every window. */
const ANY = "\0any";

interface Entry {
  id: number;
  handler: EventHandler;
  once: boolean;
}

/** Reports a handler failure; the default logs with label and event. */
export type HandlerErrorSink = (error: unknown, type: string, label: string) => void;

const defaultSink: HandlerErrorSink = (error, type, label) => {
  console.error(`panes: handler for "${type}" (window "${label}") failed:`, error);
};

/** Handlers by label, then by event key; dispatch order: docs/commands.md "Events". */
export class LabelRegistry {
  #byLabel = new Map<string, Map<string, Entry[]>>();
  #where = new Map<number, { label: string; key: string }>();
  #nextId = 1;
  #sink: HandlerErrorSink;

  /** Makes an empty registry; `onHandlerError` hears handler failures (default: logged). */
  constructor(onHandlerError: HandlerErrorSink = defaultSink) {
    this.#sink = onHandlerError;
  }

  /** Registers `handler` for `key` on `label` (undefined: every window); returns its id. */
  add(key: string, handler: EventHandler, label?: string, once = false): number {
    const l = label ?? ANY;
    let byKey = this.#byLabel.get(l);
    if (!byKey) this.#byLabel.set(l, byKey = new Map());
    let list = byKey.get(key);
    if (!list) byKey.set(key, list = []);
    const id = this.#nextId++;
    list.push({ id, handler, once });
    this.#where.set(id, { label: l, key });
    return id;
  }

  /** Removes one registration by id; returns whether it existed. */
  remove(id: number): boolean {
    const at = this.#where.get(id);
    if (!at) return false;
    this.#where.delete(id);
    const list = this.#byLabel.get(at.label)?.get(at.key);
    if (list) {
      const i = list.findIndex((e) => e.id === id);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.#byLabel.get(at.label)!.delete(at.key);
    }
    return true;
  }

  /** Drops every handler registered for one window label. */
  clearLabel(label: string): void {
    const byKey = this.#byLabel.get(label);
    if (!byKey) return;
    for (const list of byKey.values()) for (const e of list) this.#where.delete(e.id);
    this.#byLabel.delete(label);
  }

  /** Number of live registrations. */
  get size(): number {
    return this.#where.size;
  }

  /**
   * Calls every handler matching `type` for `label` (exact, base name,
   * `ns:*`, `*`; the window's own handlers before the any-window ones).
   * A handler that throws or rejects is reported and does not stop the others.
   * Returns how many handlers ran.
   */
  dispatch(type: string, data: unknown, label: string): number {
    let ran = 0;
    for (const key of matchKeys(type)) {
      for (const l of [label, ANY]) {
        const list = this.#byLabel.get(l)?.get(key);
        if (!list) continue;
        for (const entry of [...list]) {
          if (entry.once) this.remove(entry.id);
          ran++;
          try {
            const r = entry.handler(data, type, label);
            if (r instanceof Promise) r.catch((e) => this.#sink(e, type, label));
          } catch (e) {
            this.#sink(e, type, label);
          }
        }
      }
    }
    return ran;
  }
}
