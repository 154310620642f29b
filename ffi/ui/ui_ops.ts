/**
 * Native operations the main isolate can call on a window (`op: "call"`).
 * Each runs on the UI thread; other files add their own tables and the UI
 * worker merges them, so window control, menus and screenshots stay apart.
 * @module
 */

import type { KeyedWindow } from "../page_key.ts";
import type { NativeLibs } from "./native_libs.ts";

/** A window as the UI thread holds it. */
export interface UiWindow extends KeyedWindow {
  /** Numeric window id (main's handle). */
  id: number;
  /** webview_t. */
  webview: Deno.PointerObject;
  /** GtkWindow*. */
  window: Deno.PointerObject;
  /** WebKitWebView*. */
  view: Deno.PointerObject;
  /** The HTML served at this window's `panes://` URL. */
  html: string;
  /** Set once the GtkWindow is destroyed. */
  destroyed: boolean;
  /** Per-feature state other op tables keep on the window. */
  extra: Record<string, unknown>;
}

/** An op that answers later: call `resolve` or `reject` exactly once. */
export class Deferred {
  constructor(
    readonly start: (resolve: (value: unknown) => void, reject: (message: string) => void) => void,
  ) {}
}

/** What an op receives besides its arguments. */
export interface OpContext {
  libs: NativeLibs;
  /** Send an event to main (e.g. a native signal fired). */
  post(event: unknown): void;
}

/** A native op: returns its result (JSON-clonable), or a {@linkcode Deferred}. */
export type UiOp = (ctx: OpContext, win: UiWindow, args: unknown[]) => unknown;

/** A table of ops by name. */
export type UiOpTable = Record<string, UiOp>;
