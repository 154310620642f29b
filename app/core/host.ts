/**
 * What Tauri's core plugins see of the app. They are panes' own code over the app's windows,
 * menus and tray, so they get more than a plugin's `PluginHost`: the app itself. The link is kept
 * beside the `PluginHost` (not on it) so the public plugin interface stays as it is.
 * @module
 */

import type { App } from "../app.ts";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { PluginHost } from "../../plugins/plugin.ts";
import type { WindowHandle } from "../window.ts";
import type { TauriWindowEvents } from "./window/events.ts";

/** The app as the core plugins use it. */
export interface CoreHost {
  /** The app. */
  readonly app: App;
  /** The app's name (`AppOptions.name`, else its identifier). */
  readonly name: string;
  /** The app's version (`AppOptions.version`, else "0.0.0"). */
  readonly version: string;
  /** Tauri's window events, sent to the page listeners that hear them. */
  readonly windowEvents: TauriWindowEvents;
  /** Runs a native op on the window `label` (ops beyond the WindowProxy: ffi/ui/tauri_window_ops.ts). */
  nativeCall(label: string, op: string, args: unknown[]): Promise<unknown>;
}

const hosts = new WeakMap<PluginHost, CoreHost>();

/** Ties the app's core host to the plugin host its plugin commands receive. */
export function bindCoreHost(host: PluginHost, core: CoreHost): void {
  hosts.set(host, core);
}

/** The core host behind a plugin host (a core plugin command's `ctx.host`). */
export function coreHost(host: PluginHost): CoreHost {
  const core = hosts.get(host);
  if (!core) throw new Error("panes: a core plugin ran outside an app");
  return core;
}

/** The open window `label` (its handle), or an error Tauri's frontends can show. */
export function windowOf(host: PluginHost, label: string): WindowHandle {
  const w = coreHost(host).app.window(label);
  if (!w) throw new InvokeError(`window not found: ${label}`);
  return w;
}
