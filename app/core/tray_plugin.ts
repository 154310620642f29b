/**
 * Tauri's core `tray` plugin (`@tauri-apps/api/tray`): tray icons made from the page, on panes'
 * tray (app/tray.ts: a StatusNotifierItem with a dbusmenu menu). A tray is a resource of the
 * page that made it: closing it (or the page going away) removes the icon, as closing a
 * `TrayIcon` does in Tauri. The host's clicks reach the page's `action` as Tauri's
 * `TrayIconEvent`s. Only trays made by pages are found by id: a page cannot take over the
 * trays the app made itself.
 * @module
 */

import { z } from "zod";
import { Channel } from "../../bridge/channel.ts";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { PageResource, Plugin, PluginCallContext } from "../../plugins/plugin.ts";
import type { App } from "../app.ts";
import { Menu, Submenu } from "../menu/model.ts";
import type { Tray, TrayClickData } from "../tray.ts";
import { defineCorePlugin } from "./define.ts";
import { coreHost } from "./host.ts";
import { jsImage } from "./image.ts";
import { encodePng } from "./image_png.ts";
import { resourceOf } from "./menu_items.ts";

type Ctx = PluginCallContext<unknown>;

/** Tauri's `TrayIconEvent`, as its `Channel<TrayIconEvent>` carries it. */
export type TrayIconEvent = {
  type: "Click" | "DoubleClick";
  id: string;
  position: { x: number; y: number };
  rect: {
    position: { Physical: { x: number; y: number } };
    size: { Physical: { width: number; height: number } };
  };
  button: "Left" | "Right" | "Middle";
  buttonState?: "Up" | "Down";
};

/** A page-made tray, as a resource. */
class TrayResource implements PageResource {
  rid = 0;
  #stop: () => void;
  constructor(readonly tray: Tray, readonly registry: Map<string, TrayResource>, stop: () => void) {
    this.#stop = stop;
  }
  /** Takes the icon down and stops its events (idempotent). */
  async close(): Promise<void> {
    this.#stop();
    if (this.registry.get(this.tray.id) === this) this.registry.delete(this.tray.id);
    await this.tray.remove();
  }
}

function isTray(v: PageResource): v is TrayResource {
  return v instanceof TrayResource;
}

const registries = new WeakMap<App, Map<string, TrayResource>>();

function registry(ctx: Ctx): Map<string, TrayResource> {
  const app = coreHost(ctx.host).app;
  let r = registries.get(app);
  if (!r) registries.set(app, r = new Map());
  return r;
}

/** The live tray behind `rid`. */
function trayOf(ctx: Ctx, rid: unknown): Tray {
  const t = ctx.resources.get(rid, isTray, "tray icon").tray;
  if (t.removed) throw new InvokeError(`tray "${t.id}" was removed`);
  return t;
}

const BUTTONS = { left: "Left", middle: "Middle", right: "Right" } as const;

/** Tauri's events for one of panes' tray clicks (a press and a release, as Tauri reports). */
export function trayEvents(type: string, d: TrayClickData): TrayIconEvent[] {
  const base = {
    id: d.tray_id,
    position: { x: d.x, y: d.y },
    // The StatusNotifier host says where it was clicked, not where the icon is.
    rect: {
      position: { Physical: { x: d.x, y: d.y } },
      size: { Physical: { width: 0, height: 0 } },
    },
    button: BUTTONS[d.button],
  };
  if (type === "tray:double-click") return [{ type: "DoubleClick", ...base }];
  return [
    { type: "Click", ...base, buttonState: "Down" },
    { type: "Click", ...base, buttonState: "Up" },
  ];
}

/** A page's menu for a tray: a Menu, or a Submenu's entries (as they are now). */
function trayMenu(ctx: Ctx, menu: [number, string] | null | undefined): Menu | null {
  if (!menu) return null;
  const thing = resourceOf(ctx, menu[0], menu[1]).thing;
  if (thing instanceof Menu) return thing;
  if (thing instanceof Submenu) return new Menu(thing.items);
  throw new InvokeError(`unexpected menu kind: a tray takes a Menu or a Submenu, not a ${menu[1]}`);
}

async function iconBytes(ctx: Ctx, icon: unknown): Promise<Uint8Array | null> {
  if (icon === undefined || icon === null) return null;
  return encodePng(await jsImage(ctx, icon, "tray icon"));
}

/** Runs a tray change, turning its errors into the page's. */
async function guard<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof InvokeError) throw e;
    const name = (e as Error).name;
    throw new InvokeError(
      (e as Error).message,
      undefined,
      name === "TrayError" ? "unavailable" : "command-error",
    );
  }
}

const rid = z.object({ rid: z.number() });
const menuRef = z.tuple([z.number(), z.string()]);

