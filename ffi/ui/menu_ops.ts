/**
 * Native menus on the UI thread: a GMenu model per window shown by a
 * GtkPopoverMenuBar above the webview, one GSimpleAction per item, key
 * accelerators through a GtkShortcutController, and context menus as a
 * GtkPopoverMenu. Clicks go to main as `signal` "menu". Recipes: docs/native_linux.md "Menus".
 * (Over 400 lines: the GMenu model, its actions and accelerators are built together per window.)
 * @module
 */

import { cstr, readCString } from "../native_libs.ts";
import type { NativeLibs } from "./native_libs.ts";
import { GPriority } from "../symbols/glib.ts";
import type { OpContext, UiOpTable, UiWindow } from "./ui_ops.ts";

/** Built-in behaviours of predefined items (run natively, except `quit`). */
export type PredefinedRole =
  | "copy"
  | "cut"
  | "paste"
  | "select_all"
  | "undo"
  | "redo"
  | "minimize"
  | "maximize"
  | "fullscreen"
  | "close_window"
  | "quit"
  | "about";

/** What the about dialog shows. */
export interface AboutInfo {
  /** Program name. */
  name?: string;
  /** Version text. */
  version?: string;
  /** A line about the program. */
  comments?: string;
  /** Copyright line. */
  copyright?: string;
  /** Website URL. */
  website?: string;
}

/** One menu entry as the UI thread builds it (made by app/menu/spec.ts). */
export type MenuSpecNode =
  | {
    k: "item";
    /** Process-unique item number (the action is `i<n>`). */
    n: number;
    /** Label in GTK mnemonic form. */
    text: string;
    /** GTK trigger string, e.g. `<Control>s`. */
    accel?: string;
    /** Whether the accelerator is bound as a shortcut (editing items only show it). */
    bind: boolean;
    enabled: boolean;
    /** Present for check items. */
    checked?: boolean;
    role?: PredefinedRole;
    about?: AboutInfo;
  }
  | { k: "sub"; n: number; text: string; items: MenuSpecNode[] }
  | { k: "sep" };

/** A whole menu for one window: its number and its entries. */
export interface MenuSpec {
  menu: number;
  items: MenuSpecNode[];
}

/** What a click reports to main (`signal` name "menu"). */
export interface MenuClickSignal {
  menu: number;
  item: number;
  source: "menubar" | "accelerator" | "context";
  checked?: boolean;
  role?: PredefinedRole;
}

type Ptr = Deno.PointerObject;

interface ItemInfo {
  check: boolean;
  role?: PredefinedRole;
  about?: AboutInfo;
}

/** One built model (the bar's or a popup's) with its actions. */
interface ModelState {
  kind: 0 | 1; // 0 bar, 1 context
  menu: number;
  root: Ptr;
  group: Ptr;
  actions: Map<number, Ptr>;
  items: Map<number, ItemInfo>;
}

interface BarState extends ModelState {
  box: Ptr;
  bar: Ptr;
  controller: Ptr | null;
}

interface PopupState extends ModelState {
  popover: Ptr;
  closed: boolean;
}

const PREFIX = ["menu", "ctx"] as const;
const GTK_ORIENTATION_VERTICAL = 1;
const GTK_PHASE_CAPTURE = 1;
const GTK_POS_BOTTOM = 3;
const EDITING: Partial<Record<PredefinedRole, string>> = {
  copy: "Copy",
  cut: "Cut",
  paste: "Paste",
  select_all: "SelectAll",
  undo: "Undo",
  redo: "Redo",
};

const bars = new Map<number, BarState>();
const popups = new Map<number, PopupState>();
const windows = new Map<number, UiWindow>();
let ctxRef: OpContext | undefined;

/** Callback user data: window id, item number and model kind in one pointer-sized value. */
function pack(win: number, item: number, kind: 0 | 1): Deno.PointerValue {
  return Deno.UnsafePointer.create((BigInt(win) << 33n) | (BigInt(item) << 1n) | BigInt(kind));
}
function unpack(data: Deno.PointerValue): { win: number; item: number; kind: 0 | 1 } {
  const v = BigInt(Deno.UnsafePointer.value(data));
  return {
    win: Number(v >> 33n),
    item: Number((v >> 1n) & 0xffffffffn),
    kind: Number(v & 1n) as 0 | 1,
  };
}

