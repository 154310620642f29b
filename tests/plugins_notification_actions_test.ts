/**
 * notification actions and listeners through @tauri-apps/plugin-notification in a real window,
 * against a fake org.freedesktop.Notifications server on a private bus that plays the user
 * (ActionInvoked, NotificationClosed) and can lack the "actions" capability.
 */
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App, type WindowHandle } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { type NotificationBus, startNotificationBus } from "./support/notification_bus.ts";
import { assertRejectsWithString, call, type Result as R } from "./support/guest_call.ts";

const run = (win: WindowHandle, js: string) =>
  win.evalJs<R>(
    call(js),
  );

/** Runs `body` with a private bus whose fake server the app's notifications reach. */
async function withBus(body: (bus: NotificationBus) => Promise<void>): Promise<void> {
  const bus = await startNotificationBus();
  // GIO reads the session bus address when the first notification goes out.
  Deno.env.set("DBUS_SESSION_BUS_ADDRESS", bus.address);
  try {
    await body(bus);
  } finally {
    Deno.env.delete("DBUS_SESSION_BUS_ADDRESS");
    await bus.stop();
  }
}

const CHAT =
  `{ id: "chat", actions: [{ id: "reply", title: "Reply" }, { id: "mark", title: "Mark read" }] }`;

Deno.test(
  "notification: an action type's buttons reach the server; the user's click reaches onAction; onNotificationReceived fires; refused listeners and types have no effect",
  WINDOW_TEST,
  () =>
    withBus(async (bus) => {
      await using app = new App({
        config: false,
        identifier: "dev.panes.test-actions",
        plugins: ["notification"],
        capabilities: [
          { identifier: "n", windows: ["main"], permissions: ["notification:default"] },
          { identifier: "m", windows: ["mute"], permissions: ["notification:allow-notify"] },
        ],
      });
      const page = `${await guestScriptTag()}<p>n</p>`;
      const win = await app.show(page, { label: "main", width: 240, height: 160 });
      const mute = await app.show(page, { label: "mute", width: 240, height: 160 });
      const N = "tauriGuest.notification";

      // A window without the permissions: its listener and its action type are refused.
      const deniedListen = await run(
        mute,
        `window.heard = []; await ${N}.onAction((a) => heard.push(a))`,
      );
      assertRejectsWithString(
        deniedListen,
        'notification.registerListener not allowed on window "mute", webview "mute", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: n, permission: allow-registerListener',
      );
      const deniedTypes = await run(
        mute,
        `await ${N}.registerActionTypes([{ id: "evil", actions: [{ id: "x", title: "X" }] }])`,
      );
      assertRejectsWithString(
        deniedTypes,
        'notification.register_action_types not allowed on window "mute", webview "mute", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: n, permission: allow-register-action-types',
      );
      // No effect: the type does not exist for anyone.
      const noType = await run(
        win,
        `await panes.notification.sendNotification({ title: "E", actionTypeId: "evil" })`,
      );
      assertRejectsWithString(noType, /no action type "evil" is registered/);
      assertEquals(bus.calls().length, 0);

      // An event the plugin does not have: a clear error.
      const bogus = await run(
        win,
        `await __TAURI_INTERNALS__.invoke("plugin:notification|register_listener", { event: "bogus", handler: new panes.Channel(() => {}) })`,
      );
      assertRejectsWithString(bogus, /notification and actionPerformed/);
      const reserved = await run(
        win,
        `await ${N}.registerActionTypes([{ id: "r", actions: [{ id: "default", title: "D" }] }])`,
      );
      assertRejectsWithString(reserved, /cannot be "default"/);
      // Positive control: the granted window registers a type and listens.
      assertEquals(
        await run(
          win,
          `window.got = { actions: [], kept: [], received: [] };
           await ${N}.registerActionTypes([${CHAT}]);
           window.dropped = await ${N}.onAction((a) => got.actions.push(a));
           await ${N}.onAction((a) => got.kept.push(a));
           await ${N}.onNotificationReceived((n) => got.received.push(n));`,
        ),
        { ok: true, v: undefined },
      );
      await win.evalJs(
        `${N}.sendNotification({ id: 5, title: "New message", body: "hi", actionTypeId: "chat", extra: { room: "r1" } }), 0`,
      );
      await waitFor(
        () => bus.calls().some((c) => c.method === "Notify"),
        "Notify with actions",
        15_000,
      );
      const notify = bus.calls().find((c) => c.method === "Notify")!;
      assert(
        notify.params!.includes(`['reply', 'Reply', 'mark', 'Mark read', 'default', '']`),
        notify.params,
      );
      assert(
        bus.calls().some((c) => c.method === "GetCapabilities"),
        "the server's capabilities were checked",
      );
      type Got = {
        actions: Array<{ actionId: string; notification: Record<string, unknown> }>;
        kept: Array<{ actionId: string }>;
        received: Array<Record<string, unknown>>;
      };
      const got = () => win.evalJs<Got>(`got`);
      const received = await waitFor(async () => {
        const g = await got();
        return g.received.length ? g.received : null;
      }, "onNotificationReceived");
      assertEquals(received![0].id, 5);
      assertEquals(received![0].title, "New message");
      assertEquals(received![0].actionTypeId, "chat");

      // The user clicks "Mark read": both listeners hear Tauri's payload.
      await bus.send({ invoke: [notify.id, "mark"] });
      await waitFor(async () => (await got()).kept.length === 1, "onAction (mark)");
      const g1 = await got();
      assertEquals(g1.actions.length, 1);
      assertEquals(g1.actions[0].actionId, "mark");
      const n = g1.actions[0].notification;
      assertEquals([n.id, n.title, n.body, n.actionTypeId], [5, "New message", "hi", "chat"]);
      assertEquals(n.extra, { room: "r1" });
      assertEquals(await mute.evalJs(`heard.length`), 0, "a refused listener heard an action");

      // A click on the notification itself is Tauri's "tap"; an unregistered listener hears
      // nothing more while the other (the control) still does.
      await run(win, `await dropped.unregister()`);
      await bus.send({ invoke: [notify.id, "default"] });
      await waitFor(async () => (await got()).kept.length === 2, "onAction (tap)");
      const g2 = await got();
      assertEquals(g2.kept[1].actionId, "tap");
      assertEquals(g2.actions.length, 1, "an unregistered listener was called");
      // Dismissed after acting: no "dismiss" (the type did not ask for customDismissAction),
      // and no longer active.
      const activeIds = async () =>
        ((await run(win, `return await ${N}.active()`)).v as Array<{ id: number }>).map((a) =>
          a.id
        );
      assertEquals(await activeIds(), [5]);
      await bus.send({ close: [notify.id, 2] });
      await waitFor(async () => (await activeIds()).length === 0, "closed leaving active()");

      // A type with customDismissAction reports a dismissal.
      await run(
        win,
        `await ${N}.registerActionTypes([{ id: "bye", customDismissAction: true, actions: [{ id: "ok", title: "OK" }] }])`,
      );
      const sent = await run(
        win,
        `await panes.notification.sendNotification({ title: "Dismiss me", actionTypeId: "bye" })`,
      );
      assert(sent.ok, JSON.stringify(sent));
      const second = bus.calls().filter((c) => c.method === "Notify").at(-1)!;
      assertMatch(second.params!, /'Dismiss me'/);
      await bus.send({ close: [second.id, 2] });
      await waitFor(async () => (await got()).kept.length === 3, "onAction (dismiss)");
      const g3 = await got();
      assertEquals(g3.kept.map((a) => a.actionId), ["mark", "tap", "dismiss"]);
      assertEquals(g3.received.length, 2);
    }),
);

