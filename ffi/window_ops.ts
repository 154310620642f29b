/** Window operations on GTK 4 / WebKitGTK (Linux), run on the UI thread. @module */

import { cstr, readCString } from "./native_libs.ts";
import type { UiOpTable } from "./ui_ops.ts";

/** Basic window ops; window control extends this table. */
export const windowOps: UiOpTable = {
  setTitle({ libs }, win, [title]) {
    libs.gtk.gtk_window_set_title(win.window, cstr(String(title)));
  },
  title({ libs }, win) {
    return readCString(libs.gtk.gtk_window_get_title(win.window));
  },
  setVisible({ libs }, win, [visible]) {
    libs.gtk.gtk_widget_set_visible(win.window, visible ? 1 : 0);
    if (visible) libs.gtk.gtk_window_present(win.window);
  },
  isVisible({ libs }, win) {
    return libs.gtk.gtk_widget_get_visible(win.window) !== 0;
  },
  innerSize({ libs }, win) {
    return {
      width: libs.gtk.gtk_widget_get_width(win.window),
      height: libs.gtk.gtk_widget_get_height(win.window),
    };
  },
  url({ libs }, win) {
    return readCString(libs.webkit.webkit_web_view_get_uri(win.view));
  },
};
