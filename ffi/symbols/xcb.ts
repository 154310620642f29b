/**
 * libxcb symbols (libxcb.so.1) for global key grabs on the main isolate. XCB rather than Xlib:
 * a refused grab (BadAccess) comes back to the request that made it (`xcb_request_check`),
 * where Xlib reports it to one process-wide error handler, which GDK's UI thread also relies on.
 * Each symbol is declared once, here.
 * @module
 */

/** libxcb symbols. A cookie (`xcb_void_cookie_t`, `{ unsigned int sequence }`) travels as a u32. */
export const xcbSymbols = {
  // xcb_connection_t *xcb_connect(const char *displayname, int *screenp);
  xcb_connect: { parameters: ["buffer", "buffer"], result: "pointer" },
  // int xcb_connection_has_error(xcb_connection_t *c);
  xcb_connection_has_error: { parameters: ["pointer"], result: "i32" },
  // void xcb_disconnect(xcb_connection_t *c);
  xcb_disconnect: { parameters: ["pointer"], result: "void" },
  // const xcb_setup_t *xcb_get_setup(xcb_connection_t *c);
  xcb_get_setup: { parameters: ["pointer"], result: "pointer" },
  // xcb_screen_iterator_t xcb_setup_roots_iterator(const xcb_setup_t *R);
  xcb_setup_roots_iterator: {
    parameters: ["pointer"],
    result: { struct: ["pointer", "i32", "i32"] },
  },
  // void xcb_screen_next(xcb_screen_iterator_t *i);
  xcb_screen_next: { parameters: ["buffer"], result: "void" },
  // int xcb_get_file_descriptor(xcb_connection_t *c);
  xcb_get_file_descriptor: { parameters: ["pointer"], result: "i32" },
  // int xcb_flush(xcb_connection_t *c);
  xcb_flush: { parameters: ["pointer"], result: "i32" },
  // xcb_get_keyboard_mapping_cookie_t xcb_get_keyboard_mapping(xcb_connection_t *c,
  //     xcb_keycode_t first_keycode, uint8_t count);
  xcb_get_keyboard_mapping: { parameters: ["pointer", "u8", "u8"], result: "u32" },
  // xcb_get_keyboard_mapping_reply_t *xcb_get_keyboard_mapping_reply(xcb_connection_t *c,
  //     xcb_get_keyboard_mapping_cookie_t cookie, xcb_generic_error_t **e);
  xcb_get_keyboard_mapping_reply: { parameters: ["pointer", "u32", "buffer"], result: "pointer" },
  // xcb_void_cookie_t xcb_grab_key_checked(xcb_connection_t *c, uint8_t owner_events,
  //     xcb_window_t grab_window, uint16_t modifiers, xcb_keycode_t key, uint8_t pointer_mode,
  //     uint8_t keyboard_mode);
  xcb_grab_key_checked: {
    parameters: ["pointer", "u8", "u32", "u16", "u8", "u8", "u8"],
    result: "u32",
  },
  // xcb_void_cookie_t xcb_ungrab_key_checked(xcb_connection_t *c, xcb_keycode_t key,
  //     xcb_window_t grab_window, uint16_t modifiers);
  xcb_ungrab_key_checked: { parameters: ["pointer", "u8", "u32", "u16"], result: "u32" },
  // xcb_generic_error_t *xcb_request_check(xcb_connection_t *c, xcb_void_cookie_t cookie);
  xcb_request_check: { parameters: ["pointer", "u32"], result: "pointer" },
  // xcb_generic_event_t *xcb_poll_for_event(xcb_connection_t *c);
  xcb_poll_for_event: { parameters: ["pointer"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** Protocol constants used with {@linkcode xcbSymbols}. */
export const XCB = {
  /** Event types (the low 7 bits of `response_type`). */
  KeyPress: 2,
  KeyRelease: 3,
  /** Error code of a grab another client holds. */
  BadAccess: 10,
  /** `GrabModeAsync`. */
  GrabModeAsync: 1,
  /** Modifier masks of the core protocol. */
  ShiftMask: 1,
  LockMask: 2,
  ControlMask: 4,
  Mod1Mask: 8,
  Mod2Mask: 16,
  Mod4Mask: 64,
  /** Size of `xcb_setup_t` before its variable parts (min/max keycode at 34 and 35). */
  SetupMinKeycode: 34,
  SetupMaxKeycode: 35,
  /** Size of a reply header; the keyboard mapping's keysyms follow it. */
  ReplyHeader: 32,
} as const;
