/**
 * Click routing: a click the native side reports (by the entry's number) reaches the item's
 * handler, a check item's other views, `menu:click` on the registry, and quit for the
 * predefined quit item.
 * @module
 */

import {
  type CheckMenuClickData,
  CheckMenuItem,
  type Menu,
  type MenuClickData,
  type MenuEntry,
  MenuItem,
  type MenuSource,
  PredefinedMenuItem,
  Submenu,
  walk,
} from "./model.ts";

/** The entry of `menu` with this process-unique number. */
export function findEntry(menu: Menu, num: number): MenuEntry | undefined {
  let found: MenuEntry | undefined;
  walk(menu.items, (e) => {
    if (e.num === num) found = e;
  });
  return found;
}

/** What routing a click needs from the app. */
export interface MenuClickRoute {
  /** Dispatches `menu:click` to the registry. */
  dispatch(type: string, data: unknown, label: string): void;
  /** Ends the app (the predefined quit item). */
  quit(): void;
}

/**
 * Runs a click on entry `num` of `menu`: updates a check item's state (the
 * native side already toggled it; `checked` says to what), calls the item's
 * handler, dispatches `menu:click`, and quits for the predefined quit item.
 */
export function deliverMenuClick(
  menu: Menu,
  num: number,
  source: MenuSource,
  checked: boolean | undefined,
  label: string,
  route: MenuClickRoute,
): boolean {
  const entry = findEntry(menu, num);
  if (!entry || entry instanceof Submenu) return false;
  const data: MenuClickData = { item_id: entry.id, source };
  if (entry instanceof CheckMenuItem) {
    data.checked = checked ?? !entry.checked;
    // Every other place showing it follows (the one clicked already shows it).
    entry.setChecked(data.checked).catch(() => {});
  }
  if (entry instanceof MenuItem) {
    try {
      const r = entry.handler(data as CheckMenuClickData, "menu:click", label);
      if (r instanceof Promise) {
        r.catch((e) => console.error(`panes: menu item "${entry.id}" handler failed:`, e));
      }
    } catch (e) {
      console.error(`panes: menu item "${entry.id}" handler failed:`, e);
    }
  }
  route.dispatch("menu:click", { ...data }, label);
  if (entry instanceof PredefinedMenuItem && entry.kind === "quit") route.quit();
  return true;
}
