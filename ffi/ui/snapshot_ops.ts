/** Screenshots of a page as rendered, through WebKit's snapshot API. @module */

import { Deferred, type OpContext, type UiOpTable, type UiWindow } from "./ui_ops.ts";

interface PendingShot {
  win: UiWindow;
  resolve: (v: unknown) => void;
  reject: (m: string) => void;
}

const pending = new Map<number, PendingShot>();
let nextShot = 1;
let ctxRef: OpContext | undefined;
let finishCb:
  | Deno.UnsafeCallback<{ parameters: ["pointer", "pointer", "pointer"]; result: "void" }>
  | undefined;

/** The GAsyncReadyCallback lives as long as the process: one for every screenshot. */
function callback(): Deno.PointerObject {
  if (finishCb) return finishCb.pointer;
  finishCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
    (source, result, data) => {
      const shot = pending.get(Number(Deno.UnsafePointer.value(data)));
      if (!shot || !ctxRef) return;
      pending.delete(Number(Deno.UnsafePointer.value(data)));
      const { gtk, glib, gobject, webkit } = ctxRef.libs;
      const errOut = new BigUint64Array(1);
      const texture = webkit.webkit_web_view_get_snapshot_finish(source, result, errOut);
      if (texture === null) {
        const err = Deno.UnsafePointer.create(errOut[0]);
        // A GError's message is at offset 8 (after domain and code).
        const msg = err
          ? Deno.UnsafePointerView.getCString(new Deno.UnsafePointerView(err).getPointer(8)!)
          : "";
        if (err) glib.g_error_free(err);
        return shot.reject(`screenshot failed: ${msg || "no texture"}`);
      }
      const bytes = gtk.gdk_texture_save_to_png_bytes(texture);
      const size = new BigUint64Array(1);
      const data_ = glib.g_bytes_get_data(bytes!, size);
      const png = new Uint8Array(Number(size[0]));
      if (data_) png.set(new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(data_, png.length)));
      glib.g_bytes_unref(bytes);
      gobject.g_object_unref(texture);
      shot.resolve(png);
    },
  );
  return finishCb.pointer;
}

/** Rejects screenshots still pending for a window that went away. */
export function rejectShotsFor(win: UiWindow): void {
  for (const [id, shot] of pending) {
    if (shot.win === win) {
      pending.delete(id);
      shot.reject("window closed");
    }
  }
}

/** `screenshot`: a PNG of the visible region. */
export const snapshotOps: UiOpTable = {
  screenshot(ctx, win) {
    ctxRef = ctx;
    return new Deferred((resolve, reject) => {
      const id = nextShot++;
      pending.set(id, { win, resolve, reject });
      // region 0 = visible, options 0 = none
      ctx.libs.webkit.webkit_web_view_get_snapshot(
        win.view,
        0,
        0,
        null,
        callback(),
        Deno.UnsafePointer.create(BigInt(id)),
      );
    });
  },
  requestClose({ libs }, win) {
    libs.gtk.gtk_window_close(win.window);
  },
};
