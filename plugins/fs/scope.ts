/**
 * The fs scope, checked: a page path resolved (absolute, `file://`, or relative to a base
 * folder), normalised and canonicalised (links resolved), then matched against the granted
 * allow and deny globs (and the run-time grants: paths picked in a dialog); folders acted on as a whole are checked for denied paths beneath;
 * writes never follow a symbolic link out of the scope.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import {
  BASE_DIRECTORY,
  canonicalEntry,
  canonicalGlob,
  canonicalPath,
  DanglingLinkError,
  expandGlob,
  globMayMatchBeneath,
  globToRegExp,
  normalizePath,
} from "../paths.ts";
import { forbidden, type PluginCallContext } from "../plugin.ts";
import { runtimeScopes } from "../runtime_scope.ts";
import { io } from "./io.ts";

/** One fs scope entry: `{ path: "$HOME/notes/**" }` or the glob itself. */
export const fsScopeEntry: z.ZodType = z.union([
  z.string().min(1),
  z.strictObject({ path: z.string().min(1) }),
]);

type Ctx = PluginCallContext<unknown>;

/**
 * How a command meets symbolic links. `follow`: it acts on the target, so the target's canonical
 * path is checked (read, stat, read_dir, size, copy source). `entry`: it acts on the last
 * segment itself (lstat, exists, remove, rename, mkdir), so only the folders above it are
 * resolved. `write`: as `entry`, and a last segment that is a link is refused, since writing
 * would follow it out of the scope (write, truncate, copy target).
 */
export type LinkMode = "follow" | "entry" | "write";

/**
 * Resolves a page path (absolute, `file://`, or relative to `baseDir`) to its canonical form and
 * checks that against the scope. The command must then use the returned path, which is the one
 * that was checked.
 */
export async function resolvePath(
  ctx: Ctx,
  raw: string,
  base: number | undefined | null,
  mode: LinkMode,
): Promise<string> {
  let path = raw;
  if (path.startsWith("file://")) path = decodeURIComponent(new URL(path).pathname);
  if (base !== undefined && base !== null) {
    const dir = BASE_DIRECTORY[base];
    if (!dir) throw new InvokeError(`unknown baseDir ${base}`, undefined, "invalid-body");
    path = `${ctx.host.dirs[dir]}/${path}`;
  } else if (!path.startsWith("/")) {
    // An empty or relative path needs a base folder.
    throw new InvokeError(
      `path ${JSON.stringify(raw)} must be absolute, or relative to options.baseDir`,
      undefined,
      "invalid-path",
    );
  }
  const lexical = normalizePath(path);
  let real: string;
  try {
    real = mode === "follow" ? await canonicalPath(lexical) : await canonicalEntry(lexical);
  } catch (e) {
    if (e instanceof DanglingLinkError) {
      throw forbidden(
        `path ${lexical} goes through ${e.link}, a symbolic link to nothing ("${ctx.permission}")`,
        ctx.permission,
      );
    }
    return await io("cannot resolve", lexical, () => Promise.reject(e));
  }
  const shown = real === lexical ? lexical : `${lexical} (${real})`;
  const scope = await scopeGlobs(ctx);
  // Deny is checked on the text too: a deny must hold however the path is spelled.
  const denied = scope.deny.find((d) =>
    d.globs.some((g) => {
      const re = globToRegExp(g, { dotfiles: true });
      return re.test(real) || re.test(lexical);
    })
  );
  if (denied) {
    throw forbidden(
      `path ${shown} is denied by the fs scope ${
        JSON.stringify(denied.pattern)
      } ("${ctx.permission}")`,
      ctx.permission,
    );
  }
  // Files and folders the user picked in a dialog are in scope too (as in Tauri); deny still wins.
  if (
    !scope.allow.some((a) => a.globs.some((g) => globToRegExp(g).test(real))) &&
    !runtimeScopes(ctx.host).covers("fs", real)
  ) {
    throw forbidden(
      `path ${shown} is outside the fs scope granted to "${ctx.permission}" (add it to that permission's allow list)`,
      ctx.permission,
    );
  }
  if (mode === "write" && (await lstatOrNull(real))?.isSymlink) {
    throw forbidden(
      `path ${shown} is a symbolic link; fs writes do not follow links ("${ctx.permission}")`,
      ctx.permission,
    );
  }
  return real;
}

