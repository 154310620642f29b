/**
 * The upload plugin: upload a file to, or download one from, an HTTP server with progress, within
 * a URL scope and a path scope (`@tauri-apps/plugin-upload`).
 * @module
 */

import { definePlugin, type Plugin } from "../plugin.ts";
import { uploadCommands } from "./commands.ts";
import { uploadScopeEntry } from "./scope.ts";

/** The upload plugin. */
export const uploadPlugin: Plugin = definePlugin({
  name: "upload",
  description: "Upload and download files over HTTP with progress, within URL and path scopes.",
  scopeSchema: uploadScopeEntry,
  commands: uploadCommands,
  permissions: {
    default: {
      description:
        'Upload and download; no URL and no file is in scope until the capability names some ({ url: "https://…/*" }, { path: "$DOWNLOAD/**" }).',
      permissions: ["allow-upload", "allow-download"],
    },
  },
});
