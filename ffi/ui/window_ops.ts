/**
 * Window operations on GTK 4 / WebKitGTK (Linux), run on the UI thread.
 * What GTK 4 left out on X11 (position, frame extents, always-on-top, a
 * maximum size) goes through Xlib on GDK's own connection; where neither
 * can do something (no window manager, Wayland) the op throws saying so. (Over 400 lines: one
 * op per window call, each short; the X11 helpers they share sit beside them.)
 * @module
 */

import { cstr, readCString } from "../native_libs.ts";
import type { NativeLibs } from "./native_libs.ts";
import type { UiOpTable, UiWindow } from "./ui_ops.ts";
import { ToplevelState } from "../symbols/gtk.ts";
import { X11 } from "../symbols/x11.ts";
import { GPriority } from "../symbols/glib.ts";

type Ptr = Deno.PointerObject;

/** What window control remembers per window (in `win.extra`). */
interface Control {
  /** Maximum inner size asked for (logical pixels). */
  maxSize?: { width: number; height: number };
  /** compute-size handler id on `surface`, once connected. */
  computeSizeHandler?: bigint;
  surface?: Ptr;
  hintIdlePending: boolean;
  /** Keep-above as last asked: re-applied after show (GDK rewrites _NET_WM_STATE on map). */
  above: boolean;
  /** Last non-zero inner size (GTK reports 0×0 while hidden). */
  lastSize?: { width: number; height: number };
  /** Outer position to restore on show (the WM re-places a re-shown window). */
  restorePos?: { x: number; y: number };
}

function control(win: UiWindow): Control {
  let c = win.extra.windowControl as Control | undefined;
  if (!c) win.extra.windowControl = c = { hintIdlePending: false, above: false };
  return c;
}

// ---------------------------------------------------------------------------
// argument checks: the show() options arrive here unchecked

function int(v: unknown, what: string, min = -1_000_000): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > 1_000_000) {
    throw new Error(`${what} must be an integer${min > 0 ? ` ≥ ${min}` : ""} (got ${show(v)})`);
  }
  return v;
}

function bool(v: unknown, what: string): boolean {
  if (typeof v !== "boolean") throw new Error(`${what} must be true or false (got ${show(v)})`);
  return v;
}

function size(v: unknown, what: string): { width: number; height: number } {
  if (!v || typeof v !== "object") {
    throw new Error(`${what} must be { width, height } (got ${show(v)})`);
  }
  const o = v as { width?: unknown; height?: unknown };
  return { width: int(o.width, `${what}.width`, 1), height: int(o.height, `${what}.height`, 1) };
}

function show(v: unknown): string {
  try {
    return typeof v === "string" ? JSON.stringify(v) : String(JSON.stringify(v) ?? v);
  } catch {
    return String(v);
  }
}

/** Parses `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` into 0..1 floats. */
export function parseHexColor(v: unknown): [number, number, number, number] {
  const m = typeof v === "string" ? /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(v) : null;
  if (!m) {
    throw new Error(
      `backgroundColor must be a CSS hex colour such as "#1e293b" or "#00000000" (got ${show(v)})`,
    );
  }
  let hex = m[1];
  if (hex.length <= 4) hex = [...hex].map((c) => c + c).join("");
  if (hex.length === 6) hex += "ff";
  const n = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return [n[0], n[1], n[2], n[3]];
}

// ---------------------------------------------------------------------------
// GDK surface and X11 access

export function surfaceOf(libs: NativeLibs, win: UiWindow): Ptr {
  const g = libs.gtk;
  let surface = g.gtk_native_get_surface(win.window);
  if (!surface) {
    // A window created hidden has no surface until realized; realizing does not show it.
    g.gtk_widget_realize(win.window);
    surface = g.gtk_native_get_surface(win.window);
  }
  if (!surface) throw new Error("the window has no GDK surface (GTK could not realize it)");
  return surface;
}

export function isX11(libs: NativeLibs, win: UiWindow): boolean {
  const { gtk, gobject } = libs;
  const display = gtk.gtk_widget_get_display(win.window);
  return display !== null &&
    gobject.g_type_check_instance_is_a(display, gtk.gdk_x11_display_get_type()) !== 0;
}

