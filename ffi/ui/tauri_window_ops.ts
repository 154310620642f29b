/**
 * UI-thread ops for Tauri's window API (app/core/window/) beyond panes' window control: the
 * window manager's allowed actions (maximizable, minimizable, closable), input sensitivity,
 * EWMH states (below, skip-taskbar, attention, all workspaces), monitors as Tauri describes them
 * (physical pixels, work area, scale), the pointer (position, warp, grab), click-through,
 * interactive move/resize, and the native events Tauri forwards (configure, scale, a close the
 * page may prevent: `tauri_window_events.ts`). X11 only where the protocol is; each op says so
 * otherwise.
 * @module
 */

import { readCString, SONAMES } from "../native_libs.ts";
import { bindOnUse } from "../native_libs.ts";
import type { NativeLibs } from "./native_libs.ts";
import type { UiOpTable, UiWindow } from "./ui_ops.ts";
import { X11 } from "../symbols/x11.ts";
import { tauriGtkSymbols, tauriX11Symbols, tauriXextSymbols } from "../symbols/tauri_window.ts";
import { tauriEventOps } from "./tauri_window_events.ts";
import { systemThemeOps } from "./tauri_system_theme.ts";
import { fileDropOps } from "./tauri_file_drop.ts";
import {
  atom,
  isX11,
  longProperty,
  mapped,
  requireWm,
  surfaceOf,
  type Xw,
  xwin,
} from "./window_ops.ts";

type Ptr = Deno.PointerObject;

const gtkx = bindOnUse(SONAMES.gtk, tauriGtkSymbols);
const x11x = bindOnUse(SONAMES.x11, tauriX11Symbols);
const xext = bindOnUse("libXext.so.6", tauriXextSymbols);

/** What these ops remember per window (in `win.extra`). */
interface TauriState {
  maximizable: boolean;
  minimizable: boolean;
  closable: boolean;
  grab: boolean;
  ignoreCursor: boolean;
}

function state(win: UiWindow): TauriState {
  let s = win.extra.tauriWindow as TauriState | undefined;
  if (!s) {
    win.extra.tauriWindow = s = {
      maximizable: true,
      minimizable: true,
      closable: true,
      grab: false,
      ignoreCursor: false,
    };
  }
  return s;
}

function bool(v: unknown, what: string): boolean {
  if (typeof v !== "boolean") throw new Error(`${what} must be true or false (got ${v})`);
  return v;
}

function int(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || Math.abs(v) > 1_000_000) {
    throw new Error(`${what} must be an integer (got ${v})`);
  }
  return v;
}

/** An EWMH client message to the root window (how a mapped window asks the WM for a state). */
function sendClient(w: Xw, type: string, data: bigint[]): void {
  const ev = new Uint8Array(X11.XEventSize);
  const d = new DataView(ev.buffer);
  d.setInt32(0, X11.ClientMessage, true);
  d.setBigUint64(32, w.xid, true);
  d.setBigUint64(40, atom(w, type), true);
  d.setInt32(48, 32, true);
  data.forEach((v, i) => d.setBigInt64(56 + i * 8, v, true));
  w.x.XSendEvent(w.dpy, w.root, 0, X11.SubstructureMask, ev);
  w.x.XFlush(w.dpy);
}

function setWmState(libs: NativeLibs, win: UiWindow, name: string, on: boolean, what: string) {
  requireWm(libs, win, name, what);
  const w = xwin(libs, win, what);
  // _NET_WM_STATE_ADD (1) / _REMOVE (0), one property, source: an application (1).
  sendClient(w, "_NET_WM_STATE", [on ? 1n : 0n, atom(w, name), 0n, 1n]);
}

function hasWmState(libs: NativeLibs, win: UiWindow, name: string): boolean {
  if (!isX11(libs, win) || !libs.x11 || !mapped(libs, win)) return false;
  const w = xwin(libs, win, "a window state");
  return longProperty(w, "_NET_WM_STATE", X11.XA_ATOM).includes(atom(w, name));
}

// Motif hints: what the WM offers for the window. Functions listed positively (without
// MWM_FUNC_ALL), the form every EWMH window manager honours; all allowed = MWM_FUNC_ALL.
const MWM_HINTS_FUNCTIONS = 1n;
const MWM_FUNC_ALL = 1n, MWM_FUNC_RESIZE = 2n, MWM_FUNC_MOVE = 4n;
const MWM_FUNC_MINIMIZE = 8n, MWM_FUNC_MAXIMIZE = 16n, MWM_FUNC_CLOSE = 32n;

