/**
 * A window's webview itself (Tauri's core webview plugin): showing and hiding the page inside its
 * window, focusing it, clearing the browsing data of its network session, printing it.
 * @module
 */

import { Deferred, type OpContext, type UiOpTable } from "./ui_ops.ts";
import { showPrintDialog } from "./print_dialog.ts";

/**
 * Every kind of website data (WebKitWebsiteDataTypes): all bits WebKitGTK has defined; bits a
 * version does not know are ignored by it.
 */
const WEBSITE_DATA_ALL = (1 << 14) - 1;

const clears = new Map<number, { resolve: (v: unknown) => void; reject: (m: string) => void }>();
let nextClear = 1;
let ctxRef: OpContext | undefined;
let clearCb:
  | Deno.UnsafeCallback<{ parameters: ["pointer", "pointer", "pointer"]; result: "void" }>
  | undefined;

/** The GAsyncReadyCallback of every clear (lives as long as the process). */
function clearCallback(): Deno.PointerObject {
  clearCb ??= new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
    (source, result, data) => {
      const id = Number(Deno.UnsafePointer.value(data));
      const pending = clears.get(id);
      if (!pending || !ctxRef) return;
      clears.delete(id);
      const err = new BigUint64Array(1);
      const ok = ctxRef.libs.webkit.webkit_website_data_manager_clear_finish(source, result, err);
      if (err[0] !== 0n) ctxRef.libs.glib.g_error_free(Deno.UnsafePointer.create(err[0]));
      if (ok) pending.resolve(null);
      else pending.reject("WebKit could not clear the browsing data");
    },
  );
  return clearCb.pointer;
}

/** The webview ops. */
export const webviewOps: UiOpTable = {
  webviewSetVisible({ libs }, win, [visible]) {
    libs.gtk.gtk_widget_set_visible(win.view, visible ? 1 : 0);
  },
  webviewIsVisible({ libs }, win) {
    return libs.gtk.gtk_widget_get_visible(win.view) !== 0;
  },
  webviewFocus({ libs }, win) {
    libs.gtk.gtk_window_present(win.window);
    libs.gtk.gtk_widget_grab_focus(win.view);
  },
  webviewHasFocus({ libs }, win) {
    return libs.gtk.gtk_widget_has_focus(win.view) !== 0;
  },
  clearBrowsingData(ctx, win) {
    ctxRef = ctx;
    const { webkit } = ctx.libs;
    const session = webkit.webkit_web_view_get_network_session(win.view);
    const manager = session && webkit.webkit_network_session_get_website_data_manager(session);
    if (!manager) throw new Error("this webview has no website data manager");
    return new Deferred((resolve, reject) => {
      const id = nextClear++;
      clears.set(id, { resolve, reject });
      webkit.webkit_website_data_manager_clear(
        manager,
        WEBSITE_DATA_ALL,
        0n, // everything, however old
        null,
        clearCallback(),
        Deno.UnsafePointer.create(BigInt(id)),
      );
    });
  },
  printPage({ libs }, win) {
    // GTK's print dialog, shown without a nested loop (ffi/ui/print_dialog.ts).
    const op = libs.webkit.webkit_print_operation_new(win.view);
    if (!op) throw new Error("WebKit could not start printing this page");
    showPrintDialog(libs, win, op);
  },
};
