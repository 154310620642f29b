/**
 * Types for page code written in TypeScript: `window.panes` as seen from a
 * page, typed from the host's own command definitions (no generator).
 *
 * ```ts ignore
 * import type { PanesPage } from "@panes/panes";
 * import type { commands } from "./host.ts";
 * declare const panes: PanesPage<typeof commands>;
 * const text: string = await panes.invoke("greet", "World");
 * ```
 * @module
 */

import type { CommandDefs, Commands, Invoke } from "../commands.ts";

/** A page-side event handler: `(data, type, label)`. */
export type PageHandler = (data: unknown, type: string, label: string) => void;

/** A Tauri-style event as page listeners receive it. */
export interface PageEvent<T = unknown> {
  /** The event name. */
  event: string;
  /** The listener id. */
  id: number;
  /** The payload. */
  payload: T;
}

/** `new panes.Channel(cb)`: an ordered stream from the host. */
export interface PageChannel<T = unknown> {
  /** The page callback id. */
  readonly id: number;
  /** Called for every message, in order. */
  onmessage: (message: T) => void;
  /** `"__CHANNEL__:<id>"`, how the channel travels in an invoke body. */
  toJSON(): string;
}

/** `window.panes` (and `window.pywry`) in a page. */
export interface PanesPage<C = Commands<CommandDefs>> {
  /** This window's label. */
  readonly label: string;
  /** Sends an event to the host (`win.on` / `app.on`). */
  emit(type: string, data?: unknown): void;
  /** Listens for host events; returns an unsubscribe function. */
  on(type: string, handler: PageHandler): () => void;
  /** Removes one handler, or every handler of `type`. */
  off(type: string, handler?: PageHandler): void;
  /** Runs local handlers as if the host had sent `type`. */
  dispatch(type: string, data?: unknown): void;
  /** Sends `panes:result` to the host. */
  result(data: unknown): void;
  /** Calls a host command; typed from the host's `Commands`. */
  invoke: C extends Commands<CommandDefs> ? Invoke<C>
    : (
      cmd: string,
      body?: unknown,
      options?: { headers?: Record<string, string> },
    ) => Promise<unknown>;
  /** Ordered host → page streams. */
  Channel: new <T = unknown>(onmessage?: (message: T) => void) => PageChannel<T>;
  /** Tauri-flavoured events. */
  event: {
    listen<T = unknown>(
      event: string,
      handler: (e: PageEvent<T>) => void,
    ): Promise<() => Promise<unknown>>;
    once<T = unknown>(event: string, handler: (e: PageEvent<T>) => void): Promise<unknown>;
    emit(event: string, payload?: unknown): Promise<unknown>;
    emitTo(
      target: string | { kind: string; label?: string },
      event: string,
      payload?: unknown,
    ): Promise<unknown>;
  };
}
