/**
 * Xlib symbols (libX11.so.6) for what GTK 4 left out on X11: window
 * position, frame extents, always-on-top and a maximum size. Always called
 * on the UI thread with GDK's own `Display*`. Each symbol is declared once, here.
 * @module
 */

/** libX11 symbols. `Window` and `Atom` are `unsigned long` (64-bit here). */
export const x11Symbols = {
  // Atom XInternAtom(Display *display, const char *atom_name, Bool only_if_exists);
  XInternAtom: { parameters: ["pointer", "buffer", "i32"], result: "u64" },
  // int XGetWindowProperty(Display *display, Window w, Atom property, long long_offset,
  //     long long_length, Bool delete, Atom req_type, Atom *actual_type_return,
  //     int *actual_format_return, unsigned long *nitems_return,
  //     unsigned long *bytes_after_return, unsigned char **prop_return);
  XGetWindowProperty: {
    parameters: [
      "pointer",
      "u64",
      "u64",
      "i64",
      "i64",
      "i32",
      "u64",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
    ],
    result: "i32",
  },
  // int XFree(void *data);
  XFree: { parameters: ["pointer"], result: "i32" },
  // Bool XTranslateCoordinates(Display *display, Window src_w, Window dest_w, int src_x,
  //     int src_y, int *dest_x_return, int *dest_y_return, Window *child_return);
  XTranslateCoordinates: {
    parameters: ["pointer", "u64", "u64", "i32", "i32", "buffer", "buffer", "buffer"],
    result: "i32",
  },
  // int XMoveWindow(Display *display, Window w, int x, int y);
  XMoveWindow: { parameters: ["pointer", "u64", "i32", "i32"], result: "i32" },
  // Status XSendEvent(Display *display, Window w, Bool propagate, long event_mask, XEvent *event_send);
  XSendEvent: { parameters: ["pointer", "u64", "i32", "i64", "buffer"], result: "i32" },
  // Status XGetWMNormalHints(Display *display, Window w, XSizeHints *hints_return, long *supplied_return);
  XGetWMNormalHints: { parameters: ["pointer", "u64", "buffer", "buffer"], result: "i32" },
  // void XSetWMNormalHints(Display *display, Window w, XSizeHints *hints);
  XSetWMNormalHints: { parameters: ["pointer", "u64", "buffer"], result: "void" },
  // int XFlush(Display *display);
  XFlush: { parameters: ["pointer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** Xlib constants used with {@linkcode x11Symbols}. */
export const X11 = {
  /** Predefined atom ATOM. */
  XA_ATOM: 4n,
  /** Predefined atom CARDINAL. */
  XA_CARDINAL: 6n,
  /** Event type ClientMessage. */
  ClientMessage: 33,
  /** SubstructureNotifyMask | SubstructureRedirectMask: how EWMH messages reach the WM. */
  SubstructureMask: (1n << 19n) | (1n << 20n),
  /** XSizeHints.flags bits. */
  PMinSize: 1n << 4n,
  PMaxSize: 1n << 5n,
  /** sizeof(XEvent) on LP64. */
  XEventSize: 192,
  /** sizeof(XSizeHints) on LP64. */
  XSizeHintsSize: 80,
} as const;
