/**
 * The built-in plugins by Tauri's names. What plugin authors use is exported from `plugins.ts`;
 * the per-app runtime that runs plugins lives in `router/plugin_runtime.ts`.
 * @module
 */

import type { Plugin } from "./plugin.ts";
import { fsPlugin } from "./fs/mod.ts";
import { clipboardPlugin } from "./clipboard-manager/mod.ts";
import { osPlugin } from "./os/mod.ts";
import { storePlugin } from "./store/mod.ts";
import { notificationPlugin } from "./notification/mod.ts";
import { dialogPlugin } from "./dialog/mod.ts";
import { openerPlugin } from "./opener/mod.ts";
import { shellPlugin } from "./shell/mod.ts";
import { processPlugin } from "./process/mod.ts";
import { logPlugin } from "./log/mod.ts";
import { httpPlugin } from "./http/mod.ts";
import { windowStatePlugin } from "./window-state/mod.ts";

/** The built-in plugins by name. */
export const BUILTIN_PLUGINS: Readonly<Record<string, Plugin>> = {
  fs: fsPlugin,
  "clipboard-manager": clipboardPlugin,
  os: osPlugin,
  store: storePlugin,
  notification: notificationPlugin,
  dialog: dialogPlugin,
  opener: openerPlugin,
  shell: shellPlugin,
  process: processPlugin,
  log: logPlugin,
  http: httpPlugin,
  "window-state": windowStatePlugin,
};
