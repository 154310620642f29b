/**
 * The system libraries as this isolate calls them: one table per library, each symbol bound on
 * first use. Module state is per isolate, so the UI thread and the main isolate each bind
 * only what they call.
 * @module
 */

import { bindOnUse, SONAMES } from "./native_libs.ts";
import { gioSymbols } from "./symbols/gio.ts";
import { glibSymbols } from "./symbols/glib.ts";
import { gobjectSymbols } from "./symbols/gobject.ts";
import { gtkSymbols } from "./symbols/gtk.ts";
import { libcSymbols } from "./symbols/libc.ts";
import { pixbufSymbols } from "./symbols/pixbuf.ts";
import { soupSymbols } from "./symbols/soup.ts";
import { webkitSymbols } from "./symbols/webkit.ts";
import { xcbSymbols } from "./symbols/xcb.ts";

/** libglib-2.0. */
export const glib = bindOnUse(SONAMES.glib, glibSymbols);
/** libgobject-2.0. */
export const gobject = bindOnUse(SONAMES.gobject, gobjectSymbols);
/** libgio-2.0. */
export const gio = bindOnUse(SONAMES.gio, gioSymbols);
/** libgtk-4 (GTK and GDK). */
export const gtk = bindOnUse(SONAMES.gtk, gtkSymbols);
/** libwebkitgtk-6.0. */
export const webkit = bindOnUse(SONAMES.webkit, webkitSymbols);
/** libsoup-3.0. */
export const soup = bindOnUse(SONAMES.soup, soupSymbols);
/** libgdk_pixbuf-2.0. */
export const pixbuf = bindOnUse(SONAMES.pixbuf, pixbufSymbols);
/** libc. */
export const libc = bindOnUse(SONAMES.libc, libcSymbols);
/** libxcb (global key grabs, on the main isolate). */
export const xcb = bindOnUse(SONAMES.xcb, xcbSymbols);
