/**
 * fs file handles and line reading, as `@tauri-apps/plugin-fs` sends them: `open` / `create` (the
 * path checked once, as for every fs command; the handle is a page resource), `read` (bytes, then
 * the count as 8 big-endian bytes), `write`, `seek`, `fstat`, `ftruncate`, and
 * `read_text_file_lines` / `read_text_file_lines_next` (one line per call, then a 0 byte; the end
 * is `[1]`). Closing is `plugin:resources|close`.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PageResource, PluginCallContext } from "../plugin.ts";
import { fileInfo, io } from "./io.ts";
import { openNoFollow, resolvePath } from "./scope.ts";

/** The most one `read` returns (the page asks with its buffer's size). */
const MAX_READ = 64 * 1024 * 1024;
/** The longest line `read_text_file_lines_next` returns whole. */
const MAX_LINE = 64 * 1024 * 1024;

/** An open file, held by the page load that opened it. */
class FileHandle implements PageResource {
  constructor(readonly file: Deno.FsFile, readonly path: string, readonly writable: boolean) {}
  close(): void {
    try {
      this.file.close();
    } catch { /* closed already */ }
  }
}

/** A file being read line by line. */
class LineReader implements PageResource {
  #buf = new Uint8Array(0);
  #eof = false;
  constructor(readonly file: Deno.FsFile, readonly path: string) {}

