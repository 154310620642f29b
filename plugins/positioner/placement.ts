/**
 * Where each of Tauri's positioner positions puts a window: the monitor it is on, its outer size,
 * and (for the tray positions) the tray icon's rectangle. Pure arithmetic, in screen pixels.
 * @module
 */

import type { MonitorArea, NativeSize } from "../native.ts";

/** Tauri's `Position` numbers, as `@tauri-apps/plugin-positioner` sends them. */
export const POSITIONS = [
  "TopLeft",
  "TopRight",
  "BottomLeft",
  "BottomRight",
  "TopCenter",
  "BottomCenter",
  "LeftCenter",
  "RightCenter",
  "Center",
  "TrayLeft",
  "TrayBottomLeft",
  "TrayRight",
  "TrayBottomRight",
  "TrayCenter",
  "TrayBottomCenter",
] as const;

/** One position's name. */
export type PositionName = typeof POSITIONS[number];

/** The tray icon's place and size (from its last event). */
export interface TrayRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The outer corner for `position`; tray positions need `tray` (the caller checks). */
export function placement(
  position: PositionName,
  screen: MonitorArea,
  win: NativeSize,
  tray?: TrayRect,
): { x: number; y: number } {
  const right = screen.x + screen.width - win.width;
  const bottom = screen.y + screen.height - win.height;
  const centerX = screen.x + Math.floor(screen.width / 2) - Math.floor(win.width / 2);
  const centerY = screen.y + Math.floor(screen.height / 2) - Math.floor(win.height / 2);
  switch (position) {
    case "TopLeft":
      return { x: screen.x, y: screen.y };
    case "TopRight":
      return { x: right, y: screen.y };
    case "BottomLeft":
      return { x: screen.x, y: bottom };
    case "BottomRight":
      return { x: right, y: bottom };
    case "TopCenter":
      return { x: centerX, y: screen.y };
    case "BottomCenter":
      return { x: centerX, y: bottom };
    case "LeftCenter":
      return { x: screen.x, y: centerY };
    case "RightCenter":
      return { x: right, y: centerY };
    case "Center":
      return { x: centerX, y: centerY };
  }
  const t = tray!;
  const trayCenterX = t.x + Math.floor(t.width / 2) - Math.floor(win.width / 2);
  // Above the icon (a bottom panel); below it when there is no room above (a top panel).
  const above = t.y - win.height < screen.y ? t.y + t.height : t.y - win.height;
  switch (position) {
    case "TrayLeft":
      return { x: t.x, y: above };
    case "TrayBottomLeft":
      return { x: t.x, y: t.y };
    case "TrayRight":
      return { x: t.x + t.width, y: above };
    case "TrayBottomRight":
      return { x: t.x + t.width, y: t.y };
    case "TrayCenter":
      return { x: trayCenterX, y: above };
    case "TrayBottomCenter":
      return { x: trayCenterX, y: t.y };
  }
}

/** `p` moved the least so that the whole window is on `screen` (move_window_constrained). */
export function constrain(
  p: { x: number; y: number },
  screen: MonitorArea,
  win: NativeSize,
): { x: number; y: number } {
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, Math.max(lo, hi)));
  return {
    x: clamp(p.x, screen.x, screen.x + screen.width - win.width),
    y: clamp(p.y, screen.y, screen.y + screen.height - win.height),
  };
}

/** The monitor holding the window's center (else the one nearest to it). */
export function monitorOf(
  monitors: MonitorArea[],
  corner: { x: number; y: number },
  win: NativeSize,
): MonitorArea | undefined {
  const cx = corner.x + win.width / 2, cy = corner.y + win.height / 2;
  const distance = (m: MonitorArea) => {
    const dx = Math.max(m.x - cx, 0, cx - (m.x + m.width));
    const dy = Math.max(m.y - cy, 0, cy - (m.y + m.height));
    return dx * dx + dy * dy;
  };
  return [...monitors].sort((a, b) => distance(a) - distance(b))[0];
}
