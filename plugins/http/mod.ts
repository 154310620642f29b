/**
 * The http plugin: fetch from the host, within a URL scope
 * (`@tauri-apps/plugin-http`'s `fetch`).
 * @module
 */

import { definePlugin, pageCall, type Plugin } from "../plugin.ts";
import { httpCommands, httpScopeEntry } from "./commands.ts";
import { installHttpApi } from "./page.ts";

/** The http plugin. */
export const httpPlugin: Plugin = definePlugin({
  name: "http",
  description: "Fetch from the host, within a URL scope.",
  scopeSchema: httpScopeEntry,
  commands: httpCommands,
  permissions: {
    default: {
      description:
        'All fetch commands; no URL is in scope until the capability names some ({ url: "https://example.com/*" }).',
      permissions: [
        "allow-fetch",
        "allow-fetch-send",
        "allow-fetch-read-body",
        "allow-fetch-cancel",
        "allow-fetch-cancel-body",
      ],
    },
  },
  pageScript: () => pageCall(installHttpApi, null),
});
