/**
 * The libraries D-Bus on the main isolate calls (GLib, GIO's GDBus, GObject, libc's `poll`),
 * from the one table per library in ffi/symbols/; each symbol is bound on first use.
 * @module
 */

import { gio, glib, gobject, libc } from "../../ffi/system_libs.ts";

/** The library handles the D-Bus client uses. */
export interface DBusLibs {
  glib: typeof glib;
  gio: typeof gio;
  gobject: typeof gobject;
  libc: typeof libc;
}

const libs: DBusLibs = { glib, gio, gobject, libc };

/** The D-Bus libraries (the same object every time). */
export function dbusLibs(): DBusLibs {
  return libs;
}
