/**
 * A window's menus on the main side: the menu bar and context menus it
 * shows, kept in step with their models, and clicks routed back to item
 * handlers and `menu:click`.
 * @module
 */

import type { MenuClickSignal } from "../../ffi/ui/menu_ops.ts";
import type { WindowHandle } from "../window.ts";
import { attachView, Menu, type MenuEntry } from "./model.ts";
import { menuSpec } from "./spec.ts";
import { deliverMenuClick, type MenuClickRoute } from "./wiring.ts";
import { registerWindowMenuHost, type WindowMenuHost } from "./window_host.ts";

/** What a window's menus need from the app. */
export interface WindowMenuBackend extends MenuClickRoute {
  /** The window's label (for events). */
  label: string;
  /** Runs a native op on the window. */
  call(name: string, args: unknown[]): Promise<unknown>;
}

/** Native state of a menu entry, as `menuState` takes it. */
function stateOf(entry: MenuEntry): { enabled?: boolean; checked?: boolean } {
  const s: { enabled?: boolean; checked?: boolean } = {};
  if ("enabled" in entry) s.enabled = entry.enabled;
  if ("checked" in entry) s.checked = (entry as { checked: boolean }).checked;
  return s;
}

/** The menus of one window. */
export class WindowMenus implements WindowMenuHost {
  #b: WindowMenuBackend;
  #bar: Menu | undefined;
  #detachBar: (() => void) | undefined;
  #popup: Menu | undefined;
  #detachPopup: (() => void) | undefined;
  #disposed = false;

  constructor(handle: WindowHandle, backend: WindowMenuBackend) {
    this.#b = backend;
    registerWindowMenuHost(handle, this);
  }

  /** The menu bar's model, if any. */
  barMenu(): Menu | undefined {
    return this.#bar;
  }

  /** Shows `menu` as the menu bar (null removes it). */
  async setBar(menu: Menu | null): Promise<void> {
    if (this.#disposed) throw new Error(`window "${this.#b.label}" closed`);
    if (menu !== null && !isMenu(menu)) {
      throw new TypeError("menu: expected a Menu (new Menu(id, [new Submenu(...)]))");
    }
    const spec = menu ? menuSpec(menu, "bar") : null; // validates before anything changes
    this.#detachBar?.();
    this.#detachBar = undefined;
    this.#bar = menu ?? undefined;
    if (menu) {
      // Attached before the native call, so a change made meanwhile is not lost.
      this.#detachBar = attachView(menu, {
        check: () => void menuSpec(menu, "bar"),
        rebuild: async () => {
          if (this.#bar !== menu || this.#disposed) return;
          await this.#b.call("menuSet", [menuSpec(menu, "bar")]);
        },
        state: async (entry) => {
          if (this.#bar !== menu || this.#disposed) return;
          await this.#b.call("menuState", [entry.num, stateOf(entry)]);
        },
      });
    }
    try {
      await this.#b.call("menuSet", [spec]);
    } catch (e) {
      if (this.#bar === menu && menu) {
        this.#detachBar?.();
        this.#detachBar = undefined;
        this.#bar = undefined;
      }
      throw e;
    }
  }

  /** Pops `menu` up at (x, y) in page coordinates. */
  async popup(menu: Menu, x: number, y: number): Promise<void> {
    if (this.#disposed) throw new Error(`window "${this.#b.label}" closed`);
    if (!isMenu(menu)) throw new TypeError("popup: expected a Menu");
    await this.#b.call("menuPopup", [menuSpec(menu, "context"), x, y]);
    this.#detachPopup?.();
    this.#popup = menu;
    // Enabled/checked changes reach an open popup; structure changes show on the next popup.
    this.#detachPopup = attachView(menu, {
      check: () => void menuSpec(menu, "context"),
      rebuild: () => Promise.resolve(),
      state: async (entry) => {
        if (this.#popup !== menu || this.#disposed) return;
        await this.#b.call("menuState", [entry.num, stateOf(entry)]);
      },
    });
  }

  /** Reads the native model back (GTK's GMenuModel and action states). */
  describe(which: "bar" | "context"): Promise<unknown> {
    return this.#b.call("menuDescribe", [which]);
  }

  /** Activates an entry through the GTK action group. */
  async activate(which: "bar" | "context", entry: MenuEntry): Promise<void> {
    await this.#b.call("menuActivate", [which, entry.num]);
  }

  /** Handles a click reported by the UI thread. */
  onSignal(data: unknown): void {
    const d = data as MenuClickSignal;
    if (!d || typeof d.menu !== "number" || typeof d.item !== "number") return;
    const menu = [this.#bar, this.#popup].find((m) => m?.num === d.menu);
    if (!menu) return;
    deliverMenuClick(menu, d.item, d.source, d.checked, this.#b.label, this.#b);
  }

  /** The window is gone: stop following the models. */
  dispose(): void {
    this.#disposed = true;
    this.#detachBar?.();
    this.#detachPopup?.();
    this.#bar = this.#popup = undefined;
  }
}

function isMenu(m: unknown): m is Menu {
  return m instanceof Menu;
}
