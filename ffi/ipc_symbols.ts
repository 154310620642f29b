/**
 * Symbols for the `panes://` IPC fast path: reading POST bodies and headers
 * of custom-scheme requests (WebKitGTK ≥ 2.40, libsoup 3).
 * @module
 */

/** libwebkitgtk-6.0 request accessors. */
export const ipcWebkitSymbols = {
  // const gchar *webkit_uri_scheme_request_get_http_method(WebKitURISchemeRequest *request);
  webkit_uri_scheme_request_get_http_method: { parameters: ["pointer"], result: "pointer" },
  // SoupMessageHeaders *webkit_uri_scheme_request_get_http_headers(WebKitURISchemeRequest *request);
  webkit_uri_scheme_request_get_http_headers: { parameters: ["pointer"], result: "pointer" },
  // GInputStream *webkit_uri_scheme_request_get_http_body(WebKitURISchemeRequest *request);  (transfer full)
  webkit_uri_scheme_request_get_http_body: { parameters: ["pointer"], result: "pointer" },
  // const char *webkit_uri_scheme_request_get_path(WebKitURISchemeRequest *request);
  webkit_uri_scheme_request_get_path: { parameters: ["pointer"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libsoup-3.0 header lookup. */
export const soupSymbols = {
  // const char *soup_message_headers_get_one(SoupMessageHeaders *hdrs, const char *name);
  soup_message_headers_get_one: { parameters: ["pointer", "buffer"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libgio-2.0 stream reading. */
export const ipcGioSymbols = {
  // gboolean g_input_stream_read_all(GInputStream *stream, void *buffer, gsize count, gsize *bytes_read,
  //     GCancellable *cancellable, GError **error);
  g_input_stream_read_all: {
    parameters: ["pointer", "buffer", "usize", "buffer", "pointer", "buffer"],
    result: "i32",
  },
} as const satisfies Deno.ForeignLibraryInterface;