/** GDK's X11 connection, the root and this window's X id, and its scale. */
export interface Xw {
  x: NonNullable<NativeLibs["x11"]>;
  dpy: Ptr;
  root: bigint;
  xid: bigint;
  scale: number;
}

/** GDK's X11 connection and this window's X id; throws when the display is not X11. */
export function xwin(libs: NativeLibs, win: UiWindow, what: string): Xw {
  const g = libs.gtk;
  if (!isX11(libs, win)) {
    throw new Error(
      `${what} is not possible here: this display is not X11 (on Wayland, applications cannot ${
        what.includes("position") || what.includes("center") ? "place their own windows" : "do this"
      } by protocol)`,
    );
  }
  const x = libs.x11;
  if (!x) throw new Error(`${what} needs Xlib: ${libs.x11Error}`);
  const display = g.gtk_widget_get_display(win.window)!;
  const dpy = g.gdk_x11_display_get_xdisplay(display);
  if (!dpy) throw new Error(`${what}: GDK has no X11 connection`);
  return {
    x,
    dpy,
    root: g.gdk_x11_display_get_xrootwindow(display),
    xid: g.gdk_x11_surface_get_xid(surfaceOf(libs, win)),
    scale: Math.max(1, g.gtk_widget_get_scale_factor(win.window)),
  };
}

const atoms = new Map<string, bigint>();
export function atom(w: Xw, name: string): bigint {
  const key = `${Deno.UnsafePointer.value(w.dpy)}:${name}`;
  let a = atoms.get(key);
  if (a === undefined) atoms.set(key, a = w.x.XInternAtom(w.dpy, cstr(name), 0));
  return a;
}

/** Reads a format-32 property as numbers (Xlib hands them back as 8-byte longs). */
export function longProperty(w: Xw, name: string, type: bigint, max = 64): bigint[] {
  const actualType = new BigUint64Array(1);
  const format = new Int32Array(1);
  const nitems = new BigUint64Array(1);
  const after = new BigUint64Array(1);
  const data = new BigUint64Array(1);
  const rc = w.x.XGetWindowProperty(
    w.dpy,
    w.xid,
    atom(w, name),
    0n,
    BigInt(max),
    0,
    type,
    actualType,
    format,
    nitems,
    after,
    data,
  );
  const p = Deno.UnsafePointer.create(data[0]);
  const out: bigint[] = [];
  if (rc === 0 && p && format[0] === 32) {
    const view = new Deno.UnsafePointerView(p);
    for (let i = 0; i < Number(nitems[0]); i++) out.push(view.getBigUint64(i * 8));
  }
  if (p) w.x.XFree(p);
  return out;
}

/** Whether an EWMH window manager advertising `hint` runs (always true off X11: the compositor decides). */
export function wmSupports(libs: NativeLibs, win: UiWindow, hint: string): boolean {
  if (!isX11(libs, win)) return true;
  const g = libs.gtk;
  const screen = g.gdk_x11_display_get_screen(g.gtk_widget_get_display(win.window)!);
  return screen !== null && g.gdk_x11_screen_supports_net_wm_hint(screen, cstr(hint)) !== 0;
}

export function requireWm(libs: NativeLibs, win: UiWindow, hint: string, what: string): void {
  if (!wmSupports(libs, win, hint)) {
    throw new Error(
      `${what} needs a window manager: none supporting ${hint} (EWMH) runs on this X display, and X11 by itself has no such state`,
    );
  }
}

/** Frame extents (left, right, top, bottom) in logical pixels; zeros without a WM frame. */
export function frameExtents(w: Xw): [number, number, number, number] {
  const v = longProperty(w, "_NET_FRAME_EXTENTS", X11.XA_CARDINAL, 4);
  if (v.length !== 4) return [0, 0, 0, 0];
  return v.map((n) => Number(n) / w.scale) as [number, number, number, number];
}

