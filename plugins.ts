/**
 * Writing plugins: {@linkcode definePlugin} and what a plugin's commands see
 * (the host, the calling window, scopes, resources), the built-in plugins, and
 * the capability types that grant a plugin's permissions to windows.
 *
 * @example A plugin with one command and its default permission
 * ```ts
 * import { App } from "@panes/panes";
 * import { definePlugin } from "@panes/panes/plugins";
 * import { z } from "zod";
 *
 * const greeter = definePlugin({
 *   name: "greeter",
 *   description: "Says hello",
 *   commands: {
 *     hello: { args: z.object({ name: z.string() }), run: ({ args }) => `Hello, ${args.name}!` },
 *   },
 *   permissions: { default: { description: "Allows hello", permissions: ["allow-hello"] } },
 * });
 * await using app = new App({ plugins: [greeter], capabilities: ["greeter:default"] });
 * // page: await panes.invoke("plugin:greeter|hello", { name: "you" })
 * ```
 * @module
 */

export { BUILTIN_PLUGINS, type PluginLoader } from "./plugins/mod.ts";
export {
  type CommandTable,
  definePlugin,
  type PageResource,
  type Plugin,
  type PluginCallContext,
  type PluginCommand,
  type PluginHost,
  type PluginPermission,
  type PluginWindow,
  type ResourceTable,
  type ScopeSet,
} from "./plugins/plugin.ts";
export { createWindowStatePlugin, type WindowStateOptions } from "./plugins/window-state/mod.ts";
export { StateFlags } from "./plugins/window-state/commands.ts";
export {
  createUpdaterPlugin,
  type Release,
  type UpdateInstaller,
  type UpdaterOptions,
} from "./plugins/updater/mod.ts";
export {
  createSingleInstancePlugin,
  SECOND_INSTANCE_EVENT,
  type SingleInstanceOptions,
} from "./plugins/single-instance/mod.ts";
export {
  createDeepLinkPlugin,
  type DeepLinkOptions,
  NEW_URL_EVENT,
} from "./plugins/deep-link/mod.ts";
export { type AutostartOptions, createAutostartPlugin } from "./plugins/autostart/mod.ts";
export type {
  DesktopNotifications,
  FileDialogRequest,
  GlobalKeys,
  KeyCombo,
  KeyState,
  MessageDialogRequest,
  MonitorArea,
  NativeOp,
  NativeOps,
  NativeSize,
  NativeWindowState,
  NotificationRequest,
  NotificationSignal,
  WindowControl,
} from "./plugins/native.ts";
export type { AppDirs } from "./plugins/paths.ts";
export type { Capability, CapabilityInput, PermissionEntry } from "./router/capabilities.ts";
