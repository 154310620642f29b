/**
 * Files dropped on a window, for Tauri's `tauri://drag-enter` / `drag-over` / `drag-drop` /
 * `drag-leave`, on the UI thread: a GtkDropTarget for GdkFileList (what file managers offer as
 * `text/uri-list`) on the webview, in the capture phase so that it sees a file drag before
 * WebKit does. It is added only once a page listens for those events (until then WebKit's own
 * drops reach the page as ever) and never for a window opened with `dragDropEnabled: false`.
 * Tauri's sequence: enter (paths, once GTK has loaded them), over (each move), then drop (paths)
 * or leave; positions in physical pixels from the webview's top-left corner.
 * @module
 */

import { cstr } from "../native_libs.ts";
import type { NativeLibs } from "./native_libs.ts";
import type { OpContext, UiOpTable, UiWindow } from "./ui_ops.ts";

const COPY = 1; // GDK_ACTION_COPY
const CAPTURE = 1; // GTK_PHASE_CAPTURE

interface DropState {
  target: Deno.PointerObject;
  /** idle → waiting (entered, paths loading) → entered → dropped (leave is then not a leave). */
  phase: "idle" | "waiting" | "entered" | "dropped";
  x: number;
  y: number;
}

let post: OpContext["post"] | undefined;
let libsRef: NativeLibs | undefined;
const windows = new Map<number, UiWindow>();

function stateOf(data: Deno.PointerValue): [UiWindow, DropState] | undefined {
  const win = windows.get(Number(Deno.UnsafePointer.value(data)));
  if (!win || win.destroyed) return undefined;
  return [win, win.extra.tauriDrop as DropState];
}

/** The local paths in a GValue holding a GdkFileList (files without a path are left out). */
function pathsOf(libs: NativeLibs, value: Deno.PointerValue): string[] | undefined {
  if (!value) return undefined;
  const list = libs.gobject.g_value_get_boxed(value);
  if (!list) return undefined;
  const paths: string[] = [];
  const head = libs.gtk.gdk_file_list_get_files(list);
  for (let node = head; node;) {
    const v = new Deno.UnsafePointerView(node);
    const file = v.getPointer(0);
    const p = file ? libs.gio.g_file_get_path(file) : null;
    if (p) {
      paths.push(new Deno.UnsafePointerView(p).getCString());
      libs.glib.g_free(p);
    }
    node = v.getPointer(8);
  }
  if (head) libs.glib.g_slist_free(head);
  return paths;
}

function send(win: UiWindow, s: DropState, kind: string, paths?: string[]): void {
  const scale = libsRef!.gtk.gtk_widget_get_scale_factor(win.view);
  const position = { x: s.x * scale, y: s.y * scale };
  const data = kind === "leave" ? { kind } : paths ? { kind, paths, position } : { kind, position };
  post?.({ t: "signal", id: win.id, name: "tauri-drag", data });
}

// Enter once the paths are known: at once when GTK preloaded them, else at notify::value.
function tryEnter(win: UiWindow, s: DropState): void {
  if (s.phase !== "waiting" || !libsRef) return;
  const paths = pathsOf(libsRef, libsRef.gtk.gtk_drop_target_get_value(s.target));
  if (!paths) return;
  s.phase = "entered";
  send(win, s, "enter", paths);
}

const enterCb = new Deno.UnsafeCallback(
  { parameters: ["pointer", "f64", "f64", "pointer"], result: "i32" } as const,
  (_t, x, y, data) => {
    const found = stateOf(data);
    if (!found) return 0;
    const [win, s] = found;
    s.phase = "waiting";
    s.x = x;
    s.y = y;
    tryEnter(win, s);
    return COPY;
  },
);
const valueCb = new Deno.UnsafeCallback(
  { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
  (_t, _pspec, data) => {
    const found = stateOf(data);
    if (found) tryEnter(...found);
  },
);
const motionCb = new Deno.UnsafeCallback(
  { parameters: ["pointer", "f64", "f64", "pointer"], result: "i32" } as const,
  (_t, x, y, data) => {
    const found = stateOf(data);
    if (!found) return 0;
    const [win, s] = found;
    s.x = x;
    s.y = y;
    if (s.phase === "entered") send(win, s, "over");
    return COPY;
  },
);
const leaveCb = new Deno.UnsafeCallback(
  { parameters: ["pointer", "pointer"], result: "void" } as const,
  (_t, data) => {
    const found = stateOf(data);
    if (!found) return;
    const [win, s] = found;
    // GTK also leaves after a drop; Tauri reports a drop or a leave, not both.
    if (s.phase === "entered") send(win, s, "leave");
    s.phase = "idle";
  },
);
const dropCb = new Deno.UnsafeCallback(
  { parameters: ["pointer", "pointer", "f64", "f64", "pointer"], result: "i32" } as const,
  (_t, value, x, y, data) => {
    const found = stateOf(data);
    if (!found || !libsRef) return 0;
    const [win, s] = found;
    const paths = pathsOf(libsRef, value) ?? [];
    s.x = x;
    s.y = y;
    if (s.phase !== "entered") send(win, s, "enter", paths); // dropped before the paths loaded
    s.phase = "dropped";
    send(win, s, "drop", paths);
    return 1;
  },
);

/** The op: add the drop target to this window's webview (once). */
export const fileDropOps: UiOpTable = {
  tauriDropWatch(ctx, win) {
    post = ctx.post;
    libsRef = ctx.libs;
    if (win.extra.tauriDrop) return;
    const { gtk, gobject } = ctx.libs;
    const target = gtk.gtk_drop_target_new(gtk.gdk_file_list_get_type(), COPY);
    if (!target) throw new Error("GTK could not make a drop target");
    gtk.gtk_drop_target_set_preload(target, 1);
    gtk.gtk_event_controller_set_propagation_phase(target, CAPTURE);
    win.extra.tauriDrop = { target, phase: "idle", x: 0, y: 0 } satisfies DropState;
    windows.set(win.id, win);
    for (const [id, w] of windows) if (w.destroyed) windows.delete(id);
    const idArg = Deno.UnsafePointer.create(BigInt(win.id));
    const connect = (signal: string, cb: { pointer: Deno.PointerObject }) =>
      gobject.g_signal_connect_data(target, cstr(signal), cb.pointer, idArg, null, 0);
    connect("enter", enterCb);
    connect("notify::value", valueCb);
    connect("motion", motionCb);
    connect("leave", leaveCb);
    connect("drop", dropCb);
    gtk.gtk_widget_add_controller(win.view, target); // the widget owns it from here
  },
};
