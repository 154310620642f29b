/**
 * How a core plugin is built: every command Tauri's catalog lists must have an answer (one that
 * cannot work here rejects with `unsupported`), and the permissions are the catalog's.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";
import {
  type CommandTable,
  definePlugin,
  type Plugin,
  type PluginCommand,
} from "../../plugins/plugin.ts";
import { CORE_CATALOG, corePermissions } from "../../router/core_catalog.ts";

/** Builds the core plugin `name` from its commands; a missing or extra command is an error. */
export function defineCorePlugin(name: string, commands: CommandTable): Plugin {
  const entry = CORE_CATALOG[name];
  const missing = entry.commands.filter((c) => !Object.hasOwn(commands, c));
  const extra = Object.keys(commands).filter((c) => !entry.commands.includes(c));
  if (missing.length || extra.length) {
    throw new Error(
      `core plugin ${name}: ${missing.length ? `no answer for ${missing.join(", ")}` : ""}${
        extra.length ? ` commands not in Tauri's catalog: ${extra.join(", ")}` : ""
      }`,
    );
  }
  const permissions = corePermissions(name);
  return definePlugin({
    name,
    description: `Tauri's core ${name} plugin (plugin:${name}|*)`,
    commands,
    permissions: { ...permissions, default: permissions.default },
  });
}

/**
 * A command that has no meaning on this platform: it rejects with code `unsupported` and says
 * why, never a silent success.
 */
export function unsupported(command: string, why: string): PluginCommand {
  return {
    run() {
      throw new InvokeError(
        `${command} is unsupported on this platform (${Deno.build.os}): ${why}`,
        undefined,
        "unsupported",
      );
    },
  };
}
