/**
 * Image bytes (PNG, or any format gdk-pixbuf reads) → the ARGB32 pixmap
 * StatusNotifierItem wants: bytes A,R,G,B per pixel, rows top to bottom.
 * @module
 */

import { pixbuf } from "../../ffi/system_libs.ts";
import { dbusLibs } from "./libs.ts";

/** One `(iiay)` icon pixmap. */
export interface IconPixmap {
  width: number;
  height: number;
  /** ARGB32 in network byte order. */
  argb: Uint8Array;
}

function errorText(slot: BigUint64Array): string {
  const err = Deno.UnsafePointer.create(slot[0]);
  if (!err) return "unknown error";
  const msg = new Deno.UnsafePointerView(err).getPointer(8);
  const text = msg ? Deno.UnsafePointerView.getCString(msg) : "unknown error";
  dbusLibs().glib.g_error_free(err);
  return text;
}

/** Decodes image bytes; throws a TypeError saying why when they are not an image. */
export function decodeIcon(bytes: Uint8Array): IconPixmap {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw new TypeError("tray icon: expected the bytes of a PNG image (a non-empty Uint8Array)");
  }
  const px = pixbuf;
  const loader = px.gdk_pixbuf_loader_new()!;
  const slot = new BigUint64Array(1);
  try {
    const data = new Uint8Array(bytes);
    if (!px.gdk_pixbuf_loader_write(loader, data, BigInt(data.length), slot)) {
      const why = errorText(slot);
      px.gdk_pixbuf_loader_close(loader, null);
      throw new TypeError(`tray icon: cannot decode the image: ${why}`);
    }
    if (!px.gdk_pixbuf_loader_close(loader, slot)) {
      throw new TypeError(`tray icon: cannot decode the image: ${errorText(slot)}`);
    }
    const pb = px.gdk_pixbuf_loader_get_pixbuf(loader);
    if (!pb) throw new TypeError("tray icon: the image has no pixels");
    const width = px.gdk_pixbuf_get_width(pb);
    const height = px.gdk_pixbuf_get_height(pb);
    const stride = px.gdk_pixbuf_get_rowstride(pb);
    const channels = px.gdk_pixbuf_get_n_channels(pb);
    const alpha = px.gdk_pixbuf_get_has_alpha(pb) !== 0;
    if (px.gdk_pixbuf_get_bits_per_sample(pb) !== 8 || channels < 3) {
      throw new TypeError("tray icon: unsupported pixel format");
    }
    const src = new Uint8Array(
      Deno.UnsafePointerView.getArrayBuffer(
        px.gdk_pixbuf_read_pixels(pb)!,
        stride * (height - 1) + width * channels,
      ),
    );
    const argb = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const s = y * stride + x * channels, d = (y * width + x) * 4;
        argb[d] = alpha ? src[s + 3] : 255;
        argb[d + 1] = src[s];
        argb[d + 2] = src[s + 1];
        argb[d + 3] = src[s + 2];
      }
    }
    return { width, height, argb };
  } finally {
    dbusLibs().gobject.g_object_unref(loader);
  }
}
