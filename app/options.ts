/** Options of `new App()` and `app.show()`. @module */

import type { CommandDefs, Commands } from "../bridge/commands.ts";
import type { Menu } from "./menu/model.ts";
import type { Plugin } from "../plugins/plugin.ts";
import type { CapabilityInput } from "../router/capabilities.ts";
import type { WorkerPermissions } from "./workers/permissions.ts";
import type { AssetProtocolOptions } from "./asset_protocol.ts";

export type { AssetProtocolOptions } from "./asset_protocol.ts";

/** Window modes: `new` (a window per show), `single` (one window, "main"), `multi` (closing the first closes all). */
export type WindowMode = "new" | "single" | "multi";

export type { Theme } from "../bridge/page/context.ts";
import type { Theme } from "../bridge/page/context.ts";

/** `new App(options)`. */
export interface AppOptions {
  /** Window mode (default `"new"`). */
  mode?: WindowMode;
  /** Initial theme for every page (default `"system"`). */
  theme?: Theme;
  /** Commands pages may invoke. */
  commands?: Commands<CommandDefs>;
  /** Devtools and detailed errors in pages (default false). */
  debug?: boolean;
  /** Watch HtmlContent files and reload on change. */
  hotReload?: boolean;
  /** Explicit path to libwebview 0.12 (else PANES_WEBVIEW_LIB, the npm carrier, the system). */
  webviewLibrary?: string;
  /**
   * Where the native UI runs (default `"worker"`, or `PANES_UI_HOST`). `"worker"`: GTK on a UI
   * thread of its own, so windows repaint while your code is busy. `"main"`: GTK on the main
   * isolate, GLib driven from Deno's event loop: a page's call reaches its handler with no thread
   * in between (the lowest latency, the fastest first window, one V8 isolate less), but code that
   * blocks the event loop also holds the windows. The first app to start the UI decides for the
   * process (docs/performance.md, "The UI on the main isolate").
   */
  uiHost?: "worker" | "main";
  /** How long `show()`/`update()` wait for the page's bridge (default 30 000 ms). */
  readyTimeoutMs?: number;
  /** Largest page → host message (and fast-path body) accepted, in bytes (default 64 MiB). */
  maxMessageBytes?: number;
  /** A command still running after this many ms answers the page with code `timeout` (default 60 000). */
  commandTimeoutMs?: number;
  /** Content-Security-Policy for app content (default: `DEFAULT_CSP`); `false`: none. */
  csp?: string | false;
  /**
   * A module of UI-thread commands: its default export is an object of synchronous functions
   * `(body, { label }) => result`, run on the UI thread itself, where a page's call arrives, so
   * the call never crosses to the main isolate (the lowest latency panes has; docs/commands.md).
   * Pages call them like any command, under the same capabilities. Keep them short: while one
   * runs, every window waits.
   */
  uiCommands?: string | URL;
  /** App identifier for per-app folders (default: derived from the main module's file name). */
  identifier?: string;
  /** The app's name, as pages read it (`getName()` of `@tauri-apps/api/app`; default: the identifier). */
  name?: string;
  /** The app's version, as pages read it (`getVersion()`; default `"0.0.0"`). */
  version?: string;
  /** Plugins by name (`"fs"`, `"clipboard-manager"` or `"clipboard_manager"`, …) or definition. */
  plugins?: Array<string | Plugin>;
  /** Capabilities (Tauri's shape), or permission strings granted to every window. */
  capabilities?: CapabilityInput[];
  /**
   * The app's frontend folder (Tauri's `frontendDist`), served under the app's own origin:
   * `panes://app/<path>` is `<folder>/<path>`, so pages load their assets by relative URL and a
   * page's `new WebviewWindow(label, { url: "settings.html" })` opens a page of it. Relative to
   * the working directory. Without it, a relative URL from a page is refused (docs/windows.md).
   */
  frontendDist?: string;
  /**
   * Tauri's asset protocol (`convertFileSrc`): `{ enable: true, scope: ["$APPDATA/**"] }` lets
   * app pages load the files the scope allows as `asset://localhost/<path>`. Off by default.
   */
  assetProtocol?: AssetProtocolOptions;
  /** Config file (JSONC); default `./panes.jsonc` when present; `false`: none. Options in code win. */
  config?: string | false;
  /** Defaults for every `show()` (its own options win). */
  window?: Omit<ShowOptions, "label">;
  /**
   * `"native"` (default): GTK/WebKit windows. `"browser"`: each window is a
   * page served on 127.0.0.1 and opened in a browser, connected back over a
   * WebSocket (also `PANES_TRANSPORT`). `"notebook"`: each window is a page in
   * a notebook cell's output (the default when the code runs in Deno's Jupyter
   * kernel, `deno jupyter`; docs/notebook.md).
   */
  transport?: "native" | "browser" | "notebook";
  /**
   * Notebook transport: how an output shows the page, `"iframe"` (default) or
   * `"widget"` (an anywidget model; the frontend needs anywidget). Also
   * `PANES_NOTEBOOK_DISPLAY`.
   */
  notebookDisplay?: "iframe" | "widget";
  /**
   * Browser transport: the command line that opens a page, its URL appended
   * (e.g. `"chromium --app"`; also `PANES_BROWSER`), or a function given the
   * URL. Default: the system's opener (`xdg-open`, `open`, `start`).
   */
  browser?: string | ((url: string) => unknown);
  /** Browser transport: open each page (default true); `false` only prints its URL. */
  open?: boolean;
  /** Browser and notebook transports: the interface to listen on (default 127.0.0.1, loopback only). */
  hostname?: string;
  /** Browser and notebook transports: the port (default 0: a free one). */
  port?: number;
  /** Browser and notebook transports: how long a page may be gone (reload, lost network, a cleared output) before its window counts as closed (default 10 000 ms). */
  graceMs?: number;
}

