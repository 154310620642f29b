// A fake org.freedesktop.Notifications server for tests: owns the name on the
// bus at Deno.args[0], prints one JSON line per method call, answers Notify
// with increasing ids. Runs its own blocking GLib loop (its own process). It talks to GDBus
// directly on purpose, not through linux/dbus/: a fake built on the client under test would
// share its bugs, and the test would pass for the wrong reason.
// The test plays the user through stdin, one JSON line each: {"invoke":[id,"key"]} emits
// ActionInvoked and {"close":[id,reason]} NotificationClosed (to the client that sent that
// notification, as servers do); {"caps":[...]} sets what GetCapabilities answers. Each prints
// {"did":<command>} once done.
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
  g_dbus_connection_emit_signal: {
    parameters: ["pointer", "buffer", "buffer", "buffer", "buffer", "pointer", "buffer"],
    result: "i32",
  },
}).symbols;
const glib = Deno.dlopen("libglib-2.0.so.0", {
  g_variant_parse: {
    parameters: ["pointer", "buffer", "pointer", "pointer", "buffer"],
    result: "pointer",
  },
  g_variant_print: { parameters: ["pointer", "i32"], result: "pointer" },
  g_variant_unref: { parameters: ["pointer"], result: "void" },
  g_main_context_iteration: { parameters: ["pointer", "i32"], result: "i32" },
  g_unix_fd_add: { parameters: ["i32", "i32", "pointer", "pointer"], result: "u32" },
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
let caps = ["body", "actions"];
/** Who sent each notification: signals about it go to that client. */
const senders = new Map<number, string>();
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
  (_c, senderPtr, _path, _iface, name, params, invocation) => {
    const m = Deno.UnsafePointerView.getCString(name!);
    const sender = Deno.UnsafePointerView.getCString(senderPtr!);
    const text = Deno.UnsafePointerView.getCString(glib.g_variant_print(params, 1)!);
    const id = m === "Notify" ? nextId++ : undefined;
    if (id !== undefined) senders.set(id, sender);
    console.log(JSON.stringify({ method: m, params: text, id }));
    const reply = id !== undefined
      ? parse(`(uint32 ${id},)`)
      : m === "GetCapabilities"
      ? parse(`(${JSON.stringify(caps).replaceAll('"', "'")},)`)
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
/** Emits `name` about notification `id` to the client that sent it. */
function emit(name: string, id: number, args: string): void {
  const ok = gio.g_dbus_connection_emit_signal(
    conn,
    senders.has(id) ? c(senders.get(id)!) : null,
    c("/org/freedesktop/Notifications"),
    c("org.freedesktop.Notifications"),
    c(name),
    parse(args),
    err(),
  );
  if (!ok) throw new Error(`cannot emit ${name}`);
}

let input = "";
const stdinReady = new Deno.UnsafeCallback(
  { parameters: ["i32", "i32", "pointer"], result: "i32" } as const,
  () => {
    const buf = new Uint8Array(4096);
    const n = Deno.stdin.readSync(buf);
    if (n === null) Deno.exit(0); // the test went away
    input += new TextDecoder().decode(buf.subarray(0, n));
    let i;
    while ((i = input.indexOf("\n")) >= 0) {
      const cmd = JSON.parse(input.slice(0, i));
      input = input.slice(i + 1);
      if (cmd.invoke) {
        emit(
          "ActionInvoked",
          cmd.invoke[0],
          `(uint32 ${cmd.invoke[0]}, ${JSON.stringify(cmd.invoke[1])})`,
        );
      }
      if (cmd.close) {
        emit(
          "NotificationClosed",
          cmd.close[0],
          `(uint32 ${cmd.close[0]}, uint32 ${cmd.close[1]})`,
        );
      }
      if (cmd.caps) caps = cmd.caps;
      console.log(JSON.stringify({ did: cmd }));
    }
    return 1; // keep watching
  },
);
// G_IO_IN | G_IO_HUP
glib.g_unix_fd_add(0, 1 | 16, stdinReady.pointer, null);
console.log(JSON.stringify({ ready: true }));
for (;;) glib.g_main_context_iteration(null, 1);
