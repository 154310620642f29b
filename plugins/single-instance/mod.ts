/**
 * The single-instance plugin (Tauri's `tauri-plugin-single-instance`): a second launch of the same
 * app (same identifier, same user) hands its arguments and working folder to the running one and
 * exits; the running one hears them (a callback, the `single-instance://second-instance` event,
 * and deep-link). Host-side only: it has no commands.
 * @module
 */

import { definePlugin, type Plugin, type PluginHost } from "../plugin.ts";
import { privateSocketDir, socketName } from "./private_dir.ts";
import { handOver, InstanceListener } from "./instance_socket.ts";
import { secondInstance } from "./handoff.ts";

/** The event the app and its pages hear, with `{ args, cwd }`. */
export const SECOND_INSTANCE_EVENT = "single-instance://second-instance";

/** Options of {@linkcode createSingleInstancePlugin}. */
export interface SingleInstanceOptions {
  /**
   * Runs in the first instance for each later launch: its arguments (its program first, as
   * Tauri passes `argv`) and its working folder.
   */
  onSecondInstance?: (args: string[], cwd: string) => void;
}

/** This launch's program and arguments, as Tauri's `argv`. */
function ownArgs(): string[] {
  let program = Deno.execPath();
  try {
    const main = new URL(Deno.mainModule);
    // A `deno run` script is the program; in a compiled binary the main module is not a file.
    if (main.protocol === "file:" && Deno.statSync(main).isFile) program = main.pathname;
  } catch { /* no main module, or not readable: the executable */ }
  return [program, ...Deno.args];
}

const listeners = new WeakMap<PluginHost, InstanceListener>();

/**
 * A single-instance plugin with a callback (the plugin `"single-instance"` by name has none).
 *
 * @example
 * ```ts
 * import { App } from "@panes/panes";
 * import { createSingleInstancePlugin } from "@panes/panes/plugins";
 *
 * await using app = new App({
 *   identifier: "com.example.notes",
 *   plugins: [createSingleInstancePlugin({
 *     onSecondInstance: (args, cwd) => console.log("launched again with", args, "in", cwd),
 *   })],
 * });
 * ```
 */
export function createSingleInstancePlugin(options: SingleInstanceOptions = {}): Plugin {
  return definePlugin({
    name: "single-instance",
    description: "Hand a second launch of the app over to the running instance.",
    commands: {},
    permissions: {
      default: { description: "No commands: the plugin works in the host.", permissions: [] },
    },
    async setup(host) {
      const dir = await privateSocketDir();
      const path = `${dir}/${socketName(host.identifier)}`;
      if (new TextEncoder().encode(path).length > 107) {
        throw new Error(`single-instance: the socket path is too long for a Unix socket: ${path}`);
      }
      const me = { args: ownArgs(), cwd: Deno.cwd() };
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await handOver(path, me)) Deno.exit(0); // the running instance has it: as Tauri, leave
        const listener = await InstanceListener.listen(path);
        if (!listener) continue; // another launch began listening first: hand over to it
        listeners.set(host, listener);
        listener.serve(({ args, cwd }) => {
          try {
            options.onSecondInstance?.(args, cwd);
          } catch (e) {
            console.error("panes: single-instance: onSecondInstance failed:", e);
          }
          secondInstance(host, args, cwd);
          host.emit(SECOND_INSTANCE_EVENT, { args, cwd });
        });
        return;
      }
      throw new Error(`single-instance: cannot listen at ${path} nor reach the instance there`);
    },
    async teardown(host) {
      await listeners.get(host)?.close();
      listeners.delete(host);
    },
  });
}

/** The single-instance plugin by name: the running instance hears later launches as an event. */
export const singleInstancePlugin: Plugin = createSingleInstancePlugin();
