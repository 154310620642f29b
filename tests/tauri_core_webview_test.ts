/**
 * Tauri's core webview plugin through @tauri-apps/api's own modules in real windows: windows a
 * page makes (`new WebviewWindow`), their labels, events and capabilities, refusals without the
 * permission, remote URLs without app trust, and a webview's zoom, background, visibility and
 * browsing data checked natively.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { tauriCoreScript, tryIn } from "./support/tauri_core.ts";

const ID = "dev.panes.corewebview";

/** A frontend folder with one page that reports nothing itself (the host reads it). */
async function distWith(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "panes-webview-" });
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return dir;
}

/**
 * Makes `new WebviewWindow(label, options)` in the page and waits for its local event:
 * `{ created: true }` or `{ error }` (Tauri's guest emits both on the creator's object).
 */
function makeWindow(label: string, options: Record<string, unknown>): string {
  return `const w = new T.webviewWindow.WebviewWindow(${JSON.stringify(label)}, ${
    JSON.stringify(options)
  });
  return await new Promise((resolve) => {
    w.once("tauri://created", () => resolve({ created: true, label: w.label }));
    w.once("tauri://error", (e) => resolve({ error: typeof e.payload === "string" ? e.payload : e.payload?.message ?? String(e.payload) }));
    setTimeout(() => resolve({ timeout: true }), 40000);
  });`;
}

Deno.test(
  "WebviewWindow from a page: its own window, label, events and capabilities; refused without the permission",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    const dist = await distWith({
      "settings.html": "<!doctype html><title>settings</title><h1>Settings</h1>",
    });
    await using app = new App({
      identifier: ID,
      config: false,
      frontendDist: dist,
      capabilities: [
        {
          identifier: "maker",
          windows: ["creator"],
          permissions: [
            "core:webview:allow-create-webview-window",
            "core:webview:allow-webview-close",
          ],
        },
        // The page-made window's own capability: it holds it by its label.
        {
          identifier: "settings-only",
          windows: ["settings"],
          permissions: ["core:app:allow-app-show"],
        },
      ],
    });
    const html = `<body>${script}</body>`;
    const plain = await app.show(html, { label: "plain", width: 320, height: 200 });
    const creator = await app.show(html, { label: "creator", width: 320, height: 200 });

    // Without core:webview:allow-create-webview-window: Tauri's refusal, and no window opens.
    const refused = await tryIn(plain, makeWindow("sneaky", { url: "settings.html" }));
    // tauri://error carries the rejection: Tauri's plain string.
    assertEquals(refused, {
      ok: true,
      v: {
        error:
          'webview.create_webview_window not allowed on window "plain", webview "plain", URL: local\n\nallowed on: [windows: "creator", URL: local]\n\nreferenced by: capability: maker, permission: allow-create-webview-window',
      },
    });
    assertEquals(app.window("sneaky"), undefined);
    assertEquals(app.windows.sort(), ["creator", "plain"]);

    // The same call where the permission is granted opens the window.
    const made = await tryIn(
      creator,
      makeWindow("settings", {
        url: "settings.html",
        title: "Made by a page",
        width: 360,
        height: 240,
      }),
    );
    assertEquals(made, { ok: true, v: { created: true, label: "settings" } });
    const settings = app.window("settings");
    assert(settings, "the page-made window is open");
    assertEquals(await settings.proxy.title(), "Made by a page");
    assertEquals(await settings.proxy.innerSize(), { width: 360, height: 240 });
    assertEquals(await settings.proxy.url(), "panes://app/settings.html");
    // Its page has the bridge and its own label in __TAURI_INTERNALS__.metadata.
    assertEquals(
      await settings.evalJs(
        "[__TAURI_INTERNALS__.metadata.currentWindow.label, __TAURI_INTERNALS__.metadata.currentWebview.label, document.querySelector('h1').textContent]",
      ),
      ["settings", "settings", "Settings"],
    );
    // Capabilities follow its label: app_show is granted to "settings", not to "plain".
    const callShow =
      `(async () => { try { await __TAURI_INTERNALS__.invoke("plugin:app|app_show"); return "ok"; } catch (e) { return String(e?.message ?? e); } })()`;
    assertEquals(await settings.evalJs(callShow), "ok");
    const plainShow = await plain.evalJs(callShow) as string;
    assert(plainShow.includes("app_show not allowed"), plainShow);

    // The list of webviews has it (getAllWebviewWindows asks the window plugin instead).
    const all = await tryIn(
      creator,
      `return (await T.webview.getAllWebviews()).map((w) => w.label + "@" + w.window.label).sort();`,
    );
    assertEquals(all, { ok: true, v: ["creator@creator", "plain@plain", "settings@settings"] });

    // A label in use: tauri://error with Tauri's words, and the open window is untouched.
    const again = await tryIn(creator, makeWindow("settings", { url: "settings.html" }));
    assertEquals(again, {
      ok: true,
      v: { error: "a window with label `settings` already exists" },
    });
    assertEquals(await settings.proxy.title(), "Made by a page");

    // Schemes that would run with the app's trust are refused: no window opens.
    for (const url of ["file:///etc/passwd", "data:text/html,<h1>x</h1>", "//evil.example/x"]) {
      const r = await tryIn(creator, makeWindow("bad", { url }));
      assert(r.ok && "error" in (r.v as object), `${url}: ${JSON.stringify(r)}`);
      assertEquals(app.window("bad"), undefined, url);
    }
    // webview_close from the page closes it.
    const closed = await tryIn(
      creator,
      `const w = await T.webview.Webview.getByLabel("settings"); await w.close(); return true;`,
    );
    assert(closed.ok, JSON.stringify(closed));
    await waitFor(() => app.window("settings") === undefined, "the page-made window to close");
    await Deno.remove(dist, { recursive: true });
  },
);

