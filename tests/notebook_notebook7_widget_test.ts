/**
 * The widget display (`notebookDisplay: "widget"`) in Jupyter Notebook 7 (`jupyter notebook`, its
 * own /notebooks/ page, not JupyterLab's), in headless Chromium: the same widget manager
 * (jupyterlab_widgets) and the same test-built labextension registering anywidget's npm front end
 * as in the JupyterLab widget test, which Notebook 7 loads as it is (it is built on JupyterLab's
 * components and loads prebuilt labextensions from the same path). Notebook 7 starts Deno's
 * kernel, runs the cell, and renders the widget in the cell's output; Deno's event reaches the
 * page, and a click on the page's button reaches the Deno handler (a typed invoke) whose answer
 * the page shows and sends back as an event (tests/support/jupyter_widget.ts).
 *
 * Notebook 7 (`notebook`) and jupyterlab_widgets come from PyPI (`.ci/run` installs them from a
 * local mirror where the machine has one); without them this test is ignored, and says so.
 * @module
 */

import { widgetInJupyter, widgetTestReady } from "./support/jupyter_widget.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const ready = await widgetTestReady("notebook", "notebook");

Deno.test({
  name:
    "notebook in Jupyter Notebook 7: the widget display (anywidget's front end) renders and works",
  ignore: !ready,
  ...WINDOW_TEST,
  fn: () => widgetInJupyter("notebook"),
});
