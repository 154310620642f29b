/**
 * Files the user dropped on a window become reachable by the fs plugin, as Tauri adds them to
 * its fs scope on a drop (a file: that file; a folder: everything beneath it). The user chose
 * them, as with a file dialog; capability denies still win (plugins/runtime_scope.ts).
 * @module
 */

import type { PluginHost } from "../../../plugins/plugin.ts";
import { canonicalPath } from "../../../plugins/paths.ts";
import { runtimeScopes } from "../../../plugins/runtime_scope.ts";

/** Adds each dropped path to the app's run-time fs scope (what is gone meanwhile is skipped). */
export async function grantDropped(host: PluginHost, paths: string[]): Promise<void> {
  const scopes = runtimeScopes(host);
  for (const dropped of paths) {
    try {
      const path = await canonicalPath(dropped);
      const dir = (await Deno.stat(path)).isDirectory;
      await scopes.allow("fs", { path, kind: dir ? "dir" : "file", recursive: dir });
    } catch (e) {
      // The drop stands; only the grant is lost (the path went away meanwhile).
      console.error(`panes: cannot add the dropped ${dropped} to the fs scope:`, e);
    }
  }
}