export function innerPositionX(w: Xw): { x: number; y: number } {
  const xy = new Int32Array(2);
  const child = new BigUint64Array(1);
  w.x.XTranslateCoordinates(w.dpy, w.xid, w.root, 0, 0, xy.subarray(0, 1), xy.subarray(1), child);
  return { x: xy[0] / w.scale, y: xy[1] / w.scale };
}

export function outerPositionX(w: Xw): { x: number; y: number } {
  const p = innerPositionX(w);
  const [left, , top] = frameExtents(w);
  return { x: p.x - left, y: p.y - top };
}

function moveX(w: Xw, x: number, y: number): void {
  // With NorthWest gravity (GDK's default) the WM takes this as the frame's outer corner.
  w.x.XMoveWindow(w.dpy, w.xid, Math.round(x * w.scale), Math.round(y * w.scale));
  w.x.XFlush(w.dpy);
}

function sendAbove(w: Xw, on: boolean): void {
  const ev = new Uint8Array(X11.XEventSize);
  const d = new DataView(ev.buffer);
  d.setInt32(0, X11.ClientMessage, true);
  d.setBigUint64(32, w.xid, true); // window
  d.setBigUint64(40, atom(w, "_NET_WM_STATE"), true); // message_type
  d.setInt32(48, 32, true); // format
  d.setBigInt64(56, on ? 1n : 0n, true); // _NET_WM_STATE_ADD / _REMOVE
  d.setBigUint64(64, atom(w, "_NET_WM_STATE_ABOVE"), true);
  d.setBigInt64(80, 1n, true); // source: an application
  w.x.XSendEvent(w.dpy, w.root, 0, X11.SubstructureMask, ev);
  w.x.XFlush(w.dpy);
}

function isAboveX(w: Xw): boolean {
  return longProperty(w, "_NET_WM_STATE", X11.XA_ATOM).includes(atom(w, "_NET_WM_STATE_ABOVE"));
}

// ---------------------------------------------------------------------------
// maximum size: GTK 4 has no API; GDK rewrites WM_NORMAL_HINTS after each
// compute-size, so we clamp there and put PMaxSize back from an idle.

let libsRef: NativeLibs | undefined;
const maxSized = new Map<number, UiWindow>();
let computeSizeCb:
  | Deno.UnsafeCallback<{ parameters: ["pointer", "pointer", "pointer"]; result: "void" }>
  | undefined;
let hintIdleCb: Deno.UnsafeCallback<{ parameters: ["pointer"]; result: "i32" }> | undefined;

function applyMaxHint(libs: NativeLibs, win: UiWindow): void {
  const c = control(win);
  if (!libs.x11 || !isX11(libs, win)) return;
  // A fixed-size window gets max = min = size from GDK itself.
  if (libs.gtk.gtk_window_get_resizable(win.window) === 0) return;
  const w = xwin(libs, win, "setMaxSize");
  const hints = new Uint8Array(X11.XSizeHintsSize);
  const supplied = new BigInt64Array(1);
  w.x.XGetWMNormalHints(w.dpy, w.xid, hints, supplied);
  const d = new DataView(hints.buffer);
  let flags = d.getBigInt64(0, true);
  if (c.maxSize) {
    flags |= X11.PMaxSize;
    d.setInt32(32, c.maxSize.width * w.scale, true);
    d.setInt32(36, c.maxSize.height * w.scale, true);
  } else {
    flags &= ~X11.PMaxSize;
  }
  d.setBigInt64(0, flags, true);
  w.x.XSetWMNormalHints(w.dpy, w.xid, hints);
  w.x.XFlush(w.dpy);
}

function scheduleHint(libs: NativeLibs, win: UiWindow): void {
  const c = control(win);
  if (c.hintIdlePending) return;
  c.hintIdlePending = true;
  hintIdleCb ??= new Deno.UnsafeCallback(
    { parameters: ["pointer"], result: "i32" } as const,
    (data) => {
      const w = maxSized.get(Number(Deno.UnsafePointer.value(data)));
      if (!w || !libsRef) return 0;
      control(w).hintIdlePending = false;
      if (w.destroyed) {
        maxSized.delete(w.id);
        return 0;
      }
      try {
        applyMaxHint(libsRef, w);
      } catch (e) {
        console.error("panes: cannot re-apply the maximum size hint:", e);
      }
      return 0;
    },
  );
  libs.glib.g_idle_add_full(
    GPriority.Default,
    hintIdleCb.pointer,
    Deno.UnsafePointer.create(BigInt(win.id)),
    null,
  );
}