type ScopeGlobs = { pattern: string; globs: string[] };

/**
 * Whether a path the system reports (a watch event: it may be gone already, so it is matched as
 * given) is one the scope lets this page see: allowed, and not denied.
 */
export async function reportableMatcher(ctx: Ctx): Promise<(path: string) => boolean> {
  const scope = await scopeGlobs(ctx);
  const deny = scope.deny.flatMap((d) => d.globs.map((g) => globToRegExp(g, { dotfiles: true })));
  const allow = scope.allow.flatMap((a) => a.globs.map((g) => globToRegExp(g)));
  const runtime = runtimeScopes(ctx.host);
  return (path) =>
    !deny.some((re) => re.test(path)) &&
    (allow.some((re) => re.test(path)) || runtime.covers("fs", path));
}

/** The scope's patterns, each expanded as written and with its folder prefix canonicalised. */
async function scopeGlobs(ctx: Ctx): Promise<{ allow: ScopeGlobs[]; deny: ScopeGlobs[] }> {
  const globs = (entries: unknown[]) =>
    Promise.all(entries.map(async (e) => {
      const pattern = typeof e === "string" ? e : (e as { path: string }).path;
      const expanded = expandGlob(pattern, ctx.host.dirs);
      return { pattern, globs: [expanded, await canonicalGlob(expanded)] };
    }));
  return { allow: await globs(ctx.scope.allow), deny: await globs(ctx.scope.deny) };
}

/**
 * Refuses to act on the folder `dir` as a whole (move, remove recursively, copy, size) when
 * something beneath it is denied: that would move, delete or measure denied files (for a move,
 * also when a path would become denied at `movedTo`). Patterns that cannot reach beneath the
 * folder (prefix analysis) are skipped; the others are tested against what the folder holds,
 * walked without following links, so that a deny of `.key` files at any depth does not freeze
 * every folder.
 */
export async function checkNothingDeniedBeneath(
  ctx: Ctx,
  what: string,
  dir: string,
  movedTo?: string,
): Promise<void> {
  const under = (folder: string, rel: string) => folder === "/" ? rel : folder + rel;
  const reaching = (await scopeGlobs(ctx)).deny.filter((d) =>
    d.globs.some((g) =>
      globMayMatchBeneath(dir, g) || (movedTo !== undefined && globMayMatchBeneath(movedTo, g))
    )
  ).map((d) => ({
    pattern: d.pattern,
    res: d.globs.map((g) => globToRegExp(g, { dotfiles: true })),
  }));
  if (reaching.length === 0) return;
  const deniedBy = (rel: string) =>
    reaching.find((d) =>
      d.res.some((re) =>
        re.test(under(dir, rel)) || (movedTo !== undefined && re.test(under(movedTo, rel)))
      )
    );
  const walk = async (rel: string): Promise<void> => {
    for await (const e of Deno.readDir(under(dir, rel) || "/")) {
      const child = `${rel}/${e.name}`;
      const d = deniedBy(child);
      if (d) {
        throw forbidden(
          `cannot ${what} folder ${dir}: it holds paths denied by the fs scope ${
            JSON.stringify(d.pattern)
          } ("${ctx.permission}")`,
          ctx.permission,
        );
      }
      if (e.isDirectory) await walk(child);
    }
  };
  await io(`cannot ${what}`, dir, () => walk(""));
}

export async function lstatOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch {
    return null;
  }
}

/**
 * Opens `path` for writing without following a last-segment link: `resolvePath` refused a link
 * already, and this checks that the file opened is the entry at `path` (a link put there since
 * would have been followed) before a byte is written. Never truncates; the caller does.
 */
export async function openNoFollow(
  ctx: Ctx,
  path: string,
  options: Deno.OpenOptions,
): Promise<Deno.FsFile> {
  const file = await Deno.open(path, { ...options, truncate: false });
  try {
    const [opened, entry] = await Promise.all([file.stat(), Deno.lstat(path)]);
    if (entry.isSymlink || opened.ino !== entry.ino || opened.dev !== entry.dev) {
      throw forbidden(
        `path ${path} became a symbolic link; fs writes do not follow links ("${ctx.permission}")`,
        ctx.permission,
      );
    }
    return file;
  } catch (e) {
    file.close();
    throw e;
  }
}
