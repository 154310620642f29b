/**
 * Tauri's window events through @tauri-apps/api's own `window` module in real windows: resize,
 * move, focus and blur reach the listeners whose target names the window, with Tauri's payloads;
 * `onCloseRequested` prevents a close by the window manager; `tauri://destroyed` reaches other
 * windows; windows made from the page (`new Window`) and drags started from the page.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { App, type WindowHandle } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { type Outcome, tauriCoreScript, tryIn } from "./support/tauri_core.ts";

const ID = "dev.panes.corewindowevents";
const decoder = new TextDecoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(cmd: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: ${decoder.decode(out.stderr)}`);
  return decoder.decode(out.stdout);
}

async function xidOf(title: string): Promise<string> {
  return await waitFor<string | undefined>(async () => {
    const ids = (await run("xdotool", "search", "--name", `^${title}$`)).trim().split("\n");
    return ids.length === 1 && ids[0] ? ids[0] : undefined;
  }, `the X window titled ${title}`) as string;
}

function ok(r: Outcome): unknown {
  assert(r.ok, JSON.stringify(r));
  return r.v;
}

/** What the page's listeners collected (`window.got`), once `ready` holds for it. */
function got<T>(win: WindowHandle, key: string, ready: (v: T[]) => boolean, what: string) {
  return waitFor(async () => {
    const v = await win.evalJs<T[]>(`window.got?.[${JSON.stringify(key)}] ?? []`);
    return ready(v) ? v : undefined;
  }, what) as Promise<T[]>;
}

Deno.test(
  "resize, move, focus and blur reach the listeners that name the window, with Tauri's payloads",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({ identifier: ID, config: false });
    const html = `<body>${script}</body>`;
    const a = await app.show(html, {
      label: "a",
      title: "events-a",
      width: 300,
      height: 200,
      x: 40,
      y: 40,
    });
    const b = await app.show(html, { label: "b", title: "events-b", width: 250, height: 150 });
    // a listens to itself; b listens to a (by label) and to itself.
    ok(
      await tryIn(
        a,
        `window.got = { resize: [], move: [], focus: [] };
         const w = T.window.getCurrentWindow();
         await w.onResized((e) => got.resize.push([e.payload.constructor.name, e.payload.width, e.payload.height]));
         await w.onMoved((e) => got.move.push([e.payload.constructor.name, e.payload.x, e.payload.y]));
         await w.onFocusChanged((e) => got.focus.push(e.payload));`,
      ),
    );
    ok(
      await tryIn(
        b,
        `window.got = { a: [], own: [] };
         const a = await T.window.Window.getByLabel("a");
         await a.onResized((e) => got.a.push([e.event, e.payload.width, e.payload.height]));
         await T.window.getCurrentWindow().onResized((e) => got.own.push(e.payload.width));`,
      ),
    );
    const s = await a.proxy.scaleFactor();

    await a.proxy.setSize(360, 240);
    const resize = await got<unknown[]>(
      a,
      "resize",
      (v) => v.some((r) => r[1] === 360 * s && r[2] === 240 * s),
      "a's resize event",
    );
    assert(resize.every((r) => r[0] === "PhysicalSize"), JSON.stringify(resize));
    await got<unknown[]>(
      b,
      "a",
      (v) => v.some((r) => r[0] === "tauri://resize" && r[1] === 360 * s),
      "b's listener on a to hear a's resize",
    );
    assertEquals(await b.evalJs("got.own"), [], "b's own listener hears nothing of a");

    await a.proxy.setPosition(100, 120);
    const outer = await a.proxy.outerPosition();
    assertEquals(outer, { x: 100, y: 120 });
    const move = await got<unknown[]>(
      a,
      "move",
      (v) => v.some((m) => m[1] === 100 * s && m[2] === 120 * s),
      "a's move event at its new outer position",
    );
    assert(move.every((m) => m[0] === "PhysicalPosition"), JSON.stringify(move));
    // A move the window manager makes (not panes): the same event.
    await run("xdotool", "windowmove", "--sync", await xidOf("events-a"), "200", "150");
    const moved = await waitFor(async () => {
      const p = await a.proxy.outerPosition();
      return p.x !== 100 ? p : undefined;
    }, "the window manager to move a");
    await got<unknown[]>(
      a,
      "move",
      (v) => v.some((m) => m[1] === moved!.x * s && m[2] === moved!.y * s),
      "the move event for the window manager's move",
    );

    // focus: b takes it (a hears false), then a (true)
    await a.proxy.setFocus();
    await b.proxy.setFocus();
    await got<boolean>(a, "focus", (v) => v.includes(false), "a's blur");
    await a.proxy.setFocus();
    await got<boolean>(a, "focus", (v) => v[v.length - 1] === true, "a's focus");
  },
);