/** Window properties settable at creation (and through `WindowProxy` later). */
export interface WindowProps {
  /** Whether the user can resize the window (default true). */
  resizable?: boolean;
  /** Title bar and borders (default true). */
  decorations?: boolean;
  /** Keep above other windows (needs a window manager). */
  alwaysOnTop?: boolean;
  /** Start fullscreen (needs a window manager). */
  fullscreen?: boolean;
  /** Start maximized (needs a window manager). */
  maximized?: boolean;
  /** Minimum inner size. */
  minSize?: { width: number; height: number };
  /** Maximum inner size. */
  maxSize?: { width: number; height: number };
  /** Outer x position on screen. */
  x?: number;
  /** Outer y position on screen. */
  y?: number;
  /** Center on the monitor. */
  center?: boolean;
  /** Background colour behind transparent page areas (CSS hex, e.g. "#00000000"). */
  backgroundColor?: string;
  /** Page zoom factor (1 = 100%). */
  zoom?: number;
  /** Open the web inspector. */
  devtools?: boolean;
}

/** Names of {@linkcode WindowProps}, for picking them out of show options. */
export const WINDOW_PROP_NAMES: readonly (keyof WindowProps)[] = [
  "resizable",
  "decorations",
  "alwaysOnTop",
  "fullscreen",
  "maximized",
  "minSize",
  "maxSize",
  "x",
  "y",
  "center",
  "backgroundColor",
  "zoom",
  "devtools",
];

/** `app.show(content, options)`. */
export interface ShowOptions extends WindowProps {
  /** Window title (default "panes"). */
  title?: string;
  /** Inner width in pixels (default 800). */
  width?: number;
  /** Inner height in pixels (default 600). */
  height?: number;
  /** Window label (generated when not given; "main" in single mode). */
  label?: string;
  /** Start hidden (default true: visible). */
  visible?: boolean;
  /** The window's menu bar (top-level entries are Submenus). */
  menu?: Menu;
  /**
   * Tauri's `dragDropEnabled` (default true): files dragged onto the window are reported as
   * `tauri://drag-enter` / `drag-over` / `drag-drop` / `drag-leave` from the first time a page
   * listens for them, for the window's life (those drops then do not reach the page's own HTML5
   * drop handlers). With false, every drop stays the page's (WebKit's drag and drop).
   */
  dragDropEnabled?: boolean;
  /** Watch this window's HtmlContent files (default: the content's, then the app's `hotReload`). */
  hotReload?: boolean;
  /**
   * Runs this window's logic in a Deno Worker of its own: the module at this URL imports
   * `@panes/panes/worker` and registers the window's commands there (docs/workers.md).
   */
  worker?: string | URL;
  /**
   * The worker's Deno permissions (they only narrow the process's); default: the process's.
   * Needs Deno's `--unstable-worker-options` (a clear error says so when it is missing).
   */
  permissions?: WorkerPermissions;
  /** Start a new worker when the window's worker dies of an uncaught error (default false). */
  restartOnCrash?: boolean;
  /**
   * The window's worker may open windows of its own (`pane.app.show(…)`, default false). Its
   * children get no such grant unless they ask for it and their parent holds it.
   */
  childWindows?: boolean;
}
