/**
 * GDBus on the main isolate: a private GLib main context iterated without
 * busy polling (prepare → query → libc `poll` off-thread → check →
 * dispatch), connections to a bus, exported objects, async calls and
 * signals. Callbacks only ever run on this isolate's thread, from
 * `g_main_context_dispatch`, so nothing can deadlock against GLib's worker
 * thread. Recipes: docs/native_linux.md "D-Bus". (Over 400 lines: the loop, calls, exported
 * objects and signals share one connection's state.)
 * @module
 */

import { cstr, readCString } from "../../ffi/native_libs.ts";
import { type DBusLibs, dbusLibs } from "./libs.ts";
import { fromVariant, toVariant, Variant } from "./variant.ts";

type Ptr = Deno.PointerObject;

/** A D-Bus error: a remote error name (e.g. `org.freedesktop.DBus.Error.ServiceUnknown`) and its text. */
export class DBusError extends Error {
  /** The D-Bus error name, when the peer sent one. */
  readonly errorName: string;
  constructor(errorName: string, message: string) {
    super(message);
    this.name = "DBusError";
    this.errorName = errorName;
  }
}

/** Reads and frees a GError (message at offset 8), with its remote D-Bus name when there is one. */
function takeError(libs: DBusLibs, slot: BigUint64Array): DBusError {
  const err = Deno.UnsafePointer.create(slot[0]);
  if (!err) return new DBusError("", "unknown error");
  const remote = libs.gio.g_dbus_error_get_remote_error(err);
  const name = remote ? readCString(remote) : "";
  if (remote) libs.glib.g_free(remote);
  libs.gio.g_dbus_error_strip_remote_error(err);
  const msgPtr = new Deno.UnsafePointerView(err).getPointer(8);
  const message = msgPtr ? Deno.UnsafePointerView.getCString(msgPtr) : "unknown error";
  libs.glib.g_error_free(err);
  return new DBusError(name, message);
}

/** The private GLib context and its loop; runs while anything needs it. */
class DBusLoop {
  readonly ctx: Ptr;
  #libs: DBusLibs;
  #users = 0;
  #running = false;
  #fds = new Uint8Array(8 * 16);

  constructor(libs: DBusLibs) {
    this.#libs = libs;
    // 1 = G_MAIN_CONTEXT_FLAGS_OWNERLESS_POLLING: a source added from another thread wakes our poll.
    const ctx = libs.glib.g_main_context_new_with_flags(1);
    if (!ctx) throw new Error("GLib: cannot create a main context (GLib 2.72 or newer is needed)");
    this.ctx = ctx;
    libs.glib.g_main_context_acquire(ctx);
  }

  /** Runs `fn` with our context as the thread default, so GDBus dispatches its callbacks to it. */
  within<T>(fn: () => T): T {
    this.#libs.glib.g_main_context_push_thread_default(this.ctx);
    try {
      return fn();
    } finally {
      this.#libs.glib.g_main_context_pop_thread_default(this.ctx);
    }
  }

  retain(): void {
    this.#users++;
    if (!this.#running) {
      this.#running = true;
      this.#run().catch((e) => console.error("panes: D-Bus loop failed:", e));
    }
  }

