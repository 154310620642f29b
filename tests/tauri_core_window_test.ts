/**
 * Tauri's core window plugin through @tauri-apps/api's own `window` and `dpi` modules in real
 * windows: getters agree with the native window (WindowProxy, X11 properties read with xprop,
 * the pointer with xdotool), setters change it (checked natively and on screen), a setter is
 * refused without its permission, and what Linux cannot do rejects as unsupported.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { type Outcome, tauriCoreScript, tryIn } from "./support/tauri_core.ts";
import { captureWindow } from "./support/xwd.ts";
import { near, pixel } from "./support/png.ts";
import { encodePng } from "./support/png_encode.ts";
import { runDeno } from "./support/child.ts";

const ID = "dev.panes.corewindow";
const decoder = new TextDecoder();

async function run(cmd: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: ${decoder.decode(out.stderr)}`);
  return decoder.decode(out.stdout);
}

/** The X id of the window whose title is `title` (titles here are unique per test). */
async function xidOf(title: string): Promise<string> {
  return await waitFor<string | undefined>(async () => {
    const ids = (await run("xdotool", "search", "--name", `^${title}$`)).trim().split("\n");
    return ids.length === 1 && ids[0] ? ids[0] : undefined;
  }, `the X window titled ${title}`) as string;
}

/** One X property of a window, as xprop prints it. */
async function xprop(xid: string, prop: string, ...format: string[]): Promise<string> {
  return (await run("xprop", "-id", xid, ...format, prop)).trim();
}

function ok(r: Outcome): unknown {
  assert(r.ok, JSON.stringify(r));
  return r.v;
}

const SETTERS = [
  "core:window:default",
  "core:window:allow-set-title",
  "core:window:allow-set-size",
  "core:window:allow-set-position",
  "core:window:allow-set-min-size",
  "core:window:allow-set-max-size",
  "core:window:allow-set-size-constraints",
  "core:window:allow-set-always-on-top",
  "core:window:allow-set-always-on-bottom",
  "core:window:allow-set-skip-taskbar",
  "core:window:allow-request-user-attention",
  "core:window:allow-set-maximizable",
  "core:window:allow-set-minimizable",
  "core:window:allow-set-closable",
  "core:window:allow-set-visible-on-all-workspaces",
  "core:window:allow-set-enabled",
  "core:window:allow-set-background-color",
  "core:window:allow-set-decorations",
  "core:window:allow-set-cursor-icon",
  "core:window:allow-set-cursor-visible",
  "core:window:allow-set-cursor-position",
  "core:window:allow-set-ignore-cursor-events",
  "core:window:allow-set-icon",
  "core:window:allow-set-theme",
  "core:window:allow-maximize",
  "core:window:allow-unmaximize",
  "core:window:allow-toggle-maximize",
  "core:window:allow-set-effects",
  "core:window:allow-set-content-protected",
  "core:window:allow-set-badge-label",
  "core:window:allow-set-focusable",
  "core:window:allow-set-cursor-grab",
  "core:window:allow-set-fullscreen-on-monitor",
];

function grantingApp(labels: string[]): App {
  return new App({
    identifier: ID,
    config: false,
    capabilities: [{ identifier: "setters", windows: labels, permissions: SETTERS }],
  });
}

