/**
 * A window's webview itself (Tauri's core webview plugin): showing and hiding the page inside its
 * window, focusing it, clearing the browsing data of its network session, printing it.
 * @module
 */

import { GPriority } from "../symbols/glib.ts";
import { Deferred, type OpContext, type UiOpTable, type UiWindow } from "./ui_ops.ts";

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
let printCb: Deno.UnsafeCallback<{ parameters: ["pointer"]; result: "i32" }> | undefined;
const printing = new Map<number, UiWindow>();

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

/**
 * The print dialog runs from an idle callback, not from the op: it is modal (a nested loop), and
 * inside the op it would hold up every other command of every window until it closes.
 */
function printCallback(): Deno.PointerObject {
  printCb ??= new Deno.UnsafeCallback(
    { parameters: ["pointer"], result: "i32" } as const,
    (data) => {
      const id = Number(Deno.UnsafePointer.value(data));
      const win = printing.get(id);
      printing.delete(id);
      if (!win || win.destroyed || !ctxRef) return 0;
      const { webkit, gobject } = ctxRef.libs;
      ctxRef.beforeNestedLoop?.();
      const op = webkit.webkit_print_operation_new(win.view);
      webkit.webkit_print_operation_run_dialog(op, win.window);
      gobject.g_object_unref(op);
      return 0; // G_SOURCE_REMOVE
    },
  );
  return printCb.pointer;
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
  printPage(ctx, win) {
    ctxRef = ctx;
    const id = nextClear++;
    printing.set(id, win);
    ctx.libs.glib.g_idle_add_full(
      GPriority.Default,
      printCallback(),
      Deno.UnsafePointer.create(BigInt(id)),
      null,
    );
  },
};
