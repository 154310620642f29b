/**
 * The cursor Tauri's `setCursorIcon` and `setCursorVisible` ask for. WebKit sets the pointer's
 * cursor itself from the page's CSS each time the pointer moves, so a native cursor would be
 * undone at once: the window's cursor is a page-wide CSS rule instead, which WebKit then shows.
 * @module
 */

import { InvokeError } from "../../../bridge/invoke_error.ts";

/** Tauri's CursorIcon names. */
const ICONS = [
  "default",
  "crosshair",
  "hand",
  "arrow",
  "move",
  "text",
  "wait",
  "help",
  "progress",
  "notAllowed",
  "contextMenu",
  "cell",
  "verticalText",
  "alias",
  "copy",
  "noDrop",
  "grab",
  "grabbing",
  "allScroll",
  "zoomIn",
  "zoomOut",
  "eResize",
  "nResize",
  "neResize",
  "nwResize",
  "sResize",
  "seResize",
  "swResize",
  "wResize",
  "ewResize",
  "nsResize",
  "neswResize",
  "nwseResize",
  "colResize",
  "rowResize",
];

/** One window's cursor as the page asked for it. */
export interface CursorState {
  /** A Tauri CursorIcon name. */
  icon: string;
  /** Whether the cursor shows over the window. */
  visible: boolean;
}

/** The CSS cursor for a Tauri CursorIcon (`notAllowed` → `not-allowed`, `hand` → `pointer`). */
export function cssCursor(icon: string): string {
  if (!ICONS.includes(icon)) {
    throw new InvokeError(
      `unknown cursor icon ${JSON.stringify(icon)} (one of ${ICONS.join(", ")})`,
    );
  }
  if (icon === "hand") return "pointer";
  if (icon === "arrow") return "default";
  return icon.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The page-wide rule for `state`, or null when the page's own cursors apply. */
export function cursorCss(state: CursorState): string | null {
  const cursor = state.visible ? cssCursor(state.icon) : "none";
  if (state.visible && state.icon === "default") return null;
  return `html, html * { cursor: ${cursor} !important; }`;
}
