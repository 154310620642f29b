/**
 * Menus and the tray in full: the classes, their options, handlers and click
 * data, predefined entries, and accelerator parsing.
 *
 * @example A menu bar and a tray
 * ```ts
 * import { App, Menu, MenuItem, PredefinedMenuItem, Submenu } from "@panes/panes";
 *
 * await using app = new App();
 * const menu = new Menu([
 *   new Submenu("&File", [
 *     new MenuItem({
 *       id: "save",
 *       text: "&Save",
 *       accelerator: "CmdOrCtrl+S",
 *       handler: () => console.log("save"),
 *     }),
 *     PredefinedMenuItem.separator(),
 *     PredefinedMenuItem.quit(),
 *   ]),
 * ]);
 * await app.show("<h1>Hi</h1>", { menu });
 * await app.createTray({ tooltip: "panes", menu: new Menu([PredefinedMenuItem.quit()]) });
 * await app.run();
 * ```
 * @module
 */

export * from "./app/menu/mod.ts";
