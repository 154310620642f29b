/**
 * The system clipboard through GDK (UI thread): text, HTML and images out, text and images in.
 * On X11 the loop must keep running for other apps to paste, which the UI
 * thread's GLib loop does.
 * @module
 */

import { cstr, readCString } from "../native_libs.ts";
import { gtk } from "../system_libs.ts";
import { Deferred, type OpContext, type UiOpTable } from "./ui_ops.ts";

function clipboard(): Deno.PointerObject {
  const display = gtk.gdk_display_get_default();
  if (!display) throw new Error("no display: the clipboard needs a running display");
  return gtk.gdk_display_get_clipboard(display)!;
}

/** A read in flight: how to finish it (text or texture) and where its answer goes. */
interface PendingRead {
  finish(source: Deno.PointerObject, result: Deno.PointerObject, err: BigUint64Array): unknown;
  resolve: (v: unknown) => void;
  reject: (m: string) => void;
}
const reads = new Map<number, PendingRead>();
let nextRead = 1;
let ctxRef: OpContext | undefined;
let readCb:
  | Deno.UnsafeCallback<{ parameters: ["pointer", "pointer", "pointer"]; result: "void" }>
  | undefined;

/** The GAsyncReadyCallback for every read; lives as long as the process. */
function readCallback(): Deno.PointerObject {
  readCb ??= new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
    (source, result, data) => {
      const id = Number(Deno.UnsafePointer.value(data));
      const p = reads.get(id);
      if (!p || !ctxRef || !source || !result) return;
      reads.delete(id);
      try {
        p.resolve(p.finish(source, result, new BigUint64Array(1)));
      } catch (e) {
        p.reject(e instanceof Error ? e.message : String(e));
      }
    },
  );
  return readCb.pointer;
}

/** Starts an async clipboard read whose answer `finish` makes. */
function read(
  ctx: OpContext,
  start: typeof gtk.gdk_clipboard_read_text_async,
  finish: PendingRead["finish"],
): Deferred {
  ctxRef = ctx;
  return new Deferred((resolve, reject) => {
    const id = nextRead++;
    reads.set(id, { finish, resolve, reject });
    start(clipboard(), null, readCallback(), Deno.UnsafePointer.create(BigInt(id)));
  });
}

/** The clipboard's text (an empty clipboard is an error for the page, as in Tauri). */
function finishText(source: Deno.PointerObject, result: Deno.PointerObject, err: BigUint64Array) {
  const text = gtk.gdk_clipboard_read_text_finish(source, result, err);
  if (text === null) {
    const msg = takeError(ctxRef!, err);
    throw new Error(`the clipboard holds no text${msg ? ` (${msg})` : ""}`);
  }
  const s = readCString(text);
  ctxRef!.libs.glib.g_free(text);
  return s;
}

/**
 * The clipboard's image as PNG bytes. GDK converts what the owner offers (image/png, JPEG, BMP,
 * …) to a texture; saved as PNG it keeps straight (not premultiplied) alpha, 8 bits a channel,
 * which the host decodes into Tauri's RGBA.
 */
function finishImage(source: Deno.PointerObject, result: Deno.PointerObject, err: BigUint64Array) {
  const texture = gtk.gdk_clipboard_read_texture_finish(source, result, err);
  if (texture === null) {
    const msg = takeError(ctxRef!, err);
    throw new Error(`the clipboard holds no image${msg ? ` (${msg})` : ""}`);
  }
  const { glib, gobject } = ctxRef!.libs;
  const bytes = gtk.gdk_texture_save_to_png_bytes(texture);
  gobject.g_object_unref(texture);
  if (!bytes) throw new Error("cannot convert the clipboard's image to PNG");
  const size = new BigUint64Array(1);
  const data = glib.g_bytes_get_data(bytes, size);
  const png = new Uint8Array(Number(size[0]));
  if (data) png.set(new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(data, png.length)));
  glib.g_bytes_unref(bytes);
  return png;
}

/** A GError's message (at offset 8, after domain and code); frees it. */
function takeError(ctx: OpContext, err: BigUint64Array): string {
  const e = Deno.UnsafePointer.create(err[0]);
  if (!e) return "";
  const msg = readCString(new Deno.UnsafePointerView(e).getPointer(8));
  ctx.libs.glib.g_error_free(e);
  return msg;
}

/**
 * `clipboardWriteText`, `clipboardWriteHtml`, `clipboardWriteImage`, `clipboardReadText`,
 * `clipboardReadImage` (PNG bytes), `clipboardClear`.
 */
export const clipboardOps: UiOpTable = {
  clipboardWriteText(_ctx, _win, [text]) {
    if (typeof text !== "string") throw new Error("clipboard text must be a string");
    gtk.gdk_clipboard_set_text(clipboard(), cstr(text));
    return null;
  },
  clipboardWriteHtml(ctx, _win, [html, alt]) {
    if (typeof html !== "string") throw new Error("clipboard html must be a string");
    const provider = (mime: string, s: string) => {
      const bytes = new TextEncoder().encode(s);
      const gb = ctx.libs.glib.g_bytes_new(bytes, BigInt(bytes.length));
      const p = gtk.gdk_content_provider_new_for_bytes(cstr(mime), gb);
      ctx.libs.glib.g_bytes_unref(gb);
      return p;
    };
    const parts = [provider("text/html", html)];
    if (typeof alt === "string") parts.push(provider("text/plain;charset=utf-8", alt));
    const arr = new BigUint64Array(parts.map((p) => BigInt(Deno.UnsafePointer.value(p))));
    // The union takes ownership of the providers.
    const union = gtk.gdk_content_provider_new_union(arr, BigInt(parts.length));
    gtk.gdk_clipboard_set_content(clipboard(), union);
    ctx.libs.gobject.g_object_unref(union);
    return null;
  },
  clipboardWriteImage(ctx, _win, [bytes]) {
    if (!(bytes instanceof Uint8Array)) throw new Error("clipboard image must be bytes");
    const gb = ctx.libs.glib.g_bytes_new(bytes, BigInt(bytes.length));
    const err = new BigUint64Array(1);
    const texture = gtk.gdk_texture_new_from_bytes(gb, err);
    ctx.libs.glib.g_bytes_unref(gb);
    if (!texture) {
      const msg = takeError(ctx, err);
      throw new Error(`not an image GDK can read (PNG, JPEG, TIFF)${msg ? `: ${msg}` : ""}`);
    }
    // GDK offers it as image/png (and the other formats it can convert to) to other apps.
    gtk.gdk_clipboard_set_texture(clipboard(), texture);
    ctx.libs.gobject.g_object_unref(texture);
    return null;
  },
  clipboardClear() {
    gtk.gdk_clipboard_set_content(clipboard(), null);
    return null;
  },
  clipboardReadText(ctx) {
    return read(ctx, gtk.gdk_clipboard_read_text_async, finishText);
  },
  clipboardReadImage(ctx) {
    return read(ctx, gtk.gdk_clipboard_read_texture_async, finishImage);
  },
};
