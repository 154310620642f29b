/**
 * Tauri's core `image` plugin (`@tauri-apps/api/image`): images as page resources, made from
 * RGBA, from PNG or ICO bytes, or from a file in the app's own folders (app/core/image.ts says
 * why not any file), read back as RGBA and size. `plugin:resources|close` releases one.
 * @module
 */

import { z } from "zod";
import type { Plugin } from "../../plugins/plugin.ts";
import { defineCorePlugin } from "./define.ts";
import { bytesArg, imageFromPath, ImageResource, isImage, rgbaImage } from "./image.ts";
import { decodeImage } from "./image_decode.ts";

const rid = z.object({ rid: z.number() });

/** The image plugin. */
export const imagePlugin: Plugin = defineCorePlugin("image", {
  new: {
    args: z.object({ rgba: z.unknown(), width: z.number(), height: z.number() }),
    run: ({ args, resources }) =>
      resources.add(rgbaImage(bytesArg(args.rgba, "image.new: rgba"), args.width, args.height)),
  },
  from_bytes: {
    args: z.object({ bytes: z.unknown() }),
    run: ({ args, resources }) => {
      const px = decodeImage(bytesArg(args.bytes, "image.from_bytes: bytes"), "image.from_bytes");
      return resources.add(new ImageResource(px.width, px.height, px.rgba));
    },
  },
  from_path: {
    args: z.object({ path: z.string() }),
    run: async ({ args, host, resources }) => resources.add(await imageFromPath(host, args.path)),
  },
  // Raw bytes: the page's `Image.rgba()` makes a Uint8Array of the ArrayBuffer it receives.
  rgba: {
    args: rid,
    run: ({ args, resources }) => resources.get(args.rid, isImage, "image").rgba.slice(),
  },
  size: {
    args: rid,
    run: ({ args, resources }) => {
      const img = resources.get(args.rid, isImage, "image");
      return { width: img.width, height: img.height };
    },
  },
});