function connectComputeSize(libs: NativeLibs, win: UiWindow): void {
  const c = control(win);
  const surface = surfaceOf(libs, win);
  if (c.computeSizeHandler !== undefined && c.surface === surface) return;
  libsRef = libs;
  for (const [id, w] of maxSized) if (w.destroyed) maxSized.delete(id); // nothing grows per window
  maxSized.set(win.id, win);
  computeSizeCb ??= new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
    (_surface, sizePtr, data) => {
      const w = maxSized.get(Number(Deno.UnsafePointer.value(data)));
      if (!w || w.destroyed || !libsRef || !sizePtr) return;
      const max = control(w).maxSize;
      if (max) {
        // GdkToplevelSize: { int bounds_width, bounds_height, width, height, ... } (stable since 4.0).
        const view = new Deno.UnsafePointerView(sizePtr);
        const width = view.getInt32(8), height = view.getInt32(12);
        if (width > max.width || height > max.height) {
          libsRef.gtk.gdk_toplevel_size_set_size(
            sizePtr,
            Math.min(width, max.width),
            Math.min(height, max.height),
          );
        }
      }
      scheduleHint(libsRef, w);
    },
  );
  c.surface = surface;
  // G_CONNECT_AFTER (1): run after GtkWindow's own handler has set the size.
  c.computeSizeHandler = libs.gobject.g_signal_connect_data(
    surface,
    cstr("compute-size"),
    computeSizeCb.pointer,
    Deno.UnsafePointer.create(BigInt(win.id)),
    null,
    1,
  );
}

function setMaxSize(libs: NativeLibs, win: UiWindow, arg: unknown): void {
  const max = arg === null ? undefined : size(arg, "maxSize");
  if (!isX11(libs, win)) {
    throw new Error(
      "setMaxSize is not possible here: GTK 4 has no maximum-size API and this display is not X11",
    );
  }
  if (max && !wmSupports(libs, win, "_NET_WM_STATE")) {
    throw new Error(
      "setMaxSize needs a window manager: the maximum size is a hint (WM_NORMAL_HINTS) that only a window manager enforces, and none runs on this X display",
    );
  }
  control(win).maxSize = max;
  connectComputeSize(libs, win);
  applyMaxHint(libs, win);
  // Clamp the current size now, not at the next resize.
  libs.gtk.gtk_widget_queue_resize(win.window);
}

// ---------------------------------------------------------------------------
// the ops

function innerSize(libs: NativeLibs, win: UiWindow): { width: number; height: number } {
  const c = control(win);
  const width = libs.gtk.gtk_widget_get_width(win.window);
  const height = libs.gtk.gtk_widget_get_height(win.window);
  if (width > 0 && height > 0) return c.lastSize = { width, height };
  if (c.lastSize) return c.lastSize;
  const def = new Int32Array(2);
  libs.gtk.gtk_window_get_default_size(win.window, def.subarray(0, 1), def.subarray(1));
  return { width: def[0], height: def[1] };
}

export function mapped(libs: NativeLibs, win: UiWindow): boolean {
  return libs.gtk.gtk_widget_get_mapped(win.window) !== 0;
}

function toplevelState(libs: NativeLibs, win: UiWindow): number {
  const surface = libs.gtk.gtk_native_get_surface(win.window);
  return surface ? libs.gtk.gdk_toplevel_get_state(surface) : 0;
}

function position(libs: NativeLibs, win: UiWindow, outer: boolean, what: string) {
  const c = control(win);
  if (!mapped(libs, win) && c.restorePos) {
    if (outer) return c.restorePos;
  }
  const w = xwin(libs, win, what);
  return outer ? outerPositionX(w) : innerPositionX(w);
}

