/** The library handles window control uses (GTK/GDK, WebKit, GObject, Xlib). @module */

import {
  gioWindowSymbols,
  gobjectWindowSymbols,
  gtkWindowSymbols,
  webkitWindowSymbols,
} from "./gtk_window_symbols.ts";
import { openSystem, SONAMES } from "./library.ts";
import { x11Symbols } from "./x11_symbols.ts";

/** Window-control symbols, by library. */
export interface WindowLibs {
  gtk: Deno.DynamicLibrary<typeof gtkWindowSymbols>["symbols"];
  webkit: Deno.DynamicLibrary<typeof webkitWindowSymbols>["symbols"];
  gobject: Deno.DynamicLibrary<typeof gobjectWindowSymbols>["symbols"];
  gio: Deno.DynamicLibrary<typeof gioWindowSymbols>["symbols"];
  /** Xlib, or null when it cannot be loaded (then {@linkcode x11Error} says why). */
  x11: Deno.DynamicLibrary<typeof x11Symbols>["symbols"] | null;
  x11Error: string | undefined;
}

/** Opens the window-control tables; a missing libX11 only disables the X11-only calls. */
export function openWindowLibs(): WindowLibs {
  let x11: WindowLibs["x11"] = null;
  let x11Error: string | undefined;
  try {
    // GTK's X11 backend links libX11 itself, so this is present wherever X11 windows are.
    x11 = Deno.dlopen(SONAMES.x11, x11Symbols).symbols;
  } catch (e) {
    x11Error = `cannot load ${SONAMES.x11}: ${e instanceof Error ? e.message : String(e)}`;
  }
  return {
    gtk: openSystem(SONAMES.gtk, gtkWindowSymbols).symbols,
    webkit: openSystem(SONAMES.webkit, webkitWindowSymbols).symbols,
    gobject: openSystem(SONAMES.gobject, gobjectWindowSymbols).symbols,
    gio: openSystem(SONAMES.gio, gioWindowSymbols).symbols,
    x11,
    x11Error,
  };
}