/** The tray plugin. */
export const trayPlugin: Plugin = defineCorePlugin("tray", {
  new: {
    args: z.object({
      options: z.object({
        id: z.string().nullish(),
        menu: menuRef.nullish(),
        icon: z.unknown().optional(),
        tooltip: z.string().nullish(),
        title: z.string().nullish(),
        tempDirPath: z.string().nullish(),
        iconAsTemplate: z.boolean().nullish(),
        menuOnLeftClick: z.boolean().nullish(),
        showMenuOnLeftClick: z.boolean().nullish(),
      }).nullish(),
      handler: Channel.of<TrayIconEvent>(),
    }),
    run: async (ctx) => {
      const o = ctx.args.options ?? {};
      const channel = ctx.args.handler;
      const app = coreHost(ctx.host).app;
      const menu = trayMenu(ctx, o.menu);
      const icon = await iconBytes(ctx, o.icon);
      const tray = await guard(() =>
        app.createTray({
          id: o.id ?? undefined,
          tooltip: o.tooltip ?? undefined,
          title: o.title ?? undefined,
          icon: icon ?? undefined,
          menu: menu ?? undefined,
          menuOnLeftClick: o.showMenuOnLeftClick ?? o.menuOnLeftClick ?? undefined,
        })
      );
      const listeners = ["tray:click", "tray:double-click"].map((type) =>
        app.on(type, (data) => {
          const d = data as TrayClickData;
          if (d?.tray_id !== tray.id || channel.isClosed) return;
          for (const e of trayEvents(type, d)) channel.send(e);
        })
      );
      const reg = registry(ctx);
      const res = new TrayResource(tray, reg, () => listeners.forEach((off) => off()));
      try {
        res.rid = ctx.resources.add(res);
      } catch (e) {
        await res.close(); // the page went away meanwhile: no orphan icon
        throw e;
      }
      reg.set(tray.id, res);
      return [res.rid, tray.id];
    },
  },
  get_by_id: {
    args: z.object({ id: z.string() }),
    run: (ctx) => {
      const res = registry(ctx).get(ctx.args.id);
      if (!res || res.tray.removed) return null;
      return ctx.resources.share(res.rid) ? res.rid : null;
    },
  },
  remove_by_id: {
    args: z.object({ id: z.string() }),
    run: async (ctx) => {
      const res = registry(ctx).get(ctx.args.id);
      if (!res || res.tray.removed) {
        throw new InvokeError(`Can't find a tray associated with this id: ${ctx.args.id}`);
      }
      await res.close();
    },
  },
  set_icon: {
    args: rid.extend({ icon: z.unknown().optional() }),
    run: async (ctx) => {
      const tray = trayOf(ctx, ctx.args.rid);
      const icon = await iconBytes(ctx, ctx.args.icon);
      await guard(() => tray.setIcon(icon));
    },
  },
  set_icon_with_as_template: {
    args: rid.extend({ icon: z.unknown().optional(), asTemplate: z.boolean() }),
    // The template flag is macOS's (see set_icon_as_template); the icon is set.
    run: async (ctx) => {
      const tray = trayOf(ctx, ctx.args.rid);
      const icon = await iconBytes(ctx, ctx.args.icon);
      await guard(() => tray.setIcon(icon));
    },
  },
  set_menu: {
    args: rid.extend({ menu: menuRef.nullish() }),
    run: async (ctx) => {
      const tray = trayOf(ctx, ctx.args.rid);
      const menu = trayMenu(ctx, ctx.args.menu);
      await guard(() => tray.setMenu(menu));
    },
  },
  set_tooltip: {
    args: rid.extend({ tooltip: z.string().nullish() }),
    run: async (ctx) => {
      const tray = trayOf(ctx, ctx.args.rid);
      await guard(() => tray.setTooltip(ctx.args.tooltip ?? null));
    },
  },
  set_title: {
    args: rid.extend({ title: z.string().nullish() }),
    run: async (ctx) => {
      const tray = trayOf(ctx, ctx.args.rid);
      await guard(() => tray.setTitle(ctx.args.title ?? null));
    },
  },
  set_visible: {
    args: rid.extend({ visible: z.boolean() }),
    run: async (ctx) => {
      const tray = trayOf(ctx, ctx.args.rid);
      await guard(() => tray.setVisible(ctx.args.visible));
    },
  },
  set_show_menu_on_left_click: {
    args: rid.extend({ onLeft: z.boolean() }),
    run: async (ctx) => {
      const tray = trayOf(ctx, ctx.args.rid);
      await guard(() => tray.setMenuOnLeftClick(ctx.args.onLeft));
    },
  },
  set_temp_dir_path: {
    args: rid.extend({ path: z.string().nullish() }),
    // Tauri writes icons to files there for libappindicator; panes sends the pixels over D-Bus
    // (IconPixmap) and writes no file, so there is nothing to move. Accepted, as in Tauri.
    run: (ctx) => void trayOf(ctx, ctx.args.rid),
  },
  set_icon_as_template: {
    args: rid.extend({ asTemplate: z.boolean() }),
    // A template image is macOS's menu-bar recolouring hint; Tauri accepts it on Linux and
    // ignores it, and cross-platform frontends call it unconditionally: so here.
    run: (ctx) => void trayOf(ctx, ctx.args.rid),
  },
});