function stateOf(win: number, kind: 0 | 1): ModelState | undefined {
  return kind === 0 ? bars.get(win) : popups.get(win);
}

/** Runs an item: toggles a check item, runs a predefined role, and tells main. */
function activate(
  winId: number,
  kind: 0 | 1,
  num: number,
  source: MenuClickSignal["source"],
): boolean {
  const win = windows.get(winId);
  const state = stateOf(winId, kind);
  if (!win || win.destroyed || !state || !ctxRef) return false;
  const info = state.items.get(num);
  const action = state.actions.get(num);
  if (!info || !action) return false;
  const { gio, glib } = ctxRef.libs;
  if (!gio.g_action_get_enabled(action)) return false;
  let checked: boolean | undefined;
  if (info.check) {
    const cur = gio.g_action_get_state(action);
    checked = !(cur && glib.g_variant_get_boolean(cur));
    if (cur) glib.g_variant_unref(cur);
    gio.g_simple_action_set_state(action, glib.g_variant_new_boolean(checked ? 1 : 0));
  }
  if (info.role) runRole(ctxRef.libs, win, info);
  const data: MenuClickSignal = { menu: state.menu, item: num, source };
  if (checked !== undefined) data.checked = checked;
  if (info.role) data.role = info.role;
  ctxRef.post({ t: "signal", id: winId, name: "menu", data });
  return true;
}

function runRole(libs: NativeLibs, win: UiWindow, info: ItemInfo): void {
  const { gtk, webkit } = libs;
  const w = win.window;
  const editing = info.role ? EDITING[info.role] : undefined;
  if (editing) return webkit.webkit_web_view_execute_editing_command(win.view, cstr(editing));
  switch (info.role) {
    case "minimize":
      return gtk.gtk_window_minimize(w);
    case "maximize":
      return gtk.gtk_window_is_maximized(w)
        ? gtk.gtk_window_unmaximize(w)
        : gtk.gtk_window_maximize(w);
    case "fullscreen":
      return gtk.gtk_window_is_fullscreen(w)
        ? gtk.gtk_window_unfullscreen(w)
        : gtk.gtk_window_fullscreen(w);
    case "close_window":
      return gtk.gtk_window_close(w);
    case "about": {
      const a = info.about ?? {};
      const d = gtk.gtk_about_dialog_new()!;
      if (a.name) gtk.gtk_about_dialog_set_program_name(d, cstr(a.name));
      if (a.version) gtk.gtk_about_dialog_set_version(d, cstr(a.version));
      if (a.comments) gtk.gtk_about_dialog_set_comments(d, cstr(a.comments));
      if (a.copyright) gtk.gtk_about_dialog_set_copyright(d, cstr(a.copyright));
      if (a.website) gtk.gtk_about_dialog_set_website(d, cstr(a.website));
      gtk.gtk_window_set_transient_for(d, w);
      gtk.gtk_window_set_modal(d, 1);
      gtk.gtk_window_set_destroy_with_parent(d, 1);
      // Closing destroys it, so repeated About clicks never pile up hidden dialogs.
      gtk.gtk_window_set_hide_on_close(d, 0);
      return gtk.gtk_window_present(d);
    }
  }
}

// Process-lifetime callbacks: one of each for every window and menu.
let callbacks: {
  action: Deno.UnsafeCallback<{ parameters: ["pointer", "pointer", "pointer"]; result: "void" }>;
  shortcut: Deno.UnsafeCallback<{ parameters: ["pointer", "pointer", "pointer"]; result: "i32" }>;
  closed: Deno.UnsafeCallback<{ parameters: ["pointer", "pointer"]; result: "void" }>;
  idle: Deno.UnsafeCallback<{ parameters: ["pointer"]; result: "i32" }>;
} | undefined;

