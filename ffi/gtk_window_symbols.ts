/**
 * GTK 4 / GDK, WebKitGTK 6.0 and GObject symbols for window control
 * (state, size, position, appearance, zoom, devtools). Kept apart from the
 * core tables so the window layer can be swapped per platform.
 * Everything here exists in GTK 4.8; nothing is 4.10+.
 * @module
 */

/** libgtk-4 (GTK + GDK, including GDK's X11 backend) symbols for window control. */
export const gtkWindowSymbols = {
  // void gtk_window_set_default_size(GtkWindow *window, int width, int height);
  gtk_window_set_default_size: { parameters: ["pointer", "i32", "i32"], result: "void" },
  // void gtk_window_maximize(GtkWindow *window);
  gtk_window_maximize: { parameters: ["pointer"], result: "void" },
  // void gtk_window_unmaximize(GtkWindow *window);
  gtk_window_unmaximize: { parameters: ["pointer"], result: "void" },
  // void gtk_window_minimize(GtkWindow *window);
  gtk_window_minimize: { parameters: ["pointer"], result: "void" },
  // void gtk_window_unminimize(GtkWindow *window);
  gtk_window_unminimize: { parameters: ["pointer"], result: "void" },
  // void gtk_window_fullscreen(GtkWindow *window);
  gtk_window_fullscreen: { parameters: ["pointer"], result: "void" },
  // void gtk_window_unfullscreen(GtkWindow *window);
  gtk_window_unfullscreen: { parameters: ["pointer"], result: "void" },
  // gboolean gtk_window_is_maximized(GtkWindow *window);
  gtk_window_is_maximized: { parameters: ["pointer"], result: "i32" },
  // gboolean gtk_window_is_fullscreen(GtkWindow *window);
  gtk_window_is_fullscreen: { parameters: ["pointer"], result: "i32" },
  // void gtk_window_set_decorated(GtkWindow *window, gboolean setting);
  gtk_window_set_decorated: { parameters: ["pointer", "i32"], result: "void" },
  // gboolean gtk_window_get_decorated(GtkWindow *window);
  gtk_window_get_decorated: { parameters: ["pointer"], result: "i32" },
  // void gtk_window_set_resizable(GtkWindow *window, gboolean resizable);
  gtk_window_set_resizable: { parameters: ["pointer", "i32"], result: "void" },
  // gboolean gtk_window_get_resizable(GtkWindow *window);
  gtk_window_get_resizable: { parameters: ["pointer"], result: "i32" },
  // void gtk_widget_set_size_request(GtkWidget *widget, int width, int height);
  gtk_widget_set_size_request: { parameters: ["pointer", "i32", "i32"], result: "void" },
  // void gtk_widget_get_size_request(GtkWidget *widget, int *width, int *height);
  gtk_widget_get_size_request: { parameters: ["pointer", "buffer", "buffer"], result: "void" },
  // int gtk_widget_get_scale_factor(GtkWidget *widget);
  gtk_widget_get_scale_factor: { parameters: ["pointer"], result: "i32" },
  // void gtk_widget_realize(GtkWidget *widget);
  gtk_widget_realize: { parameters: ["pointer"], result: "void" },
  // gboolean gtk_widget_get_mapped(GtkWidget *widget);
  gtk_widget_get_mapped: { parameters: ["pointer"], result: "i32" },
  // void gtk_widget_queue_resize(GtkWidget *widget);
  gtk_widget_queue_resize: { parameters: ["pointer"], result: "void" },
  // GdkDisplay *gtk_widget_get_display(GtkWidget *widget);
  gtk_widget_get_display: { parameters: ["pointer"], result: "pointer" },
  // GdkSurface *gtk_native_get_surface(GtkNative *self);
  gtk_native_get_surface: { parameters: ["pointer"], result: "pointer" },
  // GdkToplevelState gdk_toplevel_get_state(GdkToplevel *toplevel);
  gdk_toplevel_get_state: { parameters: ["pointer"], result: "u32" },
  // void gdk_toplevel_size_set_size(GdkToplevelSize *size, int width, int height);
  gdk_toplevel_size_set_size: { parameters: ["pointer", "i32", "i32"], result: "void" },
  // GdkMonitor *gdk_display_get_monitor_at_surface(GdkDisplay *display, GdkSurface *surface);
  gdk_display_get_monitor_at_surface: { parameters: ["pointer", "pointer"], result: "pointer" },
  // GListModel *gdk_display_get_monitors(GdkDisplay *self);
  gdk_display_get_monitors: { parameters: ["pointer"], result: "pointer" },
  // void gdk_monitor_get_geometry(GdkMonitor *monitor, GdkRectangle *geometry);
  gdk_monitor_get_geometry: { parameters: ["pointer", "buffer"], result: "void" },
  // GType gdk_x11_display_get_type(void);
  gdk_x11_display_get_type: { parameters: [], result: "usize" },
  // Display *gdk_x11_display_get_xdisplay(GdkDisplay *display);
  gdk_x11_display_get_xdisplay: { parameters: ["pointer"], result: "pointer" },
  // Window gdk_x11_display_get_xrootwindow(GdkDisplay *display);
  gdk_x11_display_get_xrootwindow: { parameters: ["pointer"], result: "u64" },
  // GdkX11Screen *gdk_x11_display_get_screen(GdkDisplay *display);
  gdk_x11_display_get_screen: { parameters: ["pointer"], result: "pointer" },
  // gboolean gdk_x11_screen_supports_net_wm_hint(GdkX11Screen *screen, const char *property_name);
  gdk_x11_screen_supports_net_wm_hint: { parameters: ["pointer", "buffer"], result: "i32" },
  // Window gdk_x11_surface_get_xid(GdkSurface *surface);
  gdk_x11_surface_get_xid: { parameters: ["pointer"], result: "u64" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libwebkitgtk-6.0 symbols for the page's appearance, zoom and the inspector. */
export const webkitWindowSymbols = {
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
} as const satisfies Deno.ForeignLibraryInterface;

/** libgobject-2.0 symbols for window control. */
export const gobjectWindowSymbols = {
  // gboolean g_type_check_instance_is_a(GTypeInstance *instance, GType iface_type);
  g_type_check_instance_is_a: { parameters: ["pointer", "usize"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** GdkToplevelState bits (gdktoplevel.h). */
export const ToplevelState = {
  Minimized: 1 << 0,
  Maximized: 1 << 1,
  Sticky: 1 << 2,
  Fullscreen: 1 << 3,
  Above: 1 << 4,
  Below: 1 << 5,
  Focused: 1 << 6,
} as const;

/** libgio-2.0 symbols for walking GDK's monitor list. */
export const gioWindowSymbols = {
  // guint g_list_model_get_n_items(GListModel *list);
  g_list_model_get_n_items: { parameters: ["pointer"], result: "u32" },
  // gpointer g_list_model_get_item(GListModel *list, guint position);
  g_list_model_get_item: { parameters: ["pointer", "u32"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;
