/** The public surface of menus and the tray (re-exported by mod.ts and the `./menu` entry). @module */

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
  type PredefinedKind,
  PredefinedMenuItem,
  Submenu,
} from "./model.ts";
export { parseAccelerator, type ParsedAccelerator } from "./accelerators.ts";
export type { AboutInfo, PredefinedRole } from "../../ffi/ui/menu_ops.ts";
export { Tray, type TrayClickData, TrayError, type TrayOptions } from "../tray.ts";
