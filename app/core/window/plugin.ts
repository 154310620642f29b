/**
 * Tauri's core `window` plugin (`@tauri-apps/api/window`): every command with Tauri's argument
 * and return shapes, on top of the WindowProxy and the UI-thread ops in
 * `ffi/ui/tauri_window_ops.ts`. Getters answer physical pixels (Tauri's PhysicalSize and
 * PhysicalPosition); setters take Tauri's Logical/Physical values. What only other platforms
 * have rejects as unsupported, saying why.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../../bridge/invoke_error.ts";
import type {
  CommandTable,
  Plugin,
  PluginCallContext,
  PluginHost,
} from "../../../plugins/plugin.ts";
import type { WindowHandle } from "../../window.ts";
import { defineCorePlugin, unsupported } from "../define.ts";
import { coreHost, windowOf } from "../host.ts";
import {
  colorValue,
  hexColor,
  logicalPixel,
  logicalPosition,
  logicalSize,
  physicalPosition,
  pixelValue,
  positionValue,
  sizeValue,
  toPhysicalPosition,
  toPhysicalSize,
} from "./dpi.ts";
import { createWindow } from "./create.ts";
import { cursorCss, type CursorState } from "./cursor.ts";
import { launcherUpdate } from "./launcher.ts";

const label = z.object({ label: z.string() });
const flag = z.object({ label: z.string(), value: z.boolean() });
type Ctx<A> = PluginCallContext<A>;

function win(ctx: Ctx<{ label: string }>): WindowHandle {
  return windowOf(ctx.host, ctx.args.label);
}

function native(ctx: Ctx<{ label: string }>, op: string, args: unknown[] = []): Promise<unknown> {
  return coreHost(ctx.host).nativeCall(ctx.args.label, op, args);
}

async function scale(w: WindowHandle): Promise<number> {
  return await w.proxy.scaleFactor();
}

/** A getter of the window named by `label`. */
function getter(read: (w: WindowHandle) => Promise<unknown>) {
  return { args: label, run: (ctx: Ctx<{ label: string }>) => read(win(ctx)) };
}

/** An action on the window named by `label`. */
function action(act: (w: WindowHandle) => Promise<void>) {
  return {
    args: label,
    run: async (ctx: Ctx<{ label: string }>) => {
      await act(win(ctx));
    },
  };
}

/** A boolean setter (`{ label, value }`). */
function setFlag(set: (w: WindowHandle, on: boolean, ctx: Ctx<{ label: string }>) => unknown) {
  return {
    args: flag,
    run: async (ctx: Ctx<{ label: string; value: boolean }>) => {
      await set(win(ctx), ctx.args.value, ctx);
    },
  };
}

// --- monitors --------------------------------------------------------------------------------

interface MonitorInfo {
  name: string | null;
  size: { width: number; height: number };
  position: { x: number; y: number };
  workArea: { size: { width: number; height: number }; position: { x: number; y: number } };
  scaleFactor: number;
}
interface Monitors {
  list: MonitorInfo[];
  current: number;
  primary: number;
}

/** The monitors as the caller's window sees them (Tauri's monitor commands take no label). */
function monitors(ctx: Ctx<unknown>): Promise<Monitors> {
  return coreHost(ctx.host).nativeCall(ctx.window.label, "tauriMonitors", []) as Promise<
    Monitors
  >;
}

function monitorAt(list: MonitorInfo[], x: number, y: number): number {
  return list.findIndex((m) =>
    x >= m.position.x && y >= m.position.y && x < m.position.x + m.size.width &&
    y < m.position.y + m.size.height
  );
}

// --- state that is per window but not native ---------------------------------------------------

const cursors = new WeakMap<WindowHandle, CursorState>();
function cursorOf(w: WindowHandle): CursorState {
  let c = cursors.get(w);
  if (!c) cursors.set(w, c = { icon: "default", visible: true });
  return c;
}
function applyCursor(w: WindowHandle): void {
  const css = cursorCss(cursorOf(w));
  if (css) w.injectCss(css, "panes-tauri-cursor");
  else w.removeCss("panes-tauri-cursor");
}

const theme = (w: WindowHandle) =>
  w.evalJs<string | null>("document.documentElement.dataset.theme || null");

