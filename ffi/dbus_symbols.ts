/**
 * GLib, GIO (GDBus), gdk-pixbuf and libc symbols for D-Bus on the main
 * isolate (tray, and anything else that talks to the session bus). Opened
 * on first use, never at import. Recipes: docs/native_linux.md "D-Bus".
 * @module
 */

import { openSystem, SONAMES } from "./library.ts";

/** libglib-2.0: a private main context, and GVariant. */
export const dbusGlibSymbols = {
  // GMainContext *g_main_context_new_with_flags(GMainContextFlags flags);  (GLib ≥ 2.72)
  g_main_context_new_with_flags: { parameters: ["i32"], result: "pointer" },
  // void g_main_context_push_thread_default(GMainContext *context);
  g_main_context_push_thread_default: { parameters: ["pointer"], result: "void" },
  // void g_main_context_pop_thread_default(GMainContext *context);
  g_main_context_pop_thread_default: { parameters: ["pointer"], result: "void" },
  // gboolean g_main_context_acquire(GMainContext *context);
  g_main_context_acquire: { parameters: ["pointer"], result: "i32" },
  // gboolean g_main_context_prepare(GMainContext *context, gint *priority);
  g_main_context_prepare: { parameters: ["pointer", "buffer"], result: "i32" },
  // gint g_main_context_query(GMainContext *context, gint max_priority, gint *timeout_, GPollFD *fds, gint n_fds);
  g_main_context_query: {
    parameters: ["pointer", "i32", "buffer", "buffer", "i32"],
    result: "i32",
  },
  // gboolean g_main_context_check(GMainContext *context, gint max_priority, GPollFD *fds, gint n_fds);
  g_main_context_check: { parameters: ["pointer", "i32", "buffer", "i32"], result: "i32" },
  // void g_main_context_dispatch(GMainContext *context);
  g_main_context_dispatch: { parameters: ["pointer"], result: "void" },
  // void g_main_context_wakeup(GMainContext *context);
  g_main_context_wakeup: { parameters: ["pointer"], result: "void" },
  // void g_error_free(GError *error);
  g_error_free: { parameters: ["pointer"], result: "void" },
  // void g_free(gpointer mem);
  g_free: { parameters: ["pointer"], result: "void" },

  // GVariant *g_variant_new_boolean(gboolean value);
  g_variant_new_boolean: { parameters: ["i32"], result: "pointer" },
  // GVariant *g_variant_new_byte(guint8 value);
  g_variant_new_byte: { parameters: ["u8"], result: "pointer" },
  // GVariant *g_variant_new_int16(gint16 value);
  g_variant_new_int16: { parameters: ["i16"], result: "pointer" },
  // GVariant *g_variant_new_uint16(guint16 value);
  g_variant_new_uint16: { parameters: ["u16"], result: "pointer" },
  // GVariant *g_variant_new_int32(gint32 value);
  g_variant_new_int32: { parameters: ["i32"], result: "pointer" },
  // GVariant *g_variant_new_uint32(guint32 value);
  g_variant_new_uint32: { parameters: ["u32"], result: "pointer" },
  // GVariant *g_variant_new_int64(gint64 value);
  g_variant_new_int64: { parameters: ["i64"], result: "pointer" },
  // GVariant *g_variant_new_uint64(guint64 value);
  g_variant_new_uint64: { parameters: ["u64"], result: "pointer" },
  // GVariant *g_variant_new_double(gdouble value);
  g_variant_new_double: { parameters: ["f64"], result: "pointer" },
  // GVariant *g_variant_new_string(const gchar *string);
  g_variant_new_string: { parameters: ["buffer"], result: "pointer" },
  // GVariant *g_variant_new_object_path(const gchar *object_path);
  g_variant_new_object_path: { parameters: ["buffer"], result: "pointer" },
  // GVariant *g_variant_new_signature(const gchar *signature);
  g_variant_new_signature: { parameters: ["buffer"], result: "pointer" },
  // gboolean g_variant_is_object_path(const gchar *string);
  g_variant_is_object_path: { parameters: ["buffer"], result: "i32" },
  // gboolean g_variant_is_signature(const gchar *string);
  g_variant_is_signature: { parameters: ["buffer"], result: "i32" },
  // GVariant *g_variant_new_variant(GVariant *value);
  g_variant_new_variant: { parameters: ["pointer"], result: "pointer" },
  // GVariant *g_variant_new_tuple(GVariant * const *children, gsize n_children);
  g_variant_new_tuple: { parameters: ["buffer", "usize"], result: "pointer" },
  // GVariant *g_variant_new_array(const GVariantType *child_type, GVariant * const *children, gsize n_children);
  g_variant_new_array: { parameters: ["pointer", "buffer", "usize"], result: "pointer" },
  // GVariant *g_variant_new_dict_entry(GVariant *key, GVariant *value);
  g_variant_new_dict_entry: { parameters: ["pointer", "pointer"], result: "pointer" },
  // GVariant *g_variant_new_fixed_array(const GVariantType *element_type, gconstpointer elements,
  //     gsize n_elements, gsize element_size);
  g_variant_new_fixed_array: {
    parameters: ["pointer", "buffer", "usize", "usize"],
    result: "pointer",
  },
  // GVariantType *g_variant_type_new(const gchar *type_string);
  g_variant_type_new: { parameters: ["buffer"], result: "pointer" },
  // void g_variant_type_free(GVariantType *type);
  g_variant_type_free: { parameters: ["pointer"], result: "void" },
  // GVariant *g_variant_ref_sink(GVariant *value);
  g_variant_ref_sink: { parameters: ["pointer"], result: "pointer" },
  // void g_variant_unref(GVariant *value);
  g_variant_unref: { parameters: ["pointer"], result: "void" },
  // const gchar *g_variant_get_type_string(GVariant *value);
  g_variant_get_type_string: { parameters: ["pointer"], result: "pointer" },
  // gsize g_variant_n_children(GVariant *value);
  g_variant_n_children: { parameters: ["pointer"], result: "usize" },
  // GVariant *g_variant_get_child_value(GVariant *value, gsize index_);
  g_variant_get_child_value: { parameters: ["pointer", "usize"], result: "pointer" },
  // gboolean g_variant_get_boolean(GVariant *value);
  g_variant_get_boolean: { parameters: ["pointer"], result: "i32" },
  // guint8 g_variant_get_byte(GVariant *value);
  g_variant_get_byte: { parameters: ["pointer"], result: "u8" },
  // gint16 g_variant_get_int16(GVariant *value);
  g_variant_get_int16: { parameters: ["pointer"], result: "i16" },
  // guint16 g_variant_get_uint16(GVariant *value);
  g_variant_get_uint16: { parameters: ["pointer"], result: "u16" },
  // gint32 g_variant_get_int32(GVariant *value);
  g_variant_get_int32: { parameters: ["pointer"], result: "i32" },
  // guint32 g_variant_get_uint32(GVariant *value);
  g_variant_get_uint32: { parameters: ["pointer"], result: "u32" },
  // gint64 g_variant_get_int64(GVariant *value);
  g_variant_get_int64: { parameters: ["pointer"], result: "i64" },
  // guint64 g_variant_get_uint64(GVariant *value);
  g_variant_get_uint64: { parameters: ["pointer"], result: "u64" },
  // gdouble g_variant_get_double(GVariant *value);
  g_variant_get_double: { parameters: ["pointer"], result: "f64" },
  // const gchar *g_variant_get_string(GVariant *value, gsize *length);
  g_variant_get_string: { parameters: ["pointer", "buffer"], result: "pointer" },
  // GVariant *g_variant_get_variant(GVariant *value);
  g_variant_get_variant: { parameters: ["pointer"], result: "pointer" },
  // gconstpointer g_variant_get_fixed_array(GVariant *value, gsize *n_elements, gsize element_size);
  g_variant_get_fixed_array: { parameters: ["pointer", "buffer", "usize"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libgio-2.0: GDBus. */
export const dbusGioSymbols = {
  // GDBusConnection *g_dbus_connection_new_for_address_sync(const gchar *address, GDBusConnectionFlags flags,
  //     GDBusAuthObserver *observer, GCancellable *cancellable, GError **error);
  g_dbus_connection_new_for_address_sync: {
    parameters: ["buffer", "i32", "pointer", "pointer", "buffer"],
    result: "pointer",
  },
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

/** libgobject-2.0: reference counting. */
export const dbusGobjectSymbols = {
  // gpointer g_object_ref(gpointer object);
  g_object_ref: { parameters: ["pointer"], result: "pointer" },
  // void g_object_unref(gpointer object);
  g_object_unref: { parameters: ["pointer"], result: "void" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libgdk_pixbuf-2.0: decoding tray icons (PNG and the other formats it knows). */
export const pixbufSymbols = {
  // GdkPixbufLoader *gdk_pixbuf_loader_new(void);
  gdk_pixbuf_loader_new: { parameters: [], result: "pointer" },
  // gboolean gdk_pixbuf_loader_write(GdkPixbufLoader *loader, const guchar *buf, gsize count, GError **error);
  gdk_pixbuf_loader_write: { parameters: ["pointer", "buffer", "usize", "buffer"], result: "i32" },
  // gboolean gdk_pixbuf_loader_close(GdkPixbufLoader *loader, GError **error);
  gdk_pixbuf_loader_close: { parameters: ["pointer", "buffer"], result: "i32" },
  // GdkPixbuf *gdk_pixbuf_loader_get_pixbuf(GdkPixbufLoader *loader);  (owned by the loader)
  gdk_pixbuf_loader_get_pixbuf: { parameters: ["pointer"], result: "pointer" },
  // int gdk_pixbuf_get_width(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_width: { parameters: ["pointer"], result: "i32" },
  // int gdk_pixbuf_get_height(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_height: { parameters: ["pointer"], result: "i32" },
  // int gdk_pixbuf_get_rowstride(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_rowstride: { parameters: ["pointer"], result: "i32" },
  // int gdk_pixbuf_get_n_channels(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_n_channels: { parameters: ["pointer"], result: "i32" },
  // gboolean gdk_pixbuf_get_has_alpha(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_has_alpha: { parameters: ["pointer"], result: "i32" },
  // int gdk_pixbuf_get_bits_per_sample(const GdkPixbuf *pixbuf);
  gdk_pixbuf_get_bits_per_sample: { parameters: ["pointer"], result: "i32" },
  // const guint8 *gdk_pixbuf_read_pixels(const GdkPixbuf *pixbuf);
  gdk_pixbuf_read_pixels: { parameters: ["pointer"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libc: the one blocking wait, run off the isolate's thread. */
export const libcSymbols = {
  // int poll(struct pollfd *fds, nfds_t nfds, int timeout);
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: true },
} as const satisfies Deno.ForeignLibraryInterface;

/** The opened D-Bus tables. */
export interface DBusLibs {
  glib: Deno.DynamicLibrary<typeof dbusGlibSymbols>["symbols"];
  gio: Deno.DynamicLibrary<typeof dbusGioSymbols>["symbols"];
  gobject: Deno.DynamicLibrary<typeof dbusGobjectSymbols>["symbols"];
  libc: Deno.DynamicLibrary<typeof libcSymbols>["symbols"];
}

let opened: DBusLibs | undefined;

/** Opens the D-Bus tables once per process (on the main isolate). */
export function dbusLibs(): DBusLibs {
  opened ??= {
    glib: openSystem(SONAMES.glib, dbusGlibSymbols).symbols,
    gio: openSystem(SONAMES.gio, dbusGioSymbols).symbols,
    gobject: openSystem(SONAMES.gobject, dbusGobjectSymbols).symbols,
    libc: openSystem("libc.so.6", libcSymbols).symbols,
  };
  return opened;
}

let pixbuf: Deno.DynamicLibrary<typeof pixbufSymbols>["symbols"] | undefined;

/** Opens gdk-pixbuf once per process. */
export function pixbufLib(): Deno.DynamicLibrary<typeof pixbufSymbols>["symbols"] {
  pixbuf ??= openSystem("libgdk_pixbuf-2.0.so.0", pixbufSymbols).symbols;
  return pixbuf;
}
