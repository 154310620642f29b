/**
 * Tauri's menus as panes' menu models: what a page's `Menu.new`, `Submenu.new`, `MenuItem.new`,
 * … send (Tauri's item payloads) built into app/menu/ models, the models handed back as page
 * resources with Tauri's kinds. Each item's clicks go to the channel made with it (the page's
 * `action`). Tauri keeps one channel per item id, app-wide, so the last page to make an item
 * with an id would hear every click on items with that id, another window's included; here a
 * click reaches only the page that made the item clicked.
 * @module
 */

import { z } from "zod";
import { Channel } from "../../bridge/channel.ts";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { PageResource, PluginCallContext } from "../../plugins/plugin.ts";
import type { App } from "../app.ts";
import type { AboutInfo } from "../../ffi/ui/menu_ops.ts";
import {
  CheckMenuItem,
  Menu,
  type MenuEntry,
  MenuItem,
  PredefinedMenuItem,
  Submenu,
} from "../menu/model.ts";
import { ImageResource, jsImage } from "./image.ts";
import { encodePng } from "./image_png.ts";
import { setEntryIcon } from "../menu/icons.ts";
import { coreHost } from "./host.ts";

/** Tauri's item kinds, as `@tauri-apps/api/menu` names them. */
export type ItemKind = "Menu" | "Submenu" | "MenuItem" | "Check" | "Icon" | "Predefined";

/**
 * Predefined items that exist on macOS only (Tauri accepts them everywhere and shows nothing on
 * Linux, so cross-platform menus still build): a placeholder that is never shown.
 */
export class MacOnlyItem {
  constructor(readonly id: string, readonly text: string) {}
}

/** What a menu resource holds. */
export type MenuThing = Menu | MenuEntry | MacOnlyItem;

/** A menu or menu item a page holds by resource id. */
export class MenuResource implements PageResource {
  constructor(readonly kind: ItemKind, readonly thing: MenuThing) {}
  /**
   * Letting go of the id does not take the menu down: one shown as a menu bar or by a tray
   * stays, as in Tauri (the model lives as long as something shows it).
   */
  close(): void {}
}

/** Whether a resource is a menu or menu item. */
export function isMenuResource(v: PageResource): v is MenuResource {
  return v instanceof MenuResource;
}

/** One app's menu state as the core menu plugin keeps it. */
export interface MenuState {
  /** The menus pages made (the only ones handed back to a page as a previous menu). */
  readonly pageMade: WeakSet<Menu>;
  /** The icons items and submenus were given (a MenuItem with one is of kind "Icon"). */
  readonly icons: WeakMap<MenuEntry, unknown>;
  /** The menu `set_as_app_menu` set, if any. */
  appMenu: Menu | undefined;
  /** Windows whose menu a page set with `set_as_window_menu` (the app menu leaves them be). */
  readonly ownMenu: Set<string>;
  /** Whether windows opening from now on are watched (to give them the app menu). */
  watching: boolean;
}

const states = new WeakMap<App, MenuState>();

/** The menu state of the app a command runs in. */
export function menuState(host: PluginCallContext<unknown>["host"]): MenuState {
  const app = coreHost(host).app;
  let s = states.get(app);
  if (!s) {
    s = {
      pageMade: new WeakSet(),
      icons: new WeakMap(),
      appMenu: undefined,
      ownMenu: new Set(),
      watching: false,
    };
    states.set(app, s);
  }
  return s;
}

/** Sends a click on `id` to the page's channel (one whose page is gone hears nothing). */
function clicked(channel: Channel<string> | undefined, id: string): void {
  if (!channel || channel.isClosed) return;
  try {
    channel.send(id);
  } catch { /* the page went away meanwhile */ }
}

/** Tauri's kind of a model. */
export function kindOf(state: MenuState, thing: MenuThing): ItemKind {
  if (thing instanceof Menu) return "Menu";
  if (thing instanceof Submenu) return "Submenu";
  if (thing instanceof CheckMenuItem) return "Check";
  if (thing instanceof PredefinedMenuItem || thing instanceof MacOnlyItem) return "Predefined";
  return state.icons.has(thing) ? "Icon" : "MenuItem";
}

/** Hands `thing` to the page as a new resource: Tauri's `[rid, id, kind]`. */
export function handOut(
  ctx: Pick<PluginCallContext<unknown>, "resources" | "host">,
  thing: MenuThing,
): [number, string, ItemKind] {
  const kind = kindOf(menuState(ctx.host), thing);
  return [ctx.resources.add(new MenuResource(kind, thing)), thing.id, kind];
}