Deno.test(
  "onCloseRequested prevents a close by the window manager; unprevented, the window closes and others hear tauri://destroyed",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    // As in Tauri, the guest's onCloseRequested destroys the window itself: that needs
    // core:window:allow-destroy, which core:window:default does not hold.
    await using app = new App({
      identifier: ID,
      config: false,
      capabilities: [{
        identifier: "closer",
        windows: ["closer"],
        permissions: ["core:window:allow-destroy", "core:window:allow-close"],
      }],
    });
    const html = `<body>${script}</body>`;
    const closer = await app.show(html, { label: "closer", title: "events-closer", width: 300 });
    const watch = await app.show(html, { label: "watch", title: "events-watch", width: 200 });
    ok(
      await tryIn(
        closer,
        `window.asked = 0; window.prevent = true;
         await T.window.getCurrentWindow().onCloseRequested((e) => {
           asked++;
           if (window.prevent) e.preventDefault();
         });`,
      ),
    );
    ok(
      await tryIn(
        watch,
        `window.destroyed = [];
         const c = await T.window.Window.getByLabel("closer");
         await c.listen("tauri://destroyed", (e) => destroyed.push(e.event));`,
      ),
    );
    const xid = await xidOf("events-closer");
    // The window manager's close (openbox's Alt+F4: WM_DELETE_WINDOW), as the title bar's ×.
    const wmClose = async () => {
      await run("xdotool", "windowactivate", "--sync", xid);
      await run("xdotool", "key", "--clearmodifiers", "alt+F4");
    };
    await wmClose();
    await waitFor(async () => await closer.evalJs<number>("asked") === 1, "the close request");
    await sleep(500);
    assert(!closer.isClosed, "the page prevented the close");
    assert(app.windows.includes("closer"));
    assert((await run("xwininfo", "-id", xid)).includes("IsViewable"));
    // The page's own close() is a close request too: prevented alike.
    ok(await tryIn(closer, `await T.window.getCurrentWindow().close();`));
    await waitFor(async () => await closer.evalJs<number>("asked") === 2, "close() as a request");
    assert(!closer.isClosed);
    // The title bar's own close (GTK's close request) is prevented alike.
    await closer.proxy.requestClose();
    await waitFor(async () => await closer.evalJs<number>("asked") === 3, "the third request");
    await sleep(300);
    assert(!closer.isClosed);
    assertEquals(await watch.evalJs("destroyed"), []);
    // Not prevented: the guest destroys the window itself, and others hear of it.
    await closer.evalJs("window.prevent = false");
    await wmClose();
    await waitFor(() => closer.isClosed, "the unprevented close");
    await waitFor(
      async () => (await watch.evalJs<string[]>("destroyed")).length === 1,
      "tauri://destroyed in the other window",
    );
    assertEquals(await watch.evalJs("destroyed"), ["tauri://destroyed"]);
    assertEquals(await closer.evalJs("1").catch(() => "gone"), "gone");
    // Positive control for the interception: a window nobody listens on closes at once.
    const plain = await app.show(html, { label: "plain", title: "events-plain", width: 200 });
    await run("xdotool", "windowactivate", "--sync", await xidOf("events-plain"));
    await run("xdotool", "key", "--clearmodifiers", "alt+F4");
    await waitFor(() => plain.isClosed, "the plain window's close");
    // A page that listened and then went away (reloaded) decides nothing: the close goes through.
    const gone = await app.show(html, { label: "gone", title: "events-gone", width: 200 });
    ok(
      await tryIn(
        gone,
        `await T.window.getCurrentWindow().onCloseRequested((e) => e.preventDefault());`,
      ),
    );
    await gone.reload();
    await gone.proxy.requestClose();
    await waitFor(() => gone.isClosed, "the close of a window whose listening page is gone");
  },
);

