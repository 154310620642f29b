/**
 * Tauri's dpi values as `@tauri-apps/api/dpi` serialises them (`{ Logical: { width, height } }`,
 * `{ Physical: { x, y } }`, `{ Logical: 300 }`) and the conversions to panes' logical pixels
 * (what the WindowProxy takes) and back to the physical pixels Tauri's getters answer.
 * @module
 */

import { z } from "zod";

const wh = z.object({ width: z.number().finite(), height: z.number().finite() });
const xy = z.object({ x: z.number().finite(), y: z.number().finite() });

/** `tauri::Size`: logical or physical. */
export const sizeValue = z.union([
  z.object({ Logical: wh }).strict(),
  z.object({ Physical: wh }).strict(),
]);
/** `tauri::Position`: logical or physical. */
export const positionValue = z.union([
  z.object({ Logical: xy }).strict(),
  z.object({ Physical: xy }).strict(),
]);
/** `tauri::Pixel` (one length): logical or physical. */
export const pixelValue = z.union([
  z.object({ Logical: z.number().finite() }).strict(),
  z.object({ Physical: z.number().finite() }).strict(),
]);

/** A size in whole logical pixels (what the WindowProxy takes). */
export function logicalSize(v: z.infer<typeof sizeValue>, scale: number) {
  const s = "Logical" in v
    ? v.Logical
    : { width: v.Physical.width / scale, height: v.Physical.height / scale };
  return { width: Math.round(s.width), height: Math.round(s.height) };
}

/** A position in whole logical pixels. */
export function logicalPosition(v: z.infer<typeof positionValue>, scale: number) {
  const p = "Logical" in v ? v.Logical : { x: v.Physical.x / scale, y: v.Physical.y / scale };
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

/** A position in whole physical pixels. */
export function physicalPosition(v: z.infer<typeof positionValue>, scale: number) {
  const p = "Physical" in v ? v.Physical : { x: v.Logical.x * scale, y: v.Logical.y * scale };
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

/** One length in whole logical pixels. */
export function logicalPixel(v: z.infer<typeof pixelValue>, scale: number): number {
  return Math.round("Logical" in v ? v.Logical : v.Physical / scale);
}

/** Tauri's PhysicalSize from panes' logical one. */
export function toPhysicalSize(s: { width: number; height: number }, scale: number) {
  return { width: Math.round(s.width * scale), height: Math.round(s.height * scale) };
}

/** Tauri's PhysicalPosition from panes' logical one. */
export function toPhysicalPosition(p: { x: number; y: number }, scale: number) {
  return { x: Math.round(p.x * scale), y: Math.round(p.y * scale) };
}

/** Tauri's `Color`: `[r, g, b]`, `[r, g, b, a]`, `{ red, green, blue, alpha }` or a hex string. */
export const colorValue = z.union([
  z.string(),
  z.array(z.number().int().min(0).max(255)).min(3).max(4),
  z.object({
    red: z.number().int().min(0).max(255),
    green: z.number().int().min(0).max(255),
    blue: z.number().int().min(0).max(255),
    alpha: z.number().int().min(0).max(255),
  }),
]);

/** A Tauri colour as CSS hex (`#rrggbbaa`), the form panes' background colour takes. */
export function hexColor(v: z.infer<typeof colorValue>): string {
  if (typeof v === "string") return v.startsWith("#") ? v : `#${v}`;
  const c = Array.isArray(v) ? v : [v.red, v.green, v.blue, v.alpha];
  return "#" +
    [...c, ...(c.length === 3 ? [255] : [])].map((n) => n.toString(16).padStart(2, "0")).join("");
}
