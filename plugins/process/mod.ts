/** The process plugin: exit and relaunch the app (`@tauri-apps/plugin-process`). @module */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import { definePlugin, pageCall, type Plugin, type PluginCallContext } from "../plugin.ts";
import { installProcessApi } from "./page.ts";

/** The command line this process was started with (deno run … or a compiled binary). */
function ownCommandLine(): string[] {
  try {
    const raw = Deno.readTextFileSync("/proc/self/cmdline");
    const argv = raw.split("\0");
    if (argv[argv.length - 1] === "") argv.pop();
    if (argv.length) return argv;
  } catch { /* not Linux, or no read access */ }
  return [Deno.execPath(), ...Deno.args];
}

/** The process plugin. */
export const processPlugin: Plugin = definePlugin({
  name: "process",
  description: "Exit or relaunch the app.",
  commands: {
    exit: {
      args: z.object({ code: z.number().int().nullish() }).nullish(),
      run: (ctx: PluginCallContext<{ code?: number | null } | null>) => {
        // Answer the page first, then leave: the exit code is what the caller asked for.
        setTimeout(() => Deno.exit(ctx.args?.code ?? 0), 20);
        return null;
      },
    },
    restart: {
      run: () => {
        const [cmd, ...args] = ownCommandLine();
        try {
          const child = new Deno.Command(cmd, {
            args,
            stdin: "null",
            stdout: "inherit",
            stderr: "inherit",
          })
            .spawn();
          child.unref();
        } catch (e) {
          throw new InvokeError(
            `cannot relaunch: ${e instanceof Error ? e.message : e}`,
            undefined,
            "process",
          );
        }
        setTimeout(() => Deno.exit(0), 20);
        return null;
      },
    },
  },
  permissions: {
    default: { description: "Exit and restart.", permissions: ["allow-exit", "allow-restart"] },
  },
  pageScript: () => pageCall(installProcessApi, null),
});
