/**
 * Tauri's core `window` plugin (`@tauri-apps/api/window`): every command with Tauri's argument
 * and return shapes, on top of the WindowProxy and the UI-thread ops in
 * `ffi/ui/tauri_window_ops.ts`. Getters answer physical pixels (Tauri's PhysicalSize and
 * PhysicalPosition); setters take Tauri's Logical/Physical values. What only other platforms
 * have rejects as unsupported, saying why. The commands live in three groups: `getters.ts`,
 * `state.ts` (state and geometry), `look.ts` (look, pointer, taskbar, page-made windows).
 * @module
 */

import type { Plugin } from "../../../plugins/plugin.ts";
import { defineCorePlugin } from "../define.ts";
import { pageErrors } from "./common.ts";
import { getterCommands } from "./getters.ts";
import { lookCommands } from "./look.ts";
import { stateCommands } from "./state.ts";

/** The window plugin. */
export const windowPlugin: Plugin = defineCorePlugin(
  "window",
  pageErrors({ ...getterCommands, ...stateCommands, ...lookCommands }),
);
