/**
 * The autostart plugin (`@tauri-apps/plugin-autostart`): starts the app when the user logs in,
 * through an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/<identifier>.desktop`.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";
import { definePlugin, pageCall, type Plugin, type PluginHost } from "../plugin.ts";
import { execLine, launchCommand } from "../launch_command.ts";
import { installAutostartApi } from "./page.ts";

/** Options of {@linkcode createAutostartPlugin}. */
export interface AutostartOptions {
  /** Arguments the app gets when started at login (Tauri's `args`, e.g. `["--minimized"]`). */
  args?: string[];
  /**
   * The command that starts the app (default: how this process was started without its own
   * arguments: `deno run <flags> /abs/main.ts`, or the compiled binary).
   */
  command?: string[];
}

function entryPath(host: PluginHost): string {
  const name = host.identifier.replace(/[^A-Za-z0-9._-]/g, "_");
  return `${host.dirs.CONFIG}/autostart/${name}.desktop`;
}

function fail(e: unknown): InvokeError {
  return new InvokeError(
    `autostart: ${e instanceof Error ? e.message : String(e)}`,
    undefined,
    "autostart",
  );
}

/**
 * Whether the entry exists and the desktop will run it: `Hidden=true` (the desktop's own
 * "remove") and `X-GNOME-Autostart-enabled=false` (a switch turned off in settings) disable it.
 */
async function isEnabled(host: PluginHost): Promise<boolean> {
  let text: string;
  try {
    text = await Deno.readTextFile(entryPath(host));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw fail(e);
  }
  return !/^Hidden\s*=\s*true\s*$/m.test(text) &&
    !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
}

/**
 * An autostart plugin with Tauri's `args` (the plugin `"autostart"` by name passes none).
 *
 * @example
 * ```ts
 * import { App } from "@panes/panes";
 * import { createAutostartPlugin } from "@panes/panes/plugins";
 *
 * await using app = new App({
 *   identifier: "com.example.notes",
 *   plugins: [createAutostartPlugin({ args: ["--minimized"] })],
 *   capabilities: ["autostart:default"],
 * });
 * // page: await enable() from @tauri-apps/plugin-autostart
 * ```
 */
export function createAutostartPlugin(options: AutostartOptions = {}): Plugin {
  const args = options.args ?? [];
  return definePlugin({
    name: "autostart",
    description: "Start the app when the user logs in.",
    commands: {
      enable: {
        run: async (ctx) => {
          const host = ctx.host as PluginHost;
          const path = entryPath(host);
          const name = host.identifier.replace(/[\n\r]/g, " ");
          const text = [
            "[Desktop Entry]",
            "Type=Application",
            `Name=${name}`,
            `Comment=Starts ${name} at login`,
            `Exec=${execLine([...options.command ?? launchCommand(), ...args])}`,
            "StartupNotify=false",
            "Terminal=false",
            "",
          ].join("\n");
          try {
            await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
            const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
            await Deno.writeTextFile(tmp, text);
            await Deno.rename(tmp, path);
          } catch (e) {
            throw fail(e);
          }
          return null;
        },
      },
      disable: {
        run: async (ctx) => {
          try {
            await Deno.remove(entryPath(ctx.host as PluginHost));
          } catch (e) {
            if (!(e instanceof Deno.errors.NotFound)) throw fail(e);
          }
          return null;
        },
      },
      is_enabled: { run: (ctx) => isEnabled(ctx.host as PluginHost) },
    },
    permissions: {
      default: {
        description:
          "This permission set configures if your application can enable or disable auto starting the application on boot. It allows all to check, enable and disable the automatic start on boot.",
        permissions: ["allow-enable", "allow-disable", "allow-is-enabled"],
      },
    },
    pageScript: () => pageCall(installAutostartApi, null),
  });
}

/** The autostart plugin by name: starts the app with no arguments. */
export const autostartPlugin: Plugin = createAutostartPlugin();
