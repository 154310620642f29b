// anywidget's published front end (anywidget/dist/index.js) is an AMD module: it ends with
// `define(["@jupyter-widgets/base"], factory)`, and widget managers that load modules at run
// time (html-manager's requireLoader, JupyterLab's labextension) call that factory with their
// @jupyter-widgets/base. This module runs before anywidget's (imported first) and keeps the
// factory it hands to `define`, so the page can do what such a manager does.

type Factory = (...deps: unknown[]) => unknown;

/** What anywidget's module passed to `define`: its dependency names and factory. */
export const defined: Array<{ deps: string[]; factory: Factory }> = [];

(globalThis as unknown as { define: unknown }).define = (deps: string[], factory: Factory) => {
  defined.push({ deps, factory });
};