Deno.test(
  "WebviewWindow with a relative URL and no frontend folder: a clear error, no window",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({
      identifier: ID,
      config: false,
      capabilities: ["core:webview:allow-create-webview-window"],
    });
    const win = await app.show(`<body>${script}</body>`, {
      label: "lone",
      width: 300,
      height: 200,
    });
    const r = await tryIn(win, makeWindow("rel", { url: "settings.html" }));
    assert(r.ok, JSON.stringify(r));
    const err = (r.v as { error?: string }).error ?? "";
    assert(err.includes("AppOptions.frontendDist"), err);
    assertEquals(app.window("rel"), undefined);
  },
);

Deno.test(
  "WebviewWindow on a remote URL: no app trust, only what a capability naming its origin grants",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      () =>
        new Response("<!doctype html><h1>remote</h1>", {
          headers: { "content-type": "text/html" },
        }),
    );
    const origin = `http://127.0.0.1:${server.addr.port}`;
    await using app = new App({
      identifier: ID,
      config: false,
      capabilities: [
        "core:webview:allow-create-webview-window",
        {
          identifier: "remote-granted",
          windows: ["granted"],
          remote: { urls: [`${origin}/*`] },
          permissions: ["core:app:allow-name"],
        },
      ],
    });
    const win = await app.show(`<body>${script}</body>`, {
      label: "opener",
      width: 300,
      height: 200,
    });
    for (const label of ["bare", "granted"]) {
      const r = await tryIn(win, makeWindow(label, { url: `${origin}/page` }));
      assertEquals(r, { ok: true, v: { created: true, label } });
    }
    const askName =
      `(async () => { try { return "ok:" + await __TAURI_INTERNALS__.invoke("plugin:app|name"); } catch (e) { return "no:" + String(e?.message ?? e); } })()`;
    // The page asked for this URL: the host did not choose it, so it is not app content.
    const bare = await app.window("bare")!.evalJs(askName) as string;
    assert(bare.startsWith("no:"), `remote page without a grant: ${bare}`);
    // Positive control: the same call from the same origin where a capability names it.
    const granted = await app.window("granted")!.evalJs(askName) as string;
    assertEquals(granted, `ok:${ID}`);
  },
);

