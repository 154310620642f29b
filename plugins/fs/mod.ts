/**
 * The fs plugin: read and write files within a path scope
 * (`@tauri-apps/plugin-fs`). See README.md.
 * @module
 */

import { definePlugin, pageCall, type Plugin } from "../plugin.ts";
import { fsCommands } from "./commands.ts";
import { fsScopeEntry } from "./scope.ts";
import { installFsApi } from "./page.ts";
import { fsPermissions } from "./permissions.ts";

/** The fs plugin. */
export const fsPlugin: Plugin = definePlugin({
  name: "fs",
  description: "Read and write files and folders within a path scope.",
  commands: fsCommands,
  permissions: fsPermissions,
  scopeSchema: fsScopeEntry,
  pageScript: () => pageCall(installFsApi, null),
});
