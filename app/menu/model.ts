/**
 * Menu models: {@linkcode Menu}, {@linkcode MenuItem}, {@linkcode CheckMenuItem},
 * {@linkcode Submenu} and {@linkcode PredefinedMenuItem}. One model can be
 * shown in several places at once (a window's menu bar, a context menu, a
 * tray); every change (`setText`, `setEnabled`, `append`, …) reaches each
 * of them and resolves once they all show it.
 *
 * Over 400 lines as one file on purpose: entries, submenus and menus reach each other's private
 * links (containers, views) through static blocks, and a split would make an import cycle.
 * @module
 */

import type { AboutInfo, PredefinedRole } from "../../ffi/ui/menu_ops.ts";
import type { WindowHandle } from "../window.ts";
import { parseAccelerator, type ParsedAccelerator } from "./accelerators.ts";
import { hostOf } from "./window_host.ts";

/** Where a click came from. */
export type MenuSource = "menubar" | "accelerator" | "context" | "tray";

/** What a menu click handler (and the `menu:click` event) receives. */
export interface MenuClickData {
  /** The item's id. */
  item_id: string;
  /** Where the click came from. */
  source: MenuSource;
  /** For check items: the new state. */
  checked?: boolean;
}

/** What a {@linkcode CheckMenuItem}'s handler receives. */
export interface CheckMenuClickData extends MenuClickData {
  /** The new state after the click. */
  checked: boolean;
}

/** A menu item handler: `(data, "menu:click", label)`; label is the window's ("" for a tray). */
export type MenuItemHandler = (data: MenuClickData, type: string, label: string) => unknown;

/** A check item handler: `({ checked, item_id, source }, "menu:click", label)`. */
export type CheckMenuItemHandler = (
  data: CheckMenuClickData,
  type: string,
  label: string,
) => unknown;

/** Anything a menu or submenu can hold. */
export type MenuEntry = MenuItem | CheckMenuItem | Submenu | PredefinedMenuItem;

/** A place that shows a menu (a window's bar, a context menu, a tray); internal. */
export interface MenuView {
  /** Throws when this place cannot show the menu as it now is (the change is then undone). */
  check(): void;
  /** Structure, a label or an accelerator changed: show the new model. */
  rebuild(): Promise<void>;
  /** Only `enabled` or `checked` of one entry changed. */
  state(entry: MenuItem | CheckMenuItem | PredefinedMenuItem): Promise<void>;
}

let nextNum = 1;
let nextAutoId = 1;

type Container = Menu | Submenu;

// Set from static blocks: module code reaches class privates without public `_` members.
let containersOf: (e: MenuEntryBase) => Set<Container>;
let viewsOf: (m: Menu) => Set<MenuView>;

function checkText(text: unknown, what: string): string {
  if (typeof text !== "string") throw new TypeError(`${what}: text must be a string`);
  return text;
}

function checkId(id: unknown, what: string): string {
  if (id === undefined) return `item-${nextAutoId++}`;
  if (typeof id !== "string" || id === "") {
    throw new TypeError(`${what}: id must be a non-empty string`);
  }
  return id;
}

/** What every menu entry has: a process-unique number and the menus it is in. */
export abstract class MenuEntryBase {
  /** Process-unique number: names the native action and is the entry's dbusmenu id. */
  readonly num: number = nextNum++;
  readonly #containers = new Set<Container>();

  static {
    containersOf = (e) => e.#containers;
  }
}

function menusOf(e: MenuEntryBase, out: Set<Menu> = new Set()): Set<Menu> {
  for (const c of containersOf(e)) {
    if (c instanceof Menu) out.add(c);
    else menusOf(c, out);
  }
  return out;
}

/** Tells every view showing `e`; resolves when they all show it. */
function changed(e: MenuEntryBase, kind: "layout" | "state"): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const m of menusOf(e)) jobs.push(notifyViews(m, kind, e as MenuEntry));
  return Promise.all(jobs).then(() => {});
}

/**
 * Tells every place showing `entry` that something it draws beside the model changed (its icon,
 * app/menu/icons.ts); resolves once they show it.
 */
export function touchEntry(entry: MenuEntry): Promise<void> {
  return changed(entry, "layout");
}

