/** The public surface of menus, tray and hot reload (re-exported by mod.ts). @module */

export {
  type CheckMenuClickData,
  CheckMenuItem,
  type CheckMenuItemHandler,
  type CheckMenuItemOptions,
  Menu,
  type MenuClickData,
  type MenuEntry,
  MenuEntryBase,
  MenuItem,
  type MenuItemHandler,
  type MenuItemOptions,
  type MenuSource,
  parseAccelerator,
  type ParsedAccelerator,
  type PredefinedKind,
  PredefinedMenuItem,
  Submenu,
} from "./menu.ts";
export { Tray, type TrayClickData, TrayError, type TrayOptions } from "./tray.ts";
export type { AboutInfo, PredefinedRole } from "../ffi/ui/menu_ops.ts";
