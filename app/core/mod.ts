/**
 * Tauri's core plugins that panes answers, as loaders: each loads on its first permitted call
 * (`router/router.ts`), so an app whose pages never call one pays nothing for it. Which commands
 * each has and which its `default` set allows is data in `router/core_catalog.ts`.
 * @module
 */

import type { CorePluginLoaders } from "../../router/plugin_runtime.ts";
import { loadLater } from "../../ffi/load_later.ts";

/** Imports one of them by a computed specifier: loaded on use, not with mod.ts (see graph.ts). */
const later = <T>(path: string): Promise<T> => loadLater<T>(new URL(path, import.meta.url));

/** The core plugins by Tauri's names. */
export const CORE_PLUGINS: CorePluginLoaders = Object.freeze({
  app: async () => (await later<typeof import("./app_plugin.ts")>("./app_plugin.ts")).appPlugin,
  path: async () => (await later<typeof import("./path_plugin.ts")>("./path_plugin.ts")).pathPlugin,
  window: async () =>
    (await later<typeof import("./window/plugin.ts")>("./window/plugin.ts")).windowPlugin,
  webview: async () =>
    (await later<typeof import("./webview_plugin.ts")>("./webview_plugin.ts")).webviewPlugin,
  menu: async () => (await later<typeof import("./menu_plugin.ts")>("./menu_plugin.ts")).menuPlugin,
  tray: async () => (await later<typeof import("./tray_plugin.ts")>("./tray_plugin.ts")).trayPlugin,
  image: async () =>
    (await later<typeof import("./image_plugin.ts")>("./image_plugin.ts")).imagePlugin,
});
