/** store commands with the shapes `@tauri-apps/plugin-store` sends. @module */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import { normalizePath } from "../paths.ts";
import {
  type CommandTable,
  forbidden,
  type PageResource,
  type PluginCallContext,
  type PluginHost,
} from "../plugin.ts";
import { StoreFile } from "./store_file.ts";

/**
 * A store's resource. One id per loaded store, shared by every page that loaded it (as Tauri
 * keeps one id per path): loading the same store again answers the same id, so a page holds at
 * most one handle per store and a change is one `store://change` event, whose `resourceId` is
 * that id in every window. Only pages that loaded the store (in their current page load) may
 * use the id.
 */
class StoreResource implements PageResource {
  constructor(readonly store: StoreFile) {}
  /** The last page let go: the store stays loaded for the next `load` / `get_store` (as before). */
  close(): void {}
}
const isStore = (v: PageResource): v is StoreResource => v instanceof StoreResource;

/** A loaded store and the id that pages share for it (0 when no page holds it). */
interface Loaded {
  store: StoreFile;
  rid: number;
}

/** Loaded stores per app (by host), by canonical path. */
const loaded = new WeakMap<PluginHost, Map<string, Loaded>>();
function storesOf(host: PluginHost): Map<string, Loaded> {
  let m = loaded.get(host);
  if (!m) loaded.set(host, m = new Map());
  return m;
}

/** The calling page's id for `entry`: the shared one when it still lives, else a new one. */
function handleFor(ctx: Ctx<unknown>, entry: Loaded): number {
  if (entry.rid && (ctx.resources.holds(entry.rid) || ctx.resources.share(entry.rid))) {
    return entry.rid;
  }
  return entry.rid = ctx.resources.add(new StoreResource(entry.store));
}

