import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";

const root = new URL("../", import.meta.url).pathname;

/** A private session bus and a fake notification server on it; lines the server printed. */
async function startBus() {
  const dir = await Deno.makeTempDir({ prefix: "panes-bus-" });
  const daemon = new Deno.Command("dbus-daemon", {
    args: ["--session", "--nofork", "--print-address=1", `--address=unix:path=${dir}/bus`],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const dReader = daemon.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let address = "";
  while (!address.includes("\n")) {
    const { value, done } = await dReader.read();
    if (done) throw new Error("dbus-daemon ended before printing its address");
    address += value;
  }
  address = address.trim();
  const server = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tests/support/fake_notifications.ts", address],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines: Array<{ method?: string; params?: string; ready?: boolean }> = [];
  const pump = (async () => {
    let buf = "";
    for await (const chunk of server.stdout.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        lines.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
      }
    }
  })();
  await waitFor(() => lines.some((l) => l.ready), "the fake notification server", 30_000);
  return {
    address,
    calls: () => lines.filter((l) => l.method),
    async stop() {
      server.kill("SIGKILL");
      daemon.kill("SIGTERM");
      await server.status;
      await pump.catch(() => {});
      dReader.releaseLock();
      await daemon.stdout.cancel().catch(() => {});
      await daemon.status;
    },
  };
}

Deno.test(
  "notification: guest package and panes.notification reach a D-Bus notification server; denied windows send nothing",
  WINDOW_TEST,
  async () => {
    const bus = await startBus();
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
      const denied = await other.evalJs<{ code: string; permission: string }>(
        `panes.notification.sendNotification("nope").then(() => ({}), (e) => ({ code: e.code, permission: e.data.permission }))`,
      );
      assertEquals(denied, { code: "forbidden", permission: "notification:allow-notify" });
      await new Promise((r) => setTimeout(r, 500));
      assertEquals(bus.calls().length, 2, "a denied notification must not reach the server");
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
    const r = await win.evalJs<{ code: string; message: string }>(
      `panes.notification.sendNotification("x").then(() => ({}), (e) => ({ code: e.code, message: e.message }))`,
      { timeoutMs: 20_000 },
    );
    assertEquals(r.code, "notification");
    assert(r.message.startsWith("cannot show the notification"), r.message);
  },
);
