/**
 * A notebook in Jupyter Notebook 7 (`jupyter notebook`, its own /notebooks/ page, not JupyterLab's),
 * in headless Chromium, with both displays (tests/support/jupyter_display.ts): Notebook 7 starts
 * Deno's kernel, runs the cell ("Run All Cells"), and renders the page in the cell's output; Deno's
 * event reaches the page, and a click on the page's button reaches the Deno handler (a typed
 * invoke) whose answer the page shows and sends back as an event; when Notebook 7 ends, no kernel
 * is left.
 *
 * The widget display uses the same widget manager (jupyterlab_widgets) and the same test-built
 * labextension registering anywidget's npm front end as the JupyterLab widget test: Notebook 7 is
 * built on JupyterLab's components and loads prebuilt labextensions from the same path, unchanged.
 *
 * Notebook 7 (`notebook`) and jupyterlab_widgets come from PyPI (`.ci/run` installs them from a
 * local mirror where the machine has one); without them these tests are ignored, and say so.
 * @module
 */

import { displayInJupyter, displayTestReady } from "./support/jupyter_display.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const iframe = await displayTestReady("notebook", "iframe", "notebook");
const widget = await displayTestReady("notebook", "widget", "notebook");

Deno.test({
  name: "notebook in Jupyter Notebook 7: the cell's page (IFrame display) renders and works",
  ignore: !iframe,
  ...WINDOW_TEST,
  fn: () => displayInJupyter("notebook", "iframe"),
});

Deno.test({
  name:
    "notebook in Jupyter Notebook 7: the widget display (anywidget's front end) renders and works",
  ignore: !widget,
  ...WINDOW_TEST,
  fn: () => displayInJupyter("notebook", "widget"),
});