function applyActions(libs: NativeLibs, win: UiWindow): void {
  const s = state(win);
  // GTK's own flag first: it drops the close button where GTK draws the title bar, and it
  // rewrites the Motif hints, so ours go on after it.
  gtkx.gtk_window_set_deletable(win.window, s.closable ? 1 : 0);
  if (!isX11(libs, win) || !libs.x11) {
    if (!s.maximizable || !s.minimizable) {
      throw new Error(
        "maximizable/minimizable are window-manager hints (Motif functions) that exist on X11 only; this display is not X11",
      );
    }
    return;
  }
  const w = xwin(libs, win, "the window's allowed actions");
  const type = atom(w, "_MOTIF_WM_HINTS");
  const old = longProperty(w, "_MOTIF_WM_HINTS", type, 5);
  const hints = new BigInt64Array(5);
  old.forEach((v, i) => hints[i] = BigInt.asIntN(64, v));
  hints[0] |= MWM_HINTS_FUNCTIONS;
  hints[1] = s.maximizable && s.minimizable && s.closable
    ? MWM_FUNC_ALL
    : MWM_FUNC_RESIZE | MWM_FUNC_MOVE | (s.minimizable ? MWM_FUNC_MINIMIZE : 0n) |
      (s.maximizable ? MWM_FUNC_MAXIMIZE : 0n) | (s.closable ? MWM_FUNC_CLOSE : 0n);
  // PropModeReplace (0), format 32: the items are C longs.
  x11x.XChangeProperty(w.dpy, w.xid, type, type, 32, 0, new Uint8Array(hints.buffer), 5);
  w.x.XFlush(w.dpy);
}

// ---------------------------------------------------------------------------
// monitors (physical pixels, as Tauri reports them)

interface TauriMonitor {
  name: string | null;
  size: { width: number; height: number };
  position: { x: number; y: number };
  workArea: { size: { width: number; height: number }; position: { x: number; y: number } };
  scaleFactor: number;
}

function describe(libs: NativeLibs, win: UiWindow, monitor: Ptr): TauriMonitor {
  const g = libs.gtk;
  const scale = Math.max(1, gtkx.gdk_monitor_get_scale_factor(monitor));
  const geo = new Int32Array(4);
  g.gdk_monitor_get_geometry(monitor, geo);
  const work = new Int32Array(geo);
  if (isX11(libs, win)) gtkx.gdk_x11_monitor_get_workarea(monitor, work);
  const connector = gtkx.gdk_monitor_get_connector(monitor);
  const model = gtkx.gdk_monitor_get_model(monitor);
  const name = connector ? readCString(connector) : model ? readCString(model) : null;
  const rect = (r: Int32Array) => ({
    position: { x: r[0] * scale, y: r[1] * scale },
    size: { width: r[2] * scale, height: r[3] * scale },
  });
  const whole = rect(geo);
  return { name, ...whole, workArea: rect(work), scaleFactor: scale };
}

function monitorList(libs: NativeLibs, win: UiWindow): Ptr[] {
  const g = libs.gtk;
  const list = g.gdk_display_get_monitors(g.gtk_widget_get_display(win.window)!);
  const out: Ptr[] = [];
  if (!list) return out;
  const n = libs.gio.g_list_model_get_n_items(list);
  for (let i = 0; i < n; i++) {
    const m = libs.gio.g_list_model_get_item(list, i);
    if (!m) continue;
    libs.gobject.g_object_unref(m); // the list keeps its own reference
    out.push(m);
  }
  return out;
}

function monitors(libs: NativeLibs, win: UiWindow) {
  const g = libs.gtk;
  const display = g.gtk_widget_get_display(win.window)!;
  const list = monitorList(libs, win);
  const index = (m: Ptr | null) => m ? list.findIndex((x) => Deno.UnsafePointer.equals(x, m)) : -1;
  const current = index(g.gdk_display_get_monitor_at_surface(display, surfaceOf(libs, win)));
  const primary = isX11(libs, win) ? index(gtkx.gdk_x11_display_get_primary_monitor(display)) : -1;
  return { list: list.map((m) => describe(libs, win, m)), current, primary };
}

// ---------------------------------------------------------------------------
// the pointer

