/**
 * Symbols for native menus (GMenu model, GSimpleAction, GtkPopoverMenuBar,
 * shortcuts, context popovers) and the window actions predefined menu items
 * run. Kept apart from the window tables so menus can change on their own.
 * Opened on the UI thread only.
 * @module
 */

import { openSystem, SONAMES } from "./library.ts";

/** libgio-2.0: menu models and actions. */
export const menuGioSymbols = {
  // GMenu *g_menu_new(void);
  g_menu_new: { parameters: [], result: "pointer" },
  // GMenuItem *g_menu_item_new(const gchar *label, const gchar *detailed_action);
  g_menu_item_new: { parameters: ["buffer", "buffer"], result: "pointer" },
  // GMenuItem *g_menu_item_new_submenu(const gchar *label, GMenuModel *submenu);
  g_menu_item_new_submenu: { parameters: ["buffer", "pointer"], result: "pointer" },
  // void g_menu_item_set_attribute_value(GMenuItem *item, const gchar *attribute, GVariant *value);
  g_menu_item_set_attribute_value: { parameters: ["pointer", "buffer", "pointer"], result: "void" },
  // void g_menu_append_item(GMenu *menu, GMenuItem *item);
  g_menu_append_item: { parameters: ["pointer", "pointer"], result: "void" },
  // void g_menu_append_section(GMenu *menu, const gchar *label, GMenuModel *section);
  g_menu_append_section: { parameters: ["pointer", "pointer", "pointer"], result: "void" },
  // void g_menu_remove_all(GMenu *menu);
  g_menu_remove_all: { parameters: ["pointer"], result: "void" },
  // gint g_menu_model_get_n_items(GMenuModel *model);
  g_menu_model_get_n_items: { parameters: ["pointer"], result: "i32" },
  // GVariant *g_menu_model_get_item_attribute_value(GMenuModel *model, gint item_index,
  //     const gchar *attribute, const GVariantType *expected_type);
  g_menu_model_get_item_attribute_value: {
    parameters: ["pointer", "i32", "buffer", "pointer"],
    result: "pointer",
  },
  // GMenuModel *g_menu_model_get_item_link(GMenuModel *model, gint item_index, const gchar *link);
  g_menu_model_get_item_link: { parameters: ["pointer", "i32", "buffer"], result: "pointer" },
  // GSimpleActionGroup *g_simple_action_group_new(void);
  g_simple_action_group_new: { parameters: [], result: "pointer" },
  // void g_action_map_add_action(GActionMap *action_map, GAction *action);
  g_action_map_add_action: { parameters: ["pointer", "pointer"], result: "void" },
  // GSimpleAction *g_simple_action_new(const gchar *name, const GVariantType *parameter_type);
  g_simple_action_new: { parameters: ["buffer", "pointer"], result: "pointer" },
  // GSimpleAction *g_simple_action_new_stateful(const gchar *name, const GVariantType *parameter_type, GVariant *state);
  g_simple_action_new_stateful: { parameters: ["buffer", "pointer", "pointer"], result: "pointer" },
  // void g_simple_action_set_enabled(GSimpleAction *simple, gboolean enabled);
  g_simple_action_set_enabled: { parameters: ["pointer", "i32"], result: "void" },
  // void g_simple_action_set_state(GSimpleAction *simple, GVariant *value);
  g_simple_action_set_state: { parameters: ["pointer", "pointer"], result: "void" },
  // GVariant *g_action_get_state(GAction *action);  (transfer full)
  g_action_get_state: { parameters: ["pointer"], result: "pointer" },
  // gboolean g_action_get_enabled(GAction *action);
  g_action_get_enabled: { parameters: ["pointer"], result: "i32" },
  // void g_action_group_activate_action(GActionGroup *group, const gchar *action_name, GVariant *parameter);
  g_action_group_activate_action: { parameters: ["pointer", "buffer", "pointer"], result: "void" },
  // gboolean g_action_group_get_action_enabled(GActionGroup *group, const gchar *action_name);
  g_action_group_get_action_enabled: { parameters: ["pointer", "buffer"], result: "i32" },
  // GVariant *g_action_group_get_action_state(GActionGroup *group, const gchar *action_name);  (transfer full)
  g_action_group_get_action_state: { parameters: ["pointer", "buffer"], result: "pointer" },
  // gboolean g_action_group_has_action(GActionGroup *group, const gchar *action_name);
  g_action_group_has_action: { parameters: ["pointer", "buffer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libglib-2.0: the few GVariants menus use. */
export const menuGlibSymbols = {
  // GVariant *g_variant_new_string(const gchar *string);
  g_variant_new_string: { parameters: ["buffer"], result: "pointer" },
  // GVariant *g_variant_new_boolean(gboolean value);
  g_variant_new_boolean: { parameters: ["i32"], result: "pointer" },
  // gboolean g_variant_get_boolean(GVariant *value);
  g_variant_get_boolean: { parameters: ["pointer"], result: "i32" },
  // const gchar *g_variant_get_string(GVariant *value, gsize *length);
  g_variant_get_string: { parameters: ["pointer", "pointer"], result: "pointer" },
  // void g_variant_unref(GVariant *value);
  g_variant_unref: { parameters: ["pointer"], result: "void" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libgtk-4: menu bar, popovers, shortcuts, and the window actions of predefined items. */
export const menuGtkSymbols = {
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
  // void gtk_widget_set_visible(GtkWidget *widget, gboolean visible);
  gtk_widget_set_visible: { parameters: ["pointer", "i32"], result: "void" },
  // gboolean gtk_widget_get_visible(GtkWidget *widget);
  gtk_widget_get_visible: { parameters: ["pointer"], result: "i32" },
  // gboolean gtk_widget_get_mapped(GtkWidget *widget);
  gtk_widget_get_mapped: { parameters: ["pointer"], result: "i32" },
  // int gtk_widget_get_height(GtkWidget *widget);
  gtk_widget_get_height: { parameters: ["pointer"], result: "i32" },
  // int gtk_widget_get_width(GtkWidget *widget);
  gtk_widget_get_width: { parameters: ["pointer"], result: "i32" },
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
  // void gtk_window_minimize(GtkWindow *window);
  gtk_window_minimize: { parameters: ["pointer"], result: "void" },
  // void gtk_window_maximize(GtkWindow *window);
  gtk_window_maximize: { parameters: ["pointer"], result: "void" },
  // void gtk_window_unmaximize(GtkWindow *window);
  gtk_window_unmaximize: { parameters: ["pointer"], result: "void" },
  // gboolean gtk_window_is_maximized(GtkWindow *window);
  gtk_window_is_maximized: { parameters: ["pointer"], result: "i32" },
  // void gtk_window_fullscreen(GtkWindow *window);
  gtk_window_fullscreen: { parameters: ["pointer"], result: "void" },
  // void gtk_window_unfullscreen(GtkWindow *window);
  gtk_window_unfullscreen: { parameters: ["pointer"], result: "void" },
  // gboolean gtk_window_is_fullscreen(GtkWindow *window);
  gtk_window_is_fullscreen: { parameters: ["pointer"], result: "i32" },
  // void gtk_window_close(GtkWindow *window);
  gtk_window_close: { parameters: ["pointer"], result: "void" },
  // void gtk_window_present(GtkWindow *window);
  gtk_window_present: { parameters: ["pointer"], result: "void" },
  // void gtk_window_set_transient_for(GtkWindow *window, GtkWindow *parent);
  gtk_window_set_transient_for: { parameters: ["pointer", "pointer"], result: "void" },
  // void gtk_window_set_modal(GtkWindow *window, gboolean modal);
  gtk_window_set_modal: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_window_set_destroy_with_parent(GtkWindow *window, gboolean setting);
  gtk_window_set_destroy_with_parent: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_window_set_hide_on_close(GtkWindow *window, gboolean setting);
  gtk_window_set_hide_on_close: { parameters: ["pointer", "i32"], result: "void" },
  // GdkSurface *gtk_native_get_surface(GtkNative *self);
  gtk_native_get_surface: { parameters: ["pointer"], result: "pointer" },
  // GType gdk_x11_surface_get_type(void);
  gdk_x11_surface_get_type: { parameters: [], result: "usize" },
  // XID gdk_x11_surface_get_xid(GdkSurface *surface);
  gdk_x11_surface_get_xid: { parameters: ["pointer"], result: "u64" },
  // gboolean g_type_check_instance_is_a(GTypeInstance *instance, GType iface_type);  (libgobject, reached through GTK)
  g_type_check_instance_is_a: { parameters: ["pointer", "usize"], result: "i32" },
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
} as const satisfies Deno.ForeignLibraryInterface;

/** libwebkitgtk-6.0: editing commands of the predefined copy/cut/paste/… items. */
export const menuWebkitSymbols = {
  // void webkit_web_view_execute_editing_command(WebKitWebView *web_view, const gchar *command);
  webkit_web_view_execute_editing_command: { parameters: ["pointer", "buffer"], result: "void" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The menu symbol tables, opened. */
export interface MenuLibs {
  gio: Deno.DynamicLibrary<typeof menuGioSymbols>["symbols"];
  glib: Deno.DynamicLibrary<typeof menuGlibSymbols>["symbols"];
  gtk: Deno.DynamicLibrary<typeof menuGtkSymbols>["symbols"];
  webkit: Deno.DynamicLibrary<typeof menuWebkitSymbols>["symbols"];
}

/** Opens the menu tables (the UI thread calls this with the other native libraries). */
export function openMenuLibs(): MenuLibs {
  return {
    gio: openSystem(SONAMES.gio, menuGioSymbols).symbols,
    glib: openSystem(SONAMES.glib, menuGlibSymbols).symbols,
    gtk: openSystem(SONAMES.gtk, menuGtkSymbols).symbols,
    webkit: openSystem(SONAMES.webkit, menuWebkitSymbols).symbols,
  };
}
