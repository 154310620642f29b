/**
 * The system tray on Linux: a StatusNotifierItem (`org.kde.StatusNotifierItem`)
 * with its menu as `com.canonical.dbusmenu`, served over the session bus
 * from the main isolate (GTK 4 has no tray API). Registered with the
 * desktop's `org.kde.StatusNotifierWatcher`. The two D-Bus servers live in
 * linux/tray/; this file is the public `Tray` an app holds.
 * @module
 */

import type { DBusConnection, Variant } from "../linux/dbus/connection.ts";
import type { IconPixmap } from "../linux/dbus/icon.ts";
import type { DbusMenu } from "../linux/tray/dbusmenu.ts";
import { attachView, Menu } from "./menu/model.ts";
import { menuSpec } from "./menu/spec.ts";
import { deliverMenuClick, findEntry, type MenuClickRoute } from "./menu/wiring.ts";
import { dbusEntries, dbusEntry } from "./menu/dbus_view.ts";
import { loadLater } from "../ffi/load_later.ts";

/** The D-Bus side of trays, loaded by the first `Tray.create()` (an app without a tray never loads it). */
async function loadDbus() {
  // Computed specifiers: a literal import() would make Deno load these with the app (graph.ts).
  const [connection, icon, dbusmenu, notifier] = await Promise.all([
    loadLater<typeof import("../linux/dbus/connection.ts")>(
      new URL("../linux/dbus/connection.ts", import.meta.url),
    ),
    loadLater<typeof import("../linux/dbus/icon.ts")>(
      new URL("../linux/dbus/icon.ts", import.meta.url),
    ),
    loadLater<typeof import("../linux/tray/dbusmenu.ts")>(
      new URL("../linux/tray/dbusmenu.ts", import.meta.url),
    ),
    loadLater<typeof import("../linux/tray/status_notifier.ts")>(
      new URL("../linux/tray/status_notifier.ts", import.meta.url),
    ),
  ]);
  return { ...connection, ...icon, ...dbusmenu, ...notifier };
}

/** Set before any Tray exists (`Tray.create()` awaits `loadDbus()` first). */
let D: Awaited<ReturnType<typeof loadDbus>>;

/** `app.createTray(options)`. */
export interface TrayOptions {
  /** Reported as `tray_id` (generated when not given; unique per app). */
  id?: string;
  /** Hover text. */
  tooltip?: string;
  /** The item's title (default: the id). */
  title?: string;
  /** Icon image bytes (PNG, or another format gdk-pixbuf reads). */
  icon?: Uint8Array;
  /** A themed icon name (e.g. "mail-unread"), used when hosts prefer names. */
  iconName?: string;
  /** Its menu (entries: MenuItem, CheckMenuItem, Submenu, separator, quit). */
  menu?: Menu;
  /** Show the menu on a left click instead of sending `tray:click` (default true; needs a menu). */
  menuOnLeftClick?: boolean;
  /** Start visible (default true). */
  visible?: boolean;
}

/** What `tray:click` (and `tray:double-click`) carry. */
export interface TrayClickData {
  /** The tray's id. */
  tray_id: string;
  /** Which button: a host's activate is "left", secondary activate "middle", context menu "right". */
  button: "left" | "right" | "middle";
  /** Screen position the host reported. */
  x: number;
  /** Screen position the host reported. */
  y: number;
}

/** No session bus, or no tray host (StatusNotifierWatcher) on it. */
export class TrayError extends Error {
  /** Makes the error (name "TrayError"). */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TrayError";
  }
}

/** What a tray needs from the app. */
export interface TrayHost extends MenuClickRoute {
  /** Called once when the tray goes away. */
  removed(tray: Tray): void;
}

const DOUBLE_CLICK_MS = 400;
const DBUS = ["org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus"] as const;

let nextTray = 1;

function checkString(v: unknown, what: string): string {
  if (typeof v !== "string") throw new TypeError(`createTray: ${what} must be a string`);
  return v;
}

