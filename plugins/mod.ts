/**
 * The built-in plugins by Tauri's names, each loaded only when an app enables it. What plugin
 * authors use is exported from `plugins.ts`; the per-app runtime that runs plugins lives in
 * `router/plugin_runtime.ts`.
 * @module
 */

import type { Plugin } from "./plugin.ts";

/** Loads one built-in plugin (its module is imported on the first call only). */
export type PluginLoader = () => Promise<Plugin>;

/**
 * The built-in plugins by name, as loaders: `await BUILTIN_PLUGINS.fs()` is the fs plugin. An app
 * that names a plugin in `plugins` loads it when it starts (before its first window); an app
 * that names none loads none of them. The dynamic imports name their files statically, so the
 * plugins stay in the module graph (`deno compile`, JSR).
 */
export const BUILTIN_PLUGINS: Readonly<Record<string, PluginLoader>> = Object.freeze({
  fs: async () => (await import("./fs/mod.ts")).fsPlugin,
  "clipboard-manager": async () => (await import("./clipboard-manager/mod.ts")).clipboardPlugin,
  os: async () => (await import("./os/mod.ts")).osPlugin,
  store: async () => (await import("./store/mod.ts")).storePlugin,
  notification: async () => (await import("./notification/mod.ts")).notificationPlugin,
  dialog: async () => (await import("./dialog/mod.ts")).dialogPlugin,
  opener: async () => (await import("./opener/mod.ts")).openerPlugin,
  shell: async () => (await import("./shell/mod.ts")).shellPlugin,
  process: async () => (await import("./process/mod.ts")).processPlugin,
  log: async () => (await import("./log/mod.ts")).logPlugin,
  http: async () => (await import("./http/mod.ts")).httpPlugin,
  "window-state": async () => (await import("./window-state/mod.ts")).windowStatePlugin,
  websocket: async () => (await import("./websocket/mod.ts")).websocketPlugin,
  upload: async () => (await import("./upload/mod.ts")).uploadPlugin,
  "persisted-scope": async () => (await import("./persisted-scope/mod.ts")).persistedScopePlugin,
  updater: async () => (await import("./updater/mod.ts")).updaterPlugin,
  "global-shortcut": async () => (await import("./global-shortcut/mod.ts")).globalShortcutPlugin,
  "single-instance": async () => (await import("./single-instance/mod.ts")).singleInstancePlugin,
  "deep-link": async () => (await import("./deep-link/mod.ts")).deepLinkPlugin,
  positioner: async () => (await import("./positioner/mod.ts")).positionerPlugin,
  autostart: async () => (await import("./autostart/mod.ts")).autostartPlugin,
});