Deno.test(
  "window getters: sizes, positions, state, monitors and the pointer agree with the native window",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({ identifier: ID, config: false });
    const win = await app.show(`<body>${script}</body>`, {
      label: "getters",
      title: "core-window-getters",
      width: 320,
      height: 240,
      x: 40,
      y: 50,
    });
    await app.show("<p>other</p>", { label: "other", width: 200, height: 100 });
    const facts = ok(
      await tryIn(
        win,
        `const w = T.window.getCurrentWindow();
         const [inner, outer, ip, op] = [await w.innerSize(), await w.outerSize(),
           await w.innerPosition(), await w.outerPosition()];
         return {
           label: w.label,
           classes: [inner.constructor.name, ip.constructor.name],
           inner: { width: inner.width, height: inner.height },
           outer: { width: outer.width, height: outer.height },
           ip: { x: ip.x, y: ip.y }, op: { x: op.x, y: op.y },
           scale: await w.scaleFactor(), title: await w.title(),
           flags: [await w.isVisible(), await w.isDecorated(), await w.isResizable(),
             await w.isMaximized(), await w.isMinimized(), await w.isFullscreen(),
             await w.isAlwaysOnTop(), await w.isMaximizable(), await w.isMinimizable(),
             await w.isClosable(), await w.isEnabled()],
           theme: await w.theme(),
           all: (await T.window.getAllWindows()).map((x) => x.label).sort(),
           byLabel: (await T.window.Window.getByLabel("other"))?.label,
           current: await T.window.currentMonitor(), primary: await T.window.primaryMonitor(),
           monitors: await T.window.availableMonitors(),
           fromPoint: await T.window.monitorFromPoint(5, 5),
           nowhere: await T.window.monitorFromPoint(-50000, -50000),
         };`,
      ),
    ) as Record<string, unknown>;
    const p = win.proxy;
    const s = await p.scaleFactor();
    const phys = (v: Record<string, number>) =>
      Object.fromEntries(Object.entries(v).map(([k, n]) => [k, Math.round(n * s)]));
    assertEquals(facts.label, "getters");
    assertEquals(facts.classes, ["PhysicalSize", "PhysicalPosition"]);
    assertEquals(facts.scale, s);
    assertEquals(facts.inner, phys({ ...(await p.innerSize()) }));
    assertEquals(facts.outer, phys({ ...(await p.outerSize()) }));
    assertEquals(facts.ip, phys({ ...(await p.innerPosition()) }));
    assertEquals(facts.op, phys({ ...(await p.outerPosition()) }));
    assertEquals(facts.title, "core-window-getters");
    assertEquals(facts.flags, [
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    assertEquals(facts.theme, await win.evalJs("document.documentElement.dataset.theme"));
    assertEquals(facts.all, ["getters", "other"]);
    assertEquals(facts.byLabel, "other");
    // The X server's own view: xwininfo's absolute corner and size are the physical inner ones.
    const info = await run("xwininfo", "-id", await xidOf("core-window-getters"));
    const num = (k: string) => Number(new RegExp(`${k}:\\s+(-?\\d+)`).exec(info)![1]);
    assertEquals(facts.ip, { x: num("Absolute upper-left X"), y: num("Absolute upper-left Y") });
    assertEquals(facts.inner, { width: num("Width"), height: num("Height") });
    // Monitors in Tauri's shape; the screen as the X server reports it.
    const root = await run("xwininfo", "-root");
    const rootSize = {
      width: Number(/Width:\s+(\d+)/.exec(root)![1]),
      height: Number(/Height:\s+(\d+)/.exec(root)![1]),
    };
    const monitors = facts.monitors as Array<Record<string, unknown>>;
    assert(monitors.length >= 1, "at least one monitor");
    const current = facts.current as Record<string, unknown>;
    assertEquals(current.size, rootSize);
    assertEquals(current.position, { x: 0, y: 0 });
    assertEquals(current.scaleFactor, s);
    const work = current.workArea as { size: { width: number; height: number } };
    assert(work.size.width <= rootSize.width && work.size.height <= rootSize.height);
    assertEquals(facts.fromPoint, current);
    assertEquals(facts.nowhere, null);
    assert(
      facts.primary === null || JSON.stringify(facts.primary) === JSON.stringify(current),
      JSON.stringify(facts.primary),
    );
    // The pointer, put somewhere known.
    await run("xdotool", "mousemove", "123", "77");
    const cursor = ok(
      await tryIn(win, `const c = await T.window.cursorPosition(); return [c.x, c.y];`),
    );
    assertEquals(cursor, [123, 77]);
  },
);

Deno.test(
  "window setters change the native window: geometry, EWMH states, allowed actions, look, pointer",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = grantingApp(["setters"]);
    const title = "core-window-setters";
    const win = await app.show(
      `<html style="background:transparent"><body style="margin:0;background:transparent">
        <div id=block style="height:40px;background:#ff0000"></div>${script}
        <script>window.clicks = 0; addEventListener("mousedown", () => window.clicks++);</script>
      </body></html>`,
      { label: "setters", title, width: 300, height: 220, x: 30, y: 40 },
    );
    const xid = await xidOf(title);
    const p = win.proxy;
    const call = async (js: string) =>
      ok(await tryIn(win, `const w = T.window.getCurrentWindow(); const D = T.dpi; ${js}`));

    // title, size, position (logical and physical values)
    await call(`await w.setTitle("${title}-2");`);
    assertEquals(await p.title(), `${title}-2`);
    assert((await xprop(xid, "WM_NAME")).includes(`"${title}-2"`));
    await call(`await w.setSize(new D.LogicalSize(360, 260));`);
    assertEquals(await p.innerSize(), { width: 360, height: 260 });
    const s = await p.scaleFactor();
    await call(`await w.setSize(new D.PhysicalSize(${340 * s}, ${250 * s}));`);
    assertEquals(await p.innerSize(), { width: 340, height: 250 });
    await call(`await w.setPosition(new D.LogicalPosition(70, 80));`);
    assertEquals(await p.outerPosition(), { x: 70, y: 80 });
    const pos = await call(`const q = await w.outerPosition(); return [q.x, q.y];`);
    assertEquals(pos, [70 * s, 80 * s]);
    // min size: the window grows to it; constraints with one bound
    await call(`await w.setMinSize(new D.LogicalSize(380, 270));`);
    await waitFor(
      async () => (await p.innerSize()).width === 380,
      "the window to grow to its min size",
    );
    await call(`await w.setMinSize(null); await w.setSizeConstraints({ maxWidth: 320 });`);
    await waitFor(
      async () => (await p.innerSize()).width === 320,
      "the window to shrink to its max width",
    );
    await call(`await w.setSizeConstraints(null);`);

    // EWMH states, read back from the window manager's _NET_WM_STATE
    await call(`await w.setAlwaysOnBottom(true); await w.setSkipTaskbar(true);`);
    let state = await xprop(xid, "_NET_WM_STATE");
    assert(state.includes("_NET_WM_STATE_BELOW"), state);
    assert(state.includes("_NET_WM_STATE_SKIP_TASKBAR"), state);
    await call(`await w.setAlwaysOnBottom(false); await w.setSkipTaskbar(false);`);
    state = await xprop(xid, "_NET_WM_STATE");
    assert(!state.includes("BELOW") && !state.includes("SKIP_TASKBAR"), state);
    await call(`await w.setAlwaysOnTop(true);`);
    assert((await xprop(xid, "_NET_WM_STATE")).includes("_NET_WM_STATE_ABOVE"));
    assertEquals(await call(`return await w.isAlwaysOnTop();`), true);
    await call(`await w.setAlwaysOnTop(false);`);
    // attention: asked of a window that does not have the focus
    const other = await app.show("<p>focus thief</p>", {
      label: "thief",
      title: "core-window-thief",
    });
    await other.proxy.setFocus();
    await call(`await w.requestUserAttention(T.window.UserAttentionType.Critical);`);
    assert((await xprop(xid, "_NET_WM_STATE")).includes("_NET_WM_STATE_DEMANDS_ATTENTION"));
    await call(`await w.requestUserAttention(null);`);
    assert(!(await xprop(xid, "_NET_WM_STATE")).includes("DEMANDS_ATTENTION"));
    await other.close();
    await call(`await w.setVisibleOnAllWorkspaces(true);`);
    await waitFor(
      async () => (await xprop(xid, "_NET_WM_DESKTOP")).endsWith("4294967295"),
      "_NET_WM_DESKTOP to be every desktop",
    );
    await call(`await w.setVisibleOnAllWorkspaces(false);`);
    await waitFor(
      async () => !(await xprop(xid, "_NET_WM_DESKTOP")).endsWith("4294967295"),
      "_NET_WM_DESKTOP to be one desktop",
    );

    // allowed actions: the Motif functions hint every EWMH window manager reads (openbox itself
    // keeps its buttons whatever the hint says; Mutter, KWin and xfwm4 follow it)
    const functions = async () => {
      const v = /= (.*)$/.exec(await xprop(xid, "_MOTIF_WM_HINTS"))?.[1].split(", ");
      return v && (Number(v[0]) & 1) ? Number(v[1]) : 1; // no functions flag: all allowed
    };
    const ALL = 1, MIN = 8, MAX = 16, CLOSE = 32;
    assertEquals(await functions() & ALL, ALL);
    await call(`await w.setMaximizable(false); await w.setMinimizable(false);`);
    let f = await functions();
    assertEquals([f & ALL, f & MIN, f & MAX, f & CLOSE], [0, 0, 0, CLOSE]);
    assertEquals(
      await call(
        `return [await w.isMaximizable(), await w.isMinimizable(), await w.isClosable()];`,
      ),
      [false, false, true],
    );
    await call(`await w.setClosable(false);`);
    f = await functions();
    assertEquals([f & ALL, f & CLOSE], [0, 0]);
    assertEquals(await call(`return await w.isClosable();`), false);
    await call(
      `await w.setMaximizable(true); await w.setMinimizable(true); await w.setClosable(true);`,
    );
    assertEquals(await functions() & ALL, ALL);
    assertEquals(
      await call(
        `return [await w.isMaximizable(), await w.isMinimizable(), await w.isClosable()];`,
      ),
      [true, true, true],
    );

    // maximize through Tauri's toggle, then back
    await call(`await w.toggleMaximize();`);
    assertEquals(await p.isMaximized(), true);
    await call(`await w.toggleMaximize();`);
    assertEquals(await p.isMaximized(), false);

    // decorations: the frame goes
    await call(`await w.setDecorations(false);`);
    assertEquals(await p.isDecorated(), false);
    await call(`await w.setDecorations(true);`);

    // clicks: a disabled window and a click-through window see none; re-enabled they arrive
    await p.setFocus();
    // The frame comes back asynchronously and moves the content area: wait until it rests.
    let ip = await p.innerPosition();
    await waitFor(async () => {
      await new Promise((r) => setTimeout(r, 300));
      const now = await p.innerPosition();
      const still = now.x === ip.x && now.y === ip.y;
      ip = now;
      return still;
    }, "the window to rest after its frame came back");
    const click = async () => {
      await run("xdotool", "mousemove", String((ip.x + 150) * s), String((ip.y + 120) * s));
      await run("xdotool", "click", "1");
      await new Promise((r) => setTimeout(r, 300));
      return await win.evalJs<number>("window.clicks");
    };
    const clicks0 = await click();
    assert(clicks0 >= 1, "a click on the window reaches the page");
    await call(`await w.setEnabled(false);`);
    assertEquals(await call(`return await w.isEnabled();`), false);
    assertEquals(await click(), clicks0, "a disabled window takes no click");
    await call(`await w.setEnabled(true);`);
    const clicks1 = await click();
    assertEquals(clicks1, clicks0 + 1);
    await call(`await w.setIgnoreCursorEvents(true);`);
    assertEquals(await click(), clicks1, "a click-through window takes no click");
    await call(`await w.setIgnoreCursorEvents(false);`);
    assertEquals(await click(), clicks1 + 1);

    // the pointer: warped relative to the content area
    await call(`await w.setCursorPosition(new D.LogicalPosition(10, 20));`);
    const loc = await run("xdotool", "getmouselocation");
    assertEquals(
      [Number(/x:(\d+)/.exec(loc)![1]), Number(/y:(\d+)/.exec(loc)![1])],
      [(ip.x + 10) * s, (ip.y + 20) * s],
    );
    // a grab keeps the pointer inside the window; released, it goes anywhere again
    await call(`await w.setCursorGrab(true);`);
    await run("xdotool", "mousemove", "2", "2");
    const inside = await run("xdotool", "getmouselocation");
    const [gx, gy] = [Number(/x:(\d+)/.exec(inside)![1]), Number(/y:(\d+)/.exec(inside)![1])];
    assert(gx >= ip.x * s && gy >= ip.y * s, `the grabbed pointer stays in the window: ${inside}`);
    await call(`await w.setCursorGrab(false);`);
    await run("xdotool", "mousemove", "2", "2");
    assert((await run("xdotool", "getmouselocation")).startsWith("x:2 y:2"));
    // cursor icon and visibility: what WebKit shows over the page
    const cursor = () => win.evalJs<string>("getComputedStyle(block).cursor");
    await call(`await w.setCursorIcon("notAllowed");`);
    await waitFor(async () => await cursor() === "not-allowed", "the not-allowed cursor");
    await call(`await w.setCursorVisible(false);`);
    await waitFor(async () => await cursor() === "none", "no cursor");
    await call(`await w.setCursorVisible(true); await w.setCursorIcon("default");`);
    await waitFor(async () => await cursor() === "auto", "the page's own cursor");
    const badIcon = await tryIn(win, `await T.window.getCurrentWindow().setCursorIcon("nope");`);
    assert(!badIcon.ok && badIcon.message.includes("unknown cursor icon"), JSON.stringify(badIcon));

    // background colour, as the X server shows it below the page's own red block
    await call(`await w.setBackgroundColor([0, 255, 0]);`);
    assertEquals(await p.backgroundColor(), "#00ff00ff");
    await waitFor(async () => {
      const img = await captureWindow(xid, true);
      return near(pixel(img, 100 * s, 150 * s), [0, 255, 0]) &&
        near(pixel(img, 100 * s, 10 * s), [255, 0, 0]);
    }, "green below the red block on screen");

    // the icon: _NET_WM_ICON holds the image's size and pixels
    const rgba = new Uint8Array(4 * 4 * 4);
    for (let i = 0; i < rgba.length; i += 4) rgba.set([0x11, 0x22, 0x33, 0xff], i);
    const png = await encodePng(4, 4, rgba);
    await call(`await w.setIcon(new Uint8Array(${JSON.stringify([...png])}));`);
    const icon = await xprop(xid, "_NET_WM_ICON", "-f", "_NET_WM_ICON", "32c");
    // xprop prints CARDINALs: width, height, then 0xAARRGGBB per pixel.
    assert(/= 4, 4, 4279312947/.test(icon), icon.slice(0, 200));
    // from a file path: another colour
    const file = await Deno.makeTempFile({ suffix: ".png" });
    for (let i = 0; i < rgba.length; i += 4) rgba.set([0x44, 0x55, 0x66, 0xff], i);
    await Deno.writeFile(file, await encodePng(4, 4, rgba));
    await call(`await w.setIcon(${JSON.stringify(file)});`);
    const fromFile = await xprop(xid, "_NET_WM_ICON", "-f", "_NET_WM_ICON", "32c");
    assert(fromFile.includes(`= 4, 4, ${0xff445566}`), fromFile.slice(0, 200));
    await Deno.remove(file);
    const noFile = await tryIn(
      win,
      `await T.window.getCurrentWindow().setIcon("/nonexistent.png");`,
    );
    assert(!noFile.ok && noFile.message.includes("cannot read the icon"), JSON.stringify(noFile));

    // fullscreen on the monitor that holds a point: the window covers that monitor
    await call(
      `const m = (await T.window.availableMonitors())[0];
       await w.setFullscreenOnMonitor(m.position);`,
    );
    assertEquals(await p.isFullscreen(), true);
    const monitor = await call(
      `const m = await T.window.currentMonitor(); return [m.size.width, m.size.height];`,
    );
    await waitFor(async () => {
      const size = await p.innerSize();
      return size.width * s === (monitor as number[])[0];
    }, "the fullscreen window to cover its monitor");
    await p.setFullscreen(false);

    // theme: the page's theme, and Tauri's theme-changed event
    const before = await call(`return await w.theme();`);
    const want = before === "dark" ? "light" : "dark";
    const changed = await call(
      `const got = []; const un = await w.onThemeChanged((e) => got.push(e.payload));
       await w.setTheme("${want}"); const t = await w.theme();
       for (let i = 0; i < 100 && !got.length; i++) await new Promise((r) => setTimeout(r, 20));
       un(); return [t, got];`,
    );
    assertEquals(changed, [want, [want]]);

    // unsupported here: a clear rejection, never a silent success
    for (
      const [js, why] of [
        [`w.setEffects({ effects: ["mica"] })`, "Windows and macOS only"],
        [`w.setContentProtected(true)`, "screen captures"],
        [`w.setBadgeLabel("3")`, "count, not a label"],
        [`w.setFocusable(false)`, "GTK 4"],
      ]
    ) {
      const r = await tryIn(win, `const w = T.window.getCurrentWindow(); await ${js};`);
      assert(!r.ok, js);
      assertEquals(r.tauri, r.message, `${js}: a plain string`);
      assert(
        r.message.includes("unsupported on this platform") && r.message.includes(why),
        r.message,
      );
    }
  },
);

