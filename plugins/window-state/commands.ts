/**
 * The window-state plugin's commands (`@tauri-apps/plugin-window-state`):
 * `save_window_state { flags }` records every open window, `restore_state { label, flags }`
 * applies the saved state to one, `filename` names the file. The file is JSON by label
 * (Tauri's fields: width, height, x, y, maximized, visible, decorated, fullscreen) in $APPDATA.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
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

/** The fields of a window's native state (`WindowProxy.state()`) that are remembered. */
interface NativeState {
  innerSize?: Size | null;
  /** The size when neither maximized nor fullscreen. */
  normalSize?: Size | null;
  outerPosition?: Position | null;
  isMaximized?: boolean;
  isMinimized?: boolean;
  isVisible?: boolean;
  isDecorated?: boolean;
  isFullscreen?: boolean;
}

/** Copies the fields `flags` names from a native state into `into`. */
function capture(s: NativeState, flags: number, into: SavedWindowState): SavedWindowState {
  // A maximized, minimized or fullscreen window: its normal size is kept, its place is not known.
  const normal = !s.isMaximized && !s.isFullscreen && !s.isMinimized;
  const size = normal ? s.innerSize : s.normalSize;
  if (flags & StateFlags.SIZE && size) {
    into.width = size.width;
    into.height = size.height;
  }
  if (flags & StateFlags.POSITION && normal && s.outerPosition) {
    into.x = s.outerPosition.x;
    into.y = s.outerPosition.y;
  }
  if (flags & StateFlags.MAXIMIZED && s.isMaximized !== undefined) into.maximized = s.isMaximized;
  if (flags & StateFlags.VISIBLE && s.isVisible !== undefined) into.visible = s.isVisible;
  if (flags & StateFlags.DECORATIONS && s.isDecorated !== undefined) {
    into.decorated = s.isDecorated;
  }
  if (flags & StateFlags.FULLSCREEN && s.isFullscreen !== undefined) {
    into.fullscreen = s.isFullscreen;
  }
  return into;
}

// One read-modify-write of the file at a time: windows closing together must not undo each other.
let writing: Promise<unknown> = Promise.resolve();

/** Runs `fn` after every save started before it. */
function queued<T>(fn: () => Promise<T>): Promise<T> {
  const run = writing.then(fn);
  writing = run.catch(() => {});
  return run;
}

/** Updates the saved states: `update` gets them by label and changes them in place. */
function updateStates(
  host: PluginHost,
  update: (states: Record<string, SavedWindowState>) => Promise<void> | void,
): Promise<void> {
  return queued(async () => {
    const states = await readStates(host);
    await update(states);
    await writeAtomic(
      statePath(host),
      new TextEncoder().encode(JSON.stringify(states, null, 2) + "\n"),
    );
  });
}

/** Saves the state of the windows `labels` (all open ones by default). */
export function saveStates(
  host: PluginHost,
  flags: number,
  labels: string[] = host.windows,
): Promise<void> {
  return updateStates(host, async (states) => {
    for (const label of labels) {
      const win = host.window(label);
      if (!win) continue;
      const native = {
        ...await win.nativeCall("windowState", []),
        normalSize: await win.nativeCall("normalSize", []),
      };
      states[label] = capture(native, flags, states[label] ?? {});
    }
  });
}

/** Saves a closing window's last native state under its label. */
export function saveClosedState(
  host: PluginHost,
  label: string,
  native: Readonly<Record<string, unknown>>,
  flags: number,
): Promise<void> {
  return updateStates(host, (states) => {
    states[label] = capture(native as NativeState, flags, states[label] ?? {});
  });
}

/** Applies the saved state of `win` (the fields `flags` names); false when none is saved. */
export async function restoreWindow(
  host: PluginHost,
  win: PluginWindow,
  flags: number,
): Promise<boolean> {
  // Read behind any save still being written (a window closed and reopened at once).
  const saved = (await queued(() => readStates(host)))[win.label];
  if (!saved) return false;
  const proxy = win.control;
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
  if (
    flags & StateFlags.POSITION && saved.x !== undefined && saved.y !== undefined &&
    await onSomeMonitor(win, saved)
  ) {
    await proxy.setPosition(saved.x, saved.y);
  }
  if (flags & StateFlags.MAXIMIZED && saved.maximized) await proxy.maximize();
  if (flags & StateFlags.FULLSCREEN && saved.fullscreen) await proxy.setFullscreen(true);
  // As in Tauri: a window saved visible is shown; one saved hidden is left as the app made it.
  if (flags & StateFlags.VISIBLE && saved.visible) await proxy.show();
  return true;
}

/**
 * Whether the saved place is on a monitor that exists now (as in Tauri: a window saved on a
 * screen since unplugged opens where the window manager puts it, not off-screen).
 */
export async function onSomeMonitor(win: PluginWindow, saved: SavedWindowState): Promise<boolean> {
  let monitors: Array<{ x: number; y: number; width: number; height: number }>;
  try {
    monitors = await win.nativeCall("monitors", []);
  } catch {
    return true; // cannot tell (no native side): keep the saved place
  }
  const x = saved.x!, y = saved.y!, w = saved.width ?? 1, h = saved.height ?? 1;
  return monitors.some((m) =>
    x < m.x + m.width && m.x < x + w && y < m.y + m.height && m.y < y + h
  );
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
