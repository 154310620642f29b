/**
 * Tauri's core `menu` plugin (`@tauri-apps/api/menu`): menus and items made from the page, on
 * panes' menu models (app/menu/): a window's native menu bar (`setAsWindowMenu`), every
 * window's (`setAsAppMenu`), a context menu (`popup`), a tray's. Clicks reach the page's
 * `action` through the item's channel, as in Tauri. What only macOS has rejects as
 * unsupported; app/core/menu_items.ts says how payloads become models.
 * @module
 */

import { z } from "zod";
import { Channel } from "../../bridge/channel.ts";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { Plugin, PluginCallContext } from "../../plugins/plugin.ts";
import {
  CheckMenuItem,
  Menu,
  type MenuEntry,
  MenuItem,
  PredefinedMenuItem,
  Submenu,
  walk,
} from "../menu/model.ts";
import { windowMenuHost } from "../menu/window_host.ts";
import type { WindowHandle } from "../window.ts";
import type { App } from "../app.ts";
import { defineCorePlugin, unsupported } from "./define.ts";
import { coreHost } from "./host.ts";
import {
  buildItem,
  buildItems,
  checkIcon,
  handOut,
  type ItemKind,
  itemPayload,
  MacOnlyItem,
  type MenuResource,
  type MenuState,
  menuState,
  resourceOf,
  showIcon,
  submenuDisable,
  unexpectedKind,
} from "./menu_items.ts";

type Ctx = PluginCallContext<unknown>;

const KINDS = ["Menu", "Submenu", "MenuItem", "Check", "Icon", "Predefined"] as const;
const kind = z.enum(KINDS);
const ridKind = z.object({ rid: z.number(), kind });
const withItems = z.object({ rid: z.number(), kind, items: z.array(itemPayload) });

/** The Menu or Submenu behind `rid` (other kinds hold no items). */
function container(ctx: Ctx, rid: number, k: ItemKind, command: string): Menu | Submenu {
  const r = resourceOf(ctx, rid, k);
  if (r.thing instanceof Menu || r.thing instanceof Submenu) return r.thing;
  throw unexpectedKind(r.kind, command);
}

/** An item of `r` that has a label (every kind but Menu). */
function labelled(r: MenuResource, command: string): Exclude<MenuEntry, never> | MacOnlyItem {
  if (r.thing instanceof Menu) throw unexpectedKind(r.kind, command);
  return r.thing;
}

/** Inserts `entries` into `c` at `position`, one after another. */
async function insertAll(c: Menu | Submenu, entries: MenuEntry[], position: number) {
  const length = c.items.length;
  if (!Number.isInteger(position) || position < 0 || position > length) {
    throw new InvokeError(`position ${position} is outside 0..${length}`);
  }
  for (const [i, e] of entries.entries()) await guard(() => c.insert(e, position + i));
}

/** Runs a model change, turning its errors (an entry twice, a bad accelerator) into the page's. */
async function guard<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof InvokeError) throw e;
    throw new InvokeError((e as Error).message);
  }
}

/** The open window `label` (the caller's when null); undefined when there is none. */
function targetWindow(ctx: Ctx, label: string | null | undefined): WindowHandle | undefined {
  return coreHost(ctx.host).app.window(label ?? ctx.window.label);
}

/**
 * Where the page last saw the pointer, so `popup()` without a position opens there (Tauri opens
 * at the cursor). Recorded by a listener put in each page the first time it uses a menu.
 */
const POINTER_JS = `(() => {
  if (window.__panesMenuPointer) return;
  window.__panesMenuPointer = [0, 0];
  const at = (e) => { window.__panesMenuPointer = [e.clientX, e.clientY]; };
  for (const t of ["pointermove", "pointerdown", "contextmenu"]) {
    addEventListener(t, at, { capture: true, passive: true });
  }
})()`;

const tracked = new WeakSet<WindowHandle>();

function trackPointer(win: WindowHandle | undefined): void {
  if (!win || tracked.has(win)) return;
  tracked.add(win);
  win.evalJs(POINTER_JS).catch(() => tracked.delete(win));
}

