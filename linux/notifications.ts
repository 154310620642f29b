/**
 * Desktop notifications: a client of org.freedesktop.Notifications on the session bus, through
 * the one D-Bus client (linux/dbus/). Its connection is private, so the bus going away never
 * ends the process and a later call reconnects; it does not keep the process alive while idle,
 * only while someone listens to the server's signals (`ActionInvoked`, `NotificationClosed`).
 * @module
 */

import type { DBusConnection, Variant } from "./dbus/connection.ts";
import type { DesktopNotifications, NotificationSignal } from "../plugins/native.ts";
import { loadLater } from "../ffi/load_later.ts";

/** The D-Bus client, loaded by the first notification (an app that sends none never loads it). */
// A computed specifier: a literal import() would make Deno load it with the app (graph.ts).
const dbus = () =>
  loadLater<typeof import("./dbus/connection.ts")>(
    new URL("./dbus/connection.ts", import.meta.url),
  );

const DEST = "org.freedesktop.Notifications";
const PATH = "/org/freedesktop/Notifications";

let bus: Promise<DBusConnection> | undefined;

/** The session bus connection, made on first use and again after the bus closed it. */
async function connection(): Promise<DBusConnection> {
  if (bus) {
    const c = await bus.catch(() => undefined);
    if (c && !c.closed) return c;
    c?.close();
    bus = undefined;
  }
  const attempt = (async () => {
    const { DBusConnection, sessionBusAddress } = await dbus();
    const address = sessionBusAddress();
    if (!address) throw new Error("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
    return await DBusConnection.connect(address, { holdLoop: false });
  })();
  bus = attempt;
  attempt.catch(() => {
    if (bus === attempt) bus = undefined;
  });
  return await attempt;
}

type Handler = (signal: NotificationSignal) => void;
const handlers = new Set<Handler>();
/** The signal subscriptions, on the connection they were made on, and its loop hold. */
let subscribed: { conn: DBusConnection; ids: number[]; release: () => void } | undefined;

function unsubscribe(): void {
  if (!subscribed) return;
  const { conn, ids, release } = subscribed;
  subscribed = undefined;
  if (!conn.closed) { for (const id of ids) conn.unsubscribe(id); }
  release();
}

/**
 * Subscribes `conn` to the server's signals while anyone listens (again after a reconnect).
 * Matched by interface and path, not sender: servers send them to the notifying client.
 */
function subscribe(conn: DBusConnection): void {
  if (handlers.size === 0 || (subscribed?.conn === conn && !conn.closed)) return;
  unsubscribe();
  const deliver = (signal: NotificationSignal) => {
    for (const h of [...handlers]) h(signal);
  };
  const ids = [
    conn.subscribe(
      { iface: DEST, path: PATH, member: "ActionInvoked" },
      (s) => deliver({ type: "action", id: Number(s.args[0]), action: String(s.args[1]) }),
    ),
    conn.subscribe(
      { iface: DEST, path: PATH, member: "NotificationClosed" },
      (s) => deliver({ type: "closed", id: Number(s.args[0]), reason: Number(s.args[1]) }),
    ),
  ];
  subscribed = { conn, ids, release: conn.hold() };
}

async function call(method: string, args?: Variant): Promise<unknown[]> {
  const conn = await connection();
  subscribe(conn);
  try {
    return await conn.call(DEST, PATH, DEST, method, args);
  } catch (e) {
    throw new Error(`${DEST}.${method} failed: ${e instanceof Error ? e.message : e}`);
  }
}

/** The session bus's notification server. */
export const desktopNotifications: DesktopNotifications = {
  async notify(n) {
    const { Variant } = await dbus();
    const hints: Record<string, Variant> = { "desktop-entry": new Variant("s", n.appName) };
    if (n.sound) hints["sound-name"] = new Variant("s", n.sound);
    if (n.silent) hints["suppress-sound"] = new Variant("b", true);
    const [id] = await call(
      "Notify",
      new Variant("(susssasa{sv}i)", [
        n.appName,
        n.replaces,
        n.icon,
        n.title,
        n.body,
        (n.actions ?? []).flat(),
        hints,
        -1,
      ]),
    );
    return Number(id);
  },
  async close(id) {
    const { Variant } = await dbus();
    await call("CloseNotification", new Variant("(u)", [id]));
  },
  async capabilities() {
    const [caps] = await call("GetCapabilities");
    return Array.isArray(caps) ? caps.map(String) : [];
  },
  async listen(handler) {
    handlers.add(handler);
    try {
      subscribe(await connection());
    } catch (e) {
      handlers.delete(handler);
      throw e;
    }
    return () => {
      if (handlers.delete(handler) && handlers.size === 0) unsubscribe();
    };
  },
};
