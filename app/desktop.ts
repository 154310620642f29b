/**
 * The app's native desktop features beside its windows: each window's
 * menus and hot-reload watcher, and the app's tray icons. `App` calls in
 * at a few points (window opened, shown, content loaded, native signal,
 * window gone, destroy) so all of it lives here.
 * @module
 */

import { HotReloader } from "./hot_reload.ts";
import { HtmlContent } from "./html_content.ts";
import { Menu } from "./menu/model.ts";
import { menuSpec } from "./menu/spec.ts";
import { WindowMenus } from "./menu/window.ts";
import { Tray, type TrayOptions } from "./tray.ts";
import type { WindowHandle } from "./window.ts";

/** What the features need from the app. */
export interface DesktopHost {
  /** Dispatches an event to the registry (`menu:click`, `tray:click`, …). */
  dispatch(type: string, data: unknown, label: string): void;
  /** Ends the app (the predefined quit item). */
  quit(): void;
  /** The app's `hotReload` option. */
  hotReload: boolean;
}

interface WindowFeatures {
  handle: WindowHandle;
  menus: WindowMenus;
  /** Set by show(): whether this window's content is watched. */
  hotReload: boolean | undefined;
  watcher: HotReloader | undefined;
}

/** Menus, hot reload and trays for one app. */
export class DesktopFeatures {
  #host: DesktopHost;
  #windows = new Map<string, WindowFeatures>();
  #trays = new Map<string, Tray>();
  #creating = new Set<string>();

  constructor(host: DesktopHost) {
    this.#host = host;
  }

  /** A window was registered: its menus can be set from now on. */
  windowOpened(
    handle: WindowHandle,
    label: string,
    call: (name: string, args: unknown[]) => Promise<unknown>,
  ): void {
    const menus = new WindowMenus(handle, {
      label,
      call,
      dispatch: (type, data, l) => this.#host.dispatch(type, data, l),
      quit: () => this.#host.quit(),
    });
    this.#windows.set(label, { handle, menus, hotReload: undefined, watcher: undefined });
  }

  /** Fails early (before a window opens) on a bad `menu` or `hotReload` option. */
  check(options: { menu?: Menu | null; hotReload?: boolean }): void {
    if (options.hotReload !== undefined && typeof options.hotReload !== "boolean") {
      throw new TypeError("show: hotReload must be a boolean");
    }
    const m = options.menu;
    if (m === undefined || m === null) return;
    if (!(m instanceof Menu)) {
      throw new TypeError("show: menu must be a Menu (new Menu(id, [new Submenu(...)]))");
    }
    menuSpec(m, "bar");
  }

  /** `show()` options for a window whose page is up: its menu bar and hot reload. */
  async configure(
    label: string,
    content: unknown,
    options: { menu?: Menu | null; hotReload?: boolean },
  ): Promise<void> {
    const w = this.#windows.get(label);
    if (!w) return;
    if (options.hotReload !== undefined) {
      if (typeof options.hotReload !== "boolean") {
        throw new TypeError("show: hotReload must be a boolean");
      }
      w.hotReload = options.hotReload;
    }
    if (options.menu !== undefined) await w.menus.setBar(options.menu);
    this.contentLoaded(label, content);
  }

  /** New content is showing in `label`: watch its files when hot reload applies. */
  contentLoaded(label: string, content: unknown): void {
    const w = this.#windows.get(label);
    if (!w) return;
    if (w.watcher?.content === content) return; // our own reload, or the same content again
    w.watcher?.stop();
    w.watcher = undefined;
    if (!(content instanceof HtmlContent)) return;
    const on = w.hotReload ?? content.options.hotReload ?? this.#host.hotReload;
    if (!on || content.files.length === 0) return;
    const handle = w.handle;
    w.watcher = new HotReloader(content, {
      label,
      injectCss: (css, id) => handle.injectCss(css, id),
      reload: (c) => handle.update(c),
      evalJs: (script, o) => handle.evalJs(script, o),
    });
    w.watcher.start();
  }

  /** A native signal from a window; true when it was ours. */
  signal(label: string, name: string, data: unknown): boolean {
    if (name !== "menu") return false;
    this.#windows.get(label)?.menus.onSignal(data);
    return true;
  }

  /** The watcher of a window (tests and tools). */
  hotReloader(label: string): HotReloader | undefined {
    return this.#windows.get(label)?.watcher;
  }

  /** A window is gone: stop its watcher and menus. */
  windowGone(label: string): void {
    const w = this.#windows.get(label);
    if (!w) return;
    this.#windows.delete(label);
    w.watcher?.stop();
    w.menus.dispose();
  }

  /** Creates a tray icon (ids are unique per app). */
  async createTray(options: TrayOptions = {}): Promise<Tray> {
    const id = options?.id;
    if (id !== undefined && (this.#trays.has(id) || this.#creating.has(id))) {
      throw new Error(`createTray: a tray with id "${id}" already exists`);
    }
    if (id !== undefined) this.#creating.add(id);
    try {
      const tray = await Tray.create(options, {
        dispatch: (type, data, l) => this.#host.dispatch(type, data, l),
        quit: () => this.#host.quit(),
        removed: (t) => {
          if (this.#trays.get(t.id) === t) this.#trays.delete(t.id);
        },
      });
      if (this.#trays.has(tray.id)) {
        await tray.remove();
        throw new Error(`createTray: a tray with id "${tray.id}" already exists`);
      }
      this.#trays.set(tray.id, tray);
      return tray;
    } finally {
      if (id !== undefined) this.#creating.delete(id);
    }
  }

  /** The tray with this id, if any. */
  tray(id: string): Tray | undefined {
    return this.#trays.get(id);
  }

  /** Stops every watcher and removes every tray. */
  async destroy(): Promise<void> {
    for (const label of [...this.#windows.keys()]) this.windowGone(label);
    await Promise.all([...this.#trays.values()].map((t) => t.remove()));
  }
}
