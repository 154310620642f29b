/**
 * A tray host for tests: a private session bus (`dbus-daemon --session`) with a minimal
 * StatusNotifierWatcher, and the clicks a panel sends to an item.
 * @module
 */

import { DBusConnection, Variant } from "../../linux/dbus/connection.ts";

const DBUS = ["org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus"] as const;
const WATCHER = "org.kde.StatusNotifierWatcher";
const WATCHER_XML = `<node><interface name="${WATCHER}">
<method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
<method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
<property name="RegisteredStatusNotifierItems" type="as" access="read"/>
<property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
<property name="ProtocolVersion" type="i" access="read"/>
<signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
</interface></node>`;

/** The bus and its watcher; `DBUS_SESSION_BUS_ADDRESS` points at it until disposed. */
export interface TrayHost {
  /** Bus names of the items registered so far. */
  readonly items: string[];
  /** A left click on the item `busName` at screen point `x`, `y` (StatusNotifierItem.Activate). */
  activate(busName: string, x: number, y: number): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts the bus and the watcher. */
export async function startTrayHost(): Promise<TrayHost> {
  const daemon = new Deno.Command("dbus-daemon", {
    args: ["--session", "--print-address", "--nofork"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = daemon.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = Date.now() + 10_000;
  while (!text.includes("\n")) {
    if (Date.now() > deadline) throw new Error("dbus-daemon printed no address within 10 s");
    const { value, done } = await reader.read();
    if (done) throw new Error("dbus-daemon exited before printing its address");
    text += value;
  }
  reader.releaseLock();
  void daemon.stdout.cancel().catch(() => {});
  const address = text.trim().split("\n")[0];
  const saved = Deno.env.get("DBUS_SESSION_BUS_ADDRESS");
  Deno.env.set("DBUS_SESSION_BUS_ADDRESS", address);
  const conn = DBusConnection.open(address);
  const items: string[] = [];
  conn.export("/StatusNotifierWatcher", {
    xml: WATCHER_XML,
    name: WATCHER,
    method: (name, args) => {
      if (name === "RegisterStatusNotifierItem") items.push(String(args[0]));
      return undefined;
    },
    property: (name) =>
      name === "RegisteredStatusNotifierItems"
        ? new Variant("as", items)
        : name === "IsStatusNotifierHostRegistered"
        ? new Variant("b", true)
        : new Variant("i", 0),
  });
  const [owned] = await conn.call(...DBUS, "RequestName", new Variant("(su)", [WATCHER, 4]));
  if (owned !== 1) throw new Error("the test's watcher did not get its name");
  return {
    items,
    async activate(busName, x, y) {
      await conn.call(
        busName,
        "/StatusNotifierItem",
        "org.kde.StatusNotifierItem",
        "Activate",
        new Variant("(ii)", [x, y]),
      );
    },
    async [Symbol.asyncDispose]() {
      if (!conn.closed) conn.close();
      if (saved === undefined) Deno.env.delete("DBUS_SESSION_BUS_ADDRESS");
      else Deno.env.set("DBUS_SESSION_BUS_ADDRESS", saved);
      try {
        daemon.kill("SIGTERM");
      } catch { /* gone */ }
      await daemon.status;
    },
  };
}
