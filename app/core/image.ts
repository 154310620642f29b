/**
 * Images as Tauri's core plugins pass them: a page's image resource (`Image`, by rid), image
 * bytes, or a path (Tauri's `JsImage`). Shared by the image, menu and tray plugins (and any core
 * plugin that takes an icon).
 *
 * Paths: Tauri reads an image from any path the app can read. Here a page reads pixels only from
 * the app's own folders (its data, local data, config, cache and log folders, and its resource
 * folder: the main module's), with every link resolved first: otherwise any page holding the
 * default permissions (or a remote origin granted them) could read the pixels of any picture the
 * user has, and learn whether any file exists.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";
import type { PageResource, PluginCallContext, PluginHost } from "../../plugins/plugin.ts";
import { canonicalPath, normalizePath } from "../../plugins/paths.ts";
import { decodeImage, MAX_PIXELS, type RgbaPixels } from "./image_decode.ts";

/** An image a page holds by resource id (`@tauri-apps/api/image`'s `Image`). */
export class ImageResource implements PageResource, RgbaPixels {
  constructor(readonly width: number, readonly height: number, readonly rgba: Uint8Array) {}
  /** Nothing native to release: the pixels go with the object. */
  close(): void {}
}

/** Whether a resource is an image. */
export function isImage(v: PageResource): v is ImageResource {
  return v instanceof ImageResource;
}

/** The folders a page may read images from (see the module comment). */
const IMAGE_ROOTS = ["APPDATA", "APPLOCALDATA", "APPCONFIG", "APPCACHE", "APPLOG", "RESOURCE"];

/**
 * Bytes as a page sends them: an array of byte values, or a typed array that JSON turned into
 * an object keyed "0", "1", …; `what` names the argument in errors.
 */
export function bytesArg(v: unknown, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  let values: unknown[] | undefined;
  if (Array.isArray(v)) values = v;
  else if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const n = Object.keys(o).length;
    values = Array.from({ length: n }, (_, i) => o[i]);
  }
  if (!values) throw new InvokeError(`${what}: expected bytes (an array of 0..255)`);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const b = values[i];
    if (typeof b !== "number" || !Number.isInteger(b) || b < 0 || b > 255) {
      throw new InvokeError(`${what}: byte ${i} is ${JSON.stringify(b)}, not an integer 0..255`);
    }
    out[i] = b;
  }
  return out;
}

/** An image made from raw RGBA (`Image.new`): the length must be `width * height * 4`. */
export function rgbaImage(rgba: Uint8Array, width: number, height: number): ImageResource {
  for (const [k, v] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(v) || v <= 0) {
      throw new InvokeError(`image: ${k} must be a positive integer (got ${v})`);
    }
  }
  if (width * height > MAX_PIXELS) {
    throw new InvokeError(`image: ${width}×${height} is too large (at most ${MAX_PIXELS} pixels)`);
  }
  if (rgba.length !== width * height * 4) {
    throw new InvokeError(
      `image: rgba has ${rgba.length} bytes; a ${width}×${height} image needs ${
        width * height * 4
      } (4 per pixel)`,
    );
  }
  return new ImageResource(width, height, rgba.slice());
}

function within(path: string, roots: string[]): boolean {
  return roots.some((r) => path === r || path.startsWith(`${r}/`));
}

/**
 * Reads and decodes the image at `path` if it lies in the app's own folders (a relative path is
 * taken from the resource folder); `forbidden` otherwise, before the file is touched.
 */
export async function imageFromPath(host: PluginHost, path: unknown): Promise<ImageResource> {
  if (typeof path !== "string" || path === "") {
    throw new InvokeError("image.from_path: path must be a non-empty string");
  }
  const dirs = host.dirs;
  const absolute = normalizePath(path.startsWith("/") ? path : `${dirs.RESOURCE}/${path}`);
  const lexical = IMAGE_ROOTS.map((k) => dirs[k]).filter(Boolean).map(normalizePath)
    .filter((d) => d !== "/"); // a root folder would let every path in
  const canonical = (await Promise.all(
    lexical.map((d) => canonicalPath(d).catch(() => undefined)),
  )).filter((d): d is string => d !== undefined && d !== "/");
  const refuse = () =>
    new InvokeError(
      `image.from_path: ${path} is outside the folders a page may read images from ` +
        `(the app's data, config, cache, log and resource folders)`,
      { path },
      "forbidden",
    );
  // Refused on the name alone first, so nothing outside is touched (not even to resolve links).
  if (!within(absolute, [...lexical, ...canonical])) throw refuse();
  let real: string;
  try {
    real = await canonicalPath(absolute);
  } catch (e) {
    throw new InvokeError(`image.from_path: cannot resolve ${path}: ${(e as Error).message}`);
  }
  // A link inside that leads outside is refused too.
  if (!within(real, canonical)) throw refuse();
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(real);
  } catch (e) {
    throw new InvokeError(`image.from_path: cannot read ${path}: ${(e as Error).message}`);
  }
  const px = decodeImage(bytes, `image ${path}`);
  return new ImageResource(px.width, px.height, px.rgba);
}

/**
 * Tauri's `JsImage` in a command's arguments: a resource id of an image this page holds, image
 * bytes (PNG or ICO), or a path (read as {@linkcode imageFromPath} reads it).
 */
export function jsImage(
  ctx: Pick<PluginCallContext<unknown>, "host" | "resources">,
  v: unknown,
  what: string,
): Promise<ImageResource> {
  if (typeof v === "number") return Promise.resolve(ctx.resources.get(v, isImage, "image"));
  if (typeof v === "string") return imageFromPath(ctx.host, v);
  try {
    const px = decodeImage(bytesArg(v, what), what);
    return Promise.resolve(new ImageResource(px.width, px.height, px.rgba));
  } catch (e) {
    return Promise.reject(e);
  }
}
