/**
 * A notebook frontend with a real ipywidgets widget manager for the widget display's test:
 * `@jupyter-widgets/html-manager` and anywidget's own front end (`anywidget/dist/index.js`),
 * both unchanged from npm, bundled once per test process (tests/pages/widget_manager_entry.ts),
 * in a page served from `http://localhost:PORT` (another site than the panes server on
 * 127.0.0.1, as a notebook server is).
 *
 * The page does with the kernel's messages what JupyterLab's widget manager does with them:
 * the `comm_open` goes to the manager's `handle_comm_open` (with a comm that records what the
 * frontend would send and hands the kernel's later comm messages over), and the display's
 * `application/vnd.jupyter.widget-view+json` is rendered by the manager's own renderer for that
 * MIME type. Module "anywidget" resolves to anywidget's front end as a run-time loader
 * (requirejs, a labextension) resolves it: its AMD factory called with the manager's
 * `@jupyter-widgets/base`.
 * @module
 */

import type { KernelMessage } from "./notebook.ts";

let bundled: string | undefined;

/** The bundle of html-manager + anywidget, as a module script's text. */
export async function widgetManagerBundle(): Promise<string> {
  if (bundled) return bundled;
  const root = new URL("../../", import.meta.url).pathname;
  const out = await Deno.makeTempFile({ suffix: ".js" });
  // Stylesheets and fonts are webpack's business in the packages' own builds (css-loader);
  // deno bundle has no loader for them, so they stay out (external) and the bundle's
  // `import "….css"` lines are dropped below. Only styles go; every line of JavaScript stays.
  const external = ["*.css", "*.svg", "*.eot", "*.woff", "*.woff2", "*.ttf"]
    .flatMap((p) => ["--external", p]);
  const r = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--platform",
      "browser",
      ...external,
      "-o",
      out,
      "tests/pages/widget_manager_entry.ts",
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!r.success) throw new Error(`deno bundle failed: ${new TextDecoder().decode(r.stderr)}`);
  const js = (await Deno.readTextFile(out)).replace(/^import "[^"]+\.css";$/gm, "");
  await Deno.remove(out);
  const left = /^import .*$/m.exec(js);
  if (left) throw new Error(`the widget manager bundle still imports: ${left[0]}`);
  bundled = js;
  return js;
}

/** What the frontend page reports (`window.frontend`). */
export interface FrontendReport {
  /** The modules the manager asked its loader for: [name, version]. */
  loads: Array<[string, string]>;
  /** What the frontend sent on the widget's comm (Deno's kernel would drop it). */
  sent: unknown[];
  /** Uncaught errors and rejections of the page. */
  errors: string[];
  /** The MIME type the manager's registry picks for the display's data. */
  preferred?: string;
  /** The model's class as anywidget names it, and whether its comm is live. */
  modelName?: string;
  commLive?: boolean;
  /** Whether the model was closed, and whether the manager still knows it. */
  closed?: boolean;
  known?: boolean;
  /** The `src` of the iframe in the rendered view, if any. */
  frameSrc?: string | null;
  /** The state of the page setup: "rendered" or an error. */
  status: string;
}

/**
 * Serves frontend pages, one per (comm_open, display_data) pair the kernel published. Each page
 * renders the widget through the manager and exposes `window.frontend` (a `FrontendReport`,
 * with `deliver(msg)` to hand it a later kernel message on the comm).
 */
