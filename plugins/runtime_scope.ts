/**
 * Scopes granted while the app runs, app-wide, on top of what capabilities grant: a file or folder
 * the user picks in an open or save dialog becomes reachable by fs commands (as Tauri's dialog
 * adds picked paths to its fs scope). The persisted-scope plugin keeps them across restarts.
 * @module
 */

import type { PluginHost } from "./plugin.ts";

/** One run-time grant: a file, or a folder (its direct entries, or everything beneath). */
export interface RuntimeGrant {
  /** The canonical path (links resolved when it was granted). */
  path: string;
  /** `file`: that path only; `dir`: the folder and its entries. */
  kind: "file" | "dir";
  /** For a folder: everything beneath it, not only its direct entries. */
  recursive?: boolean;
}

/** The grants of one app, by the plugin whose scope they extend (`fs`). */
export class RuntimeScopes {
  #grants = new Map<string, RuntimeGrant[]>();
  #listeners = new Set<() => void | Promise<void>>();

  /** Adds `grant` to `plugin`'s scope (once) and tells the listeners (persisted-scope saves). */
  async allow(plugin: string, grant: RuntimeGrant): Promise<void> {
    const list = this.#grants.get(plugin) ?? [];
    const same = (g: RuntimeGrant) =>
      g.path === grant.path && g.kind === grant.kind && !!g.recursive === !!grant.recursive;
    if (list.some(same)) return;
    list.push({ ...grant });
    this.#grants.set(plugin, list);
    for (const fn of this.#listeners) {
      try {
        await fn();
      } catch (e) {
        // The grant holds for this run; only keeping it failed.
        console.error(`panes: saving the run-time scope of ${plugin} failed:`, e);
      }
    }
  }

  /** Every grant, by plugin (a copy). */
  all(): Record<string, RuntimeGrant[]> {
    return Object.fromEntries([...this.#grants].map(([k, v]) => [k, v.map((g) => ({ ...g }))]));
  }

  /** Whether a grant of `plugin` covers the canonical path `path`. */
  covers(plugin: string, path: string): boolean {
    return (this.#grants.get(plugin) ?? []).some((g) => {
      if (path === g.path) return true;
      if (g.kind !== "dir") return false;
      const prefix = g.path === "/" ? "/" : `${g.path}/`;
      if (!path.startsWith(prefix)) return false;
      return g.recursive || !path.slice(prefix.length).includes("/");
    });
  }

  /** Runs `fn` after every new grant. */
  onGrant(fn: () => void | Promise<void>): void {
    this.#listeners.add(fn);
  }
}

// Keyed by the app's host object: every app has its own grants, gone with the app.
const scopes = new WeakMap<PluginHost, RuntimeScopes>();

/** The run-time scopes of the app whose host this is. */
export function runtimeScopes(host: PluginHost): RuntimeScopes {
  let s = scopes.get(host);
  if (!s) scopes.set(host, s = new RuntimeScopes());
  return s;
}
