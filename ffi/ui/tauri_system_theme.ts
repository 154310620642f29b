/**
 * The desktop's theme for `tauri://theme-changed`, on the UI thread: GtkSettings'
 * `gtk-application-prefer-dark-theme` and `gtk-theme-name` (what an X11 desktop's settings
 * daemon sets through XSETTINGS), read as WebKitGTK reads them for `prefers-color-scheme`: dark
 * when dark is preferred, when the theme's name ends in `-dark`, or when `GTK_THEME` ends in
 * `:dark`. Watched once a page listens; every change is posted as the signal
 * `tauri-system-theme` of each window that asked (main keeps the windows apart and the last
 * theme, app/core/window/events.ts).
 * @module
 */

import { cstr } from "../native_libs.ts";
import type { NativeLibs } from "./native_libs.ts";
import type { OpContext, UiOpTable, UiWindow } from "./ui_ops.ts";

const G_TYPE_BOOLEAN = 5n << 2n;
const G_TYPE_STRING = 16n << 2n;

let post: OpContext["post"] | undefined;
let libsRef: NativeLibs | undefined;
let connected = false;
const askers = new Map<number, UiWindow>();

/** The desktop's theme as WebKitGTK would take it: "dark" or "light". */
export function systemTheme(libs: NativeLibs): "dark" | "light" {
  const settings = libs.gtk.gtk_settings_get_default();
  if (!settings) return "light";
  const g = libs.gobject;
  const value = new Uint8Array(24); // a GValue, zeroed
  g.g_value_init(value, G_TYPE_BOOLEAN);
  g.g_object_get_property(settings, cstr("gtk-application-prefer-dark-theme"), value);
  const preferDark = g.g_value_get_boolean(value) !== 0;
  g.g_value_unset(value);
  value.fill(0);
  g.g_value_init(value, G_TYPE_STRING);
  g.g_object_get_property(settings, cstr("gtk-theme-name"), value);
  const p = g.g_value_get_string(value);
  const name = p ? new Deno.UnsafePointerView(p).getCString() : "";
  g.g_value_unset(value);
  const env = Deno.env.get("GTK_THEME") ?? "";
  return preferDark || name.endsWith("-dark") || env.endsWith(":dark") ? "dark" : "light";
}

// Both notifications run this on the UI thread, in GTK's own dispatch of the settings change.
const notifyCb = new Deno.UnsafeCallback(
  { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
  () => {
    if (!post || !libsRef) return;
    const theme = systemTheme(libsRef);
    for (const [id, w] of askers) {
      if (w.destroyed) askers.delete(id);
      else post({ t: "signal", id, name: "tauri-system-theme", data: theme });
    }
  },
);

/** The op: start watching (once), count this window among those told; answers the theme now. */
export const systemThemeOps: UiOpTable = {
  tauriThemeWatch(ctx, win) {
    post = ctx.post;
    libsRef = ctx.libs;
    askers.set(win.id, win);
    if (!connected) {
      const settings = ctx.libs.gtk.gtk_settings_get_default();
      if (!settings) throw new Error("GTK has no settings object (no display)");
      for (const name of ["gtk-application-prefer-dark-theme", "gtk-theme-name"]) {
        ctx.libs.gobject.g_signal_connect_data(
          settings,
          cstr(`notify::${name}`),
          notifyCb.pointer,
          null,
          null,
          0,
        );
      }
      connected = true;
    }
    return systemTheme(ctx.libs);
  },
};
