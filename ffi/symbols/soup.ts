/**
 * libsoup-3.0: header lookup for the IPC fast path.
 * Each symbol is declared once, here; each isolate binds what it calls on first use
 * (ffi/system_libs.ts).
 * @module
 */

/** The symbols, with the C signature of each entry beside it. */
export const soupSymbols = {
  // const char *soup_message_headers_get_one(SoupMessageHeaders *hdrs, const char *name);
  soup_message_headers_get_one: { parameters: ["pointer", "buffer"], result: "pointer" },
  // SoupMessageHeaders *soup_message_headers_new(SoupMessageHeadersType type);  (1: response)
  soup_message_headers_new: { parameters: ["i32"], result: "pointer" },
  // void soup_message_headers_append(SoupMessageHeaders *hdrs, const char *name, const char *value);
  soup_message_headers_append: { parameters: ["pointer", "buffer", "buffer"], result: "void" },
} as const satisfies Deno.ForeignLibraryInterface;
