/**
 * Tauri's core menu plugin through @tauri-apps/api/menu in real windows: a native menu bar made
 * by the page, clicked with real input (xdotool), whose clicks reach the page's `action`; the
 * item API against what GTK holds; a context menu; the app menu; a denied call.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { noWindowManager, xdotool } from "./support/xdo.ts";
import { App, type WindowHandle } from "../mod.ts";
import { windowMenuHost } from "../app/menu/window_host.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { captureWindow, windowGeometry } from "./support/xwd.ts";
import { Menu, MenuItem, Submenu } from "../mod.ts";
import { near, pixel } from "./support/png.ts";
import { tauriCoreScript, tryIn } from "./support/tauri_core.ts";

interface Entry {
  label?: string;
  accel?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: Entry[];
  section?: Entry[];
}

/** The native model as `label|accel|disabled|checked` lines (sections and submenus inline). */
function flatten(items: Entry[], depth = 0): string[] {
  const out: string[] = [];
  for (const e of items) {
    if (e.section) {
      out.push(`${"  ".repeat(depth)}--`, ...flatten(e.section, depth));
      continue;
    }
    const bits = [e.label];
    if (e.accel) bits.push(e.accel);
    if (e.enabled === false) bits.push("disabled");
    if (e.checked !== undefined) bits.push(e.checked ? "checked" : "unchecked");
    out.push("  ".repeat(depth) + bits.join("|"));
    if (e.submenu) out.push(...flatten(e.submenu, depth + 1));
  }
  return out;
}

type Bar = { items: Entry[]; barHeight: number; shown: boolean } | null;

function bar(win: WindowHandle): Promise<Bar> {
  return windowMenuHost(win).describe("bar") as Promise<Bar>;
}

/** Focuses the window titled `title`; returns its X id. */
async function focus(title: string): Promise<string> {
  const out = await new Deno.Command("xdotool", {
    args: ["search", "--sync", "--name", `^${title}$`],
    stdout: "piped",
  }).output();
  const xid = new TextDecoder().decode(out.stdout).trim().split("\n")[0];
  await xdotool("windowactivate", "--sync", xid);
  await new Promise((r) => setTimeout(r, 150));
  return xid;
}

/** The ids the page's menu actions received. */
function clicks(win: WindowHandle): Promise<string[]> {
  return win.evalJs("window.clicks ?? []") as Promise<string[]>;
}

const BLUE = "background:#0000ff;margin:0";
const MAKE_MENU = `const M = T.menu;
  const push = (id) => (window.clicks ??= []).push(id);
  const open = await M.MenuItem.new({ id: "open", text: "Open", accelerator: "CmdOrCtrl+O", action: push });
  const wrap = await M.CheckMenuItem.new({ id: "wrap", text: "Wrap", checked: false, action: push });
  const file = await M.Submenu.new({ id: "file", text: "File", items: [
    open, wrap, { item: "Separator" }, { id: "close", text: "Close", action: push }, { item: "Services" },
  ] });
  const menu = await M.Menu.new({ id: "main", items: [file, { text: "Help", items: [{ item: { About: { name: "Demo", version: "1.0" } } }] }] });
  window.made = { open, wrap, file, menu };`;

