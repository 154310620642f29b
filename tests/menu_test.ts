import { assert, assertEquals, assertRejects, assertThrows } from "./support/assert.ts";
import { noWindowManager, xdotool } from "./support/xdo.ts";
import {
  App,
  CheckMenuItem,
  Menu,
  MenuItem,
  PredefinedMenuItem,
  Submenu,
  type WindowHandle,
} from "../mod.ts";
import { type MenuClickData, parseAccelerator } from "../menu.ts";
import { windowMenuHost } from "../app/menu/window_host.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { captureWindow, windowGeometry } from "./support/xwd.ts";
import { decodePng, drive, near, pixel, waitFor } from "../testing.ts";

const BLUE_PAGE = "<body style='background:#0000ff;margin:0'><p id=t>hello menus</p></body>";

interface Entry {
  label?: string;
  action?: string;
  accel?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: Entry[];
  section?: Entry[];
}

/** The native model flattened to `label|accel|enabled|checked` lines (sections and submenus inline). */
function flatten(items: Entry[], depth = 0): string[] {
  const out: string[] = [];
  for (const e of items) {
    if (e.section) {
      out.push(`${"  ".repeat(depth)}--`);
      out.push(...flatten(e.section, depth));
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

async function bar(
  win: WindowHandle,
): Promise<{ items: Entry[]; barHeight: number; viewHeight: number; shown: boolean }> {
  return await windowMenuHost(win).describe("bar") as {
    items: Entry[];
    barHeight: number;
    viewHeight: number;
    shown: boolean;
  };
}

/** Focuses the window with this exact title (the window manager gives it the keyboard). */
async function focus(title: string): Promise<void> {
  await xdotool("search", "--sync", "--name", `^${title}$`, "windowactivate", "--sync");
  await new Promise((r) => setTimeout(r, 150));
}

Deno.test("menu models reject what cannot work, with clear errors", () => {
  assertThrows(
    () =>
      new MenuItem({ id: "x", text: "X" } as unknown as ConstructorParameters<typeof MenuItem>[0]),
    TypeError,
    'MenuItem "x" has no handler',
  );
  assertThrows(
    () =>
      new CheckMenuItem(
        { id: "c", text: "C" } as unknown as ConstructorParameters<typeof CheckMenuItem>[0],
      ),
    TypeError,
    'CheckMenuItem "c" has no handler',
  );
  assertThrows(
    () => new MenuItem({ id: "y", text: "Y", accelerator: "CmdOrCtrl+Hyper+S", handler: () => {} }),
    TypeError,
    'unknown modifier "Hyper"',
  );
  assertThrows(
    () => new MenuItem({ id: "z", text: "Z", accelerator: "Ctrl+Banana", handler: () => {} }),
    TypeError,
    'unknown key "Banana"',
  );
  assertEquals(parseAccelerator("CmdOrCtrl+Shift+S").gtk, "<Control><Shift>s");
  assertEquals(parseAccelerator("Alt+F4").keys, ["Alt", "F4"]);
  assertEquals(parseAccelerator("CmdOrCtrl++").gtk, "<Control>plus");
  const item = new MenuItem({ id: "a", text: "A", handler: () => {} });
  const sub = new Submenu("S", [item]);
  assertThrows(() => sub.append(item), Error, "already in it");
  assertThrows(() => sub.append(sub), Error, "cannot contain itself");
  assertThrows(() => new Menu("m", [42 as unknown as MenuItem]), TypeError, "entries must be");
  assertRejects(() => new Menu("m2").remove(item), Error, "not in it");
});

Deno.test(
  "a menu bar: actions through the GTK action group call handlers and emit menu:click; check items toggle",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const calls: unknown[][] = [];
    const events: unknown[][] = [];
    const newItem = new MenuItem({
      id: "new",
      text: "&New",
      accelerator: "CmdOrCtrl+N",
      handler: (data, type, label) => void calls.push(["new", data, type, label]),
    });
    const wrap = new CheckMenuItem({
      id: "wrap",
      text: "Word wrap",
      checked: false,
      handler: (data, type, label) => void calls.push(["wrap", data, type, label]),
    });
    const selectAll = PredefinedMenuItem.selectAll();
    const menu = new Menu("app-menu", [
      new Submenu("&File", [
        newItem,
        wrap,
        PredefinedMenuItem.separator(),
        PredefinedMenuItem.quit(),
      ]),
      new Submenu("&Edit", [PredefinedMenuItem.copy(), selectAll]),
    ]);
    app.on("menu:click", (data, _type, label) => void events.push([data, label]));
    const win = await app.show(BLUE_PAGE, { label: "mbar", width: 320, height: 200, menu });

    // What GTK holds: labels (mnemonics), accelerators, sections, check state.
    assertEquals(flatten((await bar(win)).items), [
      "_File",
      "  --",
      "  _New|<Control>n",
      "  Word wrap|unchecked",
      "  --",
      "  Quit|<Control>q",
      "_Edit",
      "  Copy|<Control>c",
      "  Select All|<Control>a",
    ]);

    const host = windowMenuHost(win);
    await host.activate("bar", newItem);
    await waitFor(
      () => calls.length === 1 && events.length === 1,
      { what: "the New handler and menu:click" },
    );
    assertEquals(calls[0], ["new", { item_id: "new", source: "menubar" }, "menu:click", "mbar"]);
    assertEquals(events[0], [{ item_id: "new", source: "menubar" }, "mbar"]);

    await host.activate("bar", wrap);
    await waitFor(() => calls.length === 2, { what: "the check item's handler" });
    assertEquals(calls[1], [
      "wrap",
      { item_id: "wrap", source: "menubar", checked: true },
      "menu:click",
      "mbar",
    ]);
    assertEquals(wrap.checked, true);
    await host.activate("bar", wrap);
    await waitFor(() => calls.length === 3, { what: "the check item's handler, again" });
    assertEquals((calls[2][1] as MenuClickData).checked, false);
    assertEquals(flatten((await bar(win)).items)[3], "  Word wrap|unchecked");
    await host.activate("bar", wrap);
    await waitFor(() => calls.length === 4, { what: "a third toggle" });
    assertEquals(flatten((await bar(win)).items)[3], "  Word wrap|checked");

    // A predefined item runs natively (WebKit's SelectAll) and still reports its click.
    await host.activate("bar", selectAll);
    await waitFor(() => events.length === 5, { what: "menu:click for select_all" });
    assertEquals(events[4], [{ item_id: "select_all", source: "menubar" }, "mbar"]);
    assertEquals(await win.evalJs("getSelection().toString().trim()"), "hello menus");
  },
);

Deno.test(
  "accelerators pressed as real keys (the test kit's press) reach handlers (a disabled item's key does not)",
  {
    ...WINDOW_TEST,
    ignore: await noWindowManager(),
  },
  async () => {
    await using app = new App();
    const calls: unknown[][] = [];
    const save = new MenuItem({
      id: "save",
      text: "Save",
      accelerator: "CmdOrCtrl+S",
      handler: (data, _t, label) => void calls.push(["save", data, label]),
    });
    const wrap = new CheckMenuItem({
      id: "wrap",
      text: "Wrap",
      accelerator: "CmdOrCtrl+Shift+W",
      handler: (data) => void calls.push(["wrap", data]),
    });
    const zoom = new MenuItem({
      id: "zoom",
      text: "Zoom in",
      accelerator: "CmdOrCtrl+Plus",
      handler: (data) => void calls.push(["zoom", data]),
    });
    const events: unknown[] = [];
    app.on("menu:click", (data) => void events.push(data));
    const menu = new Menu("keys", [new Submenu("File", [save, wrap]), new Submenu("View", [zoom])]);
    const w = await drive(
      await app.show(BLUE_PAGE, { label: "keys", width: 320, height: 200, menu }),
    );
    await w.press("Ctrl+S");
    await waitFor(() => calls.length === 1, { what: "Ctrl+S to reach the Save handler" });
    assertEquals(calls[0], ["save", { item_id: "save", source: "accelerator" }, "keys"]);
    await w.press("CmdOrCtrl+Shift+W");
    await waitFor(() => calls.length === 2, { what: "Ctrl+Shift+W to toggle Wrap" });
    assertEquals(calls[1], ["wrap", { item_id: "wrap", source: "accelerator", checked: true }]);
    await w.press("Ctrl+Plus");
    await waitFor(() => calls.length === 3, { what: "Ctrl+Plus" });
    assertEquals(calls[2][0], "zoom");
    assertEquals(events.length, 3);

    await save.setEnabled(false);
    await w.press("Ctrl+S");
    await new Promise((r) => setTimeout(r, 400));
    assertEquals(calls.length, 3, "a disabled item's accelerator must not fire");

    // A changed accelerator takes effect live; the old one stops.
    await save.setEnabled(true);
    await save.setAccelerator("CmdOrCtrl+Alt+S");
    await w.press("Ctrl+S");
    await new Promise((r) => setTimeout(r, 300));
    assertEquals(calls.length, 3, "the old accelerator must be gone");
    await w.press("Ctrl+Alt+S");
    await waitFor(() => calls.length === 4, { what: "the new accelerator Ctrl+Alt+S" });
    assertEquals(calls[3][0], "save");
  },
);

Deno.test("live updates change what GTK's menu model holds", WINDOW_TEST, async () => {
  await using app = new App();
  const open = new MenuItem({ id: "open", text: "Open", handler: () => {} });
  const wrap = new CheckMenuItem({ id: "wrap", text: "Wrap", handler: () => {} });
  const file = new Submenu("File", [open, wrap]);
  const menu = new Menu("live", [file]);
  const win = await app.show(BLUE_PAGE, { label: "live", width: 320, height: 200, menu });
  assertEquals(flatten((await bar(win)).items), ["File", "  Open", "  Wrap|unchecked"]);

  await open.setText("Open…");
  await open.setAccelerator("CmdOrCtrl+O");
  await wrap.setChecked(true);
  await wrap.setEnabled(false);
  assertEquals(flatten((await bar(win)).items), [
    "File",
    "  Open…|<Control>o",
    "  Wrap|disabled|checked",
  ]);

  const recent = new MenuItem({ id: "recent", text: "Recent", handler: () => {} });
  await file.append(PredefinedMenuItem.separator(), recent);
  await menu.append(
    new Submenu("Help", [PredefinedMenuItem.about("About panes", { name: "panes" })]),
  );
  assertEquals(flatten((await bar(win)).items), [
    "File",
    "  --",
    "  Open…|<Control>o",
    "  Wrap|disabled|checked",
    "  --",
    "  Recent",
    "Help",
    "  About panes",
  ]);
  await file.remove(wrap);
  await open.setAccelerator(null);
  assertEquals(flatten((await bar(win)).items).slice(0, 6), [
    "File",
    "  --",
    "  Open…",
    "  --",
    "  Recent",
    "Help",
  ]);

  // A bar's top level must be submenus: a clear error, and nothing changes.
  assertThrows(() => file.append(recent), Error, "already in it");
  assertThrows(() => menu.append(recent), Error, "top-level entries must be Submenus");
  assertEquals(menu.items.length, 2);
  await assertRejects(
    () =>
      new Menu("flat", [new MenuItem({ id: "q", text: "Q", handler: () => {} })]).setAsWindowMenu(
        win,
      ),
    Error,
    "top-level entries must be Submenus",
  );
  await assertRejects(
    () => app.show(BLUE_PAGE, { menu: {} as Menu }),
    TypeError,
    "menu must be a Menu",
  );
  // Removing the bar takes it off the window; the page gets the height back.
  await menu.removeFrom(win);
  assertEquals(await bar(win), null);
});

Deno.test("the menu bar appears in an X11 screen capture above the page", WINDOW_TEST, async () => {
  await using app = new App();
  const menu = new Menu("shot", [
    new Submenu("File", [new MenuItem({ id: "n", text: "New", handler: () => {} })]),
    new Submenu("Edit", [PredefinedMenuItem.copy()]),
  ]);
  const title = `menubar-${crypto.randomUUID().slice(0, 6)}`;
  const plainTitle = `plain-${crypto.randomUUID().slice(0, 6)}`;
  const win = await app.show(BLUE_PAGE, { title, label: "shot", width: 320, height: 200, menu });
  await app.show(BLUE_PAGE, { title: plainTitle, label: "plain", width: 320, height: 200 });
  const { barHeight, viewHeight, shown } = await bar(win);
  assert(shown && barHeight >= 16, `the bar is mapped with a height (${barHeight})`);
  assertEquals(barHeight + viewHeight, 200, "bar and page share the window");
  const blue = [0, 0, 255];
  // Mapped is not painted: capture until both windows show the page's blue.
  let img = await captureWindow(title);
  await waitFor(async () => {
    img = await captureWindow(title);
    return near(pixel(img, 160, barHeight + 40), blue);
  }, { what: "the menu window to paint its page" });
  await waitFor(
    async () => near(pixel(await captureWindow(plainTitle), 160, 100), blue),
    { what: "the plain window to paint its page" },
  );
  assertEquals([img.width, img.height], [320, 200]);
  // Below the bar: the page. In the bar: no page blue, and dark label text on the left.
  assert(
    near(pixel(img, 160, barHeight + 40), blue),
    `page pixel is ${pixel(img, 160, barHeight + 40)}`,
  );
  let barBlue = 0, dark = 0;
  for (let y = 0; y < barHeight; y++) {
    for (let x = 0; x < 120; x++) {
      const [r, g, b] = pixel(img, x, y);
      if (near([r, g, b], blue, 40)) barBlue++;
      if (r + g + b < 200) dark++;
    }
  }
  assertEquals(barBlue, 0, "the bar covers the top of the window");
  assert(dark > 20, `the bar shows label text (${dark} dark pixels)`);
  // The same page without a menu is blue right to the top.
  const plain = await captureWindow(plainTitle);
  assert(near(pixel(plain, 160, 4), blue), `top of the plain window is ${pixel(plain, 160, 4)}`);
  // The page's own snapshot excludes the bar.
  const page = await decodePng(await win.proxy.screenshot());
  assertEquals(page.height, viewHeight);
});

Deno.test(
  "a context menu pops up at a position; keyboard and action group both reach handlers",
  {
    ...WINDOW_TEST,
    ignore: await noWindowManager(),
  },
  async () => {
    await using app = new App();
    const calls: unknown[][] = [];
    const alpha = new MenuItem({
      id: "alpha",
      text: "Alpha",
      handler: (d, _t, l) => void calls.push([d, l]),
    });
    const beta = new MenuItem({
      id: "beta",
      text: "Beta",
      handler: (d, _t, l) => void calls.push([d, l]),
    });
    const ctx = new Menu("ctx", [alpha, beta]);
    const title = `ctx-${crypto.randomUUID().slice(0, 6)}`;
    const win = await app.show(BLUE_PAGE, { title, label: "ctxw", width: 320, height: 240 });
    await focus(title);
    await assertRejects(
      () => ctx.popup(win, { x: Number.NaN, y: 0 }),
      TypeError,
      "must be { x: number, y: number }",
    );
    await ctx.popup(win, { x: 60, y: 50 });
    const host = windowMenuHost(win);
    await waitFor(
      async () => ((await host.describe("context")) as { open: boolean })?.open,
      { what: "the popup to open" },
    );
    // The popup is an X window of its own (32-bit, so a root capture leaves it out): capture it.
    const { xid } = await host.describe("context") as { xid: string | null };
    assert(xid, "the popup has an X11 window");
    const geo = await windowGeometry(title);
    const pop = await windowGeometry(xid, true);
    assert(
      pop.x <= geo.x + 60 && geo.x + 60 <= pop.x + pop.width && pop.y <= geo.y + 50 &&
        geo.y + 50 <= pop.y + pop.height,
      `the popup covers the point (window ${JSON.stringify(geo)}, popup ${JSON.stringify(pop)})`,
    );
    // GTK maps the popup before it paints it: capture until the labels are drawn.
    let seen = "";
    await waitFor(
      async () => {
        const img = await captureWindow(xid, true);
        let light = 0, dark = 0;
        for (let i = 0; i < img.data.length; i += 4) {
          const sum = img.data[i] + img.data[i + 1] + img.data[i + 2];
          if (sum > 600) light++;
          else if (sum < 250) dark++;
        }
        seen = `${light} light, ${dark} dark`;
        return light > img.width * img.height / 3 && dark > 20;
      },
      { what: "the popup to show its labels", timeout: 5_000 },
    ).catch((e) => {
      throw new Error(`${(e as Error).message} (last capture: ${seen})`);
    });
    await xdotool("key", "Down");
    await xdotool("key", "Return");
    await waitFor(() => calls.length === 1, { what: "a keyboard-chosen context item" });
    const [data, label] = calls[0] as [MenuClickData, string];
    assertEquals([data.source, label], ["context", "ctxw"]);
    assert(["alpha", "beta"].includes(data.item_id), data.item_id);
    await waitFor(
      async () => (await host.describe("context")) === null,
      { what: "the popup to close and go" },
    );

    // Popped up elsewhere, it moves by exactly as much.
    await ctx.popup(win, { x: 200, y: 150 });
    await waitFor(
      async () => ((await host.describe("context")) as { open: boolean })?.open,
      { what: "the second popup" },
    );
    const moved = await windowGeometry(
      (await host.describe("context") as { xid: string }).xid,
      true,
    );
    assertEquals([moved.x - pop.x, moved.y - pop.y], [140, 100]);
    await host.activate("context", beta);
    await waitFor(() => calls.length === 2, { what: "the action-group click" });
    assertEquals(calls[1], [{ item_id: "beta", source: "context" }, "ctxw"]);
  },
);

Deno.test("the predefined quit item ends the app", WINDOW_TEST, async () => {
  const app = new App();
  const quit = PredefinedMenuItem.quit();
  const menu = new Menu([new Submenu("File", [quit])]);
  const win = await app.show(BLUE_PAGE, { label: "q", width: 200, height: 150, menu });
  const run = app.run();
  await windowMenuHost(win).activate("bar", quit);
  await run;
  await win.closed;
  assertEquals(app.windows, []);
  await assertRejects(() => app.show(BLUE_PAGE), Error, "destroyed");
});

Deno.test("examples/menus.ts: its items run and the menu updates live", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "examples/menus.ts"],
    cwd: new URL("../", import.meta.url).pathname,
    env: { PANES_EXAMPLE_AUTORUN: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  for (
    const line of [
      'menu:click {"item_id":"new","source":"menubar"}',
      'menu:click {"item_id":"wrap","source":"menubar","checked":false}',
      "status: Word wrap off",
      "wrap checked: false",
      "recent: recent-1",
    ]
  ) assert(stdout.includes(line), `missing ${JSON.stringify(line)} in:\n${stdout}`);
});
