/**
 * Scheduled notifications through @tauri-apps/plugin-notification in a real window: panes keeps
 * them in the host (the desktop's server cannot schedule) and shows them on time, against a fake
 * org.freedesktop.Notifications server on a private bus; pending() and cancel() are real.
 */
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App, type WindowHandle } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { startNotificationBus } from "./support/notification_bus.ts";
import { assertRejectsWithString, call, type Result as R } from "./support/guest_call.ts";

const run = (win: WindowHandle, js: string) =>
  win.evalJs<R>(
    call(`const N = tauriGuest.notification; ${js}`),
  );

Deno.test(
  "notification: scheduled at a date, every few seconds and by interval; pending and cancel; a refused cancel keeps them",
  WINDOW_TEST,
  async () => {
    const bus = await startNotificationBus();
    Deno.env.set("DBUS_SESSION_BUS_ADDRESS", bus.address);
    try {
      await using app = new App({
        config: false,
        plugins: ["notification"],
        capabilities: [
          { identifier: "n", windows: ["main"], permissions: ["notification:default"] },
          { identifier: "o", windows: ["other"], permissions: ["notification:allow-notify"] },
        ],
      });
      const page = `${await guestScriptTag()}<p>n</p>`;
      const win = await app.show(page, { label: "main", width: 240, height: 160 });
      const other = await app.show(page, { label: "other", width: 240, height: 160 });
      const shown = (title: string) =>
        bus.calls().filter((c) => c.method === "Notify" && c.params!.includes(`'${title}'`))
          .length;

      // Far in the future (an hour, and 09:00 daily): pending, not shown.
      const later = await run(
        win,
        `N.sendNotification({ id: 21, title: "Later", schedule: N.Schedule.at(new Date(Date.now() + 3600000)) });
         N.sendNotification({ id: 22, title: "Daily", schedule: N.Schedule.interval({ hour: 9, minute: 0, second: 0 }) });
         for (let i = 0; i < 100; i++) {
           const p = await N.pending();
           if (p.length === 2) return p.sort((a, b) => a.id - b.id);
           await new Promise((r) => setTimeout(r, 50));
         }
         return await N.pending();`,
      );
      assert(later.ok, JSON.stringify(later));
      const list = later.v as Array<
        { id: number; title: string; schedule: Record<string, unknown> }
      >;
      assertEquals(list.map((p) => [p.id, p.title]), [[21, "Later"], [22, "Daily"]]);
      assert(list[0].schedule.at, JSON.stringify(list[0]));
      assertEquals(list[1].schedule.interval, {
        interval: { hour: 9, minute: 0, second: 0 },
        allowWhileIdle: false,
      });
      assertEquals(bus.calls().length, 0, "a scheduled notification was shown at once");

      // A window without allow-cancel: refused, both still pending.
      const denied = await run(other, `await N.cancel([21])`);
      assertRejectsWithString(
        denied,
        'notification.cancel not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: n, permission: allow-cancel',
      );
      assertEquals(
        ((await run(win, `return await N.pending()`)).v as unknown[]).length,
        2,
        "a refused cancel removed a pending notification",
      );
      // Positive control: the granted window cancels one, then the rest.
      assertEquals(await run(win, `await N.cancel([21])`), { ok: true });
      assertEquals(
        ((await run(win, `return await N.pending()`)).v as Array<{ id: number }>).map((p) => p.id),
        [22],
      );
      assertEquals(await run(win, `await N.cancelAll()`), { ok: true });
      assertEquals(await run(win, `return await N.pending()`), { ok: true, v: [] });

      // Soon: shown by the host's timer, then no longer pending.
      await run(
        win,
        `await N.registerActionTypes([{ id: "t", actions: [{ id: "go", title: "Go" }] }]);
         await panes.notification.sendNotification({ id: 23, title: "Soon", body: "now", actionTypeId: "t", schedule: N.Schedule.at(new Date(Date.now() + 1000)) })`,
      );
      await waitFor(() => shown("Soon") === 1, "the scheduled notification", 15_000);
      // Shown with its type's actions.
      assertMatch(
        bus.calls().find((c) => c.params?.includes("'Soon'"))!.params!,
        /'Soon', 'now', \['go', 'Go', 'default', ''\]/,
      );
      await waitFor(
        async () => ((await run(win, `return await N.pending()`)).v as unknown[]).length === 0,
        "a shown notification leaving pending()",
      );

      // Every second: shown again and again, pending until cancelled.
      await run(
        win,
        `await panes.notification.sendNotification({ id: 24, title: "Tick", schedule: N.Schedule.every(N.ScheduleEvery.Second, 1) })`,
      );
      await waitFor(() => shown("Tick") >= 2, "two ticks", 15_000);
      assertEquals(
        ((await run(win, `return await N.pending()`)).v as Array<{ id: number }>).map((p) => p.id),
        [24],
      );
      await run(win, `await N.cancel([24])`);
      const ticks = shown("Tick");
      // A marker scheduled after the cancel: once it is shown, any tick sent before the cancel
      // has been seen too (one connection, in order), and no later one came.
      await run(
        win,
        `await panes.notification.sendNotification({ title: "Marker", schedule: N.Schedule.at(new Date(Date.now() + 1500)) })`,
      );
      await waitFor(() => shown("Marker") === 1, "the marker", 15_000);
      assert(shown("Tick") <= ticks + 1, `ticks went on after cancel: ${ticks} → ${shown("Tick")}`);

      // A date in the past or a schedule that never comes: a clear error, nothing kept.
      const past = await run(
        win,
        `await panes.notification.sendNotification({ title: "Past", schedule: N.Schedule.at(new Date(Date.now() - 1000)) })`,
      );
      assertRejectsWithString(past, /must be in the future/);
      const never = await run(
        win,
        `await panes.notification.sendNotification({ title: "Never", schedule: N.Schedule.interval({ month: 2, day: 30 }) })`,
      );
      assertRejectsWithString(never, /never comes|never/);
      assertEquals(await run(win, `return await N.pending()`), { ok: true, v: [] });
    } finally {
      Deno.env.delete("DBUS_SESSION_BUS_ADDRESS");
      await bus.stop();
    }
  },
);
