/**
 * The opener plugin: opens URLs and files with the default application
 * (`xdg-open`), `@tauri-apps/plugin-opener`. URLs are checked against a
 * URL scope, paths against a path scope.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import { normalizePath, pathMatches } from "../paths.ts";
import {
  definePlugin,
  forbidden,
  pageCall,
  type Plugin,
  type PluginCallContext,
} from "../plugin.ts";
import { installOpenerApi } from "./page.ts";

/** Scope entries: `{ url: "https://*" }` (URL glob) or `{ path: "$HOME/**" }`. */
const scopeEntry = z.union([
  z.strictObject({ url: z.string().min(1) }),
  z.strictObject({ path: z.string().min(1) }),
]);

function urlGlob(glob: string): RegExp {
  return new RegExp(
    "^" + glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$",
  );
}

function checkScope(ctx: PluginCallContext<unknown>, kind: "url" | "path", value: string): void {
  const matches = (e: unknown) => {
    const entry = e as { url?: string; path?: string };
    if (kind === "url") return entry.url !== undefined && urlGlob(entry.url).test(value);
    return entry.path !== undefined && pathMatches(value, entry.path, ctx.host.dirs);
  };
  if (ctx.scope.deny.some(matches)) {
    throw forbidden(
      `${kind} ${value} is denied by the opener scope ("${ctx.permission}")`,
      ctx.permission,
    );
  }
  if (!ctx.scope.allow.some(matches)) {
    throw forbidden(
      `${kind} ${value} is outside the opener scope granted to "${ctx.permission}"`,
      ctx.permission,
    );
  }
}

/** Runs `program target` detached; resolves once it started (xdg-open returns quickly). */
async function launch(program: string, target: string): Promise<void> {
  let status: Deno.CommandStatus;
  try {
    const child = new Deno.Command(program, {
      args: [target],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const out = await child.output();
    status = out;
    if (!status.success) {
      throw new InvokeError(
        `${program} ${target} failed (exit ${status.code}): ${
          new TextDecoder().decode(out.stderr).trim()
        }`,
        undefined,
        "opener",
      );
    }
  } catch (e) {
    if (e instanceof InvokeError) throw e;
    throw new InvokeError(
      `cannot run ${program}: ${e instanceof Error ? e.message : e}`,
      undefined,
      "opener",
    );
  }
}

const DEFAULT_URLS = ["http://*", "https://*", "mailto:*", "tel:*"].map((url) => ({ url }));

/** The opener plugin. */
export const openerPlugin: Plugin = definePlugin({
  name: "opener",
  description: "Open URLs and files with the default application.",
  scopeSchema: scopeEntry,
  commands: {
    open_url: {
      args: z.object({ url: z.string().min(1), with: z.string().nullish() }),
      run: async (ctx: PluginCallContext<{ url: string; with?: string | null }>) => {
        checkScope(ctx as PluginCallContext<unknown>, "url", ctx.args.url);
        await launch(ctx.args.with || "xdg-open", ctx.args.url);
        return null;
      },
    },
    open_path: {
      args: z.object({ path: z.string().min(1), with: z.string().nullish() }),
      run: async (ctx: PluginCallContext<{ path: string; with?: string | null }>) => {
        if (!ctx.args.path.startsWith("/")) {
          throw new InvokeError(
            `path ${ctx.args.path} must be absolute`,
            undefined,
            "invalid-path",
          );
        }
        const p = normalizePath(ctx.args.path);
        checkScope(ctx as PluginCallContext<unknown>, "path", p);
        await launch(ctx.args.with || "xdg-open", p);
        return null;
      },
    },
    reveal_item_in_dir: {
      args: z.object({ paths: z.array(z.string().min(1)).min(1) }),
      run: async (ctx: PluginCallContext<{ paths: string[] }>) => {
        // The folder holding the item, opened with the default file manager.
        for (const raw of ctx.args.paths) {
          const p = normalizePath(raw);
          await launch("xdg-open", p.replace(/\/[^/]*$/, "") || "/");
        }
        return null;
      },
    },
  },
  permissions: {
    default: {
      description: "Opening http(s), mailto and tel URLs; revealing items in their folder.",
      permissions: ["allow-open-url", "allow-reveal-item-in-dir", "allow-default-urls"],
    },
    "allow-default-urls": {
      description: "Scope: http(s), mailto and tel URLs.",
      scope: { allow: DEFAULT_URLS },
    },
  },
  pageScript: () => pageCall(installOpenerApi, null),
});
