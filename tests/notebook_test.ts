/**
 * The notebook transport in Deno's real Jupyter kernel (`deno jupyter --kernel`), driven by
 * Jupyter's own client (jupyter_client, from Python): cells show a page and register commands;
 * a headless Chromium renders the cell's output as a notebook frontend does (the output's HTML
 * in a page of another site, the panes page in its iframe; for the widget display, the
 * anywidget front end the kernel sent). Then the kernel restarts and nothing is left listening.
 * @module
 */

import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { raw, upgradeHeaders } from "./support/browser_raw.ts";
import { DevTools } from "./support/cdp.ts";
import { NotebookServer } from "../transports/notebook/server.ts";
import { underJupyter, useKernel } from "../transports/notebook/kernel.ts";
import { App } from "../mod.ts";
import { sharedChromium, waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import {
  childrenOf,
  JupyterKernel,
  type KernelMessage,
  listening,
  processAlive,
  serveOutputPage,
} from "./support/notebook.ts";

const mod = new URL("../mod.ts", import.meta.url).href;

/** The first cell of every kernel here: panes, zod, and `out(v)` (a cell value the test reads). */
const SETUP = `
import { z } from "zod";
import { App, Channel, Commands } from ${JSON.stringify(mod)};
const out = (v: unknown) => ({ [Deno.jupyter.$display]: () => ({ "application/json": { v } }) });
out(Deno.version.deno)`;

/** The page of the tests: it answers app:pong into a log the cells read. */
const PAGE = `<!doctype html><meta charset="utf-8"><h1 id="t">chart</h1>
<script>
  globalThis.log = [];
  panes.on("app:pong", (d) => log.push(d));
</script>`;

const COMMANDS = `
const commands = new Commands()
  .command("area", { body: z.object({ w: z.number(), h: z.number() }) },
    ({ body }) => ({ area: body.w * body.h }))
  .command("points", {
    body: z.object({ n: z.number().int().max(10000), channel: Channel.of(z.object({ i: z.number(), y: z.number() })) }),
  }, async ({ body: { n, channel } }) => {
    for (let i = 0; i < n; i++) channel.send({ i, y: Math.sin(i / 10) });
    channel.close();
    return n;
  });`;

/** What the page does as its user would: events, a typed invoke (and a refused one), a channel. */
const ACT = `(async () => {
  const area = await panes.invoke("area", { w: 3, h: 4 });
  let refused;
  try { await panes.invoke("area", { w: "three", h: 4 }); } catch (e) { refused = e.code; }
  const seen = [];
  const n = await panes.invoke("points", { n: 500, channel: new panes.Channel((p) => seen.push(p.i)) });
  panes.emit("app:ping", { k: 7 });
  await new Promise((r) => { const t = setInterval(() => { if (log.length) { clearInterval(t); r(); } }, 10); });
  return { area, refused, n, inOrder: seen.every((v, i) => v === i), count: seen.length, log,
    framed: window.top !== window, origin: location.origin };
})()`;

function displays(messages: KernelMessage[]): KernelMessage[] {
  return messages.filter((m) => m.msg_type === "display_data");
}

function liveUrl(html: string): string {
  const m = /src=\\"(http:\/\/127\.0\.0\.1:\d+\/n\/\d+\?k=[^\\"]+)\\"/.exec(html);
  if (!m) throw new Error(`no live page URL in the output: ${html.slice(0, 400)}`);
  return m[1].replace(/&amp;/g, "&");
}