Deno.test(
  "Menu.new + setAsWindowMenu: a native menu bar whose clicks (xdotool) reach the page's actions",
  { ...WINDOW_TEST, ignore: await noWindowManager() },
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({ config: false });
    const title = `coremenu-${crypto.randomUUID().slice(0, 6)}`;
    const win = await app.show(`<body style="${BLUE}">${script}</body>`, {
      title,
      label: "main",
      width: 360,
      height: 240,
    });
    assertEquals(await bar(win), null, "no menu bar before the page sets one");
    const r = await tryIn(
      win,
      `${MAKE_MENU}
       const previous = await menu.setAsWindowMenu();
       return { previous, ids: [open.id, wrap.id, file.id, menu.id], kinds: [open.kind, wrap.kind, file.kind, menu.kind] };`,
    );
    assertEquals(r, {
      ok: true,
      v: {
        previous: null,
        ids: ["open", "wrap", "file", "main"],
        kinds: ["MenuItem", "Check", "Submenu", "Menu"],
      },
    });
    // Native: GTK holds the bar as the page described it (Services is macOS-only: not shown).
    // Mapped first, laid out a moment later: wait for its height.
    let b = await bar(win);
    await waitFor(async () => {
      b = await bar(win);
      return Boolean(b?.shown && b.barHeight >= 16);
    }, "the menu bar to be mapped and laid out");
    const laid = b;
    if (!laid) throw new Error("no menu bar");
    assertEquals(flatten(laid.items), [
      "File",
      "  --",
      "  Open|<Control>o",
      "  Wrap|unchecked",
      "  --",
      "  Close",
      "Help",
      "  About",
    ]);
    // Screen: the bar covers the top of the window, with label text; the page is below.
    const blue = [0, 0, 255];
    let img = await captureWindow(title);
    await waitFor(async () => {
      img = await captureWindow(title);
      return near(pixel(img, 180, laid.barHeight + 40), blue);
    }, "the window to paint its page");
    let barBlue = 0, dark = 0;
    for (let y = 0; y < laid.barHeight; y++) {
      for (let x = 0; x < 120; x++) {
        const [cr, cg, cb] = pixel(img, x, y);
        if (near([cr, cg, cb], blue, 40)) barBlue++;
        if (cr + cg + cb < 200) dark++;
      }
    }
    assertEquals(barBlue, 0, "the bar covers the top of the window");
    assert(dark > 20, `the bar shows label text (${dark} dark pixels)`);

    // Real input: the accelerator, then a mouse click on "File" and the keyboard in its menu.
    const xid = await focus(title);
    await xdotool("key", "ctrl+o");
    await waitFor(async () => (await clicks(win)).length === 1, "Ctrl+O to reach the page");
    assertEquals(await clicks(win), ["open"]);
    await xdotool("mousemove", "--window", xid, "20", String(Math.round(laid.barHeight / 2)));
    await xdotool("click", "1");
    await new Promise((r) => setTimeout(r, 800)); // let the menu open (no native signal says it has)
    // GTK focuses the first item (Open) as the menu opens: one step down is Wrap.
    await xdotool("key", "Down", "Return");
    await waitFor(async () => (await clicks(win)).length === 2, "the mouse-opened menu's item");
    assertEquals(await clicks(win), ["open", "wrap"]);
    const checked = await tryIn(win, `return await window.made.wrap.isChecked();`);
    assertEquals(checked, { ok: true, v: true }, "the click toggled the check item");
  },
);

