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

/** The largest image accepted (its file's bytes). */
const MAX_IMAGE = 64 * 1024 * 1024;

/**
 * `image` as `@tauri-apps/plugin-clipboard-manager` sends it (`transformImage`): the bytes of an
 * image file, as an array or as a typed array's JSON (`{ "0": …, "1": … }`); a path or an `Image`
 * resource id are refused with a clear error.
 */
const imageArg = z.unknown().transform((v, c) => {
  if (typeof v === "string" || typeof v === "number") {
    c.addIssue({
      code: "custom",
      message: typeof v === "string"
        ? "an image path is unsupported: pass the image file's bytes (Uint8Array, ArrayBuffer or number[])"
        : "an Image resource is unsupported (panes has no core image plugin yet): pass the image file's bytes",
    });
    return z.NEVER;
  }
  const values = Array.isArray(v)
    ? v
    : v && typeof v === "object"
    ? Object.keys(v).every((k, i) => k === String(i)) ? Object.values(v) : null
    : null;
  if (!values || values.length === 0 || values.length > MAX_IMAGE) {
    c.addIssue({
      code: "custom",
      message: `expected the image file's bytes (1 to ${MAX_IMAGE} of them)`,
    });
    return z.NEVER;
  }
  if (!values.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    c.addIssue({ code: "custom", message: "image bytes must be integers 0–255" });
    return z.NEVER;
  }
  return Uint8Array.from(values as number[]);
});

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
  write_image: {
    args: z.object({ image: imageArg }),
    run: (ctx: PluginCallContext<{ image: Uint8Array }>) =>
      native(ctx, "clipboardWriteImage", [ctx.args.image]).then(() => null),
  },
  read_image: {
    run: () => {
      // Tauri answers an Image resource the page reads through the core image plugin
      // (plugin:image|rgba, |size); without it the answer would be unusable.
      throw new InvokeError(
        "reading images from the clipboard is unsupported on this platform yet (the Image it answers needs Tauri's core image plugin, which panes does not have)",
        undefined,
        "unsupported",
      );
    },
  },
  clear: {
    run: (ctx: PluginCallContext<unknown>) => native(ctx, "clipboardClear", []).then(() => null),
  },
};
