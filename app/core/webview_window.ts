/**
 * `plugin:webview|create_webview_window`: `new WebviewWindow(label, options)` from a page opens a
 * panes window. Tauri's `WindowConfig` options become `show()` options; the `url` is read as
 * Tauri reads it (`app/frontend_dist.ts`): a page of the frontend folder is app content, an
 * http(s) URL is remote content trusted only as far as capabilities naming its origin go.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { App } from "../app.ts";
import { pageWindowUrl, REMOTE_PAGE_WINDOW } from "../frontend_dist.ts";
import type { ShowOptions } from "../options.ts";
import { servedFilesOf } from "../served_files.ts";

/** Tauri's `Color`: `#rgb(a)`/`#rrggbb(aa)`, `[r, g, b(, a)]` or `{ red, green, blue, alpha }`. */
export const colorSchema = z.union([
  z.string(),
  z.array(z.number().int().min(0).max(255)).min(3).max(4),
  z.object({
    red: z.number().int().min(0).max(255),
    green: z.number().int().min(0).max(255),
    blue: z.number().int().min(0).max(255),
    alpha: z.number().int().min(0).max(255).optional(),
  }),
]);

/** A Tauri colour as the CSS hex `#rrggbbaa` panes' windows take. */
export function colorToHex(color: z.infer<typeof colorSchema>): string {
  if (typeof color === "string") {
    if (!/^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(color)) {
      throw new InvokeError(
        `invalid color ${JSON.stringify(color)} (expected #rrggbb or #rrggbbaa)`,
      );
    }
    return color;
  }
  const [r, g, b, a] = Array.isArray(color)
    ? [color[0], color[1], color[2], color[3] ?? 255]
    : [color.red, color.green, color.blue, color.alpha ?? 255];
  return "#" + [r, g, b, a].map((v) => v.toString(16).padStart(2, "0")).join("");
}

const dimension = z.number().positive().finite();

/** The part of Tauri's `WindowConfig` panes acts on; other keys are accepted and ignored. */
export const windowConfigSchema = z.looseObject({
  label: z.string(),
  url: z.string().nullish(),
  title: z.string().nullish(),
  width: dimension.nullish(),
  height: dimension.nullish(),
  x: z.number().finite().nullish(),
  y: z.number().finite().nullish(),
  center: z.boolean().nullish(),
  minWidth: dimension.nullish(),
  minHeight: dimension.nullish(),
  maxWidth: dimension.nullish(),
  maxHeight: dimension.nullish(),
  resizable: z.boolean().nullish(),
  fullscreen: z.boolean().nullish(),
  maximized: z.boolean().nullish(),
  visible: z.boolean().nullish(),
  decorations: z.boolean().nullish(),
  alwaysOnTop: z.boolean().nullish(),
  backgroundColor: colorSchema.nullish(),
  devtools: z.boolean().nullish(),
  dragDropEnabled: z.boolean().nullish(),
});

/** The options as Tauri's guest sends them. */
export type WindowConfig = z.infer<typeof windowConfigSchema>;

const px = (v: number) => Math.max(1, Math.round(v));

/** `show()` options for a page-made window (Tauri's defaults where panes' differ: 800×600). */
export function showOptionsOf(config: WindowConfig, remote: boolean): ShowOptions {
  const o: ShowOptions & Record<symbol, unknown> = { label: config.label };
  if (config.title != null) o.title = config.title;
  if (config.width != null) o.width = px(config.width);
  if (config.height != null) o.height = px(config.height);
  if (config.x != null) o.x = Math.round(config.x);
  if (config.y != null) o.y = Math.round(config.y);
  if (config.center != null) o.center = config.center;
  if (config.minWidth != null || config.minHeight != null) {
    o.minSize = { width: px(config.minWidth ?? 1), height: px(config.minHeight ?? 1) };
  }
  if (config.maxWidth != null || config.maxHeight != null) {
    o.maxSize = { width: px(config.maxWidth ?? 100_000), height: px(config.maxHeight ?? 100_000) };
  }
  for (const k of ["resizable", "fullscreen", "maximized", "visible", "decorations"] as const) {
    if (config[k] != null) o[k] = config[k];
  }
  if (config.alwaysOnTop != null) o.alwaysOnTop = config.alwaysOnTop;
  if (config.backgroundColor != null) o.backgroundColor = colorToHex(config.backgroundColor);
  if (config.devtools != null) o.devtools = config.devtools;
  if (config.dragDropEnabled != null) o.dragDropEnabled = config.dragDropEnabled;
  if (remote) o[REMOTE_PAGE_WINDOW] = true;
  return o;
}

/**
 * Opens the window a page asked for; resolves once its page's bridge is ready (so the creator's
 * `tauri://created` comes after the new window can answer). A label in use is Tauri's error.
 */
export async function createWebviewWindow(app: App, config: WindowConfig): Promise<void> {
  if (app.window(config.label)) {
    throw new InvokeError(`a window with label \`${config.label}\` already exists`);
  }
  const target = pageWindowUrl(config.url ?? undefined, servedFilesOf(app).dist);
  try {
    await app.show({ url: target.url }, showOptionsOf(config, target.remote));
  } catch (e) {
    if (e instanceof InvokeError) throw e;
    throw new InvokeError(`cannot create window "${config.label}": ${(e as Error).message}`);
  }
}
