/**
 * Which window shows menus how: each window opened by `App.show()` registers the host its
 * menus go through, so `Menu.setAsWindowMenu(win)` and `Menu.popup(win, …)` find it.
 * @module
 */

import type { WindowHandle } from "../window.ts";
import type { Menu, MenuEntry } from "./model.ts";

/** What a window offers menus (set by the app for each window); internal. */
export interface WindowMenuHost {
  setBar(menu: Menu | null): Promise<void>;
  popup(menu: Menu, x: number, y: number): Promise<void>;
  barMenu(): Menu | undefined;
  /** Reads the native menu model back (what GTK holds), for tests and tools. */
  describe(which: "bar" | "context"): Promise<unknown>;
  /** Activates an entry through the GTK action group, as a click does. */
  activate(which: "bar" | "context", entry: MenuEntry): Promise<void>;
}

const windowHosts = new WeakMap<object, WindowMenuHost>();

/** Registers the menu host of a window handle (called by the app). */
export function registerWindowMenuHost(handle: object, host: WindowMenuHost): void {
  windowHosts.set(handle, host);
}

/** The menu host of a window opened by `App.show()` (tests and tools). */
export function windowMenuHost(win: WindowHandle): WindowMenuHost {
  return hostOf(win, "windowMenuHost");
}

/** The menu host of `win`, or a clear error naming `what` when it has none or is closed. */
export function hostOf(win: WindowHandle, what: string): WindowMenuHost {
  const host = windowHosts.get(win);
  if (!host) throw new TypeError(`${what}: not a window opened by App.show()`);
  if (win.isClosed) throw new Error(`${what}: window "${win.label}" closed`);
  return host;
}
