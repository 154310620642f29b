/**
 * fs commands with the argument shapes of `@tauri-apps/plugin-fs`: JSON
 * `{ path, options: { baseDir } }`, and raw bodies with `path` / `options`
 * headers for `write_file` and `write_text_file`. Every path is resolved,
 * normalised and checked against the granted scope before anything runs.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import { BASE_DIRECTORY, normalizePath, pathMatches } from "../paths.ts";
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

/** Resolves a page path (absolute, `file://`, or relative to `baseDir`) and checks the scope. */
function resolvePath(ctx: Ctx, raw: string, base: number | undefined | null): string {
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
  const full = normalizePath(path);
  const patterns = (entries: unknown[]) =>
    entries.map((e) => typeof e === "string" ? e : (e as { path: string }).path);
  const denied = patterns(ctx.scope.deny).find((p) => pathMatches(full, p, ctx.host.dirs));
  if (denied) {
    throw forbidden(
      `path ${full} is denied by the fs scope ${JSON.stringify(denied)} ("${ctx.permission}")`,
      ctx.permission,
    );
  }
  if (!patterns(ctx.scope.allow).some((p) => pathMatches(full, p, ctx.host.dirs))) {
    throw forbidden(
      `path ${full} is outside the fs scope granted to "${ctx.permission}" (add it to that permission's allow list)`,
      ctx.permission,
    );
  }
  return full;
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
  const path = resolvePath(ctx as Ctx, decodeURIComponent(rawPath), options?.baseDir);
  await io("cannot write", path, () =>
    Deno.writeFile(path, ctx.args, {
      append: options?.append ?? false,
      create: options?.create ?? true,
      createNew: options?.createNew ?? false,
      mode: options?.mode,
    }));
  return null;
}

/** The fs commands by Tauri's names. */
export const fsCommands: CommandTable = {
  read_file: {
    args: withPath({}),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir);
      return await io("cannot read", p, () => Deno.readFile(p));
    },
  },
  read_text_file: {
    args: withPath({ encoding: z.string().optional() }),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir);
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
      const p = resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir);
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
      const p = resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir);
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
      const p = resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir);
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
      const p = resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir);
      await io(
        "cannot remove",
        p,
        () => Deno.remove(p, { recursive: ctx.args.options?.recursive ?? false }),
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
      const from = resolvePath(ctx, ctx.args.oldPath, ctx.args.options?.oldPathBaseDir);
      const to = resolvePath(ctx, ctx.args.newPath, ctx.args.options?.newPathBaseDir);
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
      const from = resolvePath(ctx, ctx.args.fromPath, ctx.args.options?.fromPathBaseDir);
      const to = resolvePath(ctx, ctx.args.toPath, ctx.args.options?.toPathBaseDir);
      await io("cannot copy", from, () => Deno.copyFile(from, to));
      return null;
    },
  },
  stat: {
    args: withPath({}),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir);
      return fileInfo(await io("cannot stat", p, () => Deno.stat(p)));
    },
  },
  lstat: {
    args: withPath({}),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir);
      return fileInfo(await io("cannot stat", p, () => Deno.lstat(p)));
    },
  },
  size: {
    args: withPath({}),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number } | null }>,
    ) => {
      const p = resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir);
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
      const p = resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir);
      await io("cannot truncate", p, () => Deno.truncate(p, ctx.args.len ?? 0));
      return null;
    },
  },
};
