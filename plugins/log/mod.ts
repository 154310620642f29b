/**
 * The log plugin: page logs go to the terminal and to
 * `$APPLOG/<identifier>.log` (`@tauri-apps/plugin-log`).
 * @module
 */

import { z } from "zod";
import { definePlugin, pageCall, type Plugin, type PluginCallContext } from "../plugin.ts";
import { installLogApi } from "./page.ts";

const LEVELS = ["", "TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

/** The log plugin. */
export const logPlugin: Plugin = definePlugin({
  name: "log",
  description: "Page logs to the terminal and a log file.",
  commands: {
    log: {
      args: z.object({
        level: z.number().int().min(1).max(5),
        message: z.string(),
        location: z.string().nullish(),
        file: z.string().nullish(),
        line: z.number().int().nullish(),
        keyValues: z.record(z.string(), z.string().nullish()).nullish(),
      }),
      run: async (
        ctx: PluginCallContext<
          {
            level: number;
            message: string;
            location?: string | null;
            keyValues?: Record<string, string | null | undefined> | null;
          }
        >,
      ) => {
        const a = ctx.args;
        const kv = Object.entries(a.keyValues ?? {}).map(([k, v]) => ` ${k}=${v ?? ""}`).join("");
        // The window label always; the page's own location (the guest package sends one) after it.
        const where = `[webview:${ctx.window.label}${
          a.location ? ` ${a.location.replace(/\s+/g, " ")}` : ""
        }]`;
        const line = `[${new Date().toISOString()}][${LEVELS[a.level]}]${where} ${a.message}${kv}`;
        if (a.level >= 4) console.error(line);
        else console.log(line);
        const dir = ctx.host.dirs.APPLOG;
        await Deno.mkdir(dir, { recursive: true });
        await Deno.writeTextFile(`${dir}/${ctx.host.identifier}.log`, line + "\n", {
          append: true,
        });
        return null;
      },
    },
  },
  permissions: { default: { description: "Logging.", permissions: ["allow-log"] } },
  pageScript: () => pageCall(installLogApi, null),
});
