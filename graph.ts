/**
 * Every module panes loads on demand, named with literal specifiers, for tools that need the whole
 * module graph. panes itself imports these by computed specifiers (the built-in plugins, Tauri's
 * core plugins, the UI's hosts), so `deno run` does not load ~170 modules an app may never use
 * before its first line (docs/performance.md: importing mod.ts took 410 ms, 110 ms without them,
 * on a loaded machine). `deno compile` embeds only the graph of its roots, so add this module:
 *
 * ```sh
 * deno compile -A --include jsr:@panes/panes/graph app.ts
 * ```
 *
 * Importing it runs nothing: {@linkcode lazyModules} only holds functions.
 * @module
 */

/** One loader per module panes loads on demand (never called by panes). */
export const lazyModules: ReadonlyArray<() => Promise<unknown>> = [
  // The UI's two hosts: its own Worker (the default), and the main isolate (uiHost: "main").
  () => import("./ffi/ui/ui_worker.ts"),
  () => import("./ffi/main/ui_inline.ts"),
  // Built-in plugins (plugins/mod.ts).
  () => import("./plugins/fs/mod.ts"),
  () => import("./plugins/clipboard-manager/mod.ts"),
  () => import("./plugins/os/mod.ts"),
  () => import("./plugins/store/mod.ts"),
  () => import("./plugins/notification/mod.ts"),
  () => import("./plugins/dialog/mod.ts"),
  () => import("./plugins/opener/mod.ts"),
  () => import("./plugins/shell/mod.ts"),
  () => import("./plugins/process/mod.ts"),
  () => import("./plugins/log/mod.ts"),
  () => import("./plugins/http/mod.ts"),
  () => import("./plugins/window-state/mod.ts"),
  () => import("./plugins/websocket/mod.ts"),
  () => import("./plugins/upload/mod.ts"),
  () => import("./plugins/persisted-scope/mod.ts"),
  () => import("./plugins/updater/mod.ts"),
  () => import("./plugins/global-shortcut/mod.ts"),
  () => import("./plugins/single-instance/mod.ts"),
  () => import("./plugins/deep-link/mod.ts"),
  () => import("./plugins/positioner/mod.ts"),
  () => import("./plugins/autostart/mod.ts"),
  // The served transports, with an app's first window in a browser or a notebook.
  () => import("./transports/browser/browser_transport.ts"),
  () => import("./transports/notebook/notebook_transport.ts"),
  // D-Bus and X11 key grabs, with the first tray, notification or global shortcut.
  () => import("./linux/dbus/connection.ts"),
  () => import("./linux/dbus/icon.ts"),
  () => import("./linux/tray/dbusmenu.ts"),
  () => import("./linux/tray/status_notifier.ts"),
  () => import("./linux/global_keys/x11_grabs.ts"),
  // Tauri's core plugins (app/core/mod.ts).
  () => import("./app/core/app_plugin.ts"),
  () => import("./app/core/path_plugin.ts"),
  () => import("./app/core/window/plugin.ts"),
  () => import("./app/core/webview_plugin.ts"),
  () => import("./app/core/menu_plugin.ts"),
  () => import("./app/core/tray_plugin.ts"),
  () => import("./app/core/image_plugin.ts"),
];