const position = z.union([
  z.object({ Logical: z.object({ x: z.number(), y: z.number() }) }),
  z.object({ Physical: z.object({ x: z.number(), y: z.number() }) }),
]);

/** Tauri's default menu on Linux: Edit, Window and Help (About) submenus. */
function defaultMenu(name: string, version: string): Menu {
  return new Menu([
    new Submenu("Edit", [
      PredefinedMenuItem.undo(),
      PredefinedMenuItem.redo(),
      PredefinedMenuItem.separator(),
      PredefinedMenuItem.cut(),
      PredefinedMenuItem.copy(),
      PredefinedMenuItem.paste(),
      PredefinedMenuItem.separator(),
      PredefinedMenuItem.selectAll(),
    ]),
    new Submenu("Window", [
      PredefinedMenuItem.minimize(),
      PredefinedMenuItem.maximize(),
      PredefinedMenuItem.separator(),
      PredefinedMenuItem.closeWindow(),
    ]),
    new Submenu("Help", [PredefinedMenuItem.about(undefined, { name, version })]),
  ]);
}

/**
 * Tauri's answer about the menu replaced: `[rid, id]`, or null. A menu the app made itself (its
 * `show({ menu })`) is not handed to the page: the page may replace it, not edit it.
 */
function previousMenu(ctx: Ctx, previous: Menu | undefined): [number, string] | null {
  if (!previous || !menuState(ctx.host).pageMade.has(previous)) return null;
  const [rid, id] = handOut(ctx, previous);
  return [rid, id];
}

/**
 * Gives windows that open from now on the app menu (Tauri: "a window created without a menu of
 * its own gets it"); a `show({ menu })` menu, set after the page is ready, still wins. A label
 * that closes forgets its own menu, so a new window under it starts from the app menu again.
 */
function watchNewWindows(app: App, state: MenuState): void {
  if (state.watching) return;
  state.watching = true;
  app.on("window:ready", (data) => {
    const { label, reloaded } = (data ?? {}) as { label?: string; reloaded?: boolean };
    const win = label === undefined ? undefined : app.window(label);
    const menu = state.appMenu;
    if (!win || reloaded || !menu || state.ownMenu.has(win.label)) return;
    const host = windowMenuHost(win);
    if (host.barMenu()) return;
    host.setBar(menu).catch((e) =>
      console.warn(`panes: the app menu on window "${win.label}": ${(e as Error).message}`)
    );
  });
  app.on("window:closed", (data) => {
    const label = (data as { label?: string } | null)?.label;
    if (label !== undefined) state.ownMenu.delete(label);
  });
}