/** Options for {@linkcode MenuItem}. */
export interface MenuItemOptions {
  /** Reported as `item_id` (generated when not given). */
  id?: string;
  /** The label; `&` marks the mnemonic (`&&` is a literal `&`). */
  text: string;
  /** e.g. `CmdOrCtrl+S`. */
  accelerator?: string;
  /** Default true. */
  enabled?: boolean;
  /** Called on every click: `(data, "menu:click", label)`. Required. */
  handler: MenuItemHandler;
}

/** A clickable menu entry. Its handler is required. */
export class MenuItem extends MenuEntryBase {
  /** Reported as `item_id`. */
  readonly id: string;
  /** Called on every click. */
  readonly handler: MenuItemHandler;
  #text: string;
  #accel: ParsedAccelerator | undefined;
  #enabled: boolean;

  /**
   * Makes an item; throws a TypeError when the handler is missing.
   *
   * @example
   * ```ts ignore
   * new MenuItem({ id: "save", text: "&Save", accelerator: "CmdOrCtrl+S", handler: () => save() });
   * ```
   */
  constructor(options: MenuItemOptions) {
    super();
    const what = new.target === MenuItem ? "MenuItem" : new.target.name;
    if (!options || typeof options !== "object") {
      throw new TypeError(`${what}: options { id, text, handler } are required`);
    }
    this.id = checkId(options.id, what);
    this.#text = checkText(options.text, `${what} "${this.id}"`);
    if (typeof options.handler !== "function") {
      throw new TypeError(
        `${what} "${this.id}" has no handler: every clickable item needs handler: (data, type, label) => …`,
      );
    }
    this.handler = options.handler;
    this.#accel = options.accelerator === undefined
      ? undefined
      : parseAccelerator(options.accelerator);
    this.#enabled = options.enabled ?? true;
  }

  /** The label. */
  get text(): string {
    return this.#text;
  }
  /** The accelerator as given, if any. */
  get accelerator(): string | undefined {
    return this.#accel?.text;
  }
  /** The accelerator in GTK and dbusmenu forms. */
  get parsedAccelerator(): ParsedAccelerator | undefined {
    return this.#accel;
  }
  /** Whether it can be clicked. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /** Changes the label everywhere it is shown. */
  setText(text: string): Promise<void> {
    this.#text = checkText(text, `setText on "${this.id}"`);
    return changed(this, "layout");
  }
  /** Enables or disables it (its accelerator too). */
  setEnabled(enabled: boolean): Promise<void> {
    this.#enabled = Boolean(enabled);
    return changed(this, "state");
  }
  /** Changes (or with `null` removes) the accelerator. */
  setAccelerator(accelerator: string | null): Promise<void> {
    this.#accel = accelerator === null ? undefined : parseAccelerator(accelerator);
    return changed(this, "layout");
  }
}

/** Options for {@linkcode CheckMenuItem}. */
export interface CheckMenuItemOptions extends Omit<MenuItemOptions, "handler"> {
  /** Initial state (default false). */
  checked?: boolean;
  /** Called after each toggle with `{ checked, item_id, source }`. Required. */
  handler: CheckMenuItemHandler;
}

/** A menu entry with a check mark that toggles on each click. */
export class CheckMenuItem extends MenuItem {
  #checked: boolean;

  /**
   * Makes a check item; throws a TypeError when the handler is missing.
   *
   * @example
   * ```ts ignore
   * new CheckMenuItem({ id: "wrap", text: "Word wrap", checked: true, handler: ({ checked }) => wrap(checked) });
   * ```
   */
  constructor(options: CheckMenuItemOptions) {
    super(options as unknown as MenuItemOptions);
    this.#checked = Boolean(options.checked);
  }

  /** Whether it is checked. */
  get checked(): boolean {
    return this.#checked;
  }
  /** Sets the check mark everywhere it is shown (the handler is not called). */
  setChecked(checked: boolean): Promise<void> {
    this.#checked = Boolean(checked);
    return changed(this, "state");
  }
}

/** A labelled entry that opens a nested list. */
export class Submenu extends MenuEntryBase {
  /** An id for finding it with `Menu.get` (generated when not given). */
  readonly id: string;
  #text: string;
  #items: MenuEntry[] = [];

