/**
 * The opener plugin: opens URLs and files with the default application
 * (`xdg-open`, or `PANES_OPENER`), `@tauri-apps/plugin-opener`. URLs are checked against a
 * URL scope, paths against a path scope.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import {
  canonicalGlob,
  canonicalPath,
  DanglingLinkError,
  expandGlob,
  globToRegExp,
  normalizePath,
} from "../paths.ts";
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

/**
 * Checks a URL, or a path (absolute, normalised; `real` is its canonical form), against the
 * opener scope. Paths are matched by their canonical form, so a link inside an allowed folder
 * cannot open something outside it; deny patterns also match the path as written, and match
 * dotfiles, which allow patterns' wildcards do not (`$HOME/**` does not cover `~/.ssh`).
 */
async function checkScope(
  ctx: PluginCallContext<unknown>,
  kind: "url" | "path",
  value: string,
  openWith?: string | null,
  real = value,
): Promise<void> {
  const pathGlobs = async (pattern: string) => {
    const expanded = expandGlob(pattern, ctx.host.dirs);
    return [expanded, await canonicalGlob(expanded)];
  };
  const matches = async (e: unknown, deny: boolean) => {
    const entry = e as { url?: string; path?: string };
    if (kind === "url") return entry.url !== undefined && urlGlob(entry.url).test(value);
    if (entry.path === undefined) return false;
    for (const g of await pathGlobs(entry.path)) {
      const re = globToRegExp(g, { dotfiles: deny });
      if (re.test(real) || (deny && re.test(value))) return true;
    }
    return false;
  };
  const shown = real === value ? value : `${value} (${real})`;
  // A page naming the program would otherwise run any program with an argument of its choice.
  const appAllowed = (e: unknown) => {
    const a = (e as { app?: boolean | string }).app;
    return !openWith || a === true || a === openWith;
  };
  for (const e of ctx.scope.deny) {
    if (await matches(e, true)) {
      throw forbidden(
        `${kind} ${shown} is denied by the opener scope ("${ctx.permission}")`,
        ctx.permission,
      );
    }
  }
  const allowed = [];
  for (const e of ctx.scope.allow) if (await matches(e, false)) allowed.push(e);
  if (allowed.length === 0) {
    throw forbidden(
      `${kind} ${shown} is outside the opener scope granted to "${ctx.permission}"`,
      ctx.permission,
    );
  }
  if (!allowed.some(appAllowed)) {
    throw forbidden(
      `opening ${kind} ${shown} with "${openWith}" is not allowed by the opener scope ("${ctx.permission}"; add app: "${openWith}" to the entry)`,
      ctx.permission,
    );
  }
}

/**
 * An absolute page path, normalised, checked against the path scope by its canonical form
 * (symbolic links resolved); returns that canonical path, which is what gets opened.
 */
async function checkedPath(
  ctx: PluginCallContext<unknown>,
  raw: string,
  openWith?: string | null,
): Promise<string> {
  if (!raw.startsWith("/")) {
    throw new InvokeError(`path ${raw} must be absolute`, undefined, "invalid-path");
  }
  const p = normalizePath(raw);
  let real: string;
  try {
    real = await canonicalPath(p);
  } catch (e) {
    if (e instanceof DanglingLinkError) {
      throw forbidden(
        `path ${p} goes through ${e.link}, a symbolic link to nothing ("${ctx.permission}")`,
        ctx.permission,
      );
    }
    throw new InvokeError(
      `cannot resolve ${p}: ${e instanceof Error ? e.message : e}`,
      undefined,
      "invalid-path",
    );
  }
  await checkScope(ctx, "path", p, openWith, real);
  return real;
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
        await checkScope(ctx as PluginCallContext<unknown>, "url", ctx.args.url, ctx.args.with);
        await launch(ctx.args.with || defaultOpener(), ctx.args.url);
        return null;
      },
    },
    open_path: {
      args: z.object({ path: z.string().min(1), with: z.string().nullish() }),
      run: async (ctx: PluginCallContext<{ path: string; with?: string | null }>) => {
        const p = await checkedPath(
          ctx as PluginCallContext<unknown>,
          ctx.args.path,
          ctx.args.with,
        );
        await launch(ctx.args.with || defaultOpener(), p);
        return null;
      },
    },
    reveal_item_in_dir: {
      args: z.object({ paths: z.array(z.string().min(1)).min(1) }),
      run: async (ctx: PluginCallContext<{ paths: string[] }>) => {
        // Every item is checked like open_path before anything is launched: revealing a folder
        // tells the page nothing, but it starts a program on a path the page chose.
        const items = [];
        for (const raw of ctx.args.paths) {
          items.push(await checkedPath(ctx as PluginCallContext<unknown>, raw));
        }
        // The folder holding the item, opened with the default file manager.
        for (const p of items) await launch(defaultOpener(), p.replace(/\/[^/]*$/, "") || "/");
        return null;
      },
    },
  },
  permissions: {
    default: {
      description:
        "Opening http(s), mailto and tel URLs; revealing items in their folder (within a path scope granted separately).",
      permissions: ["allow-open-url", "allow-reveal-item-in-dir", "allow-default-urls"],
    },
    "allow-default-urls": {
      description: "Scope: http(s), mailto and tel URLs.",
      scope: { allow: DEFAULT_URLS },
    },
  },
  pageScript: () => pageCall(installOpenerApi, null),
});
