// The test page of tests/notebook_widget_manager_test.ts loads this bundle: a real ipywidgets
// widget manager (@jupyter-widgets/html-manager) and anywidget's own front end
// (anywidget/dist/index.js, unchanged), on window.widgetFrontend.
import { defined } from "./widget_manager_amd.ts";
import "anywidget";
import * as base from "@jupyter-widgets/base";
import { HTMLManager } from "@jupyter-widgets/html-manager";

(globalThis as unknown as { widgetFrontend: unknown }).widgetFrontend = {
  HTMLManager,
  base,
  anywidget: defined,
};
