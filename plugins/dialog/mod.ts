/** The dialog plugin: GTK file and message dialogs (`@tauri-apps/plugin-dialog`). @module */

import { definePlugin, pageCall, type Plugin } from "../plugin.ts";
import { dialogCommands } from "./commands.ts";
import { installDialogApi } from "./page.ts";

/** The dialog plugin. */
export const dialogPlugin: Plugin = definePlugin({
  name: "dialog",
  description: "Native file (open, save, folder) and message (message, ask, confirm) dialogs.",
  commands: dialogCommands,
  permissions: {
    default: {
      description: "Every dialog.",
      permissions: ["allow-open", "allow-save", "allow-message", "allow-ask", "allow-confirm"],
    },
  },
  pageScript: () => pageCall(installDialogApi, null),
});
