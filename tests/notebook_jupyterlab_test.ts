/**
 * A notebook in JupyterLab itself (headless Chromium): JupyterLab starts Deno's kernel from a
 * kernelspec, runs the notebook's cells (the command "Run All Cells"), renders the cell's output,
 * and a click on a button of the panes page in that output reaches the Deno handler (a typed
 * invoke, then an event).
 *
 * JupyterLab comes from PyPI (`pip install jupyterlab`), which not every machine that runs the
 * tests reaches; without it this test is ignored (and says so), never counted as passed. The
 * anywidget display is tried in notebook_jupyterlab_widget_test.ts (anywidget's npm front end,
 * registered by a small extension the test builds) and notebook_widget_manager_test.ts.
 * @module
 */

import { assert, assertEquals } from "./support/assert.ts";
import { processesOf, sharedChromium } from "./support/chromium.ts";
import { DevTools } from "./support/cdp.ts";
import { startJupyterLab } from "./support/jupyterlab.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const root = new URL("../", import.meta.url).pathname;

async function jupyterLab(): Promise<string | undefined> {
  for (const cmd of ["jupyter-lab"]) {
    try {
      const out = await new Deno.Command(cmd, {
        args: ["--version"],
        stdout: "piped",
        stderr: "null",
      })
        .output();
      if (out.success) return cmd;
    } catch { /* not installed */ }
  }
  return undefined;
}

const lab = await jupyterLab();
if (!lab) {
  console.log(
    "note: JupyterLab is not installed (pip install jupyterlab): the JupyterLab test is ignored; " +
      "tests/notebook_test.ts covers the kernel, the outputs and the page without it",
  );
}

Deno.test({
  name: "notebook in JupyterLab: the cell's page renders and its button reaches the Deno handler",
  ignore: !lab,
  ...WINDOW_TEST,
  async fn() {
    // The notebook sits inside the repository, so the kernel (started in the notebook's folder)
    // finds deno.json and its imports, as a user's project notebook would.
    const dir = await Deno.makeTempDir({ dir: `${root}tests`, prefix: ".jupyterlab-" });
    const jupyter = `${dir}/.jupyter`;
    await Deno.mkdir(`${jupyter}/share/kernels/deno`, { recursive: true });
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
const app = new App({ commands });
const win = await app.show(\`<!doctype html><button id="b" style="position:fixed;left:0;top:0;width:100%;height:100%;font-size:28px"
  onclick="panes.invoke('press', { n: 41 }).then((v) => { b.textContent = 'got ' + v; panes.emit('app:pressed', { v }); })">press</button>\`,
  { label: "lab", height: 160 });
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
    const jl = await startJupyterLab(lab!, dir, jupyter);
    const { server, port, token } = jl;
    let devtools: DevTools | undefined;
    try {
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
        { what: "the notebook open with its Deno kernel idle", timeout: 120_000 },
      ).catch((e) => {
        throw new Error(`${e.message}\n${jl.log()}`);
      });
      await dt.evaluate(`window.jupyterapp.commands.execute("notebook:run-all-cells")`);
      const rect = await waitFor(
        () =>
          dt.evaluate<{ x: number; y: number; w: number; h: number } | null>(`(() => {
            const f = document.querySelector("iframe.panes-live");
            if (!f) return null;
            f.scrollIntoView({ block: "center" });
            const r = f.getBoundingClientRect();
            return r.width > 0 ? { x: r.left, y: r.top, w: r.width, h: r.height } : null;
          })()`),
        { what: "the cell's output to show the live page", timeout: 90_000 },
      ).catch(async (e) => {
        const text = await dt.evaluate<string>(`document.body.innerText.slice(0, 2000)`);
        throw new Error(
          `${e.message}\n--- JupyterLab shows ---\n${text}\n--- log ---\n${jl.log()}`,
        );
      });
      // A user's click on the page's button (real input, into the cross-origin frame). Until the
      // page's bridge is up a click does nothing, so click until the handler has run.
      await waitFor(
        async () => {
          await dt.click(rect!.x + rect!.w / 2, rect!.y + rect!.h / 2);
          await new Promise((r) => setTimeout(r, 300));
          return await Deno.stat(heard).then(() => true, () => false);
        },
        { what: "the button to reach the Deno handler", timeout: 60_000 },
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
        { what: "the Deno kernel to end with JupyterLab", timeout: 20_000 },
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
    assert(true);
  },
});