Deno.test(
  "notification: a server without the actions capability is a clear error and nothing is shown",
  WINDOW_TEST,
  () =>
    withBus(async (bus) => {
      await bus.send({ caps: ["body"] });
      await using app = new App({
        config: false,
        plugins: ["notification"],
        capabilities: ["notification:default"],
      });
      const win = await app.show(`${await guestScriptTag()}<p>n</p>`, { width: 240, height: 160 });
      const r = await run(
        win,
        `await tauriGuest.notification.registerActionTypes([${CHAT}]);
         await panes.notification.sendNotification({ title: "Act", actionTypeId: "chat" })`,
      );
      assertRejectsWithString(r, /server does not offer them \(its capabilities: body\)/);
      assertEquals(bus.calls().filter((c) => c.method === "Notify").length, 0);
      // Positive control: the same notification without actions is shown.
      assertEquals(
        await run(win, `await panes.notification.sendNotification({ title: "Plain" })`),
        { ok: true },
      );
      // The server's log comes over its stdout, which may trail its D-Bus reply: wait for the line.
      const notifies = () => bus.calls().filter((c) => c.method === "Notify").length;
      await waitFor(() => notifies() > 0, "the fake server's Notify line", 15_000);
      // Exactly one: the refused notification above did not reach the server.
      assertEquals(notifies(), 1);
    }),
);