function cbs(): NonNullable<typeof callbacks> {
  if (callbacks) return callbacks;
  callbacks = {
    action: new Deno.UnsafeCallback(
      { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
      (_action, _param, data) => {
        const { win, item, kind } = unpack(data);
        activate(win, kind, item, kind === 0 ? "menubar" : "context");
      },
    ),
    shortcut: new Deno.UnsafeCallback(
      { parameters: ["pointer", "pointer", "pointer"], result: "i32" } as const,
      (_widget, _args, data) => {
        const { win, item } = unpack(data);
        // FALSE lets the key go on to the page when the item is disabled.
        return activate(win, 0, item, "accelerator") ? 1 : 0;
      },
    ),
    closed: new Deno.UnsafeCallback(
      { parameters: ["pointer", "pointer"] as const, result: "void" } as const,
      (popover, data) => {
        const winId = Number(Deno.UnsafePointer.value(data));
        const p = popups.get(winId);
        if (!p || Deno.UnsafePointer.value(p.popover) !== Deno.UnsafePointer.value(popover)) return;
        p.closed = true;
        // Unparent later: the item's action may still be running when "closed" fires.
        ctxRef?.libs.glib.g_idle_add_full(GPriority.DefaultIdle, cbs().idle.pointer, data, null);
      },
    ),
    idle: new Deno.UnsafeCallback(
      { parameters: ["pointer"] as const, result: "i32" } as const,
      (data) => {
        const winId = Number(Deno.UnsafePointer.value(data));
        const p = popups.get(winId);
        if (p?.closed && ctxRef) dropPopup(ctxRef.libs, winId);
        return 0;
      },
    ),
  };
  return callbacks;
}

/** Fills `menu` with `nodes`; separators split the entries into sections. */
function fill(
  libs: NativeLibs,
  st: ModelState,
  winId: number,
  menu: Ptr,
  nodes: MenuSpecNode[],
): void {
  const { gio } = libs;
  const groups: MenuSpecNode[][] = [[]];
  for (const n of nodes) {
    if (n.k === "sep") groups.push([]);
    else groups[groups.length - 1].push(n);
  }
  const nonEmpty = groups.filter((g) => g.length > 0);
  if (nonEmpty.length <= 1) {
    for (const n of nonEmpty[0] ?? []) append(libs, st, winId, menu, n);
    return;
  }
  for (const g of nonEmpty) {
    const section = gio.g_menu_new()!;
    for (const n of g) append(libs, st, winId, section, n);
    gio.g_menu_append_section(menu, null, section);
    libs.gobject.g_object_unref(section);
  }
}

function append(libs: NativeLibs, st: ModelState, winId: number, menu: Ptr, n: MenuSpecNode): void {
  const { gio, glib } = libs;
  if (n.k === "sub") {
    const sub = gio.g_menu_new()!;
    fill(libs, st, winId, sub, n.items);
    const item = gio.g_menu_item_new_submenu(cstr(n.text), sub)!;
    gio.g_menu_append_item(menu, item);
    libs.gobject.g_object_unref(item);
    libs.gobject.g_object_unref(sub);
    return;
  }
  if (n.k !== "item") return;
  const item = gio.g_menu_item_new(cstr(n.text), cstr(`${PREFIX[st.kind]}.i${n.n}`))!;
  if (n.accel) {
    gio.g_menu_item_set_attribute_value(
      item,
      cstr("accel"),
      glib.g_variant_new_string(cstr(n.accel)),
    );
  }
  gio.g_menu_append_item(menu, item);
  libs.gobject.g_object_unref(item);
  const name = cstr(`i${n.n}`);
  const action = n.checked === undefined
    ? gio.g_simple_action_new(name, null)!
    : gio.g_simple_action_new_stateful(name, null, glib.g_variant_new_boolean(n.checked ? 1 : 0))!;
  gio.g_simple_action_set_enabled(action, n.enabled ? 1 : 0);
  libs.gobject.g_signal_connect_data(
    action,
    cstr("activate"),
    cbs().action.pointer,
    pack(winId, n.n, st.kind),
    null,
    0,
  );
  gio.g_action_map_add_action(st.group, action);
  libs.gobject.g_object_unref(action); // the group holds it
  st.actions.set(n.n, action);
  st.items.set(n.n, { check: n.checked !== undefined, role: n.role, about: n.about });
}

function walkItems(
  nodes: MenuSpecNode[],
  fn: (n: Extract<MenuSpecNode, { k: "item" }>) => void,
): void {
  for (const n of nodes) {
    if (n.k === "item") fn(n);
    else if (n.k === "sub") walkItems(n.items, fn);
  }
}

/** Parses every accelerator first, so a bad one fails before anything changes. */
function parseTriggers(libs: NativeLibs, spec: MenuSpec): Array<{ n: number; trigger: Ptr }> {
  const out: Array<{ n: number; trigger: Ptr }> = [];
  let bad: string | undefined;
  walkItems(spec.items, (n) => {
    if (!n.accel || !n.bind || bad) return;
    const t = libs.gtk.gtk_shortcut_trigger_parse_string(cstr(n.accel));
    if (t === null) bad = n.accel;
    else out.push({ n: n.n, trigger: t });
  });
  if (bad !== undefined) {
    for (const t of out) libs.gobject.g_object_unref(t.trigger);
    throw new Error(`GTK cannot parse the accelerator ${JSON.stringify(bad)}`);
  }
  return out;
}

function checkSpec(spec: unknown): MenuSpec {
  const s = spec as MenuSpec;
  if (!s || typeof s.menu !== "number" || !Array.isArray(s.items)) {
    throw new TypeError("menu op: malformed menu spec");
  }
  return s;
}

/** Installs or rebuilds the window's menu bar (the webview moves under a vertical box once). */
function setBar(ctx: OpContext, win: UiWindow, spec: MenuSpec): void {
  const libs = ctx.libs;
  const { gio, gtk } = libs;
  const triggers = parseTriggers(libs, spec);
  let st = bars.get(win.id);
  if (!st) {
    const child = gtk.gtk_window_get_child(win.window);
    if (child === null || Deno.UnsafePointer.value(child) !== Deno.UnsafePointer.value(win.view)) {
      for (const t of triggers) libs.gobject.g_object_unref(t.trigger);
      throw new Error(
        "menu bar: the window's child is not the webview (was it re-parented already?)",
      );
    }
    const root = gio.g_menu_new()!;
    const box = gtk.gtk_box_new(GTK_ORIENTATION_VERTICAL, 0)!;
    const bar = gtk.gtk_popover_menu_bar_new_from_model(root)!;
    // Order matters (docs/native_linux.md "Menus"): detach the view, then build the box around it.
    libs.gobject.g_object_ref(child);
    gtk.gtk_window_set_child(win.window, null);
    gtk.gtk_box_append(box, bar);
    gtk.gtk_widget_set_vexpand(child, 1);
    gtk.gtk_widget_set_hexpand(child, 1);
    gtk.gtk_box_append(box, child);
    gtk.gtk_window_set_child(win.window, box);
    libs.gobject.g_object_unref(child);
    st = {
      kind: 0,
      menu: spec.menu,
      root,
      group: gio.g_simple_action_group_new()!,
      actions: new Map(),
      items: new Map(),
      box,
      bar,
      controller: null,
    };
    bars.set(win.id, st);
  } else {
    gio.g_menu_remove_all(st.root);
    libs.gobject.g_object_unref(st.group);
    st.group = gio.g_simple_action_group_new()!;
    st.actions.clear();
    st.items.clear();
    st.menu = spec.menu;
    if (st.controller) gtk.gtk_widget_remove_controller(win.window, st.controller);
    st.controller = null;
    if (!gtk.gtk_widget_get_parent(st.bar)) gtk.gtk_box_prepend(st.box, st.bar);
  }
  windows.set(win.id, win);
  // Top-level entries of a menu bar are submenus; fill() keeps them as plain items of the root.
  for (const n of spec.items) append(libs, st, win.id, st.root, n);
  gtk.gtk_widget_insert_action_group(win.window, cstr("menu"), st.group);
  if (triggers.length) {
    const ctrl = gtk.gtk_shortcut_controller_new()!;
    // Capture phase: the window sees the key before the page (editing keys are never bound).
    gtk.gtk_event_controller_set_propagation_phase(ctrl, GTK_PHASE_CAPTURE);
    for (const t of triggers) {
      const action = gtk.gtk_callback_action_new(
        cbs().shortcut.pointer,
        pack(win.id, t.n, 0),
        null,
      );
      gtk.gtk_shortcut_controller_add_shortcut(ctrl, gtk.gtk_shortcut_new(t.trigger, action));
    }
    gtk.gtk_widget_add_controller(win.window, ctrl);
    st.controller = ctrl;
  }
}

function removeBar(libs: NativeLibs, win: UiWindow): void {
  const st = bars.get(win.id);
  if (!st) return;
  const { gtk } = libs;
  bars.delete(win.id);
  if (!win.destroyed) {
    if (gtk.gtk_widget_get_parent(st.bar)) gtk.gtk_box_remove(st.box, st.bar);
    if (st.controller) gtk.gtk_widget_remove_controller(win.window, st.controller);
    gtk.gtk_widget_insert_action_group(win.window, cstr("menu"), null);
  }
  libs.gobject.g_object_unref(st.group);
  libs.gobject.g_object_unref(st.root);
  if (!popups.has(win.id)) windows.delete(win.id);
}

function dropPopup(libs: NativeLibs, winId: number): void {
  const p = popups.get(winId);
  if (!p) return;
  popups.delete(winId);
  const { gtk } = libs;
  if (!p.closed) {
    p.closed = true;
    gtk.gtk_popover_popdown(p.popover);
  }
  if (gtk.gtk_widget_get_parent(p.popover)) gtk.gtk_widget_unparent(p.popover);
  libs.gobject.g_object_unref(p.popover);
  libs.gobject.g_object_unref(p.group);
  libs.gobject.g_object_unref(p.root);
  if (!bars.has(winId)) windows.delete(winId);
}

function popup(ctx: OpContext, win: UiWindow, spec: MenuSpec, x: number, y: number): void {
  const libs = ctx.libs;
  const { gio, gtk } = libs;
  dropPopup(libs, win.id);
  const root = gio.g_menu_new()!;
  const st: PopupState = {
    kind: 1,
    menu: spec.menu,
    root,
    group: gio.g_simple_action_group_new()!,
    actions: new Map(),
    items: new Map(),
    popover: null as unknown as Ptr,
    closed: false,
  };
  windows.set(win.id, win);
  popups.set(win.id, st);
  fill(libs, st, win.id, root, spec.items);
  const popover = gtk.gtk_popover_menu_new_from_model(root)!;
  libs.gobject.g_object_ref(popover); // ours until dropPopup: GTK may unparent it first
  st.popover = popover;
  gtk.gtk_widget_insert_action_group(popover, cstr("ctx"), st.group);
  gtk.gtk_widget_set_parent(popover, win.view);
  gtk.gtk_popover_set_has_arrow(popover, 0);
  gtk.gtk_popover_set_position(popover, GTK_POS_BOTTOM);
  gtk.gtk_popover_set_pointing_to(popover, new Int32Array([x, y, 1, 1]));
  libs.gobject.g_signal_connect_data(
    popover,
    cstr("closed"),
    cbs().closed.pointer,
    Deno.UnsafePointer.create(BigInt(win.id)),
    null,
    0,
  );
  gtk.gtk_popover_popup(popover);
}

/** An entry of a GMenuModel as read back (for tests and debugging). */
export interface MenuModelEntry {
  label?: string;
  action?: string;
  accel?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: MenuModelEntry[];
  section?: MenuModelEntry[];
}

function readAttr(libs: NativeLibs, model: Ptr, i: number, name: string): string | undefined {
  const { gio, glib } = libs;
  const v = gio.g_menu_model_get_item_attribute_value(model, i, cstr(name), null);
  if (v === null) return undefined;
  const s = readCString(glib.g_variant_get_string(v, null));
  glib.g_variant_unref(v);
  return s;
}

function describe(libs: NativeLibs, model: Ptr, group: Ptr): MenuModelEntry[] {
  const { gio, glib } = libs;
  const out: MenuModelEntry[] = [];
  const n = gio.g_menu_model_get_n_items(model);
  for (let i = 0; i < n; i++) {
    const e: MenuModelEntry = {};
    const label = readAttr(libs, model, i, "label");
    if (label !== undefined) e.label = label;
    const action = readAttr(libs, model, i, "action");
    if (action !== undefined) {
      e.action = action;
      const name = cstr(action.replace(/^[a-z]+\./, ""));
      if (gio.g_action_group_has_action(group, name)) {
        e.enabled = gio.g_action_group_get_action_enabled(group, name) !== 0;
        const state = gio.g_action_group_get_action_state(group, name);
        if (state) {
          e.checked = glib.g_variant_get_boolean(state) !== 0;
          glib.g_variant_unref(state);
        }
      }
    }
    const accel = readAttr(libs, model, i, "accel");
    if (accel !== undefined) e.accel = accel;
    for (const link of ["submenu", "section"] as const) {
      const sub = gio.g_menu_model_get_item_link(model, i, cstr(link));
      if (sub) {
        e[link] = describe(libs, sub, group);
        libs.gobject.g_object_unref(sub);
      }
    }
    out.push(e);
  }
  return out;
}

/** The X11 window id of a native widget's surface (a popup is a window of its own), or null. */
function x11Id(libs: NativeLibs, widget: Ptr): string | null {
  const { gtk, gobject } = libs;
  const surface = gtk.gtk_native_get_surface(widget);
  if (!surface || !gobject.g_type_check_instance_is_a(surface, gtk.gdk_x11_surface_get_type())) {
    return null;
  }
  return String(gtk.gdk_x11_surface_get_xid(surface));
}

/** Drops a window's menu state; called from the window's `destroy` signal. */
export function menuWindowGone(libs: NativeLibs, win: UiWindow): void {
  dropPopup(libs, win.id);
  removeBar(libs, win);
  windows.delete(win.id);
}

/**
 * `menuSet [spec | null]`, `menuState [item, {enabled?, checked?}]`,
 * `menuPopup [spec, x, y]`, `menuClosePopup`, `menuDescribe ["bar" | "context"]`,
 * `menuActivate ["bar" | "context", item]` (activates through the GTK action group).
 */
export const menuOps: UiOpTable = {
  menuSet(ctx, win, [spec]) {
    ctxRef = ctx;
    if (spec === null) return removeBar(ctx.libs, win);
    setBar(ctx, win, checkSpec(spec));
  },
  menuState(ctx, win, [item, change]) {
    const { gio, glib } = ctx.libs;
    const c = (change ?? {}) as { enabled?: boolean; checked?: boolean };
    let found = false;
    for (const st of [bars.get(win.id), popups.get(win.id)]) {
      const action = st?.actions.get(Number(item));
      if (!action) continue;
      found = true;
      if (c.enabled !== undefined) gio.g_simple_action_set_enabled(action, c.enabled ? 1 : 0);
      if (c.checked !== undefined && st!.items.get(Number(item))?.check) {
        gio.g_simple_action_set_state(action, glib.g_variant_new_boolean(c.checked ? 1 : 0));
      }
    }
    return found;
  },
  menuPopup(ctx, win, [spec, x, y]) {
    ctxRef = ctx;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new TypeError("menu popup: x and y must be numbers");
    }
    popup(ctx, win, checkSpec(spec), Math.round(Number(x)), Math.round(Number(y)));
  },
  menuClosePopup(ctx, win) {
    dropPopup(ctx.libs, win.id);
  },
  menuDescribe(ctx, win, [which]) {
    const { gtk } = ctx.libs;
    if (which === "context") {
      const p = popups.get(win.id);
      if (!p) return null;
      return {
        menu: p.menu,
        open: !p.closed && gtk.gtk_widget_get_visible(p.popover) !== 0,
        xid: x11Id(ctx.libs, p.popover),
        items: describe(ctx.libs, p.root, p.group),
      };
    }
    const b = bars.get(win.id);
    if (!b) return null;
    return {
      menu: b.menu,
      shown: gtk.gtk_widget_get_parent(b.bar) !== null && gtk.gtk_widget_get_mapped(b.bar) !== 0,
      barHeight: gtk.gtk_widget_get_height(b.bar),
      viewHeight: gtk.gtk_widget_get_height(win.view),
      items: describe(ctx.libs, b.root, b.group),
    };
  },
  menuActivate(ctx, win, [which, item]) {
    ctxRef = ctx;
    const st = which === "context" ? popups.get(win.id) : bars.get(win.id);
    if (!st) {
      throw new Error(`no ${which === "context" ? "context menu" : "menu bar"} on this window`);
    }
    const name = cstr(`i${Number(item)}`);
    if (!ctx.libs.gio.g_action_group_has_action(st.group, name)) {
      throw new Error(`no menu action i${item} on this window`);
    }
    ctx.libs.gio.g_action_group_activate_action(st.group, name, null);
  },
};
