/**
 * GTK 4.8 dialogs on the UI thread: file open/save/folder through
 * GtkFileChooserNative, messages through GtkMessageDialog with our own
 * buttons. Each answers through a process-lifetime `response` callback.
 * @module
 */

import { cstr, readCString } from "../native_libs.ts";
import { gio, glib, gtk } from "../system_libs.ts";
import { Deferred, type OpContext, type UiOpTable, type UiWindow } from "./ui_ops.ts";
// The requests are the plugins' contract with the host (plugins/native.ts); this runs them.
import type { FileDialogRequest, MessageDialogRequest } from "../../plugins/native.ts";

interface Pending {
  win: UiWindow;
  dialog: Deno.PointerObject;
  kind: "file" | "message";
  resolve: (v: unknown) => void;
  /** Message dialogs: labels by response id; the answer for any other response. */
  labels?: string[];
  cancel?: string;
}

const pending = new Map<number, Pending>();
let nextDialog = 1;
let ctxRef: OpContext | undefined;
let responseCb:
  | Deno.UnsafeCallback<{ parameters: ["pointer", "i32", "pointer"]; result: "void" }>
  | undefined;

const ACCEPT = -3;
/** Message buttons get response ids from here up, in order. */
const BUTTON_BASE = 100;

function finish(id: number, response: number): void {
  const p = pending.get(id);
  if (!p || !ctxRef) return;
  pending.delete(id);
  if (p.kind === "file") {
    const paths: string[] = [];
    if (response === ACCEPT) {
      const files = gtk.gtk_file_chooser_get_files(p.dialog);
      if (files) {
        const n = gio.g_list_model_get_n_items(files);
        for (let i = 0; i < n; i++) {
          const file = gio.g_list_model_get_item(files, i);
          if (!file) continue;
          const path = gio.g_file_get_path(file);
          if (path) {
            paths.push(readCString(path));
            ctxRef.libs.glib.g_free(path);
          }
          ctxRef.libs.gobject.g_object_unref(file);
        }
        ctxRef.libs.gobject.g_object_unref(files);
      }
    }
    gtk.gtk_native_dialog_destroy(p.dialog);
    ctxRef.libs.gobject.g_object_unref(p.dialog);
    p.resolve(paths);
  } else {
    const i = response - BUTTON_BASE;
    const label = p.labels && i >= 0 && i < p.labels.length ? p.labels[i] : p.cancel;
    gtk.gtk_window_destroy(p.dialog);
    ctxRef.libs.gobject.g_object_unref(p.dialog);
    p.resolve(label ?? null);
  }
}

function callback(): Deno.PointerObject {
  responseCb ??= new Deno.UnsafeCallback(
    { parameters: ["pointer", "i32", "pointer"], result: "void" } as const,
    (_dialog, response, data) => finish(Number(Deno.UnsafePointer.value(data)), response),
  );
  return responseCb.pointer;
}

/** Answers dialogs still open on a window that went away (as cancelled). */
export function cancelDialogsFor(win: UiWindow): void {
  for (const [id, p] of pending) if (p.win === win) finish(id, -6);
}

