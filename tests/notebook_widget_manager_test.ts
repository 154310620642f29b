/**
 * The widget display (`notebookDisplay: "widget"`) in a real widget manager running anywidget's
 * own front end: Deno's real kernel (driven by jupyter_client) publishes the widget's
 * `comm_open` and its display; a page in headless Chromium hands both to
 * `@jupyter-widgets/html-manager` with anywidget's published front end as module "anywidget"
 * (tests/support/widget_manager.ts). The panes page the anywidget view shows then talks to Deno:
 * a user's click invokes a typed command and emits an event, events and a channel come back, and
 * the kernel's `comm_close` takes the view down.
 * @module
 */

import { assert, assertEquals } from "./support/assert.ts";
import { sharedChromium } from "./support/chromium.ts";
import { DevTools } from "./support/cdp.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { JupyterKernel, type KernelMessage } from "./support/notebook.ts";
import { type FrontendReport, serveWidgetFrontend } from "./support/widget_manager.ts";

const mod = new URL("../mod.ts", import.meta.url).href;

const SETUP = `
import { z } from "zod";
import { App, Channel, Commands } from ${JSON.stringify(mod)};
const out = (v: unknown) => ({ [Deno.jupyter.$display]: () => ({ "application/json": { v } }) });
out(Deno.version.deno)`;

/** A page whose button fills the frame: a click invokes "area" and emits what it answered. */
const PAGE = `<!doctype html><meta charset="utf-8">
<button id="b" style="position:fixed;left:0;top:0;width:100%;height:100%;font-size:24px"
  onclick="panes.invoke('area', { w: 5, h: 6 }).then((a) => { b.textContent = 'area ' + a.area; panes.emit('app:clicked', a); })">area</button>
<script>
  globalThis.log = [];
  panes.on("app:pong", (d) => log.push(d));
</script>`;

const SHOW = `
const commands = new Commands()
  .command("area", { body: z.object({ w: z.number(), h: z.number() }) },
    ({ body }) => ({ area: body.w * body.h }))
  .command("points", {
    body: z.object({ n: z.number().int().max(1000), channel: Channel.of(z.object({ i: z.number() })) }),
  }, ({ body: { n, channel } }) => {
    for (let i = 0; i < n; i++) channel.send({ i });
    channel.close();
    return n;
  });
const app = new App({ commands, notebookDisplay: "widget" });
const clicked: unknown[] = [];
const win = await app.show(${
  JSON.stringify(PAGE)
}, { label: "widget", title: "widget", height: 200 });
win.on("app:ping", (d) => win.emit("app:pong", { got: d }));
win.on("app:clicked", (d) => clicked.push(d));
out(win.label)`;

/** In the page: an event to Deno and its answer back, a typed invoke and a refused one, a channel. */
const ACT = `(async () => {
  const area = await panes.invoke("area", { w: 3, h: 4 });
  let refused;
  try { await panes.invoke("area", { w: "three", h: 4 }); } catch (e) { refused = e.code; }
  const seen = [];
  const n = await panes.invoke("points", { n: 200, channel: new panes.Channel((p) => seen.push(p.i)) });
  panes.emit("app:ping", { k: 7 });
  await new Promise((r) => { const t = setInterval(() => { if (log.length) { clearInterval(t); r(); } }, 10); });
  return { area, refused, n, inOrder: seen.length === 200 && seen.every((v, i) => v === i), log,
    framed: window.top !== window };
})()`;

/** The report without its live objects (DevTools returns values, not references). */
const REPORT = `(() => { frontend.refresh?.(); const { loads, sent, errors, preferred, modelName,
  commLive, closed, known, frameSrc, status } = frontend; return { loads, sent, errors, preferred,
  modelName, commLive, closed, known, frameSrc, status }; })()`;

