/**
 * A minimal session-bus client for notifications, through GIO's GDBus.
 * Calls are declared `nonblocking`: each runs on a Deno worker thread, so the
 * main isolate never waits on the bus (GDBus is thread-safe). Arguments are
 * built in GVariant's text format with every string escaped.
 * @module
 */

const gioSymbols = {
  // gchar *g_dbus_address_get_for_bus_sync(GBusType bus_type, GCancellable *cancellable, GError **error);
  g_dbus_address_get_for_bus_sync: {
    parameters: ["i32", "pointer", "buffer"],
    result: "pointer",
    nonblocking: true,
  },
  // GDBusConnection *g_dbus_connection_new_for_address_sync(const gchar *address,
  //     GDBusConnectionFlags flags, GDBusAuthObserver *observer, GCancellable *cancellable, GError **error);
  g_dbus_connection_new_for_address_sync: {
    parameters: ["buffer", "i32", "pointer", "pointer", "buffer"],
    result: "pointer",
    nonblocking: true,
  },
  // void g_dbus_connection_set_exit_on_close(GDBusConnection *connection, gboolean exit_on_close);
  g_dbus_connection_set_exit_on_close: { parameters: ["pointer", "i32"], result: "void" },
  // gboolean g_dbus_connection_is_closed(GDBusConnection *connection);
  g_dbus_connection_is_closed: { parameters: ["pointer"], result: "i32" },
  // void g_object_unref(gpointer object);   (libgobject, loaded with libgio)
  g_object_unref: { parameters: ["pointer"], result: "void" },
  // GVariant *g_dbus_connection_call_sync(GDBusConnection *connection, const gchar *bus_name,
  //     const gchar *object_path, const gchar *interface_name, const gchar *method_name,
  //     GVariant *parameters, const GVariantType *reply_type, GDBusCallFlags flags,
  //     gint timeout_msec, GCancellable *cancellable, GError **error);
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
    nonblocking: true,
  },
} as const satisfies Deno.ForeignLibraryInterface;

const glibSymbols = {
  // GVariant *g_variant_parse(const GVariantType *type, const gchar *text, const gchar *limit,
  //     const gchar **endptr, GError **error);   (returns a non-floating reference)
  g_variant_parse: {
    parameters: ["pointer", "buffer", "pointer", "pointer", "buffer"],
    result: "pointer",
  },
  // gchar *g_variant_print(GVariant *value, gboolean type_annotate);
  g_variant_print: { parameters: ["pointer", "i32"], result: "pointer" },
  // void g_variant_unref(GVariant *value);
  g_variant_unref: { parameters: ["pointer"], result: "void" },
  // void g_free(gpointer mem);
  g_free: { parameters: ["pointer"], result: "void" },
  // void g_error_free(GError *error);
  g_error_free: { parameters: ["pointer"], result: "void" },
} as const satisfies Deno.ForeignLibraryInterface;

let libs:
  | {
    gio: Deno.DynamicLibrary<typeof gioSymbols>["symbols"];
    glib: Deno.DynamicLibrary<typeof glibSymbols>["symbols"];
  }
  | undefined;
let connection: Promise<Deno.PointerObject> | undefined;

function open() {
  if (!libs) {
    try {
      libs = {
        gio: Deno.dlopen("libgio-2.0.so.0", gioSymbols).symbols,
        glib: Deno.dlopen("libglib-2.0.so.0", glibSymbols).symbols,
      };
    } catch (e) {
      throw new Error(`notifications need GIO (libgio-2.0.so.0, part of GLib): ${e}`);
    }
  }
  return libs;
}

/** Reads and frees a GError (message at offset 8). */
function takeError(slot: BigUint64Array): string {
  const err = Deno.UnsafePointer.create(slot[0]);
  if (!err) return "unknown error";
  const msgPtr = new Deno.UnsafePointerView(err).getPointer(8);
  const msg = msgPtr ? Deno.UnsafePointerView.getCString(msgPtr) : "unknown error";
  open().glib.g_error_free(err);
  return msg;
}

const cstr = (s: string) => new TextEncoder().encode(s + "\0");

/** A string literal in GVariant text format. */
export function gvString(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\" || ch === "'") out += "\\" + ch;
    else if (c < 0x20 || c === 0x7f) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + "'";
}

/**
 * A private session bus connection (DBUS_SESSION_BUS_ADDRESS decides which
 * bus). Private, so that the bus going away never terminates the process
 * (GIO's shared connection exits on close), and a later call reconnects.
 */
async function bus(): Promise<Deno.PointerObject> {
  const { gio, glib } = open();
  if (connection) {
    const c = await connection.catch(() => undefined);
    if (c && !gio.g_dbus_connection_is_closed(c)) return c;
    if (c) gio.g_object_unref(c);
    connection = undefined;
  }
  const attempt = (async () => {
    const err = new BigUint64Array(1);
    const addr = await gio.g_dbus_address_get_for_bus_sync(2, null, err);
    if (!addr) throw new Error(`no D-Bus session bus: ${takeError(err)}`);
    const address = Deno.UnsafePointerView.getCString(addr);
    glib.g_free(addr);
    // G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | MESSAGE_BUS_CONNECTION
    const c = await gio.g_dbus_connection_new_for_address_sync(
      cstr(address),
      1 | 8,
      null,
      null,
      err,
    );
    if (!c) throw new Error(`cannot reach the D-Bus session bus at ${address}: ${takeError(err)}`);
    gio.g_dbus_connection_set_exit_on_close(c, 0);
    return c;
  })();
  connection = attempt;
  attempt.catch(() => {
    if (connection === attempt) connection = undefined;
  });
  return await attempt;
}

/** Calls `method` with arguments given in GVariant text; resolves with the reply in text form. */
export async function callDbus(
  dest: string,
  path: string,
  iface: string,
  method: string,
  argsText: string,
  timeoutMs = 10_000,
): Promise<string> {
  const { gio, glib } = open();
  const conn = await bus();
  const perr = new BigUint64Array(1);
  const params = glib.g_variant_parse(null, cstr(argsText), null, null, perr);
  if (!params) throw new Error(`bad D-Bus arguments ${argsText}: ${takeError(perr)}`);
  const err = new BigUint64Array(1);
  try {
    const reply = await gio.g_dbus_connection_call_sync(
      conn,
      cstr(dest),
      cstr(path),
      cstr(iface),
      cstr(method),
      params,
      null,
      0,
      timeoutMs,
      null,
      err,
    );
    if (!reply) throw new Error(`${iface}.${method} failed: ${takeError(err)}`);
    const text = glib.g_variant_print(reply, 0);
    const out = text ? Deno.UnsafePointerView.getCString(text) : "";
    if (text) glib.g_free(text);
    glib.g_variant_unref(reply);
    return out;
  } finally {
    glib.g_variant_unref(params);
  }
}