function setPosition(libs: NativeLibs, win: UiWindow, x: number, y: number): void {
  const w = xwin(libs, win, "setPosition");
  if (!mapped(libs, win)) control(win).restorePos = { x, y };
  moveX(w, x, y);
}

function center(libs: NativeLibs, win: UiWindow): { x: number; y: number } {
  const w = xwin(libs, win, "center");
  const g = libs.gtk;
  const monitor = g.gdk_display_get_monitor_at_surface(
    g.gtk_widget_get_display(win.window)!,
    surfaceOf(libs, win),
  );
  if (!monitor) throw new Error("center: GDK knows no monitor for this window");
  const geo = new Int32Array(4);
  g.gdk_monitor_get_geometry(monitor, geo);
  const inner = innerSize(libs, win);
  const [l, r, t, b] = frameExtents(w);
  const x = Math.round(geo[0] + (geo[2] - (inner.width + l + r)) / 2);
  const y = Math.round(geo[1] + (geo[3] - (inner.height + t + b)) / 2);
  setPosition(libs, win, x, y);
  return { x, y };
}

function setVisible(libs: NativeLibs, win: UiWindow, visible: boolean): void {
  const c = control(win);
  const isVisible = libs.gtk.gtk_widget_get_visible(win.window) !== 0;
  if (!visible) {
    if (!isVisible) return;
    innerSize(libs, win); // remember it: GTK reports 0×0 while hidden
    if (mapped(libs, win) && isX11(libs, win) && libs.x11) {
      c.restorePos = outerPositionX(xwin(libs, win, "hide"));
    }
    libs.gtk.gtk_widget_set_visible(win.window, 0);
    return;
  }
  libs.gtk.gtk_widget_set_visible(win.window, 1);
  libs.gtk.gtk_window_present(win.window);
  if (!isX11(libs, win) || !libs.x11) return;
  const w = xwin(libs, win, "show");
  // The WM places a re-mapped window anew, and GDK rewrites _NET_WM_STATE on map.
  if (c.restorePos) moveX(w, c.restorePos.x, c.restorePos.y);
  c.restorePos = undefined;
  if (c.above) sendAbove(w, true);
}

function setAlwaysOnTop(libs: NativeLibs, win: UiWindow, on: boolean): void {
  requireWm(libs, win, "_NET_WM_STATE_ABOVE", "setAlwaysOnTop");
  const w = xwin(libs, win, "setAlwaysOnTop");
  control(win).above = on;
  // EWMH: a mapped window changes state by message; an unmapped one gets it on show.
  if (mapped(libs, win)) sendAbove(w, on);
}

function setBackgroundColor(libs: NativeLibs, win: UiWindow, color: unknown): void {
  const rgba = new Float32Array(parseHexColor(color));
  libs.webkit.webkit_web_view_set_background_color(win.view, new Uint8Array(rgba.buffer));
}

function backgroundColor(libs: NativeLibs, win: UiWindow): string {
  const rgba = new Float32Array(4);
  libs.webkit.webkit_web_view_get_background_color(win.view, new Uint8Array(rgba.buffer));
  return "#" +
    [...rgba].map((f) =>
      Math.round(Math.min(1, Math.max(0, f)) * 255).toString(16).padStart(2, "0")
    )
      .join("");
}

function setZoom(libs: NativeLibs, win: UiWindow, zoom: unknown): void {
  if (typeof zoom !== "number" || !Number.isFinite(zoom) || zoom < 0.05 || zoom > 20) {
    throw new Error(`zoom must be a number between 0.05 and 20 (1 = 100%; got ${show(zoom)})`);
  }
  libs.webkit.webkit_web_view_set_zoom_level(win.view, zoom);
}

function inspector(libs: NativeLibs, win: UiWindow): Ptr {
  const w = libs.webkit;
  const settings = w.webkit_web_view_get_settings(win.view);
  if (settings) w.webkit_settings_set_enable_developer_extras(settings, 1);
  const ins = w.webkit_web_view_get_inspector(win.view);
  if (!ins) throw new Error("WebKit gave no inspector for this view");
  return ins;
}