Deno.test("menu items: Tauri's API against what GTK holds", WINDOW_TEST, async () => {
  const script = await tauriCoreScript();
  await using app = new App({ config: false, name: "Demo", version: "2.0" });
  const win = await app.show(`<body>${script}</body>`, { label: "api", width: 360, height: 240 });
  const r = await tryIn(
    win,
    `${MAKE_MENU}
     await menu.setAsWindowMenu();
     const out = {};
     out.text = await open.text();
     await open.setText("Open…");
     await open.setEnabled(false);
     out.enabled = await open.isEnabled();
     await open.setAccelerator("CmdOrCtrl+Shift+O");
     await wrap.setChecked(true);
     out.checked = await wrap.isChecked();
     const items = await file.items();
     out.items = items.map((i) => [i.id, i.kind]);
     out.get = (await menu.get("close"))?.kind;
     out.missing = await menu.get("nope");
     await file.append(await T.menu.MenuItem.new({ id: "late", text: "Late" }));
     await file.prepend([{ id: "p1", text: "P1" }, { id: "p2", text: "P2" }]);
     await file.insert({ id: "mid", text: "Mid" }, 3);
     const removed = await file.removeAt(0);
     out.removed = [removed.id, removed.kind];
     await file.remove(await menu.get("close"));
     out.after = (await file.items()).map((i) => i.id);
     const sep = items.find((i) => i.kind === "Predefined");
     out.sepText = await sep.text();
     const img = await T.image.Image.new(new Uint8Array([255, 0, 0, 255]), 1, 1);
     const iconItem = await T.menu.IconMenuItem.new({ id: "ico", text: "With icon", icon: img, action: push });
     await iconItem.setIcon(T.menu.NativeIcon.Folder);
     await iconItem.setIcon(null);
     await file.append(iconItem);
     out.icon = [(await menu.get("ico")).kind, await iconItem.text()];
     try { await iconItem.setIcon(new Uint8Array([1, 2, 3])); out.badIcon = "ok"; } catch (e) { out.badIcon = typeof e === "string" ? e : "not a string"; }
     await file.remove(iconItem);
     const about = await (await menu.items())[1].items();
     await about[0].setText("About Demo");
     const errors = [];
     for (const f of [() => T.core.invoke("plugin:menu|set_enabled", { rid: sep.rid, kind: "Predefined", enabled: false }), () => menu.setAsWindowsMenuForNSApp?.(),
       () => file.setAsHelpMenuForNSApp(), () => file.setEnabled(false),
       () => T.core.invoke("plugin:menu|set_checked", { rid: open.rid, checked: true }),
       () => T.core.invoke("plugin:menu|text", { rid: 99999, kind: "MenuItem" }),
       () => T.menu.MenuItem.new({ text: "bad", accelerator: "Ctrl+Nope+" }),
       () => T.menu.PredefinedMenuItem.new({ item: "Teleport" })]) {
       try { await f(); errors.push("ok"); } catch (e) { errors.push(typeof e + ": " + e); }
     }
     out.errors = errors;
     return out;`,
  );
  assert(r.ok, JSON.stringify(r));
  const v = r.v as Record<string, unknown> & { errors: string[] };
  assertEquals(v.text, "Open");
  assertEquals(v.enabled, false);
  assertEquals(v.checked, true);
  assertEquals(v.items, [["open", "MenuItem"], ["wrap", "Check"], [
    "separator",
    "Predefined",
  ], ["close", "MenuItem"]]);
  assertEquals(v.get, "MenuItem");
  assertEquals(v.missing, null);
  assertEquals(v.removed, ["p2", "MenuItem"], "prepend puts items one by one at the front");
  assertEquals(v.after, ["p1", "open", "mid", "wrap", "separator", "late"]);
  assertEquals(v.sepText, "");
  assertEquals(v.icon, ["Icon", "With icon"]);
  assert(String(v.badIcon).includes("not a PNG or ICO image"), String(v.badIcon));
  assertEquals(
    v.errors[0].startsWith("string: unexpected menu item kind"),
    true,
    v.errors[0],
  );
  assertEquals(v.errors[1], "ok", "Menu has no setAsWindowsMenuForNSApp (Submenu does)");
  assert(
    v.errors[2].startsWith("string: set_as_help_menu_for_nsapp is unsupported"),
    v.errors[2],
  );
  assert(v.errors[3].startsWith("string: disabling a Submenu"), v.errors[3]);
  assert(v.errors[4].startsWith("string: ") && v.errors[4].includes("unexpected menu item kind"));
  assert(/^string: no .* resource id 99999$/.test(v.errors[5]), v.errors[5]);
  assert(v.errors[6].startsWith("string: ") && v.errors[6].includes("accelerator"), v.errors[6]);
  assert(v.errors[7].startsWith("string: ") && v.errors[7].includes("unknown predefined menu"));
  // Native: every change reached GTK's model.
  const b = await bar(win);
  assertEquals(flatten(b!.items), [
    "File",
    "  --",
    "  P1",
    "  Open…|<Control><Shift>o|disabled",
    "  Mid",
    "  Wrap|checked",
    "  --",
    "  Late",
    "Help",
    "  About Demo",
  ]);
});