const SURFACE_EDGES: Record<string, number> = {
  NorthWest: 0,
  North: 1,
  NorthEast: 2,
  West: 3,
  East: 4,
  SouthWest: 5,
  South: 6,
  SouthEast: 7,
};

function pointer(w: Xw, relativeTo: bigint) {
  const root = new BigUint64Array(1), sub = new BigUint64Array(1);
  const r = new Int32Array(2), p = new Int32Array(2), mask = new Uint32Array(1);
  x11x.XQueryPointer(
    w.dpy,
    relativeTo,
    root,
    sub,
    r.subarray(0, 1),
    r.subarray(1),
    p.subarray(0, 1),
    p.subarray(1),
    mask,
  );
  return { rootX: r[0], rootY: r[1], x: p[0], y: p[1], buttons: mask[0] >> 8 };
}

function beginDrag(libs: NativeLibs, win: UiWindow, edge: string | null): void {
  const w = xwin(libs, win, edge ? "startResizeDragging" : "startDragging");
  const g = libs.gtk;
  const seat = gtkx.gdk_display_get_default_seat(g.gtk_widget_get_display(win.window)!);
  const device = seat ? gtkx.gdk_seat_get_pointer(seat) : null;
  if (!device) throw new Error("no pointer device on this display");
  const p = pointer(w, w.xid);
  // Button1Mask is bit 8 of the state: a drag needs a pressed button, as on every platform.
  if (!(p.buttons & 1)) {
    throw new Error(
      "no mouse button is held: start dragging from a mousedown handler (the window manager moves the window while the button stays down)",
    );
  }
  const surface = surfaceOf(libs, win);
  const x = p.x / w.scale, y = p.y / w.scale;
  if (edge === null) gtkx.gdk_toplevel_begin_move(surface, device, 1, x, y, 0);
  else gtkx.gdk_toplevel_begin_resize(surface, SURFACE_EDGES[edge], device, 1, x, y, 0);
}

