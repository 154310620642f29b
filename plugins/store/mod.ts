/**
 * The store plugin: persistent key-value files with atomic writes
 * (`@tauri-apps/plugin-store`). Relative paths live in $APPDATA.
 * @module
 */

import { definePlugin, pageCall, type Plugin } from "../plugin.ts";
import { storeCommands } from "./commands.ts";
import { installStoreApi } from "./page.ts";

/** The store plugin. */
export const storePlugin: Plugin = definePlugin({
  name: "store",
  description: "Persistent key-value stores (JSON files written atomically).",
  commands: storeCommands,
  permissions: {
    default: {
      description: "Every store command.",
      permissions: Object.keys(storeCommands).map((c) => `allow-${c.replaceAll("_", "-")}`),
    },
  },
  pageScript: () => pageCall(installStoreApi, null),
});
