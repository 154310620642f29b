/**
 * The window-state plugin's commands (`@tauri-apps/plugin-window-state`):
 * `save_window_state { flags }` records every open window, `restore_state { label, flags }`
 * applies the saved state to one, `filename` names the file. The file is JSON by label
 * (Tauri's fields: width, height, x, y, maximized, visible, decorated, fullscreen) in $APPDATA.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import { WindowProxy } from "../../app/window_proxy.ts";
import type { CommandTable, PluginCallContext, PluginHost, PluginWindow } from "../plugin.ts";
import { writeAtomic } from "../store/store_file.ts";

/** Tauri's `StateFlags`. */
export const StateFlags = {
  SIZE: 1,
  POSITION: 2,
  MAXIMIZED: 4,
  VISIBLE: 8,
  DECORATIONS: 16,
  FULLSCREEN: 32,
  ALL: 63,
} as const;

/** Tauri's default file name. */
export const STATE_FILENAME = ".window-state.json";

/** What is remembered of one window. */
export interface SavedWindowState {
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  maximized?: boolean;
  visible?: boolean;
  decorated?: boolean;
  fullscreen?: boolean;
}

const int = z.number().int();
const savedState = z.object({
  width: int.positive().optional(),
  height: int.positive().optional(),
  x: int.optional(),
  y: int.optional(),
  maximized: z.boolean().optional(),
  visible: z.boolean().optional(),
  decorated: z.boolean().optional(),
  fullscreen: z.boolean().optional(),
}).passthrough();
const stateFile = z.record(z.string(), savedState);

function statePath(host: PluginHost): string {
  return `${host.dirs.APPDATA}/${STATE_FILENAME}`;
}

/** The saved states by label; an empty map when there is no file yet. */
export async function readStates(host: PluginHost): Promise<Record<string, SavedWindowState>> {
  const path = statePath(host);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return {};
    throw new InvokeError(
      `cannot read ${path}: ${e instanceof Error ? e.message : e}`,
      undefined,
      "window-state",
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvokeError(`${path} is not JSON`, undefined, "window-state");
  }
  const r = stateFile.safeParse(parsed);
  if (!r.success) {
    throw new InvokeError(
      `${path} does not hold window states: ${r.error.issues[0]?.message}`,
      undefined,
      "window-state",
    );
  }
  return r.data;
}

interface Size {
  width: number;
  height: number;
}
interface Position {
  x: number;
  y: number;
}

/** Reads one window's state into `into`, for the fields `flags` names. */
async function capture(
  win: PluginWindow,
  flags: number,
  into: SavedWindowState,
): Promise<SavedWindowState> {
  const s = await win.nativeCall("windowState") as {
    innerSize: Size | null;
    outerPosition: Position | null;
    isMaximized: boolean;
    isVisible: boolean;
    isDecorated: boolean;
    isFullscreen: boolean;
  };
  // A maximized or fullscreen window keeps its normal size and place for when it leaves that state.
  const normal = !s.isMaximized && !s.isFullscreen;
  if (flags & StateFlags.SIZE && normal && s.innerSize) {
    into.width = s.innerSize.width;
    into.height = s.innerSize.height;
  }
  if (flags & StateFlags.POSITION && normal && s.outerPosition) {
    into.x = s.outerPosition.x;
    into.y = s.outerPosition.y;
  }
  if (flags & StateFlags.MAXIMIZED) into.maximized = s.isMaximized;
  if (flags & StateFlags.VISIBLE) into.visible = s.isVisible;
  if (flags & StateFlags.DECORATIONS) into.decorated = s.isDecorated;
  if (flags & StateFlags.FULLSCREEN) into.fullscreen = s.isFullscreen;
  return into;
}

/** Saves the state of the windows `labels` (all open ones by default). */
export async function saveStates(
  host: PluginHost,
  flags: number,
  labels: string[] = host.windows,
): Promise<void> {
  const states = await readStates(host);
  for (const label of labels) {
    const win = host.window(label);
    if (win) states[label] = await capture(win, flags, states[label] ?? {});
  }
  await writeAtomic(
    statePath(host),
    new TextEncoder().encode(JSON.stringify(states, null, 2) + "\n"),
  );
}

/** Applies the saved state of `win` (the fields `flags` names); false when none is saved. */
export async function restoreWindow(
  host: PluginHost,
  win: PluginWindow,
  flags: number,
): Promise<boolean> {
  const saved = (await readStates(host))[win.label];
  if (!saved) return false;
  const proxy = new WindowProxy((op, args) => win.nativeCall(op, args));
  if (flags & StateFlags.DECORATIONS && saved.decorated !== undefined) {
    await proxy.setDecorations(saved.decorated);
  }
  // Size and place first: a window restored maximized returns to them when unmaximized.
  if (saved.maximized || saved.fullscreen) {
    if (flags & StateFlags.MAXIMIZED && !saved.maximized) await proxy.unmaximize();
  } else {
    if (flags & StateFlags.FULLSCREEN && await proxy.isFullscreen()) {
      await proxy.setFullscreen(false);
    }
    if (flags & StateFlags.MAXIMIZED && await proxy.isMaximized()) await proxy.unmaximize();
  }
  if (flags & StateFlags.SIZE && saved.width && saved.height) {
    await proxy.setSize(saved.width, saved.height);
  }
  if (flags & StateFlags.POSITION && saved.x !== undefined && saved.y !== undefined) {
    await proxy.setPosition(saved.x, saved.y);
  }
  if (flags & StateFlags.MAXIMIZED && saved.maximized) await proxy.maximize();
  if (flags & StateFlags.FULLSCREEN && saved.fullscreen) await proxy.setFullscreen(true);
  if (flags & StateFlags.VISIBLE && saved.visible !== undefined) {
    await (saved.visible ? proxy.show() : proxy.hide());
  }
  return true;
}

const flagsArg = z.number().int().min(0).max(StateFlags.ALL).nullish();

/** The window-state plugin's commands. */
export const windowStateCommands: CommandTable = {
  save_window_state: {
    args: z.object({ flags: flagsArg }),
    run: async (ctx: PluginCallContext<{ flags?: number | null }>) => {
      await saveStates(ctx.host, ctx.args.flags ?? StateFlags.ALL);
      return null;
    },
  },
  restore_state: {
    args: z.object({ label: z.string().min(1), flags: flagsArg }),
    run: async (ctx: PluginCallContext<{ label: string; flags?: number | null }>) => {
      const win = ctx.host.window(ctx.args.label);
      if (!win) {
        throw new InvokeError(
          `restore_state: no open window labelled "${ctx.args.label}"`,
          undefined,
          "window-state",
        );
      }
      await restoreWindow(ctx.host, win, ctx.args.flags ?? StateFlags.ALL);
      return null;
    },
  },
  filename: { run: () => STATE_FILENAME },
};
