/**
 * A StatusNotifierItem (`org.kde.StatusNotifierItem`): what the desktop's tray host reads of one
 * tray icon, and the registration with its `org.kde.StatusNotifierWatcher`.
 * @module
 */

import { Variant } from "../dbus/connection.ts";
import type { IconPixmap } from "../dbus/icon.ts";
import { invalidArgs, MENU_PATH } from "./dbusmenu.ts";

/** The tray host's registry on the session bus. */
export const WATCHER = "org.kde.StatusNotifierWatcher";
/** Where the item is exported. */
export const ITEM_PATH = "/StatusNotifierItem";
const NO_MENU = "/NO_DBUSMENU";

/** What the item shows, read at each request. */
export interface ItemState {
  id: string;
  title: string;
  tooltip: string;
  icon: IconPixmap | undefined;
  iconName: string;
  visible: boolean;
  hasMenu: boolean;
  menuOnLeftClick: boolean;
}

/** The item's D-Bus interface description. */
export const ITEM_XML = `<node><interface name="org.kde.StatusNotifierItem">
<property name="Category" type="s" access="read"/>
<property name="Id" type="s" access="read"/>
<property name="Title" type="s" access="read"/>
<property name="Status" type="s" access="read"/>
<property name="WindowId" type="i" access="read"/>
<property name="IconThemePath" type="s" access="read"/>
<property name="IconName" type="s" access="read"/>
<property name="IconPixmap" type="a(iiay)" access="read"/>
<property name="OverlayIconName" type="s" access="read"/>
<property name="OverlayIconPixmap" type="a(iiay)" access="read"/>
<property name="AttentionIconName" type="s" access="read"/>
<property name="AttentionIconPixmap" type="a(iiay)" access="read"/>
<property name="AttentionMovieName" type="s" access="read"/>
<property name="ToolTip" type="(sa(iiay)ss)" access="read"/>
<property name="ItemIsMenu" type="b" access="read"/>
<property name="Menu" type="o" access="read"/>
<method name="ContextMenu"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
<method name="Activate"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
<method name="SecondaryActivate"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
<method name="Scroll"><arg name="delta" type="i" direction="in"/><arg name="orientation" type="s" direction="in"/></method>
<signal name="NewTitle"/><signal name="NewIcon"/><signal name="NewAttentionIcon"/>
<signal name="NewOverlayIcon"/><signal name="NewToolTip"/>
<signal name="NewStatus"><arg name="status" type="s"/></signal>
</interface></node>`;

function pixmaps(icon: IconPixmap | undefined): Array<[number, number, Uint8Array]> {
  return icon ? [[icon.width, icon.height, icon.argb]] : [];
}

/** One property of the item. */
export function itemProperty(name: string, s: ItemState): Variant {
  switch (name) {
    case "Category":
      return new Variant("s", "ApplicationStatus");
    case "Id":
      return new Variant("s", s.id);
    case "Title":
      return new Variant("s", s.title);
    case "Status":
      return new Variant("s", s.visible ? "Active" : "Passive");
    case "WindowId":
      return new Variant("i", 0);
    case "IconThemePath":
    case "OverlayIconName":
    case "AttentionIconName":
    case "AttentionMovieName":
      return new Variant("s", "");
    case "IconName":
      return new Variant("s", s.iconName);
    case "IconPixmap":
      return new Variant("a(iiay)", pixmaps(s.icon));
    case "OverlayIconPixmap":
    case "AttentionIconPixmap":
      return new Variant("a(iiay)", []);
    case "ToolTip":
      return new Variant("(sa(iiay)ss)", [s.iconName, pixmaps(s.icon), s.tooltip, ""]);
    case "ItemIsMenu":
      return new Variant("b", s.menuOnLeftClick && s.hasMenu);
    case "Menu":
      return new Variant("o", s.hasMenu ? MENU_PATH : NO_MENU);
  }
  throw invalidArgs(`no property ${name}`);
}
