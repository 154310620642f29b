/** clipboard-manager commands (Tauri's names), run on the UI thread through GDK. @module */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PluginCallContext } from "../plugin.ts";
import type { NativeOp, NativeOps } from "../native.ts";

async function native<K extends NativeOp>(
  ctx: PluginCallContext<unknown>,
  op: K,
  args: Parameters<NativeOps[K]>,
): Promise<ReturnType<NativeOps[K]>> {
  try {
    return await ctx.window.nativeCall(op, args);
  } catch (e) {
    throw new InvokeError(e instanceof Error ? e.message : String(e), undefined, "clipboard");
  }
}

/** The clipboard-manager commands. */
export const clipboardCommands: CommandTable = {
  write_text: {
    args: z.object({ text: z.string(), label: z.string().nullish() }),
    run: (ctx: PluginCallContext<{ text: string }>) =>
      native(ctx, "clipboardWriteText", [ctx.args.text]).then(() => null),
  },
  read_text: {
    run: (ctx: PluginCallContext<unknown>) => native(ctx, "clipboardReadText", []),
  },
  write_html: {
    args: z.object({ html: z.string(), altText: z.string().nullish() }),
    run: (ctx: PluginCallContext<{ html: string; altText?: string | null }>) =>
      native(ctx, "clipboardWriteHtml", [ctx.args.html, ctx.args.altText ?? undefined]).then(() =>
        null
      ),
  },
  clear: {
    run: (ctx: PluginCallContext<unknown>) => native(ctx, "clipboardClear", []).then(() => null),
  },
};
