/**
 * A tray host for tests: a private session bus (`dbus-daemon --session`) with a minimal
 * StatusNotifierWatcher on it, and what a panel does with an item (read its properties, click
 * its dbusmenu entries).
 * @module
 */
import { assertEquals } from "./assert.ts";
import { DBusConnection, Variant } from "../../linux/dbus/connection.ts";

export const DBUS = [
  "org.freedesktop.DBus",
  "/org/freedesktop/DBus",
  "org.freedesktop.DBus",
] as const;
export const ITEM = "org.kde.StatusNotifierItem";
export const MENU = "com.canonical.dbusmenu";
export const WATCHER = "org.kde.StatusNotifierWatcher";

/** A private session bus (`dbus-daemon --session`) for one test. */
export async function privateBus(): Promise<{ address: string; stop(): Promise<void> }> {
  const child = new Deno.Command("dbus-daemon", {
    args: ["--session", "--print-address", "--nofork"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  let text = "";
  const deadline = Date.now() + 10_000;
  while (!text.includes("\n")) {
    if (Date.now() > deadline) throw new Error("dbus-daemon printed no address within 10 s");
    const { value, done } = await reader.read();
    if (done) throw new Error("dbus-daemon exited before printing its address");
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  void child.stdout.cancel();
  return {
    address: text.trim().split("\n")[0],
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* gone */ }
      await child.status;
    },
  };
}

const WATCHER_XML = `<node><interface name="${WATCHER}">
<method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
<method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
<property name="RegisteredStatusNotifierItems" type="as" access="read"/>
<property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
<property name="ProtocolVersion" type="i" access="read"/>
<signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
</interface></node>`;

/** A minimal StatusNotifierWatcher (what a panel's tray runs), on its own connection. */
export class FakeWatcher {
  readonly items: string[] = [];
  readonly conn: DBusConnection;
  private constructor(conn: DBusConnection) {
    this.conn = conn;
  }
  static async start(address: string): Promise<FakeWatcher> {
    const w = new FakeWatcher(DBusConnection.open(address));
    w.conn.export("/StatusNotifierWatcher", {
      xml: WATCHER_XML,
      name: WATCHER,
      method: (name, args) => {
        if (name === "RegisterStatusNotifierItem") {
          w.items.push(String(args[0]));
          w.conn.emit(
            "/StatusNotifierWatcher",
            WATCHER,
            "StatusNotifierItemRegistered",
            new Variant("(s)", [args[0]]),
          );
        }
        return undefined;
      },
      property: (name) =>
        name === "RegisteredStatusNotifierItems"
          ? new Variant("as", w.items)
          : name === "IsStatusNotifierHostRegistered"
          ? new Variant("b", true)
          : new Variant("i", 0),
    });
    const [r] = await w.conn.call(...DBUS, "RequestName", new Variant("(su)", [WATCHER, 4]));
    assertEquals(r, 1, "the fake watcher owns its name");
    return w;
  }
  /** Reads a property of the item at `busName`. */
  async prop(busName: string, iface: string, path: string, name: string): Promise<unknown> {
    const [v] = await this.conn.call(
      busName,
      path,
      "org.freedesktop.DBus.Properties",
      "Get",
      new Variant("(ss)", [iface, name]),
    );
    return v;
  }
}

export type Layout = [number, Record<string, unknown>, Layout[]];

export function withEnv(vars: Record<string, string | undefined>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = Deno.env.get(k);
    if (v === undefined) Deno.env.delete(k);
    else Deno.env.set(k, v);
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    }
  };
}

/** A private session bus with a fake StatusNotifierWatcher on it, for the length of `fn`. */
export async function withWatcher(
  fn: (watcher: FakeWatcher, bus: { address: string }) => Promise<void>,
): Promise<void> {
  const bus = await privateBus();
  const restore = withEnv({ DBUS_SESSION_BUS_ADDRESS: bus.address });
  const watcher = await FakeWatcher.start(bus.address);
  try {
    await fn(watcher, bus);
  } finally {
    if (!watcher.conn.closed) watcher.conn.close();
    restore();
    await bus.stop();
  }
}

/** Clicks menu entry `num` of the tray `busName`, as a tray host does (dbusmenu `Event`). */
export function clickEntry(watcher: FakeWatcher, busName: string, num: number): Promise<unknown> {
  return watcher.conn.call(
    busName,
    "/MenuBar",
    MENU,
    "Event",
    new Variant("(isvu)", [num, "clicked", new Variant("s", ""), 0]),
  );
}
