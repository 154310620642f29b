/**
 * The built-in plugins by Tauri's names, each loaded only when an app enables it. What plugin
 * authors use is exported from `plugins.ts`; the per-app runtime that runs plugins lives in
 * `router/plugin_runtime.ts`.
 * @module
 */

import type { Plugin } from "./plugin.ts";
import { loadLater } from "../ffi/load_later.ts";

/** Loads one built-in plugin (its module is imported on the first call only). */
export type PluginLoader = () => Promise<Plugin>;

/**
 * Imports one of the plugins by a computed specifier. A literal `import("./fs/mod.ts")` would put
 * every plugin in the module graph Deno loads before the program's first line (measured: importing
 * mod.ts 410 ms → 110 ms on a loaded machine without them; docs/performance.md); graph.ts names them
 * with literal specifiers for `deno compile --include` and the module-graph copy.
 */
const later = <T>(path: string): Promise<T> => loadLater<T>(new URL(path, import.meta.url));

/**
 * The built-in plugins by name, as loaders: `await BUILTIN_PLUGINS.fs()` is the fs plugin. An app
 * that names a plugin in `plugins` loads it when it starts (before its first window); an app
 * that names none loads none of them. The imports are computed (see `later`); graph.ts names the
 * files for `deno compile --include`.
 */
export const BUILTIN_PLUGINS: Readonly<Record<string, PluginLoader>> = Object.freeze({
  fs: async () => (await later<typeof import("./fs/mod.ts")>("./fs/mod.ts")).fsPlugin,
  "clipboard-manager": async () =>
    (await later<typeof import("./clipboard-manager/mod.ts")>("./clipboard-manager/mod.ts"))
      .clipboardPlugin,
  os: async () => (await later<typeof import("./os/mod.ts")>("./os/mod.ts")).osPlugin,
  store: async () => (await later<typeof import("./store/mod.ts")>("./store/mod.ts")).storePlugin,
  notification: async () =>
    (await later<typeof import("./notification/mod.ts")>("./notification/mod.ts"))
      .notificationPlugin,
  dialog: async () =>
    (await later<typeof import("./dialog/mod.ts")>("./dialog/mod.ts")).dialogPlugin,
  opener: async () =>
    (await later<typeof import("./opener/mod.ts")>("./opener/mod.ts")).openerPlugin,
  shell: async () => (await later<typeof import("./shell/mod.ts")>("./shell/mod.ts")).shellPlugin,
  process: async () =>
    (await later<typeof import("./process/mod.ts")>("./process/mod.ts")).processPlugin,
  log: async () => (await later<typeof import("./log/mod.ts")>("./log/mod.ts")).logPlugin,
  http: async () => (await later<typeof import("./http/mod.ts")>("./http/mod.ts")).httpPlugin,
  "window-state": async () =>
    (await later<typeof import("./window-state/mod.ts")>("./window-state/mod.ts"))
      .windowStatePlugin,
  websocket: async () =>
    (await later<typeof import("./websocket/mod.ts")>("./websocket/mod.ts")).websocketPlugin,
  upload: async () =>
    (await later<typeof import("./upload/mod.ts")>("./upload/mod.ts")).uploadPlugin,
  "persisted-scope": async () =>
    (await later<typeof import("./persisted-scope/mod.ts")>("./persisted-scope/mod.ts"))
      .persistedScopePlugin,
  updater: async () =>
    (await later<typeof import("./updater/mod.ts")>("./updater/mod.ts")).updaterPlugin,
  "global-shortcut": async () =>
    (await later<typeof import("./global-shortcut/mod.ts")>("./global-shortcut/mod.ts"))
      .globalShortcutPlugin,
  "single-instance": async () =>
    (await later<typeof import("./single-instance/mod.ts")>("./single-instance/mod.ts"))
      .singleInstancePlugin,
  "deep-link": async () =>
    (await later<typeof import("./deep-link/mod.ts")>("./deep-link/mod.ts")).deepLinkPlugin,
  positioner: async () =>
    (await later<typeof import("./positioner/mod.ts")>("./positioner/mod.ts")).positionerPlugin,
  autostart: async () =>
    (await later<typeof import("./autostart/mod.ts")>("./autostart/mod.ts")).autostartPlugin,
});
