/**
 * The window plugin's window state and geometry: maximize and friends, show/hide, close and
 * destroy, EWMH states, allowed actions, fullscreen, sizes, position, drags.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../../bridge/invoke_error.ts";
import type { CommandTable } from "../../../plugins/plugin.ts";
import type { WindowHandle } from "../../window.ts";
import { unsupported } from "../define.ts";
import {
  logicalPixel,
  logicalPosition,
  logicalSize,
  physicalPosition,
  pixelValue,
  positionValue,
  sizeValue,
} from "./dpi.ts";
import {
  action,
  type Ctx,
  label,
  monitorAt,
  monitors,
  native,
  scale,
  setFlag,
  setState,
  settle,
  win,
} from "./common.ts";

async function toggleMaximize(w: WindowHandle): Promise<void> {
  if (await w.proxy.isMaximized()) await w.proxy.unmaximize();
  else await w.proxy.maximize();
}

function sizeLimit(which: "setMinSize" | "setMaxSize") {
  return {
    args: z.object({ label: z.string(), value: sizeValue.nullable() }),
    run: async (ctx: Ctx<{ label: string; value: z.infer<typeof sizeValue> | null }>) => {
      const w = win(ctx);
      if (ctx.args.value === null) return await w.proxy[which](null);
      const s = logicalSize(ctx.args.value, await scale(w));
      await w.proxy[which](s.width, s.height);
    },
  };
}

/** Tauri's UserAttentionType as its guest sends it (both kinds are urgency on X11). */
const attention = z.object({ type: z.enum(["Critical", "Informational"]) }).nullable();

