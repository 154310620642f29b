/**
 * The persisted-scope plugin: scopes granted while the app runs (files and folders picked in a
 * dialog) are saved in `$APPDATA/.persisted-scope` and granted again when the app starts.
 * @module
 */

import { z } from "zod";
import { definePlugin, type Plugin, type PluginHost } from "../plugin.ts";
import { type RuntimeGrant, runtimeScopes } from "../runtime_scope.ts";
import { writeAtomic } from "../store/store_file.ts";

const grant = z.strictObject({
  path: z.string().startsWith("/"),
  kind: z.enum(["file", "dir"]),
  recursive: z.boolean().optional(),
});
const saved = z.strictObject({
  version: z.literal(1),
  scopes: z.record(z.string(), z.array(grant)),
});

/** Where an app's grants are kept. */
export function persistedScopeFile(host: PluginHost): string {
  return `${host.dirs.APPDATA}/.persisted-scope`;
}

async function restore(file: string): Promise<Record<string, RuntimeGrant[]>> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return {};
    throw e;
  }
  let parsed: z.infer<typeof saved>;
  try {
    parsed = saved.parse(JSON.parse(text));
  } catch (e) {
    // Kept aside, not overwritten: nothing the user granted is lost, and the app still starts.
    const aside = `${file}.bad-${Date.now()}`;
    await Deno.rename(file, aside);
    console.error(
      `panes: persisted-scope: ${file} is not a saved scope (${
        e instanceof Error ? e.message.split("\n")[0] : e
      }); moved to ${aside}, starting with no saved grants`,
    );
    return {};
  }
  return parsed.scopes;
}

/** The persisted-scope plugin. */
export const persistedScopePlugin: Plugin = definePlugin({
  name: "persisted-scope",
  description: "Keeps the scopes granted at run time (dialog picks) across restarts.",
  commands: {},
  permissions: {
    default: { description: "The plugin has no commands; nothing to grant.", permissions: [] },
  },
  setup: async (host) => {
    const file = persistedScopeFile(host);
    const scopes = runtimeScopes(host);
    for (const [plugin, grants] of Object.entries(await restore(file))) {
      for (const g of grants) await scopes.allow(plugin, g);
    }
    // Registered after the restore: granting what was read back does not write it again.
    scopes.onGrant(async () => {
      await Deno.mkdir(host.dirs.APPDATA, { recursive: true });
      const data = JSON.stringify({ version: 1, scopes: scopes.all() }, null, 2);
      await writeAtomic(file, new TextEncoder().encode(data));
    });
  },
});
