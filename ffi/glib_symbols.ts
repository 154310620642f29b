/**
 * GLib, GObject and GIO symbols used by panes, kept apart from libwebview's
 * table so another platform backend can slot in beside it.
 * @module
 */

/** libglib-2.0 symbols. */
export const glibSymbols = {
  // GMainContext *g_main_context_default(void);
  g_main_context_default: { parameters: [], result: "pointer" },
  // gboolean g_main_context_iteration(GMainContext *context, gboolean may_block);
  g_main_context_iteration: { parameters: ["pointer", "i32"], result: "i32" },
  // void g_main_context_wakeup(GMainContext *context);
  g_main_context_wakeup: { parameters: ["pointer"], result: "void" },
  // guint g_idle_add_full(gint priority, GSourceFunc function, gpointer data, GDestroyNotify notify);
  g_idle_add_full: { parameters: ["i32", "pointer", "pointer", "pointer"], result: "u32" },
  // guint g_timeout_add_full(gint priority, guint interval, GSourceFunc function, gpointer data, GDestroyNotify notify);
  g_timeout_add_full: {
    parameters: ["i32", "u32", "pointer", "pointer", "pointer"],
    result: "u32",
  },
  // GBytes *g_bytes_new(gconstpointer data, gsize size);
  g_bytes_new: { parameters: ["buffer", "usize"], result: "pointer" },
  // gconstpointer g_bytes_get_data(GBytes *bytes, gsize *size);
  g_bytes_get_data: { parameters: ["pointer", "buffer"], result: "pointer" },
  // void g_bytes_unref(GBytes *bytes);
  g_bytes_unref: { parameters: ["pointer"], result: "void" },
  // void g_free(gpointer mem);
  g_free: { parameters: ["pointer"], result: "void" },
  // void g_error_free(GError *error);
  g_error_free: { parameters: ["pointer"], result: "void" },
  // void g_set_prgname(const gchar *prgname);
  g_set_prgname: { parameters: ["buffer"], result: "void" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libgobject-2.0 symbols. */
export const gobjectSymbols = {
  // gpointer g_object_ref(gpointer object);
  g_object_ref: { parameters: ["pointer"], result: "pointer" },
  // void g_object_unref(gpointer object);
  g_object_unref: { parameters: ["pointer"], result: "void" },
  // gulong g_signal_connect_data(gpointer instance, const gchar *detailed_signal, GCallback c_handler,
  //     gpointer data, GClosureNotify destroy_data, GConnectFlags connect_flags);
  g_signal_connect_data: {
    parameters: ["pointer", "buffer", "pointer", "pointer", "pointer", "i32"],
    result: "u64",
  },
  // void g_signal_handler_disconnect(gpointer instance, gulong handler_id);
  g_signal_handler_disconnect: { parameters: ["pointer", "u64"], result: "void" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libgio-2.0 symbols. */
export const gioSymbols = {
  // GInputStream *g_memory_input_stream_new_from_bytes(GBytes *bytes);
  g_memory_input_stream_new_from_bytes: { parameters: ["pointer"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** GLib priorities (gmain.h). */
export const GPriority = {
  High: -100,
  Default: 0,
  HighIdle: 100,
  DefaultIdle: 200,
  Low: 300,
} as const;
