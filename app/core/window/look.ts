/**
 * The window plugin's look and the pointer: background, theme, icon, cursor, click-through, the
 * taskbar's badge and progress (app-wide on Linux), and windows made by the page.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../../bridge/invoke_error.ts";
import type { CommandTable } from "../../../plugins/plugin.ts";
import type { WindowHandle } from "../../window.ts";
import { unsupported } from "../define.ts";
import { coreHost } from "../host.ts";
import { colorValue, hexColor, physicalPosition, positionValue } from "./dpi.ts";
import { createWindow } from "./create.ts";
import { cursorCss, type CursorState } from "./cursor.ts";
import { launcherUpdate } from "./launcher.ts";
import { native, scale, setFlag, theme, win } from "./common.ts";

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

const progressState = z.object({
  status: z.enum(["none", "normal", "indeterminate", "paused", "error"]).nullish(),
  progress: z.number().min(0).max(100).nullish(),
});

/** The look, pointer and taskbar commands of the window plugin. */
export const lookCommands: CommandTable = {
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
};
