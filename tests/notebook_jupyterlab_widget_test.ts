/**
 * The widget display (`notebookDisplay: "widget"`) in JupyterLab 4 itself (headless Chromium),
 * with JupyterLab's widget manager (jupyterlab_widgets) and anywidget's own front end
 * (anywidget/dist/index.js from npm) registered as the module "anywidget" by a tiny labextension
 * built here (tests/support/jupyter_display.ts says what is checked). JupyterLab starts Deno's
 * kernel, runs the cell, and renders the widget from the kernel's comm_open and display; Deno's
 * event reaches the page, and a click on the page's button reaches the Deno handler (a typed
 * invoke) whose answer the page shows and sends back as an event.
 *
 * JupyterLab and jupyterlab_widgets come from PyPI (`.ci/run` installs them from a local mirror
 * where the machine has one); without them this test is ignored, and says so.
 * @module
 */

import { displayInJupyter, displayTestReady } from "./support/jupyter_display.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const ready = await displayTestReady("lab", "widget", "jupyterlab");

Deno.test({
  name: "notebook in JupyterLab: the widget display (anywidget's front end) renders and works",
  ignore: !ready,
  ...WINDOW_TEST,
  fn: () => displayInJupyter("lab", "widget"),
});
