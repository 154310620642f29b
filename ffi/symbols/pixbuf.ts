/**
 * libgdk_pixbuf-2.0: decoding tray icons (PNG and the other formats it knows).
 * Each symbol is declared once, here; each isolate binds what it calls on first use
 * (ffi/system_libs.ts).
 * @module
 */

/** The symbols, with the C signature of each entry beside it. */
export const pixbufSymbols = {
  // GdkPixbufLoader *gdk_pixbuf_loader_new(void);
  gdk_pixbuf_loader_new: { parameters: [], result: "pointer" },
  // GdkPixbufLoader *gdk_pixbuf_loader_new_with_type(const char *image_type, GError **error);
  // (the core image plugin names the format it checked, so no other loader sees page bytes)
  gdk_pixbuf_loader_new_with_type: { parameters: ["buffer", "buffer"], result: "pointer" },
  // gboolean gdk_pixbuf_loader_write(GdkPixbufLoader *loader, const guchar *buf, gsize count, GError **error);
  gdk_pixbuf_loader_write: { parameters: ["pointer", "buffer", "usize", "buffer"], result: "i32" },
  // gboolean gdk_pixbuf_loader_close(GdkPixbufLoader *loader, GError **error);
  gdk_pixbuf_loader_close: { parameters: ["pointer", "buffer"], result: "i32" },
  // GdkPixbuf *gdk_pixbuf_loader_get_pixbuf(GdkPixbufLoader *loader);  (owned by the loader)
  gdk_pixbuf_loader_get_pixbuf: { parameters: ["pointer"], result: "pointer" },
  // int gdk_pixbuf_get_width(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_width: { parameters: ["pointer"], result: "i32" },
  // int gdk_pixbuf_get_height(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_height: { parameters: ["pointer"], result: "i32" },
  // int gdk_pixbuf_get_rowstride(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_rowstride: { parameters: ["pointer"], result: "i32" },
  // int gdk_pixbuf_get_n_channels(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_n_channels: { parameters: ["pointer"], result: "i32" },
  // gboolean gdk_pixbuf_get_has_alpha(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_has_alpha: { parameters: ["pointer"], result: "i32" },
  // int gdk_pixbuf_get_bits_per_sample(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_bits_per_sample: { parameters: ["pointer"], result: "i32" },
  // const guint8 *gdk_pixbuf_read_pixels(const GdkPixbuf *pixbuf);
  gdk_pixbuf_read_pixels: { parameters: ["pointer"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;