Deno.test({
  name: "notebook: Deno's kernel publishes kernel-opened comms but never hears the frontend",
  ...WINDOW_TEST,
  async fn() {
    const k = await JupyterKernel.start();
    try {
      await k.run(SETUP);
      // What Deno.jupyter offers: no comm API, nothing that receives.
      const keys = await k.value<string[]>(`out(Object.keys(Deno.jupyter))`);
      assert(keys.includes("broadcast") && keys.includes("display"), keys.join());
      assert(!keys.some((n) => /comm/i.test(n)), `a comm API appeared: ${keys} (docs/notebook.md)`);
      // A comm opened from the kernel reaches the frontend, with its metadata.
      const opened = await k.run(`Deno.jupyter.broadcast("comm_open", { comm_id: "k1",
        target_name: "jupyter.widget", data: { state: { a: 1 }, buffer_paths: [] } },
        { metadata: { version: "2.1.0" } }); out(1)`);
      const open = opened.outputs.find((m) => m.msg_type === "comm_open");
      assertEquals(open?.content.comm_id, "k1");
      assertEquals(open?.metadata.version, "2.1.0");
      // The frontend's comm_msg on that comm: no reply, and nothing reaches the cell's code.
      const sent = await k.request({
        op: "shell",
        msg_type: "comm_msg",
        content: { comm_id: "k1", data: { method: "custom", content: { x: 1 } } },
        seconds: 1,
      }) as { shell: KernelMessage[]; iopub: KernelMessage[] };
      assertEquals(sent.shell.length, 0, JSON.stringify(sent.shell));
      // A comm the frontend opens is closed at once; comm_info lists no comm at all.
      const fopen = await k.request({
        op: "shell",
        msg_type: "comm_open",
        content: { comm_id: "f1", target_name: "jupyter.widget", data: {} },
        seconds: 1,
      }) as { shell: KernelMessage[] };
      assertEquals(fopen.shell.map((m) => m.msg_type), ["comm_close"]);
      const info = await k.request({
        op: "shell",
        msg_type: "comm_info_request",
        content: {},
        seconds: 1,
      }) as { shell: KernelMessage[] };
      assertEquals(info.shell[0]?.content.comms, {});
    } finally {
      await k.shutdown().catch(() => k.kill());
    }
  },
});

