import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { startNotificationBus } from "./support/notification_bus.ts";
import { assertRejectsWithString, call, type Result as R } from "./support/guest_call.ts";

Deno.test(
  "notification: guest package and panes.notification reach a D-Bus notification server; denied windows send nothing",
  WINDOW_TEST,
  async () => {
    const bus = await startNotificationBus();
    try {
      // GIO reads the session bus address when the first notification goes out.
      Deno.env.set("DBUS_SESSION_BUS_ADDRESS", bus.address);
      await using app = new App({
        config: false,
        identifier: "dev.panes.test-notify",
        plugins: ["notification"],
        capabilities: [{
          identifier: "n",
          windows: ["main"],
          permissions: ["notification:default"],
        }, {
          identifier: "notifier",
          windows: ["notifier"],
          permissions: ["notification:allow-notify"],
        }],
      });
      const win = await app.show(`${await guestScriptTag()}<p>notify</p>`, {
        label: "main",
        width: 240,
        height: 160,
      });
      const granted = await win.evalJs(`tauriGuest.notification.isPermissionGranted()`);
      assertEquals(granted, true);
      await win.evalJs(
        `tauriGuest.notification.sendNotification({ title: "Build done", body: "it's 100% \\"green\\"" }), 0`,
      );
      await waitFor(() => bus.calls().length >= 1, "Notify from the guest package", 15_000);
      const first = bus.calls()[0];
      assertEquals(first.method, "Notify");
      assertMatch(first.params!, /'dev\.panes\.test-notify'/);
      assertMatch(first.params!, /'Build done'/);
      assertMatch(first.params!, /it's 100% \\"green\\"/);
      assertMatch(first.params!, /'desktop-entry': <'dev\.panes\.test-notify'>/);
      const r = await win.evalJs(
        `panes.notification.sendNotification({ title: "Second", body: "from panes" }).then(() => "sent")`,
      );
      assertEquals(r, "sent");
      await waitFor(() => bus.calls().length >= 2, "Notify from panes.notification", 15_000);
      assertMatch(bus.calls()[1].params!, /'Second', 'from panes'/);

      const other = await app.show(`<p>other</p>`, { label: "other", width: 240, height: 160 });
      const denied = await other.evalJs<R>(
        call(`await panes.notification.sendNotification("nope")`),
      );
      assertRejectsWithString(
        denied,
        'notification.notify not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local], [windows: "notifier", URL: local]\n\nreferenced by: capability: n, permission: allow-notify || capability: notifier, permission: allow-notify',
      );
      await new Promise((r) => setTimeout(r, 500));
      assertEquals(bus.calls().length, 2, "a denied notification must not reach the server");

      // active / removeActive through the guest package; what Linux lacks is a clear error.
      await win.evalJs(
        `panes.notification.sendNotification({ id: 7, title: "Kept", body: "b" }).then(() => 0)`,
      );
      await waitFor(() => bus.calls().length >= 3, "Notify with an id", 15_000);
      const run = (js: string) =>
        win.evalJs<R>(
          call(js),
        );
      const active = await run(`return await tauriGuest.notification.active()`);
      assert(active.ok, JSON.stringify(active));
      assertEquals(
        (active.v as Array<{ id: number; title: string }>).map((n) => [n.id, n.title]),
        [[7, "Kept"]],
      );
      assertEquals(await run(`return await tauriGuest.notification.pending()`), {
        ok: true,
        v: [],
      });
      // Android's channels have no desktop counterpart: a clear error.
      const unsupported = {
        channels: `await tauriGuest.notification.createChannel({ id: "c", name: "C" })`,
        listChannels: `await tauriGuest.notification.channels()`,
      };
      for (const [what, js] of Object.entries(unsupported)) {
        const r = await run(js);
        assertRejectsWithString(r, /unsupported on this platform/, what);
      }
      // Refused notifications never reached the server.
      await new Promise((r) => setTimeout(r, 300));
      assertEquals(bus.calls().length, 3);
      // A window that may only notify cannot list or remove them.
      const notifier = await app.show(`${await guestScriptTag()}<p>n</p>`, {
        label: "notifier",
        width: 240,
        height: 160,
      });
      const listed = await notifier.evalJs<R>(
        call(`await tauriGuest.notification.removeActive([{ id: 7 }])`),
      );
      assertRejectsWithString(
        listed,
        'notification.remove_active not allowed on window "notifier", webview "notifier", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: n, permission: allow-remove-active',
      );
      await new Promise((r) => setTimeout(r, 300));
      assertEquals(bus.calls().length, 3, "a refused removeActive closed a notification");
      // Positive control: the granted window removes it (CloseNotification on the bus).
      assertEquals(await run(`await tauriGuest.notification.removeActive([{ id: 7 }])`), {
        ok: true,
      });
      await waitFor(
        () => bus.calls().some((c) => c.method === "CloseNotification"),
        "CloseNotification",
        15_000,
      );
      assertEquals(await run(`return await tauriGuest.notification.active()`), { ok: true, v: [] });
      // removeAllActive (no list) closes every one still shown.
      await win.evalJs(
        `panes.notification.sendNotification({ id: 8, title: "Eight" }).then(() => 0)`,
      );
      assertEquals(await run(`await tauriGuest.notification.removeAllActive()`), { ok: true });
      await waitFor(
        () => bus.calls().filter((c) => c.method === "CloseNotification").length === 2,
        "CloseNotification of all",
        15_000,
      );
      assertEquals(await run(`return await tauriGuest.notification.active()`), { ok: true, v: [] });
    } finally {
      Deno.env.delete("DBUS_SESSION_BUS_ADDRESS");
      await bus.stop();
    }
  },
);

Deno.test(
  "notification: no server on the bus is a clear error, not a hang",
  WINDOW_TEST,
  async () => {
    // The first test's bus is gone and no other is set: the call fails with a clear error.
    await using app = new App({
      config: false,
      plugins: ["notification"],
      capabilities: ["notification:default"],
    });
    const win = await app.show(`<p>n</p>`, { width: 240, height: 160 });
    const r = await win.evalJs<R>(call(`await panes.notification.sendNotification("x")`), {
      timeoutMs: 20_000,
    });
    assertRejectsWithString(r, /^cannot show the notification/);
  },
);
