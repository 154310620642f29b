/**
 * fs commands with the argument shapes of `@tauri-apps/plugin-fs`: JSON
 * `{ path, options: { baseDir } }`, and raw bodies with `path` / `options`
 * headers for `write_file` and `write_text_file`. Every path is resolved,
 * normalised, canonicalised (symbolic links resolved) and checked against the
 * granted scope (scope.ts) before anything runs; the command then uses the checked path.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PluginCallContext } from "../plugin.ts";
import { fileInfo, io } from "./io.ts";
import { handleCommands } from "./handles.ts";
import { watchCommands } from "./watch.ts";
import { checkNothingDeniedBeneath, lstatOrNull, openNoFollow, resolvePath } from "./scope.ts";

const baseDir = z.number().int().optional();
const pathArg = z.union([z.string(), z.instanceof(URL).transform(String)]);
const withPath = <T extends z.ZodRawShape>(options: T) =>
  z.object({ path: pathArg, options: z.object({ baseDir, ...options }).nullish() });

type Ctx = PluginCallContext<unknown>;

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
  ...handleCommands,
  ...watchCommands,
};
