/**
 * A menu model as the native side builds it: checks what the place showing it allows (a
 * window's bar, a context menu, a tray) and turns the model into the `MenuSpec` the UI
 * thread (and the tray's dbusmenu server) reads.
 * @module
 */

import type { MenuSpec, MenuSpecNode, PredefinedRole } from "../../ffi/ui/menu_ops.ts";
import { mnemonicLabel, parseAccelerator } from "./accelerators.ts";
import {
  CheckMenuItem,
  type Menu,
  type MenuEntry,
  PredefinedMenuItem,
  Submenu,
  walk,
} from "./model.ts";

/** Where a menu is being shown, for what is allowed there. */
export type MenuTarget = "bar" | "context" | "tray";

const ROLE_ACCEL: Partial<Record<PredefinedRole, string>> = {
  copy: "CmdOrCtrl+C",
  cut: "CmdOrCtrl+X",
  paste: "CmdOrCtrl+V",
  select_all: "CmdOrCtrl+A",
  undo: "CmdOrCtrl+Z",
  redo: "CmdOrCtrl+Shift+Z",
  quit: "CmdOrCtrl+Q",
  fullscreen: "F11",
};
/** Roles whose keys stay with WebKit: the label shows the key, the page keeps handling it. */
const EDITING_ROLES = new Set<string>(["copy", "cut", "paste", "select_all", "undo", "redo"]);

/** Checks what `target` allows and returns the native model of `menu`. */
export function menuSpec(menu: Menu, target: MenuTarget): MenuSpec {
  const ids = new Map<string, MenuEntry>();
  const items = menu.items;
  walk(items, (e) => {
    if (e instanceof PredefinedMenuItem && e.kind === "separator") return;
    const other = ids.get(e.id);
    if (other && other !== e) {
      throw new Error(`Menu "${menu.id}": the id "${e.id}" is used by two entries`);
    }
    ids.set(e.id, e);
    if (target === "tray" && e instanceof PredefinedMenuItem && e.kind !== "quit") {
      throw new Error(
        `Menu "${menu.id}": PredefinedMenuItem ${e.kind} needs a window; a tray menu takes separator and quit only`,
      );
    }
  });
  if (target === "bar") {
    for (const e of items) {
      if (!(e instanceof Submenu)) {
        throw new Error(
          `Menu "${menu.id}": a window menu bar's top-level entries must be Submenus ` +
            `(found ${e.constructor.name} "${e.id}"); wrap items in new Submenu("File", [...])`,
        );
      }
    }
  }
  return { menu: menu.num, items: items.map(toNode) };
}

function toNode(e: MenuEntry): MenuSpecNode {
  if (e instanceof Submenu) {
    return { k: "sub", n: e.num, text: mnemonicLabel(e.text), items: e.items.map(toNode) };
  }
  if (e instanceof PredefinedMenuItem) {
    if (e.kind === "separator") return { k: "sep" };
    const accel = ROLE_ACCEL[e.kind];
    const node: MenuSpecNode = {
      k: "item",
      n: e.num,
      text: mnemonicLabel(e.text),
      bind: !EDITING_ROLES.has(e.kind),
      enabled: e.enabled,
      role: e.kind,
    };
    if (accel) node.accel = parseAccelerator(accel).gtk;
    if (e.about) node.about = e.about;
    return node;
  }
  const node: MenuSpecNode = {
    k: "item",
    n: e.num,
    text: mnemonicLabel(e.text),
    bind: true,
    enabled: e.enabled,
  };
  if (e.parsedAccelerator) node.accel = e.parsedAccelerator.gtk;
  if (e instanceof CheckMenuItem) node.checked = e.checked;
  return node;
}
