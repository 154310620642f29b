/**
 * The native calls Tauri's window API needs beyond panes' own window control: monitors as
 * Tauri describes them, the window manager's allowed actions, input sensitivity, the pointer
 * (position, warp, grab), interactive move/resize, and an input shape. Kept apart from
 * `gtk.ts`/`x11.ts` because only the core window plugin's UI-thread ops (`ffi/ui/tauri_window_ops.ts`)
 * bind them, on first use.
 * @module
 */

/** libgtk-4 (GTK and GDK with its X11 backend), all present in GTK 4.8. */
export const tauriGtkSymbols = {
  // void gtk_window_set_deletable(GtkWindow *window, gboolean setting);
  gtk_window_set_deletable: { parameters: ["pointer", "i32"], result: "void" },
  // gboolean gtk_window_get_deletable(GtkWindow *window);
  gtk_window_get_deletable: { parameters: ["pointer"], result: "i32" },
  // void gtk_widget_set_sensitive(GtkWidget *widget, gboolean sensitive);
  gtk_widget_set_sensitive: { parameters: ["pointer", "i32"], result: "void" },
  // gboolean gtk_widget_get_sensitive(GtkWidget *widget);
  gtk_widget_get_sensitive: { parameters: ["pointer"], result: "i32" },
  // void gtk_window_fullscreen_on_monitor(GtkWindow *window, GdkMonitor *monitor);
  gtk_window_fullscreen_on_monitor: { parameters: ["pointer", "pointer"], result: "void" },
  // GdkMonitor *gdk_x11_display_get_primary_monitor(GdkDisplay *display);
  gdk_x11_display_get_primary_monitor: { parameters: ["pointer"], result: "pointer" },
  // void gdk_x11_monitor_get_workarea(GdkMonitor *monitor, GdkRectangle *workarea);
  gdk_x11_monitor_get_workarea: { parameters: ["pointer", "buffer"], result: "void" },
  // GType gdk_x11_monitor_get_type(void);
  gdk_x11_monitor_get_type: { parameters: [], result: "usize" },
  // const char *gdk_monitor_get_connector(GdkMonitor *monitor);
  gdk_monitor_get_connector: { parameters: ["pointer"], result: "pointer" },
  // const char *gdk_monitor_get_model(GdkMonitor *monitor);
  gdk_monitor_get_model: { parameters: ["pointer"], result: "pointer" },
  // int gdk_monitor_get_scale_factor(GdkMonitor *monitor);
  gdk_monitor_get_scale_factor: { parameters: ["pointer"], result: "i32" },
  // GdkSeat *gdk_display_get_default_seat(GdkDisplay *display);
  gdk_display_get_default_seat: { parameters: ["pointer"], result: "pointer" },
  // GdkDevice *gdk_seat_get_pointer(GdkSeat *seat);
  gdk_seat_get_pointer: { parameters: ["pointer"], result: "pointer" },
  // void gdk_toplevel_begin_move(GdkToplevel *toplevel, GdkDevice *device, int button,
  //     double x, double y, guint32 timestamp);
  gdk_toplevel_begin_move: {
    parameters: ["pointer", "pointer", "i32", "f64", "f64", "u32"],
    result: "void",
  },
  // void gdk_toplevel_begin_resize(GdkToplevel *toplevel, GdkSurfaceEdge edge, GdkDevice *device,
  //     int button, double x, double y, guint32 timestamp);
  gdk_toplevel_begin_resize: {
    parameters: ["pointer", "i32", "pointer", "i32", "f64", "f64", "u32"],
    result: "void",
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** libX11: the pointer and raw properties. `Window`, `Atom`, `Time` are `unsigned long`. */
export const tauriX11Symbols = {
  // Bool XQueryPointer(Display *display, Window w, Window *root_return, Window *child_return,
  //     int *root_x_return, int *root_y_return, int *win_x_return, int *win_y_return,
  //     unsigned int *mask_return);
  XQueryPointer: {
    parameters: [
      "pointer",
      "u64",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
    ],
    result: "i32",
  },
  // int XWarpPointer(Display *display, Window src_w, Window dest_w, int src_x, int src_y,
  //     unsigned int src_width, unsigned int src_height, int dest_x, int dest_y);
  XWarpPointer: {
    parameters: ["pointer", "u64", "u64", "i32", "i32", "u32", "u32", "i32", "i32"],
    result: "i32",
  },
  // int XGrabPointer(Display *display, Window grab_window, Bool owner_events,
  //     unsigned int event_mask, int pointer_mode, int keyboard_mode, Window confine_to,
  //     Cursor cursor, Time time);
  XGrabPointer: {
    parameters: ["pointer", "u64", "i32", "u32", "i32", "i32", "u64", "u64", "u64"],
    result: "i32",
  },
  // int XUngrabPointer(Display *display, Time time);
  XUngrabPointer: { parameters: ["pointer", "u64"], result: "i32" },
  // int XChangeProperty(Display *display, Window w, Atom property, Atom type, int format,
  //     int mode, const unsigned char *data, int nelements);
  XChangeProperty: {
    parameters: ["pointer", "u64", "u64", "u64", "i32", "i32", "buffer", "i32"],
    result: "i32",
  },
  // int XSync(Display *display, Bool discard);
  XSync: { parameters: ["pointer", "i32"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libXext's SHAPE extension: an empty input shape lets clicks pass through a window. */
export const tauriXextSymbols = {
  // void XShapeCombineRectangles(Display *display, Window dest, int dest_kind, int x_off,
  //     int y_off, XRectangle *rectangles, int n_rects, int op, int ordering);
  XShapeCombineRectangles: {
    parameters: ["pointer", "u64", "i32", "i32", "i32", "pointer", "i32", "i32", "i32"],
    result: "void",
  },
  // void XShapeCombineMask(Display *display, Window dest, int dest_kind, int x_off, int y_off,
  //     Pixmap src, int op);
  XShapeCombineMask: {
    parameters: ["pointer", "u64", "i32", "i32", "i32", "u64", "i32"],
    result: "void",
  },
} as const satisfies Deno.ForeignLibraryInterface;