Deno.test(
  "popup opens the page's menu as a native context menu; its item reaches the page",
  { ...WINDOW_TEST, ignore: await noWindowManager() },
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({ config: false });
    const title = `corepopup-${crypto.randomUUID().slice(0, 6)}`;
    const win = await app.show(`<body>${script}</body>`, {
      title,
      label: "pop",
      width: 360,
      height: 240,
    });
    const xid = await focus(title);
    const r = await tryIn(
      win,
      `const push = (id) => (window.clicks ??= []).push(id);
       const ctx = await T.menu.Menu.new({ items: [{ id: "alpha", text: "Alpha", action: push }, { id: "beta", text: "Beta", action: push }] });
       await ctx.popup(new T.dpi.LogicalPosition(60, 50));
       window.ctx = ctx;
       return true;`,
    );
    assertEquals(r, { ok: true, v: true });
    const host = windowMenuHost(win);
    await waitFor(
      async () => ((await host.describe("context")) as { open: boolean } | null)?.open,
      "the popup to open",
    );
    const described = await host.describe("context") as { items: Entry[] };
    assertEquals(flatten(described.items), ["Alpha", "Beta"]);
    await new Promise((r) => setTimeout(r, 300));
    await xdotool("key", "Down");
    await xdotool("key", "Return");
    await waitFor(async () => (await clicks(win)).length === 1, "a keyboard-chosen context item");
    assert(["alpha", "beta"].includes((await clicks(win))[0]));
    await waitFor(async () => (await host.describe("context")) === null, "the popup to close");

    // A Submenu pops up as a menu of its entries.
    assertEquals(
      await tryIn(
        win,
        `const sub = await T.menu.Submenu.new({ text: "S", items: [{ id: "s1", text: "Sub one" }] });
         await sub.popup(new T.dpi.PhysicalPosition(30, 30)); return true;`,
      ),
      { ok: true, v: true },
    );
    await waitFor(
      async () => ((await host.describe("context")) as { open: boolean } | null)?.open,
      "the submenu popup",
    );
    assertEquals(flatten((await host.describe("context") as { items: Entry[] }).items), [
      "Sub one",
    ]);
    await xdotool("key", "Escape");
    await waitFor(async () => (await host.describe("context")) === null, "the popup to close");

    // No position: it opens where the page last saw the pointer (Tauri opens at the cursor).
    await xdotool("mousemove", "--window", xid, "200", "150");
    await waitFor(
      async () => JSON.stringify(await win.evalJs("window.__panesMenuPointer")) === "[200,150]",
      "the page to see the pointer",
    );
    assertEquals(await tryIn(win, `await window.ctx.popup(); return true;`), { ok: true, v: true });
    await waitFor(
      async () => ((await host.describe("context")) as { open: boolean } | null)?.open,
      "the second popup",
    );
    const pop = await windowGeometry(
      (await host.describe("context") as { xid: string }).xid,
      true,
    );
    const geo = await windowGeometry(title);
    assert(
      pop.x <= geo.x + 200 && geo.x + 200 <= pop.x + pop.width && pop.y <= geo.y + 150 &&
        geo.y + 150 <= pop.y + pop.height + 8,
      `the popup is at the pointer (window ${JSON.stringify(geo)}, popup ${JSON.stringify(pop)})`,
    );
  },
);

