/**
 * A panes app in a real Jupyter front end, JupyterLab 4 or Jupyter Notebook 7, in headless
 * Chromium, with either notebook display: the app starts Deno's kernel and runs the cell, whose
 * output shows the page; the page gets an event Deno emitted, and a user's click on its button
 * reaches the Deno command (a typed invoke) whose answer the page shows and sends back as an
 * event, which Deno answers with another event the page shows. What the page shows is read from
 * its own frame (a cross-site frame: a DevTools target of its own).
 *
 * - IFrame display (the default): the cell's `text/html` output puts the live page in its frame.
 * - Widget display (`notebookDisplay: "widget"`): the app's widget manager
 *   (@jupyter-widgets/jupyterlab-manager, from jupyterlab_widgets) and anywidget's own front end
 *   (anywidget/dist/index.js from npm) registered as the module "anywidget" by a tiny labextension
 *   built here with @jupyterlab/builder (tests/support/anywidget_labextension/), as anywidget's
 *   own extension does. Notebook 7 is built on JupyterLab's components and loads the same prebuilt
 *   (federated) labextensions from the same path, so one build serves both apps; the test checks
 *   the page loads it, and that the output is the widget's view, not the `text/html` beside it.
 * @module
 */

import { assert, assertEquals } from "./assert.ts";
import { DevTools } from "./cdp.ts";
import { sharedChromium } from "./chromium.ts";
import {
  appName,
  installed,
  type JupyterApp,
  jupyterHome,
  openNotebook,
  startJupyter,
  stopJupyter,
  writeNotebook,
} from "./jupyter_server.ts";
import { waitFor } from "../../testing.ts";

const root = new URL("../../", import.meta.url).pathname;
const extension = new URL("./anywidget_labextension/", import.meta.url).pathname;

async function output(cmd: string, args: string[]): Promise<string | undefined> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    if (!out.success) return undefined;
    const d = new TextDecoder();
    return d.decode(out.stdout) + d.decode(out.stderr);
  } catch {
    return undefined; // not installed
  }
}

/** JupyterLab's folder (its `staging`, the core package the builder builds against). */
async function jupyterLabDir(): Promise<string | undefined> {
  for (const py of ["python3", "python"]) {
    const dir = await output(py, [
      "-c",
      "import jupyterlab, os; print(os.path.dirname(jupyterlab.__file__))",
    ]);
    if (dir) return dir.trim();
  }
  return undefined;
}

/** The notebook display a test uses (`notebookDisplay`). */
export type Display = "iframe" | "widget";

/**
 * Whether the test of `display` can run with `app` here: the app (`pip install ${pip}`), and for
 * the widget JupyterLab's package (the builder's core; Notebook 7 depends on it), the widget
 * manager and Node (it runs @jupyterlab/builder). When not, it prints what is missing, for the
 * test that is then ignored.
 */
export async function displayTestReady(
  app: JupyterApp,
  display: Display,
  pip: string,
): Promise<boolean> {
  const widget = display === "widget";
  const missing = [
    !await installed(app) && `${appName(app)} (pip install ${pip})`,
    widget && !await jupyterLabDir() && "JupyterLab's package (pip install jupyterlab)",
    widget && !(await output("jupyter", ["labextension", "list"]) ?? "").includes(
      "@jupyter-widgets/jupyterlab-manager",
    ) && "the widget manager (pip install jupyterlab_widgets)",
    widget && await output("node", ["--version"]) === undefined && "Node",
  ].filter((m) => m);
  if (missing.length) {
    console.log(
      `note: not installed: ${missing.join(", ")}; the ${appName(app)} ${display} test is ` +
        "ignored (tests/notebook_test.ts runs the kernel and the page, and " +
        "tests/notebook_widget_manager_test.ts the widget in html-manager, without it)",
    );
  }
  return missing.length === 0;
}

