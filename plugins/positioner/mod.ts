/**
 * The positioner plugin (`@tauri-apps/plugin-positioner`): moves the calling window to a well-known
 * place on its monitor, or next to the tray icon once a tray event told where that is.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import {
  definePlugin,
  pageCall,
  type Plugin,
  type PluginCallContext,
  type PluginHost,
} from "../plugin.ts";
import { constrain, monitorOf, placement, POSITIONS, type TrayRect } from "./placement.ts";
import { installPositionerApi } from "./page.ts";

const xy = z.object({ x: z.number(), y: z.number() });
const wh = z.object({ width: z.number().nonnegative(), height: z.number().nonnegative() });
/** A position or size as `@tauri-apps/api` serialises it: plain, or tagged Physical / Logical. */
const point = z.union([xy, z.object({ Physical: xy }), z.object({ Logical: xy })]);
const extent = z.union([wh, z.object({ Physical: wh }), z.object({ Logical: wh })]);

const untag = <T>(v: T | { Physical: T } | { Logical: T }): T =>
  typeof v === "object" && v !== null && "Physical" in v
    ? v.Physical
    : typeof v === "object" && v !== null && "Logical" in v
    ? v.Logical
    : v as T;

const positionArgs = z.object({ position: z.number().int() });
const trayArgs = z.object({ position: point, size: extent });

/** Each app's last known tray icon rectangle. */
const trays = new WeakMap<PluginHost, TrayRect>();

function fail(message: string): InvokeError {
  return new InvokeError(`positioner: ${message}`, undefined, "positioner");
}

async function move(
  ctx: PluginCallContext<{ position: number }>,
  constrained: boolean,
): Promise<null> {
  const name = POSITIONS[ctx.args.position];
  if (name === undefined) {
    throw fail(
      `unknown position ${ctx.args.position} (0–${POSITIONS.length - 1}: ${POSITIONS.join(", ")})`,
    );
  }
  const tray = trays.get(ctx.host);
  if (name.startsWith("Tray") && !tray) {
    throw fail(
      `${name}: the tray icon's position is unknown (pass a tray event to handleIconState first)`,
    );
  }
  const control = ctx.window.control;
  const [size, corner, monitors] = await Promise.all([
    control.outerSize(),
    control.outerPosition(),
    ctx.window.nativeCall("monitors", []),
  ]);
  const screen = monitorOf(monitors, corner, size);
  if (!screen) throw fail("no monitor found");
  let to = placement(name, screen, size, tray);
  if (constrained) to = constrain(to, screen, size);
  try {
    await control.setPosition(Math.round(to.x), Math.round(to.y));
  } catch (e) {
    // Wayland forbids placing windows; say so rather than "internal error".
    throw fail(`${name}: ${e instanceof Error ? e.message : e}`);
  }
  return null;
}

/** The positioner plugin. */
export const positionerPlugin: Plugin = definePlugin({
  name: "positioner",
  description: "Move windows to well-known places on the screen or next to the tray icon.",
  commands: {
    move_window: { args: positionArgs, run: (ctx) => move(ctx, false) },
    move_window_constrained: { args: positionArgs, run: (ctx) => move(ctx, true) },
    set_tray_icon_state: {
      args: trayArgs,
      run: (ctx: PluginCallContext<z.infer<typeof trayArgs>>) => {
        const p = untag(ctx.args.position), s = untag(ctx.args.size);
        trays.set(ctx.host, { x: p.x, y: p.y, width: s.width, height: s.height });
        return null;
      },
    },
  },
  permissions: {
    default: {
      description: "Allows the move_window command",
      permissions: ["allow-move-window", "allow-set-tray-icon-state"],
    },
  },
  pageScript: () => pageCall(installPositionerApi, null),
  // The app's own tray icon: a click tells where it is (the tray host gives a point, no size).
  setup(host) {
    stops.set(
      host,
      host.on("tray:click", (data) => {
        const d = data as { x?: unknown; y?: unknown };
        if (typeof d?.x !== "number" || typeof d?.y !== "number") return;
        trays.set(host, { x: d.x, y: d.y, width: 0, height: 0 });
      }),
    );
  },
  teardown(host) {
    stops.get(host)?.();
    stops.delete(host);
    trays.delete(host);
  },
});

const stops = new WeakMap<PluginHost, () => void>();