Deno.test(
  "setAsAppMenu reaches every window; a denied setAsWindowMenu changes nothing (positive control beside it)",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({
      config: false,
      capabilities: [{
        identifier: "no-menus-here",
        windows: ["denied"],
        permissions: ["core:menu:deny-set-as-window-menu"],
      }],
    });
    const html = `<body>${script}</body>`;
    const denied = await app.show(html, { label: "denied", width: 300, height: 200 });
    const allowed = await app.show(html, { label: "allowed", width: 300, height: 200 });
    const make =
      `const m = await T.menu.Menu.new({ items: [{ text: "Tools", items: [{ id: "t", text: "Tool" }] }] });`;
    const refused = await tryIn(denied, `${make} return await m.setAsWindowMenu();`);
    assert(!refused.ok, "a denied setAsWindowMenu must be refused");
    // Tauri's words for an explicit deny, as a plain string (tryIn sets `tauri` for strings only).
    assertEquals(
      refused.tauri,
      "menu.set_as_window_menu explicitly denied on origin local\n\nreferenced by: capability: no-menus-here, permission: deny-set-as-window-menu",
    );
    assertEquals(await bar(denied), null, "the refused call set no menu bar");
    // The same call in a window the deny does not name.
    const ok = await tryIn(allowed, `${make} return await m.setAsWindowMenu();`);
    assertEquals(ok, { ok: true, v: null });
    assertEquals(flatten((await bar(allowed))!.items), ["Tools", "  Tool"]);
    // The app menu goes to every window without a page-set menu of its own: here "denied".
    const appMenu = await tryIn(
      allowed,
      `const m = await T.menu.Menu.default();
       const first = await m.setAsAppMenu();
       const again = await m.setAsAppMenu();
       return [first, again?.id === m.id];`,
    );
    assertEquals(appMenu, { ok: true, v: [null, true] });
    assertEquals(flatten((await bar(denied))!.items).filter((l) => !l.startsWith(" ")), [
      "Edit",
      "Window",
      "Help",
    ]);
    assertEquals(flatten((await bar(allowed))!.items)[0], "Tools", "its own menu stays");
    // A window opened later gets the app menu too; one the app gives a menu keeps that one.
    const later = await app.show(html, { label: "later", width: 300, height: 200 });
    await waitFor(async () => (await bar(later)) !== null, "the app menu on a new window");
    assertEquals(flatten((await bar(later))!.items)[0], "Edit");
    const own = new Menu("own", [
      new Submenu("Own", [new MenuItem({ id: "o", text: "O", handler: () => {} })]),
    ]);
    const mine = await app.show(html, { label: "mine", width: 300, height: 200, menu: own });
    await new Promise((r) => setTimeout(r, 300));
    assertEquals(flatten((await bar(mine))!.items)[0], "Own");
    // A second app menu replaces the first everywhere it was, and nowhere else.
    const second = await tryIn(
      allowed,
      `const m = await T.menu.Menu.new({ items: [{ text: "Second", items: [{ text: "x" }] }] });
       return (await m.setAsAppMenu())?.id;`,
    );
    assert(second.ok && typeof second.v === "string", JSON.stringify(second));
    for (
      const [w, first] of [[denied, "Second"], [later, "Second"], [mine, "Own"], [
        allowed,
        "Tools",
      ]] as const
    ) {
      assertEquals(flatten((await bar(w))!.items)[0], first, w.label);
    }
  },
);

Deno.test(
  "a click reaches only the page that made the item; the app's own menu is replaced, not handed to the page",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({ config: false });
    const hostClicks: string[] = [];
    const hostMenu = new Menu("host", [
      new Submenu("Host", [
        new MenuItem({
          id: "h",
          text: "Host item",
          handler: (d) => void hostClicks.push(d.item_id),
        }),
      ]),
    ]);
    const html = `<body>${script}</body>`;
    const a = await app.show(html, { label: "a", width: 300, height: 200, menu: hostMenu });
    const b = await app.show(html, { label: "b", width: 300, height: 200 });
    const make = (who: string) =>
      `const m = await T.menu.Menu.new({ items: [{ text: "Same", items: [
         { id: "same", text: "Same", action: (id) => (window.clicks ??= []).push("${who}:" + id) }] }] });
       return await m.setAsWindowMenu();`;
    // The app's own menu is not handed to the page (null), but the page's replaces it.
    assertEquals(await tryIn(a, make("a")), { ok: true, v: null });
    assertEquals(await tryIn(b, make("b")), { ok: true, v: null });
    for (const [win, who] of [[a, "a"], [b, "b"]] as const) {
      const host = windowMenuHost(win);
      const entry = host.barMenu()!.get("same")!;
      await host.activate("bar", entry);
      await waitFor(async () => (await clicks(win)).length === 1, `the click in ${who}`);
      assertEquals(await clicks(win), [`${who}:same`]);
    }
    // Each page heard its own click only; the app's menu heard none.
    assertEquals(await clicks(a), ["a:same"]);
    assertEquals(hostClicks, []);
    assert(windowMenuHost(a).barMenu() !== hostMenu);
  },
);
