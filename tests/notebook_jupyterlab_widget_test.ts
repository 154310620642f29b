/**
 * The widget display (`notebookDisplay: "widget"`) in JupyterLab itself (headless Chromium),
 * with JupyterLab's widget manager (@jupyter-widgets/jupyterlab-manager, from jupyterlab_widgets)
 * and anywidget's own front end (anywidget/dist/index.js from npm) registered as the module
 * "anywidget" by a tiny labextension built here with @jupyterlab/builder
 * (tests/support/anywidget_labextension/). JupyterLab starts Deno's kernel, runs the cell, and
 * renders the widget from the kernel's comm_open and display; a click on the panes page inside
 * the widget's view reaches the Deno handler (a typed invoke), whose answer comes back as an event.
 *
 * JupyterLab and jupyterlab_widgets come from PyPI (`.ci/run` installs them from a local mirror
 * where the machine has one); without them this test is ignored, and says so.
 * @module
 */

import { assert, assertEquals } from "./support/assert.ts";
import { processesOf, sharedChromium } from "./support/chromium.ts";
import { DevTools } from "./support/cdp.ts";
import { startJupyterLab } from "./support/jupyterlab.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";

const root = new URL("../", import.meta.url).pathname;
const extension = new URL("./support/anywidget_labextension/", import.meta.url).pathname;

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

const lab = await output("jupyter-lab", ["--version"]) !== undefined;
const labDir = lab ? await jupyterLabDir() : undefined;
const manager = lab &&
  (await output("jupyter", ["labextension", "list"]) ?? "").includes(
    "@jupyter-widgets/jupyterlab-manager",
  );
// Node runs @jupyterlab/builder (webpack); CI has it (it installs deno with npm).
const node = await output("node", ["--version"]) !== undefined;
const ready = lab && !!labDir && manager && node;
if (!ready) {
  console.log(
    "note: JupyterLab with jupyterlab_widgets, or Node, is not installed (pip install " +
      "jupyterlab jupyterlab_widgets): the JupyterLab widget test is ignored; " +
      "tests/notebook_widget_manager_test.ts runs the widget in html-manager without it",
  );
}

/** Builds the labextension into `${into}/panes-test-anywidget` (JupyterLab's layout). */
async function buildExtension(work: string, into: string): Promise<void> {
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
  await Deno.rename(`${work}/labext`, `${into}/panes-test-anywidget`);
}

