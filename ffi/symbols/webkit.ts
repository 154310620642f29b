/**
 * libwebkitgtk-6.0: pages, snapshots, the panes:// scheme, appearance, the inspector.
 * Reached through the handles libwebview exposes (`webview_get_native_handle` → WebKitWebView*).
 * Each symbol is declared once, here; each isolate binds what it calls on first use
 * (ffi/system_libs.ts).
 * @module
 */

/** The symbols, with the C signature of each entry beside it. */
export const webkitSymbols = {
  // ── Pages, snapshots and the panes:// scheme ──
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

  // ── Answers with a status (the frontend folder and the asset: protocol: 403/404) ──
  // WebKitURISchemeResponse *webkit_uri_scheme_response_new(GInputStream *stream, gint64 stream_length);
  webkit_uri_scheme_response_new: { parameters: ["pointer", "i64"], result: "pointer" },
  // void webkit_uri_scheme_response_set_status(WebKitURISchemeResponse *r, guint status_code, const gchar *reason_phrase);
  webkit_uri_scheme_response_set_status: {
    parameters: ["pointer", "u32", "buffer"],
    result: "void",
  },
  // void webkit_uri_scheme_response_set_content_type(WebKitURISchemeResponse *r, const gchar *content_type);
  webkit_uri_scheme_response_set_content_type: {
    parameters: ["pointer", "buffer"],
    result: "void",
  },
  // void webkit_uri_scheme_response_set_http_headers(WebKitURISchemeResponse *r, SoupMessageHeaders *headers);  (transfer full)
  webkit_uri_scheme_response_set_http_headers: {
    parameters: ["pointer", "pointer"],
    result: "void",
  },
  // void webkit_uri_scheme_request_finish_with_response(WebKitURISchemeRequest *request, WebKitURISchemeResponse *response);
  webkit_uri_scheme_request_finish_with_response: {
    parameters: ["pointer", "pointer"],
    result: "void",
  },

  // ── Webviews: browsing data and printing (Tauri's core webview plugin) ──
  // WebKitWebsiteDataManager *webkit_network_session_get_website_data_manager(WebKitNetworkSession *s);
  webkit_network_session_get_website_data_manager: {
    parameters: ["pointer"],
    result: "pointer",
  },
  // void webkit_website_data_manager_clear(WebKitWebsiteDataManager *m, WebKitWebsiteDataTypes types,
  //     GTimeSpan timespan, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  webkit_website_data_manager_clear: {
    parameters: ["pointer", "u32", "i64", "pointer", "pointer", "pointer"],
    result: "void",
  },
  // gboolean webkit_website_data_manager_clear_finish(WebKitWebsiteDataManager *m, GAsyncResult *r, GError **error);
  webkit_website_data_manager_clear_finish: {
    parameters: ["pointer", "pointer", "buffer"],
    result: "i32",
  },
  // WebKitPrintOperation *webkit_print_operation_new(WebKitWebView *web_view);
  webkit_print_operation_new: { parameters: ["pointer"], result: "pointer" },
  // GtkPrintSettings *webkit_print_operation_get_print_settings(WebKitPrintOperation *op);  (none)
  webkit_print_operation_get_print_settings: { parameters: ["pointer"], result: "pointer" },
  // void webkit_print_operation_set_print_settings(WebKitPrintOperation *op, GtkPrintSettings *s);
  webkit_print_operation_set_print_settings: { parameters: ["pointer", "pointer"], result: "void" },
  // void webkit_print_operation_set_page_setup(WebKitPrintOperation *op, GtkPageSetup *setup);
  webkit_print_operation_set_page_setup: { parameters: ["pointer", "pointer"], result: "void" },
  // void webkit_print_operation_print(WebKitPrintOperation *op);  (no dialog)
  webkit_print_operation_print: { parameters: ["pointer"], result: "void" },

  // ── Request bodies and headers of the IPC fast path (WebKitGTK ≥ 2.40) ──
  // const gchar *webkit_uri_scheme_request_get_http_method(WebKitURISchemeRequest *request);
  webkit_uri_scheme_request_get_http_method: { parameters: ["pointer"], result: "pointer" },
  // SoupMessageHeaders *webkit_uri_scheme_request_get_http_headers(WebKitURISchemeRequest *request);
  webkit_uri_scheme_request_get_http_headers: { parameters: ["pointer"], result: "pointer" },
  // GInputStream *webkit_uri_scheme_request_get_http_body(WebKitURISchemeRequest *request);  (transfer full)
  webkit_uri_scheme_request_get_http_body: { parameters: ["pointer"], result: "pointer" },
  // const char *webkit_uri_scheme_request_get_path(WebKitURISchemeRequest *request);
  webkit_uri_scheme_request_get_path: { parameters: ["pointer"], result: "pointer" },

  // ── Window control: appearance, zoom and the inspector ──
  // void webkit_web_view_set_background_color(WebKitWebView *web_view, const GdkRGBA *rgba);
  webkit_web_view_set_background_color: { parameters: ["pointer", "buffer"], result: "void" },
  // void webkit_web_view_get_background_color(WebKitWebView *web_view, GdkRGBA *rgba);
  webkit_web_view_get_background_color: { parameters: ["pointer", "buffer"], result: "void" },
  // void webkit_web_view_set_zoom_level(WebKitWebView *web_view, gdouble zoom_level);
  webkit_web_view_set_zoom_level: { parameters: ["pointer", "f64"], result: "void" },
  // gdouble webkit_web_view_get_zoom_level(WebKitWebView *web_view);
  webkit_web_view_get_zoom_level: { parameters: ["pointer"], result: "f64" },
  // WebKitSettings *webkit_web_view_get_settings(WebKitWebView *web_view);
  webkit_web_view_get_settings: { parameters: ["pointer"], result: "pointer" },
  // void webkit_settings_set_enable_developer_extras(WebKitSettings *settings, gboolean enabled);
  webkit_settings_set_enable_developer_extras: { parameters: ["pointer", "i32"], result: "void" },
  // WebKitWebInspector *webkit_web_view_get_inspector(WebKitWebView *web_view);
  webkit_web_view_get_inspector: { parameters: ["pointer"], result: "pointer" },
  // void webkit_web_inspector_show(WebKitWebInspector *inspector);
  webkit_web_inspector_show: { parameters: ["pointer"], result: "void" },
  // void webkit_web_inspector_close(WebKitWebInspector *inspector);
  webkit_web_inspector_close: { parameters: ["pointer"], result: "void" },
  // WebKitWebViewBase *webkit_web_inspector_get_web_view(WebKitWebInspector *inspector);  (NULL while closed)
  webkit_web_inspector_get_web_view: { parameters: ["pointer"], result: "pointer" },

  // ── Editing commands of the predefined copy/cut/paste items ──
  // void webkit_web_view_execute_editing_command(WebKitWebView *web_view, const gchar *command);
  webkit_web_view_execute_editing_command: { parameters: ["pointer", "buffer"], result: "void" },

  // ── WebDriver automation (ffi/ui/automation.ts) ──
  // GType webkit_web_view_get_type(void);
  webkit_web_view_get_type: { parameters: [], result: "usize" },
  // gboolean webkit_web_view_is_controlled_by_automation(WebKitWebView *web_view);
  webkit_web_view_is_controlled_by_automation: { parameters: ["pointer"], result: "i32" },
  // void webkit_web_context_set_automation_allowed(WebKitWebContext *context, gboolean allowed);
  webkit_web_context_set_automation_allowed: { parameters: ["pointer", "i32"], result: "void" },
  // gboolean webkit_web_context_is_automation_allowed(WebKitWebContext *context);
  webkit_web_context_is_automation_allowed: { parameters: ["pointer"], result: "i32" },
  // WebKitWebContext *webkit_web_context_get_default(void);
  webkit_web_context_get_default: { parameters: [], result: "pointer" },
  // WebKitApplicationInfo *webkit_application_info_new(void);
  webkit_application_info_new: { parameters: [], result: "pointer" },
  // void webkit_application_info_set_name(WebKitApplicationInfo *info, const gchar *name);
  webkit_application_info_set_name: { parameters: ["pointer", "buffer"], result: "void" },
  // void webkit_application_info_unref(WebKitApplicationInfo *info);
  webkit_application_info_unref: { parameters: ["pointer"], result: "void" },
  // void webkit_automation_session_set_application_info(WebKitAutomationSession *session,
  //     WebKitApplicationInfo *info);
  webkit_automation_session_set_application_info: {
    parameters: ["pointer", "pointer"],
    result: "void",
  },
} as const satisfies Deno.ForeignLibraryInterface;
