/**
 * Tauri's core tray plugin through @tauri-apps/api/tray in real windows, with a tray host on a
 * private session bus (tests/support/status_notifier_host.ts): the page's TrayIcon registers as a
 * StatusNotifierItem with its icon, tooltip, title and menu; the host's clicks reach the page's
 * `action` and the menu items' actions; a denied call makes no icon.
 */
import { PIXELS_3X2 } from "./support/pixels_3x2.ts";
import { assert, assertEquals } from "./support/assert.ts";
import { App, type WindowHandle } from "../mod.ts";
import { Variant } from "../linux/dbus/connection.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { tauriCoreScript, tryIn } from "./support/tauri_core.ts";
import { encodePng } from "./support/png_encode.ts";
import { decodePng } from "./support/png.ts";
import { appDirs } from "../plugins/paths.ts";
import {
  clickEntry,
  DBUS,
  type FakeWatcher,
  ITEM,
  type Layout,
  MENU,
  privateBus,
  withEnv,
  withWatcher,
} from "./support/status_notifier_host.ts";

const PIXELS = [...PIXELS_3X2];

async function hasOwner(watcher: FakeWatcher, name: string): Promise<boolean> {
  const [has] = await watcher.conn.call(...DBUS, "NameHasOwner", new Variant("(s)", [name]));
  return Boolean(has);
}

/** What the page's callbacks got (`window.got`). */
function got(win: WindowHandle): Promise<unknown[]> {
  return win.evalJs("window.got ?? []") as Promise<unknown[]>;
}

