/** The clipboard-manager plugin: read and write the system clipboard (`@tauri-apps/plugin-clipboard-manager`). @module */

import { definePlugin, pageCall, type Plugin } from "../plugin.ts";
import { clipboardCommands } from "./commands.ts";
import { installClipboardApi } from "./page.ts";

/** The clipboard-manager plugin. */
export const clipboardPlugin: Plugin = definePlugin({
  name: "clipboard-manager",
  description: "Read and write the system clipboard (text and images; HTML out).",
  commands: clipboardCommands,
  permissions: {
    default: {
      description:
        "Reading and writing text. (Tauri's own default enables nothing; panes grants text so `clipboard-manager:default` is useful.)",
      permissions: ["allow-read-text", "allow-write-text"],
    },
  },
  pageScript: () => pageCall(installClipboardApi, null),
});
