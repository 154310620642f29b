/**
 * The websocket plugin: WebSocket connections made by the host for the page, within a URL scope
 * (`@tauri-apps/plugin-websocket`).
 * @module
 */

import { definePlugin, type Plugin } from "../plugin.ts";
import { urlScopeEntry } from "../url_scope.ts";
import { websocketCommands } from "./commands.ts";

/** The websocket plugin. */
export const websocketPlugin: Plugin = definePlugin({
  name: "websocket",
  description: "WebSocket connections from the host, within a URL scope.",
  scopeSchema: urlScopeEntry,
  commands: websocketCommands,
  permissions: {
    default: {
      description:
        'Allows connecting and sending data to a WebSocket server; no URL is in scope until the capability names some ({ url: "wss://example.com/*" }).',
      permissions: ["allow-connect", "allow-send"],
    },
  },
});