/** The page's menu resource `rid`; `kind` (what the page says it is) must match. */
export function resourceOf(
  ctx: Pick<PluginCallContext<unknown>, "resources">,
  rid: unknown,
  kind?: unknown,
): MenuResource {
  const r = ctx.resources.get(rid, isMenuResource, "menu item");
  if (kind !== undefined && kind !== r.kind) {
    throw new InvokeError(`resource ${rid} is a ${r.kind}, not a ${String(kind)}`);
  }
  return r;
}

/** Tauri's answer for a command that does not apply to this kind of item. */
export function unexpectedKind(kind: string, command: string): InvokeError {
  return new InvokeError(`unexpected menu item kind: ${command} does not apply to a ${kind}`);
}

// ---- payloads -------------------------------------------------------------------------------

/** An item in `items`: an existing one `[rid, kind]`, or the options of a new one. */
export type ItemPayload =
  | [number, string]
  | ({ handler?: Channel<string> } & Record<string, unknown>);

const handlerField = Channel.of(z.string()).optional();
/** The schema of `items` (channels in nested items become host channels). */
export const itemPayload: z.ZodType<ItemPayload> = z.lazy(() =>
  z.union([
    z.tuple([z.number(), z.string()]),
    z.looseObject({ handler: handlerField, items: z.array(itemPayload).optional() }),
  ])
) as unknown as z.ZodType<ItemPayload>;

const PREDEFINED: Record<string, (text?: string) => PredefinedMenuItem> = {
  Separator: () => PredefinedMenuItem.separator(),
  Copy: (t) => PredefinedMenuItem.copy(t),
  Cut: (t) => PredefinedMenuItem.cut(t),
  Paste: (t) => PredefinedMenuItem.paste(t),
  SelectAll: (t) => PredefinedMenuItem.selectAll(t),
  Undo: (t) => PredefinedMenuItem.undo(t),
  Redo: (t) => PredefinedMenuItem.redo(t),
  Minimize: (t) => PredefinedMenuItem.minimize(t),
  Maximize: (t) => PredefinedMenuItem.maximize(t),
  Fullscreen: (t) => PredefinedMenuItem.fullscreen(t),
  CloseWindow: (t) => PredefinedMenuItem.closeWindow(t),
  Quit: (t) => PredefinedMenuItem.quit(t),
};
const MAC_ONLY: Record<string, string> = {
  Hide: "Hide",
  HideOthers: "Hide Others",
  ShowAll: "Show All",
  Services: "Services",
  BringAllToFront: "Bring All to Front",
};

/** Tauri's `NativeIcon` names (macOS images): accepted, and like Tauri on Linux, not drawn. */
function isNativeIcon(v: unknown): boolean {
  return typeof v === "string" && /^[A-Z][A-Za-z]+$/.test(v) && !v.includes("/");
}

type Ctx = Pick<PluginCallContext<unknown>, "resources" | "host">;

function str(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new InvokeError(`${what} must be a string`);
  return v;
}

function bool(v: unknown, what: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw new InvokeError(`${what} must be a boolean`);
  return v;
}

/**
 * Shows `icon` (what {@linkcode checkIcon} kept) where menus draw icons: a tray's menu. A
 * NativeIcon is macOS's and, as in Tauri on Linux, draws nothing.
 */
export function showIcon(entry: MenuEntry, icon: unknown): Promise<void> {
  return setEntryIcon(entry, icon instanceof ImageResource ? encodePng(icon) : null);
}

/** Checks an icon (a NativeIcon name, or an image the page may use); what to keep of it. */
export async function checkIcon(ctx: Ctx, icon: unknown, what: string): Promise<unknown> {
  if (icon === undefined || icon === null) return null;
  if (isNativeIcon(icon)) return icon;
  return await jsImage(ctx, icon, what);
}

function wrap<T>(what: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof InvokeError) throw e;
    throw new InvokeError(`${what}: ${(e as Error).message}`);
  }
}

function aboutInfo(meta: unknown): AboutInfo {
  if (meta === null || meta === undefined) return {};
  if (typeof meta !== "object") throw new InvokeError("About: metadata must be an object");
  const m = meta as Record<string, unknown>;
  const info: AboutInfo = {};
  for (const k of ["name", "version", "comments", "copyright", "website"] as const) {
    const v = str(m[k], `About.${k}`);
    if (v !== undefined) info[k] = v;
  }
  return info;
}

