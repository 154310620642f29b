/**
 * Desktop notifications: a client of org.freedesktop.Notifications on the session bus, through
 * the one D-Bus client (linux/dbus/). Its connection is private, so the bus going away never
 * ends the process and a later call reconnects; it does not keep the process alive while idle.
 * @module
 */

import type { DBusConnection, Variant } from "./dbus/connection.ts";
import type { DesktopNotifications } from "../plugins/native.ts";

/** The D-Bus client, loaded by the first notification (an app that sends none never loads it). */
const dbus = () => import("./dbus/connection.ts");

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

async function call(method: string, args: Variant): Promise<unknown[]> {
  const conn = await connection();
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
        [],
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
};