Deno.test(
  "webview setters checked natively: zoom, background, hide/show, focus; refused without permission",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({
      identifier: ID,
      config: false,
      capabilities: [{
        identifier: "styler",
        windows: ["styler"],
        permissions: [
          "core:webview:allow-set-webview-zoom",
          "core:webview:allow-set-webview-background-color",
          "core:webview:allow-webview-hide",
          "core:webview:allow-webview-show",
          "core:webview:allow-set-webview-focus",
          "core:webview:allow-set-webview-size",
          "core:webview:allow-clear-all-browsing-data",
          "core:webview:allow-create-webview",
          "core:webview:allow-reparent",
        ],
      }],
    });
    const html = `<body style="background: transparent">${script}</body>`;
    const plain = await app.show(html, { label: "plain", width: 300, height: 200 });
    const styler = await app.show(html, { label: "styler", width: 300, height: 200 });
    const target = `const v = await T.webview.Webview.getByLabel("target");`;
    const targetWin = await app.show(`<body>${script}</body>`, {
      label: "target",
      width: 320,
      height: 220,
    });

    // Refused from the page without the grant: the zoom stays.
    const refused = await tryIn(plain, `${target} await v.setZoom(2); return true;`);
    assert(
      !refused.ok && refused.message.includes("set_webview_zoom not allowed"),
      JSON.stringify(refused),
    );
    assertEquals(await targetWin.proxy.zoom(), 1);
    // Granted: it changes, natively.
    assertEquals(await tryIn(styler, `${target} await v.setZoom(1.5); return true;`), {
      ok: true,
      v: true,
    });
    assertEquals(await targetWin.proxy.zoom(), 1.5);

    const bg = await tryIn(
      styler,
      `${target} await v.setBackgroundColor([255, 0, 0, 128]); return true;`,
    );
    assert(bg.ok, JSON.stringify(bg));
    assertEquals(await targetWin.proxy.backgroundColor(), "#ff000080");

    // Size and position: the webview fills its window.
    const geo = await tryIn(
      styler,
      `${target} const s = await v.size(); const p = await v.position();
       await v.setSize(new T.dpi.LogicalSize(400, 260));
       return [s.width, s.height, p.x, p.y];`,
    );
    assert(geo.ok, JSON.stringify(geo));
    const scale = await targetWin.proxy.scaleFactor();
    assertEquals(geo.v, [Math.round(320 * scale), Math.round(220 * scale), 0, 0]);
    assertEquals(await targetWin.proxy.innerSize(), { width: 400, height: 260 });

    // Hiding the webview hides the page inside its window (the window stays shown).
    const visibility = () => targetWin.evalJs("document.visibilityState");
    assertEquals(await visibility(), "visible");
    assert((await tryIn(styler, `${target} await v.hide(); return true;`)).ok);
    await waitFor(async () => (await visibility()) === "hidden", "the page to be hidden");
    assertEquals(await targetWin.proxy.isVisible(), true);
    assert((await tryIn(styler, `${target} await v.show(); return true;`)).ok);
    await waitFor(async () => (await visibility()) === "visible", "the page to be shown again");

    // Unsupported here, with the reason: a second webview in a window, moving one.
    const unsupported = await tryIn(
      styler,
      `const out = [];
       for (const f of [
         () => T.core.invoke("plugin:webview|create_webview", { windowLabel: "target", label: "x", options: { x: 0, y: 0, width: 10, height: 10 } }),
         () => T.core.invoke("plugin:webview|reparent", { label: "target", window: "styler" }),
       ]) { try { await f(); out.push("ok"); } catch (e) { out.push(typeof e + ": " + e); } }
       return out;`,
    );
    assert(unsupported.ok, JSON.stringify(unsupported));
    for (const line of unsupported.v as string[]) {
      assert(
        line.startsWith("string: ") && line.includes("unsupported on this platform"),
        line,
      );
    }

    // Clearing browsing data: localStorage set by the page is gone afterwards (positive: it was there).
    await targetWin.evalJs("localStorage.setItem('k', 'v'), true");
    assertEquals(await targetWin.evalJs("localStorage.getItem('k')"), "v");
    const cleared = await tryIn(styler, `${target} await v.clearAllBrowsingData(); return true;`);
    assertEquals(cleared, { ok: true, v: true });
    await targetWin.proxy.reload();
    assertEquals(await targetWin.evalJs("localStorage.getItem('k')"), null);
  },
);

