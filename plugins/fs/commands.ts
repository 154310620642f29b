/**
 * fs commands with the argument shapes of `@tauri-apps/plugin-fs`: JSON
 * `{ path, options: { baseDir } }`, and raw bodies with `path` / `options`
 * headers for `write_file` and `write_text_file`. Every path is resolved,
 * normalised, canonicalised (symbolic links resolved) and checked against the
 * granted scope before anything runs; the command then uses the checked path.
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
import { type CommandTable, forbidden, type PluginCallContext } from "../plugin.ts";

const baseDir = z.number().int().optional();
const pathArg = z.union([z.string(), z.instanceof(URL).transform(String)]);
const withPath = <T extends z.ZodRawShape>(options: T) =>
  z.object({ path: pathArg, options: z.object({ baseDir, ...options }).nullish() });

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
type LinkMode = "follow" | "entry" | "write";

/**
 * Resolves a page path (absolute, `file://`, or relative to `baseDir`) to its canonical form and
 * checks that against the scope. The command must then use the returned path, which is the one
 * that was checked.
 */
async function resolvePath(
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
  if (!scope.allow.some((a) => a.globs.some((g) => globToRegExp(g).test(real)))) {
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
async function checkNothingDeniedBeneath(
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

async function lstatOrNull(path: string): Promise<Deno.FileInfo | null> {
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
async function openNoFollow(
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

/** Turns Deno's file errors into page errors with the path and a stable code. */
async function io<T>(what: string, path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof InvokeError) throw e;
    const name = e instanceof Error ? e.name : "Error";
    const msg = e instanceof Error ? e.message : String(e);
    throw new InvokeError(`${what} ${path}: ${msg}`, { kind: name }, "io");
  }
}

function fileInfo(s: Deno.FileInfo) {
  return {
    isFile: s.isFile,
    isDirectory: s.isDirectory,
    isSymlink: s.isSymlink,
    size: s.size,
    mtime: s.mtime?.getTime() ?? null,
    atime: s.atime?.getTime() ?? null,
    birthtime: s.birthtime?.getTime() ?? null,
    readonly: s.mode !== null ? (s.mode & 0o222) === 0 : false,
    fileAttributes: null,
    dev: s.dev,
    ino: s.ino,
    mode: s.mode,
    nlink: s.nlink,
    uid: s.uid,
    gid: s.gid,
    rdev: s.rdev,
    blksize: s.blksize,
    blocks: s.blocks,
  };
}

const writeOptions = z.object({
  baseDir,
  append: z.boolean().optional(),
  create: z.boolean().optional(),
  createNew: z.boolean().optional(),
  mode: z.number().int().optional(),
}).nullish();

/** `write_file` / `write_text_file`: bytes in the body, path and options in headers. */
async function writeFromHeaders(ctx: PluginCallContext<Uint8Array>): Promise<null> {
  const rawPath = ctx.headers["path"];
  if (!rawPath) {
    throw new InvokeError("write needs a path header (URI-encoded)", undefined, "invalid-headers");
  }
  let options: z.infer<typeof writeOptions>;
  try {
    const o = ctx.headers["options"];
    options = writeOptions.parse(o && o !== "undefined" ? JSON.parse(o) : undefined);
  } catch (e) {
    throw new InvokeError(
      `invalid options header: ${e instanceof Error ? e.message : e}`,
      undefined,
      "invalid-headers",
    );
  }
  const path = await resolvePath(
    ctx as Ctx,
    decodeURIComponent(rawPath),
    options?.baseDir,
    "write",
  );
  const append = options?.append ?? false;
  await io("cannot write", path, async () => {
    // `mode` goes to open(2) only, so it applies (less the umask) when the file is created and
    // never changes an existing file's permissions (Deno.writeFile would chmod it).
    const file = await openNoFollow(ctx as Ctx, path, {
      write: true,
      append,
      create: options?.create ?? true,
      createNew: options?.createNew ?? false,
      mode: options?.mode,
    });
    try {
      if (!append) await file.truncate(0);
      for (let done = 0; done < ctx.args.length;) {
        done += await file.write(ctx.args.subarray(done));
      }
    } finally {
      file.close();
    }
  });
  return null;
}

/** The fs commands by Tauri's names. */
export const fsCommands: CommandTable = {
  read_file: {
    args: withPath({}),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = await resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir, "follow");
      return await io("cannot read", p, () => Deno.readFile(p));
    },
  },
  read_text_file: {
    args: withPath({ encoding: z.string().optional() }),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = await resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir, "follow");
      // The guest package decodes the bytes itself (with the caller's encoding).
      return await io("cannot read", p, () => Deno.readFile(p));
    },
  },
  write_file: { args: "bytes", run: writeFromHeaders },
  write_text_file: { args: "bytes", run: writeFromHeaders },
  exists: {
    args: withPath({}),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = await resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir, "entry");
      try {
        await Deno.lstat(p);
        return true;
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return false;
        return await io("cannot check", p, () => Promise.reject(e));
      }
    },
  },
  mkdir: {
    args: withPath({ recursive: z.boolean().optional(), mode: z.number().int().optional() }),
    run: async (
      ctx: PluginCallContext<
        { path: string; options?: { baseDir?: number; recursive?: boolean; mode?: number } | null }
      >,
    ) => {
      const p = await resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir, "entry");
      await io(
        "cannot create folder",
        p,
        () =>
          Deno.mkdir(p, {
            recursive: ctx.args.options?.recursive ?? false,
            mode: ctx.args.options?.mode,
          }),
      );
      return null;
    },
  },
  read_dir: {
    args: withPath({}),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = await resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir, "follow");
      return await io("cannot list", p, async () => {
        const out = [];
        for await (const e of Deno.readDir(p)) {
          out.push({
            name: e.name,
            isDirectory: e.isDirectory,
            isFile: e.isFile,
            isSymlink: e.isSymlink,
          });
        }
        return out.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      });
    },
  },
  remove: {
    args: withPath({ recursive: z.boolean().optional() }),
    run: async (
      ctx: PluginCallContext<
        { path: string; options?: { baseDir?: number; recursive?: boolean } | null }
      >,
    ) => {
      const p = await resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir, "entry");
      const recursive = ctx.args.options?.recursive ?? false;
      // A non-recursive remove only takes an empty folder; a recursive one takes what is beneath.
      if (recursive && (await lstatOrNull(p))?.isDirectory) {
        await checkNothingDeniedBeneath(ctx, "remove", p);
      }
      await io(
        "cannot remove",
        p,
        () => Deno.remove(p, { recursive }),
      );
      return null;
    },
  },
  rename: {
    args: z.object({
      oldPath: pathArg,
      newPath: pathArg,
      options: z.object({ oldPathBaseDir: baseDir, newPathBaseDir: baseDir }).nullish(),
    }),
    run: async (
      ctx: PluginCallContext<
        {
          oldPath: string;
          newPath: string;
          options?: { oldPathBaseDir?: number; newPathBaseDir?: number } | null;
        }
      >,
    ) => {
      const from = await resolvePath(
        ctx,
        ctx.args.oldPath,
        ctx.args.options?.oldPathBaseDir,
        "entry",
      );
      const to = await resolvePath(
        ctx,
        ctx.args.newPath,
        ctx.args.options?.newPathBaseDir,
        "entry",
      );
      if ((await lstatOrNull(from))?.isDirectory) {
        await checkNothingDeniedBeneath(ctx, "move", from, to);
      }
      await io("cannot rename", from, () => Deno.rename(from, to));
      return null;
    },
  },
  copy_file: {
    args: z.object({
      fromPath: pathArg,
      toPath: pathArg,
      options: z.object({ fromPathBaseDir: baseDir, toPathBaseDir: baseDir }).nullish(),
    }),
    run: async (
      ctx: PluginCallContext<
        {
          fromPath: string;
          toPath: string;
          options?: { fromPathBaseDir?: number; toPathBaseDir?: number } | null;
        }
      >,
    ) => {
      const from = await resolvePath(
        ctx,
        ctx.args.fromPath,
        ctx.args.options?.fromPathBaseDir,
        "follow",
      );
      const to = await resolvePath(ctx, ctx.args.toPath, ctx.args.options?.toPathBaseDir, "write");
      if ((await lstatOrNull(from))?.isDirectory) {
        await checkNothingDeniedBeneath(ctx, "copy", from);
      }
      await io("cannot copy", from, () => Deno.copyFile(from, to));
      return null;
    },
  },
  stat: {
    args: withPath({}),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = await resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir, "follow");
      return fileInfo(await io("cannot stat", p, () => Deno.stat(p)));
    },
  },
  lstat: {
    args: withPath({}),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = await resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir, "entry");
      return fileInfo(await io("cannot stat", p, () => Deno.lstat(p)));
    },
  },
  size: {
    args: withPath({}),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = await resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir, "follow");
      if ((await lstatOrNull(p))?.isDirectory) await checkNothingDeniedBeneath(ctx, "size", p);
      return await io("cannot size", p, async () => {
        const s = await Deno.stat(p);
        if (!s.isDirectory) return s.size;
        let total = 0;
        const walk = async (dir: string) => {
          for await (const e of Deno.readDir(dir)) {
            const child = `${dir}/${e.name}`;
            if (e.isDirectory) await walk(child);
            else total += (await Deno.lstat(child)).size;
          }
        };
        await walk(p);
        return total;
      });
    },
  },
  truncate: {
    args: z.object({
      path: pathArg,
      len: z.number().int().nonnegative().nullish(),
      options: z.object({ baseDir }).nullish(),
    }),
    run: async (
      ctx: PluginCallContext<
        { path: string; len?: number | null; options?: { baseDir?: number } | null }
      >,
    ) => {
      const p = await resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir, "write");
      await io("cannot truncate", p, async () => {
        const file = await openNoFollow(ctx, p, { write: true });
        try {
          await file.truncate(ctx.args.len ?? 0);
        } finally {
          file.close();
        }
      });
      return null;
    },
  },
};