/** Builds the labextension into `${into}/panes-test-anywidget` (the labextensions layout). */
async function buildExtension(work: string, into: string): Promise<void> {
  const labDir = await jupyterLabDir();
  await Deno.mkdir(work, { recursive: true });
  for (const f of ["package.json", "index.js"]) await Deno.copyFile(extension + f, `${work}/${f}`);
  // The packages (anywidget, @jupyter-widgets/base, @jupyterlab/builder) are the project's npm
  // imports, installed by `deno install` into its node_modules.
  await Deno.symlink(`${root}node_modules`, `${work}/node_modules`);
  const built = await new Deno.Command("node", {
    args: [
      `${root}node_modules/@jupyterlab/builder/lib/build-labextension.js`,
      "--core-path",
      `${labDir}/staging`,
      work,
    ],
    cwd: work,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  if (!built.success) {
    throw new Error(
      `building the anywidget labextension failed:\n${d.decode(built.stdout).slice(-3000)}\n${
        d.decode(built.stderr).slice(-3000)
      }`,
    );
  }
  await Deno.mkdir(into, { recursive: true });
  await Deno.rename(`${work}/labext`, `${into}/panes-test-anywidget`);
}

/** The cell: a command, a page that listens and clicks, Deno's events to it. */
function cellSource(display: Display, pressed: string, heard: string): string {
  return `import { z } from "zod";
import { App, Commands } from "../../mod.ts";
const commands = new Commands().command("press", { body: z.object({ n: z.number().int() }) },
  ({ body }) => { Deno.writeTextFileSync(${
    JSON.stringify(pressed)
  }, JSON.stringify(body)); return body.n + 1; });
const app = new App({ commands, notebookDisplay: "${display}" });
const win = await app.show(\`<!doctype html><button id="b" style="position:fixed;left:0;top:0;width:100%;height:100px;font-size:28px"
  onclick="panes.invoke('press', { n: 41 }).then((v) => { b.textContent = 'got ' + v; panes.emit('app:pressed', { v }); })">press</button>
<p id="said" style="position:fixed;left:0;top:110px;margin:0">nothing yet</p>
<script>panes.on("app:said", (d) => { said.textContent = d.text; });</script>\`,
  { label: "jupyter-${display}", title: "panes-page", height: 160 });
win.emit("app:said", { text: "hello from Deno" }); // waits for the page to connect
win.on("app:pressed", (d) => {
  Deno.writeTextFileSync(${JSON.stringify(heard)}, JSON.stringify(d));
  win.emit("app:said", { text: "Deno heard " + d.v });
});
"shown"`;
}

/** What the page in the output shows: its button's and its line's text. */
type Page = { button: string; said: string };

/** Reads the page's text from its own frame target (it is cross-site: another renderer). */
async function pageText(port: number, src: string): Promise<Page | null> {
  const frame = await DevTools.connectFrame(port, src);
  if (!frame) return null;
  try {
    return await frame.evaluate<Page | null>(
      `document.getElementById("said") ? { button: b.textContent, said: said.textContent } : null`,
    );
  } finally {
    frame.close();
  }
}

/**
 * The test: `app` opens a notebook whose cell shows a panes app in `display`, which works; no
 * kernel is left when the app ends.
 */
export async function displayInJupyter(app: JupyterApp, display: Display): Promise<void> {
  const name = appName(app);
  const widget = display === "widget";
  // The notebook sits inside the repository, so the kernel (started in the notebook's folder)
  // finds deno.json and its imports, as a user's project notebook would.
  const dir = await Deno.makeTempDir({
    dir: `${root}tests`,
    prefix: `.jupyter-${app}-${display}-`,
  });
  const jupyter = await jupyterHome(dir);
  if (widget) await buildExtension(`${dir}/.build`, `${jupyter}/share/labextensions`);
  const pressed = `${dir}/pressed.json`;
  const heard = `${dir}/heard.json`;
  await writeNotebook(`${dir}/panes.ipynb`, cellSource(display, pressed, heard));
  const jl = await startJupyter(app, dir, jupyter);
  let devtools: DevTools | undefined;
  try {
    const chromium = await sharedChromium();
    const opened = await openNotebook(jl, chromium, "panes.ipynb");
    devtools = opened.devtools;
    const dt = devtools;
    if (widget) {
      // The page loads the extension built above and the widget manager (positive control for
      // what follows: the widget can only render through them). The page's own config lists the
      // federated extensions it loads, in either app.
      const exts = await dt.evaluate<string[]>(
        `JSON.parse(document.getElementById("jupyter-config-data").textContent)
          .federated_extensions.map((e) => e.name)`,
      );
      assert(
        exts.includes("panes-test-anywidget") &&
          exts.includes("@jupyter-widgets/jupyterlab-manager"),
        `${name}'s page loads the extensions: ${exts.join(", ")}`,
      );
    }
    await dt.evaluate(`window.jupyterapp.commands.execute("notebook:run-all-cells")`);
    // The output shows the page: for the widget, anywidget's view running panes' _esm, an iframe
    // on the page (not the text/html beside it, whose live frame has class panes-live); for the
    // iframe display, the text/html output's live frame.
    const frame = widget
      ? `.jp-OutputArea iframe[title="panes-page"]:not(.panes-live)`
      : `.jp-OutputArea .panes-output iframe.panes-live`;
    type Shown = {
      x: number;
      y: number;
      w: number;
      h: number;
      src: string;
      html: boolean;
      error?: string;
    };
    const rect = await waitFor(
      () =>
        dt.evaluate<Shown | null>(`(() => {
          // The widget manager's error view (a module it could not load, a view it could not make).
          const failed = document.querySelector(".jp-OutputArea .jupyter-widgets-error-widget");
          if (failed) {
            failed.click(); // the error view shows its message when clicked
            return { error: failed.closest(".jp-OutputArea").innerText || "an error view" };
          }
          const f = document.querySelector(${JSON.stringify(frame)});
          if (!f) return null;
          f.scrollIntoView({ block: "center" });
          const r = f.getBoundingClientRect();
          return r.width > 0 ? { x: r.left, y: r.top, w: r.width, h: r.height, src: f.src,
            html: !!document.querySelector(".panes-output") || f.classList.contains("panes-live") } : null;
        })()`),
      { what: `${name}'s cell output to show the page (${display})`, timeout: 90_000 },
    ).catch(async (e) => {
      const text = await dt.evaluate<string>(
        `(document.querySelector(".jp-OutputArea") ?? document.body).innerText.slice(0, 2000)`,
      );
      throw new Error(`${e.message}\n--- the cell's output ---\n${text}\n--- log ---\n${jl.log()}`);
    });
    assert(rect, "unreachable: waitFor returns the frame's box");
    assertEquals(rect.error, undefined, `${name}'s widget manager shows an error`);
    assertEquals(rect.html, !widget, `${name} rendered the text/html: ${rect.html}`);
    assert(rect.src.startsWith("http://127.0.0.1:"), `the output's page: ${rect.src}`);
    // The event Deno emitted as the cell ran reaches the page once it is up (what a user sees).
    const before = await waitFor(
      async () => {
        const p = await pageText(chromium.port, rect.src);
        return p?.said === "hello from Deno" ? p : null;
      },
      { what: "Deno's event to show in the output's page", timeout: 60_000 },
    );
    assertEquals(before, { button: "press", said: "hello from Deno" });
    // A user's click on the page's button (real input, into the cross-origin frame) reaches the
    // Deno command; its answer shows on the button, and the page's event with it reaches Deno,
    // which answers with an event the page shows.
    // (The frame's place is read again at each try: the notebook may still be laying out.)
    await waitFor(
      async () => {
        const r = await dt.evaluate<{ x: number; y: number; w: number }>(`(() => {
          const r = document.querySelector(${JSON.stringify(frame)}).getBoundingClientRect();
          return { x: r.left, y: r.top, w: r.width };
        })()`);
        await dt.click(r.x + r.w / 2, r.y + 50);
        await new Promise((r) => setTimeout(r, 300));
        return await Deno.stat(heard).then(() => true, () => false);
      },
      { what: "the button to reach the Deno handler", timeout: 60_000 },
    );
    const after = await waitFor(
      async () => {
        const p = await pageText(chromium.port, rect.src);
        return p?.said.startsWith("Deno heard") ? p : null;
      },
      { what: "the click's invoke and events to show in the page", timeout: 60_000 },
    );
    assertEquals(after, { button: "got 42", said: "Deno heard 42" });
    assertEquals(JSON.parse(await Deno.readTextFile(pressed)), { n: 41 });
    assertEquals(JSON.parse(await Deno.readTextFile(heard)), { v: 42 });
    await chromium.closeTab(opened.tab);
  } finally {
    devtools?.close();
    await stopJupyter(jl); // and no kernel of it is left
    await Deno.remove(dir, { recursive: true });
  }
}
