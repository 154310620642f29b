/**
 * Printing a page without a nested main loop, for `plugin:webview|print` and the page's own
 * `window.print()`.
 *
 * WebKit's print dialog (`webkit_print_operation_run_dialog`, which is also what `window.print()`
 * runs by default) is modal: it spins a main loop inside the call until the user closes it. On the
 * UI Worker that only delays the Worker's own loop; with the UI on the main isolate
 * (`uiHost: "main"`) it holds Deno's event loop, so no window's command, event or timer runs while
 * the dialog is open. Here GTK's print dialog is an ordinary modal window that answers through its
 * `response` signal; the page is then printed with what the user chose
 * (`webkit_print_operation_print` takes the printer from the settings, as WebKit's own dialog does).
 * @module
 */

import { cstr } from "../native_libs.ts";
import type { NativeLibs } from "./native_libs.ts";
import type { UiWindow } from "./ui_ops.ts";

/** GTK_RESPONSE_OK: the user pressed Print. */
const RESPONSE_OK = -5;

/**
 * What the page can be printed with (GtkPrintCapabilities), the set WebKit's own dialog offers:
 * page set, copies, collate, reverse, scale, pages per sheet and their layout.
 */
const CAPABILITIES = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 8) | (1 << 9);

/** An open dialog: the operation it will print, and its window. */
interface OpenDialog {
  op: Deno.PointerObject;
  win: UiWindow;
}

let libsRef: NativeLibs | undefined;
const open = new Map<number, OpenDialog>();
/** Windows whose page may call `window.print()`, by id (for the `print` signal's data). */
const watched = new Map<number, UiWindow>();
let nextDialog = 1;

/** The dialog's and the view's signal handlers, made on first use; they live as long as the process. */
function makeCallbacks() {
  const responseCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "i32", "pointer"], result: "void" } as const,
    (dialog, response, data) => {
      const id = Number(Deno.UnsafePointer.value(data));
      const d = open.get(id);
      if (!d || !libsRef) return;
      const { gtk, webkit, gobject } = libsRef;
      if (response === RESPONSE_OK && !d.win.destroyed) {
        const settings = gtk.gtk_print_unix_dialog_get_settings(dialog);
        webkit.webkit_print_operation_set_print_settings(d.op, settings);
        webkit.webkit_print_operation_set_page_setup(
          d.op,
          gtk.gtk_print_unix_dialog_get_page_setup(dialog),
        );
        if (settings) gobject.g_object_unref(settings);
        webkit.webkit_print_operation_print(d.op);
      }
      gtk.gtk_window_destroy(dialog); // its destroy handler releases the operation
    },
  );

  const destroyCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer"], result: "void" } as const,
    (_dialog, data) => {
      const id = Number(Deno.UnsafePointer.value(data));
      const d = open.get(id);
      if (!d) return;
      open.delete(id);
      libsRef?.gobject.g_object_unref(d.op);
    },
  );

  // WebKitWebView::print (the page called `window.print()`): our dialog instead of WebKit's.
  const pagePrintCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer", "pointer"], result: "i32" } as const,
    (_view, op, data) => {
      const win = watched.get(Number(Deno.UnsafePointer.value(data)));
      if (!win || win.destroyed || !libsRef || !op) return 1;
      libsRef.gobject.g_object_ref(op);
      showPrintDialog(libsRef, win, op);
      return 1; // handled: WebKit's default handler would run its modal dialog
    },
  );
  return { responseCb, destroyCb, pagePrintCb };
}
let callbacks: ReturnType<typeof makeCallbacks> | undefined;

/**
 * Shows the print dialog for `op` (a WebKitPrintOperation this module now owns one reference of)
 * over `win`, and returns at once. One dialog per window: while one is open, another request is
 * dropped (a page calling `window.print()` in a loop gets one dialog, as WebKit's modal one gave).
 */
export function showPrintDialog(libs: NativeLibs, win: UiWindow, op: Deno.PointerObject): void {
  libsRef = libs;
  const { gtk, gobject, webkit } = libs;
  if ([...open.values()].some((d) => d.win === win)) {
    gobject.g_object_unref(op);
    return;
  }
  const dialog = gtk.gtk_print_unix_dialog_new(cstr("Print"), win.window);
  if (!dialog) {
    gobject.g_object_unref(op);
    throw new Error("GTK could not make a print dialog");
  }
  const id = nextDialog++;
  open.set(id, { op, win });
  gtk.gtk_print_unix_dialog_set_embed_page_setup(dialog, 1);
  gtk.gtk_print_unix_dialog_set_manual_capabilities(dialog, CAPABILITIES);
  const settings = webkit.webkit_print_operation_get_print_settings(op);
  if (settings) gtk.gtk_print_unix_dialog_set_settings(dialog, settings);
  gtk.gtk_window_set_modal(dialog, 1);
  gtk.gtk_window_set_destroy_with_parent(dialog, 1);
  const data = Deno.UnsafePointer.create(BigInt(id));
  callbacks ??= makeCallbacks();
  const { responseCb, destroyCb } = callbacks;
  gobject.g_signal_connect_data(dialog, cstr("response"), responseCb.pointer, data, null, 0);
  gobject.g_signal_connect_data(dialog, cstr("destroy"), destroyCb.pointer, data, null, 0);
  gtk.gtk_window_present(dialog);
}

/** Takes over the page's `window.print()` for `win`. */
export function watchPagePrint(libs: NativeLibs, win: UiWindow): void {
  libsRef = libs;
  watched.set(win.id, win);
  const data = Deno.UnsafePointer.create(BigInt(win.id));
  callbacks ??= makeCallbacks();
  const { pagePrintCb } = callbacks;
  libs.gobject.g_signal_connect_data(win.view, cstr("print"), pagePrintCb.pointer, data, null, 0);
}

/** The window is gone: forget it (its dialogs go with it, `destroy-with-parent`). */
export function printWindowGone(win: UiWindow): void {
  watched.delete(win.id);
}
