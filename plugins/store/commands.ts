/** store commands with the shapes `@tauri-apps/plugin-store` sends. @module */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import { normalizePath } from "../paths.ts";
import type { CommandTable, PageResource, PluginCallContext, PluginHost } from "../plugin.ts";
import { StoreFile } from "./store_file.ts";

/** A page's handle on a store (one per `load`; several may share a file). */
class StoreResource implements PageResource {
  constructor(readonly store: StoreFile) {}
  /** Closing a handle keeps the store loaded for other handles (as in Tauri). */
  close(): void {}
}
const isStore = (v: PageResource): v is StoreResource => v instanceof StoreResource;

/** Loaded stores per app (by host), by absolute path. */
const loaded = new WeakMap<PluginHost, Map<string, StoreFile>>();
function storesOf(host: PluginHost): Map<string, StoreFile> {
  let m = loaded.get(host);
  if (!m) loaded.set(host, m = new Map());
  return m;
}

/** A store path: relative ones live in $APPDATA (as in Tauri). */
function storePath(host: PluginHost, path: string): string {
  if (!path) throw new InvokeError("the store path is empty", undefined, "invalid-body");
  return normalizePath(path.startsWith("/") ? path : `${host.dirs.APPDATA}/${path}`);
}

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

type Ctx<A> = PluginCallContext<A>;
const rid = z.object({ rid: z.number().int() });
const ridKey = z.object({ rid: z.number().int(), key: z.string() });
const res = (ctx: Ctx<{ rid: number }>) =>
  ctx.host.resources.get(ctx.args.rid, isStore, "store").store;

function changed(ctx: Ctx<{ rid: number }>, store: StoreFile, key: string): void {
  const [value, exists] = store.get(key);
  for (const [id, r] of ctx.host.resources.all(isStore)) {
    if (r.store === store) {
      ctx.host.emit("store://change", { path: store.path, resourceId: id, key, value, exists });
    }
  }
}

/** The store commands. */
export const storeCommands: CommandTable = {
  load: {
    args: z.object({ path: z.string(), options }),
    run: async (ctx: Ctx<{ path: string; options?: z.infer<typeof options> }>) => {
      const path = storePath(ctx.host, ctx.args.path);
      const stores = storesOf(ctx.host);
      let store = stores.get(path);
      if (store && ctx.args.options?.createNew) {
        throw new InvokeError(`store ${path} is already loaded (createNew)`, undefined, "store");
      }
      if (!store) {
        store = new StoreFile(path, ctx.args.options ?? {});
        try {
          await store.load(ctx.args.options?.overrideDefaults ?? false);
        } catch (e) {
          throw new InvokeError((e as Error).message, undefined, "store");
        }
        stores.set(path, store);
      }
      return ctx.host.resources.add(new StoreResource(store), ctx.window.label);
    },
  },
  get_store: {
    args: z.object({ path: z.string() }),
    run: (ctx: Ctx<{ path: string }>) => {
      const store = storesOf(ctx.host).get(storePath(ctx.host, ctx.args.path));
      return store ? ctx.host.resources.add(new StoreResource(store), ctx.window.label) : null;
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