  /**
   * Makes a submenu holding `items`.
   *
   * @example
   * ```ts ignore
   * new Submenu("&File", [new MenuItem({ id: "open", text: "Open", handler: open })]);
   * ```
   */
  constructor(text: string, items: MenuEntry[] = [], options: { id?: string } = {}) {
    super();
    this.id = checkId(options.id, "Submenu");
    this.#text = checkText(text, `Submenu "${this.id}"`);
    for (const item of items) insertInto(this, this.#items, item, this.#items.length);
  }

  /** The label. */
  get text(): string {
    return this.#text;
  }
  /** A copy of its entries. */
  get items(): MenuEntry[] {
    return [...this.#items];
  }
  /** Changes the label. */
  setText(text: string): Promise<void> {
    this.#text = checkText(text, `setText on submenu "${this.id}"`);
    return changed(this, "layout");
  }
  /** Adds entries at the end. */
  append(...items: MenuEntry[]): Promise<void> {
    return mutate(this, this.#items, (list) => {
      for (const item of items) insertInto(this, list, item, list.length);
    });
  }
  /** Inserts an entry at `position`. */
  insert(item: MenuEntry, position: number): Promise<void> {
    return mutate(this, this.#items, (list) => insertInto(this, list, item, position));
  }
  /** Removes an entry (a clear error when it is not here). */
  remove(item: MenuEntry): Promise<void> {
    return mutate(this, this.#items, (list) => removeFrom(this, list, item));
  }
}

const ROLE_TEXT: Record<PredefinedRole, string> = {
  copy: "Copy",
  cut: "Cut",
  paste: "Paste",
  select_all: "Select All",
  undo: "Undo",
  redo: "Redo",
  minimize: "Minimize",
  maximize: "Maximize",
  fullscreen: "Toggle Full Screen",
  close_window: "Close Window",
  quit: "Quit",
  about: "About",
};

/** Kinds of {@linkcode PredefinedMenuItem}. */
export type PredefinedKind = PredefinedRole | "separator";

/**
 * Entries with a built-in behaviour: a separator, editing commands on the
 * focused page (copy, cut, paste, select all, undo, redo), window actions
 * (minimize, maximize, fullscreen, close window), quit (ends the app) and an
 * About dialog. Clicks on them also arrive as `menu:click`.
 *
 * @example
 * ```ts
 * import { Menu, PredefinedMenuItem, Submenu } from "@panes/panes";
 *
 * const menu = new Menu([
 *   new Submenu("&Edit", [PredefinedMenuItem.copy(), PredefinedMenuItem.paste()]),
 *   new Submenu("&Help", [PredefinedMenuItem.about("About", { name: "Demo", version: "1.0" })]),
 * ]);
 * ```
 */
export class PredefinedMenuItem extends MenuEntryBase {
  /** What it does. */
  readonly kind: PredefinedKind;
  /** Reported as `item_id` (the kind, e.g. "copy"). */
  readonly id: string;
  /** For `about`: what the dialog shows. */
  readonly about: AboutInfo | undefined;
  #text: string;
  #enabled = true;

  private constructor(kind: PredefinedKind, text?: string, about?: AboutInfo) {
    super();
    this.kind = kind;
    this.id = kind;
    this.#text = text === undefined
      ? (kind === "separator" ? "" : ROLE_TEXT[kind])
      : checkText(text, kind);
    this.about = about;
  }

  /** The label. */
  get text(): string {
    return this.#text;
  }
  /**
   * Changes the label everywhere it is shown (Tauri's `PredefinedMenuItem.setText`, which
   * pages call through the core menu plugin); a separator has none.
   */
  setText(text: string): Promise<void> {
    if (this.kind === "separator") {
      return Promise.reject(new TypeError("setText: a separator has no label"));
    }
    this.#text = checkText(text, `setText on "${this.id}"`);
    return changed(this, "layout");
  }

  /** A separator line. */
  static separator(): PredefinedMenuItem {
    return new PredefinedMenuItem("separator");
  }
  /** Copy the page's selection. */
  static copy(text?: string): PredefinedMenuItem {
    return new PredefinedMenuItem("copy", text);
  }
  /** Cut the page's selection. */
  static cut(text?: string): PredefinedMenuItem {
    return new PredefinedMenuItem("cut", text);
  }
  /** Paste into the page. */
  static paste(text?: string): PredefinedMenuItem {
    return new PredefinedMenuItem("paste", text);
  }
  /** Select everything in the page. */
  static selectAll(text?: string): PredefinedMenuItem {
    return new PredefinedMenuItem("select_all", text);
  }
  /** Undo in the page. */
  static undo(text?: string): PredefinedMenuItem {
    return new PredefinedMenuItem("undo", text);
  }
  /** Redo in the page. */
  static redo(text?: string): PredefinedMenuItem {
    return new PredefinedMenuItem("redo", text);
  }
  /** Minimize the window (needs a window manager). */
  static minimize(text?: string): PredefinedMenuItem {
    return new PredefinedMenuItem("minimize", text);
  }
  /** Maximize or restore the window (needs a window manager). */
  static maximize(text?: string): PredefinedMenuItem {
    return new PredefinedMenuItem("maximize", text);
  }
  /** Toggle fullscreen (needs a window manager). */
  static fullscreen(text?: string): PredefinedMenuItem {
    return new PredefinedMenuItem("fullscreen", text);
  }
  /** Close the window, as its close button does. */
  static closeWindow(text?: string): PredefinedMenuItem {
    return new PredefinedMenuItem("close_window", text);
  }
  /** End the app (`app.destroy()`). */
  static quit(text?: string): PredefinedMenuItem {
    return new PredefinedMenuItem("quit", text);
  }
  /** An About dialog. */
  static about(text?: string, info: AboutInfo = {}): PredefinedMenuItem {
    return new PredefinedMenuItem("about", text, { ...info });
  }

  /** Whether it can be clicked. */
  get enabled(): boolean {
    return this.#enabled;
  }
  /** Enables or disables it. */
  setEnabled(enabled: boolean): Promise<void> {
    this.#enabled = Boolean(enabled);
    return changed(this, "state");
  }
}

function contains(container: Submenu, target: MenuEntryBase): boolean {
  if (container === target) return true;
  for (const e of container.items) if (e instanceof Submenu && contains(e, target)) return true;
  return false;
}

function insertInto(owner: Container, list: MenuEntry[], item: MenuEntry, position: number): void {
  const what = owner instanceof Menu ? `Menu "${owner.id}"` : `Submenu "${owner.id}"`;
  if (
    !(item instanceof MenuItem || item instanceof Submenu || item instanceof PredefinedMenuItem)
  ) {
    throw new TypeError(
      `${what}: entries must be MenuItem, CheckMenuItem, Submenu or PredefinedMenuItem (got ${
        item === null ? "null" : typeof item
      })`,
    );
  }
  if (list.includes(item)) throw new Error(`${what}: this entry ("${item.id}") is already in it`);
  if (item instanceof Submenu && owner instanceof Submenu && contains(item, owner)) {
    throw new Error(`${what}: a submenu cannot contain itself`);
  }
  if (!Number.isInteger(position) || position < 0 || position > list.length) {
    throw new RangeError(`${what}: position ${position} is outside 0..${list.length}`);
  }
  list.splice(position, 0, item);
  containersOf(item).add(owner);
}

/**
 * Changes a container's entries, then asks every place showing it whether
 * it can still show it; if one cannot, the change is undone and its error
 * thrown. Resolves when every place shows the change.
 */
function mutate(
  owner: Container,
  list: MenuEntry[],
  change: (list: MenuEntry[]) => void,
): Promise<void> {
  const before = [...list];
  const menus = owner instanceof Menu ? new Set([owner]) : menusOf(owner);
  try {
    change(list);
    for (const m of menus) for (const v of viewsOf(m)) v.check();
  } catch (e) {
    for (const item of list) if (!before.includes(item)) containersOf(item).delete(owner);
    for (const item of before) containersOf(item).add(owner);
    list.splice(0, list.length, ...before);
    throw e;
  }
  return owner instanceof Menu ? notifyViews(owner, "layout") : changed(owner, "layout");
}

function removeFrom(owner: Container, list: MenuEntry[], item: MenuEntry): void {
  const i = list.indexOf(item);
  if (i < 0) {
    throw new Error(
      `${owner instanceof Menu ? "Menu" : "Submenu"} "${owner.id}": cannot remove "${
        (item as { id?: string })?.id
      }", it is not in it`,
    );
  }
  list.splice(i, 1);
  containersOf(item).delete(owner);
}

/** A menu: a window's menu bar (entries must be Submenus), a context menu, or a tray's menu. */
export class Menu {
  /** Its id. */
  readonly id: string;
  /** Process-unique number. */
  readonly num: number = nextNum++;
  #items: MenuEntry[] = [];
  #views = new Set<MenuView>();

  /**
   * Makes a menu from an id and entries (or just entries).
   *
   * @example
   * ```ts ignore
   * const menu = new Menu("app-menu", [new Submenu("File", [PredefinedMenuItem.quit()])]);
   * await app.show(html, { menu });
   * ```
   */
  constructor(id?: string | MenuEntry[], items: MenuEntry[] = []) {
    if (Array.isArray(id)) {
      items = id;
      id = undefined;
    }
    this.id = id === undefined ? `menu-${this.num}` : checkId(id, "Menu");
    if (!Array.isArray(items)) throw new TypeError(`Menu "${this.id}": items must be an array`);
    for (const item of items) insertInto(this, this.#items, item, this.#items.length);
  }

  /** A copy of its top-level entries. */
  get items(): MenuEntry[] {
    return [...this.#items];
  }
  /** Adds entries at the end. */
  append(...items: MenuEntry[]): Promise<void> {
    return mutate(this, this.#items, (list) => {
      for (const item of items) insertInto(this, list, item, list.length);
    });
  }
  /** Inserts an entry at `position`. */
  insert(item: MenuEntry, position: number): Promise<void> {
    return mutate(this, this.#items, (list) => insertInto(this, list, item, position));
  }
  /** Removes an entry (a clear error when it is not here). */
  remove(item: MenuEntry): Promise<void> {
    return mutate(this, this.#items, (list) => removeFrom(this, list, item));
  }
  /** The entry with this id, searched depth first. */
  get(id: string): MenuEntry | undefined {
    let found: MenuEntry | undefined;
    walk(this.#items, (e) => {
      if (!found && e.id === id) found = e;
    });
    return found;
  }

  /** Shows this menu as `win`'s menu bar (replacing any other). */
  setAsWindowMenu(win: WindowHandle): Promise<void> {
    return hostOf(win, "Menu.setAsWindowMenu").setBar(this);
  }
  /** Removes `win`'s menu bar if it is this menu. */
  async removeFrom(win: WindowHandle): Promise<void> {
    const host = hostOf(win, "Menu.removeFrom");
    if (host.barMenu() !== this) {
      throw new Error(`Menu "${this.id}" is not the menu bar of window "${win.label}"`);
    }
    await host.setBar(null);
  }
  /** Pops this menu up in `win` at `at` (page coordinates, CSS pixels at zoom 1). */
  popup(win: WindowHandle, at: { x: number; y: number }): Promise<void> {
    if (!at || !Number.isFinite(at.x) || !Number.isFinite(at.y)) {
      return Promise.reject(new TypeError("Menu.popup: `at` must be { x: number, y: number }"));
    }
    return hostOf(win, "Menu.popup").popup(this, at.x, at.y);
  }

  static {
    viewsOf = (m) => m.#views;
  }
}

/** Starts telling `view` about changes of `menu`; returns the detach function. */
export function attachView(menu: Menu, view: MenuView): () => void {
  viewsOf(menu).add(view);
  return () => void viewsOf(menu).delete(view);
}

function notifyViews(menu: Menu, kind: "layout" | "state", entry?: MenuEntry): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const v of viewsOf(menu)) {
    jobs.push(
      kind === "state" && entry && !(entry instanceof Submenu) ? v.state(entry) : v.rebuild(),
    );
  }
  return Promise.all(jobs).then(() => {});
}

/** Calls `fn` on every entry of `items`, depth first. */
export function walk(items: MenuEntry[], fn: (e: MenuEntry) => void): void {
  for (const e of items) {
    fn(e);
    if (e instanceof Submenu) walk(e.items, fn);
  }
}
