/**
 * The opener plugin: opens URLs and files with the default application
 * (`xdg-open`, or `PANES_OPENER`), `@tauri-apps/plugin-opener`. URLs are checked against a
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

/**
 * Scope entries: `{ url: "https://*" }` (URL glob) or `{ path: "$HOME/**" }`, each with an
 * optional `app` (Tauri's): absent = the default opener only, `true` = any `with`, a name = that one.
 */
const app = z.union([z.boolean(), z.string().min(1)]).optional();
const scopeEntry = z.union([
  z.strictObject({ url: z.string().min(1), app }),
  z.strictObject({ path: z.string().min(1), app }),
]);

/** The default opener: `PANES_OPENER` (a program name or path) or `xdg-open`. */
function defaultOpener(): string {
  try {
    return Deno.env.get("PANES_OPENER") || "xdg-open";
  } catch {
    return "xdg-open";
  }
}

function urlGlob(glob: string): RegExp {
  return new RegExp(
    "^" + glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$",
  );
}

function checkScope(
  ctx: PluginCallContext<unknown>,
  kind: "url" | "path",
  value: string,
  openWith?: string | null,
): void {
  const matches = (e: unknown) => {
    const entry = e as { url?: string; path?: string };
    if (kind === "url") return entry.url !== undefined && urlGlob(entry.url).test(value);
    return entry.path !== undefined && pathMatches(value, entry.path, ctx.host.dirs);
  };
  // A page naming the program would otherwise run any program with an argument of its choice.
  const appAllowed = (e: unknown) => {
    const a = (e as { app?: boolean | string }).app;
    return !openWith || a === true || a === openWith;
  };
  if (ctx.scope.deny.some(matches)) {
    throw forbidden(
      `${kind} ${value} is denied by the opener scope ("${ctx.permission}")`,
      ctx.permission,
    );
  }
  const allowed = ctx.scope.allow.filter(matches);
  if (allowed.length === 0) {
    throw forbidden(
      `${kind} ${value} is outside the opener scope granted to "${ctx.permission}"`,
      ctx.permission,
    );
  }
  if (!allowed.some(appAllowed)) {
    throw forbidden(
      `opening ${kind} ${value} with "${openWith}" is not allowed by the opener scope ("${ctx.permission}"; add app: "${openWith}" to the entry)`,
      ctx.permission,
    );
  }
}

/**
 * Runs `program target`; resolves when it exits with success, or once it has run for
 * `LAUNCH_WAIT_MS` (an opener that stays in the foreground has started, so the call must not hang).
 */
async function launch(program: string, target: string): Promise<void> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(program, {
      args: [target],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    throw new InvokeError(
      `cannot run ${program}: ${e instanceof Error ? e.message : e}`,
      undefined,
      "opener",
    );
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<"running">((resolve) => {
    timer = setTimeout(() => resolve("running"), LAUNCH_WAIT_MS);
  });
  const out = await Promise.race([child.output(), waited]).finally(() => clearTimeout(timer));
  if (out === "running") {
    child.unref();
    return;
  }
  if (!out.success) {
    throw new InvokeError(
      `${program} ${target} failed (exit ${out.code}): ${
        new TextDecoder().decode(out.stderr).trim()
      }`,
      undefined,
      "opener",
    );
  }
}

const LAUNCH_WAIT_MS = 5_000;

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
        checkScope(ctx as PluginCallContext<unknown>, "url", ctx.args.url, ctx.args.with);
        await launch(ctx.args.with || defaultOpener(), ctx.args.url);
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
        checkScope(ctx as PluginCallContext<unknown>, "path", p, ctx.args.with);
        await launch(ctx.args.with || defaultOpener(), p);
        return null;
      },
    },
    reveal_item_in_dir: {
      args: z.object({ paths: z.array(z.string().min(1)).min(1) }),
      run: async (ctx: PluginCallContext<{ paths: string[] }>) => {
        // The folder holding the item, opened with the default file manager.
        for (const raw of ctx.args.paths) {
          const p = normalizePath(raw);
          await launch(defaultOpener(), p.replace(/\/[^/]*$/, "") || "/");
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
