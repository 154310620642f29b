/**
 * The one dynamic import of a computed URL, shared by everything panes loads on use: the plugins,
 * Tauri's core plugins, the main-isolate UI host and an app's UI-thread command module.
 *
 * A literal `import("./x.ts")` puts its module in the graph Deno loads before a program's first
 * line, called or not (docs/performance.md: importing mod.ts 410 ms → 110 ms without them), so
 * these imports are computed; graph.ts names panes' own with literal specifiers for
 * `deno compile --include`. `deno publish` cannot analyze a computed import and warns once, here
 * (there is no way to mark one as intended yet: denoland/deno#22594); every URL given is absolute,
 * so nothing depends on an import map at run time.
 * @module
 */

/** Imports the module at `url` (absolute: resolve relative paths against your `import.meta.url`). */
export function loadLater<T>(url: URL | string): Promise<T> {
  return import(typeof url === "string" ? url : url.href);
}
