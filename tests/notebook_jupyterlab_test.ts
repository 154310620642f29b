/**
 * A notebook in JupyterLab itself (headless Chromium), with the default IFrame display: JupyterLab
 * starts Deno's kernel from a kernelspec, runs the notebook's cells (the command "Run All Cells"),
 * renders the cell's `text/html` output with the live page in its frame; Deno's event reaches the
 * page, and a click on the page's button reaches the Deno handler (a typed invoke) whose answer the
 * page shows and sends back as an event (tests/support/jupyter_display.ts); when JupyterLab ends,
 * no kernel is left.
 *
 * JupyterLab comes from PyPI (`pip install jupyterlab`), which not every machine that runs the
 * tests reaches; without it this test is ignored (and says so), never counted as passed. The
 * anywidget display is tried in notebook_jupyterlab_widget_test.ts (anywidget's npm front end,
 * registered by a small extension the test builds) and notebook_widget_manager_test.ts.
 * @module
 */

import { displayInJupyter, displayTestReady } from "./support/jupyter_display.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const ready = await displayTestReady("lab", "iframe", "jupyterlab");

Deno.test({
  name: "notebook in JupyterLab: the cell's page renders and its button reaches the Deno handler",
  ignore: !ready,
  ...WINDOW_TEST,
  fn: () => displayInJupyter("lab", "iframe"),
});
