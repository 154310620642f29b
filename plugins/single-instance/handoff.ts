/**
 * What a second launch handed over, inside this process: single-instance tells the app's other
 * plugins (deep-link reads URLs from the arguments), each app by its plugin host.
 * @module
 */

import type { PluginHost } from "../plugin.ts";

/** A second launch's arguments (its program first, as Tauri passes them) and working folder. */
export type SecondInstanceListener = (args: string[], cwd: string) => void;

const listeners = new WeakMap<PluginHost, Set<SecondInstanceListener>>();

/** Hears every second launch of the app behind `host`; returns the function that stops it. */
export function onSecondInstance(host: PluginHost, fn: SecondInstanceListener): () => void {
  let set = listeners.get(host);
  if (!set) listeners.set(host, set = new Set());
  set.add(fn);
  return () => set.delete(fn);
}

/** Tells everyone listening for `host`'s app (each failure is logged, none stops the others). */
export function secondInstance(host: PluginHost, args: string[], cwd: string): void {
  for (const fn of [...listeners.get(host) ?? []]) {
    try {
      fn(args, cwd);
    } catch (e) {
      console.error("panes: a second-instance listener failed:", e);
    }
  }
}
