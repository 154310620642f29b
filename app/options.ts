/** Options of `new App()` and `app.show()`. @module */

import type { Commands, CommandDefs } from "../bridge/commands.ts";

/** Window modes: `new` (a window per show), `single` (one window, "main"), `multi` (closing the first closes all). */
export type WindowMode = "new" | "single" | "multi";

/** Page theme. */
export type Theme = "dark" | "light" | "system";

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
  /** How long `show()`/`update()` wait for the page's bridge (default 30 000 ms). */
  readyTimeoutMs?: number;
  /** App identifier for per-app folders (default: derived from the main module's file name). */
  identifier?: string;
}

/** `app.show(content, options)`. */
export interface ShowOptions {
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
}