/** Polls until `ok`; false after 3 s (window-manager actions land asynchronously). */
async function settle(read: () => Promise<boolean>): Promise<boolean> {
  const end = Date.now() + 3000;
  while (Date.now() < end) {
    if (await read()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

async function setState(ctx: Ctx<{ label: string }>, name: string, on: boolean, what: string) {
  const observable = await native(ctx, "tauriSetState", [name, on, what]);
  // The window manager sets the state a moment later: answer once the window has it.
  if (observable) await settle(async () => await native(ctx, "tauriHasState", [name]) === on);
}

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

const progressState = z.object({
  status: z.enum(["none", "normal", "indeterminate", "paused", "error"]).nullish(),
  progress: z.number().min(0).max(100).nullish(),
});

/**
 * The window system's refusals (no window manager, not X11, a bad value) are the page's to see:
 * they go out as InvokeErrors with their own words, not as internal errors.
 */
function pageErrors(table: CommandTable): CommandTable {
  const out: CommandTable = {};
  for (const [name, c] of Object.entries(table)) {
    out[name] = {
      ...c,
      run: async (ctx) => {
        try {
          return await c.run(ctx);
        } catch (e) {
          if (e instanceof InvokeError || !(e instanceof Error)) throw e;
          const code = /is not possible here|not X11/.test(e.message)
            ? "unsupported"
            : "command-error";
          throw new InvokeError(e.message, undefined, code);
        }
      },
    };
  }
  return out;
}

/** The window plugin. */
export const windowPlugin: Plugin = defineCorePlugin(
  "window",
  pageErrors({
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
      run: async (ctx) =>
        (await native(ctx, "tauriActions") as { maximizable: boolean }).maximizable,
    },
    is_minimizable: {
      args: label,
      run: async (ctx) =>
        (await native(ctx, "tauriActions") as { minimizable: boolean }).minimizable,
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
    set_maximizable: setFlag((_w, on, ctx) =>
      native(ctx, "tauriSetActions", [{ maximizable: on }])
    ),
    set_minimizable: setFlag((_w, on, ctx) =>
      native(ctx, "tauriSetActions", [{ minimizable: on }])
    ),
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

    // --- look ---
    set_background_color: {
      args: z.object({ label: z.string(), value: colorValue.nullable() }),
      // None: back to WebKit's own white.
      run: (ctx) =>
        win(ctx).proxy.setBackgroundColor(
          ctx.args.value === null ? "#ffffffff" : hexColor(ctx.args.value),
        ),
    },
    set_theme: {
      args: z.object({ label: z.string(), value: z.enum(["light", "dark"]).nullable() }),
      // The page's theme (panes' `dark`/`light` class and color-scheme); null follows the system.
      run: async (ctx) => {
        const w = win(ctx);
        const before = await theme(w);
        w.emit("panes:update-theme", { theme: ctx.args.value ?? "system" });
        const after = await theme(w); // answered after the page applied the event (same queue)
        if (after !== before) {
          coreHost(ctx.host).windowEvents.emit(w.label, "tauri://theme-changed", after);
        }
      },
    },
    set_icon: {
      args: z.object({
        label: z.string(),
        // Bytes arrive as an array, or as JSON makes a Uint8Array: an object of index → byte.
        value: z.union([
          z.string(),
          z.number().int(),
          z.array(z.number().int().min(0).max(255)),
          z.instanceof(Uint8Array),
          z.record(z.string().regex(/^\d+$/), z.number().int().min(0).max(255)),
        ]),
      }),
      run: async (ctx) => {
        const v = ctx.args.value;
        let icon: { width: number; height: number; argb: Uint8Array };
        if (typeof v === "string") {
          // A file path, read here as Tauri's Rust side reads it (the page sees nothing of it).
          const { decodeIcon } = await import("../../../linux/dbus/icon.ts");
          let bytes: Uint8Array;
          try {
            bytes = await Deno.readFile(v);
          } catch (e) {
            throw new InvokeError(`cannot read the icon ${v}: ${(e as Error).message}`);
          }
          try {
            icon = decodeIcon(bytes);
          } catch (e) {
            throw new InvokeError((e as Error).message.replace("tray icon", "window icon"));
          }
        } else if (typeof v === "number") {
          // An Image of the image plugin: its RGBA pixels.
          const img = ctx.resources.get(
            v,
            (r): r is never =>
              r !== null && typeof r === "object" && "rgba" in r && "width" in r && "height" in r,
            "image",
          ) as unknown as { rgba: Uint8Array; width: number; height: number };
          const argb = new Uint8Array(img.rgba.length);
          for (let i = 0; i < argb.length; i += 4) {
            argb.set([img.rgba[i + 3], img.rgba[i], img.rgba[i + 1], img.rgba[i + 2]], i);
          }
          icon = { width: img.width, height: img.height, argb };
        } else {
          const { decodeIcon } = await import("../../../linux/dbus/icon.ts");
          const bytes = Array.isArray(v) || v instanceof Uint8Array
            ? new Uint8Array(v)
            : Uint8Array.from({ length: Object.keys(v).length }, (_, i) => v[String(i)] ?? 0);
          try {
            icon = decodeIcon(bytes);
          } catch (e) {
            throw new InvokeError((e as Error).message.replace("tray icon", "window icon"));
          }
        }
        await native(ctx, "tauriSetIcon", [icon.width, icon.height, icon.argb]);
      },
    },
    set_shadow: unsupported(
      "set_shadow",
      "the window manager draws the frame and its shadow on Linux; only Windows and macOS let an app choose",
    ),
    set_effects: unsupported(
      "set_effects",
      "window effects (mica, acrylic, vibrancy) exist on Windows and macOS only",
    ),
    set_content_protected: unsupported(
      "set_content_protected",
      "X11 and Wayland have no way to keep a window out of other clients' screen captures",
    ),
    set_title_bar_style: unsupported("set_title_bar_style", "title bar styles exist on macOS only"),
    set_overlay_icon: unsupported(
      "set_overlay_icon",
      "taskbar overlay icons exist on Windows only",
    ),

    // --- the pointer ---
    set_cursor_grab: setFlag((_w, on, ctx) => native(ctx, "tauriSetCursorGrab", [on])),
    set_cursor_visible: setFlag((w, on) => {
      cursorOf(w).visible = on;
      applyCursor(w);
    }),
    set_cursor_icon: {
      args: z.object({ label: z.string(), value: z.string() }),
      run: (ctx) => {
        const w = win(ctx);
        const before = cursorOf(w).icon;
        cursorOf(w).icon = ctx.args.value;
        try {
          applyCursor(w);
        } catch (e) {
          cursorOf(w).icon = before;
          throw e;
        }
      },
    },
    set_cursor_position: {
      args: z.object({ label: z.string(), value: positionValue }),
      run: async (ctx) => {
        const p = physicalPosition(ctx.args.value, await scale(win(ctx)));
        await native(ctx, "tauriSetCursorPosition", [p.x, p.y]);
      },
    },
    set_ignore_cursor_events: setFlag((_w, on, ctx) => native(ctx, "tauriSetIgnoreCursor", [on])),

    // --- the taskbar (app-wide on Linux, as in Tauri) ---
    set_badge_count: {
      // No count (or 0) removes the badge.
      args: z.object({ label: z.string(), value: z.number().int().min(0).nullish() }),
      run: (ctx) =>
        launcherUpdate(ctx.host.identifier, {
          count: { type: "x", value: ctx.args.value ?? 0 },
          "count-visible": { type: "b", value: (ctx.args.value ?? 0) > 0 },
        }),
    },
    set_badge_label: unsupported(
      "set_badge_label",
      "the Linux launcher API (com.canonical.Unity.LauncherEntry) shows a count, not a label; use setBadgeCount",
    ),
    set_progress_bar: {
      args: z.object({ label: z.string(), value: progressState }),
      run: (ctx) => {
        const { status, progress } = ctx.args.value;
        const props: Record<string, { type: string; value: unknown }> = {
          "progress-visible": { type: "b", value: status !== "none" && status !== undefined },
        };
        if (progress !== null && progress !== undefined) {
          props.progress = { type: "d", value: progress / 100 };
        }
        if (status === null || status === undefined) {
          props["progress-visible"].value = progress !== null && progress !== undefined;
        }
        props.urgent = { type: "b", value: status === "error" };
        return launcherUpdate(ctx.host.identifier, props);
      },
    },

    // --- windows made by the page ---
    create: {
      args: z.object({ options: z.record(z.string(), z.unknown()) }),
      run: (ctx) => createWindow(coreHost(ctx.host), ctx.args.options),
    },
  }),
);