  release(): void {
    if (this.#users > 0 && --this.#users === 0) this.#libs.glib.g_main_context_wakeup(this.ctx);
  }

  async #run(): Promise<void> {
    const g = this.#libs.glib;
    const prio = new Int32Array(1);
    const timeout = new Int32Array(1);
    try {
      while (this.#users > 0) {
        g.g_main_context_prepare(this.ctx, prio);
        let n: number;
        for (;;) {
          n = g.g_main_context_query(this.ctx, prio[0], timeout, this.#fds, this.#fds.length / 8);
          if (n <= this.#fds.length / 8) break;
          this.#fds = new Uint8Array(n * 8 * 2);
        }
        // The only blocking wait, on a Deno worker thread: an idle tray costs no CPU.
        await this.#libs.libc.poll(this.#fds, BigInt(n), timeout[0]);
        g.g_main_context_check(this.ctx, prio[0], this.#fds, n);
        g.g_main_context_dispatch(this.ctx);
      }
    } finally {
      this.#running = false;
    }
    if (this.#users > 0) this.retain(); // someone came back while we were leaving
  }
}

let loop: DBusLoop | undefined;
function theLoop(): DBusLoop {
  loop ??= new DBusLoop(dbusLibs());
  return loop;
}

/** A method handler's answer: a tuple variant (e.g. `new Variant("(u)", [1])`), or undefined for `()`. */
export type MethodReply = Variant | undefined;

/** An object interface exported on a connection. */
export interface ExportedInterface {
  /** Introspection XML holding this interface. */
  xml: string;
  /** The interface name. */
  name: string;
  /** Handles a method call: args decoded; throw a DBusError to answer with an error. */
  method(name: string, args: unknown[], sender: string): MethodReply;
  /** Returns a property's value with its type (or throws a DBusError). */
  property(name: string): Variant;
}

/** A signal as a subscriber receives it. */
export interface DBusSignal {
  sender: string;
  path: string;
  iface: string;
  member: string;
  args: unknown[];
}

const objects = new Map<number, ExportedInterface>();
const calls = new Map<
  number,
  { resolve: (v: unknown[]) => void; reject: (e: Error) => void; conn: Ptr }
>();
const subscriptions = new Map<number, (s: DBusSignal) => void>();
const connecting = new Map<number, { resolve: (c: Ptr) => void; reject: (e: Error) => void }>();
const nodeInfos = new Map<string, Ptr>();
let nextKey = 1;

const METHOD_DEF = {
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
} as const;
const GET_PROP_DEF = {
  parameters: ["pointer", "pointer", "pointer", "pointer", "pointer", "pointer", "pointer"],
  result: "pointer",
} as const;
const DONE_DEF = { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const;
const SIGNAL_DEF = {
  parameters: ["pointer", "pointer", "pointer", "pointer", "pointer", "pointer", "pointer"],
  result: "void",
} as const;

// Process-lifetime callbacks and one vtable: nothing grows per object or call.
let native: {
  method: Deno.UnsafeCallback<typeof METHOD_DEF>;
  getProp: Deno.UnsafeCallback<typeof GET_PROP_DEF>;
  done: Deno.UnsafeCallback<typeof DONE_DEF>;
  signal: Deno.UnsafeCallback<typeof SIGNAL_DEF>;
  vtable: BigUint64Array<ArrayBuffer>;
} | undefined;

function keyOf(data: Deno.PointerValue): number {
  return Number(Deno.UnsafePointer.value(data));
}

/** How many exported-method handlers are running (they run synchronously, nested at most). */
let answering = 0;

function callbacks(): NonNullable<typeof native> {
  if (native) return native;
  const libs = dbusLibs();
  const method = new Deno.UnsafeCallback(
    METHOD_DEF,
    (_conn, sender, _path, _iface, name, params, invocation, data) => {
      const obj = objects.get(keyOf(data));
      const fail = (errName: string, message: string) =>
        libs.gio.g_dbus_method_invocation_return_dbus_error(
          invocation,
          cstr(errName),
          cstr(message),
        );
      if (!obj) return fail("org.freedesktop.DBus.Error.UnknownObject", "object removed");
      let reply: MethodReply;
      try {
        const args = params ? (fromVariant(params) as unknown[]) : [];
        answering++;
        try {
          reply = obj.method(readCString(name), args, readCString(sender));
        } finally {
          answering--;
        }
      } catch (e) {
        if (e instanceof DBusError) {
          return fail(e.errorName || "org.freedesktop.DBus.Error.Failed", e.message);
        }
        return fail(
          "org.freedesktop.DBus.Error.Failed",
          e instanceof Error ? e.message : String(e),
        );
      }
      let v: Ptr;
      try {
        v = toVariant(reply?.type ?? "()", reply?.value ?? []);
      } catch (e) {
        return fail("org.freedesktop.DBus.Error.Failed", `bad reply: ${(e as Error).message}`);
      }
      libs.gio.g_dbus_method_invocation_return_value(invocation, v);
    },
  );
  const getProp = new Deno.UnsafeCallback(
    GET_PROP_DEF,
    (_conn, _sender, _path, _iface, name, _error, data) => {
      const obj = objects.get(keyOf(data));
      if (!obj) return null;
      try {
        const v = obj.property(readCString(name));
        return toVariant(v.type, v.value);
      } catch (e) {
        console.error(`panes: D-Bus property ${readCString(name)} failed:`, e);
        return null; // GDBus answers with a generic error
      }
    },
  );
  const done = new Deno.UnsafeCallback(
    DONE_DEF,
    (_source, res, data) => {
      const key = keyOf(data);
      const c = calls.get(key);
      if (!c) return;
      calls.delete(key);
      theLoop().release();
      const slot = new BigUint64Array(1);
      const v = libs.gio.g_dbus_connection_call_finish(c.conn, res, slot);
      libs.gobject.g_object_unref(c.conn);
      if (!v) return c.reject(takeError(libs, slot));
      try {
        c.resolve(fromVariant(v) as unknown[]);
      } catch (e) {
        c.reject(e as Error);
      } finally {
        libs.glib.g_variant_unref(v);
      }
    },
  );
  const signal = new Deno.UnsafeCallback(
    SIGNAL_DEF,
    (_conn, sender, path, iface, member, params, data) => {
      const cb = subscriptions.get(keyOf(data));
      if (!cb) return;
      try {
        cb({
          sender: readCString(sender),
          path: readCString(path),
          iface: readCString(iface),
          member: readCString(member),
          args: params ? fromVariant(params) as unknown[] : [],
        });
      } catch (e) {
        console.error("panes: D-Bus signal handler failed:", e);
      }
    },
  );
  // GDBusInterfaceVTable: method_call, get_property, set_property, padding[8].
  const vtable = new BigUint64Array(11);
  vtable[0] = BigInt(Deno.UnsafePointer.value(method.pointer));
  vtable[1] = BigInt(Deno.UnsafePointer.value(getProp.pointer));
  const made = { method, getProp, done, signal, vtable };
  native = made;
  return made;
}

let connectedCb: Deno.UnsafeCallback<typeof DONE_DEF> | undefined;

/** The GAsyncReadyCallback of every `connect`; lives as long as the process. */
function connectedCallback(): Ptr {
  connectedCb ??= new Deno.UnsafeCallback(DONE_DEF, (_source, res, data) => {
    const key = keyOf(data);
    const p = connecting.get(key);
    if (!p) return;
    connecting.delete(key);
    theLoop().release();
    const libs = dbusLibs();
    const slot = new BigUint64Array(1);
    const conn = libs.gio.g_dbus_connection_new_for_address_finish(res, slot);
    if (conn) p.resolve(conn);
    else p.reject(takeError(libs, slot));
  });
  return connectedCb.pointer;
}

/** Which bus `DBusConnection.session()` would use, or undefined when there is none. */
export function sessionBusAddress(): string | undefined {
  const env = Deno.env.get("DBUS_SESSION_BUS_ADDRESS");
  if (env) return env;
  const runtime = Deno.env.get("XDG_RUNTIME_DIR");
  if (runtime) {
    try {
      if (Deno.statSync(`${runtime}/bus`).isSocket) return `unix:path=${runtime}/bus`;
    } catch { /* no socket */ }
  }
  return undefined;
}

/** One connection to a message bus, served on the main isolate. */
export class DBusConnection {
  readonly #libs: DBusLibs;
  #conn: Ptr | null;
  readonly #objects = new Set<number>();
  readonly #registrations = new Map<number, number>();
  readonly #subs = new Map<number, number>();
  #holdsLoop = false;
  /** This connection's unique bus name (e.g. `:1.42`). */
  readonly uniqueName: string;

  private constructor(libs: DBusLibs, conn: Ptr) {
    this.#libs = libs;
    this.#conn = conn;
    this.uniqueName = readCString(libs.gio.g_dbus_connection_get_unique_name(conn));
  }

  /** Connects to the bus at `address` (a D-Bus address such as `unix:path=/run/user/0/bus`). */
  static open(address: string): DBusConnection {
    const libs = dbusLibs();
    theLoop();
    const slot = new BigUint64Array(1);
    // 1 | 8 = AUTHENTICATION_CLIENT | MESSAGE_BUS_CONNECTION (Hello, a unique name).
    const conn = libs.gio.g_dbus_connection_new_for_address_sync(
      cstr(address),
      9,
      null,
      null,
      slot,
    );
    if (!conn) {
      const e = takeError(libs, slot);
      throw new DBusError(
        e.errorName,
        `cannot connect to the D-Bus bus at ${address}: ${e.message}`,
      );
    }
    return DBusConnection.#adopt(libs, conn, true);
  }

  /**
   * Connects without blocking this isolate. With `holdLoop: false` an idle connection does not
   * keep the process alive (a client that only calls methods: the loop runs while a call waits).
   */
  static async connect(
    address: string,
    options: { holdLoop?: boolean } = {},
  ): Promise<DBusConnection> {
    const libs = dbusLibs();
    const key = nextKey++;
    const conn = await new Promise<Ptr>((resolve, reject) => {
      connecting.set(key, { resolve, reject });
      theLoop().retain();
      theLoop().within(() =>
        libs.gio.g_dbus_connection_new_for_address(
          cstr(address),
          9, // AUTHENTICATION_CLIENT | MESSAGE_BUS_CONNECTION, as in open()
          null,
          null,
          connectedCallback(),
          Deno.UnsafePointer.create(BigInt(key)),
        )
      );
    }).catch((e: DBusError) => {
      throw new DBusError(
        e.errorName,
        `cannot connect to the D-Bus bus at ${address}: ${e.message}`,
      );
    });
    return DBusConnection.#adopt(libs, conn, options.holdLoop ?? true);
  }

  static #adopt(libs: DBusLibs, conn: Ptr, holdLoop: boolean): DBusConnection {
    // A bus that goes away must not end the process (GDBus's default for this kind is false, kept explicit).
    libs.gio.g_dbus_connection_set_exit_on_close(conn, 0);
    const c = new DBusConnection(libs, conn);
    c.#holdsLoop = holdLoop;
    if (holdLoop) theLoop().retain();
    return c;
  }

  #live(): Ptr {
    if (!this.#conn) throw new Error("D-Bus connection closed");
    return this.#conn;
  }

  /** Whether `close()` was called, or the bus closed the connection. */
  get closed(): boolean {
    return this.#conn === null || this.#libs.gio.g_dbus_connection_is_closed(this.#conn) !== 0;
  }

  /**
   * Keeps the loop running for this connection (a client made with `holdLoop: false` that now
   * awaits signals); returns the function that lets it go again.
   */
  hold(): () => void {
    this.#live();
    theLoop().retain();
    let held = true;
    return () => {
      if (held) theLoop().release();
      held = false;
    };
  }

  /** Calls a method; resolves with the reply's values. */
  call(
    dest: string,
    path: string,
    iface: string,
    method: string,
    args?: Variant,
    timeoutMs = 10_000,
  ): Promise<unknown[]> {
    let conn: Ptr;
    let params: Ptr | null = null;
    try {
      conn = this.#live();
      if (args) params = toVariant(args.type, args.value);
    } catch (e) {
      return Promise.reject(e);
    }
    const cb = callbacks();
    const key = nextKey++;
    return new Promise((resolve, reject) => {
      calls.set(key, { resolve, reject, conn });
      // The call holds its own reference: closing the connection mid-call stays safe.
      this.#libs.gobject.g_object_ref(conn);
      theLoop().retain();
      theLoop().within(() =>
        this.#libs.gio.g_dbus_connection_call(
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
          cb.done.pointer,
          Deno.UnsafePointer.create(BigInt(key)),
        )
      );
    });
  }

  /** Exports `iface` at `path`; returns an id for `unexport`. */
  export(path: string, iface: ExportedInterface): number {
    const conn = this.#live();
    const libs = this.#libs;
    let node = nodeInfos.get(iface.xml);
    if (!node) {
      const slot = new BigUint64Array(1);
      const n = libs.gio.g_dbus_node_info_new_for_xml(cstr(iface.xml), slot);
      if (!n) throw new Error(`bad D-Bus introspection XML: ${takeError(libs, slot).message}`);
      node = n;
      nodeInfos.set(iface.xml, node); // a few per process, kept for its life
    }
    const info = libs.gio.g_dbus_node_info_lookup_interface(node, cstr(iface.name));
    if (!info) throw new Error(`the introspection XML has no interface ${iface.name}`);
    const key = nextKey++;
    objects.set(key, iface);
    const slot = new BigUint64Array(1);
    // Method calls are dispatched to the thread-default context at registration.
    const reg = theLoop().within(() =>
      this.#libs.gio.g_dbus_connection_register_object(
        conn,
        cstr(path),
        info,
        Deno.UnsafePointer.of(callbacks().vtable),
        Deno.UnsafePointer.create(BigInt(key)),
        null,
        slot,
      )
    );
    if (reg === 0) {
      objects.delete(key);
      throw new Error(`cannot export ${iface.name} at ${path}: ${takeError(libs, slot).message}`);
    }
    this.#objects.add(key);
    this.#registrations.set(key, reg);
    return key;
  }

  /** Removes an object exported with `export`. */
  unexport(id: number): void {
    const reg = this.#registrations.get(id);
    if (reg === undefined) return;
    this.#registrations.delete(id);
    this.#objects.delete(id);
    objects.delete(id);
    if (this.#conn) this.#libs.gio.g_dbus_connection_unregister_object(this.#conn, reg);
  }

  /** Emits a signal (to everyone, or to `dest`). */
  emit(path: string, iface: string, name: string, args?: Variant, dest?: string): void {
    const conn = this.#live();
    const params = args ? toVariant(args.type, args.value) : null;
    const slot = new BigUint64Array(1);
    const ok = this.#libs.gio.g_dbus_connection_emit_signal(
      conn,
      dest === undefined ? null : cstr(dest),
      cstr(path),
      cstr(iface),
      cstr(name),
      params,
      slot,
    );
    if (!ok) throw takeError(this.#libs, slot);
  }

  /** Subscribes to signals (unset fields match anything); returns an id for `unsubscribe`. */
  subscribe(
    match: { sender?: string; iface?: string; member?: string; path?: string; arg0?: string },
    cb: (signal: DBusSignal) => void,
  ): number {
    const conn = this.#live();
    const key = nextKey++;
    subscriptions.set(key, cb);
    const opt = (s?: string) => (s === undefined ? null : cstr(s));
    const sub = theLoop().within(() =>
      this.#libs.gio.g_dbus_connection_signal_subscribe(
        conn,
        opt(match.sender),
        opt(match.iface),
        opt(match.member),
        opt(match.path),
        opt(match.arg0),
        0,
        callbacks().signal.pointer,
        Deno.UnsafePointer.create(BigInt(key)),
        null,
      )
    );
    this.#subs.set(key, sub);
    return key;
  }

  /** Ends a subscription. */
  unsubscribe(id: number): void {
    const sub = this.#subs.get(id);
    if (sub === undefined) return;
    this.#subs.delete(id);
    subscriptions.delete(id);
    if (this.#conn) this.#libs.gio.g_dbus_connection_signal_unsubscribe(this.#conn, sub);
  }

  /** Unexports everything, unsubscribes, closes the connection and lets the loop stop. */
  close(): void {
    if (!this.#conn) return;
    // Closed from inside a method handler (a tray item whose handler removes the tray): the
    // reply is queued only when the handler returns, so close just after that.
    if (answering > 0) return void setTimeout(() => this.close(), 0);
    for (const id of [...this.#registrations.keys()]) this.unexport(id);
    for (const id of [...this.#subs.keys()]) this.unsubscribe(id);
    const conn = this.#conn;
    this.#conn = null;
    const slot = new BigUint64Array(1);
    // GDBus closes before writing what is queued: flush first, or a reply just given (to the
    // menu click that quit the app) is lost and the caller sees "disconnected without replying".
    if (!this.#libs.gio.g_dbus_connection_flush_sync(conn, null, slot)) takeError(this.#libs, slot);
    slot[0] = 0n;
    if (!this.#libs.gio.g_dbus_connection_close_sync(conn, null, slot)) {
      takeError(this.#libs, slot); // already closed by the peer: nothing to report
    }
    this.#libs.gobject.g_object_unref(conn);
    if (this.#holdsLoop) theLoop().release();
  }
}

export { Variant };
