/**
 * libgtk-4 (GTK and GDK, with GDK's X11 backend): windows, window control, menus,
 * clipboard, dialogs. Everything here exists in GTK 4.8; nothing is 4.10+.
 * Each symbol is declared once, here; each isolate binds what it calls on first use
 * (ffi/system_libs.ts).
 * @module
 */

/** The symbols, with the C signature of each entry beside it. */
export const gtkSymbols = {
  // ── Windows as the UI thread creates, shows and closes them ──
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
  // gboolean gtk_widget_grab_focus(GtkWidget *widget);
  gtk_widget_grab_focus: { parameters: ["pointer"], result: "i32" },
  // gboolean gtk_widget_has_focus(GtkWidget *widget);
  gtk_widget_has_focus: { parameters: ["pointer"], result: "i32" },
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

  // ── Window control: state, size, position, monitors, GDK's X11 backend (GTK 4.8) ──
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
  // GtkSettings *gtk_settings_get_default(void);
  gtk_settings_get_default: { parameters: [], result: "pointer" },
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

  // ── Menus: menu bar, popovers, shortcuts, the about dialog ──
  // GtkWidget *gtk_popover_menu_bar_new_from_model(GMenuModel *model);
  gtk_popover_menu_bar_new_from_model: { parameters: ["pointer"], result: "pointer" },
  // GtkWidget *gtk_popover_menu_new_from_model(GMenuModel *model);
  gtk_popover_menu_new_from_model: { parameters: ["pointer"], result: "pointer" },
  // GtkWidget *gtk_box_new(GtkOrientation orientation, int spacing);
  gtk_box_new: { parameters: ["i32", "i32"], result: "pointer" },
  // void gtk_box_append(GtkBox *box, GtkWidget *child);
  gtk_box_append: { parameters: ["pointer", "pointer"], result: "void" },
  // void gtk_box_prepend(GtkBox *box, GtkWidget *child);
  gtk_box_prepend: { parameters: ["pointer", "pointer"], result: "void" },
  // void gtk_box_remove(GtkBox *box, GtkWidget *child);
  gtk_box_remove: { parameters: ["pointer", "pointer"], result: "void" },
  // void gtk_window_set_child(GtkWindow *window, GtkWidget *child);
  gtk_window_set_child: { parameters: ["pointer", "pointer"], result: "void" },
  // GtkWidget *gtk_window_get_child(GtkWindow *window);
  gtk_window_get_child: { parameters: ["pointer"], result: "pointer" },
  // void gtk_widget_set_vexpand(GtkWidget *widget, gboolean expand);
  gtk_widget_set_vexpand: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_widget_set_hexpand(GtkWidget *widget, gboolean expand);
  gtk_widget_set_hexpand: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_widget_insert_action_group(GtkWidget *widget, const char *name, GActionGroup *group);
  gtk_widget_insert_action_group: { parameters: ["pointer", "buffer", "pointer"], result: "void" },
  // void gtk_widget_set_parent(GtkWidget *widget, GtkWidget *parent);
  gtk_widget_set_parent: { parameters: ["pointer", "pointer"], result: "void" },
  // void gtk_widget_unparent(GtkWidget *widget);
  gtk_widget_unparent: { parameters: ["pointer"], result: "void" },
  // GtkWidget *gtk_widget_get_parent(GtkWidget *widget);
  gtk_widget_get_parent: { parameters: ["pointer"], result: "pointer" },
  // void gtk_widget_add_controller(GtkWidget *widget, GtkEventController *controller);
  gtk_widget_add_controller: { parameters: ["pointer", "pointer"], result: "void" },
  // void gtk_widget_remove_controller(GtkWidget *widget, GtkEventController *controller);
  gtk_widget_remove_controller: { parameters: ["pointer", "pointer"], result: "void" },
  // GtkEventController *gtk_shortcut_controller_new(void);
  gtk_shortcut_controller_new: { parameters: [], result: "pointer" },
  // void gtk_shortcut_controller_add_shortcut(GtkShortcutController *self, GtkShortcut *shortcut);
  gtk_shortcut_controller_add_shortcut: { parameters: ["pointer", "pointer"], result: "void" },
  // ── File drops (tauri://drag-*: ffi/ui/tauri_file_drop.ts) ──
  // GtkDropTarget *gtk_drop_target_new(GType type, GdkDragAction actions);
  gtk_drop_target_new: { parameters: ["usize", "i32"], result: "pointer" },
  // void gtk_drop_target_set_preload(GtkDropTarget *self, gboolean preload);
  gtk_drop_target_set_preload: { parameters: ["pointer", "i32"], result: "void" },
  // const GValue *gtk_drop_target_get_value(GtkDropTarget *self);
  gtk_drop_target_get_value: { parameters: ["pointer"], result: "pointer" },
  // GType gdk_file_list_get_type(void);
  gdk_file_list_get_type: { parameters: [], result: "usize" },
  // GSList *gdk_file_list_get_files(GdkFileList *file_list);  (transfer container)
  gdk_file_list_get_files: { parameters: ["pointer"], result: "pointer" },
  // void gtk_event_controller_set_propagation_phase(GtkEventController *controller, GtkPropagationPhase phase);
  gtk_event_controller_set_propagation_phase: { parameters: ["pointer", "i32"], result: "void" },
  // GtkShortcut *gtk_shortcut_new(GtkShortcutTrigger *trigger, GtkShortcutAction *action);
  gtk_shortcut_new: { parameters: ["pointer", "pointer"], result: "pointer" },
  // GtkShortcutTrigger *gtk_shortcut_trigger_parse_string(const char *string);
  gtk_shortcut_trigger_parse_string: { parameters: ["buffer"], result: "pointer" },
  // GtkShortcutAction *gtk_callback_action_new(GtkShortcutFunc callback, gpointer data, GDestroyNotify destroy);
  gtk_callback_action_new: { parameters: ["pointer", "pointer", "pointer"], result: "pointer" },
  // void gtk_popover_set_pointing_to(GtkPopover *popover, const GdkRectangle *rect);
  gtk_popover_set_pointing_to: { parameters: ["pointer", "buffer"], result: "void" },
  // void gtk_popover_set_has_arrow(GtkPopover *popover, gboolean has_arrow);
  gtk_popover_set_has_arrow: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_popover_set_position(GtkPopover *popover, GtkPositionType position);
  gtk_popover_set_position: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_popover_popup(GtkPopover *popover);
  gtk_popover_popup: { parameters: ["pointer"], result: "void" },
  // void gtk_popover_popdown(GtkPopover *popover);
  gtk_popover_popdown: { parameters: ["pointer"], result: "void" },
  // void gtk_window_set_transient_for(GtkWindow *window, GtkWindow *parent);
  gtk_window_set_transient_for: { parameters: ["pointer", "pointer"], result: "void" },
  // void gtk_window_set_modal(GtkWindow *window, gboolean modal);
  gtk_window_set_modal: { parameters: ["pointer", "i32"], result: "void" },

  // ── The print dialog, shown without a nested loop (ffi/ui/print_dialog.ts) ──
  // GtkWidget *gtk_print_unix_dialog_new(const char *title, GtkWindow *parent);
  gtk_print_unix_dialog_new: { parameters: ["buffer", "pointer"], result: "pointer" },
  // void gtk_print_unix_dialog_set_embed_page_setup(GtkPrintUnixDialog *dialog, gboolean embed);
  gtk_print_unix_dialog_set_embed_page_setup: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_print_unix_dialog_set_manual_capabilities(GtkPrintUnixDialog *d, GtkPrintCapabilities c);
  gtk_print_unix_dialog_set_manual_capabilities: {
    parameters: ["pointer", "i32"],
    result: "void",
  },
  // void gtk_print_unix_dialog_set_settings(GtkPrintUnixDialog *dialog, GtkPrintSettings *settings);
  gtk_print_unix_dialog_set_settings: { parameters: ["pointer", "pointer"], result: "void" },
  // GtkPrintSettings *gtk_print_unix_dialog_get_settings(GtkPrintUnixDialog *dialog);  (transfer full)
  gtk_print_unix_dialog_get_settings: { parameters: ["pointer"], result: "pointer" },
  // GtkPageSetup *gtk_print_unix_dialog_get_page_setup(GtkPrintUnixDialog *dialog);  (transfer none)
  gtk_print_unix_dialog_get_page_setup: { parameters: ["pointer"], result: "pointer" },
  // void gtk_window_set_destroy_with_parent(GtkWindow *window, gboolean setting);
  gtk_window_set_destroy_with_parent: { parameters: ["pointer", "i32"], result: "void" },
  // GType gdk_x11_surface_get_type(void);
  gdk_x11_surface_get_type: { parameters: [], result: "usize" },
  // GtkWidget *gtk_about_dialog_new(void);
  gtk_about_dialog_new: { parameters: [], result: "pointer" },
  // void gtk_about_dialog_set_program_name(GtkAboutDialog *about, const char *name);
  gtk_about_dialog_set_program_name: { parameters: ["pointer", "buffer"], result: "void" },
  // void gtk_about_dialog_set_version(GtkAboutDialog *about, const char *version);
  gtk_about_dialog_set_version: { parameters: ["pointer", "buffer"], result: "void" },
  // void gtk_about_dialog_set_comments(GtkAboutDialog *about, const char *comments);
  gtk_about_dialog_set_comments: { parameters: ["pointer", "buffer"], result: "void" },
  // void gtk_about_dialog_set_copyright(GtkAboutDialog *about, const char *copyright);
  gtk_about_dialog_set_copyright: { parameters: ["pointer", "buffer"], result: "void" },
  // void gtk_about_dialog_set_website(GtkAboutDialog *about, const char *website);
  gtk_about_dialog_set_website: { parameters: ["pointer", "buffer"], result: "void" },

  // ── Clipboard and dialogs (the 4.10+ dialog APIs are not used) ──
  // GdkDisplay *gdk_display_get_default(void);
  gdk_display_get_default: { parameters: [], result: "pointer" },
  // GdkClipboard *gdk_display_get_clipboard(GdkDisplay *display);
  gdk_display_get_clipboard: { parameters: ["pointer"], result: "pointer" },
  // void gdk_clipboard_set_text(GdkClipboard *clipboard, const char *text);
  gdk_clipboard_set_text: { parameters: ["pointer", "buffer"], result: "void" },
  // GdkTexture *gdk_texture_new_from_bytes(GBytes *bytes, GError **error); (GTK 4.6: PNG, JPEG, TIFF)
  gdk_texture_new_from_bytes: { parameters: ["pointer", "buffer"], result: "pointer" },
  // void gdk_clipboard_set_texture(GdkClipboard *clipboard, GdkTexture *texture);
  gdk_clipboard_set_texture: { parameters: ["pointer", "pointer"], result: "void" },
  // gboolean gdk_clipboard_set_content(GdkClipboard *clipboard, GdkContentProvider *provider);
  gdk_clipboard_set_content: { parameters: ["pointer", "pointer"], result: "i32" },
  // void gdk_clipboard_read_text_async(GdkClipboard *clipboard, GCancellable *cancellable,
  //     GAsyncReadyCallback callback, gpointer user_data);
  gdk_clipboard_read_text_async: {
    parameters: ["pointer", "pointer", "pointer", "pointer"],
    result: "void",
  },
  // char *gdk_clipboard_read_text_finish(GdkClipboard *clipboard, GAsyncResult *result, GError **error);
  gdk_clipboard_read_text_finish: {
    parameters: ["pointer", "pointer", "buffer"],
    result: "pointer",
  },
  // void gdk_clipboard_read_texture_async(GdkClipboard *clipboard, GCancellable *cancellable,
  //     GAsyncReadyCallback callback, gpointer user_data);
  gdk_clipboard_read_texture_async: {
    parameters: ["pointer", "pointer", "pointer", "pointer"],
    result: "void",
  },
  // GdkTexture *gdk_clipboard_read_texture_finish(GdkClipboard *clipboard, GAsyncResult *result,
  //     GError **error);
  gdk_clipboard_read_texture_finish: {
    parameters: ["pointer", "pointer", "buffer"],
    result: "pointer",
  },
  // GdkContentProvider *gdk_content_provider_new_for_bytes(const char *mime_type, GBytes *bytes);
  gdk_content_provider_new_for_bytes: { parameters: ["buffer", "pointer"], result: "pointer" },
  // GdkContentProvider *gdk_content_provider_new_union(GdkContentProvider **providers, gsize n_providers);
  gdk_content_provider_new_union: { parameters: ["buffer", "usize"], result: "pointer" },
  // GtkFileChooserNative *gtk_file_chooser_native_new(const char *title, GtkWindow *parent,
  //     GtkFileChooserAction action, const char *accept_label, const char *cancel_label);
  gtk_file_chooser_native_new: {
    parameters: ["buffer", "pointer", "i32", "buffer", "buffer"],
    result: "pointer",
  },
  // void gtk_native_dialog_show(GtkNativeDialog *self);
  gtk_native_dialog_show: { parameters: ["pointer"], result: "void" },
  // void gtk_native_dialog_set_modal(GtkNativeDialog *self, gboolean modal);
  gtk_native_dialog_set_modal: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_native_dialog_destroy(GtkNativeDialog *self);
  gtk_native_dialog_destroy: { parameters: ["pointer"], result: "void" },
  // GListModel *gtk_file_chooser_get_files(GtkFileChooser *chooser);
  gtk_file_chooser_get_files: { parameters: ["pointer"], result: "pointer" },
  // void gtk_file_chooser_set_select_multiple(GtkFileChooser *chooser, gboolean select_multiple);
  gtk_file_chooser_set_select_multiple: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_file_chooser_set_create_folders(GtkFileChooser *chooser, gboolean create_folders);
  gtk_file_chooser_set_create_folders: { parameters: ["pointer", "i32"], result: "void" },
  // gboolean gtk_file_chooser_set_current_folder(GtkFileChooser *chooser, GFile *file, GError **error);
  gtk_file_chooser_set_current_folder: {
    parameters: ["pointer", "pointer", "pointer"],
    result: "i32",
  },
  // void gtk_file_chooser_set_current_name(GtkFileChooser *chooser, const char *name);
  gtk_file_chooser_set_current_name: { parameters: ["pointer", "buffer"], result: "void" },
  // void gtk_file_chooser_add_filter(GtkFileChooser *chooser, GtkFileFilter *filter);
  gtk_file_chooser_add_filter: { parameters: ["pointer", "pointer"], result: "void" },
  // GtkFileFilter *gtk_file_filter_new(void);
  gtk_file_filter_new: { parameters: [], result: "pointer" },
  // void gtk_file_filter_set_name(GtkFileFilter *filter, const char *name);
  gtk_file_filter_set_name: { parameters: ["pointer", "buffer"], result: "void" },
  // void gtk_file_filter_add_pattern(GtkFileFilter *filter, const char *pattern);
  gtk_file_filter_add_pattern: { parameters: ["pointer", "buffer"], result: "void" },
  // GtkWidget *gtk_message_dialog_new(GtkWindow *parent, GtkDialogFlags flags, GtkMessageType type,
  //     GtkButtonsType buttons, const char *message_format, ...);   (called with a NULL format only)
  gtk_message_dialog_new: {
    parameters: ["pointer", "i32", "i32", "i32", "pointer"],
    result: "pointer",
  },
  // void gtk_message_dialog_set_markup(GtkMessageDialog *message_dialog, const char *str);
  gtk_message_dialog_set_markup: { parameters: ["pointer", "pointer"], result: "void" },
  // GtkWidget *gtk_dialog_add_button(GtkDialog *dialog, const char *button_text, int response_id);
  gtk_dialog_add_button: { parameters: ["pointer", "buffer", "i32"], result: "pointer" },
  // void gtk_dialog_set_default_response(GtkDialog *dialog, int response_id);
  gtk_dialog_set_default_response: { parameters: ["pointer", "i32"], result: "void" },
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