export function serveWidgetFrontend(): {
  url(open: KernelMessage, display: KernelMessage): Promise<string>;
  close(): Promise<void>;
} {
  const pages = new Map<string, string>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const page = pages.get(new URL(req.url).pathname.slice(1));
    if (page === undefined) return new Response("not found", { status: 404 });
    return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
  });
  server.unref(); // a test process ends when its tests do
  return {
    async url(open, display) {
      const js = await widgetManagerBundle();
      const kernel = JSON.stringify({ open, display }).replace(/<\//g, "<\\/");
      const page = `<!doctype html><meta charset="utf-8"><title>notebook</title>
<div id="out" style="width:800px"></div>
<script>
// html-manager's embedding code sets webpack's asset path, a variable webpack defines.
window.__webpack_public_path__ = "";
window.frontend = { loads: [], sent: [], errors: [], status: "loading" };
addEventListener("error", (e) => frontend.errors.push(String(e.message)));
// The manager and anywidget report what they could not load or render on the console.
const consoleError = console.error;
console.error = (...a) => { frontend.errors.push(a.map((x) => String(x?.stack ?? x)).join(" ")); consoleError(...a); };
addEventListener("unhandledrejection", (e) => frontend.errors.push(String(e.reason?.stack ?? e.reason)));
</script>
<script type="module">${js.replaceAll("</script", "<\\/script")}</script>
<script type="module">${FRONTEND.replace("KERNEL", kernel)}</script>`;
      const id = crypto.randomUUID();
      pages.set(id, page);
      return `http://localhost:${server.addr.port}/${id}`;
    },
    close: () => server.shutdown(),
  };
}

/** The page's script: the kernel's messages through the widget manager (runs as a module). */
const FRONTEND = `
const { open, display } = KERNEL;
const { HTMLManager, base, anywidget } = window.widgetFrontend;
const report = window.frontend;
try {
  // What requirejs does with anywidget's AMD module: its factory gets the named dependencies.
  if (anywidget.length !== 1) throw new Error("anywidget's module called define " + anywidget.length + " times");
  const provided = { "@jupyter-widgets/base": base };
  const anywidgetModule = anywidget[0].factory(...anywidget[0].deps.map((d) => {
    if (!provided[d]) throw new Error("anywidget's module needs " + d);
    return provided[d];
  }));
  const manager = new HTMLManager({
    loader: async (name, version) => {
      report.loads.push([name, version]);
      if (name === "anywidget") return anywidgetModule;
      throw new Error("no module " + name + "@" + version);
    },
  });
  // The kernel's comm as the manager sees it: what the frontend sends is recorded, and the
  // kernel's later messages on it are handed over by deliver().
  const on = {};
  const comm = {
    comm_id: open.content.comm_id,
    target_name: open.content.target_name,
    on_msg(cb) { on.msg = cb; },
    on_close(cb) { on.close = cb; },
    send(data) { report.sent.push(data); return "sent"; },
    close(data) { report.sent.push({ close: data ?? null }); return "closed"; },
    open() { return "opened"; },
  };
  report.deliver = async (msg) => {
    const m = { header: { msg_type: msg.msg_type }, content: msg.content, metadata: msg.metadata, buffers: [] };
    if (msg.msg_type === "comm_close") await on.close?.(m);
    else await on.msg?.(m);
  };
  const model = await manager.handle_comm_open(comm, {
    header: { msg_type: "comm_open" },
    content: open.content,
    metadata: open.metadata,
    buffers: [],
  });
  report.model = model;
  report.modelName = model.constructor.model_name;
  // The output: the manager's registry picks a renderer for the display's MIME bundle, as a
  // notebook's output area does, and renders it.
  const data = display.content.data;
  report.preferred = manager.renderMime.preferredMimeType(data, "any");
  const renderer = manager.renderMime.createRenderer(report.preferred);
  document.getElementById("out").append(renderer.node);
  await renderer.renderModel({ data, metadata: display.content.metadata ?? {}, trusted: true, setData() {} });
  report.node = renderer.node;
  const status = () => {
    report.commLive = model.comm_live;
    report.closed = model._closed;
    report.known = manager.has_model(open.content.comm_id);
    report.frameSrc = renderer.node.querySelector("iframe")?.getAttribute("src") ?? null;
  };
  report.refresh = status;
  status();
  // The manager puts its error view (or a line of text) where it could not make the view.
  report.status = renderer.node.querySelector(".jupyter-widgets-error-widget") || /Error/.test(renderer.node.textContent)
    ? "the manager shows an error: " + (renderer.node.textContent.replace(/\s+/g, " ").trim() || "its error view") + " " + report.errors.join(" | ")
    : "rendered";
} catch (e) {
  report.status = "failed: " + (e?.stack ?? e);
}
`;
