/**
 * libgio-2.0: streams, list models, files, menu models and actions, GDBus.
 * Each symbol is declared once, here; each isolate binds what it calls on first use
 * (ffi/system_libs.ts).
 * @module
 */

/** The symbols, with the C signature of each entry beside it. */
export const gioSymbols = {
  // ── Streams for scheme responses ──
  // GInputStream *g_memory_input_stream_new_from_bytes(GBytes *bytes);
  g_memory_input_stream_new_from_bytes: { parameters: ["pointer"], result: "pointer" },

  // ── Reading request bodies of the IPC fast path ──
  // gboolean g_input_stream_read_all(GInputStream *stream, void *buffer, gsize count, gsize *bytes_read,
  //     GCancellable *cancellable, GError **error);
  g_input_stream_read_all: {
    parameters: ["pointer", "buffer", "usize", "buffer", "pointer", "buffer"],
    result: "i32",
  },

  // ── List models (GDK's monitors, file chooser results) ──
  // guint g_list_model_get_n_items(GListModel *list);
  g_list_model_get_n_items: { parameters: ["pointer"], result: "u32" },
  // gpointer g_list_model_get_item(GListModel *list, guint position);
  g_list_model_get_item: { parameters: ["pointer", "u32"], result: "pointer" },

  // ── Menu models and actions ──
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

  // ── Files of dialog results ──
  // char *g_file_get_path(GFile *file);
  g_file_get_path: { parameters: ["pointer"], result: "pointer" },
  // GFile *g_file_new_for_path(const char *path);
  g_file_new_for_path: { parameters: ["buffer"], result: "pointer" },

  // ── GDBus ──
  // GDBusConnection *g_dbus_connection_new_for_address_sync(const gchar *address, GDBusConnectionFlags flags,
  //     GDBusAuthObserver *observer, GCancellable *cancellable, GError **error);
  g_dbus_connection_new_for_address_sync: {
    parameters: ["buffer", "i32", "pointer", "pointer", "buffer"],
    result: "pointer",
  },
  // void g_dbus_connection_new_for_address(const gchar *address, GDBusConnectionFlags flags,
  //     GDBusAuthObserver *observer, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  g_dbus_connection_new_for_address: {
    parameters: ["buffer", "i32", "pointer", "pointer", "pointer", "pointer"],
    result: "void",
  },
  // GDBusConnection *g_dbus_connection_new_for_address_finish(GAsyncResult *res, GError **error);
  g_dbus_connection_new_for_address_finish: {
    parameters: ["pointer", "buffer"],
    result: "pointer",
  },
  // gboolean g_dbus_connection_is_closed(GDBusConnection *connection);
  g_dbus_connection_is_closed: { parameters: ["pointer"], result: "i32" },
  // gboolean g_dbus_connection_flush_sync(GDBusConnection *connection, GCancellable *cancellable, GError **error);
  g_dbus_connection_flush_sync: { parameters: ["pointer", "pointer", "buffer"], result: "i32" },
  // gboolean g_dbus_connection_close_sync(GDBusConnection *connection, GCancellable *cancellable, GError **error);
  g_dbus_connection_close_sync: { parameters: ["pointer", "pointer", "buffer"], result: "i32" },
  // const gchar *g_dbus_connection_get_unique_name(GDBusConnection *connection);
  g_dbus_connection_get_unique_name: { parameters: ["pointer"], result: "pointer" },
  // void g_dbus_connection_set_exit_on_close(GDBusConnection *connection, gboolean exit_on_close);
  g_dbus_connection_set_exit_on_close: { parameters: ["pointer", "i32"], result: "void" },
  // GDBusNodeInfo *g_dbus_node_info_new_for_xml(const gchar *xml_data, GError **error);
  g_dbus_node_info_new_for_xml: { parameters: ["buffer", "buffer"], result: "pointer" },
  // GDBusInterfaceInfo *g_dbus_node_info_lookup_interface(GDBusNodeInfo *info, const gchar *name);
  g_dbus_node_info_lookup_interface: { parameters: ["pointer", "buffer"], result: "pointer" },
  // guint g_dbus_connection_register_object(GDBusConnection *connection, const gchar *object_path,
  //     GDBusInterfaceInfo *interface_info, const GDBusInterfaceVTable *vtable, gpointer user_data,
  //     GDestroyNotify user_data_free_func, GError **error);
  g_dbus_connection_register_object: {
    parameters: ["pointer", "buffer", "pointer", "pointer", "pointer", "pointer", "buffer"],
    result: "u32",
  },
  // gboolean g_dbus_connection_unregister_object(GDBusConnection *connection, guint registration_id);
  g_dbus_connection_unregister_object: { parameters: ["pointer", "u32"], result: "i32" },
  // void g_dbus_connection_call(GDBusConnection *connection, const gchar *bus_name, const gchar *object_path,
  //     const gchar *interface_name, const gchar *method_name, GVariant *parameters,
  //     const GVariantType *reply_type, GDBusCallFlags flags, gint timeout_msec,
  //     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  g_dbus_connection_call: {
    parameters: [
      "pointer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "pointer",
      "pointer",
      "i32",
      "i32",
      "pointer",
      "pointer",
      "pointer",
    ],
    result: "void",
  },
  // GVariant *g_dbus_connection_call_finish(GDBusConnection *connection, GAsyncResult *res, GError **error);
  g_dbus_connection_call_finish: {
    parameters: ["pointer", "pointer", "buffer"],
    result: "pointer",
  },
  // gboolean g_dbus_connection_emit_signal(GDBusConnection *connection, const gchar *destination_bus_name,
  //     const gchar *object_path, const gchar *interface_name, const gchar *signal_name,
  //     GVariant *parameters, GError **error);
  g_dbus_connection_emit_signal: {
    parameters: ["pointer", "buffer", "buffer", "buffer", "buffer", "pointer", "buffer"],
    result: "i32",
  },
  // guint g_dbus_connection_signal_subscribe(GDBusConnection *connection, const gchar *sender,
  //     const gchar *interface_name, const gchar *member, const gchar *object_path, const gchar *arg0,
  //     GDBusSignalFlags flags, GDBusSignalCallback callback, gpointer user_data,
  //     GDestroyNotify user_data_free_func);
  g_dbus_connection_signal_subscribe: {
    parameters: [
      "pointer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "i32",
      "pointer",
      "pointer",
      "pointer",
    ],
    result: "u32",
  },
  // void g_dbus_connection_signal_unsubscribe(GDBusConnection *connection, guint subscription_id);
  g_dbus_connection_signal_unsubscribe: { parameters: ["pointer", "u32"], result: "void" },
  // void g_dbus_method_invocation_return_value(GDBusMethodInvocation *invocation, GVariant *parameters);
  g_dbus_method_invocation_return_value: { parameters: ["pointer", "pointer"], result: "void" },
  // void g_dbus_method_invocation_return_dbus_error(GDBusMethodInvocation *invocation,
  //     const gchar *error_name, const gchar *error_message);
  g_dbus_method_invocation_return_dbus_error: {
    parameters: ["pointer", "buffer", "buffer"],
    result: "void",
  },
  // gchar *g_dbus_error_get_remote_error(const GError *error);
  g_dbus_error_get_remote_error: { parameters: ["pointer"], result: "pointer" },
  // gboolean g_dbus_error_strip_remote_error(GError *error);
  g_dbus_error_strip_remote_error: { parameters: ["pointer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;