/** X windows whose name matches `pattern` exactly (xdotool). */
async function windowsNamed(pattern: string): Promise<string[]> {
  const out = await new Deno.Command("xdotool", {
    args: ["search", "--name", pattern],
    stdout: "piped",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(out.stdout).split("\n").filter(Boolean);
}

/** Runs xdotool and returns what it printed. */
async function xdo(...args: string[]): Promise<string> {
  const out = await new Deno.Command("xdotool", { args, stdout: "piped", stderr: "null" })
    .output();
  return new TextDecoder().decode(out.stdout);
}

/** Waits for GTK's print dialog and returns its X window id. */
function printDialog(what: string): Promise<string> {
  return waitFor(async () => (await windowsNamed("^Print$"))[0], what, 20_000);
}

/** Closes the print dialog `dialog` with Escape, as a user would, and waits until it is gone. */
async function escapePrintDialog(dialog: string): Promise<void> {
  await xdo("windowactivate", "--sync", dialog);
  await xdo("key", "--clearmodifiers", "Escape");
  await waitFor(
    async () => (await windowsNamed("^Print$")).length === 0,
    "the print dialog to close on Escape",
    20_000,
  );
}

Deno.test(
  "print opens GTK's print dialog (refused without the permission); focus and the inspector",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({
      identifier: ID,
      config: false,
      debug: true,
      capabilities: [{
        identifier: "printer",
        windows: ["printer"],
        permissions: ["core:webview:allow-print", "core:webview:allow-set-webview-focus"],
      }],
    });
    const html = `<body><h1>printable</h1>${script}</body>`;
    const plain = await app.show(html, { label: "plain", title: "plain", width: 300, height: 200 });
    const printer = await app.show(html, {
      label: "printer",
      title: "printer",
      width: 300,
      height: 200,
    });
    const print = `await T.core.invoke("plugin:webview|print", {}); return true;`;
    const refused = await tryIn(plain, print);
    assert(!refused.ok && refused.message.includes("print not allowed"), JSON.stringify(refused));
    await new Promise((r) => setTimeout(r, 1000));
    assertEquals(await windowsNamed("^Print$"), [], "no print dialog after a refused print");

    assertEquals(await tryIn(printer, print), { ok: true, v: true });
    const dialog = await printDialog("GTK's print dialog");
    // The dialog is modal; the app goes on answering while it is open.
    assertEquals(await printer.evalJs("1 + 1"), 2);
    await escapePrintDialog(dialog);

    // Focus: the webview of "plain" gets the keyboard focus when "printer" asks for it.
    await printer.proxy.setFocus();
    await waitFor(() => printer.evalJs("document.hasFocus()"), "printer to have the focus");
    const focused = await tryIn(
      printer,
      `const v = await T.webview.Webview.getByLabel("plain"); await v.setFocus(); return true;`,
    );
    assertEquals(focused, { ok: true, v: true });
    await waitFor(() => plain.evalJs("document.hasFocus()"), "plain's page to have the focus");

    // The inspector toggles (internal_toggle_devtools is in core:default, with debug on).
    const toggle =
      `await T.core.invoke("plugin:webview|internal_toggle_devtools", {}); return true;`;
    assertEquals(await tryIn(plain, toggle), { ok: true, v: true });
    await waitFor(() => plain.proxy.isDevtoolsOpen(), "the inspector to open");
    assertEquals(await tryIn(plain, toggle), { ok: true, v: true });
    await waitFor(async () => !(await plain.proxy.isDevtoolsOpen()), "the inspector to close");
  },
);

Deno.test(
  "the page's window.print() shows GTK's print dialog without holding the app; one at a time",
  WINDOW_TEST,
  async () => {
    await using app = new App({ identifier: ID, config: false });
    const win = await app.show(`<body><h1>printable</h1></body>`, {
      title: "page-print",
      width: 300,
      height: 200,
    });
    assertEquals(await windowsNamed("^Print$"), [], "no print dialog before the page asks");
    // A page asking twice gets one dialog (WebKit's own modal one allowed one at a time too).
    await win.evalJs("setTimeout(() => { window.print(); window.print(); }, 0); true");
    const dialog = await printDialog("GTK's print dialog after window.print()");
    // The dialog does not hold the app: the page still answers, and so does the host's timer.
    assertEquals(await win.evalJs("6 * 7"), 42);
    await new Promise((r) => setTimeout(r, 300));
    assertEquals((await windowsNamed("^Print$")).length, 1, "one dialog for two calls");
    await escapePrintDialog(dialog);
    // Closed, the page may ask again; this time the user picks "Print to File" and presses Print,
    // and the page lands in GTK's default output file (output.pdf in the working directory).
    const dir = await Deno.makeTempDir({ prefix: "panes-print-" });
    const cwd = Deno.cwd();
    Deno.chdir(dir);
    try {
      await win.evalJs("setTimeout(() => window.print(), 0); true");
      const again = await printDialog("a second print dialog after the first closed");
      await new Promise((r) => setTimeout(r, 1000)); // the printer list fills in
      const geometry = await xdo("getwindowgeometry", again);
      const [, w, h] = /Geometry: (\d+)x(\d+)/.exec(geometry) ?? [];
      assert(w && h, `the dialog's geometry: ${geometry}`);
      // The printer list's first row ("Print to File", the only printer here), then Print (the
      // dialog's bottom-right button).
      await xdo("mousemove", "--window", again, "85", "91", "click", "1");
      await new Promise((r) => setTimeout(r, 500));
      await xdo("mousemove", "--window", again, String(+w - 45), String(+h - 28), "click", "1");
      const pdf = await waitFor(
        async () => {
          try {
            const bytes = await Deno.readFile(`${dir}/output.pdf`);
            return bytes.length > 1000 ? bytes : undefined;
          } catch {
            return undefined;
          }
        },
        "the printed page in output.pdf",
        30_000,
      );
      assertEquals(new TextDecoder().decode(pdf!.subarray(0, 5)), "%PDF-");
      assertEquals(await windowsNamed("^Print$"), [], "the dialog closed after printing");
    } finally {
      Deno.chdir(cwd);
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
);

Deno.test(
  "internal_toggle_devtools without AppOptions.debug: refused, no inspector",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({ identifier: ID, config: false });
    const win = await app.show(`<body>${script}</body>`, { width: 300, height: 200 });
    const r = await tryIn(
      win,
      `await T.core.invoke("plugin:webview|internal_toggle_devtools", {}); return true;`,
    );
    assert(!r.ok && r.message.includes("AppOptions.debug"), JSON.stringify(r));
    assertEquals(await win.proxy.isDevtoolsOpen(), false);
  },
);