  /** The next line without its `\n` (or `\r\n`), or null at the end. */
  async next(): Promise<Uint8Array | null> {
    for (;;) {
      const nl = this.#buf.indexOf(10);
      if (nl >= 0 || (this.#eof && this.#buf.length)) {
        const end = nl >= 0 ? nl : this.#buf.length;
        let line = this.#buf.subarray(0, end);
        if (line.at(-1) === 13) line = line.subarray(0, line.length - 1);
        this.#buf = this.#buf.slice(nl >= 0 ? nl + 1 : end);
        return line.slice();
      }
      if (this.#eof) return null;
      if (this.#buf.length > MAX_LINE) {
        throw new InvokeError(
          `${this.path}: a line longer than ${MAX_LINE} bytes`,
          undefined,
          "io",
        );
      }
      const chunk = new Uint8Array(64 * 1024);
      const n = await this.file.read(chunk);
      if (n === null) this.#eof = true;
      else {
        const joined = new Uint8Array(this.#buf.length + n);
        joined.set(this.#buf);
        joined.set(chunk.subarray(0, n), this.#buf.length);
        this.#buf = joined;
      }
    }
  }
  close(): void {
    try {
      this.file.close();
    } catch { /* closed already */ }
  }
}

const isHandle = (v: PageResource): v is FileHandle => v instanceof FileHandle;
const isLines = (v: PageResource): v is LineReader => v instanceof LineReader;

const baseDir = z.number().int().nullish();
const pathArg = z.union([z.string(), z.instanceof(URL).transform(String)]);
const openArgs = z.object({
  path: pathArg,
  options: z.object({
    baseDir,
    read: z.boolean().nullish(),
    write: z.boolean().nullish(),
    append: z.boolean().nullish(),
    truncate: z.boolean().nullish(),
    create: z.boolean().nullish(),
    createNew: z.boolean().nullish(),
    mode: z.number().int().nullish(),
  }).nullish(),
});
type OpenArgs = z.infer<typeof openArgs>;
const ridArgs = z.object({ rid: z.number().int() });
/** Bytes as the page's JSON carries them: an array, or a typed array's `{ "0": …, "1": … }`. */
const bytes = z.union([
  z.array(z.number().int().min(0).max(255)),
  z.record(z.string().regex(/^\d+$/), z.number().int().min(0).max(255)).transform((o, c) => {
    const out = new Uint8Array(Object.keys(o).length);
    for (const [k, v] of Object.entries(o)) {
      const i = Number(k);
      if (i >= out.length) {
        c.addIssue({ code: "custom", message: "not a byte array (missing indexes)" });
        return z.NEVER;
      }
      out[i] = v;
    }
    return out;
  }),
]);

type Ctx = PluginCallContext<unknown>;

/** Opens a checked path: writes never follow a last-segment link (as `write_file`). */
async function openChecked(ctx: Ctx, a: OpenArgs, defaults: Deno.OpenOptions): Promise<number> {
  const o = a.options ?? {};
  const options: Deno.OpenOptions = {
    read: o.read ?? defaults.read,
    write: o.write ?? defaults.write,
    append: o.append ?? defaults.append,
    truncate: o.truncate ?? defaults.truncate,
    create: o.create ?? defaults.create,
    createNew: o.createNew ?? defaults.createNew,
    mode: o.mode ?? undefined,
  };
  if (!options.read && !options.write && !options.append) options.read = true;
  const writes = !!(options.write || options.append || options.truncate || options.create ||
    options.createNew);
  const path = await resolvePath(ctx, a.path, o.baseDir, writes ? "write" : "follow");
  const file = await io("cannot open", path, async () => {
    if (!writes) return await Deno.open(path, options);
    const f = await openNoFollow(ctx, path, options);
    try {
      if (options.truncate) await f.truncate(0);
    } catch (e) {
      f.close();
      throw e;
    }
    return f;
  });
  return ctx.resources.add(new FileHandle(file, path, writes));
}

/** The file-handle and line-reading commands. */
export const handleCommands: CommandTable = {
  open: {
    args: openArgs,
    run: (ctx: PluginCallContext<OpenArgs>) => openChecked(ctx, ctx.args, { read: true }),
  },
  create: {
    args: openArgs,
    run: (ctx: PluginCallContext<OpenArgs>) =>
      openChecked(ctx, { path: ctx.args.path, options: { baseDir: ctx.args.options?.baseDir } }, {
        read: true,
        write: true,
        create: true,
        truncate: true,
      }),
  },
  read: {
    args: z.object({ rid: z.number().int(), len: z.number().int().min(0).max(MAX_READ) }),
    run: async (ctx: PluginCallContext<{ rid: number; len: number }>) => {
      const h = ctx.resources.get(ctx.args.rid, isHandle, "file");
      const buf = new Uint8Array(ctx.args.len + 8);
      const n = await io("cannot read", h.path, () => h.file.read(buf.subarray(0, ctx.args.len))) ??
        0;
      // Tauri's framing: the bytes read, then their count as 8 big-endian bytes.
      const out = buf.slice(0, n + 8);
      new DataView(out.buffer).setBigUint64(n, BigInt(n));
      return out;
    },
  },
  write: {
    args: z.object({ rid: z.number().int(), data: bytes }),
    run: async (ctx: PluginCallContext<{ rid: number; data: number[] | Uint8Array }>) => {
      const h = ctx.resources.get(ctx.args.rid, isHandle, "file");
      const data = Uint8Array.from(ctx.args.data);
      return await io("cannot write", h.path, async () => {
        for (let off = 0; off < data.length;) off += await h.file.write(data.subarray(off));
        return data.length;
      });
    },
  },
  seek: {
    args: z.object({
      rid: z.number().int(),
      offset: z.number().int(),
      whence: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    }),
    run: async (ctx: PluginCallContext<{ rid: number; offset: number; whence: 0 | 1 | 2 }>) => {
      const h = ctx.resources.get(ctx.args.rid, isHandle, "file");
      return await io("cannot seek", h.path, () => h.file.seek(ctx.args.offset, ctx.args.whence));
    },
  },
  fstat: {
    args: ridArgs,
    run: async (ctx: PluginCallContext<{ rid: number }>) => {
      const h = ctx.resources.get(ctx.args.rid, isHandle, "file");
      return fileInfo(await io("cannot stat", h.path, () => h.file.stat()));
    },
  },
  ftruncate: {
    args: z.object({ rid: z.number().int(), len: z.number().int().nonnegative().nullish() }),
    run: async (ctx: PluginCallContext<{ rid: number; len?: number | null }>) => {
      const h = ctx.resources.get(ctx.args.rid, isHandle, "file");
      await io("cannot truncate", h.path, () => h.file.truncate(ctx.args.len ?? 0));
      return null;
    },
  },
  read_text_file_lines: {
    args: z.object({
      path: pathArg,
      options: z.object({ baseDir, encoding: z.string().nullish() }).nullish(),
    }),
    run: async (
      ctx: PluginCallContext<{ path: string; options?: { baseDir?: number | null } | null }>,
    ) => {
      const path = await resolvePath(ctx, ctx.args.path, ctx.args.options?.baseDir, "follow");
      const file = await io("cannot open", path, () => Deno.open(path, { read: true }));
      return ctx.resources.add(new LineReader(file, path));
    },
  },
  read_text_file_lines_next: {
    args: ridArgs,
    run: async (ctx: PluginCallContext<{ rid: number }>) => {
      const r = ctx.resources.get(ctx.args.rid, isLines, "line reader");
      let line: Uint8Array | null;
      try {
        line = await io("cannot read", r.path, () => r.next());
      } catch (e) {
        // As Tauri: the reader is closed on an error; the page starts over.
        await ctx.resources.close(ctx.args.rid).catch(() => {});
        throw e;
      }
      if (line === null) {
        await ctx.resources.close(ctx.args.rid).catch(() => {});
        return new Uint8Array([1]);
      }
      const out = new Uint8Array(line.length + 1);
      out.set(line);
      return out;
    },
  },
};
