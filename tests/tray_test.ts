import { PIXELS_3X2 } from "./support/pixels_3x2.ts";
import { assert, assertEquals, assertMatch, assertRejects } from "./support/assert.ts";
import {
  App,
  CheckMenuItem,
  Menu,
  MenuItem,
  PredefinedMenuItem,
  Submenu,
  TrayError,
} from "../mod.ts";
import { DBusConnection, type DBusSignal, Variant } from "../linux/dbus/connection.ts";
import {
  clickEntry,
  DBUS,
  FakeWatcher,
  ITEM,
  type Layout,
  MENU,
  privateBus,
  withEnv,
  withWatcher,
} from "./support/status_notifier_host.ts";
import { encodePng, waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";

Deno.test(
  "createTray without a session bus, or with one that is unreachable, fails clearly",
  WINDOW_TEST,
  async () => {
    const empty = await Deno.makeTempDir();
    const restore = withEnv({ DBUS_SESSION_BUS_ADDRESS: undefined, XDG_RUNTIME_DIR: empty });
    try {
      await using app = new App({ config: false });
      await assertRejects(() => app.createTray({ id: "t" }), TrayError, "no D-Bus session bus");
      Deno.env.set("DBUS_SESSION_BUS_ADDRESS", `unix:path=${empty}/nothing-here`);
      await assertRejects(
        () => app.createTray({ id: "t" }),
        TrayError,
        "cannot connect to the D-Bus bus",
      );
    } finally {
      restore();
      await Deno.remove(empty, { recursive: true });
    }
  },
);

Deno.test(
  "createTray on a bus with no StatusNotifierWatcher fails clearly",
  WINDOW_TEST,
  async () => {
    const bus = await privateBus();
    const restore = withEnv({ DBUS_SESSION_BUS_ADDRESS: bus.address });
    try {
      await using app = new App({ config: false });
      await assertRejects(() => app.createTray({ id: "t" }), TrayError, "no StatusNotifierWatcher");
      // Bad options fail before anything touches the bus.
      await assertRejects(
        () => app.createTray({ icon: new Uint8Array([1, 2, 3]) }),
        TypeError,
        "cannot decode",
      );
      await assertRejects(
        () => app.createTray({ menu: new Menu([PredefinedMenuItem.copy()]) }),
        Error,
        "a tray menu takes separator and quit only",
      );
    } finally {
      restore();
      await bus.stop();
    }
  },
);

Deno.test(
  "a tray registers with the watcher, exposes tooltip, icon and menu, and dbusmenu clicks call handlers",
  WINDOW_TEST,
  async () => {
    await withWatcher(async (watcher, bus) => {
      await using app = new App({ config: false });
      const calls: unknown[][] = [];
      const events: unknown[][] = [];
      app.on("menu:click", (data, _t, label) => void events.push(["menu", data, label]));
      app.on("tray:click", (data) => void events.push(["click", data]));
      app.on("tray:double-click", (data) => void events.push(["double", data]));
      const show = new MenuItem({
        id: "show",
        text: "&Show window",
        handler: (d, t, l) => void calls.push([d, t, l]),
      });
      const mute = new CheckMenuItem({
        id: "mute",
        text: "Mute",
        handler: (d) => void calls.push([d]),
      });
      const about = new MenuItem({
        id: "about-app",
        text: "About",
        handler: (d) => void calls.push([d]),
      });
      const menu = new Menu("tray-menu", [
        show,
        mute,
        PredefinedMenuItem.separator(),
        new Submenu("More", [about]),
      ]);
      // A 3×2 icon with distinct pixels, one half transparent.
      const rgba = new Uint8Array(PIXELS_3X2);
      const tray = await app.createTray({
        id: "my-tray",
        tooltip: "My App",
        title: "My Title",
        icon: await encodePng(3, 2, rgba),
        menu,
      });
      await assertRejects(
        () => app.createTray({ id: "my-tray" }),
        Error,
        'a tray with id "my-tray" already exists',
      );

      // Registration: the watcher got our well-known name.
      await waitFor(() => watcher.items.includes(tray.busName), {
        what: "RegisterStatusNotifierItem",
      });
      assertMatch(tray.busName, new RegExp(`^org\\.kde\\.StatusNotifierItem-${Deno.pid}-\\d+$`));

      const get = (name: string) => watcher.prop(tray.busName, ITEM, "/StatusNotifierItem", name);
      assertEquals(await get("Id"), "my-tray");
      assertEquals(await get("Title"), "My Title");
      assertEquals(await get("Status"), "Active");
      assertEquals(await get("Menu"), "/MenuBar");
      const tip = await get("ToolTip") as [string, unknown[], string, string];
      assertEquals([tip[2], tip[3]], ["My App", ""]);
      const [[w, h, argb]] = await get("IconPixmap") as Array<[number, number, Uint8Array]>;
      assertEquals([w, h], [3, 2]);
      // ARGB32 in network order: A, R, G, B per pixel.
      assertEquals([...argb.subarray(0, 8)], [255, 255, 0, 0, 255, 0, 255, 0]);
      assertEquals([...argb.subarray(12, 16)], [128, 10, 20, 30]);
      assertEquals(argb[16], 0);

      // An independent client (GLib's gdbus tool) reads the same tooltip.
      const cli = await new Deno.Command("gdbus", {
        args: [
          "call",
          "--address",
          bus.address,
          "--dest",
          tray.busName,
          "--object-path",
          "/StatusNotifierItem",
          "--method",
          "org.freedesktop.DBus.Properties.Get",
          ITEM,
          "ToolTip",
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert(cli.success, new TextDecoder().decode(cli.stderr));
      assertMatch(new TextDecoder().decode(cli.stdout), /'My App'/);

      // The menu layout, as a tray host reads it.
      const [rev, root] = await watcher.conn.call(
        tray.busName,
        "/MenuBar",
        MENU,
        "GetLayout",
        new Variant("(iias)", [0, -1, []]),
      ) as [number, Layout];
      assert(rev >= 1);
      const kids = root[2];
      assertEquals(kids.map((k) => k[1].label ?? k[1].type), [
        "_Show window",
        "Mute",
        "separator",
        "More",
      ]);
      assertEquals(kids[1][1]["toggle-type"], "checkmark");
      assertEquals(kids[1][1]["toggle-state"], 0);
      assertEquals(kids[3][1]["children-display"], "submenu");
      assertEquals(kids[3][2][0][1].label, "About");

      // Clicks: Event and EventGroup (what real hosts send).
      const sigs: DBusSignal[] = [];
      watcher.conn.subscribe({ sender: tray.busName, iface: MENU }, (s) => void sigs.push(s));
      await clickEntry(watcher, tray.busName, kids[0][0]);
      await waitFor(() => calls.length === 1, { what: "the Show handler" });
      assertEquals(calls[0], [{ item_id: "show", source: "tray" }, "menu:click", ""]);
      assertEquals(events[0], ["menu", { item_id: "show", source: "tray" }, ""]);

      const [errors] = await watcher.conn.call(
        tray.busName,
        "/MenuBar",
        MENU,
        "EventGroup",
        new Variant("(a(isvu))", [[[kids[1][0], "clicked", new Variant("i", 0), 0], [
          99999,
          "clicked",
          new Variant("i", 0),
          0,
        ]]]),
      );
      assertEquals(errors, [99999]);
      await waitFor(() => calls.length === 2, { what: "the Mute handler" });
      assertEquals(calls[1], [{ item_id: "mute", source: "tray", checked: true }]);
      assertEquals(mute.checked, true);
      await waitFor(
        () => sigs.some((s) => s.member === "ItemsPropertiesUpdated"),
        { what: "ItemsPropertiesUpdated" },
      );
      const upd = sigs.find((s) => s.member === "ItemsPropertiesUpdated")!.args[0] as Array<
        [number, Record<string, unknown>]
      >;
      assertEquals([upd[0][0], upd[0][1]["toggle-state"]], [kids[1][0], 1]);
      await assertRejects(
        () => clickEntry(watcher, tray.busName, 424242),
        Error,
        "no menu entry 424242",
      );

      // The icon itself: activate → tray:click; two quick activations → tray:double-click too.
      const activate = () =>
        watcher.conn.call(
          tray.busName,
          "/StatusNotifierItem",
          ITEM,
          "Activate",
          new Variant("(ii)", [10, 20]),
        );
      await activate();
      await activate();
      await watcher.conn.call(
        tray.busName,
        "/StatusNotifierItem",
        ITEM,
        "ContextMenu",
        new Variant("(ii)", [1, 2]),
      );
      await waitFor(() => events.length === 6, { what: "three clicks and a double click" }).catch(
        (e) => {
          throw new Error(`${e.message}: ${JSON.stringify(events)}`);
        },
      );
      assertEquals(events.slice(2), [
        ["click", { tray_id: "my-tray", button: "left", x: 10, y: 20 }],
        ["click", { tray_id: "my-tray", button: "left", x: 10, y: 20 }],
        ["double", { tray_id: "my-tray", button: "left", x: 10, y: 20 }],
        ["click", { tray_id: "my-tray", button: "right", x: 1, y: 2 }],
      ]);

      // Live updates: tooltip (NewToolTip), menu structure (LayoutUpdated).
      const itemSigs: DBusSignal[] = [];
      watcher.conn.subscribe({ sender: tray.busName, iface: ITEM }, (s) => void itemSigs.push(s));
      await tray.setTooltip("Busy");
      await waitFor(() => itemSigs.some((s) => s.member === "NewToolTip"), { what: "NewToolTip" });
      assertEquals((await get("ToolTip") as unknown[])[2], "Busy");
      await menu.append(new MenuItem({ id: "later", text: "Added later", handler: () => {} }));
      await waitFor(() => sigs.some((s) => s.member === "LayoutUpdated"), {
        what: "LayoutUpdated",
      });
      const [rev2, root2] = await watcher.conn.call(
        tray.busName,
        "/MenuBar",
        MENU,
        "GetLayout",
        new Variant("(iias)", [0, 1, ["label"]]),
      ) as [number, Layout];
      assert(rev2 > rev, `revision grows (${rev} → ${rev2})`);
      assertEquals(root2[2].map((k) => k[1].label ?? null), [
        "_Show window",
        "Mute",
        null,
        "More",
        "Added later",
      ]);
      assertEquals(root2[2][3][2], [], "recursionDepth 1 leaves the submenu's children out");

      // A restarted tray host gets the item again.
      watcher.conn.close();
      const watcher2 = await FakeWatcher.start(bus.address);
      try {
        await waitFor(
          () => watcher2.items.includes(tray.busName),
          { what: "registration with the new watcher" },
        );
      } finally {
        watcher2.conn.close();
      }

      // remove(): the name goes away; setters then fail clearly.
      const probe = DBusConnection.open(bus.address);
      try {
        await tray.remove();
        assertEquals(tray.removed, true);
        await waitFor(async () => {
          const [has] = await probe.call(
            ...DBUS,
            "NameHasOwner",
            new Variant("(s)", [tray.busName]),
          );
          return has === false;
        }, { what: "the bus name to be released" });
        await assertRejects(() => tray.setTitle("x"), Error, 'tray "my-tray" was removed');
      } finally {
        probe.close();
      }
    });
  },
);

Deno.test("app.destroy() removes its trays; the quit item ends the app", WINDOW_TEST, async () => {
  await withWatcher(async (watcher) => {
    const app = new App({ config: false });
    const quit = PredefinedMenuItem.quit();
    const tray = await app.createTray({ id: "q", menu: new Menu([quit]) });
    const [, root] = await watcher.conn.call(
      tray.busName,
      "/MenuBar",
      MENU,
      "GetLayout",
      new Variant("(iias)", [0, -1, []]),
    ) as [
      number,
      Layout,
    ];
    assertEquals(root[2][0][1].label, "Quit");
    await clickEntry(watcher, tray.busName, quit.num);
    await waitFor(() => tray.removed, { what: "quit to destroy the app and remove the tray" });
    await assertRejects(() => app.createTray({ id: "again" }), Error, "destroyed");
  });
});

Deno.test(
  "a menu item whose handler removes its tray still answers the click",
  WINDOW_TEST,
  async () => {
    await withWatcher(async (watcher) => {
      await using app = new App({ config: false });
      const made: { tray?: Awaited<ReturnType<App["createTray"]>> } = {};
      const bye = new MenuItem({
        id: "bye",
        text: "Remove",
        handler: () => void made.tray!.remove(),
      });
      const tray = made.tray = await app.createTray({ id: "self-remove", menu: new Menu([bye]) });
      // The reply must arrive: a connection closed before it is queued loses it.
      await clickEntry(watcher, tray.busName, bye.num);
      await waitFor(() => tray.removed, { what: "the handler to remove the tray" });
    });
  },
);

Deno.test(
  "examples/tray.ts: registers, its menu hides the window and Quit ends it",
  WINDOW_TEST,
  async () => {
    const bus = await privateBus();
    const watcher = await FakeWatcher.start(bus.address);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "examples/tray.ts"],
      cwd: new URL("../", import.meta.url).pathname,
      env: { PANES_EXAMPLE_AUTORUN: "1", DBUS_SESSION_BUS_ADDRESS: bus.address },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const lines: string[] = [];
    const stderr = new Response(child.stderr).text();
    const reading = (async () => {
      let buf = "";
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        buf += chunk;
        const parts = buf.split("\n");
        buf = parts.pop()!;
        lines.push(...parts);
      }
    })();
    try {
      const line = await waitFor(
        () => lines.find((l) => l.startsWith("tray: ")),
        { what: "the example's tray", timeout: 30_000 },
      );
      const busName = line!.slice("tray: ".length);
      await waitFor(() => watcher.items.includes(busName), { what: "registration" });
      const [, root] = await watcher.conn.call(
        busName,
        "/MenuBar",
        MENU,
        "GetLayout",
        new Variant("(iias)", [0, -1, []]),
      ) as [
        number,
        Layout,
      ];
      const id = (label: string) => root[2].find((k) => k[1].label === label)![0];
      const click = (n: number) => clickEntry(watcher, busName, n);
      await click(id("Do not disturb"));
      await click(id("Hide window"));
      await waitFor(() => lines.some((l) => l.includes('"item_id":"toggle"')), {
        what: "the toggle click",
      });
      // The handler renamed the item: the host sees the new label after LayoutUpdated.
      await waitFor(async () => {
        const [, r] = await watcher.conn.call(
          busName,
          "/MenuBar",
          MENU,
          "GetLayout",
          new Variant("(iias)", [0, -1, []]),
        ) as [
          number,
          Layout,
        ];
        return r[2].some((k) => k[1].label === "Show window");
      }, { what: "the menu to say Show window" });
      await click(id("Quit"));
      const status = await child.status;
      await reading;
      assertEquals(status.code, 0, await stderr);
      assert(
        lines.includes('menu:click {"item_id":"dnd","source":"tray","checked":true}'),
        lines.join("\n"),
      );
      assert(lines.includes("quit"), lines.join("\n"));
    } finally {
      try {
        child.kill();
      } catch { /* exited */ }
      watcher.conn.close();
      await bus.stop();
    }
  },
);
