/**
 * The taskbar badge and progress bar as Linux desktops have them: Unity's LauncherEntry API, a
 * `com.canonical.Unity.LauncherEntry.Update` signal on the session bus naming the app's desktop
 * entry (`application://<identifier>.desktop`), which docks (Ubuntu Dock, Dash to Dock, KDE
 * Plasma's task manager, Plank) show on the app's launcher. Like Tauri's Linux port, the badge
 * and the progress are app-wide, not per window.
 * @module
 */

import { InvokeError } from "../../../bridge/invoke_error.ts";

/** Sends one LauncherEntry update with these properties (`count`, `progress`, …). */
export async function launcherUpdate(
  identifier: string,
  props: Record<string, { type: string; value: unknown }>,
): Promise<void> {
  const D = await import("../../../linux/dbus/connection.ts");
  const address = D.sessionBusAddress();
  if (!address) {
    throw new InvokeError(
      "the taskbar badge and progress are unsupported here: there is no D-Bus session bus, which the desktop's launcher API (com.canonical.Unity.LauncherEntry) needs",
      undefined,
      "unsupported",
    );
  }
  const conn = D.DBusConnection.open(address);
  try {
    const entries: Record<string, InstanceType<typeof D.Variant>> = {};
    for (const [k, v] of Object.entries(props)) entries[k] = new D.Variant(v.type, v.value);
    // The object path only has to be unique per app; docks match on the app URI.
    const path = `/com/canonical/unity/launcherentry/${
      identifier.replace(/[^A-Za-z0-9]/g, "_") || "app"
    }`;
    conn.emit(
      path,
      "com.canonical.Unity.LauncherEntry",
      "Update",
      new D.Variant("(sa{sv})", [`application://${identifier}.desktop`, entries]),
    );
  } finally {
    conn.close(); // GDBus writes what is queued before it closes
  }
}