function maximize(libs: NativeLibs, win: UiWindow, on: boolean): boolean {
  requireWm(libs, win, "_NET_WM_STATE_MAXIMIZED_VERT", on ? "maximize" : "unmaximize");
  if (on) libs.gtk.gtk_window_maximize(win.window);
  else libs.gtk.gtk_window_unmaximize(win.window);
  return mapped(libs, win); // a hidden window takes it when shown: nothing to wait for
}

function minimize(libs: NativeLibs, win: UiWindow, on: boolean): boolean {
  requireWm(libs, win, "_NET_WM_STATE_HIDDEN", on ? "minimize" : "unminimize");
  if (on) libs.gtk.gtk_window_minimize(win.window);
  else libs.gtk.gtk_window_unminimize(win.window);
  return libs.gtk.gtk_widget_get_visible(win.window) !== 0;
}

function fullscreen(libs: NativeLibs, win: UiWindow, on: boolean): boolean {
  requireWm(libs, win, "_NET_WM_STATE_FULLSCREEN", "setFullscreen");
  if (on) libs.gtk.gtk_window_fullscreen(win.window);
  else libs.gtk.gtk_window_unfullscreen(win.window);
  return mapped(libs, win);
}

function isAlwaysOnTop(libs: NativeLibs, win: UiWindow): boolean {
  if (!isX11(libs, win) || !libs.x11) return false;
  if (!mapped(libs, win)) return control(win).above;
  return isAboveX(xwin(libs, win, "isAlwaysOnTop"));
}

