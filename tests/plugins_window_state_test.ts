import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App, type AppOptions } from "../mod.ts";
import { hasWindowManager, WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";

type Result = { ok: boolean; v?: unknown; code?: string; message?: string; permission?: string };
const call = (js: string) =>
  `(async () => { try { return { ok: true, v: await (async () => { ${js} })() }; } catch (e) { return { ok: false, code: e.code, message: e.message ?? String(e), permission: e.data?.permission }; } })()`;

const dataHome = await Deno.makeTempDir({ prefix: "panes-window-state-" });
Deno.env.set("XDG_DATA_HOME", dataHome);
const identifier = "dev.panes.test-window-state";
const file = `${dataHome}/${identifier}/.window-state.json`;
const options = (): AppOptions => ({
  config: false,
  identifier,
  plugins: ["window-state"],
  capabilities: [{ identifier: "w", windows: ["main"], permissions: ["window-state:default"] }],
});

Deno.test(
  "window-state: save, resize, restore brings the saved size back; the file holds it by label",
  WINDOW_TEST,
  async () => {
    await using app = new App(options());
    const win = await app.show(`${await guestScriptTag()}<p>state</p>`, {
      label: "main",
      width: 220,
      height: 150,
    });
    await win.proxy.setSize(230, 160);
    const ws = "tauriGuest.windowState";
    assertEquals(
      await win.evalJs<Result>(call(`
        await ${ws}.saveWindowState(${ws}.StateFlags.ALL);
        return await ${ws}.filename();
      `)),
      { ok: true, v: ".window-state.json" },
    );
    const saved = JSON.parse(await Deno.readTextFile(file));
    assertEquals(saved.main.width, 230);
    assertEquals(saved.main.height, 160);
    assertEquals(saved.main.maximized, false);
    assertEquals(saved.main.visible, true);
    assertEquals(saved.main.decorated, true);
    assertEquals(saved.main.fullscreen, false);

    await win.proxy.setSize(300, 200);
    assertEquals(await win.proxy.innerSize(), { width: 300, height: 200 });
    // Only the size: the position flag is not asked for.
    assertEquals(
      await win.evalJs<Result>(call(`await ${ws}.restoreStateCurrent(${ws}.StateFlags.SIZE)`)),
      { ok: true, v: undefined },
    );
    assertEquals(await win.proxy.innerSize(), { width: 230, height: 160 });

    // panes.windowState: the same without a bundler; SIZE only leaves the other fields alone.
    await win.proxy.setSize(250, 170);
    assertEquals(
      await win.evalJs<Result>(
        call(`await panes.windowState.saveWindowState(panes.windowState.StateFlags.SIZE)`),
      ),
      { ok: true, v: undefined },
    );
    const again = JSON.parse(await Deno.readTextFile(file));
    assertEquals(again.main, { ...saved.main, width: 250, height: 170 });
    await win.proxy.setSize(200, 140);
    assertEquals(
      await win.evalJs<Result>(call(`await panes.windowState.restoreState("main")`)),
      { ok: true, v: undefined },
    );
    assertEquals(await win.proxy.innerSize(), { width: 250, height: 170 });

    const bad = await win.evalJs<Result>(call(`await panes.windowState.restoreState("nope")`));
    assertEquals(bad.code, "window-state");
    assertMatch(bad.message!, /no open window labelled "nope"/);
    const badFlags = await win.evalJs<Result>(call(`await ${ws}.saveWindowState(64)`));
    assertEquals(badFlags.code, "invalid-body");
  },
);

Deno.test(
  "window-state: a new app restores position and maximized state saved by an earlier one",
  WINDOW_TEST,
  async () => {
    const wm = await hasWindowManager();
    {
      await using app = new App(options());
      const win = await app.show(`<p>first run</p>`, { label: "main", width: 210, height: 140 });
      await win.proxy.setSize(240, 150);
      if (wm) await win.proxy.setPosition(40, 50);
      assertEquals(
        await win.evalJs<Result>(call(`await panes.windowState.saveWindowState()`)),
        { ok: true, v: undefined },
      );
      if (wm) {
        // Maximized after the save of the normal size: saving again keeps size and place.
        await win.proxy.maximize();
        await win.evalJs(`panes.windowState.saveWindowState()`);
      }
    }
    const saved = JSON.parse(await Deno.readTextFile(file)).main;
    assertEquals([saved.width, saved.height], [240, 150]);
    if (wm) assertEquals([saved.x, saved.y, saved.maximized], [40, 50, true]);

    await using app = new App(options());
    const win = await app.show(`<p>second run</p>`, { label: "main", width: 200, height: 130 });
    await win.evalJs(`panes.windowState.restoreStateCurrent()`);
    if (wm) {
      assertEquals(await win.proxy.isMaximized(), true);
      await win.proxy.unmaximize();
      assertEquals(await win.proxy.outerPosition(), { x: 40, y: 50 });
    } else {
      console.log("no window manager: checked size only");
    }
    assertEquals(await win.proxy.innerSize(), { width: 240, height: 150 });
  },
);

Deno.test(
  "window-state: a window without the grant is refused and the file is unchanged",
  WINDOW_TEST,
  async () => {
    await using app = new App(options());
    const before = await Deno.readTextFile(file).catch(() => "");
    const other = await app.show(`${await guestScriptTag()}<p>other</p>`, {
      label: "other",
      width: 200,
      height: 130,
    });
    const r = await other.evalJs<Result>(call(`await tauriGuest.windowState.saveWindowState(63)`));
    assertEquals(r.code, "forbidden");
    assertEquals(r.permission, "window-state:allow-save-window-state");
    assertEquals(await Deno.readTextFile(file).catch(() => ""), before);
    assert(!before.includes('"other"'), before);
  },
);