/** `dialogFile` (→ paths, empty when cancelled) and `dialogMessage` (→ the pressed button's label). */
export const dialogOps: UiOpTable = {
  dialogFile(ctx, win, [raw]) {
    ctxRef = ctx;
    const a = raw as FileDialogRequest;
    const action = a.mode === "save" ? 1 : a.mode === "folder" ? 2 : 0;
    const title = a.title ??
      (a.mode === "save" ? "Save File" : a.mode === "folder" ? "Select Folder" : "Open File");
    const dialog = gtk.gtk_file_chooser_native_new(
      cstr(title),
      win.window,
      action,
      cstr(a.mode === "save" ? "_Save" : "_Open"),
      cstr("_Cancel"),
    );
    if (!dialog) throw new Error("cannot create the file dialog");
    gtk.gtk_native_dialog_set_modal(dialog, 1);
    if (a.multiple && a.mode !== "save") gtk.gtk_file_chooser_set_select_multiple(dialog, 1);
    if (a.mode !== "open") {
      gtk.gtk_file_chooser_set_create_folders(dialog, a.canCreateDirectories === false ? 0 : 1);
    }
    if (a.defaultPath) {
      let folder = a.defaultPath;
      let name: string | undefined;
      try {
        if (!Deno.statSync(a.defaultPath).isDirectory) {
          folder = a.defaultPath.replace(/\/[^/]*$/, "") || "/";
          name = a.defaultPath.slice(folder.length + 1);
        }
      } catch {
        // A path that does not exist yet: its folder, and for save its name.
        folder = a.defaultPath.replace(/\/[^/]*$/, "") || "/";
        name = a.defaultPath.slice(folder.length === 1 ? 1 : folder.length + 1);
      }
      const gfile = gio.g_file_new_for_path(cstr(folder));
      gtk.gtk_file_chooser_set_current_folder(dialog, gfile, null);
      ctx.libs.gobject.g_object_unref(gfile);
      if (name && a.mode === "save") gtk.gtk_file_chooser_set_current_name(dialog, cstr(name));
    }
    for (const f of a.filters ?? []) {
      const filter = gtk.gtk_file_filter_new();
      gtk.gtk_file_filter_set_name(filter, cstr(f.name));
      for (const ext of f.extensions) {
        gtk.gtk_file_filter_add_pattern(filter, cstr(ext === "*" ? "*" : `*.${ext}`));
      }
      gtk.gtk_file_chooser_add_filter(dialog, filter); // the chooser takes its own reference
      ctx.libs.gobject.g_object_unref(filter);
    }
    return new Deferred((resolve) => {
      const id = nextDialog++;
      pending.set(id, { win, dialog, kind: "file", resolve });
      ctx.libs.gobject.g_signal_connect_data(
        dialog,
        cstr("response"),
        callback(),
        Deno.UnsafePointer.create(BigInt(id)),
        null,
        0,
      );
      gtk.gtk_native_dialog_show(dialog);
    });
  },
  dialogMessage(ctx, win, [raw]) {
    ctxRef = ctx;
    const a = raw as MessageDialogRequest;
    const type = a.kind === "warning" ? 1 : a.kind === "error" ? 3 : 0;
    // GTK_DIALOG_MODAL = 1, GTK_BUTTONS_NONE = 0: our own buttons follow.
    const dialog = gtk.gtk_message_dialog_new(win.window, 1, type, 0, null);
    if (!dialog) throw new Error("cannot create the message dialog");
    // Keep it alive across Escape, which lets GTK destroy it (docs/native_linux.md "Dialogs").
    ctx.libs.gobject.g_object_ref(dialog);
    const text = new TextEncoder().encode(a.message);
    const escaped = glib.g_markup_escape_text(text, BigInt(text.length));
    gtk.gtk_message_dialog_set_markup(dialog, escaped);
    ctx.libs.glib.g_free(escaped);
    gtk.gtk_window_set_title(dialog, cstr(a.title ?? ""));
    a.buttons.forEach((label, i) =>
      gtk.gtk_dialog_add_button(dialog, cstr(label), BUTTON_BASE + i)
    );
    gtk.gtk_dialog_set_default_response(dialog, BUTTON_BASE);
    return new Deferred((resolve) => {
      const id = nextDialog++;
      pending.set(id, {
        win,
        dialog,
        kind: "message",
        resolve,
        labels: a.buttons,
        cancel: a.cancel,
      });
      ctx.libs.gobject.g_signal_connect_data(
        dialog,
        cstr("response"),
        callback(),
        Deno.UnsafePointer.create(BigInt(id)),
        null,
        0,
      );
      gtk.gtk_window_present(dialog);
    });
  },
};
