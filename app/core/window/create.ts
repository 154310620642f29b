/**
 * `new Window(label, options)` from a page (`plugin:window|create`): a Tauri `Window` is a window
 * without a webview of its own, so it opens here as an app window with an empty page, its
 * options mapped onto `app.show()` and the ops beyond it. (Page-made windows with content,
 * `new WebviewWindow(label, { url })`, are the webview plugin's `create_webview_window`.)
 * @module
 */

import { InvokeError } from "../../../bridge/invoke_error.ts";
import type { ShowOptions } from "../../options.ts";
import type { CoreHost } from "../host.ts";

const EMPTY = "<!doctype html><html><head><meta charset=utf-8></head><body></body></html>";

function num(o: Record<string, unknown>, k: string): number | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InvokeError(`window option ${k} must be a number (got ${JSON.stringify(v)})`);
  }
  return Math.round(v);
}

function flag(o: Record<string, unknown>, k: string): boolean | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") {
    throw new InvokeError(`window option ${k} must be true or false (got ${JSON.stringify(v)})`);
  }
  return v;
}

/** Opens the window Tauri's `WindowOptions` describe; resolves once it is up. */
export async function createWindow(core: CoreHost, o: Record<string, unknown>): Promise<void> {
  const label = o.label;
  if (typeof label !== "string" || !/^[A-Za-z0-9_\-:/]+$/.test(label)) {
    throw new InvokeError(
      `window labels may only hold letters, digits, -, /, : and _ (got ${JSON.stringify(label)})`,
    );
  }
  if (core.app.window(label)) {
    throw new InvokeError(`a window with label \`${label}\` already exists`);
  }
  const title = o.title;
  if (title !== undefined && typeof title !== "string") {
    throw new InvokeError("window option title must be a string");
  }
  const opts: ShowOptions = {
    label,
    title: title ?? label,
    width: num(o, "width"),
    height: num(o, "height"),
    x: num(o, "x"),
    y: num(o, "y"),
    center: flag(o, "center"),
    resizable: flag(o, "resizable"),
    decorations: flag(o, "decorations"),
    alwaysOnTop: flag(o, "alwaysOnTop"),
    fullscreen: flag(o, "fullscreen"),
    maximized: flag(o, "maximized"),
    visible: flag(o, "visible"),
  };
  const [minW, minH, maxW, maxH] = ["minWidth", "minHeight", "maxWidth", "maxHeight"].map((k) =>
    num(o, k)
  );
  if (minW !== undefined || minH !== undefined) {
    opts.minSize = { width: minW ?? 1, height: minH ?? 1 };
  }
  if (maxW !== undefined || maxH !== undefined) {
    opts.maxSize = { width: maxW ?? 100_000, height: maxH ?? 100_000 };
  }
  if (opts.x !== undefined && opts.y === undefined) opts.y = 0;
  if (opts.y !== undefined && opts.x === undefined) opts.x = 0;
  for (const k of Object.keys(opts) as (keyof ShowOptions)[]) {
    if (opts[k] === undefined) delete opts[k];
  }
  try {
    await core.app.show(EMPTY, opts);
  } catch (e) {
    throw new InvokeError(`cannot create window ${label}: ${(e as Error).message}`);
  }
  const actions: Record<string, boolean> = {};
  for (const k of ["maximizable", "minimizable", "closable"]) {
    const v = flag(o, k);
    if (v !== undefined) actions[k] = v;
  }
  if (Object.keys(actions).length) await core.nativeCall(label, "tauriSetActions", [actions]);
  if (flag(o, "skipTaskbar")) {
    await core.nativeCall(label, "tauriSetState", [
      "_NET_WM_STATE_SKIP_TASKBAR",
      true,
      "skipTaskbar",
    ]);
  }
  if (flag(o, "alwaysOnBottom")) {
    await core.nativeCall(label, "tauriSetState", ["_NET_WM_STATE_BELOW", true, "alwaysOnBottom"]);
  }
  if (o.theme === "light" || o.theme === "dark") {
    core.app.window(label)?.emit("panes:update-theme", { theme: o.theme });
  }
}