/** The state and geometry commands of the window plugin. */
export const stateCommands: CommandTable = {
  // --- window state ---
  center: action((w) => w.proxy.center()),
  maximize: action((w) => w.proxy.maximize()),
  unmaximize: action((w) => w.proxy.unmaximize()),
  toggle_maximize: action(toggleMaximize),
  // The title bar's double click (data-tauri-drag-region): only when the user may maximize.
  internal_toggle_maximize: {
    args: label,
    run: async (ctx) => {
      const w = win(ctx);
      const a = await native(ctx, "tauriActions") as { maximizable: boolean };
      if (a.maximizable && await w.proxy.isResizable()) await toggleMaximize(w);
    },
  },
  minimize: action((w) => w.proxy.minimize()),
  unminimize: action((w) => w.proxy.unminimize()),
  show: action((w) => w.proxy.show()),
  hide: action((w) => w.proxy.hide()),
  // Tauri's close is a close request: a page listening for it may prevent it.
  close: action((w) => w.proxy.requestClose()),
  destroy: {
    args: label,
    run: async (ctx) => {
      const w = win(ctx);
      // The caller destroying its own window gets no answer to wait for.
      if (ctx.args.label === ctx.window.label) void w.close();
      else await w.close();
    },
  },
  set_focus: action((w) => w.proxy.setFocus()),
  set_focusable: unsupported(
    "set_focusable",
    "GTK 4 has no setting for a window that refuses the keyboard focus (GTK 3's accept-focus is gone)",
  ),
  request_user_attention: {
    args: z.object({ label: z.string(), value: attention }),
    run: (ctx) =>
      setState(
        ctx,
        "_NET_WM_STATE_DEMANDS_ATTENTION",
        ctx.args.value !== null,
        "requestUserAttention",
      ),
  },
  set_title: {
    args: z.object({ label: z.string(), value: z.string() }),
    run: (ctx) => win(ctx).proxy.setTitle(ctx.args.value),
  },
  set_resizable: setFlag((w, on) => w.proxy.setResizable(on)),
  set_decorations: setFlag((w, on) => w.proxy.setDecorations(on)),
  set_always_on_top: setFlag((w, on) => w.proxy.setAlwaysOnTop(on)),
  set_always_on_bottom: setFlag((_w, on, ctx) =>
    setState(ctx, "_NET_WM_STATE_BELOW", on, "setAlwaysOnBottom")
  ),
  set_skip_taskbar: setFlag((_w, on, ctx) =>
    setState(ctx, "_NET_WM_STATE_SKIP_TASKBAR", on, "setSkipTaskbar")
  ),
  set_visible_on_all_workspaces: setFlag((_w, on, ctx) =>
    native(ctx, "tauriSetAllWorkspaces", [on])
  ),
  set_maximizable: setFlag((_w, on, ctx) => native(ctx, "tauriSetActions", [{ maximizable: on }])),
  set_minimizable: setFlag((_w, on, ctx) => native(ctx, "tauriSetActions", [{ minimizable: on }])),
  set_closable: setFlag((_w, on, ctx) => native(ctx, "tauriSetActions", [{ closable: on }])),
  set_enabled: setFlag((_w, on, ctx) => native(ctx, "tauriSetEnabled", [on])),
  set_fullscreen: setFlag((w, on) => w.proxy.setFullscreen(on)),
  // macOS's pre-Lion fullscreen; elsewhere Tauri makes it the ordinary fullscreen.
  set_simple_fullscreen: setFlag((w, on) => w.proxy.setFullscreen(on)),
  set_fullscreen_on_monitor: {
    args: z.object({
      label: z.string(),
      value: z.union([positionValue, z.object({ x: z.number(), y: z.number() })]),
    }),
    run: async (ctx) => {
      const w = win(ctx);
      const v = ctx.args.value;
      const p = "x" in v ? v : physicalPosition(v, await scale(w));
      const m = await monitors(ctx);
      const index = monitorAt(m.list, p.x, p.y);
      if (index < 0) return; // Tauri: no monitor holds the point, nothing happens
      if (await native(ctx, "tauriFullscreenOn", [index])) {
        if (!await settle(() => w.proxy.isFullscreen())) {
          throw new InvokeError(
            "setFullscreenOnMonitor: the window manager did not make the window fullscreen within 3000 ms",
          );
        }
      }
    },
  },

  // --- geometry ---
  set_size: {
    args: z.object({ label: z.string(), value: sizeValue }),
    run: async (ctx) => {
      const w = win(ctx);
      const s = logicalSize(ctx.args.value, await scale(w));
      await w.proxy.setSize(s.width, s.height);
    },
  },
  set_min_size: sizeLimit("setMinSize"),
  set_max_size: sizeLimit("setMaxSize"),
  set_size_constraints: {
    args: z.object({
      label: z.string(),
      value: z.object({
        minWidth: pixelValue.nullish(),
        minHeight: pixelValue.nullish(),
        maxWidth: pixelValue.nullish(),
        maxHeight: pixelValue.nullish(),
      }),
    }),
    run: async (ctx) => {
      const w = win(ctx);
      const f = await scale(w);
      const v = ctx.args.value;
      const px = (p: z.infer<typeof pixelValue> | null | undefined) =>
        p ? logicalPixel(p, f) : undefined;
      const [minW, minH, maxW, maxH] = [
        px(v.minWidth),
        px(v.minHeight),
        px(v.maxWidth),
        px(
          v.maxHeight,
        ),
      ];
      // Each bound is independent: an unset one is no limit (1 px below, 100 000 px above).
      if (minW === undefined && minH === undefined) await w.proxy.setMinSize(null);
      else await w.proxy.setMinSize(minW ?? 1, minH ?? 1);
      if (maxW === undefined && maxH === undefined) await w.proxy.setMaxSize(null);
      else await w.proxy.setMaxSize(maxW ?? 100_000, maxH ?? 100_000);
    },
  },
  set_position: {
    args: z.object({ label: z.string(), value: positionValue }),
    run: async (ctx) => {
      const w = win(ctx);
      const p = logicalPosition(ctx.args.value, await scale(w));
      await w.proxy.setPosition(p.x, p.y);
    },
  },
  start_dragging: { args: label, run: (ctx) => native(ctx, "tauriStartDragging", [null]) },
  start_resize_dragging: {
    args: z.object({
      label: z.string(),
      value: z.enum([
        "East",
        "North",
        "NorthEast",
        "NorthWest",
        "South",
        "SouthEast",
        "SouthWest",
        "West",
      ]),
    }),
    run: (ctx) => native(ctx, "tauriStartDragging", [ctx.args.value]),
  },
};