/** The realpath of `path`, or of its nearest existing parent with the rest appended. */
async function canonical(path: string): Promise<string> {
  let head = path, tail = "";
  for (;;) {
    try {
      return normalizePath(`${await Deno.realPath(head)}/${tail}`);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    // realPath also fails on a symlink whose target is missing: writing there would follow it.
    const link = await Deno.lstat(head).then((s) => s.isSymlink, () => false);
    if (link || head === "/") return "";
    const cut = head.lastIndexOf("/");
    tail = `${head.slice(cut + 1)}/${tail}`;
    head = head.slice(0, cut) || "/";
  }
}

/**
 * The file for store `name`. Stores live in the app's data folder ($APPDATA) and nowhere else:
 * an absolute path or a `..` segment is refused, and so is a name that leads out of the folder
 * through a symlink (checked on the realpath of the nearest existing parent).
 */
async function storePath(ctx: Ctx<unknown>, name: string): Promise<string> {
  if (!name) throw new InvokeError("the store path is empty", undefined, "invalid-body");
  const refuse = (why: string) =>
    forbidden(
      `store path ${JSON.stringify(name)} ${why}: stores live in the app's data folder ` +
        `(use a relative path such as "settings.json")`,
      ctx.permission,
    );
  if (name.startsWith("/")) throw refuse("is absolute");
  if (name.split("/").includes("..")) throw refuse("contains ..");
  if (name.includes("\0")) throw refuse("contains a NUL character");
  const base = normalizePath(ctx.host.dirs.APPDATA);
  const [realBase, real] = await Promise.all([canonical(base), canonical(`${base}/${name}`)]);
  if (realBase && real === realBase) throw refuse("names the data folder itself");
  if (!realBase || !real.startsWith(`${realBase}/`)) throw refuse("leads out of it (symlink)");
  return real;
}

type Ctx<A> = PluginCallContext<A>;

const options = z.object({
  defaults: z.record(z.string(), z.unknown()).optional(),
  autoSave: z.union([z.boolean(), z.number().int().nonnegative()]).optional(),
  createNew: z.boolean().optional(),
  overrideDefaults: z.boolean().optional(),
  serializeFnName: z.undefined({ error: "custom serializers are not supported by panes" })
    .optional(),
  deserializeFnName: z.undefined({ error: "custom deserializers are not supported by panes" })
    .optional(),
}).nullish();

const rid = z.object({ rid: z.number().int() });
const ridKey = z.object({ rid: z.number().int(), key: z.string() });
const res = (ctx: Ctx<{ rid: number }>) => ctx.resources.get(ctx.args.rid, isStore, "store").store;

/** One `store://change` per change, whatever the number of pages and loads (Tauri's payload). */
function changed(ctx: Ctx<{ rid: number }>, store: StoreFile, key: string): void {
  const [value, exists] = store.get(key);
  ctx.host.emit("store://change", {
    path: store.path,
    resourceId: ctx.args.rid,
    key,
    value,
    exists,
  });
}

/** The store commands. */
export const storeCommands: CommandTable = {
  load: {
    args: z.object({ path: z.string(), options }),
    run: async (ctx: Ctx<{ path: string; options?: z.infer<typeof options> }>) => {
      const name = ctx.args.path;
      const path = await storePath(ctx, name);
      const stores = storesOf(ctx.host);
      let entry = stores.get(path);
      if (entry && ctx.args.options?.createNew) {
        throw new InvokeError(`store ${name} is already loaded (createNew)`, undefined, "store");
      }
      if (!entry) {
        const store = new StoreFile(path, ctx.args.options ?? {}, name);
        try {
          await store.load(ctx.args.options?.overrideDefaults ?? false);
        } catch (e) {
          throw new InvokeError((e as Error).message, undefined, "store");
        }
        // Another load of the same path may have finished while this one read the file.
        entry = stores.get(path);
        if (!entry) stores.set(path, entry = { store, rid: 0 });
      }
      return handleFor(ctx, entry);
    },
  },
  get_store: {
    args: z.object({ path: z.string() }),
    run: async (ctx: Ctx<{ path: string }>) => {
      const entry = storesOf(ctx.host).get(await storePath(ctx, ctx.args.path));
      return entry ? handleFor(ctx, entry) : null;
    },
  },
  set: {
    args: z.object({ rid: z.number().int(), key: z.string(), value: z.unknown() }),
    run: (ctx: Ctx<{ rid: number; key: string; value: unknown }>) => {
      const s = res(ctx);
      s.set(ctx.args.key, ctx.args.value ?? null);
      changed(ctx, s, ctx.args.key);
      return null;
    },
  },
  get: {
    args: ridKey,
    run: (ctx: Ctx<{ rid: number; key: string }>) => res(ctx).get(ctx.args.key),
  },
  has: {
    args: ridKey,
    run: (ctx: Ctx<{ rid: number; key: string }>) => res(ctx).has(ctx.args.key),
  },
  delete: {
    args: ridKey,
    run: (ctx: Ctx<{ rid: number; key: string }>) => {
      const s = res(ctx);
      const had = s.delete(ctx.args.key);
      if (had) changed(ctx, s, ctx.args.key);
      return had;
    },
  },
  clear: { args: rid, run: (ctx: Ctx<{ rid: number }>) => void res(ctx).clear() },
  reset: { args: rid, run: (ctx: Ctx<{ rid: number }>) => void res(ctx).reset() },
  keys: { args: rid, run: (ctx: Ctx<{ rid: number }>) => res(ctx).keys() },
  values: { args: rid, run: (ctx: Ctx<{ rid: number }>) => res(ctx).values() },
  entries: { args: rid, run: (ctx: Ctx<{ rid: number }>) => res(ctx).entries() },
  length: { args: rid, run: (ctx: Ctx<{ rid: number }>) => res(ctx).length },
  reload: {
    args: z.object({ rid: z.number().int(), ignoreDefaults: z.boolean().optional() }),
    run: async (ctx: Ctx<{ rid: number }>) => {
      try {
        await res(ctx).load();
      } catch (e) {
        throw new InvokeError((e as Error).message, undefined, "store");
      }
      return null;
    },
  },
  save: {
    args: rid,
    run: async (ctx: Ctx<{ rid: number }>) => {
      try {
        await res(ctx).save();
      } catch (e) {
        throw new InvokeError(`cannot save the store: ${(e as Error).message}`, undefined, "store");
      }
      return null;
    },
  },
};
