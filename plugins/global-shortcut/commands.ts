/**
 * global-shortcut commands (Tauri's names and shapes): `register` / `register_all` with a channel
 * that hears `{ shortcut, id, state }`, `unregister`, `unregister_all`, `is_registered`. The
 * registrations belong to the app (any window sees and can remove them, as in Tauri); one whose
 * page went away (its channel closed) is let go, so no key stays grabbed with nobody listening.
 * @module
 */

import { z } from "zod";
import { Channel } from "../../bridge/channel.ts";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PluginCallContext, PluginHost } from "../plugin.ts";
import type { KeyState } from "../native.ts";
import { parseShortcut, type Shortcut } from "./shortcut.ts";

/** What the page's handler receives (Tauri's `ShortcutEvent`). */
export interface ShortcutEvent {
  shortcut: string;
  id: number;
  state: KeyState;
}

interface Registration {
  shortcut: Shortcut;
  channel: Channel<ShortcutEvent>;
}

/** Each app's registrations by shortcut name (the plugin definition is shared by apps). */
const registries = new WeakMap<PluginHost, Map<string, Registration>>();

function registry(host: PluginHost): Map<string, Registration> {
  let r = registries.get(host);
  if (!r) registries.set(host, r = new Map());
  return r;
}

function failed(e: unknown): InvokeError {
  if (e instanceof InvokeError) return e;
  return new InvokeError(e instanceof Error ? e.message : String(e), undefined, "global-shortcut");
}

async function release(host: PluginHost, names: string[]): Promise<void> {
  const reg = registry(host);
  const errors: string[] = [];
  for (const name of names) {
    const r = reg.get(name);
    if (!r) continue;
    reg.delete(name);
    try {
      await host.globalKeys.ungrab(r.shortcut);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (errors.length) throw failed(new Error(errors.join("; ")));
}

const registerArgs = z.object({
  shortcuts: z.array(z.string()),
  handler: Channel.of<ShortcutEvent>(),
});
type RegisterArgs = z.infer<typeof registerArgs>;

async function register(ctx: PluginCallContext<RegisterArgs>): Promise<null> {
  const { host } = ctx;
  const reg = registry(host);
  // Every string is checked before any key is grabbed: a bad one changes nothing.
  const shortcuts = ctx.args.shortcuts.map(parseShortcut);
  const seen = new Set<string>();
  for (const s of shortcuts) {
    if (reg.has(s.name) || seen.has(s.name)) {
      throw failed(new Error(`${s.name} is already registered`));
    }
    seen.add(s.name);
  }
  const channel = ctx.args.handler;
  const done: string[] = [];
  for (const s of shortcuts) {
    try {
      await host.globalKeys.grab(s, (state) => {
        if (reg.get(s.name)?.channel !== channel || channel.isClosed) return;
        channel.send({ shortcut: s.name, id: s.id, state });
      });
    } catch (e) {
      // All or nothing: the ones grabbed for this call are let go again.
      await release(host, done).catch(() => {});
      throw failed(e);
    }
    reg.set(s.name, { shortcut: s, channel });
    done.push(s.name);
  }
  void channel.closed.then(() => {
    const mine = [...reg].filter(([, r]) => r.channel === channel).map(([n]) => n);
    return release(host, mine);
  }).catch((e) => console.error("panes: global-shortcut: releasing a page's shortcuts:", e));
  return null;
}

/** The global-shortcut commands. */
export const globalShortcutCommands: CommandTable = {
  register: { args: registerArgs, run: register },
  // The 2.0 guest package's registerAll; the same call since 2.1 is register with a list.
  register_all: { args: registerArgs, run: register },
  unregister: {
    args: z.object({ shortcuts: z.array(z.string()) }),
    run: async (ctx: PluginCallContext<{ shortcuts: string[] }>) => {
      const names = ctx.args.shortcuts.map((s) => parseShortcut(s).name);
      await release(ctx.host, names);
      return null;
    },
  },
  unregister_all: {
    args: z.object({}).passthrough().nullish(),
    run: async (ctx: PluginCallContext<unknown>) => {
      await release(ctx.host, [...registry(ctx.host).keys()]);
      return null;
    },
  },
  is_registered: {
    args: z.object({ shortcut: z.string() }),
    run: (ctx: PluginCallContext<{ shortcut: string }>) =>
      registry(ctx.host).has(parseShortcut(ctx.args.shortcut).name),
  },
};

/** Lets go of every shortcut of the app (it is being destroyed). */
export function releaseAll(host: PluginHost): Promise<void> {
  return release(host, [...registry(host).keys()]);
}
