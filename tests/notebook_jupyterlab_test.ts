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

import { assertEquals } from "./support/assert.ts";
import { sharedChromium } from "./support/chromium.ts";
import type { DevTools } from "./support/cdp.ts";
import {
  installed,
  jupyterHome,
  openNotebook,
  startJupyter,
  stopJupyter,
  writeNotebook,
} from "./support/jupyter_server.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const root = new URL("../", import.meta.url).pathname;

const lab = await installed("lab");
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
    const jupyter = await jupyterHome(dir);
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
    await writeNotebook(`${dir}/panes.ipynb`, cell);
    const jl = await startJupyter("lab", dir, jupyter);
    let devtools: DevTools | undefined;
    try {
      const chromium = await sharedChromium();
      const opened = await openNotebook(jl, chromium, "panes.ipynb");
      devtools = opened.devtools;
      const dt = devtools;
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
      await chromium.closeTab(opened.tab);
    } finally {
      devtools?.close();
      await stopJupyter(jl); // and no kernel of it is left
      await Deno.remove(dir, { recursive: true });
    }
  },
});