Deno.test({
  name:
    "notebook: a cell's page (iframe output) — events, typed invoke, channel; restart leaves nothing",
  ...WINDOW_TEST,
  async fn() {
    const chromium = await sharedChromium();
    const frontend = serveOutputPage();
    const k = await JupyterKernel.start();
    try {
      await k.run(SETUP);
      // No transport named: under deno jupyter the default is the notebook.
      const shown = await k.run(`${COMMANDS}
const app = new App({ commands });
const win = await app.show(${
        JSON.stringify(PAGE)
      }, { label: "chart", title: "chart", height: 240 });
win.on("app:ping", (d) => win.emit("app:pong", { got: d }));
out(win.label)`);
      const [display] = displays(shown.outputs);
      assert(display, `the cell shows no output: ${JSON.stringify(shown.outputs)}`);
      const data = display.content.data as Record<string, string>;
      assertStringIncludes(data["text/plain"], 'panes window "chart"');
      const html = data["text/html"];
      // The saved output shows a static snapshot until the page's server answers.
      assertStringIncludes(html, 'class="panes-snapshot" sandbox=""');
      assertStringIncludes(html, "&lt;h1 id=&quot;t&quot;&gt;chart&lt;/h1&gt;");
      assert(!/<script>[^]*panes\.on/.test(html.split("srcdoc")[1] ?? ""), "scripts in snapshot");
      const url = liveUrl(html);
      const port = Number(new URL(url).port);

      // The frontend renders the output: the page comes up inside it.
      const liveTab = await chromium.open(frontend.url(html));
      const acted = await k.value<Record<string, unknown>>(
        `out(await win.evalJs(${JSON.stringify(ACT)}, { timeoutMs: 30000 }))`,
      );
      assertEquals(acted.area, { area: 12 });
      assertEquals(acted.refused, "invalid-body");
      assertEquals([acted.n, acted.count, acted.inOrder], [500, 500, true]);
      assertEquals(acted.log, [{ got: { k: 7 } }]);
      assertEquals(acted.framed, true);
      assertEquals(acted.origin, `http://127.0.0.1:${port}`);

      // What a notebook cannot do rejects clearly; what a page can do works (positive control).
      const denied = await k.value<Record<string, string>>(`
const why = async (p: Promise<unknown>) => p.then(() => "resolved", (e) => String(e.message));
await win.proxy.setTitle("renamed");
out({ maximize: await why(win.proxy.maximize()), tray: await why(app.createTray()),
  title: await win.evalJs("document.title") })`);
      assertMatch(
        denied.maximize,
        /native windows only \(window "chart" is a page in a notebook output/,
      );
      assertMatch(denied.tray, /createTray: native windows only .*"notebook"/);
      assertEquals(denied.title, "renamed");

      // Shown again: a new output; the older one turns into a stale snapshot and its key dies.
      const again = await k.run(
        `win.display(); await new Promise((r) => setTimeout(r, 0)); out(1)`,
      );
      const newer = displays(again.outputs)[0] ?? displays(again.others)[0];
      assert(newer, `no second output: ${JSON.stringify(again)}`);
      const newUrl = liveUrl((newer.content.data as Record<string, string>)["text/html"]);
      const stale = (await k.request({ op: "iopub", seconds: 1 }) as { messages: KernelMessage[] })
        .messages.concat(again.outputs, again.others)
        .find((m) =>
          m.msg_type === "update_display_data" &&
          (m.content.transient as { display_id: string }).display_id ===
            (display.content.transient as { display_id: string }).display_id
        );
      assert(stale, "the older output was not updated");
      assertStringIncludes(
        (stale.content.data as Record<string, string>)["text/html"],
        "Stale: this window is shown in a newer output.",
      );
      const oldPage = await fetch(url);
      assertEquals(oldPage.status, 403, await oldPage.text());
      const newPage = await fetch(newUrl); // positive control: the newer output's page is served
      assertEquals(newPage.status, 200);
      await newPage.body?.cancel();

      // The show cell run again (the same app, the same label): the older window is replaced,
      // the newer works.
      const rerun = await k.value<Record<string, unknown>>(`
const older = win;
const win2 = await app.show(${JSON.stringify(PAGE)}, { label: "chart", height: 240 });
win2.on("app:ping", (d) => win2.emit("app:pong", { again: d }));
out({ olderClosed: older.isClosed, windows: app.windows })`);
      assertEquals(rerun, { olderClosed: true, windows: ["chart"] });
      const stillServed = await fetch(newUrl); // the replaced window's output is not live
      assertEquals(stillServed.status, 403);
      await stillServed.body?.cancel();
      const url3 = await k.value<string>(`out(await win2.proxy.url())`);
      assertEquals(await fetch(url3).then(async (r) => (await r.body?.cancel(), r.status)), 200);
      assertEquals(new URL(url3).port, String(port), "the app's server stays for its next window");

      // Restart: the kernel process ends, and with it the page server; nothing is left.
      assert(await listening(port), "the page server should listen before the restart");
      const { before, after } = await k.restart();
      assert(before !== after, "the kernel restarted in place");
      await waitFor(() => !processAlive(before), {
        what: "the old kernel process to end",
        timeout: 20_000,
      });
      assertEquals(childrenOf(before), []);
      await waitFor(async () => !(await listening(port)), {
        what: "the page server's port to close",
      });
      // The new kernel has no panes state: a fresh cell works as the first one did.
      assertEquals(await k.value<string>(`${SETUP}\n;out("fresh")`), "fresh");

      // The same output opened again now that its kernel is gone (a saved notebook): it keeps
      // its static snapshot and says why. (While the kernel ran, the live page replaced it:
      // checked on the first tab, the positive control.)
      const live = await DevTools.connect(chromium.port, liveTab);
      try {
        assertEquals(await live.evaluate(`!!document.querySelector("iframe.panes-live")`), true);
      } finally {
        live.close();
      }
      const saved = await DevTools.connect(chromium.port, await chromium.open(frontend.url(html)));
      try {
        const note = await waitFor(
          () => saved.evaluate<string>(`document.querySelector(".panes-note")?.textContent ?? ""`),
          { what: "the saved output's note" },
        );
        assertMatch(note, /Snapshot: the page's server \(its kernel\) cannot be reached/);
        assertEquals(
          await saved.evaluate(`[!!document.querySelector("iframe.panes-live"),
            document.querySelector("iframe.panes-snapshot").srcdoc.includes('<h1 id="t">chart</h1>')]`),
          [false, true],
        );
      } finally {
        saved.close();
      }
    } finally {
      await k.shutdown().catch(() => k.kill());
      await frontend.close();
    }
  },
});

function assertStringIncludes(text: string, part: string): void {
  assert(text.includes(part), `expected to find ${JSON.stringify(part)} in ${text.slice(0, 600)}`);
}

Deno.test({
  name: "notebook: the widget display (anywidget over kernel comms); a re-run cell replaces it",
  ...WINDOW_TEST,
  async fn() {
    const chromium = await sharedChromium();
    const frontend = serveOutputPage();
    const k = await JupyterKernel.start();
    try {
      await k.run(SETUP);
      const shown = await k.run(`${COMMANDS}
const app = new App({ commands, notebookDisplay: "widget" });
const win = await app.show(${JSON.stringify(PAGE)}, { label: "chart", height: 200 });
win.on("app:ping", (d) => win.emit("app:pong", { got: d }));
out(win.label)`);
      const open = shown.outputs.find((m) => m.msg_type === "comm_open");
      assert(open, `no comm_open: ${JSON.stringify(shown.outputs)}`);
      assertEquals(open.content.target_name, "jupyter.widget");
      assertEquals(open.metadata.version, "2.1.0");
      const state = (open.content.data as { state: Record<string, unknown> }).state;
      assertEquals([state._model_module, state._model_name, state._view_name], [
        "anywidget",
        "AnyModel",
        "AnyView",
      ]);
      const [display] = displays(shown.outputs);
      const data = display.content.data as Record<string, unknown>;
      assertEquals(
        (data["application/vnd.jupyter.widget-view+json"] as { model_id: string }).model_id,
        open.content.comm_id,
      );
      // Frontends without the widget manager render the snapshot/iframe beside it.
      assertStringIncludes(data["text/html"] as string, "panes-snapshot");
      const port = Number(new URL(state.url as string).port);

      // The frontend: anywidget's part, as its docs define it — the module's default export
      // rendered with the model (get/on/off) and an element.
      await chromium.open(frontend.url(`<div id="w"></div><script>
const state = ${JSON.stringify(state).replace(/<\//g, "<\\/")};
const model = { get: (k) => state[k], on() {}, off() {}, set() {}, save_changes() {}, send() {} };
import(URL.createObjectURL(new Blob([state._esm], { type: "text/javascript" })))
  .then((m) => m.default.render({ model, el: document.getElementById("w") }));
</script>`));
      const acted = await k.value<Record<string, unknown>>(
        `out(await win.evalJs(${JSON.stringify(ACT)}, { timeoutMs: 30000 }))`,
      );
      assertEquals(acted.area, { area: 12 });
      assertEquals(acted.refused, "invalid-body");
      assertEquals([acted.n, acted.count, acted.inOrder], [500, 500, true]);
      assertEquals(acted.log, [{ got: { k: 7 } }]);
      assertEquals(acted.framed, true);

      // The cell is run again (a new app, the same label): the older window goes at once, its
      // widget is closed and its output says it was replaced.
      const rerun = await k.run(`
const app2 = new App({ commands, notebookDisplay: "widget" });
const win2 = await app2.show(${JSON.stringify(PAGE)}, { label: "chart" });
await new Promise((r) => setTimeout(r, 0));
out({ oldClosed: win.isClosed, windows: app.windows, windows2: app2.windows })`);
      const moved = JSON.parse(
        JSON.stringify(rerun.outputs.find((m) => m.msg_type === "execute_result")),
      ).content.data["application/json"].v;
      assertEquals(moved, { oldClosed: true, windows: [], windows2: ["chart"] });
      const later = (await k.request({ op: "iopub", seconds: 1 }) as { messages: KernelMessage[] })
        .messages.concat(rerun.outputs, rerun.others);
      assert(
        later.some((m) =>
          m.msg_type === "comm_close" && m.content.comm_id === open.content.comm_id
        ),
        "the older widget's comm was not closed",
      );
      assert(
        later.some((m) =>
          m.msg_type === "update_display_data" &&
          String((m.content.data as Record<string, string>)["text/html"]).includes(
            "Replaced: the cell was run again.",
          )
        ),
        "the older output does not say it was replaced",
      );
      // The older app has no window left: its server stopped. The newer one listens until its
      // app ends (positive control), then stops too.
      await waitFor(async () => !(await listening(port)), {
        what: "the replaced app's server to stop",
      });
      const url2 = await k.value<string>(`out(await win2.proxy.url())`);
      const port2 = Number(new URL(url2).port);
      assert(await listening(port2), "the new app's server should listen");
      await k.value(`await app2.destroy(); out(1)`);
      await waitFor(async () => !(await listening(port2)), {
        what: "the destroyed app's server to stop",
      });
    } finally {
      await k.shutdown().catch(() => k.kill());
      await frontend.close();
    }
  },
});

Deno.test("notebook: the page server lets in only the current output's key, from its own origin", async () => {
  const KEY = "k".repeat(43);
  const accepted: string[] = [];
  const server = new NotebookServer("127.0.0.1", 0, {
    current: (id, key) => id === 1 && key === KEY,
    page: () => "<h1>page</h1>",
    script: () => "/* bridge */",
    accept: (_id, key, socket) => {
      accepted.push(key);
      socket.onopen = () => socket.close(4100, "accepted");
    },
  });
  server.start();
  try {
    const port = server.port;
    const host = `127.0.0.1:${port}`;
    const own = `http://${host}`;
    const ws = (key: string, origin: string | undefined, h = host) =>
      raw(port, `/n/1/ws?k=${key}`, upgradeHeaders(h, origin, "panes.v1"));
    // Positive control: the current key, from the page's own origin.
    assertEquals((await ws(KEY, own)).closeCode, 4100);
    assertEquals(accepted, [KEY]);
    // Another key (a stale output's), no key, the notebook's origin, no origin: refused, unread.
    for (
      const [key, origin] of [["x".repeat(43), own], ["", own], [KEY, "http://localhost:8888"], [
        KEY,
        undefined,
      ]] as const
    ) {
      const r = await ws(key, origin);
      assertEquals(r.closeCode, 4001, `${key.slice(0, 3)} from ${origin}: ${r.closeReason}`);
    }
    assertEquals(accepted, [KEY]);
    // A foreign Host (DNS rebinding) is refused before anything else.
    assertEquals((await ws(KEY, own, `evil.example:${port}`)).status, 403);
    // Pages and the bridge: the current key only.
    assertEquals((await raw(port, `/n/1?k=${KEY}`, { Host: host })).status, 200);
    assertEquals((await raw(port, `/n/1/bridge.js?k=${KEY}`, { Host: host })).status, 200);
    assertEquals((await raw(port, `/n/1?k=${"x".repeat(43)}`, { Host: host })).status, 403);
    assertEquals((await raw(port, `/n/1`, { Host: host })).status, 403);
    assertEquals((await raw(port, `/n/2?k=${KEY}`, { Host: host })).status, 403);
    // /alive says only that the server is there.
    const alive = await raw(port, "/alive", { Host: host });
    assertEquals([alive.status, alive.body], [204, ""]);
  } finally {
    await server.shutdown();
  }
  // Keys sit in outputs: the server never listens beyond loopback.
  let error = "";
  try {
    new NotebookServer("0.0.0.0", 0, null as never);
  } catch (e) {
    error = String(e);
  }
  assertMatch(error, /hostname must be a loopback address/);
  // The app says so when it is made (its transport's code loads only with the first window);
  // the same options on loopback make an app (the control).
  for (const hostname of ["0.0.0.0", "example.com", "192.168.1.2"]) {
    let appError = "";
    try {
      new App({ config: false, transport: "notebook", hostname });
    } catch (e) {
      appError = String(e);
    }
    assertMatch(appError, /hostname must be a loopback address/, hostname);
  }
  for (const hostname of [undefined, "127.0.0.1", "localhost", "[::1]"]) {
    await new App({ config: false, transport: "notebook", hostname }).destroy();
  }
});

Deno.test({
  name: "notebook: examples/notebook.ipynb streams its chart's points from Deno, in order",
  ...WINDOW_TEST,
  async fn() {
    const chromium = await sharedChromium();
    const frontend = serveOutputPage();
    const notebook = JSON.parse(
      await Deno.readTextFile(new URL("../examples/notebook.ipynb", import.meta.url)),
    ) as { cells: Array<{ cell_type: string; source: string[] }> };
    const cells = notebook.cells.filter((c) => c.cell_type === "code").map((c) =>
      c.source.join("")
    );
    assertEquals(cells.length, 4);
    // A notebook server starts the kernel in the notebook's folder.
    const k = await JupyterKernel.start(new URL("../examples/", import.meta.url).pathname);
    try {
      // Each cell as written (";1" gives the ones that end in a statement a value to wait for).
      await k.run(cells[0] + "\n;1");
      const shown = await k.run(cells[1] + "\n;1");
      const html = (displays(shown.outputs)[0]?.content.data as Record<string, string>)
        ?.["text/html"];
      assert(html, `the chart cell shows no output: ${JSON.stringify(shown.outputs)}`);
      await chromium.open(frontend.url(html));
      await k.run(
        `const out = (v: unknown) => ({ [Deno.jupyter.$display]: () => ({ "application/json": { v } }) });1`,
      );
      const xs = await k.value<number[]>(
        `out(await win.evalJs(\`new Promise((r) => {
        const t = setInterval(() => {
          if (document.getElementById("status").textContent.includes("points from Deno")) {
            clearInterval(t);
            r(points.map((p) => p.x));
          }
        }, 20);
      })\`, { timeoutMs: 60000 }))`,
        90,
      );
      assertEquals(xs.length, 400);
      assert(xs.every((x, i) => x === i), "points out of order");
      const counted = await k.run(cells[2]);
      const text = (counted.outputs.find((m) => m.msg_type === "execute_result")?.content
        .data as Record<string, string>)["text/plain"];
      assertMatch(text, /400/);
      await k.run(cells[3] + "\n;1");
    } finally {
      await k.shutdown().catch(() => k.kill());
      await frontend.close();
    }
  },
});

Deno.test({
  name: 'notebook: outside deno jupyter, transport "notebook" fails show() clearly',
  ...WINDOW_TEST,
  async fn() {
    assertEquals(underJupyter(), false); // the default transport here stays "native"
    const app = new App({ transport: "notebook" });
    let error = "";
    await app.show("<p>x</p>").catch((e) => error = String(e));
    assertMatch(error, /run this code in a cell of Deno's Jupyter kernel \(deno jupyter\)/);
    assertEquals(app.windows, []);
    await app.destroy();
    // Positive control: the same call with a kernel to publish on shows an output.
    const published: string[] = [];
    useKernel({ broadcast: (type) => void published.push(type) });
    try {
      assertEquals(underJupyter(), true);
      const app2 = new App(); // the default under a kernel: the notebook
      const win = await app2.show("<p>x</p>", { label: "outside" });
      assertEquals(published, ["display_data"]);
      assertMatch(await win.proxy.url() as string, /^http:\/\/127\.0\.0\.1:\d+\/n\/\d+\?k=/);
      await app2.destroy();
      assertEquals(published.filter((t) => t === "update_display_data").length, 1);
    } finally {
      useKernel(undefined);
    }
  },
});
