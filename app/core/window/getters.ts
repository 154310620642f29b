/**
 * The window plugin's getters: sizes and positions in physical pixels, state, monitors, the
 * pointer, the windows' labels.
 * @module
 */

import { z } from "zod";
import type { CommandTable, PluginHost } from "../../../plugins/plugin.ts";
import { unsupported } from "../define.ts";
import { coreHost } from "../host.ts";
import { toPhysicalPosition, toPhysicalSize } from "./dpi.ts";
import { type Ctx, getter, label, monitorAt, monitors, native, scale, theme } from "./common.ts";

/** The getter commands of the window plugin. */
export const getterCommands: CommandTable = {
  // --- getters ---
  get_all_windows: { run: ({ host }: { host: PluginHost }) => coreHost(host).app.windows },
  scale_factor: getter((w) => scale(w)),
  inner_position: getter(async (w) =>
    toPhysicalPosition(await w.proxy.innerPosition(), await scale(w))
  ),
  outer_position: getter(async (w) =>
    toPhysicalPosition(await w.proxy.outerPosition(), await scale(w))
  ),
  inner_size: getter(async (w) => toPhysicalSize(await w.proxy.innerSize(), await scale(w))),
  outer_size: getter(async (w) => toPhysicalSize(await w.proxy.outerSize(), await scale(w))),
  is_fullscreen: getter((w) => w.proxy.isFullscreen()),
  is_minimized: getter((w) => w.proxy.isMinimized()),
  is_maximized: getter((w) => w.proxy.isMaximized()),
  is_focused: getter((w) => w.proxy.isFocused()),
  is_decorated: getter((w) => w.proxy.isDecorated()),
  is_resizable: getter((w) => w.proxy.isResizable()),
  is_visible: getter((w) => w.proxy.isVisible()),
  is_always_on_top: getter((w) => w.proxy.isAlwaysOnTop()),
  is_maximizable: {
    args: label,
    run: async (ctx) => (await native(ctx, "tauriActions") as { maximizable: boolean }).maximizable,
  },
  is_minimizable: {
    args: label,
    run: async (ctx) => (await native(ctx, "tauriActions") as { minimizable: boolean }).minimizable,
  },
  is_closable: {
    args: label,
    run: async (ctx) => (await native(ctx, "tauriActions") as { closable: boolean }).closable,
  },
  is_enabled: { args: label, run: (ctx) => native(ctx, "tauriEnabled") },
  title: getter((w) => w.proxy.title()),
  theme: getter(theme),
  current_monitor: {
    run: async (ctx: Ctx<unknown>) => {
      const m = await monitors(ctx);
      return m.list[m.current] ?? null;
    },
  },
  primary_monitor: {
    run: async (ctx: Ctx<unknown>) => {
      const m = await monitors(ctx);
      return m.list[m.primary] ?? null;
    },
  },
  available_monitors: { run: async (ctx: Ctx<unknown>) => (await monitors(ctx)).list },
  monitor_from_point: {
    args: z.object({ x: z.number().finite(), y: z.number().finite() }),
    run: async (ctx) => {
      const m = await monitors(ctx);
      return m.list[monitorAt(m.list, ctx.args.x, ctx.args.y)] ?? null;
    },
  },
  cursor_position: {
    run: (ctx: Ctx<unknown>) =>
      coreHost(ctx.host).nativeCall(ctx.window.label, "tauriCursorPosition", []),
  },
  activity_name: unsupported("activity_name", "activities exist on Android only"),
  scene_identifier: unsupported("scene_identifier", "scenes exist on iOS only"),
};
