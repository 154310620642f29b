/**
 * A `com.canonical.dbusmenu` server: a menu as the desktop's tray host reads it (layout,
 * properties, click events), exported on a D-Bus connection.
 * @module
 */

import { DBusError, type ExportedInterface, Variant } from "../dbus/connection.ts";

/**
 * One menu entry as the server shows it. The app describes its own menu model in this form
 * (app/tray.ts), so this folder needs nothing from the app's.
 */
export interface DbusMenuEntry {
  /** The entry's id on the bus (process-unique, never 0: 0 is the root). */
  num: number;
  kind: "separator" | "submenu" | "item" | "check";
  /** The label, mnemonics marked with `_` (dbusmenu's form, as GTK's). */
  label: string;
  enabled: boolean;
  /** dbusmenu `shortcut` form, e.g. `["Control", "Shift", "s"]`. */
  shortcut?: string[];
  /** For `check`: whether it is ticked. */
  checked?: boolean;
  /** An icon beside the label: PNG bytes (dbusmenu's `icon-data`). */
  icon?: Uint8Array;
  /** For `submenu`: its entries. */
  children?: DbusMenuEntry[];
}

/** Where the menu is exported. */
export const MENU_PATH = "/MenuBar";

/** A D-Bus `InvalidArgs` error for a request that names nothing we have. */
export function invalidArgs(message: string): DBusError {
  return new DBusError("org.freedesktop.DBus.Error.InvalidArgs", message);
}

const MENU_XML = `<node><interface name="com.canonical.dbusmenu">
<property name="Version" type="u" access="read"/>
<property name="TextDirection" type="s" access="read"/>
<property name="Status" type="s" access="read"/>
<property name="IconThemePath" type="as" access="read"/>
<method name="GetLayout"><arg type="i" name="parentId" direction="in"/>
<arg type="i" name="recursionDepth" direction="in"/><arg type="as" name="propertyNames" direction="in"/>
<arg type="u" name="revision" direction="out"/><arg type="(ia{sv}av)" name="layout" direction="out"/></method>
<method name="GetGroupProperties"><arg type="ai" name="ids" direction="in"/>
<arg type="as" name="propertyNames" direction="in"/><arg type="a(ia{sv})" name="properties" direction="out"/></method>
<method name="GetProperty"><arg type="i" name="id" direction="in"/><arg type="s" name="name" direction="in"/>
<arg type="v" name="value" direction="out"/></method>
<method name="Event"><arg type="i" name="id" direction="in"/><arg type="s" name="eventId" direction="in"/>
<arg type="v" name="data" direction="in"/><arg type="u" name="timestamp" direction="in"/></method>
<method name="EventGroup"><arg type="a(isvu)" name="events" direction="in"/>
<arg type="ai" name="idErrors" direction="out"/></method>
<method name="AboutToShow"><arg type="i" name="id" direction="in"/><arg type="b" name="needUpdate" direction="out"/></method>
<method name="AboutToShowGroup"><arg type="ai" name="ids" direction="in"/>
<arg type="ai" name="updatesNeeded" direction="out"/><arg type="ai" name="idErrors" direction="out"/></method>
<signal name="ItemsPropertiesUpdated"><arg type="a(ia{sv})" name="updatedProps"/>
<arg type="a(ias)" name="removedProps"/></signal>
<signal name="LayoutUpdated"><arg type="u" name="revision"/><arg type="i" name="parent"/></signal>
<signal name="ItemActivationRequested"><arg type="i" name="id"/><arg type="u" name="timestamp"/></signal>
</interface></node>`;

/** Properties of one dbusmenu entry. */
function entryProps(e: DbusMenuEntry): Record<string, Variant> {
  if (e.kind === "separator") return { type: new Variant("s", "separator") };
  const label = new Variant("s", e.label);
  const icon: Record<string, Variant> = e.icon ? { "icon-data": new Variant("ay", e.icon) } : {};
  if (e.kind === "submenu") {
    return { label, ...icon, "children-display": new Variant("s", "submenu") };
  }
  const props: Record<string, Variant> = { label, ...icon, enabled: new Variant("b", e.enabled) };
  if (e.shortcut) props.shortcut = new Variant("aas", [e.shortcut]);
  if (e.kind === "check") {
    props["toggle-type"] = new Variant("s", "checkmark");
    props["toggle-state"] = new Variant("i", e.checked ? 1 : 0);
  }
  return props;
}

function findIn(entries: DbusMenuEntry[], num: number): DbusMenuEntry | undefined {
  for (const e of entries) {
    if (e.num === num) return e;
    const inner = e.children && findIn(e.children, num);
    if (inner) return inner;
  }
  return undefined;
}

