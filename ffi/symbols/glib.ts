/**
 * libglib-2.0: main loops, bytes, memory, GVariant.
 * Each symbol is declared once, here; each isolate binds what it calls on first use
 * (ffi/system_libs.ts).
 * @module
 */

/** The symbols, with the C signature of each entry beside it. */
export const glibSymbols = {
  // ── The UI thread's loop, bytes and memory (also the main isolate's wake-up) ──
  // GMainContext *g_main_context_default(void);
  g_main_context_default: { parameters: [], result: "pointer" },
  // gboolean g_main_context_iteration(GMainContext *context, gboolean may_block);
  g_main_context_iteration: { parameters: ["pointer", "i32"], result: "i32" },
  // The same function, its result ignored. The UI loop calls it in this form: GTK's callbacks run
  // inside it, and V8 cannot deoptimize the calling frame under a fast API call whose result is
  // used (it aborts the process); under one with no result it can (ffi/ui/ui_worker.ts, runLoop).
  g_main_context_iteration_void: {
    name: "g_main_context_iteration",
    parameters: ["pointer", "i32"],
    result: "void",
  },
  // gboolean g_main_context_pending(GMainContext *context);  (runs no callbacks)
  g_main_context_pending: { parameters: ["pointer"], result: "i32" },
  // void g_thread_yield(void);  (sched_yield: the UI thread's spin gives way to runnable threads)
  g_thread_yield: { parameters: [], result: "void" },
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
  // void g_slist_free(GSList *list);
  g_slist_free: { parameters: ["pointer"], result: "void" },
  // void g_free(gpointer mem);
  g_free: { parameters: ["pointer"], result: "void" },
  // void g_error_free(GError *error);
  g_error_free: { parameters: ["pointer"], result: "void" },
  // void g_set_prgname(const gchar *prgname);
  g_set_prgname: { parameters: ["buffer"], result: "void" },

  // ── GVariant (menu action states, D-Bus values) ──
  // GVariant *g_variant_new_string(const gchar *string);
  g_variant_new_string: { parameters: ["buffer"], result: "pointer" },
  // GVariant *g_variant_new_boolean(gboolean value);
  g_variant_new_boolean: { parameters: ["i32"], result: "pointer" },
  // gboolean g_variant_get_boolean(GVariant *value);
  g_variant_get_boolean: { parameters: ["pointer"], result: "i32" },
  // const gchar *g_variant_get_string(GVariant *value, gsize *length);
  g_variant_get_string: { parameters: ["pointer", "buffer"], result: "pointer" },
  // void g_variant_unref(GVariant *value);
  g_variant_unref: { parameters: ["pointer"], result: "void" },

  // ── Markup escaping for message dialogs ──
  // gchar *g_markup_escape_text(const gchar *text, gssize length);
  g_markup_escape_text: { parameters: ["buffer", "isize"], result: "pointer" },

  // ── A private main context for D-Bus on the main isolate, and GVariant ──
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
  // const gchar *g_variant_get_type_string(GVariant *value);
  g_variant_get_type_string: { parameters: ["pointer"], result: "pointer" },
  // gsize g_variant_n_children(GVariant *value);
  g_variant_n_children: { parameters: ["pointer"], result: "usize" },
  // GVariant *g_variant_get_child_value(GVariant *value, gsize index_);
  g_variant_get_child_value: { parameters: ["pointer", "usize"], result: "pointer" },
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
  // GVariant *g_variant_get_variant(GVariant *value);
  g_variant_get_variant: { parameters: ["pointer"], result: "pointer" },
  // gconstpointer g_variant_get_fixed_array(GVariant *value, gsize *n_elements, gsize element_size);
  g_variant_get_fixed_array: { parameters: ["pointer", "buffer", "usize"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** GLib priorities (gmain.h). */
export const GPriority = {
  High: -100,
  Default: 0,
  HighIdle: 100,
  DefaultIdle: 200,
  Low: 300,
} as const;
