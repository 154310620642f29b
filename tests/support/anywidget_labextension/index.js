// A JupyterLab extension that registers anywidget's published front end (anywidget/dist/index.js,
// unchanged from npm) as the widget module "anywidget" with the widget manager
// (@jupyter-widgets/jupyterlab-manager's IJupyterWidgetRegistry), as anywidget's own
// labextension does. tests/notebook_jupyterlab_widget_test.ts builds it with @jupyterlab/builder
// (webpack resolves the module's AMD `define(["@jupyter-widgets/base"], …)` to JupyterLab's
// shared @jupyter-widgets/base) because anywidget's Python package, which ships the built one,
// is not installable on these machines.
import { IJupyterWidgetRegistry } from "@jupyter-widgets/base";
import * as anywidget from "anywidget";

export default {
  id: "panes-test-anywidget:plugin",
  requires: [IJupyterWidgetRegistry],
  autoStart: true,
  activate(_app, registry) {
    registry.registerWidget({
      name: "anywidget",
      version: "0.11.0",
      exports: anywidget,
    });
  },
};