/** The ops Tauri's window plugin uses (see app/core/window/). */
export const tauriWindowOps: UiOpTable = {
  tauriActions(_ctx, win) {
    const s = state(win);
    return {
      maximizable: s.maximizable,
      minimizable: s.minimizable,
      closable: gtkx.gtk_window_get_deletable(win.window) !== 0,
    };
  },
  tauriSetActions({ libs }, win, [raw]) {
    const s = state(win);
    const a = raw as Partial<Record<"maximizable" | "minimizable" | "closable", unknown>>;
    const next = { ...s };
    for (const k of ["maximizable", "minimizable", "closable"] as const) {
      if (a[k] !== undefined) next[k] = bool(a[k], k);
    }
    Object.assign(s, next);
    applyActions(libs, win);
  },
  tauriEnabled: (_ctx, win) => gtkx.gtk_widget_get_sensitive(win.window) !== 0,
  tauriSetEnabled(_ctx, win, [on]) {
    // An insensitive window takes no input at all (keys, pointer), as Tauri's disabled window.
    gtkx.gtk_widget_set_sensitive(win.window, bool(on, "enabled") ? 1 : 0);
  },
  tauriHasState: ({ libs }, win, [name]) => hasWmState(libs, win, String(name)),
  tauriSetState({ libs }, win, [name, on, what]) {
    const allowed = [
      "_NET_WM_STATE_BELOW",
      "_NET_WM_STATE_SKIP_TASKBAR",
      "_NET_WM_STATE_DEMANDS_ATTENTION",
    ];
    if (!allowed.includes(String(name))) throw new Error(`unknown window state ${name}`);
    setWmState(libs, win, String(name), bool(on, String(what)), String(what));
    return mapped(libs, win);
  },
  tauriSetAllWorkspaces({ libs }, win, [on]) {
    requireWm(libs, win, "_NET_WM_DESKTOP", "setVisibleOnAllWorkspaces");
    const w = xwin(libs, win, "setVisibleOnAllWorkspaces");
    let desktop = 0xFFFFFFFFn; // EWMH: every desktop
    if (!bool(on, "visible")) {
      const current = longProperty({ ...w, xid: w.root }, "_NET_CURRENT_DESKTOP", X11.XA_CARDINAL);
      desktop = current[0] ?? 0n;
    }
    sendClient(w, "_NET_WM_DESKTOP", [desktop, 1n]);
  },
  tauriDesktop({ libs }, win) {
    if (!isX11(libs, win) || !libs.x11) return null;
    const v = longProperty(xwin(libs, win, "desktop"), "_NET_WM_DESKTOP", X11.XA_CARDINAL, 1);
    return v.length ? Number(v[0]) : null;
  },
  tauriMonitors: ({ libs }, win) => monitors(libs, win),
  tauriFullscreenOn({ libs }, win, [index]) {
    requireWm(libs, win, "_NET_WM_STATE_FULLSCREEN", "setFullscreenOnMonitor");
    const list = monitorList(libs, win);
    const m = list[int(index, "monitor")];
    if (!m) throw new Error(`no monitor ${index}`);
    gtkx.gtk_window_fullscreen_on_monitor(win.window, m);
    return mapped(libs, win);
  },
  tauriCursorPosition({ libs }, win) {
    const w = xwin(libs, win, "cursorPosition");
    const p = pointer(w, w.root);
    return { x: p.rootX, y: p.rootY };
  },
  tauriSetCursorPosition({ libs }, win, [x, y]) {
    const w = xwin(libs, win, "setCursorPosition");
    // Relative to the content area's corner, in device pixels (what Tauri's Linux port does).
    x11x.XWarpPointer(w.dpy, 0n, w.xid, 0, 0, 0, 0, int(x, "x"), int(y, "y"));
    w.x.XFlush(w.dpy);
  },
  tauriSetCursorGrab({ libs }, win, [on]) {
    const w = xwin(libs, win, "setCursorGrab");
    const s = state(win);
    if (!bool(on, "grab")) {
      if (s.grab) x11x.XUngrabPointer(w.dpy, 0n);
      s.grab = false;
      w.x.XFlush(w.dpy);
      return;
    }
    // Confined to the window; its own events still reach it (owner_events). Button and motion
    // masks; asynchronous pointer and keyboard; no cursor change; CurrentTime.
    const rc = x11x.XGrabPointer(w.dpy, w.xid, 1, 0x4 | 0x8 | 0x40, 1, 1, w.xid, 0n, 0n);
    if (rc !== 0) {
      const why = [
        "",
        "another client holds the pointer",
        "a stale time",
        "the window is not viewable",
        "the pointer is frozen",
      ][rc] ?? `code ${rc}`;
      throw new Error(`setCursorGrab: the X server refused the grab (${why})`);
    }
    s.grab = true;
    w.x.XFlush(w.dpy);
  },
  tauriSetIgnoreCursor({ libs }, win, [on]) {
    const w = xwin(libs, win, "setIgnoreCursorEvents");
    const ignore = bool(on, "ignore");
    // SHAPE input region (ShapeInput = 2): empty lets every click through; None restores it.
    if (ignore) xext.XShapeCombineRectangles(w.dpy, w.xid, 2, 0, 0, null, 0, 0, 0);
    else xext.XShapeCombineMask(w.dpy, w.xid, 2, 0, 0, 0n, 0);
    state(win).ignoreCursor = ignore;
    w.x.XFlush(w.dpy);
  },
  tauriStartDragging({ libs }, win, [edge]) {
    if (edge !== null && !(String(edge) in SURFACE_EDGES)) {
      throw new Error(`unknown resize direction ${JSON.stringify(edge)}`);
    }
    beginDrag(libs, win, edge === null ? null : String(edge));
  },
  tauriSetIcon({ libs }, win, [width, height, argb]) {
    const w = xwin(libs, win, "setIcon");
    const wd = int(width, "width"), ht = int(height, "height");
    const px = argb as Uint8Array;
    if (!(px instanceof Uint8Array) || px.length !== wd * ht * 4) {
      throw new Error("setIcon: the pixels do not match the size");
    }
    // _NET_WM_ICON: CARDINAL[] of width, height, then 0xAARRGGBB per pixel (as C longs).
    const data = new BigUint64Array(2 + wd * ht);
    data[0] = BigInt(wd);
    data[1] = BigInt(ht);
    const view = new DataView(px.buffer, px.byteOffset, px.byteLength);
    for (let i = 0; i < wd * ht; i++) data[2 + i] = BigInt(view.getUint32(i * 4));
    x11x.XChangeProperty(
      w.dpy,
      w.xid,
      atom(w, "_NET_WM_ICON"),
      X11.XA_CARDINAL,
      32,
      0,
      new Uint8Array(data.buffer),
      data.length,
    );
    w.x.XFlush(w.dpy);
  },
  ...tauriEventOps,
  ...systemThemeOps,
  ...fileDropOps,
};
