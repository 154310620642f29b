/** clipboard-manager commands (Tauri's names), run on the UI thread through GDK. @module */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PluginCallContext } from "../plugin.ts";
import type { NativeOp, NativeOps } from "../native.ts";
import { imageFromPath, ImageResource, isImage } from "../../app/core/image.ts";
import { decodeImage } from "../../app/core/image_decode.ts";
import { encodePng } from "../../app/core/image_png.ts";

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

/** An `Image` resource's id, or an image path (Tauri's `JsImage`), as `transformImage` sends them. */
type ImageRef = { rid: number } | { path: string };

/**
 * `image` as `@tauri-apps/plugin-clipboard-manager` sends it (`transformImage`): the bytes of an
 * image file, as an array or as a typed array's JSON (`{ "0": …, "1": … }`); an `Image`
 * resource's id; or a path (read only from the app's own folders, as the core image plugin does).
 */
const imageArg = z.unknown().transform((v, c): Uint8Array | ImageRef => {
  if (typeof v === "number") return { rid: v };
  if (typeof v === "string") return { path: v };
  const values = Array.isArray(v)
    ? v
    : v && typeof v === "object"
    ? Object.keys(v).every((k, i) => k === String(i)) ? Object.values(v) : null
    : null;
  if (!values || values.length === 0 || values.length > MAX_IMAGE) {
    c.addIssue({
      code: "custom",
      message: `expected the image file's bytes (1 to ${MAX_IMAGE} of them), an Image or a path`,
    });
    return z.NEVER;
  }
  if (!values.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    c.addIssue({ code: "custom", message: "image bytes must be integers 0–255" });
    return z.NEVER;
  }
  return Uint8Array.from(values as number[]);
});

/** The image file bytes GDK reads: file bytes as given, an `Image` resource or a path as PNG. */
async function imageFileBytes(
  ctx: PluginCallContext<unknown>,
  image: Uint8Array | ImageRef,
): Promise<Uint8Array> {
  if (image instanceof Uint8Array) return image;
  const img = "rid" in image
    ? ctx.resources.get(image.rid, isImage, "image")
    : await imageFromPath(ctx.host, image.path);
  return encodePng(img);
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
  write_image: {
    args: z.object({ image: imageArg }),
    run: async (ctx: PluginCallContext<{ image: Uint8Array | ImageRef }>) => {
      const bytes = await imageFileBytes(ctx, ctx.args.image);
      await native(ctx, "clipboardWriteImage", [bytes]);
      return null;
    },
  },
  read_image: {
    // Tauri answers an `Image` resource the page reads through the core image plugin
    // (`plugin:image|rgba`, `|size`); it lives as long as the page load or until closed.
    run: async (ctx: PluginCallContext<unknown>) => {
      const png = await native(ctx, "clipboardReadImage", []);
      const px = decodeImage(png, "the clipboard's image");
      return ctx.resources.add(new ImageResource(px.width, px.height, px.rgba));
    },
  },
  clear: {
    run: (ctx: PluginCallContext<unknown>) => native(ctx, "clipboardClear", []).then(() => null),
  },
};
