/**
 * The window-state plugin: remembers each window's size, position and
 * maximized state by label (`@tauri-apps/plugin-window-state`). As in Tauri,
 * it saves a window's state when the window closes and restores it when a
 * window with that label opens again; pages may also save and restore by hand.
 * @module
 */

import { definePlugin, pageCall, type Plugin } from "../plugin.ts";
import { restoreWindow, saveClosedState, StateFlags, windowStateCommands } from "./commands.ts";
import { installWindowStateApi } from "./page.ts";

/** How the window-state plugin saves and restores on its own (Tauri's `Builder` options). */
export interface WindowStateOptions {
  /** Which fields are saved and restored automatically (Tauri's `StateFlags`; default all, 63). */
  flags?: number;
  /** Labels never saved or restored automatically (Tauri's `with_denylist`). */
  denylist?: string[];
  /** Restore a window's saved state when it opens (default true; Tauri's `skip_initial_state`). */
  restoreOnShow?: boolean;
  /** Save a window's state when it closes (default true). */
  saveOnClose?: boolean;
}

/**
 * A window-state plugin with its own automatic behaviour, for
 * `new App({ plugins: [createWindowStatePlugin({ denylist: ["splash"] })] })`.
 */
export function createWindowStatePlugin(options: WindowStateOptions = {}): Plugin {
  const flags = options.flags ?? StateFlags.ALL;
  if (!Number.isInteger(flags) || flags < 0 || flags > StateFlags.ALL) {
    throw new TypeError(
      `createWindowStatePlugin: flags must be an integer from 0 to 63 (got ${flags})`,
    );
  }
  const denied = new Set(options.denylist ?? []);
  return definePlugin({
    name: "window-state",
    description: "Remember window size, position and state by label.",
    commands: windowStateCommands,
    permissions: {
      default: {
        description: "Saving and restoring window state, and the file name.",
        permissions: ["allow-save-window-state", "allow-restore-state", "allow-filename"],
      },
    },
    pageScript: () => pageCall(installWindowStateApi, StateFlags),
    windowOpened: options.restoreOnShow === false ? undefined : async (host, win) => {
      if (!denied.has(win.label)) await restoreWindow(host, win, flags);
    },
    windowClosed: options.saveOnClose === false ? undefined : async (host, label, state) => {
      if (state && !denied.has(label)) await saveClosedState(host, label, state, flags);
    },
  });
}

/** The window-state plugin with Tauri's defaults (all flags, save on close, restore on open). */
export const windowStatePlugin: Plugin = createWindowStatePlugin();