/** The menu plugin. */
export const menuPlugin: Plugin = defineCorePlugin("menu", {
  new: {
    args: z.object({
      kind,
      options: z.looseObject({ items: z.array(itemPayload).optional() }).nullish(),
      handler: Channel.of(z.string()),
    }),
    run: async (ctx) => {
      trackPointer(targetWindow(ctx, null));
      const { kind, options, handler } = ctx.args;
      const thing = await buildItem(ctx, kind, options ?? {}, handler);
      const [rid, id] = handOut(ctx, thing);
      return [rid, id];
    },
  },
  create_default: {
    run: (ctx) => {
      const host = coreHost(ctx.host);
      const menu = defaultMenu(host.name, host.version);
      menuState(ctx.host).pageMade.add(menu);
      const [rid, id] = handOut(ctx, menu);
      return [rid, id];
    },
  },
  append: {
    args: withItems,
    run: async (ctx) => {
      const c = container(ctx, ctx.args.rid, ctx.args.kind, "append");
      await insertAll(c, await buildItems(ctx, ctx.args.items), c.items.length);
    },
  },
  prepend: {
    args: withItems,
    // Tauri prepends the items one by one, so they end up in reverse order: so here.
    run: async (ctx) => {
      const c = container(ctx, ctx.args.rid, ctx.args.kind, "prepend");
      for (const e of await buildItems(ctx, ctx.args.items)) await insertAll(c, [e], 0);
    },
  },
  insert: {
    args: withItems.extend({ position: z.number() }),
    run: async (ctx) => {
      const c = container(ctx, ctx.args.rid, ctx.args.kind, "insert");
      await insertAll(c, await buildItems(ctx, ctx.args.items), ctx.args.position);
    },
  },
  remove: {
    args: ridKind.extend({ item: z.tuple([z.number(), kind]) }),
    run: async (ctx) => {
      const c = container(ctx, ctx.args.rid, ctx.args.kind, "remove");
      const item = resourceOf(ctx, ctx.args.item[0], ctx.args.item[1]).thing;
      if (item instanceof MacOnlyItem) return; // never shown here, so never in it
      if (item instanceof Menu) throw unexpectedKind("Menu", "remove");
      await guard(() => c.remove(item));
    },
  },
  remove_at: {
    args: ridKind.extend({ position: z.number() }),
    run: async (ctx) => {
      const c = container(ctx, ctx.args.rid, ctx.args.kind, "remove_at");
      const item = c.items[ctx.args.position];
      if (!item) return null;
      await guard(() => c.remove(item));
      return handOut(ctx, item);
    },
  },
  items: {
    args: ridKind,
    run: (ctx) =>
      container(ctx, ctx.args.rid, ctx.args.kind, "items").items.map((e) => handOut(ctx, e)),
  },
  get: {
    args: ridKind.extend({ id: z.string() }),
    run: (ctx) => {
      const c = container(ctx, ctx.args.rid, ctx.args.kind, "get");
      let found: MenuEntry | undefined;
      walk(c.items, (e) => {
        if (!found && e.id === ctx.args.id) found = e;
      });
      return found ? handOut(ctx, found) : null;
    },
  },
  popup: {
    args: ridKind.extend({ window: z.string().nullish(), at: position.nullish() }),
    run: async (ctx) => {
      const c = container(ctx, ctx.args.rid, ctx.args.kind, "popup");
      const win = targetWindow(ctx, ctx.args.window);
      if (!win) return null; // Tauri: no such window, nothing to show
      let x: number, y: number;
      const at = ctx.args.at;
      if (at && "Logical" in at) ({ x, y } = at.Logical);
      else if (at) {
        const scale = await win.proxy.scaleFactor();
        x = at.Physical.x / scale;
        y = at.Physical.y / scale;
      } else {
        trackPointer(win);
        // The page reports it, so it is checked; a page that cannot answer gets the top left.
        const p = await win.evalJs("window.__panesMenuPointer ?? [0, 0]").catch(() => null);
        [x, y] = Array.isArray(p) && p.length === 2 && p.every(Number.isFinite)
          ? p as [number, number]
          : [0, 0];
      }
      // A submenu pops up as a menu of its entries (the entries are the same models).
      const menu = c instanceof Menu ? c : new Menu(c.items);
      await guard(() => menu.popup(win, { x, y }));
      return null;
    },
  },
  set_as_app_menu: {
    args: z.object({ rid: z.number() }),
    // Every open window without a menu of its own (set from a page, or given by the app's
    // show({ menu })) shows it: GTK menus belong to a window; there is no screen-wide bar.
    run: async (ctx) => {
      const r = resourceOf(ctx, ctx.args.rid, "Menu");
      const menu = r.thing as Menu;
      const state = menuState(ctx.host);
      const app = coreHost(ctx.host).app;
      for (const label of app.windows) {
        if (state.ownMenu.has(label)) continue;
        const win = app.window(label);
        if (!win) continue;
        const host = windowMenuHost(win);
        const bar = host.barMenu();
        if (bar && bar !== state.appMenu) continue; // the app's show({ menu }) stays
        await guard(() => host.setBar(menu));
      }
      const previous = state.appMenu;
      state.appMenu = menu;
      watchNewWindows(app, state);
      return previousMenu(ctx, previous);
    },
  },
  set_as_window_menu: {
    args: z.object({ rid: z.number(), window: z.string().nullish() }),
    run: async (ctx) => {
      const menu = resourceOf(ctx, ctx.args.rid, "Menu").thing as Menu;
      const win = targetWindow(ctx, ctx.args.window);
      if (!win) return null;
      const host = windowMenuHost(win);
      const previous = host.barMenu();
      await guard(() => host.setBar(menu));
      menuState(ctx.host).ownMenu.add(win.label);
      return previousMenu(ctx, previous);
    },
  },
  text: {
    args: ridKind,
    run: (ctx) => labelled(resourceOf(ctx, ctx.args.rid, ctx.args.kind), "text").text,
  },
  set_text: {
    args: ridKind.extend({ text: z.string() }),
    run: async (ctx) => {
      const thing = labelled(resourceOf(ctx, ctx.args.rid, ctx.args.kind), "set_text");
      if (thing instanceof MacOnlyItem) return;
      await guard(() => thing.setText(ctx.args.text));
    },
  },
  is_enabled: {
    args: ridKind,
    run: (ctx) => {
      const r = resourceOf(ctx, ctx.args.rid, ctx.args.kind);
      if (r.thing instanceof Submenu) return true; // never disabled here (see set_enabled)
      if (r.thing instanceof MenuItem) return r.thing.enabled;
      throw unexpectedKind(r.kind, "is_enabled");
    },
  },
  set_enabled: {
    args: ridKind.extend({ enabled: z.boolean() }),
    run: async (ctx) => {
      const r = resourceOf(ctx, ctx.args.rid, ctx.args.kind);
      if (r.thing instanceof Submenu) {
        if (!ctx.args.enabled) throw submenuDisable();
        return;
      }
      if (!(r.thing instanceof MenuItem)) throw unexpectedKind(r.kind, "set_enabled");
      await r.thing.setEnabled(ctx.args.enabled);
    },
  },
  set_accelerator: {
    args: ridKind.extend({ accelerator: z.string().nullable() }),
    run: async (ctx) => {
      const r = resourceOf(ctx, ctx.args.rid, ctx.args.kind);
      if (!(r.thing instanceof MenuItem)) throw unexpectedKind(r.kind, "set_accelerator");
      const item = r.thing;
      await guard(() => item.setAccelerator(ctx.args.accelerator));
    },
  },
  is_checked: {
    args: z.object({ rid: z.number() }),
    run: (ctx) => {
      const r = resourceOf(ctx, ctx.args.rid);
      if (!(r.thing instanceof CheckMenuItem)) throw unexpectedKind(r.kind, "is_checked");
      return r.thing.checked;
    },
  },
  set_checked: {
    args: z.object({ rid: z.number(), checked: z.boolean() }),
    run: async (ctx) => {
      const r = resourceOf(ctx, ctx.args.rid);
      if (!(r.thing instanceof CheckMenuItem)) throw unexpectedKind(r.kind, "set_checked");
      await r.thing.setChecked(ctx.args.checked);
    },
  },
  set_icon: {
    args: ridKind.extend({ icon: z.unknown().optional() }),
    // Drawn where menus draw icons (a tray's menu); GTK 4's menu bars and context menus draw
    // none beside a label, so there the icon is checked and kept only.
    run: async (ctx) => {
      const r = resourceOf(ctx, ctx.args.rid, ctx.args.kind);
      if (!(r.kind === "Icon" || r.kind === "Submenu")) throw unexpectedKind(r.kind, "set_icon");
      const icon = await checkIcon(ctx, ctx.args.icon, "set_icon");
      const icons = menuState(ctx.host).icons;
      const entry = r.thing as MenuEntry;
      if (icon === null && r.kind === "Submenu") icons.delete(entry);
      else icons.set(entry, icon);
      await showIcon(entry, icon);
    },
  },
  set_as_windows_menu_for_nsapp: unsupported(
    "set_as_windows_menu_for_nsapp",
    "the Window menu of NSApp exists on macOS only",
  ),
  set_as_help_menu_for_nsapp: unsupported(
    "set_as_help_menu_for_nsapp",
    "the Help menu of NSApp exists on macOS only",
  ),
});