Deno.test(
  "TrayIcon.new appears to a StatusNotifier host with icon, tooltip, title and menu; clicks reach the page",
  WINDOW_TEST,
  async () => {
    await withWatcher(async (watcher) => {
      const script = await tauriCoreScript();
      await using app = new App({ config: false });
      const win = await app.show(`<body>${script}</body>`, { label: "t", width: 300, height: 200 });
      const other = await app.show(`<body>${script}</body>`, {
        label: "o",
        width: 300,
        height: 200,
      });
      const made = await tryIn(
        win,
        `const push = (v) => (window.got ??= []).push(v);
         const menu = await T.menu.Menu.new({ items: [
           { id: "show", text: "Show", action: push },
           { id: "mute", text: "Mute", checked: false, action: push },
           { item: "Separator" }, { item: "Quit" },
         ] });
         const icon = await T.image.Image.new(new Uint8Array(${JSON.stringify(PIXELS)}), 3, 2);
         const tray = await T.tray.TrayIcon.new({
           id: "page-tray", icon, menu, tooltip: "From the page", title: "Page title",
           action: (e) => push({ type: e.type, id: e.id, button: e.button, state: e.buttonState,
             x: e.position.x, y: e.position.y, rect: [e.rect.position.x, e.rect.size.width] }),
         });
         window.tray = tray;
         return [tray.id, typeof tray.rid];`,
      );
      assertEquals(made, { ok: true, v: ["page-tray", "number"] });
      await waitFor(() => watcher.items.length === 1, "RegisterStatusNotifierItem");
      const bus = watcher.items[0];
      const get = (name: string) => watcher.prop(bus, ITEM, "/StatusNotifierItem", name);
      assertEquals(await get("Id"), "page-tray");
      assertEquals(await get("Title"), "Page title");
      assertEquals(await get("Status"), "Active");
      const tip = await get("ToolTip") as [string, unknown[], string, string];
      assertEquals(tip[2], "From the page");
      const [[w, h, argb]] = await get("IconPixmap") as Array<[number, number, Uint8Array]>;
      assertEquals([w, h], [3, 2]);
      assertEquals([...argb.subarray(0, 8)], [255, 255, 0, 0, 255, 0, 255, 0]);
      assertEquals([...argb.subarray(12, 16)], [128, 10, 20, 30]);

      // The menu, as the host reads it; a click on an entry reaches the item's action.
      const [, root] = await watcher.conn.call(
        bus,
        "/MenuBar",
        MENU,
        "GetLayout",
        new Variant("(iias)", [0, -1, []]),
      ) as [number, Layout];
      const kids = root[2];
      assertEquals(kids.map((k) => k[1].label ?? k[1].type), ["Show", "Mute", "separator", "Quit"]);
      await clickEntry(watcher, bus, kids[0][0]);
      await clickEntry(watcher, bus, kids[1][0]);
      await waitFor(async () => (await got(win)).length === 2, "the menu items' actions");
      assertEquals(await got(win), ["show", "mute"]);

      // A click on the icon: Tauri's TrayIconEvent, pressed then released.
      await watcher.conn.call(
        bus,
        "/StatusNotifierItem",
        ITEM,
        "Activate",
        new Variant("(ii)", [10, 20]),
      );
      await waitFor(async () => (await got(win)).length === 4, "the tray action");
      const click = { type: "Click", id: "page-tray", button: "Left", x: 10, y: 20, rect: [10, 0] };
      assertEquals((await got(win)).slice(2), [
        { ...click, state: "Down" },
        { ...click, state: "Up" },
      ]);

      // Two activations in quick succession: a double click; the middle button from
      // SecondaryActivate. (First a pause longer than the double-click span, so the click above
      // does not pair with the next one.)
      await new Promise((r) => setTimeout(r, 600));
      await watcher.conn.call(
        bus,
        "/StatusNotifierItem",
        ITEM,
        "Activate",
        new Variant("(ii)", [1, 2]),
      );
      await watcher.conn.call(
        bus,
        "/StatusNotifierItem",
        ITEM,
        "Activate",
        new Variant("(ii)", [1, 2]),
      );
      await watcher.conn.call(
        bus,
        "/StatusNotifierItem",
        ITEM,
        "SecondaryActivate",
        new Variant("(ii)", [3, 4]),
      );
      await waitFor(async () => (await got(win)).length === 11, "the double and middle clicks");
      const more = (await got(win)).slice(4) as Array<Record<string, unknown>>;
      assertEquals(more.map((e) => [e.type, e.button, e.state ?? null]), [
        ["Click", "Left", "Down"],
        ["Click", "Left", "Up"],
        ["Click", "Left", "Down"],
        ["Click", "Left", "Up"],
        ["DoubleClick", "Left", null],
        ["Click", "Middle", "Down"],
        ["Click", "Middle", "Up"],
      ]);

      // Setters reach what the host reads.
      const set = await tryIn(
        win,
        `const t = window.tray;
         await t.setTooltip("changed"); await t.setTitle("New title");
         await t.setShowMenuOnLeftClick(false); await t.setIconAsTemplate(true);
         await t.setTempDirPath("/tmp"); await t.setVisible(false);
         await t.setIcon(null);
         return true;`,
      );
      assertEquals(set, { ok: true, v: true });
      assertEquals((await get("ToolTip") as unknown[])[2], "changed");
      assertEquals(await get("Title"), "New title");
      assertEquals(await get("ItemIsMenu"), false);
      assertEquals(await get("Status"), "Passive");
      assertEquals(await get("IconPixmap"), []);
      await tryIn(win, `await window.tray.setMenu(null); await window.tray.setVisible(true);`);
      assertEquals(await get("Menu"), "/NO_DBUSMENU");

      // By id: this page and another get it; an unknown id is Tauri's error.
      const byId = await tryIn(
        other,
        `const t = await T.tray.TrayIcon.getById("page-tray");
         await t.setTooltip("from the other window");
         const none = await T.tray.TrayIcon.getById("nope");
         let err; try { await T.tray.TrayIcon.removeById("nope"); } catch (e) { err = typeof e + ": " + e; }
         return [t.id, none, err];`,
      );
      assertEquals(byId, {
        ok: true,
        v: ["page-tray", null, "string: Can't find a tray associated with this id: nope"],
      });
      assertEquals((await get("ToolTip") as unknown[])[2], "from the other window");

      // Closing the resource lets go of it; the icon goes once no page holds it (the other
      // window got it by id, so it stays until that page lets go too).
      assertEquals(await tryIn(win, `await window.tray.close(); return true;`), {
        ok: true,
        v: true,
      });
      await new Promise((r) => setTimeout(r, 300));
      assert(await hasOwner(watcher, bus), "the other page still holds the tray");
      const closed = await tryIn(
        other,
        `const t = await T.tray.TrayIcon.getById("page-tray"); await t.close(); return true;`,
      );
      assertEquals(closed, { ok: true, v: true });
      await waitFor(async () => !(await hasOwner(watcher, bus)), "the icon to leave the bus");
      const after = await tryIn(other, `return await T.tray.TrayIcon.getById("page-tray");`);
      assertEquals(after, { ok: true, v: null });
    });
  },
);

Deno.test(
  "a tray the page made goes when its page goes; a denied TrayIcon.new makes no icon (positive control beside it)",
  WINDOW_TEST,
  async () => {
    await withWatcher(async (watcher) => {
      const script = await tauriCoreScript();
      await using app = new App({
        config: false,
        capabilities: [{
          identifier: "no-trays",
          windows: ["denied"],
          permissions: ["core:tray:deny-new"],
        }],
      });
      const html = `<body>${script}</body>`;
      const denied = await app.show(html, { label: "denied", width: 300, height: 200 });
      const allowed = await app.show(html, { label: "allowed", width: 300, height: 200 });
      const make = `const t = await T.tray.TrayIcon.new({ id: "x", tooltip: "x" }); return t.id;`;
      const refused = await tryIn(denied, make);
      assert(!refused.ok, "a denied TrayIcon.new must be refused");
      // Tauri's words for an explicit deny, as a plain string (tryIn sets `tauri` for strings only).
      assertEquals(
        refused.tauri,
        "tray.new explicitly denied on origin local\n\nreferenced by: capability: no-trays, permission: deny-new",
      );
      await new Promise((r) => setTimeout(r, 300));
      assertEquals(watcher.items.length, 0, "nothing registered with the host");
      // The same call where no deny applies.
      assertEquals(await tryIn(allowed, make), { ok: true, v: "x" });
      await waitFor(() => watcher.items.length === 1, "the allowed tray to register");
      const bus = watcher.items[0];
      // Its page going away (the window closes) takes the icon down.
      await allowed.close();
      await waitFor(async () => !(await hasOwner(watcher, bus)), "the page's tray to go");
    });
  },
);