Deno.test({
  name: "notebook in JupyterLab: the widget display (anywidget's front end) renders and works",
  ignore: !ready,
  ...WINDOW_TEST,
  async fn() {
    // The notebook sits inside the repository, so the kernel (started in the notebook's folder)
    // finds deno.json and its imports, as a user's project notebook would.
    const dir = await Deno.makeTempDir({ dir: `${root}tests`, prefix: ".jupyterlab-widget-" });
    const jupyter = `${dir}/.jupyter`;
    await Deno.mkdir(`${jupyter}/share/kernels/deno`, { recursive: true });
    await Deno.mkdir(`${jupyter}/share/labextensions`, { recursive: true });
    await buildExtension(`${dir}/.build`, `${jupyter}/share/labextensions`);
    await Deno.writeTextFile(
      `${jupyter}/share/kernels/deno/kernel.json`,
      JSON.stringify({
        argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
        display_name: "Deno",
        language: "typescript",
      }),
    );
    // JupyterLab's own news popup asks the network; off.
    await Deno.mkdir(`${jupyter}/settings/@jupyterlab/apputils-extension`, { recursive: true });
    await Deno.writeTextFile(
      `${jupyter}/settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings`,
      JSON.stringify({ fetchNews: "false" }),
    );
    const pressed = `${dir}/pressed.json`;
    const heard = `${dir}/heard.json`;
    const cell = `import { z } from "zod";
import { App, Commands } from "../../mod.ts";
const commands = new Commands().command("press", { body: z.object({ n: z.number().int() }) },
  ({ body }) => { Deno.writeTextFileSync(${
      JSON.stringify(pressed)
    }, JSON.stringify(body)); return body.n + 1; });
const app = new App({ commands, notebookDisplay: "widget" });
const win = await app.show(\`<!doctype html><button id="b" style="position:fixed;left:0;top:0;width:100%;height:100%;font-size:28px"
  onclick="panes.invoke('press', { n: 41 }).then((v) => { b.textContent = 'got ' + v; panes.emit('app:pressed', { v }); })">press</button>\`,
  { label: "labwidget", title: "panes-widget-page", height: 160 });
win.on("app:pressed", (d) => Deno.writeTextFileSync(${JSON.stringify(heard)}, JSON.stringify(d)));
"shown"`;
    await Deno.writeTextFile(
      `${dir}/panes.ipynb`,
      JSON.stringify({
        cells: [{
          cell_type: "code",
          id: "c1",
          metadata: {},
          execution_count: null,
          outputs: [],
          source: cell,
        }],
        metadata: {
          kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
        },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    const lab = await startJupyterLab("jupyter-lab", dir, jupyter);
    const { server, port, token } = lab;
    let devtools: DevTools | undefined;
    try {
      // JupyterLab serves the extension built above (positive control for what follows: the
      // widget can only render through it).
      const exts = await fetch(`http://127.0.0.1:${port}/lab/api/extensions?token=${token}`)
        .then((r) => r.json()) as Array<{ name: string; enabled: boolean }>;
      const names = exts.filter((e) => e.enabled).map((e) => e.name);
      assert(
        names.includes("panes-test-anywidget") &&
          names.includes("jupyter-widgets-jupyterlab-manager"),
        `JupyterLab's extensions: ${names.join(", ")}`,
      );
      const chromium = await sharedChromium();
      // localhost: another site than the panes server on 127.0.0.1, as most notebook URLs are.
      const tab = await chromium.open(
        `http://localhost:${port}/lab/tree/panes.ipynb?token=${token}`,
      );
      devtools = await DevTools.connect(chromium.port, tab);
      await devtools.send("Emulation.setDeviceMetricsOverride", {
        width: 1200,
        height: 900,
        deviceScaleFactor: 1,
        mobile: false,
      });
      const dt = devtools;
      await waitFor(
        () =>
          dt.evaluate<boolean>(`(() => {
            const w = window.jupyterapp?.shell?.currentWidget;
            return !!(w && w.sessionContext && w.sessionContext.session?.kernel?.connectionStatus === "connected"
              && w.sessionContext.session.kernel.status === "idle");
          })()`),
        "the notebook open with its Deno kernel idle",
        120_000,
      ).catch((e) => {
        throw new Error(`${e.message}\n${lab.log()}`);
      });
      await dt.evaluate(`window.jupyterapp.commands.execute("notebook:run-all-cells")`);
      // The output shows the widget's view: anywidget's view running panes' _esm, an iframe on
      // the page (not the text/html beside it, whose live frame has class panes-live).
      type Shown = { x: number; y: number; w: number; h: number; html: boolean; error?: string };
      const rect = await waitFor(
        () =>
          dt.evaluate<Shown | null>(`(() => {
            // The widget manager's error view (a module it could not load, a view it could not make).
            const failed = document.querySelector(".jp-OutputArea .jupyter-widgets-error-widget");
            if (failed) {
              failed.click(); // the error view shows its message when clicked
              return { error: failed.closest(".jp-OutputArea").innerText || "an error view" };
            }
            const f = document.querySelector('iframe[title="panes-widget-page"]');
            if (!f) return null;
            f.scrollIntoView({ block: "center" });
            const r = f.getBoundingClientRect();
            return r.width > 0 ? { x: r.left, y: r.top, w: r.width, h: r.height,
              html: !!document.querySelector(".panes-output") || f.classList.contains("panes-live") } : null;
          })()`),
        "the cell's output to show the widget's page",
        90_000,
      ).catch(async (e) => {
        const text = await dt.evaluate<string>(
          `(document.querySelector(".jp-OutputArea") ?? document.body).innerText.slice(0, 2000)`,
        );
        throw new Error(
          `${e.message}\n--- the cell's output ---\n${text}\n--- log ---\n${lab.log()}`,
        );
      });
      assert(rect, "unreachable: waitFor returns the frame's box");
      assertEquals(rect.error, undefined, "JupyterLab's widget manager shows an error");
      assertEquals(rect.html, false, "JupyterLab rendered the text/html, not the widget");
      // A user's click on the page's button (real input, into the cross-origin frame). Until the
      // page's bridge is up a click does nothing, so click until the handler has run.
      await waitFor(
        async () => {
          await dt.click(rect!.x + rect!.w / 2, rect!.y + rect!.h / 2);
          await new Promise((r) => setTimeout(r, 300));
          return await Deno.stat(heard).then(() => true, () => false);
        },
        "the button to reach the Deno handler",
        60_000,
      );
      assertEquals(JSON.parse(await Deno.readTextFile(pressed)), { n: 41 });
      assertEquals(JSON.parse(await Deno.readTextFile(heard)), { v: 42 });
      await chromium.closeTab(tab);
    } finally {
      devtools?.close();
      try {
        server.kill("SIGTERM"); // JupyterLab shuts its kernels down as it ends
      } catch { /* ended */ }
      await server.status;
      // No kernel of this JupyterLab is left (its connection files are under our runtime dir).
      await waitFor(
        () => processesOf(`${jupyter}/runtime`).length === 0,
        "the Deno kernel to end with JupyterLab",
        20_000,
      ).catch((e) => {
        for (const pid of processesOf(`${jupyter}/runtime`)) {
          try {
            Deno.kill(pid, "SIGKILL");
          } catch { /* ended */ }
        }
        throw e;
      });
      await Deno.remove(dir, { recursive: true });
    }
  },
});