Deno.test(
  "new Window() from the page opens a window with its label, with permission only; startDragging moves it",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({
      identifier: ID,
      config: false,
      capabilities: [{
        identifier: "maker",
        windows: ["maker"],
        permissions: [
          "core:window:allow-create",
          "core:window:allow-start-dragging",
          "core:window:allow-start-resize-dragging",
        ],
      }],
    });
    const html = `<body style="margin:0;height:100vh">${script}</body>`;
    const plain = await app.show(html, { label: "plain", width: 200, height: 150 });
    const maker = await app.show(html, {
      label: "maker",
      title: "events-maker",
      width: 300,
      height: 200,
      x: 50,
      y: 60,
    });
    const make = (w: WindowHandle, label: string) =>
      tryIn(
        w,
        `return await new Promise((resolve) => {
           const made = new T.window.Window(${
          JSON.stringify(label)
        }, { title: "made ${label}", width: 260, height: 180 });
           made.once("tauri://created", () => resolve("created"));
           made.once("tauri://error", (e) => resolve({
             error: typeof e.payload === "string" ? e.payload : e.payload?.message,
             kind: typeof e.payload,
           }));
         });`,
      );
    // The guest emits the rejection as tauri://error's payload: Tauri's plain string.
    assertEquals(ok(await make(plain, "refused")), {
      error:
        'window.create not allowed on window "plain", webview "plain", URL: local\n\nallowed on: [windows: "maker", URL: local]\n\nreferenced by: capability: maker, permission: allow-create',
      kind: "string",
    });
    assert(!app.windows.includes("refused"));
    assertEquals(ok(await make(maker, "made")), "created");
    const made = app.window("made");
    assert(made, "the page's window is open");
    assertEquals(await made.proxy.title(), "made made");
    assertEquals(await made.proxy.innerSize(), { width: 260, height: 180 });
    const again = ok(await make(maker, "made")) as { error: string };
    assert(again.error.includes("already exists"), JSON.stringify(again));

    // startDragging from a mousedown: the window manager moves the window with the pointer.
    ok(
      await tryIn(
        maker,
        `window.dragErrors = [];
         window.onDrag = () =>
           T.window.getCurrentWindow().startDragging().catch((e) => dragErrors.push(String(e)));
         addEventListener("mousedown", window.onDrag);`,
      ),
    );
    const s = await maker.proxy.scaleFactor();
    const before = await maker.proxy.outerPosition();
    const inner = await maker.proxy.innerPosition();
    await run("xdotool", "windowactivate", "--sync", await xidOf("events-maker"));
    await run("xdotool", "mousemove", String((inner.x + 150) * s), String((inner.y + 100) * s));
    await run("xdotool", "mousedown", "1");
    await sleep(400);
    for (let i = 1; i <= 8; i++) {
      await run(
        "xdotool",
        "mousemove",
        String((inner.x + 150 + i * 10) * s),
        String((inner.y + 100 + i * 5) * s),
      );
      await sleep(40);
    }
    await run("xdotool", "mouseup", "1");
    const after = await waitFor(async () => {
      const p = await maker.proxy.outerPosition();
      return p.x !== before.x ? p : undefined;
    }, "the drag to move the window");
    assertEquals(await maker.evalJs("dragErrors"), []);
    assertEquals([after!.x - before.x, after!.y - before.y], [80, 40]);
    // A resize drag from the bottom-right corner: the window grows with the pointer.
    ok(
      await tryIn(
        maker,
        `window.dragErrors = [];
         removeEventListener("mousedown", window.onDrag);
         addEventListener("mousedown", () =>
           T.window.getCurrentWindow().startResizeDragging("SouthEast")
             .catch((e) => dragErrors.push(String(e))));`,
      ),
    );
    const size0 = await maker.proxy.innerSize();
    const at = await maker.proxy.innerPosition();
    const cx = at.x + size0.width - 5, cy = at.y + size0.height - 5;
    await run("xdotool", "mousemove", String(cx * s), String(cy * s));
    await run("xdotool", "mousedown", "1");
    await sleep(400);
    for (let i = 1; i <= 8; i++) {
      await run("xdotool", "mousemove", String((cx + i * 5) * s), String((cy + i * 4) * s));
      await sleep(40);
    }
    await run("xdotool", "mouseup", "1");
    const grown = await waitFor(async () => {
      const z = await maker.proxy.innerSize();
      return z.width > size0.width ? z : undefined;
    }, "the resize drag to grow the window");
    assertEquals(await maker.evalJs("dragErrors"), []);
    assertEquals([grown!.width - size0.width, grown!.height - size0.height], [40, 32]);
    // Without a held button there is nothing to drag: a clear error.
    const idle = await tryIn(maker, `await T.window.getCurrentWindow().startDragging();`);
    assert(!idle.ok && idle.message.includes("no mouse button is held"), JSON.stringify(idle));
  },
);