Deno.test(
  "TrayIcon.new with a Submenu as its menu and an icon from the app's folder; removeById takes it down",
  WINDOW_TEST,
  async () => {
    await withWatcher(async (watcher) => {
      const script = await tauriCoreScript();
      const id = `dev.panes.coretray${crypto.randomUUID().slice(0, 6)}`;
      const dirs = appDirs(id, (k) => Deno.env.get(k));
      await Deno.mkdir(dirs.APPDATA, { recursive: true });
      try {
        await Deno.writeFile(
          `${dirs.APPDATA}/tray.png`,
          await encodePng(3, 2, new Uint8Array(PIXELS)),
        );
        await using app = new App({ identifier: id, config: false });
        const win = await app.show(`<body>${script}</body>`, {
          label: "s",
          width: 300,
          height: 200,
        });
        const r = await tryIn(
          win,
          `const sub = await T.menu.Submenu.new({ text: "ignored", items: [{ id: "a", text: "A" }, { id: "b", text: "B" },
             { id: "i", text: "I", icon: ${JSON.stringify(`${dirs.APPDATA}/tray.png`)} }] });
           window.sub = sub;
           const t = await T.tray.TrayIcon.new({ id: "sub", menu: sub, icon: ${
            JSON.stringify(`${dirs.APPDATA}/tray.png`)
          } });
           let outside; try { await t.setIcon("/etc/hostname"); } catch (e) { outside = typeof e === "string" && e.includes("outside the folders a page may read images from"); }
           return [t.id, outside];`,
        );
        assertEquals(r, { ok: true, v: ["sub", true] }, "a plain string names the refusal");
        await waitFor(() => watcher.items.length === 1, "RegisterStatusNotifierItem");
        const bus = watcher.items[0];
        const [[w, h]] = await watcher.prop(
          bus,
          ITEM,
          "/StatusNotifierItem",
          "IconPixmap",
        ) as Array<
          [number, number, Uint8Array]
        >;
        assertEquals(
          [w, h],
          [3, 2],
          "the icon read from the app's folder (the refused one not set)",
        );
        const [, root] = await watcher.conn.call(
          bus,
          "/MenuBar",
          MENU,
          "GetLayout",
          new Variant("(iias)", [0, -1, []]),
        ) as [number, Layout];
        assertEquals(root[2].map((k) => k[1].label), ["A", "B", "I"]);
        // The icon item's icon, as dbusmenu's icon-data (PNG), beside its label.
        const iconData = root[2][2][1]["icon-data"] as Uint8Array;
        assert(iconData instanceof Uint8Array && iconData.length > 8, "icon-data is sent");
        const decoded = await decodePng(iconData);
        assertEquals([decoded.width, decoded.height, [...decoded.data]], [3, 2, PIXELS]);
        assertEquals(root[2][0][1]["icon-data"], undefined, "a plain item has none");
        assertEquals(
          await tryIn(win, `await (await window.sub.get("i")).setIcon(null); return true;`),
          { ok: true, v: true },
        );
        const [, again] = await watcher.conn.call(
          bus,
          "/MenuBar",
          MENU,
          "GetLayout",
          new Variant("(iias)", [0, -1, []]),
        ) as [number, Layout];
        assertEquals(again[2][2][1]["icon-data"], undefined, "setIcon(null) removed it");
        assertEquals(await tryIn(win, `await T.tray.TrayIcon.removeById("sub"); return true;`), {
          ok: true,
          v: true,
        });
        await waitFor(async () => !(await hasOwner(watcher, bus)), "the icon to go");
      } finally {
        await Deno.remove(dirs.APPDATA, { recursive: true }).catch(() => {});
      }
    });
  },
);

Deno.test(
  "TrayIcon.new where no tray host runs rejects clearly (code unavailable) and leaves nothing behind",
  WINDOW_TEST,
  async () => {
    const bus = await privateBus();
    const restore = withEnv({ DBUS_SESSION_BUS_ADDRESS: bus.address });
    try {
      const script = await tauriCoreScript();
      await using app = new App({ config: false });
      const win = await app.show(`<body>${script}</body>`, { label: "n", width: 300, height: 200 });
      const r = await tryIn(win, `return (await T.tray.TrayIcon.new({ id: "lonely" })).id;`);
      assert(!r.ok, "no tray host: TrayIcon.new must reject");
      assertEquals(r.tauri, r.message, "a plain string");
      assert(r.message.includes("no StatusNotifierWatcher"), r.message);
      // Nothing registered under the id: it is free, and not found.
      assertEquals(await tryIn(win, `return await T.tray.TrayIcon.getById("lonely");`), {
        ok: true,
        v: null,
      });
    } finally {
      restore();
      await bus.stop();
    }
  },
);
