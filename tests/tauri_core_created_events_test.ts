/**
 * Tauri's `tauri://webview-created` and `tauri://window-created` (`TauriEvent.WEBVIEW_CREATED`,
 * `WINDOW_CREATED`) through @tauri-apps/api's own `event` and `window` modules in real windows:
 * emitted as Tauri 2 emits them (to every listener of the name, whatever its target, webview
 * first, payload `{ label }`) when the host or a page opens a window.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { App, type WindowHandle } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { type Outcome, tauriCoreScript, tryIn } from "./support/tauri_core.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ok(r: Outcome): unknown {
  assert(r.ok, JSON.stringify(r));
  return r.v;
}

/** What the page's listeners collected (`window.got`), once it holds `n` entries. */
function collected(win: WindowHandle, n: number, what: string): Promise<unknown[]> {
  return waitFor(async () => {
    const v = await win.evalJs<unknown[]>("window.got ?? []");
    return v.length >= n ? v : undefined;
  }, what) as Promise<unknown[]>;
}

Deno.test(
  "window and webview creation reach every listener with { label }, webview first; an unlisten stops them",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({
      config: false,
      capabilities: [{
        identifier: "maker",
        windows: ["main"],
        permissions: ["core:window:allow-create"],
      }],
    });
    const html = `<body>${script}</body>`;
    const main = await app.show(html, { label: "main", width: 300, height: 200 });
    ok(
      await tryIn(
        main,
        `window.got = [];
         window.unWebview = await T.event.listen(T.event.TauriEvent.WEBVIEW_CREATED,
           (e) => got.push(["any", e.event, e.payload]));
         await T.event.listen(T.event.TauriEvent.WINDOW_CREATED,
           (e) => got.push(["any", e.event, e.payload]));
         // A listener whose target is this window hears them too: Tauri emits them to all.
         await T.window.getCurrentWindow().listen(T.event.TauriEvent.WINDOW_CREATED,
           (e) => got.push(["main", e.event, e.payload]));
         return true;`,
      ),
    );
    await sleep(200);
    assertEquals(await main.evalJs("window.got"), [], "nothing before a window opens");

    // A window the host opens.
    await app.show(html, { label: "second", width: 200, height: 150 });
    assertEquals(await collected(main, 3, "the events of the host's window"), [
      ["any", "tauri://webview-created", { label: "second" }],
      ["any", "tauri://window-created", { label: "second" }],
      ["main", "tauri://window-created", { label: "second" }],
    ]);

    // A window the page opens (new Window: core:window:allow-create), after one unlisten.
    ok(
      await tryIn(
        main,
        `await window.unWebview();
         window.got = [];
         return await new Promise((resolve) => {
           const made = new T.window.Window("third", { title: "third", width: 200, height: 150 });
           made.once("tauri://created", () => resolve(true));
           made.once("tauri://error", (e) => resolve({ error: String(e.payload) }));
         });`,
      ),
    );
    assertEquals(await collected(main, 2, "the events of the page's window"), [
      ["any", "tauri://window-created", { label: "third" }],
      ["main", "tauri://window-created", { label: "third" }],
    ]);
    await sleep(300);
    assertEquals(
      (await main.evalJs<unknown[]>("window.got")).length,
      2,
      "no webview event after unlisten",
    );
    assert(app.windows.includes("third"));
  },
);
