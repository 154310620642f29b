/**
 * Icons of menu entries, as PNG bytes, for the places that draw them: a tray's dbusmenu shows
 * them beside labels (`icon-data`); GTK 4's menu bars and context menus draw none. Kept beside
 * the models rather than in them: only Tauri's `IconMenuItem` (the core menu plugin) sets one.
 * @module
 */

import { type MenuEntry, touchEntry } from "./model.ts";

const icons = new WeakMap<MenuEntry, Uint8Array>();

/** The entry's icon, if any. */
export function entryIcon(entry: MenuEntry): Uint8Array | undefined {
  return icons.get(entry);
}

/** Sets (or with null removes) the entry's icon; resolves once every place showing it does. */
export function setEntryIcon(entry: MenuEntry, png: Uint8Array | null): Promise<void> {
  if (png) icons.set(entry, png);
  else icons.delete(entry);
  return touchEntry(entry);
}
