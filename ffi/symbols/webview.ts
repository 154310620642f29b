/**
 * The complete libwebview 0.12 C API (webview/webview `webview.h`) as one
 * Deno FFI table. Every function that returns `webview_error_t` is declared
 * as `i32` so callers can turn a non-zero code into a thrown error.
 * @module
 */

/** libwebview's symbols, with the C signature of each entry beside it. */
export const webviewSymbols = {
  // webview_t webview_create(int debug, void *window);
  webview_create: { parameters: ["i32", "pointer"], result: "pointer" },
  // webview_error_t webview_destroy(webview_t w);
  webview_destroy: { parameters: ["pointer"], result: "i32" },
  // webview_error_t webview_run(webview_t w);  (never used: the UI thread iterates the GLib loop itself)
  webview_run: { parameters: ["pointer"], result: "i32" },
  // webview_error_t webview_terminate(webview_t w);
  webview_terminate: { parameters: ["pointer"], result: "i32" },
  // webview_error_t webview_dispatch(webview_t w, void (*fn)(webview_t w, void *arg), void *arg);
  webview_dispatch: { parameters: ["pointer", "function", "pointer"], result: "i32" },
  // void *webview_get_window(webview_t w);
  webview_get_window: { parameters: ["pointer"], result: "pointer" },
  // void *webview_get_native_handle(webview_t w, webview_native_handle_kind_t kind);
  webview_get_native_handle: { parameters: ["pointer", "i32"], result: "pointer" },
  // webview_error_t webview_set_title(webview_t w, const char *title);
  webview_set_title: { parameters: ["pointer", "buffer"], result: "i32" },
  // webview_error_t webview_set_size(webview_t w, int width, int height, webview_hint_t hints);
  webview_set_size: { parameters: ["pointer", "i32", "i32", "i32"], result: "i32" },
  // webview_error_t webview_navigate(webview_t w, const char *url);
  webview_navigate: { parameters: ["pointer", "buffer"], result: "i32" },
  // webview_error_t webview_set_html(webview_t w, const char *html);
  webview_set_html: { parameters: ["pointer", "buffer"], result: "i32" },
  // webview_error_t webview_init(webview_t w, const char *js);
  webview_init: { parameters: ["pointer", "buffer"], result: "i32" },
  // webview_error_t webview_eval(webview_t w, const char *js);
  webview_eval: { parameters: ["pointer", "buffer"], result: "i32" },
  // webview_error_t webview_bind(webview_t w, const char *name,
  //     void (*fn)(const char *id, const char *req, void *arg), void *arg);
  webview_bind: { parameters: ["pointer", "buffer", "function", "pointer"], result: "i32" },
  // webview_error_t webview_unbind(webview_t w, const char *name);
  webview_unbind: { parameters: ["pointer", "buffer"], result: "i32" },
  // webview_error_t webview_return(webview_t w, const char *id, int status, const char *result);
  webview_return: { parameters: ["pointer", "buffer", "i32", "buffer"], result: "i32" },
  // const webview_version_info_t *webview_version(void);
  webview_version: { parameters: [], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The loaded libwebview library. */
export type WebviewLibrary = Deno.DynamicLibrary<typeof webviewSymbols>;

/** `webview_native_handle_kind_t`. */
export const NativeHandleKind = {
  /** The top-level window (GtkWindow* on Linux). */
  UiWindow: 0,
  /** The browser widget (GtkWidget* on Linux). */
  UiWidget: 1,
  /** The browser controller (WebKitWebView* on Linux). */
  BrowserController: 2,
} as const;

/** `webview_hint_t`. */
export const SizeHint = { None: 0, Min: 1, Max: 2, Fixed: 3 } as const;
