/**
 * What main holds of the UI side, wherever it runs: in its own Worker (ffi/main/ui_thread.ts, the
 * default) or on the main isolate (ffi/main/ui_inline.ts). Both queue the same commands and hand
 * out the same events; this base keeps the listeners and the requests that wait for a result.
 * @module
 */

import type { MessagePort } from "node:worker_threads";
import type { UiCommand, UiEvent, WebviewLocation } from "../ui_protocol.ts";

/** Decodes the UI thread's compact page-post string: `"<window id> <seq>\n<request JSON>"`. */
export function parsePost(text: string): UiEvent {
  const nl = text.indexOf("\n");
  const sp = text.indexOf(" ");
  return {
    t: "post",
    id: Number(text.slice(0, sp)),
    seq: text.slice(sp + 1, nl),
    req: text.slice(nl + 1),
  };
}

type Listener = (event: UiEvent) => void;

/** The UI side as main sees it. */
export abstract class UiLink {
  /** The libwebview this UI side loaded. */
  abstract readonly location: WebviewLocation;
  /** `"worker"`: a UI thread of its own; `"main"`: GLib driven from the main isolate's event loop. */
  abstract readonly host: "worker" | "main";
  #dead: Error | undefined;
  #listeners = new Set<Listener>();
  #rid = 0;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  /** Queues a command (moving `transfer`'s buffers where that means anything) and wakes the UI. */
  abstract send(cmd: UiCommand, transfer?: Array<ArrayBuffer | MessagePort>): void;
  /** Makes the UI side read its queue and its window workers' answers soon. */
  abstract wake(): void;
  /** The UI loop's state word (what window workers read to know whether to ask for a wake). */
  abstract get flag(): SharedArrayBuffer;
  /** Keeps the process alive while windows are open (counted). */
  abstract hold(): void;
  /** Releases one {@linkcode hold}; the last one lets the process exit. */
  abstract release(): void;

  /** Set when the UI side has died; every later call fails with it. */
  get dead(): Error | undefined {
    return this.#dead;
  }

  protected die(cause: unknown): void {
    if (this.#dead) return;
    this.#dead = cause instanceof Error ? cause : new Error(String(cause));
    const err = new Error(`the UI thread died: ${this.#dead.message}`, { cause: this.#dead });
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    this.#emit({ t: "fatal", message: err.message });
  }

  /** An event from the UI side: a result settles its request, anything else goes to listeners. */
  protected dispatch(e: UiEvent): void {
    if (e.t === "result") {
      const p = this.#pending.get(e.rid);
      if (!p) return;
      this.#pending.delete(e.rid);
      if (e.ok) p.resolve(e.value);
      else p.reject(new Error(e.error));
      return;
    }
    this.#emit(e);
  }

  #emit(e: UiEvent): void {
    for (const l of this.#listeners) l(e);
  }

  /** Subscribes to UI events; returns an unsubscribe function. */
  listen(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Runs a native op on a window and resolves with its result. */
  call<T = unknown>(
    id: number,
    name: string,
    args: unknown[] = [],
    timeoutMs = 10_000,
  ): Promise<T> {
    return this.#request(
      `native call ${name}`,
      timeoutMs,
      (rid) => ({ op: "call", rid, id, name, args }),
    );
  }

  /**
   * Imports a module of UI-thread commands where the UI runs (`AppOptions.uiCommands`); resolves
   * with its command names.
   */
  loadUiCommands(url: string, timeoutMs = 30_000): Promise<string[]> {
    return this.#request(`loading uiCommands ${url}`, timeoutMs, (rid) => ({
      op: "ui-commands",
      rid,
      url,
    }));
  }

  /** Sends a command that the UI side answers with a `result` for its rid. */
  #request<T>(what: string, timeoutMs: number, make: (rid: number) => UiCommand): Promise<T> {
    const rid = ++this.#rid;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(rid);
        reject(new Error(`${what} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(rid, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      try {
        this.send(make(rid));
      } catch (e) {
        this.#pending.get(rid)?.reject(e as Error);
        this.#pending.delete(rid);
      }
    });
  }
}
