/** The native libraries the UI thread opens, in one place. @module */

import { gioSymbols, glibSymbols, gobjectSymbols } from "./glib_symbols.ts";
import { gtkSymbols, webkitSymbols } from "./gtk_symbols.ts";
import { openSystem, openWebview, SONAMES, type WebviewLocation } from "./library.ts";
import type { WebviewLibrary } from "./webview_symbols.ts";
import { openWindowLibs, type WindowLibs } from "./window_libs.ts";
import { ipcGioSymbols, ipcWebkitSymbols, soupSymbols } from "./ipc_symbols.ts";
import { type MenuLibs, openMenuLibs } from "./menu_symbols.ts";

/** Every library handle the UI thread uses. */
export interface NativeLibs {
  webview: WebviewLibrary["symbols"];
  glib: Deno.DynamicLibrary<typeof glibSymbols>["symbols"];
  gobject: Deno.DynamicLibrary<typeof gobjectSymbols>["symbols"];
  gio: Deno.DynamicLibrary<typeof gioSymbols>["symbols"];
  gtk: Deno.DynamicLibrary<typeof gtkSymbols>["symbols"];
  webkit: Deno.DynamicLibrary<typeof webkitSymbols>["symbols"];
  /** Window control: GTK/GDK, WebKit, GObject and Xlib (window_ops.ts). */
  window: WindowLibs;
  /** The `panes://` IPC fast path (request bodies and headers). */
  ipc:
    & Deno.DynamicLibrary<typeof ipcWebkitSymbols>["symbols"]
    & Deno.DynamicLibrary<typeof soupSymbols>["symbols"]
    & Deno.DynamicLibrary<typeof ipcGioSymbols>["symbols"];
  /** Native menus (menu_ops.ts). */
  menu: MenuLibs;
}

/** Opens libwebview and the GTK/WebKit stack; system libraries first, for a clear error. */
export function openNativeLibs(location: WebviewLocation): NativeLibs {
  const webkit = openSystem(SONAMES.webkit, webkitSymbols).symbols;
  const gtk = openSystem(SONAMES.gtk, gtkSymbols).symbols;
  // Binding symbols costs even when the library is loaded (~16 ms for the menu tables): the
  // window and menu tables are bound on first use, off the path to the first window.
  let windowLibs: WindowLibs | undefined;
  let menuLibs: MenuLibs | undefined;
  return {
    webview: openWebview(location).symbols,
    glib: openSystem(SONAMES.glib, glibSymbols).symbols,
    gobject: openSystem(SONAMES.gobject, gobjectSymbols).symbols,
    gio: openSystem(SONAMES.gio, gioSymbols).symbols,
    gtk,
    webkit,
    get window() {
      return windowLibs ??= openWindowLibs();
    },
    ipc: {
      ...openSystem(SONAMES.webkit, ipcWebkitSymbols).symbols,
      ...openSystem(SONAMES.soup, soupSymbols).symbols,
      ...openSystem(SONAMES.gio, ipcGioSymbols).symbols,
    },
    get menu() {
      return menuLibs ??= openMenuLibs();
    },
  };
}

const encoder = new TextEncoder();

/** A NUL-terminated UTF-8 copy of `s` for a `const char*` parameter. */
export function cstr(s: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(s + "\0");
}

/** Reads a `const char*` (NULL → ""). */
export function readCString(p: Deno.PointerValue): string {
  return p === null ? "" : Deno.UnsafePointerView.getCString(p);
}
