/**
 * What the window plugin's command groups share: Tauri's `{ label, value }` argument shapes, the
 * window a command names, its native ops, the monitors, and waiting for the window manager.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../../bridge/invoke_error.ts";
import type { CommandTable, PluginCallContext } from "../../../plugins/plugin.ts";
import type { WindowHandle } from "../../window.ts";
import { coreHost, windowOf } from "../host.ts";

/** A command's context. */
export type Ctx<A> = PluginCallContext<A>;

/** `{ label }`: the window a command acts on. */
export const label = z.object({ label: z.string() });
/** `{ label, value }` with a boolean value. */
export const flag = z.object({ label: z.string(), value: z.boolean() });

/** The window the command names. */
export function win(ctx: Ctx<{ label: string }>): WindowHandle {
  return windowOf(ctx.host, ctx.args.label);
}

/** Runs a UI-thread op on the window the command names. */
export function native(
  ctx: Ctx<{ label: string }>,
  op: string,
  args: unknown[] = [],
): Promise<unknown> {
  return coreHost(ctx.host).nativeCall(ctx.args.label, op, args);
}

/** The window's scale factor. */
export async function scale(w: WindowHandle): Promise<number> {
  return await w.proxy.scaleFactor();
}

/** A getter of the window named by `label`. */
export function getter(read: (w: WindowHandle) => Promise<unknown>) {
  return { args: label, run: (ctx: Ctx<{ label: string }>) => read(win(ctx)) };
}

/** An action on the window named by `label`. */
export function action(act: (w: WindowHandle) => Promise<void>) {
  return {
    args: label,
    run: async (ctx: Ctx<{ label: string }>) => {
      await act(win(ctx));
    },
  };
}

/** A boolean setter (`{ label, value }`). */
export function setFlag(
  set: (w: WindowHandle, on: boolean, ctx: Ctx<{ label: string }>) => unknown,
) {
  return {
    args: flag,
    run: async (ctx: Ctx<{ label: string; value: boolean }>) => {
      await set(win(ctx), ctx.args.value, ctx);
    },
  };
}

// --- monitors --------------------------------------------------------------------------------

/** A monitor as Tauri describes it (physical pixels). */
export interface MonitorInfo {
  name: string | null;
  size: { width: number; height: number };
  position: { x: number; y: number };
  workArea: { size: { width: number; height: number }; position: { x: number; y: number } };
  scaleFactor: number;
}
/** The monitors, and which are the window's and the primary one (-1: none). */
export interface Monitors {
  list: MonitorInfo[];
  current: number;
  primary: number;
}

/** The monitors as the caller's window sees them (Tauri's monitor commands take no label). */
export function monitors(ctx: Ctx<unknown>): Promise<Monitors> {
  return coreHost(ctx.host).nativeCall(ctx.window.label, "tauriMonitors", []) as Promise<
    Monitors
  >;
}

/** The index of the monitor holding (x, y), or -1. */
export function monitorAt(list: MonitorInfo[], x: number, y: number): number {
  return list.findIndex((m) =>
    x >= m.position.x && y >= m.position.y && x < m.position.x + m.size.width &&
    y < m.position.y + m.size.height
  );
}

/** The page's theme (`light`/`dark`). */
export const theme = (w: WindowHandle) =>
  w.evalJs<string | null>("document.documentElement.dataset.theme || null");

/** Polls until `ok`; false after 3 s (window-manager actions land asynchronously). */
export async function settle(read: () => Promise<boolean>): Promise<boolean> {
  const end = Date.now() + 3000;
  while (Date.now() < end) {
    if (await read()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/** Asks the window manager for an EWMH state; resolves once the window has it. */
export async function setState(
  ctx: Ctx<{ label: string }>,
  name: string,
  on: boolean,
  what: string,
) {
  const observable = await native(ctx, "tauriSetState", [name, on, what]);
  // The window manager sets the state a moment later: answer once the window has it.
  if (observable) await settle(async () => await native(ctx, "tauriHasState", [name]) === on);
}

/**
 * The window system's refusals (no window manager, not X11, a bad value) are the page's to see:
 * they go out as InvokeErrors with their own words, not as internal errors.
 */
export function pageErrors(table: CommandTable): CommandTable {
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
