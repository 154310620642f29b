/**
 * The log plugin: page logs go to the terminal and to
 * `$APPLOG/<identifier>.log` (`@tauri-apps/plugin-log`).
 * @module
 */

import { z } from "zod";
import { definePlugin, pageCall, type Plugin, type PluginCallContext } from "../plugin.ts";
import { installLogApi } from "./page.ts";

const LEVELS = ["", "TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

/**
 * Characters a page could use to forge or hide log lines: C0 controls (line breaks, ESC that
 * starts terminal colour and cursor sequences), DEL, C1 controls (U+009B is a one-byte CSI),
 * the Unicode line and paragraph separators, and the bidi marks, embeddings, overrides and
 * isolates that reorder what a terminal shows.
 */
// deno-lint-ignore no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * `text` with every unsafe character as a visible escape (`\n`, `\x1b`, `\u009b`, `\u202e`), so
 * one page call is one line of plain text in the terminal and in the log file.
 */
function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return SHORT[c] ??
      (code < 0x80
        ? `\\x${code.toString(16).padStart(2, "0")}`
        : `\\u${code.toString(16).padStart(4, "0")}`);
  });
}

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
        // Everything the page sent is escaped: it must not start a line of its own or send
        // terminal sequences (escapeControls).
        const kv = Object.entries(a.keyValues ?? {})
          .map(([k, v]) => ` ${escapeControls(k)}=${escapeControls(v ?? "")}`).join("");
        // The window label always; the page's own location (the guest package sends one) after it.
        const where = `[webview:${ctx.window.label}${
          a.location ? ` ${escapeControls(a.location.replace(/\s+/g, " "))}` : ""
        }]`;
        const line = `[${new Date().toISOString()}][${LEVELS[a.level]}]${where} ${
          escapeControls(a.message)
        }${kv}`;
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
