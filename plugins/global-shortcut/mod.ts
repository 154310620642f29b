/**
 * The global-shortcut plugin: shortcuts heard while another program has the focus
 * (`@tauri-apps/plugin-global-shortcut`), through X11 key grabs.
 * @module
 */

import { definePlugin, pageCall, type Plugin } from "../plugin.ts";
import { globalShortcutCommands, releaseAll } from "./commands.ts";
import { installGlobalShortcutApi } from "./page.ts";

/** The global-shortcut plugin. */
export const globalShortcutPlugin: Plugin = definePlugin({
  name: "global-shortcut",
  description: "Register global shortcuts.",
  commands: globalShortcutCommands,
  permissions: {
    // As in Tauri: shortcuts can take keys from every other program, so nothing by default.
    default: {
      description: "No features are enabled by default: grant the commands an app needs.",
      permissions: [],
    },
  },
  pageScript: () => pageCall(installGlobalShortcutApi, null),
  teardown: (host) => releaseAll(host),
});
