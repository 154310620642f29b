/**
 * Tauri's core plugins that panes answers, as loaders: each loads on its first permitted call
 * (`router/router.ts`), so an app whose pages never call one pays nothing for it. Which commands
 * each has and which its `default` set allows is data in `router/core_catalog.ts`.
 * @module
 */

import type { CorePluginLoaders } from "../../router/plugin_runtime.ts";

/** The core plugins by Tauri's names. */
export const CORE_PLUGINS: CorePluginLoaders = Object.freeze({
  app: async () => (await import("./app_plugin.ts")).appPlugin,
  path: async () => (await import("./path_plugin.ts")).pathPlugin,
  window: async () => (await import("./window/plugin.ts")).windowPlugin,
  webview: async () => (await import("./webview_plugin.ts")).webviewPlugin,
  menu: async () => (await import("./menu_plugin.ts")).menuPlugin,
  tray: async () => (await import("./tray_plugin.ts")).trayPlugin,
  image: async () => (await import("./image_plugin.ts")).imagePlugin,
});
