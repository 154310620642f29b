/**
 * The native window events Tauri forwards to pages (app/core/window/events.ts), on the UI thread:
 * moves and resizes (X11 ConfigureNotify, seen through GdkX11Display::xevent once a page
 * listens), scale changes, and a close the page may prevent (a second close-request handler that
 * holds the close while the page listens for `tauri://close-requested`).
 * @module
 */

import { cstr } from "../native_libs.ts";
import type { NativeLibs } from "./native_libs.ts";
import type { OpContext, UiOpTable, UiWindow } from "./ui_ops.ts";
import { X11 } from "../symbols/x11.ts";
import { isX11, longProperty, xwin } from "./window_ops.ts";

/** What the event ops remember per window (in `win.extra`). */
interface EventState {
  /** The page listens for close requests: the title bar's close waits for it. */
  interceptClose: boolean;
  closeHandler?: bigint;
  watched: boolean;
}

function state(win: UiWindow): EventState {
  let s = win.extra.tauriEvents as EventState | undefined;
  if (!s) win.extra.tauriEvents = s = { interceptClose: false, watched: false };
  return s;
}

function bool(v: unknown, what: string): boolean {
  if (typeof v !== "boolean") throw new Error(`${what} must be true or false (got ${v})`);
  return v;
}

let post: OpContext["post"] | undefined;
const byXid = new Map<bigint, UiWindow>();
let watchedDisplay = false;
const xy = new Int32Array(2);
const child = new BigUint64Array(1);

function configured(libs: NativeLibs, win: UiWindow): void {
  if (win.destroyed || !post || !libs.x11) return;
  const w = xwin(libs, win, "configure");
  w.x.XTranslateCoordinates(w.dpy, w.xid, w.root, 0, 0, xy.subarray(0, 1), xy.subarray(1), child);
  const frame = longProperty(w, "_NET_FRAME_EXTENTS", X11.XA_CARDINAL, 4).map(Number);
  const [left, top] = frame.length === 4 ? [frame[0], frame[2]] : [0, 0];
  const width = libs.gtk.gtk_widget_get_width(win.window) * w.scale;
  const height = libs.gtk.gtk_widget_get_height(win.window) * w.scale;
  post({
    t: "signal",
    id: win.id,
    name: "tauri-configure",
    data: { x: xy[0] - left, y: xy[1] - top, width, height },
  });
}

// GdkX11Display::xevent sees every X event before GDK: ConfigureNotify (22) on one of ours
// means it moved or changed size. GDK has not applied it yet, so read back after it has.
let libsRef: NativeLibs | undefined;
const pending = new Set<UiWindow>();
const idleCb = new Deno.UnsafeCallback(
  { parameters: ["pointer"], result: "i32" } as const,
  () => {
    for (const w of pending) {
      try {
        if (libsRef) configured(libsRef, w);
      } catch {
        // gone between the event and now
      }
    }
    pending.clear();
    return 0;
  },
);
const xeventCb = new Deno.UnsafeCallback(
  { parameters: ["pointer", "pointer", "pointer"], result: "i32" } as const,
  (_display, xevent) => {
    if (!xevent || !libsRef) return 0;
    const v = new Deno.UnsafePointerView(xevent);
    if (v.getInt32(0) !== 22) return 0; // ConfigureNotify
    const win = byXid.get(v.getBigUint64(40)); // XConfigureEvent.window
    if (!win || win.destroyed) return 0;
    if (pending.size === 0) {
      libsRef.glib.g_idle_add_full(200, idleCb.pointer, null, null); // after GDK's resize work
    }
    pending.add(win);
    return 0; // GDK handles it as always
  },
);
const scaleCb = new Deno.UnsafeCallback(
  { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
  (object, _pspec, data) => {
    const id = Number(Deno.UnsafePointer.value(data));
    if (!post || !libsRef || !object) return;
    const g = libsRef.gtk;
    const scale = g.gtk_widget_get_scale_factor(object);
    post({
      t: "signal",
      id,
      name: "tauri-scale",
      data: {
        scaleFactor: scale,
        size: {
          width: g.gtk_widget_get_width(object) * scale,
          height: g.gtk_widget_get_height(object) * scale,
        },
      },
    });
  },
);
const intercepting = new Map<number, UiWindow>();
const closeCb = new Deno.UnsafeCallback(
  { parameters: ["pointer", "pointer"], result: "i32" } as const,
  (_window, data) => {
    const win = intercepting.get(Number(Deno.UnsafePointer.value(data)));
    if (!win || win.destroyed || !state(win).interceptClose) return 0;
    // Tauri's rule: a page listening for close requests decides; it destroys the window itself.
    post?.({ t: "signal", id: win.id, name: "tauri-close-requested" });
    return 1;
  },
);

function watch(ctx: OpContext, win: UiWindow): void {
  const { libs } = ctx;
  post = ctx.post;
  libsRef = libs;
  const s = state(win);
  if (s.watched) return;
  s.watched = true;
  const idArg = Deno.UnsafePointer.create(BigInt(win.id));
  libs.gobject.g_signal_connect_data(
    win.window,
    cstr("notify::scale-factor"),
    scaleCb.pointer,
    idArg,
    null,
    0,
  );
  if (!isX11(libs, win) || !libs.x11) return; // moves are not visible to a Wayland client
  for (const [xid, w] of byXid) if (w.destroyed) byXid.delete(xid);
  byXid.set(xwin(libs, win, "watch").xid, win);
  if (!watchedDisplay) {
    watchedDisplay = true;
    libs.gobject.g_signal_connect_data(
      libs.gtk.gtk_widget_get_display(win.window)!,
      cstr("xevent"),
      xeventCb.pointer,
      null,
      null,
      0,
    );
  }
}

/** The event ops: arm the close interception, start watching configure and scale. */
export const tauriEventOps: UiOpTable = {
  tauriCloseIntercept(ctx, win, [on]) {
    const { libs } = ctx;
    post = ctx.post;
    const s = state(win);
    s.interceptClose = bool(on, "intercept");
    if (s.closeHandler === undefined) {
      intercepting.set(win.id, win);
      for (const [id, w] of intercepting) if (w.destroyed) intercepting.delete(id);
      s.closeHandler = libs.gobject.g_signal_connect_data(
        win.window,
        cstr("close-request"),
        closeCb.pointer,
        Deno.UnsafePointer.create(BigInt(win.id)),
        null,
        0,
      );
    }
  },
  tauriWatch(ctx, win) {
    watch(ctx, win);
    configured(ctx.libs, win); // where it is now: later events report changes from here
  },
};