function pick(props: Record<string, Variant>, names: string[]): Record<string, Variant> {
  if (names.length === 0) return props;
  return Object.fromEntries(Object.entries(props).filter(([k]) => names.includes(k)));
}

/** One tray's menu as a dbusmenu object. */
export class DbusMenu {
  /** The layout revision; each change of the menu's shape bumps it. */
  revision = 1;
  readonly #menu: () => DbusMenuEntry[];
  readonly #click: (id: number) => void;

  /** Serves `menu()` (read at each request); `click` gets the id of a clicked entry. */
  constructor(menu: () => DbusMenuEntry[], click: (id: number) => void) {
    this.#menu = menu;
    this.#click = click;
  }

  /** The interface to export at {@linkcode MENU_PATH}. */
  exported(): ExportedInterface {
    return {
      xml: MENU_XML,
      name: "com.canonical.dbusmenu",
      method: (name, args) => this.#method(name, args),
      property: (name) => {
        switch (name) {
          case "Version":
            return new Variant("u", 3);
          case "TextDirection":
            return new Variant("s", "ltr");
          case "Status":
            return new Variant("s", "normal");
          case "IconThemePath":
            return new Variant("as", []);
        }
        throw invalidArgs(`no property ${name}`);
      },
    };
  }

  /** The `LayoutUpdated` arguments for a new revision (bumps it). */
  layoutUpdated(): Variant {
    this.revision++;
    return new Variant("(ui)", [this.revision, 0]);
  }

  /** The `ItemsPropertiesUpdated` arguments for one changed entry. */
  propertiesUpdated(entry: DbusMenuEntry): Variant {
    return new Variant("(a(ia{sv})a(ias))", [[[entry.num, entryProps(entry)]], []]);
  }

  #entry(id: number): DbusMenuEntry | undefined {
    return findIn(this.#menu(), id);
  }

  #layout(entries: DbusMenuEntry[], depth: number, names: string[]): Variant[] {
    if (depth === 0) return [];
    return entries.map((e) =>
      new Variant("(ia{sv}av)", [
        e.num,
        pick(entryProps(e), names),
        this.#layout(e.children ?? [], depth - 1, names),
      ])
    );
  }

  #method(name: string, args: unknown[]): Variant | undefined {
    switch (name) {
      case "GetLayout": {
        const [parent, depth, names] = args as [number, number, string[]];
        let node: [number, Record<string, Variant>, Variant[]];
        if (parent === 0) {
          node = [
            0,
            pick({ "children-display": new Variant("s", "submenu") }, names),
            this.#layout(this.#menu(), depth, names),
          ];
        } else {
          const e = this.#entry(parent);
          if (!e) throw invalidArgs(`no menu entry ${parent}`);
          node = [
            e.num,
            pick(entryProps(e), names),
            this.#layout(e.children ?? [], depth, names),
          ];
        }
        return new Variant("(u(ia{sv}av))", [this.revision, node]);
      }
      case "GetGroupProperties": {
        const [ids, names] = args as [number[], string[]];
        const out: Array<[number, Record<string, Variant>]> = [];
        for (const id of ids) {
          if (id === 0) {
            out.push([0, pick({ "children-display": new Variant("s", "submenu") }, names)]);
          }
          const e = this.#entry(id);
          if (e) out.push([id, pick(entryProps(e), names)]);
        }
        return new Variant("(a(ia{sv}))", [out]);
      }
      case "GetProperty": {
        const [id, prop] = args as [number, string];
        const e = this.#entry(id);
        const v = e ? entryProps(e)[prop] : undefined;
        if (!v) throw invalidArgs(`menu entry ${id} has no property ${prop}`);
        return new Variant("(v)", [v]);
      }
      case "Event": {
        const [id, event] = args as [number, string];
        if (!this.#entry(id)) throw invalidArgs(`no menu entry ${id}`);
        if (event === "clicked") this.#click(id);
        return;
      }
      case "EventGroup": {
        const [events] = args as [Array<[number, string, unknown, number]>];
        const errors: number[] = [];
        for (const [id, event] of events) {
          if (!this.#entry(id)) errors.push(id);
          else if (event === "clicked") this.#click(id);
        }
        if (events.length && errors.length === events.length) {
          throw invalidArgs(`no menu entries ${errors.join(", ")}`);
        }
        return new Variant("(ai)", [errors]);
      }
      case "AboutToShow":
        return new Variant("(b)", [false]);
      case "AboutToShowGroup": {
        const [ids] = args as [number[]];
        return new Variant("(aiai)", [[], ids.filter((id) => id !== 0 && !this.#entry(id))]);
      }
    }
    throw new DBusError("org.freedesktop.DBus.Error.UnknownMethod", `no method ${name}`);
  }
}