Deno.test(
  "a setter without its permission is refused with Tauri's message; the same call with it works",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({
      identifier: ID,
      config: false,
      capabilities: [{
        identifier: "titler",
        windows: ["granted"],
        permissions: ["core:window:allow-set-title", "core:window:allow-set-size"],
      }],
    });
    const html = `<body>${script}</body>`;
    const plain = await app.show(html, { label: "plain", title: "plain-before", width: 300 });
    const granted = await app.show(html, { label: "granted", title: "granted-before" });
    const refused = await tryIn(
      plain,
      `await T.window.getCurrentWindow().setTitle("changed"); return 1;`,
    );
    // As Tauri rejects it: a plain string, in its words (tryIn sets `tauri` for strings only).
    const TITLE_REFUSED =
      'window.set_title not allowed on window "plain", webview "plain", URL: local\n\nallowed on: [windows: "granted", URL: local]\n\nreferenced by: capability: titler, permission: allow-set-title';
    assertEquals(refused, { ok: false, message: TITLE_REFUSED, tauri: TITLE_REFUSED });
    // Not even by naming another window: the caller's capability decides.
    const viaOther = await tryIn(
      plain,
      `await (await T.window.Window.getByLabel("granted")).setTitle("changed"); return 1;`,
    );
    assertEquals(viaOther.ok ? "" : viaOther.tauri, TITLE_REFUSED);
    const size = await tryIn(
      plain,
      `await T.window.getCurrentWindow().setSize(new T.dpi.LogicalSize(500, 400));`,
    );
    assertEquals(
      size.ok ? "" : size.tauri,
      'window.set_size not allowed on window "plain", webview "plain", URL: local\n\nallowed on: [windows: "granted", URL: local]\n\nreferenced by: capability: titler, permission: allow-set-size',
    );
    // panes' own invoke keeps its Error for the same refusal: code, permission, Tauri's words first.
    assertEquals(
      await plain.evalJs(
        `panes.invoke("plugin:window|set_title", { label: "plain", value: "x" }).then(
          () => "resolved",
          (e) => [e instanceof Error, e.code, e.data?.permission, e.message.startsWith(${
          JSON.stringify(TITLE_REFUSED + " (")
        })])`,
      ),
      [true, "forbidden", "core:window:allow-set-title", true],
    );
    await new Promise((r) => setTimeout(r, 200));
    assertEquals(await plain.proxy.title(), "plain-before");
    assertEquals(await granted.proxy.title(), "granted-before");
    assertEquals((await plain.proxy.innerSize()).width, 300);
    // Positive control: the same calls from the window the capability names.
    assertEquals(
      await tryIn(granted, `await T.window.getCurrentWindow().setTitle("changed"); return 1;`),
      { ok: true, v: 1 },
    );
    assertEquals(await granted.proxy.title(), "changed");
    assertEquals(
      await tryIn(
        granted,
        `await (await T.window.Window.getByLabel("plain")).setTitle("set by granted"); return 1;`,
      ),
      { ok: true, v: 1 },
    );
    assertEquals(await plain.proxy.title(), "set by granted");
    // Bad input: Tauri's shapes are checked before anything changes.
    const bad = await tryIn(
      granted,
      `await T.core.invoke("plugin:window|set_size", { label: "granted", value: { width: 1 } });`,
    );
    assert(!bad.ok);
    assertEquals(await granted.proxy.title(), "changed");
    const missing = await tryIn(
      granted,
      `await T.core.invoke("plugin:window|set_title", { label: "nope", value: "x" });`,
    );
    assert(
      !missing.ok && missing.message.includes("window not found: nope"),
      JSON.stringify(missing),
    );
  },
);