/** Window control ops (extends the basic ones; applyShowProps serves `app.show()`). */
export const windowOps: UiOpTable = {
  setTitle({ libs }, win, [title]) {
    if (typeof title !== "string") throw new Error(`title must be a string (got ${show(title)})`);
    libs.gtk.gtk_window_set_title(win.window, cstr(title));
  },
  title({ libs }, win) {
    return readCString(libs.gtk.gtk_window_get_title(win.window));
  },
  setVisible({ libs }, win, [visible]) {
    setVisible(libs, win, bool(visible, "visible"));
  },
  isVisible({ libs }, win) {
    return libs.gtk.gtk_widget_get_visible(win.window) !== 0;
  },
  innerSize({ libs }, win) {
    return innerSize(libs, win);
  },
  /** Every monitor's rectangle in the display's coordinates (window-state checks a saved place). */
  monitors({ libs }, win) {
    const g = libs.gtk;
    const list = g.gdk_display_get_monitors(g.gtk_widget_get_display(win.window)!);
    const out: Array<{ x: number; y: number; width: number; height: number }> = [];
    if (!list) return out;
    const n = libs.gio.g_list_model_get_n_items(list);
    const geo = new Int32Array(4);
    for (let i = 0; i < n; i++) {
      const monitor = libs.gio.g_list_model_get_item(list, i);
      if (!monitor) continue;
      g.gdk_monitor_get_geometry(monitor, geo);
      libs.gobject.g_object_unref(monitor); // get_item hands out a reference
      out.push({ x: geo[0], y: geo[1], width: geo[2], height: geo[3] });
    }
    return out;
  },
  /** The size the window has when neither maximized nor fullscreen (GTK keeps it as the default size). */
  normalSize({ libs }, win) {
    const def = new Int32Array(2);
    libs.gtk.gtk_window_get_default_size(win.window, def.subarray(0, 1), def.subarray(1));
    return def[0] > 0 && def[1] > 0 ? { width: def[0], height: def[1] } : null;
  },
  outerSize({ libs }, win) {
    const inner = innerSize(libs, win);
    if (!isX11(libs, win) || !libs.x11) return inner;
    const [l, r, t, b] = frameExtents(xwin(libs, win, "outerSize"));
    return { width: inner.width + l + r, height: inner.height + t + b };
  },
  innerPosition({ libs }, win) {
    return position(libs, win, false, "innerPosition");
  },
  outerPosition({ libs }, win) {
    return position(libs, win, true, "outerPosition");
  },
  url({ libs }, win) {
    return readCString(libs.webkit.webkit_web_view_get_uri(win.view));
  },
  setSize({ libs }, win, [width, height]) {
    const w = int(width, "width", 1), h = int(height, "height", 1);
    libs.gtk.gtk_window_set_default_size(win.window, w, h);
    const c = control(win);
    // What to wait for: the size clamped to min and max, if the window shows it now.
    const req = new Int32Array(2);
    libs.gtk.gtk_widget_get_size_request(win.window, req.subarray(0, 1), req.subarray(1));
    let tw = Math.max(w, req[0]), th = Math.max(h, req[1]);
    if (c.maxSize) {
      tw = Math.min(tw, Math.max(c.maxSize.width, req[0]));
      th = Math.min(th, Math.max(c.maxSize.height, req[1]));
    }
    const free = mapped(libs, win) && !libs.gtk.gtk_window_is_maximized(win.window) &&
      !libs.gtk.gtk_window_is_fullscreen(win.window) &&
      !(toplevelState(libs, win) & ToplevelState.Minimized);
    if (!free) c.lastSize = { width: tw, height: th };
    return free ? { width: tw, height: th } : null;
  },
  setMinSize({ libs }, win, [arg]) {
    const min = arg === null ? { width: -1, height: -1 } : size(arg, "minSize");
    libs.gtk.gtk_widget_set_size_request(win.window, min.width, min.height);
  },
  setMaxSize({ libs }, win, [arg]) {
    setMaxSize(libs, win, arg);
  },
  setPosition({ libs }, win, [x, y]) {
    setPosition(libs, win, int(x, "x"), int(y, "y"));
    return mapped(libs, win);
  },
  center({ libs }, win) {
    const p = center(libs, win);
    return mapped(libs, win) ? p : null;
  },
  maximize: ({ libs }, win) => maximize(libs, win, true),
  unmaximize: ({ libs }, win) => maximize(libs, win, false),
  minimize: ({ libs }, win) => minimize(libs, win, true),
  unminimize: ({ libs }, win) => minimize(libs, win, false),
  setFullscreen: ({ libs }, win, [on]) => fullscreen(libs, win, bool(on, "fullscreen")),
  setFocus({ libs }, win) {
    libs.gtk.gtk_window_present(win.window);
    return mapped(libs, win);
  },
  setDecorations({ libs }, win, [on]) {
    libs.gtk.gtk_window_set_decorated(win.window, bool(on, "decorations") ? 1 : 0);
  },
  setAlwaysOnTop({ libs }, win, [on]) {
    setAlwaysOnTop(libs, win, bool(on, "alwaysOnTop"));
    return mapped(libs, win);
  },
  setResizable({ libs }, win, [on]) {
    libs.gtk.gtk_window_set_resizable(win.window, bool(on, "resizable") ? 1 : 0);
  },
  setBackgroundColor({ libs }, win, [color]) {
    setBackgroundColor(libs, win, color);
  },
  backgroundColor: ({ libs }, win) => backgroundColor(libs, win),
  setZoom({ libs }, win, [zoom]) {
    setZoom(libs, win, zoom);
  },
  zoom: ({ libs }, win) => libs.webkit.webkit_web_view_get_zoom_level(win.view),
  reload({ libs }, win) {
    // App content is served from panes://, so WebKit's reload fetches the same HTML again.
    libs.webkit.webkit_web_view_reload(win.view);
  },
  openDevtools({ libs }, win) {
    libs.webkit.webkit_web_inspector_show(inspector(libs, win));
  },
  closeDevtools({ libs }, win) {
    libs.webkit.webkit_web_inspector_close(inspector(libs, win));
  },
  isDevtoolsOpen({ libs }, win) {
    const ins = libs.webkit.webkit_web_view_get_inspector(win.view);
    return ins !== null && libs.webkit.webkit_web_inspector_get_web_view(ins) !== null;
  },
  isMaximized: ({ libs }, win) => libs.gtk.gtk_window_is_maximized(win.window) !== 0,
  isFullscreen: ({ libs }, win) => libs.gtk.gtk_window_is_fullscreen(win.window) !== 0,
  isMinimized: ({ libs }, win) => (toplevelState(libs, win) & ToplevelState.Minimized) !== 0,
  isFocused: ({ libs }, win) => libs.gtk.gtk_window_is_active(win.window) !== 0,
  isDecorated: ({ libs }, win) => libs.gtk.gtk_window_get_decorated(win.window) !== 0,
  isResizable: ({ libs }, win) => libs.gtk.gtk_window_get_resizable(win.window) !== 0,
  isAlwaysOnTop: ({ libs }, win) => isAlwaysOnTop(libs, win),
  scaleFactor: ({ libs }, win) => libs.gtk.gtk_widget_get_scale_factor(win.window),
  /** Every getter at once (one round trip, for live state displays). */
  windowState({ libs }, win) {
    const ops = windowOps;
    const ctx = { libs, post: () => {} };
    const get = (name: string) => {
      try {
        return ops[name](ctx, win, []);
      } catch {
        return null; // e.g. position on Wayland: the single getter explains why
      }
    };
    return Object.fromEntries(
      [
        "title",
        "url",
        "isVisible",
        "isMaximized",
        "isMinimized",
        "isFullscreen",
        "isFocused",
        "isDecorated",
        "isResizable",
        "isAlwaysOnTop",
        "innerSize",
        "outerSize",
        "innerPosition",
        "outerPosition",
        "zoom",
        "scaleFactor",
        "backgroundColor",
        "isDevtoolsOpen",
      ].map((n) => [n, get(n)]),
    );
  },
  applyShowProps({ libs }, win, [raw]) {
    if (!raw || typeof raw !== "object") {
      throw new Error("show: window properties must be an object");
    }
    const p = raw as Record<string, unknown>;
    if ((p.x === undefined) !== (p.y === undefined)) {
      throw new Error("show: x and y must be given together");
    }
    if (p.center !== undefined && bool(p.center, "center") && p.x !== undefined) {
      throw new Error("show: center and x/y cannot be combined");
    }
    // Check everything before changing anything.
    if (p.resizable !== undefined) bool(p.resizable, "resizable");
    if (p.decorations !== undefined) bool(p.decorations, "decorations");
    if (p.alwaysOnTop !== undefined) bool(p.alwaysOnTop, "alwaysOnTop");
    if (p.fullscreen !== undefined) bool(p.fullscreen, "fullscreen");
    if (p.maximized !== undefined) bool(p.maximized, "maximized");
    if (p.devtools !== undefined) bool(p.devtools, "devtools");
    if (p.minSize !== undefined) size(p.minSize, "minSize");
    if (p.maxSize !== undefined) size(p.maxSize, "maxSize");
    if (p.x !== undefined) int(p.x, "x"), int(p.y, "y");
    if (p.backgroundColor !== undefined) parseHexColor(p.backgroundColor);
    if (p.zoom !== undefined) setZoom(libs, win, p.zoom);

    const g = libs.gtk;
    if (p.resizable !== undefined) g.gtk_window_set_resizable(win.window, p.resizable ? 1 : 0);
    if (p.decorations !== undefined) g.gtk_window_set_decorated(win.window, p.decorations ? 1 : 0);
    if (p.minSize !== undefined) {
      const m = size(p.minSize, "minSize");
      g.gtk_widget_set_size_request(win.window, m.width, m.height);
    }
    if (p.maxSize !== undefined) setMaxSize(libs, win, p.maxSize);
    if (p.backgroundColor !== undefined) setBackgroundColor(libs, win, p.backgroundColor);
    if (p.x !== undefined) setPosition(libs, win, p.x as number, p.y as number);
    if (p.center === true) center(libs, win);
    // false is how a new window starts: asking for it must not need a window manager.
    if (p.alwaysOnTop === true) setAlwaysOnTop(libs, win, true);
    if (p.maximized === true) maximize(libs, win, true);
    if (p.fullscreen === true) fullscreen(libs, win, true);
    if (p.devtools === true) libs.webkit.webkit_web_inspector_show(inspector(libs, win));
  },
};