/** A predefined item from Tauri's `item` (a name, or `{ About: metadata }`). */
function predefined(item: unknown, text: string | undefined): PredefinedMenuItem | MacOnlyItem {
  if (typeof item === "string") {
    const make = PREDEFINED[item];
    if (make) return make(text);
    if (MAC_ONLY[item]) return new MacOnlyItem(item, text ?? MAC_ONLY[item]);
  } else if (item && typeof item === "object" && "About" in item) {
    return PredefinedMenuItem.about(text, aboutInfo((item as { About: unknown }).About));
  }
  throw new InvokeError(
    `unknown predefined menu item ${JSON.stringify(item)} (expected one of ${
      [...Object.keys(PREDEFINED), ...Object.keys(MAC_ONLY), "{ About }"].join(", ")
    })`,
  );
}

/**
 * Builds a new item of `kind` from Tauri's options; `handler` (the page's channel) hears its
 * clicks. Items in `items` are built (or, as `[rid, kind]`, looked up) first.
 */
export async function buildItem(
  ctx: Ctx,
  kind: ItemKind,
  o: Record<string, unknown>,
  handler: Channel<string> | undefined,
): Promise<MenuThing> {
  const state = menuState(ctx.host);
  const id = str(o.id, `${kind}: id`);
  const text = str(o.text, `${kind}: text`);
  const enabled = bool(o.enabled, `${kind}: enabled`);
  const accelerator = str(o.accelerator, `${kind}: accelerator`);
  const onClick = (data: { item_id: string }) => clicked(handler, data.item_id);
  let made: MenuThing;
  switch (kind) {
    case "Menu": {
      const items = await buildItems(ctx, o.items);
      made = wrap("Menu", () => new Menu(id, items));
      break;
    }
    case "Submenu": {
      if (enabled === false) throw submenuDisable();
      const items = await buildItems(ctx, o.items);
      const icon = await checkIcon(ctx, o.icon, "Submenu icon");
      const sub = wrap("Submenu", () => new Submenu(text ?? "", items, { id }));
      if (icon !== null) {
        state.icons.set(sub, icon);
        await showIcon(sub, icon);
      }
      made = sub;
      break;
    }
    case "MenuItem":
    case "Icon": {
      const icon = kind === "Icon" ? await checkIcon(ctx, o.icon, "IconMenuItem icon") : null;
      const item = wrap(
        kind,
        () => new MenuItem({ id, text: text ?? "", enabled, accelerator, handler: onClick }),
      );
      if (kind === "Icon") {
        state.icons.set(item, icon);
        await showIcon(item, icon);
      }
      made = item;
      break;
    }
    case "Check":
      made = wrap("CheckMenuItem", () =>
        new CheckMenuItem({
          id,
          text: text ?? "",
          enabled,
          accelerator,
          checked: bool(o.checked, "CheckMenuItem: checked") ?? false,
          handler: onClick,
        }));
      break;
    case "Predefined":
      made = predefined(o.item, text);
      break;
    default:
      throw new InvokeError(`unknown menu item kind ${JSON.stringify(kind)}`);
  }
  if (made instanceof Menu) state.pageMade.add(made);
  return made;
}

/** The entries `items` names (macOS-only predefined items are left out: Linux shows none). */
export async function buildItems(ctx: Ctx, items: unknown): Promise<MenuEntry[]> {
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw new InvokeError("items must be an array");
  const out: MenuEntry[] = [];
  for (const p of items as ItemPayload[]) {
    const thing = await payloadItem(ctx, p);
    if (!(thing instanceof MacOnlyItem) && !(thing instanceof Menu)) out.push(thing);
    else if (thing instanceof Menu) throw new InvokeError("a Menu cannot be an item of a menu");
  }
  return out;
}

/** One payload of `items`: Tauri tells them apart by their fields, in this order. */
function payloadItem(ctx: Ctx, p: ItemPayload): Promise<MenuThing> {
  if (Array.isArray(p)) return Promise.resolve(resourceOf(ctx, p[0], p[1]).thing);
  if ("item" in p) return buildItem(ctx, "Predefined", p, undefined);
  if (typeof p.checked === "boolean") return buildItem(ctx, "Check", p, p.handler);
  if ("icon" in p && !("items" in p)) return buildItem(ctx, "Icon", p, p.handler);
  if ("items" in p) return buildItem(ctx, "Submenu", p, p.handler);
  return buildItem(ctx, "MenuItem", p, p.handler);
}

/** Why a submenu cannot be disabled here. */
export function submenuDisable(): InvokeError {
  return new InvokeError(
    "disabling a Submenu is unsupported on this platform (linux): GTK 4 menus give a submenu no " +
      "action to disable; disable its items instead",
    undefined,
    "unsupported",
  );
}
