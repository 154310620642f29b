// A fake org.freedesktop.Notifications server for tests: owns the name on the
// bus at Deno.args[0], prints one JSON line per method call, answers Notify
// with increasing ids. Runs its own blocking GLib loop (its own process). It talks to GDBus
// directly on purpose, not through linux/dbus/: a fake built on the client under test would
// share its bugs, and the test would pass for the wrong reason.
const gio = Deno.dlopen("libgio-2.0.so.0", {
  g_dbus_connection_new_for_address_sync: {
    parameters: ["buffer", "i32", "pointer", "pointer", "buffer"],
    result: "pointer",
  },
  g_dbus_connection_call_sync: {
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
      "buffer",
    ],
    result: "pointer",
  },
  g_dbus_node_info_new_for_xml: { parameters: ["buffer", "buffer"], result: "pointer" },
  g_dbus_node_info_lookup_interface: { parameters: ["pointer", "buffer"], result: "pointer" },
  g_dbus_connection_register_object: {
    parameters: ["pointer", "buffer", "pointer", "buffer", "pointer", "pointer", "buffer"],
    result: "u32",
  },
  g_dbus_method_invocation_return_value: { parameters: ["pointer", "pointer"], result: "void" },
}).symbols;
const glib = Deno.dlopen("libglib-2.0.so.0", {
  g_variant_parse: {
    parameters: ["pointer", "buffer", "pointer", "pointer", "buffer"],
    result: "pointer",
  },
  g_variant_print: { parameters: ["pointer", "i32"], result: "pointer" },
  g_variant_unref: { parameters: ["pointer"], result: "void" },
  g_main_context_iteration: { parameters: ["pointer", "i32"], result: "i32" },
}).symbols;

const c = (s: string) => new TextEncoder().encode(s + "\0");
const err = () => new BigUint64Array(1);
const parse = (t: string) => glib.g_variant_parse(null, c(t), null, null, err());

const conn = gio.g_dbus_connection_new_for_address_sync(c(Deno.args[0]), 1 | 8, null, null, err());
if (!conn) throw new Error("cannot connect to " + Deno.args[0]);
const xml = `<node><interface name="org.freedesktop.Notifications">
<method name="Notify"><arg type="s" direction="in"/><arg type="u" direction="in"/><arg type="s" direction="in"/>
<arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="as" direction="in"/>
<arg type="a{sv}" direction="in"/><arg type="i" direction="in"/><arg type="u" direction="out"/></method>
<method name="CloseNotification"><arg type="u" direction="in"/></method>
<method name="GetCapabilities"><arg type="as" direction="out"/></method>
<method name="GetServerInformation"><arg type="s" direction="out"/><arg type="s" direction="out"/><arg type="s" direction="out"/><arg type="s" direction="out"/></method>
</interface></node>`;
const node = gio.g_dbus_node_info_new_for_xml(c(xml), err());
const iface = gio.g_dbus_node_info_lookup_interface(node, c("org.freedesktop.Notifications"));
let nextId = 1;
const method = new Deno.UnsafeCallback(
  {
    parameters: [
      "pointer",
      "pointer",
      "pointer",
      "pointer",
      "pointer",
      "pointer",
      "pointer",
      "pointer",
    ],
    result: "void",
  } as const,
  (_c, _sender, _path, _iface, name, params, invocation) => {
    const m = Deno.UnsafePointerView.getCString(name!);
    const text = Deno.UnsafePointerView.getCString(glib.g_variant_print(params, 1)!);
    console.log(JSON.stringify({ method: m, params: text }));
    const reply = m === "Notify"
      ? parse(`(uint32 ${nextId++},)`)
      : m === "GetCapabilities"
      ? parse("(['body'],)")
      : m === "GetServerInformation"
      ? parse("('fake', 'panes', '1', '1.2')")
      : parse("()");
    gio.g_dbus_method_invocation_return_value(invocation, reply);
    glib.g_variant_unref(reply);
  },
);
const vtable = new BigUint64Array(11);
vtable[0] = BigInt(Deno.UnsafePointer.value(method.pointer));
const e = err();
if (
  !gio.g_dbus_connection_register_object(
    conn,
    c("/org/freedesktop/Notifications"),
    iface,
    new Uint8Array(vtable.buffer),
    null,
    null,
    e,
  )
) {
  throw new Error("cannot register the object");
}
const owned = gio.g_dbus_connection_call_sync(
  conn,
  c("org.freedesktop.DBus"),
  c("/org/freedesktop/DBus"),
  c("org.freedesktop.DBus"),
  c("RequestName"),
  parse("('org.freedesktop.Notifications', uint32 4)"),
  null,
  0,
  5000,
  null,
  err(),
);
if (!owned) throw new Error("cannot own org.freedesktop.Notifications");
console.log(JSON.stringify({ ready: true }));
for (;;) glib.g_main_context_iteration(null, 1);