/**
 * A tray icon. Made by `app.createTray()`.
 *
 * @example A tray with a menu, where a tray host is running
 * ```ts
 * import { App, Menu, MenuItem, PredefinedMenuItem, TrayError } from "@panes/panes";
 *
 * await using app = new App();
 * const win = await app.show("<h1>Hi</h1>");
 * const menu = new Menu([
 *   new MenuItem({ id: "hide", text: "Hide", handler: () => win.hide() }),
 *   PredefinedMenuItem.quit(),
 * ]);
 * try {
 *   const tray = await app.createTray({ tooltip: "Demo", iconName: "applications-system", menu });
 *   await tray.setTooltip("Demo: running");
 * } catch (e) {
 *   if (!(e instanceof TrayError)) throw e; // no session bus or no tray host
 * }
 * await app.run();
 * ```
 */
export class Tray {
  /** Its id (`tray_id` in events). */
  readonly id: string;
  /** The well-known bus name it owns (`org.kde.StatusNotifierItem-<pid>-<n>`). */
  readonly busName: string;
  #conn: DBusConnection;
  #host: TrayHost;
  #tooltip: string;
  #title: string;
  #icon: IconPixmap | undefined;
  #iconName: string;
  #menu: Menu | undefined;
  #detachMenu: (() => void) | undefined;
  #menuOnLeftClick: boolean;
  #visible: boolean;
  readonly #dbusMenu: DbusMenu = new D.DbusMenu(
    () => dbusEntries(this.#menu),
    (id) => this.#click(id),
  );
  #removed = false;
  #lastActivate = Number.NEGATIVE_INFINITY;

  private constructor(
    conn: DBusConnection,
    id: string,
    busName: string,
    o: TrayOptions,
    host: TrayHost,
  ) {
    this.#conn = conn;
    this.id = id;
    this.busName = busName;
    this.#host = host;
    this.#tooltip = o.tooltip ?? "";
    this.#title = o.title ?? id;
    this.#icon = o.icon ? D.decodeIcon(o.icon) : undefined;
    this.#iconName = o.iconName ?? "";
    this.#menuOnLeftClick = o.menuOnLeftClick ?? true;
    this.#visible = o.visible ?? true;
  }

