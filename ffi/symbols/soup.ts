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
} as const satisfies Deno.ForeignLibraryInterface;
