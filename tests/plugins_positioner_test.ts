import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { hasWindowManager, WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { startTrayHost } from "./support/tray_host.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

async function sh(cmd: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) throw new Error(`${cmd} failed: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout).trim();
}

/** The X client window's geometry as the X server reports it (xwininfo), by window title. */
async function xGeometry(title: string): Promise<{ x: number; y: number; w: number; h: number }> {
  const id = (await sh("xdotool", "search", "--name", `^${title}$`)).split("\n")[0];
  const out = await sh("xwininfo", "-id", id);
  const num = (label: string) => Number(new RegExp(`${label}:\\s+(-?\\d+)`).exec(out)?.[1]);
  return {
    x: num("Absolute upper-left X"),
    y: num("Absolute upper-left Y"),
    w: num("Width"),
    h: num("Height"),
  };
}

Deno.test(
  "positioner: moveWindow puts the window at each well-known place, read back natively",
  WINDOW_TEST,
  async () => {
    assert(await hasWindowManager(), "the test runner starts openbox");
    await using app = new App({
      config: false,
      plugins: ["positioner"],
      capabilities: [{ identifier: "pos", windows: ["main"], permissions: ["positioner:default"] }],
    });
    const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
    const title = `positioner-${crypto.randomUUID().slice(0, 8)}`;
    const win = await app.show(`${tag}<p>pos</p>`, {
      label: "main",
      title,
      width: 220,
      height: 140,
    });
    await waitFor(() => win.evalJs<boolean>("!!window.tauriGuest"), { what: "the guest bundle" });
    const [sw, sh_] = (await sh("xdotool", "getdisplaygeometry")).split(" ").map(Number);
    const size = await win.proxy.outerSize();
    const inner = await win.proxy.innerSize();
    const cx = Math.floor(sw / 2) - Math.floor(size.width / 2);
    const cy = Math.floor(sh_ / 2) - Math.floor(size.height / 2);
    const expected: Record<string, { x: number; y: number }> = {
      TopLeft: { x: 0, y: 0 },
      TopRight: { x: sw - size.width, y: 0 },
      BottomLeft: { x: 0, y: sh_ - size.height },
      BottomRight: { x: sw - size.width, y: sh_ - size.height },
      TopCenter: { x: cx, y: 0 },
      BottomCenter: { x: cx, y: sh_ - size.height },
      LeftCenter: { x: 0, y: cy },
      RightCenter: { x: sw - size.width, y: cy },
      Center: { x: cx, y: cy },
    };
    for (const [name, want] of Object.entries(expected)) {
      const r = await win.evalJs<Result>(call(`
        const { moveWindow, Position } = tauriGuest.positioner;
        await moveWindow(Position.${name});
      `));
      assertEquals(r.ok, true, `${name}: ${r.message}`);
      const at = await waitFor(
        async () => {
          const p = await win.proxy.outerPosition();
          return p.x === want.x && p.y === want.y ? p : null;
        },
        { what: `${name}: the window at ${JSON.stringify(want)}`, timeout: 5_000 },
      ).catch(async (e) => {
        throw new Error(
          `${e.message}; it is at ${JSON.stringify(await win.proxy.outerPosition())}`,
        );
      });
      assertEquals(at, want, name);
      // The X server agrees: the page area lies inside the frame placed there.
      const g = await xGeometry(title);
      assertEquals([g.w, g.h], [inner.width, inner.height], name);
      assert(
        g.x >= want.x && g.y >= want.y && g.x + g.w <= want.x + size.width &&
          g.y + g.h <= want.y + size.height,
        `${name}: X reports the page area at ${JSON.stringify(g)}, frame at ${
          JSON.stringify(want)
        }`,
      );
    }
  },
);

Deno.test(
  "positioner: tray positions need the tray icon's place; without it a clear error and no move",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      plugins: ["positioner"],
      capabilities: [
        { identifier: "pos", windows: ["main"], permissions: ["positioner:default"] },
        {
          identifier: "tray-only",
          windows: ["other"],
          permissions: ["positioner:allow-set-tray-icon-state"],
        },
      ],
    });
    const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
    const win = await app.show(`${tag}<p>pos</p>`, { label: "main", width: 220, height: 140 });
    const other = await app.show(`${tag}<p>other</p>`, { label: "other", width: 200, height: 120 });
    await waitFor(() => win.evalJs<boolean>("!!window.tauriGuest"), { what: "the guest bundle" });
    await waitFor(() => other.evalJs<boolean>("!!window.tauriGuest"), { what: "the guest bundle" });
    await win.proxy.setPosition(50, 60);
    await other.proxy.setPosition(300, 310);
    const unknown = await win.evalJs<Result>(call(`
      await tauriGuest.positioner.moveWindow(tauriGuest.positioner.Position.TrayCenter);
    `));
    assertEquals(unknown.ok, false);
    assertMatch(unknown.message!, /TrayCenter: the tray icon's position is unknown/);
    assertEquals(await win.proxy.outerPosition(), { x: 50, y: 60 });
    const bad = await win.evalJs<Result>(call(`await tauriGuest.positioner.moveWindow(99)`));
    assertMatch(bad.message!, /unknown position 99/);

    // A window without move_window is refused and stays where it is.
    const denied = await other.evalJs<Result>(call(`
      await tauriGuest.positioner.moveWindow(tauriGuest.positioner.Position.TopLeft);
    `));
    assertRejectsWithString(
      denied,
      'positioner.move_window not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: pos, permission: allow-move-window',
    );
    assertEquals(await other.proxy.outerPosition(), { x: 300, y: 310 });
    // Positive control: the same call from the granted window moves it.
    assertEquals(
      (await win.evalJs<Result>(call(`
        // panes.positioner: the same API without a bundler.
        await panes.positioner.moveWindow(panes.positioner.Position.TopLeft);
      `))).ok,
      true,
    );
    await waitFor(
      async () => {
        const p = await win.proxy.outerPosition();
        return p.x === 0 && p.y === 0;
      },
      { what: "the granted window at the top left", timeout: 5_000 },
    );

    // A tray event (a top panel's icon at 600,0, 24×24) from the page, as Tauri's handleIconState.
    const size = await win.proxy.outerSize();
    const tray = await other.evalJs<Result>(call(`
      const { PhysicalPosition, PhysicalSize } = tauriGuest.dpi;
      await tauriGuest.positioner.handleIconState({
        rect: { position: new PhysicalPosition(600, 0), size: new PhysicalSize(24, 24) },
      });
    `));
    assertEquals(tray, { ok: true, v: undefined });
    const want: Record<string, { x: number; y: number }> = {
      TrayCenter: { x: 612 - Math.floor(size.width / 2), y: 24 }, // no room above: below the icon
      TrayBottomCenter: { x: 612 - Math.floor(size.width / 2), y: 0 },
      TrayLeft: { x: 600, y: 24 },
      TrayBottomRight: { x: 624, y: 0 },
    };
    for (const [name, at] of Object.entries(want)) {
      const r = await win.evalJs<Result>(call(`
        await tauriGuest.positioner.moveWindow(tauriGuest.positioner.Position.${name});
      `));
      assertEquals(r.ok, true, `${name}: ${r.message}`);
      await waitFor(
        async () => {
          const p = await win.proxy.outerPosition();
          return p.x === at.x && p.y === at.y;
        },
        { what: `${name} at ${JSON.stringify(at)}`, timeout: 5_000 },
      );
    }
  },
);

Deno.test(
  "positioner: a click on the app's own tray icon tells where the tray positions are",
  WINDOW_TEST,
  async () => {
    await using host = await startTrayHost();
    await using app = new App({
      config: false,
      plugins: ["positioner"],
      capabilities: [{ identifier: "pos", windows: ["main"], permissions: ["positioner:default"] }],
    });
    const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
    const win = await app.show(`${tag}<p>pos</p>`, { label: "main", width: 220, height: 140 });
    await waitFor(() => win.evalJs<boolean>("!!window.tauriGuest"), { what: "the guest bundle" });
    const tray = await app.createTray({ id: "positioner-test", tooltip: "test" });
    assertEquals(host.items.length, 1, "the tray registered with the test's watcher");
    const before = await win.evalJs<Result>(call(`
      await tauriGuest.positioner.moveWindow(tauriGuest.positioner.Position.TrayCenter);
    `));
    assertMatch(before.message ?? "", /the tray icon's position is unknown/);
    // The panel reports a click at (640, 700): a bottom panel, so the window goes above it.
    await host.activate(tray.busName, 640, 700);
    const size = await win.proxy.outerSize();
    const want = { x: 640 - Math.floor(size.width / 2), y: 700 - size.height };
    await waitFor(
      async () => {
        const r = await win.evalJs<Result>(call(`
        await tauriGuest.positioner.moveWindow(tauriGuest.positioner.Position.TrayCenter);
      `));
        if (!r.ok) return null;
        const p = await win.proxy.outerPosition();
        return p.x === want.x && p.y === want.y;
      },
      {
        what: `the window centred above the tray click at ${JSON.stringify(want)}`,
        timeout: 10_000,
      },
    );
    await tray.remove();
  },
);
