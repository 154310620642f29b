/**
 * GTK 4 and WebKitGTK 6.0 symbols reached through the handles libwebview
 * exposes (`webview_get_window` → GtkWindow*, `webview_get_native_handle` →
 * WebKitWebView*). Linux only; other backends get their own tables.
 * @module
 */

/** libgtk-4 symbols. */
export const gtkSymbols = {
  // void gtk_window_destroy(GtkWindow *window);
  gtk_window_destroy: { parameters: ["pointer"], result: "void" },
  // void gtk_window_set_title(GtkWindow *window, const char *title);
  gtk_window_set_title: { parameters: ["pointer", "buffer"], result: "void" },
  // const char *gtk_window_get_title(GtkWindow *window);
  gtk_window_get_title: { parameters: ["pointer"], result: "pointer" },
  // void gtk_window_present(GtkWindow *window);
  gtk_window_present: { parameters: ["pointer"], result: "void" },
  // void gtk_window_set_hide_on_close(GtkWindow *window, gboolean setting);
  gtk_window_set_hide_on_close: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_widget_set_visible(GtkWidget *widget, gboolean visible);
  gtk_widget_set_visible: { parameters: ["pointer", "i32"], result: "void" },
  // gboolean gtk_widget_get_visible(GtkWidget *widget);
  gtk_widget_get_visible: { parameters: ["pointer"], result: "i32" },
  // int gtk_widget_get_width(GtkWidget *widget);
  gtk_widget_get_width: { parameters: ["pointer"], result: "i32" },
  // int gtk_widget_get_height(GtkWidget *widget);
  gtk_widget_get_height: { parameters: ["pointer"], result: "i32" },
  // void gtk_window_get_default_size(GtkWindow *window, int *width, int *height);
  gtk_window_get_default_size: { parameters: ["pointer", "buffer", "buffer"], result: "void" },
  // void gtk_window_close(GtkWindow *window);  (the same close request as the title bar's button)
  gtk_window_close: { parameters: ["pointer"], result: "void" },
  // GBytes *gdk_texture_save_to_png_bytes(GdkTexture *texture);
  gdk_texture_save_to_png_bytes: { parameters: ["pointer"], result: "pointer" },
  // gboolean gtk_window_is_active(GtkWindow *window);
  gtk_window_is_active: { parameters: ["pointer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libwebkitgtk-6.0 symbols. */
export const webkitSymbols = {
  // WebKitNetworkSession *webkit_web_view_get_network_session(WebKitWebView *web_view);
  webkit_web_view_get_network_session: { parameters: ["pointer"], result: "pointer" },
  // void webkit_web_view_get_snapshot(WebKitWebView *web_view, WebKitSnapshotRegion region,
  //     WebKitSnapshotOptions options, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  webkit_web_view_get_snapshot: {
    parameters: ["pointer", "i32", "i32", "pointer", "pointer", "pointer"],
    result: "void",
  },
  // GdkTexture *webkit_web_view_get_snapshot_finish(WebKitWebView *web_view, GAsyncResult *result, GError **error);
  webkit_web_view_get_snapshot_finish: {
    parameters: ["pointer", "pointer", "buffer"],
    result: "pointer",
  },
  // WebKitWebContext *webkit_web_view_get_context(WebKitWebView *web_view);
  webkit_web_view_get_context: { parameters: ["pointer"], result: "pointer" },
  // void webkit_web_view_load_uri(WebKitWebView *web_view, const gchar *uri);
  webkit_web_view_load_uri: { parameters: ["pointer", "buffer"], result: "void" },
  // void webkit_web_view_reload(WebKitWebView *web_view);
  webkit_web_view_reload: { parameters: ["pointer"], result: "void" },
  // const gchar *webkit_web_view_get_uri(WebKitWebView *web_view);
  webkit_web_view_get_uri: { parameters: ["pointer"], result: "pointer" },
  // void webkit_web_context_register_uri_scheme(WebKitWebContext *context, const gchar *scheme,
  //     WebKitURISchemeRequestCallback callback, gpointer user_data, GDestroyNotify user_data_destroy_func);
  webkit_web_context_register_uri_scheme: {
    parameters: ["pointer", "buffer", "pointer", "pointer", "pointer"],
    result: "void",
  },
  // WebKitSecurityManager *webkit_web_context_get_security_manager(WebKitWebContext *context);
  webkit_web_context_get_security_manager: { parameters: ["pointer"], result: "pointer" },
  // void webkit_security_manager_register_uri_scheme_as_secure(WebKitSecurityManager *m, const gchar *scheme);
  webkit_security_manager_register_uri_scheme_as_secure: {
    parameters: ["pointer", "buffer"],
    result: "void",
  },
  // void webkit_security_manager_register_uri_scheme_as_cors_enabled(WebKitSecurityManager *m, const gchar *scheme);
  webkit_security_manager_register_uri_scheme_as_cors_enabled: {
    parameters: ["pointer", "buffer"],
    result: "void",
  },
  // const gchar *webkit_uri_scheme_request_get_uri(WebKitURISchemeRequest *request);
  webkit_uri_scheme_request_get_uri: { parameters: ["pointer"], result: "pointer" },
  // WebKitWebView *webkit_uri_scheme_request_get_web_view(WebKitURISchemeRequest *request);
  webkit_uri_scheme_request_get_web_view: { parameters: ["pointer"], result: "pointer" },
  // void webkit_uri_scheme_request_finish(WebKitURISchemeRequest *request, GInputStream *stream,
  //     gint64 stream_length, const gchar *content_type);
  webkit_uri_scheme_request_finish: {
    parameters: ["pointer", "pointer", "i64", "buffer"],
    result: "void",
  },
} as const satisfies Deno.ForeignLibraryInterface;
