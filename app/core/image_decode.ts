/**
 * Image bytes → straight-alpha RGBA, for Tauri's core image plugin. Only the formats Tauri
 * decodes (PNG and ICO) are accepted, each checked by its signature and handed to that one
 * gdk-pixbuf loader: page bytes never reach gdk-pixbuf's other loaders (XPM, TGA, …). The
 * dimensions are read from the header first, so a small file claiming a huge image is refused
 * before anything is allocated.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";
import { glib, gobject, pixbuf } from "../../ffi/system_libs.ts";

/** Pixels of an image: `width * height * 4` bytes, RGBA, rows top to bottom. */
export interface RgbaPixels {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** The largest image accepted (4096 × 4096): icons are far smaller; 64 MiB of RGBA at most. */
export const MAX_PIXELS = 4096 * 4096;

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function bad(message: string): InvokeError {
  return new InvokeError(message, undefined, "invalid-image");
}

function isPng(b: Uint8Array, at = 0): boolean {
  return b.length >= at + 24 && PNG_SIGNATURE.every((v, i) => b[at + i] === v);
}

function checkSize(width: number, height: number, what: string): void {
  if (width <= 0 || height <= 0) throw bad(`${what}: the image has no pixels (${width}×${height})`);
  if (width * height > MAX_PIXELS) {
    throw bad(`${what}: the image is too large (${width}×${height}; at most ${MAX_PIXELS} pixels)`);
  }
}

/**
 * Which loader reads what: PNG bytes as they are; for ICO, the largest entry: its PNG when it
 * holds one (gdk-pixbuf's ICO loader reads only bitmap entries), else the whole file for the
 * ICO loader. The sizes the headers claim are checked first.
 */
function sniff(b: Uint8Array, what: string): { type: "png" | "ico"; bytes: Uint8Array } {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (isPng(b)) {
    checkSize(view.getUint32(16), view.getUint32(20), what);
    return { type: "png", bytes: b };
  }
  // ICONDIR: reserved 0, type 1 (icon), count, then 16-byte entries.
  if (b.length >= 6 && view.getUint16(0, true) === 0 && view.getUint16(2, true) === 1) {
    const count = view.getUint16(4, true);
    if (count === 0 || b.length < 6 + count * 16) throw bad(`${what}: a truncated ICO directory`);
    let best: { area: number; offset: number; size: number } | undefined;
    for (let i = 0; i < count; i++) {
      const e = 6 + i * 16;
      const w = b[e] || 256, h = b[e + 1] || 256;
      const size = view.getUint32(e + 8, true), offset = view.getUint32(e + 12, true);
      if (offset + size > b.length) throw bad(`${what}: ICO entry ${i} lies outside the file`);
      if (!best || w * h > best.area) best = { area: w * h, offset, size };
    }
    const entry = b.subarray(best!.offset, best!.offset + best!.size);
    if (isPng(entry)) return sniff(entry, what);
    return { type: "ico", bytes: b };
  }
  throw bad(`${what}: not a PNG or ICO image (the formats Tauri's image plugin decodes)`);
}

function errorText(slot: BigUint64Array): string {
  const err = Deno.UnsafePointer.create(slot[0]);
  if (!err) return "unknown error";
  const msg = new Deno.UnsafePointerView(err).getPointer(8);
  const text = msg ? Deno.UnsafePointerView.getCString(msg) : "unknown error";
  glib.g_error_free(err);
  slot[0] = 0n;
  return text;
}

/**
 * Decodes PNG or ICO `bytes` (for ICO, the entry gdk-pixbuf picks: the largest); an
 * `invalid-image` InvokeError says why when they are not one.
 */
export function decodeImage(bytes: Uint8Array, what = "image"): RgbaPixels {
  if (bytes.length === 0) throw bad(`${what}: no bytes`);
  const { type, bytes: input } = sniff(bytes, what);
  const slot = new BigUint64Array(1);
  const loader = pixbuf.gdk_pixbuf_loader_new_with_type(
    new TextEncoder().encode(`${type}\0`),
    slot,
  );
  if (!loader) throw bad(`${what}: no ${type} loader: ${errorText(slot)}`);
  try {
    const data = new Uint8Array(input);
    if (!pixbuf.gdk_pixbuf_loader_write(loader, data, BigInt(data.length), slot)) {
      const why = errorText(slot);
      pixbuf.gdk_pixbuf_loader_close(loader, null);
      throw bad(`${what}: cannot decode the ${type.toUpperCase()}: ${why}`);
    }
    if (!pixbuf.gdk_pixbuf_loader_close(loader, slot)) {
      throw bad(`${what}: cannot decode the ${type.toUpperCase()}: ${errorText(slot)}`);
    }
    const pb = pixbuf.gdk_pixbuf_loader_get_pixbuf(loader);
    if (!pb) throw bad(`${what}: the image has no pixels`);
    const width = pixbuf.gdk_pixbuf_get_width(pb);
    const height = pixbuf.gdk_pixbuf_get_height(pb);
    checkSize(width, height, what);
    const stride = pixbuf.gdk_pixbuf_get_rowstride(pb);
    const channels = pixbuf.gdk_pixbuf_get_n_channels(pb);
    const alpha = pixbuf.gdk_pixbuf_get_has_alpha(pb) !== 0;
    if (pixbuf.gdk_pixbuf_get_bits_per_sample(pb) !== 8 || channels < 3) {
      throw bad(`${what}: unsupported pixel format`);
    }
    const src = new Uint8Array(
      Deno.UnsafePointerView.getArrayBuffer(
        pixbuf.gdk_pixbuf_read_pixels(pb)!,
        stride * (height - 1) + width * channels,
      ),
    );
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const s = y * stride + x * channels, d = (y * width + x) * 4;
        rgba[d] = src[s];
        rgba[d + 1] = src[s + 1];
        rgba[d + 2] = src[s + 2];
        rgba[d + 3] = alpha ? src[s + 3] : 255;
      }
    }
    return { width, height, rgba };
  } finally {
    gobject.g_object_unref(loader);
  }
}
