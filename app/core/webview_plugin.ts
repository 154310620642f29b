/**
 * Tauri's core `webview` plugin (`@tauri-apps/api/webview` and `webviewWindow`): windows made by
 * a page (`new WebviewWindow`), the list of webviews, and each webview's zoom, background colour,
 * focus, visibility, size, browsing data, printing and inspector. In panes every window holds
 * exactly one webview with the window's label, filling it: a second webview in a window
 * (`create_webview`), moving one to another window (`reparent`) and placing one inside its window
 * (`set_webview_position`) reject as unsupported.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { PluginCallContext, PluginHost, PluginWindow } from "../../plugins/plugin.ts";
import type { Plugin } from "../../plugins/plugin.ts";
import type { WindowHandle } from "../window.ts";
import { defineCorePlugin, unsupported } from "./define.ts";
import { coreHost } from "./host.ts";
import {
  colorSchema,
  colorToHex,
  createWebviewWindow,
  windowConfigSchema,
} from "./webview_window.ts";

const target = z.object({ label: z.string().nullish() });
const withValue = <T extends z.ZodType>(value: T) =>
  z.object({ label: z.string().nullish(), value });

/** Tauri's `Size`/`Position` as the guest serialises them: `{ Logical: {…} }` or `{ Physical: {…} }`. */
const sizeSchema = z.union([
  z.object({ Logical: z.object({ width: z.number().positive(), height: z.number().positive() }) }),
  z.object({ Physical: z.object({ width: z.number().positive(), height: z.number().positive() }) }),
]);

type Target = { label?: string | null };

/** The webview a command is for: `label`, else the caller's own (Tauri's `get_webview`). */
function webviewOf(ctx: PluginCallContext<Target>): { handle: WindowHandle; native: PluginWindow } {
  const label = ctx.args.label || ctx.window.label;
  const handle = coreHost(ctx.host).app.window(label);
  const native = ctx.host.window(label);
  if (!handle || !native) throw new InvokeError("webview not found");
  return { handle, native };
}

/** A webview window's one webview, as `get_all_webviews` lists it. */
function webviewsOf(host: PluginHost): { windowLabel: string; label: string }[] {
  return coreHost(host).app.windows.map((label) => ({ windowLabel: label, label }));
}

/** The webview plugin. */
export const webviewPlugin: Plugin = defineCorePlugin("webview", {
  create_webview_window: {
    args: z.object({ options: windowConfigSchema }),
    // The window's page may take its time (a remote site): no command time limit, the app's
    // readyTimeoutMs bounds it.
    unbounded: true,
    run: ({ args, host }) => createWebviewWindow(coreHost(host).app, args.options),
  },
  create_webview: unsupported(
    "create_webview",
    "a panes window holds exactly one webview (Tauri's multiwebview is an unstable feature); open a window with new WebviewWindow instead",
  ),
  reparent: unsupported(
    "reparent",
    "a panes window holds exactly one webview, which cannot move to another window",
  ),
  get_all_webviews: { run: ({ host }) => webviewsOf(host) },
  // The one webview fills its window: at (0, 0), the size of the window's content area.
  webview_position: {
    args: target,
    run: (ctx) => {
      webviewOf(ctx);
      return { x: 0, y: 0 };
    },
  },
  webview_size: {
    args: target,
    run: async (ctx) => {
      const proxy = webviewOf(ctx).handle.proxy;
      const [size, scale] = await Promise.all([proxy.innerSize(), proxy.scaleFactor()]);
      return { width: Math.round(size.width * scale), height: Math.round(size.height * scale) };
    },
  },
  set_webview_size: {
    args: withValue(sizeSchema),
    // The webview fills its window, so its size is the window's content size.
    run: async (ctx) => {
      const proxy = webviewOf(ctx).handle.proxy;
      const v = ctx.args.value;
      const scale = "Physical" in v ? await proxy.scaleFactor() : 1;
      const s = "Physical" in v ? v.Physical : v.Logical;
      await proxy.setSize(
        Math.max(1, Math.round(s.width / scale)),
        Math.max(1, Math.round(s.height / scale)),
      );
    },
  },
  set_webview_position: unsupported(
    "set_webview_position",
    "a panes webview fills its window; move the window instead (setPosition of the window)",
  ),
  set_webview_auto_resize: {
    args: withValue(z.boolean()),
    run: (ctx) => {
      webviewOf(ctx);
      // It always follows its window's size: true is what it does, false cannot be had.
      if (!ctx.args.value) {
        throw new InvokeError(
          `set_webview_auto_resize(false) is unsupported on this platform (${Deno.build.os}): a panes webview always fills its window`,
          undefined,
          "unsupported",
        );
      }
    },
  },
  set_webview_focus: {
    args: target,
    run: (ctx) => webviewOf(ctx).native.nativeCall("webviewFocus", []),
  },
  webview_hide: {
    args: target,
    run: (ctx) => webviewOf(ctx).native.nativeCall("webviewSetVisible", [false]),
  },
  webview_show: {
    args: target,
    run: (ctx) => webviewOf(ctx).native.nativeCall("webviewSetVisible", [true]),
  },
  webview_close: {
    args: target,
    // Its window goes with it: a panes window has no life without its one webview.
    run: (ctx) => webviewOf(ctx).handle.proxy.close(),
  },
  set_webview_zoom: {
    args: withValue(z.number().positive().finite()),
    run: (ctx) => webviewOf(ctx).handle.proxy.setZoom(ctx.args.value),
  },
  set_webview_background_color: {
    args: withValue(colorSchema.nullish()),
    // null: Tauri's default, an opaque white page background.
    run: (ctx) =>
      webviewOf(ctx).handle.proxy.setBackgroundColor(
        ctx.args.value == null ? "#ffffffff" : colorToHex(ctx.args.value),
      ),
  },
  clear_all_browsing_data: {
    args: target,
    // WebKit's website data manager: cookies, caches, local storage, IndexedDB, service workers.
    run: (ctx) => webviewOf(ctx).native.nativeCall("clearBrowsingData", [], 30_000),
  },
  print: {
    args: target,
    // WebKit's print operation with GTK's print dialog; it opens once the call has returned.
    run: (ctx) => webviewOf(ctx).native.nativeCall("printPage", []),
  },
  internal_toggle_devtools: {
    args: target,
    run: async (ctx) => {
      const proxy = webviewOf(ctx).handle.proxy;
      // Tauri has this command in debug builds only: here, with AppOptions.debug only.
      if (!ctx.host.debug) {
        throw new InvokeError("the inspector is available with AppOptions.debug only");
      }
      if (await proxy.isDevtoolsOpen()) await proxy.closeDevtools();
      else await proxy.openDevtools();
    },
  },
});
