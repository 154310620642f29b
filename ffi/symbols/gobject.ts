/**
 * libgobject-2.0: references, signals, type checks.
 * Each symbol is declared once, here; each isolate binds what it calls on first use
 * (ffi/system_libs.ts).
 * @module
 */

/** The symbols, with the C signature of each entry beside it. */
export const gobjectSymbols = {
  // ── References and signals ──
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

  // ── Class properties (WebDriver automation: ffi/ui/automation.ts) ──
  // gpointer g_type_class_ref(GType type);
  g_type_class_ref: { parameters: ["usize"], result: "pointer" },
  // GParamSpec *g_object_class_find_property(GObjectClass *oclass, const gchar *property_name);
  g_object_class_find_property: { parameters: ["pointer", "buffer"], result: "pointer" },
  // const GValue *g_param_spec_get_default_value(GParamSpec *pspec);
  g_param_spec_get_default_value: { parameters: ["pointer"], result: "pointer" },

  // ── Reading an object's property (GtkSettings: the desktop's theme) ──
  // GValue *g_value_init(GValue *value, GType g_type);  (a zeroed 24-byte GValue)
  g_value_init: { parameters: ["buffer", "usize"], result: "pointer" },
  // void g_value_unset(GValue *value);
  g_value_unset: { parameters: ["buffer"], result: "void" },
  // gboolean g_value_get_boolean(const GValue *value);
  g_value_get_boolean: { parameters: ["buffer"], result: "i32" },
  // const gchar *g_value_get_string(const GValue *value);
  g_value_get_string: { parameters: ["buffer"], result: "pointer" },
  // gpointer g_value_get_boxed(const GValue *value);  (a GValue GTK holds)
  g_value_get_boxed: { parameters: ["pointer"], result: "pointer" },
  // void g_object_get_property(GObject *object, const gchar *property_name, GValue *value);
  g_object_get_property: { parameters: ["pointer", "buffer", "buffer"], result: "void" },

  // ── Type checks (is this surface an X11 one) ──
  // gboolean g_type_check_instance_is_a(GTypeInstance *instance, GType iface_type);
  g_type_check_instance_is_a: { parameters: ["pointer", "usize"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;
