/**
 * The menu model as the tray's dbusmenu server shows it (linux/tray/dbusmenu.ts): plain
 * entries, built at each request, so the Linux side needs nothing from the model.
 * @module
 */

import type { DbusMenuEntry } from "../../linux/tray/dbusmenu.ts";
import { mnemonicLabel } from "./accelerators.ts";
import { CheckMenuItem, type MenuEntry, MenuItem, PredefinedMenuItem, Submenu } from "./model.ts";
import { entryIcon } from "./icons.ts";

/** One entry (and, for a submenu, its entries) in the server's form. */
export function dbusEntry(e: MenuEntry): DbusMenuEntry {
  if (e instanceof PredefinedMenuItem && e.kind === "separator") {
    return { num: e.num, kind: "separator", label: "", enabled: true };
  }
  const label = mnemonicLabel(e.text); // dbusmenu marks mnemonics with `_`, as GTK does
  const icon = entryIcon(e);
  if (e instanceof Submenu) {
    const sub: DbusMenuEntry = {
      num: e.num,
      kind: "submenu",
      label,
      enabled: true,
      children: e.items.map(dbusEntry),
    };
    if (icon) sub.icon = icon;
    return sub;
  }
  const out: DbusMenuEntry = { num: e.num, kind: "item", label, enabled: e.enabled };
  if (icon) out.icon = icon;
  if (e instanceof MenuItem && e.parsedAccelerator) out.shortcut = e.parsedAccelerator.keys;
  if (e instanceof CheckMenuItem) {
    out.kind = "check";
    out.checked = e.checked;
  }
  return out;
}

/** A whole menu's entries in the server's form (none without a menu). */
export function dbusEntries(menu: { items: MenuEntry[] } | undefined): DbusMenuEntry[] {
  return menu ? menu.items.map(dbusEntry) : [];
}
