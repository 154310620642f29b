/**
 * How the app gives a window its worker (`show(content, { worker })`): the options checked before
 * the window opens, the worker started and wired to the window, the short path's grants for each
 * committed page, and windows the worker opens (`childWindows`). The relay itself is `host.ts`.
 * @module
 */

import type { LabelRegistry } from "../../bridge/registry.ts";
import type { CallerPage } from "../../router/router.ts";
import type { Content, OpenWindow } from "../open_window.ts";
import type { ShowOptions, WindowMode } from "../options.ts";
import type { WindowHandle } from "../window.ts";
import { WindowWorker } from "./host.ts";
import { flagMissing, workerPermissionsAvailable } from "./permissions.ts";

/** What the window workers need of the app. */
export interface WorkerAppSide {
  debug: boolean;
  readyTimeoutMs: number;
  commandTimeoutMs: number;
  registry: LabelRegistry;
  emit(type: string, data: unknown, label?: string): void;
  windows(): string[];
  show(content: Content, options: ShowOptions): Promise<WindowHandle>;
  /** The router's word: may this page call the app command `name`? */
  allowsApp(caller: CallerPage, name: string): boolean;
}

/** Throws now (before a window opens) for a worker that cannot run. */
export function checkWorkerOptions(options: ShowOptions, mode: WindowMode): void {
  if (mode === "single") {
    throw new Error('App.show: a window with a worker needs mode "new" or "multi"');
  }
  const p = options.permissions;
  if (p !== undefined && p !== "inherit" && !workerPermissionsAvailable()) throw flagMissing();
}

/** Starts the window's worker (docs/workers.md); resolves once it has sent its commands. */
export function startWindowWorker(
  app: WorkerAppSide,
  win: OpenWindow,
  options: ShowOptions,
): Promise<void> {
  const handle = win.handle;
  win.worker = new WindowWorker({
    url: options.worker!,
    permissions: options.permissions,
    restartOnCrash: options.restartOnCrash ?? false,
  }, {
    label: win.label,
    debug: app.debug,
    readyTimeoutMs: app.readyTimeoutMs,
    registry: app.registry,
    channels: win.caller.channels,
    emit: (type, data) => handle.emit(type, data),
    eval: (script) => handle.eval(script),
    evalJs: (script, opts) => handle.evalJs(script, opts),
    nativeCall: (name, args) =>
      win.gone
        ? Promise.reject(new Error(`window "${win.label}" closed`))
        : win.port.call(name, args),
    navigate: (url) => handle.navigate(url),
    reload: () => handle.reload(),
    close: () => handle.close(),
    appEmit: (type, data, label) => app.emit(type, data, label),
    windows: () => app.windows(),
    lane: win.port.workerLane,
    regrant: () => grantWorker(app, win, win.committedUrl ?? ""),
    show: options.childWindows
      ? async (c, o) => (await app.show(...childWindow(options, c, o))).label
      : undefined,
  });
  return win.worker.start();
}

/**
 * Tells the UI thread which of the window worker's commands the page at `url` may call over the
 * short path (the router decides as for any app command; the app's own commands of the same
 * name are shadowed by the worker's, as on the long path).
 */
export function grantWorker(app: WorkerAppSide, win: OpenWindow, url: string): void {
  const w = win.worker;
  const lane = win.port.workerLane;
  if (!w || !lane || !w.running || !url || win.gone) return;
  lane.grant(
    url,
    w.names.filter((n) => app.allowsApp(win.caller, n)),
    app.commandTimeoutMs,
  );
}

const CHILD_OPTIONS = ["label", "title", "width", "height", "worker", "childWindows"];

/**
 * A window a worker asked for (`pane.app.show`, granted by its window's `childWindows`), checked
 * field by field: what came from the worker is untrusted. The child's worker runs with the parent's
 * worker's permissions (a child never gets more than its parent), its module resolved against the
 * parent's.
 */
function childWindow(parent: ShowOptions, content: unknown, raw: unknown): [Content, ShowOptions] {
  const ok = typeof content === "string" ||
    (!!content && typeof content === "object" &&
      typeof (content as { url?: unknown }).url === "string" &&
      Object.keys(content).length === 1);
  if (!ok) throw new TypeError("app.show from a worker: content must be HTML or { url }");
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new TypeError("app.show from a worker: options must be an object");
  }
  const o = raw as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !CHILD_OPTIONS.includes(k));
  if (extra.length) {
    throw new TypeError(
      `app.show from a worker: option${extra.length > 1 ? "s" : ""} ${
        extra.join(", ")
      } not allowed (allowed: ${CHILD_OPTIONS.join(", ")})`,
    );
  }
  for (const k of ["label", "title", "worker"]) {
    if (o[k] !== undefined && typeof o[k] !== "string") {
      throw new TypeError(`app.show from a worker: ${k} must be a string`);
    }
  }
  const options: ShowOptions = {
    label: o.label as string | undefined,
    title: o.title as string | undefined,
    width: o.width as number | undefined,
    height: o.height as number | undefined,
  };
  if (o.worker !== undefined) {
    options.worker = new URL(o.worker as string, parent.worker!);
    if (parent.permissions !== undefined) options.permissions = parent.permissions;
    options.childWindows = o.childWindows === true;
  } else if (o.childWindows !== undefined) {
    throw new TypeError("app.show from a worker: childWindows needs a worker");
  }
  return [content as Content, options];
}
