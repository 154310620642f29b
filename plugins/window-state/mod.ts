/**
 * The window-state plugin: remembers each window's size, position and
 * maximized state by label (`@tauri-apps/plugin-window-state`).
 * @module
 */

import { definePlugin, pageCall, type Plugin } from "../plugin.ts";
import { windowStateCommands } from "./commands.ts";
import { installWindowStateApi } from "./page.ts";

/** The window-state plugin. */
export const windowStatePlugin: Plugin = definePlugin({
  name: "window-state",
  description: "Remember window size, position and state by label.",
  commands: windowStateCommands,
  permissions: {
    default: {
      description: "Saving and restoring window state, and the file name.",
      permissions: ["allow-save-window-state", "allow-restore-state", "allow-filename"],
    },
  },
  pageScript: () => pageCall(installWindowStateApi, null),
});