Deno.test({
  name: "notebook widget: anywidget's own front end in a real widget manager shows a working page",
  ...WINDOW_TEST,
  async fn() {
    const chromium = await sharedChromium();
    const frontend = serveWidgetFrontend();
    const k = await JupyterKernel.start();
    let devtools: DevTools | undefined;
    try {
      await k.run(SETUP);
      const shown = await k.run(SHOW);
      const open = shown.outputs.find((m) => m.msg_type === "comm_open");
      const display = shown.outputs.find((m) => m.msg_type === "display_data");
      assert(open && display, `no comm_open and display: ${JSON.stringify(shown.outputs)}`);
      const state = (open.content.data as { state: Record<string, unknown> }).state;

      const tab = await chromium.open(await frontend.url(open, display));
      devtools = await DevTools.connect(chromium.port, tab);
      await devtools.send("Emulation.setDeviceMetricsOverride", {
        width: 1000,
        height: 700,
        deviceScaleFactor: 1,
        mobile: false,
      });
      const dt = devtools;
      // The manager made an AnyModel from the kernel's comm_open (anywidget's module loaded as
      // "anywidget"), picked the widget view over the text/html beside it, and anywidget's view
      // ran panes' _esm: an iframe on the page's URL.
      const report = await waitFor<FrontendReport | null>(
        async () => {
          const r = await dt.evaluate<FrontendReport>(REPORT);
          const settled = r.frameSrc || r.errors.length || r.status !== "rendered";
          return r.status !== "loading" && settled ? r : null;
        },
        "the widget view to show the page's iframe",
        60_000,
      ).catch(async (e) => {
        throw new Error(`${e.message}\n${JSON.stringify(await dt.evaluate(REPORT))}`);
      });
      assert(report, "unreachable: waitFor returns a report");
      assertEquals(report.status, "rendered", JSON.stringify(report));
      // Once for the model's class, once for the view's.
      assertEquals(report.loads, [["anywidget", "*"], ["anywidget", "*"]]);
      assertEquals(report.modelName, "AnyModel");
      assertEquals([report.commLive, report.closed, report.known], [true, false, true]);
      assertEquals(report.preferred, "application/vnd.jupyter.widget-view+json");
      assertEquals(report.frameSrc, state.url);
      assertEquals(report.errors, []);

      // The page inside talks to Deno over its own connection: an event each way, a typed invoke
      // (and a wrong body refused), a channel in order.
      const acted = await k.value<Record<string, unknown>>(
        `out(await win.evalJs(${JSON.stringify(ACT)}, { timeoutMs: 30000 }))`,
      );
      assertEquals(acted, {
        area: { area: 12 },
        refused: "invalid-body",
        n: 200,
        inOrder: true,
        log: [{ got: { k: 7 } }],
        framed: true,
      });

      // A user's click on the page's button (real input into the cross-origin frame inside the
      // widget's view) reaches the Deno command, and the page's event with its answer reaches Deno.
      const rect = await dt.evaluate<{ x: number; y: number; w: number; h: number }>(`(() => {
        const r = document.querySelector("#out iframe").getBoundingClientRect();
        return { x: r.left, y: r.top, w: r.width, h: r.height };
      })()`);
      assert(rect.w > 0 && rect.h > 0, `the view's iframe has no size: ${JSON.stringify(rect)}`);
      await waitFor(
        async () => {
          await dt.click(rect.x + rect.w / 2, rect.y + rect.h / 2);
          await new Promise((r) => setTimeout(r, 300));
          return (await k.value<unknown[]>(`out(clicked)`)).length > 0;
        },
        "the click to reach the Deno command and its event to come back",
        60_000,
      );
      assertEquals((await k.value<unknown[]>(`out(clicked)`))[0], { area: 30 });

      // The window closes: the kernel's comm_close, handed to the manager, closes the model and
      // takes anywidget's view (and its iframe) down; the frontend never needed to send anything.
      const closed = await k.run(
        `await win.close(); await new Promise((r) => setTimeout(r, 0)); out(1)`,
      );
      const later = (await k.request({ op: "iopub", seconds: 1 }) as { messages: KernelMessage[] })
        .messages.concat(closed.outputs, closed.others);
      const close = later.find((m) =>
        m.msg_type === "comm_close" && m.content.comm_id === open.content.comm_id
      );
      assert(
        close,
        `the kernel sent no comm_close: ${JSON.stringify(later.map((m) => m.msg_type))}`,
      );
      await dt.evaluate(`frontend.deliver(${JSON.stringify(close)})`);
      const after = await waitFor<FrontendReport | null>(
        async () => {
          const r = await dt.evaluate<FrontendReport>(REPORT);
          return r.closed && r.frameSrc === null ? r : null;
        },
        "the closed widget's view to go",
        20_000,
      ).catch(async (e) => {
        throw new Error(`${e.message}\n${JSON.stringify(await dt.evaluate(REPORT))}`);
      });
      assert(after, "unreachable: waitFor returns a report");
      assertEquals(after.known, false, "the manager still holds the closed model");
      assertEquals(after.sent, []);
      assertEquals(after.errors, []);
      await chromium.closeTab(tab);
    } finally {
      devtools?.close();
      await k.shutdown().catch(() => k.kill());
      await frontend.close();
    }
  },
});