  /**
   * Creates and registers a tray item. Fails with a {@linkcode TrayError}
   * when there is no session bus or no StatusNotifierWatcher on it. Use `app.createTray()`.
   */
  static async create(options: TrayOptions, host: TrayHost): Promise<Tray> {
    const o = options ?? {};
    if (typeof o !== "object") throw new TypeError("createTray: options must be an object");
    const id = o.id === undefined ? `tray-${nextTray}` : checkString(o.id, "id");
    if (id === "") throw new TypeError("createTray: id must not be empty");
    for (const k of ["tooltip", "title", "iconName"] as const) {
      if (o[k] !== undefined) checkString(o[k], k);
    }
    if (o.icon !== undefined && !(o.icon instanceof Uint8Array)) {
      throw new TypeError("createTray: icon must be the image's bytes (Uint8Array)");
    }
    if (o.menu !== undefined && !(o.menu instanceof Menu)) {
      throw new TypeError("createTray: menu must be a Menu");
    }
    if (o.menu) menuSpec(o.menu, "tray"); // what a tray cannot show fails before anything is registered
    D ??= await loadDbus();
    if (o.icon) D.decodeIcon(o.icon);
    const address = D.sessionBusAddress();
    if (!address) {
      throw new TrayError(
        "createTray: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset and $XDG_RUNTIME_DIR/bus does not exist); " +
          "a tray on Linux needs a session bus and a StatusNotifierWatcher (a panel with a system tray)",
      );
    }
    let conn: DBusConnection;
    try {
      conn = D.DBusConnection.open(address);
    } catch (e) {
      throw new TrayError(`createTray: ${(e as Error).message}`, { cause: e });
    }
    const busName = `org.kde.StatusNotifierItem-${Deno.pid}-${nextTray++}`;
    try {
      const [has] = await conn.call(...DBUS, "NameHasOwner", new D.Variant("(s)", [D.WATCHER]));
      if (!has) {
        throw new TrayError(
          `createTray: no StatusNotifierWatcher on the session bus: this desktop shows no tray icons ` +
            `(a panel with a StatusNotifier tray is needed; on GNOME, the AppIndicator extension)`,
        );
      }
      const tray = new Tray(conn, id, busName, o, host);
      tray.#export();
      if (o.menu) tray.#attachMenu(o.menu);
      const [owned] = await conn.call(...DBUS, "RequestName", new D.Variant("(su)", [busName, 4]));
      if (owned !== 1) throw new TrayError(`createTray: cannot own the bus name ${busName}`);
      await tray.#register();
      // A tray host that restarts (panel crash, new session) gets the item again.
      conn.subscribe(
        { sender: DBUS[0], iface: DBUS[2], member: "NameOwnerChanged", arg0: D.WATCHER },
        (s) => {
          if (s.args[2] && !tray.#removed) {
            tray.#register().catch((e) =>
              console.warn(`panes: tray "${id}": re-registering failed: ${e.message}`)
            );
          }
        },
      );
      return tray;
    } catch (e) {
      conn.close();
      if (e instanceof TrayError || e instanceof TypeError) throw e;
      throw new TrayError(
        `createTray: registering with the StatusNotifierWatcher failed: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
  }

  #register(): Promise<unknown> {
    return this.#conn.call(
      D.WATCHER,
      "/StatusNotifierWatcher",
      D.WATCHER,
      "RegisterStatusNotifierItem",
      new D.Variant("(s)", [this.busName]),
    );
  }

  #export(): void {
    this.#conn.export(D.ITEM_PATH, {
      xml: D.ITEM_XML,
      name: "org.kde.StatusNotifierItem",
      method: (name, args) => this.#itemMethod(name, args as number[]),
      property: (name) => this.#itemProperty(name),
    });
    this.#conn.export(D.MENU_PATH, this.#dbusMenu.exported());
  }

  #itemProperty(name: string): Variant {
    return D.itemProperty(name, {
      id: this.id,
      title: this.#title,
      tooltip: this.#tooltip,
      icon: this.#icon,
      iconName: this.#iconName,
      visible: this.#visible,
      hasMenu: this.#menu !== undefined,
      menuOnLeftClick: this.#menuOnLeftClick,
    });
  }

  #itemMethod(name: string, args: number[]): undefined {
    const click = (button: TrayClickData["button"]) => {
      const data: TrayClickData = { tray_id: this.id, button, x: args[0] ?? 0, y: args[1] ?? 0 };
      this.#host.dispatch("tray:click", data, "");
      return data;
    };
    switch (name) {
      case "Activate": {
        const data = click("left");
        const now = Date.now();
        if (now - this.#lastActivate < DOUBLE_CLICK_MS) {
          this.#host.dispatch("tray:double-click", data, "");
          this.#lastActivate = Number.NEGATIVE_INFINITY; // a third click starts over
        } else this.#lastActivate = now;
        return;
      }
      case "SecondaryActivate":
        click("middle");
        return;
      case "ContextMenu":
        click("right");
        return;
      case "Scroll":
        this.#host.dispatch("tray:scroll", {
          tray_id: this.id,
          delta: args[0],
          orientation: args[1],
        }, "");
        return;
    }
    throw new D.DBusError("org.freedesktop.DBus.Error.UnknownMethod", `no method ${name}`);
  }

  #click(id: number): void {
    const menu = this.#menu;
    if (!menu) return;
    const e = findEntry(menu, id);
    if (!e || ("enabled" in e && !e.enabled)) return;
    deliverMenuClick(menu, id, "tray", undefined, "", this.#host);
  }

  #attachMenu(menu: Menu): void {
    this.#menu = menu;
    this.#detachMenu = attachView(menu, {
      check: () => void menuSpec(menu, "tray"),
      rebuild: () => {
        if (this.#menu !== menu || this.#removed) return Promise.resolve();
        this.#emitMenu("LayoutUpdated", this.#dbusMenu.layoutUpdated());
        return Promise.resolve();
      },
      state: (entry) => {
        if (this.#menu !== menu || this.#removed) return Promise.resolve();
        this.#emitMenu(
          "ItemsPropertiesUpdated",
          this.#dbusMenu.propertiesUpdated(dbusEntry(entry)),
        );
        return Promise.resolve();
      },
    });
  }

  #emitMenu(name: string, args: Variant): void {
    try {
      this.#conn.emit(D.MENU_PATH, "com.canonical.dbusmenu", name, args);
    } catch (e) {
      console.warn(`panes: tray "${this.id}": ${name} failed: ${(e as Error).message}`);
    }
  }

  #emitItem(name: string, args?: Variant): void {
    this.#live();
    this.#conn.emit(D.ITEM_PATH, "org.kde.StatusNotifierItem", name, args);
  }

  #live(): void {
    if (this.#removed) throw new Error(`tray "${this.id}" was removed`);
  }

  /** Whether `remove()` was called (or the app was destroyed). */
  get removed(): boolean {
    return this.#removed;
  }
  /** The tooltip text. */
  get tooltip(): string {
    return this.#tooltip;
  }
  /** The title. */
  get title(): string {
    return this.#title;
  }
  /** Whether it is shown (Status Active) rather than hidden (Passive). */
  get visible(): boolean {
    return this.#visible;
  }
  /** Its menu, if any. */
  get menu(): Menu | undefined {
    return this.#menu;
  }

  /** Changes the tooltip. */
  setTooltip(text: string | null): Promise<void> {
    this.#live();
    this.#tooltip = text === null ? "" : checkString(text, "tooltip");
    this.#emitItem("NewToolTip");
    return Promise.resolve();
  }
  /** Changes the title. */
  setTitle(text: string | null): Promise<void> {
    this.#live();
    this.#title = text === null ? this.id : checkString(text, "title");
    this.#emitItem("NewTitle");
    return Promise.resolve();
  }
  /** Changes the icon (image bytes; null removes it). */
  setIcon(icon: Uint8Array | null): Promise<void> {
    this.#live();
    this.#icon = icon === null ? undefined : D.decodeIcon(icon);
    this.#emitItem("NewIcon");
    return Promise.resolve();
  }
  /** Changes the themed icon name (null removes it). */
  setIconName(name: string | null): Promise<void> {
    this.#live();
    this.#iconName = name === null ? "" : checkString(name, "iconName");
    this.#emitItem("NewIcon");
    return Promise.resolve();
  }
  /** Replaces (or with null removes) the menu. */
  setMenu(menu: Menu | null): Promise<void> {
    this.#live();
    if (menu !== null && !(menu instanceof Menu)) {
      throw new TypeError("setMenu: expected a Menu or null");
    }
    if (menu) menuSpec(menu, "tray");
    this.#detachMenu?.();
    this.#detachMenu = undefined;
    this.#menu = undefined;
    if (menu) this.#attachMenu(menu);
    this.#emitMenu("LayoutUpdated", this.#dbusMenu.layoutUpdated());
    return Promise.resolve();
  }
  /** Whether a left click opens the menu (true) or sends `tray:click` (false). */
  setMenuOnLeftClick(enabled: boolean): Promise<void> {
    this.#live();
    this.#menuOnLeftClick = Boolean(enabled);
    return Promise.resolve();
  }
  /** Shows or hides the icon. */
  setVisible(visible: boolean): Promise<void> {
    this.#live();
    this.#visible = Boolean(visible);
    this.#emitItem("NewStatus", new D.Variant("(s)", [this.#visible ? "Active" : "Passive"]));
    return Promise.resolve();
  }

  /** Removes the icon from the tray and releases its bus connection. */
  remove(): Promise<void> {
    if (this.#removed) return Promise.resolve();
    this.#removed = true;
    this.#detachMenu?.();
    this.#conn.close();
    this.#host.removed(this);
    return Promise.resolve();
  }
}
