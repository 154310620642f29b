/** The os plugin: platform, arch, version, locale, hostname (`@tauri-apps/plugin-os`). @module */

import { definePlugin, pageCall, type Plugin } from "../plugin.ts";
import { osCommands, osFacts } from "./commands.ts";
import { installOsApi } from "./page.ts";

/** The os plugin. */
export const osPlugin: Plugin = definePlugin({
  name: "os",
  description: "Information about the operating system.",
  commands: osCommands,
  permissions: {
    default: {
      description:
        "Everything but the hostname: platform, version, os type, family, arch, exe extension, locale.",
      permissions: [
        "allow-platform",
        "allow-version",
        "allow-os-type",
        "allow-family",
        "allow-arch",
        "allow-exe-extension",
        "allow-locale",
      ],
    },
  },
  pageScript: () => pageCall(installOsApi as (c: never) => void, osFacts()),
});
