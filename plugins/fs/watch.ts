/**
 * fs `watch` / `watchImmediate`: file system changes on the page's channel, as Tauri's `WatchEvent`
 * (`{ type, paths, attrs }`). Every watched path is checked like any fs path; reported paths
 * outside the scope (or denied) are left out, so a watch never names a file the page cannot reach.
 * @module
 */

import { z } from "zod";
import { Channel } from "../../bridge/channel.ts";
import type { CommandTable, PageResource, PluginCallContext } from "../plugin.ts";
import { io } from "./io.ts";
import { reportableMatcher, resolvePath } from "./scope.ts";

/** Tauri's `WatchEvent` (notify's event kinds, as serialised). */
export interface WatchEvent {
  type: string | Record<string, Record<string, string>>;
  paths: string[];
  attrs: Record<string, never>;
}

/** A running watch, held by the page load that started it. */
class Watch implements PageResource {
  #timer: ReturnType<typeof setTimeout> | undefined;
  constructor(readonly watcher: Deno.FsWatcher, readonly channel: Channel<WatchEvent>) {}
  /** Delays a debounced flush. */
  schedule(fn: () => void, ms: number): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      fn();
    }, ms);
  }
  close(): void {
    clearTimeout(this.#timer);
    try {
      this.watcher.close();
    } catch { /* closed already */ }
    this.channel.close();
  }
}
const isWatch = (v: PageResource): v is Watch => v instanceof Watch;

/** notify's kind for a Deno kind (Deno does not tell files from folders: `any`). */
function kindOf(kind: Deno.FsEvent["kind"]): WatchEvent["type"] {
  switch (kind) {
    case "create":
    case "remove":
    case "access":
      return { [kind]: { kind: "any" } };
    case "modify":
      return { modify: { kind: "any" } };
    case "rename":
      return { modify: { kind: "rename", mode: "any" } };
    case "any":
      return "any";
    default:
      return "other";
  }
}

const watchArgs = z.object({
  paths: z.array(z.union([z.string(), z.instanceof(URL).transform(String)])).min(1),
  options: z.object({
    baseDir: z.number().int().nullish(),
    recursive: z.boolean().nullish(),
    delayMs: z.number().int().min(0).nullish(),
  }).nullish(),
  onEvent: Channel.of<WatchEvent>(),
});
type WatchArgs = z.infer<typeof watchArgs>;

/** Forwards `w`'s events, with only the paths the scope lets the page see, at once or grouped over `delayMs`. */
async function pump(w: Watch, reportable: (p: string) => boolean, delayMs: number | undefined) {
  let pending: WatchEvent[] = [];
  const send = (e: WatchEvent) => {
    if (!w.channel.isClosed) w.channel.send(e);
  };
  const flush = () => {
    const seen = new Set<string>();
    for (const e of pending) {
      const key = JSON.stringify(e);
      if (!seen.has(key)) send(e);
      seen.add(key);
    }
    pending = [];
  };
  try {
    for await (const e of w.watcher) {
      const paths = e.paths.filter(reportable);
      if (paths.length === 0) continue;
      const event: WatchEvent = { type: kindOf(e.kind), paths, attrs: {} };
      if (!delayMs) send(event);
      else {
        pending.push(event);
        w.schedule(flush, delayMs);
      }
    }
  } catch { /* closed */ }
}

/** The watch commands. */
export const watchCommands: CommandTable = {
  watch: {
    args: watchArgs,
    run: async (ctx: PluginCallContext<WatchArgs>) => {
      const channel = ctx.args.onEvent;
      try {
        const o = ctx.args.options ?? {};
        const paths: string[] = [];
        for (const p of ctx.args.paths) paths.push(await resolvePath(ctx, p, o.baseDir, "follow"));
        const reportable = await reportableMatcher(ctx);
        const watcher = await io(
          "cannot watch",
          paths.join(", "),
          () =>
            Promise.resolve().then(() => Deno.watchFs(paths, { recursive: o.recursive ?? false })),
        );
        const w = new Watch(watcher, channel);
        const rid = ctx.resources.add(w);
        void pump(w, reportable, o.delayMs ?? undefined);
        return rid;
      } catch (e) {
        channel.close();
        throw e;
      }
    },
  },
  unwatch: {
    args: z.object({ rid: z.number().int() }),
    run: async (ctx: PluginCallContext<{ rid: number }>) => {
      ctx.resources.get(ctx.args.rid, isWatch, "watcher");
      await ctx.resources.close(ctx.args.rid);
      return null;
    },
  },
};