/** A private session bus (`dbus-daemon --session`) for one test. */
async function privateBus(): Promise<{ address: string; stop(): Promise<void> }> {
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
    text += decoder.decode(value);
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

Deno.test(
  "badge count and progress bar go to the desktop's launcher API (com.canonical.Unity.LauncherEntry)",
  WINDOW_TEST,
  async () => {
    const bus = await privateBus();
    const saved = Deno.env.get("DBUS_SESSION_BUS_ADDRESS");
    Deno.env.set("DBUS_SESSION_BUS_ADDRESS", bus.address);
    const { DBusConnection } = await import("../linux/dbus/connection.ts");
    const dock = DBusConnection.open(bus.address);
    try {
      const updates: unknown[][] = [];
      dock.subscribe(
        { iface: "com.canonical.Unity.LauncherEntry", member: "Update" },
        (s) => updates.push(s.args),
      );
      const script = await tauriCoreScript();
      await using app = new App({
        identifier: ID,
        config: false,
        capabilities: [{
          identifier: "taskbar",
          windows: ["taskbar"],
          permissions: ["core:window:allow-set-badge-count", "core:window:allow-set-progress-bar"],
        }],
      });
      const html = `<body>${script}</body>`;
      const plain = await app.show(html, { label: "plain", width: 200, height: 120 });
      const win = await app.show(html, { label: "taskbar", width: 200, height: 120 });
      // Refused without the permission, and nothing reaches the bus.
      const refused = await tryIn(plain, `await T.window.getCurrentWindow().setBadgeCount(3);`);
      assertEquals(
        refused.ok ? "" : refused.tauri,
        'window.set_badge_count not allowed on window "plain", webview "plain", URL: local\n\nallowed on: [windows: "taskbar", URL: local]\n\nreferenced by: capability: taskbar, permission: allow-set-badge-count',
      );
      await new Promise((r) => setTimeout(r, 300));
      assertEquals(updates, []);
      ok(await tryIn(win, `await T.window.getCurrentWindow().setBadgeCount(7);`));
      await waitFor(() => updates.length === 1, "the badge update on the bus");
      assertEquals(updates[0], [
        `application://${ID}.desktop`,
        { count: 7, "count-visible": true },
      ]);
      ok(
        await tryIn(
          win,
          `await T.window.getCurrentWindow().setProgressBar({ status: T.window.ProgressBarStatus.Normal, progress: 40 });`,
        ),
      );
      await waitFor(() => updates.length === 2, "the progress update on the bus");
      assertEquals(updates[1], [
        `application://${ID}.desktop`,
        { "progress-visible": true, progress: 0.4, urgent: false },
      ]);
      ok(await tryIn(win, `await T.window.getCurrentWindow().setBadgeCount(undefined);`));
      await waitFor(() => updates.length === 3, "the badge removal");
      assertEquals((updates[2][1] as Record<string, unknown>)["count-visible"], false);
    } finally {
      dock.close();
      if (saved === undefined) Deno.env.delete("DBUS_SESSION_BUS_ADDRESS");
      else Deno.env.set("DBUS_SESSION_BUS_ADDRESS", saved);
      await bus.stop();
    }
  },
);

Deno.test(
  "with GDK_SCALE=2 getters answer physical pixels and setters take both kinds",
  WINDOW_TEST,
  async () => {
    const r = await runDeno(["run", "-A", "tests/support/tauri_window_scale_child.ts"], {
      env: { GDK_SCALE: "2" },
      timeoutMs: 120_000,
    });
    const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
    assert(line, `the child printed no result (code ${r.code}): ${r.stderr.slice(-2000)}`);
    type Read = {
      page: {
        scale: number;
        inner: number[];
        innerPos: number[];
        outerPos: number[];
        monitor: number[];
      };
      proxy: { inner: number[]; outerPos: number[] };
    };
    const { before, physicalSet, logicalSet } = JSON.parse(line) as Record<string, Read>;
    const double = (v: number[]) => v.map((n) => n * 2);
    assertEquals(before.page.scale, 2);
    assertEquals(before.proxy.inner, [300, 200]);
    assertEquals(before.page.inner, double(before.proxy.inner));
    assertEquals(before.page.outerPos, double(before.proxy.outerPos));
    const root = await run("xwininfo", "-root");
    assertEquals(before.page.monitor, [
      Number(/Width:\s+(\d+)/.exec(root)![1]),
      Number(/Height:\s+(\d+)/.exec(root)![1]),
      2,
    ]);
    // PhysicalSize(500, 360) is 250×180 logical
    assertEquals(physicalSet.proxy.inner, [250, 180]);
    assertEquals(physicalSet.page.inner, [500, 360]);
    // LogicalSize(260, 170) is 520×340 physical; PhysicalPosition(120, 90) is (60, 45) logical
    assertEquals(logicalSet.proxy.inner, [260, 170]);
    assertEquals(logicalSet.page.inner, [520, 340]);
    assertEquals(logicalSet.proxy.outerPos, [60, 45]);
    assertEquals(logicalSet.page.outerPos, [120, 90]);
  },
);
