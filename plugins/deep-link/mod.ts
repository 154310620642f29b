/**
 * The deep-link plugin (`@tauri-apps/plugin-deep-link`): the app as a URL scheme's handler on a
 * freedesktop system, the URL it was started with, and (with single-instance) URLs opened while
 * it runs, as the `deep-link://new-url` event.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import { definePlugin, pageCall, type Plugin, type PluginHost } from "../plugin.ts";
import { launchCommand } from "../launch_command.ts";
import { onSecondInstance } from "../single-instance/handoff.ts";
import {
  checkScheme,
  entrySchemes,
  isDefaultFor,
  registerScheme,
  SCHEME,
  unregisterScheme,
} from "./desktop_entry.ts";
import { installDeepLinkApi } from "./page.ts";

/** The event pages hear (`onOpenUrl`), with the opened URLs. */
export const NEW_URL_EVENT = "deep-link://new-url";

/** Options of {@linkcode createDeepLinkPlugin}. */
export interface DeepLinkOptions {
  /** Schemes the app handles (Tauri's `plugins.deep-link.desktop.schemes`), without `://`. */
  schemes?: string[];
  /**
   * The command the desktop runs with the URL appended (default: how this process was started,
   * the app's own arguments left out: `deno run <flags> /abs/main.ts`, or the compiled binary).
   */
  command?: string[];
}

interface State {
  current: string[] | null;
  stop?: () => void;
}

/**
 * The URL in `args` (program first) when it is the only argument and its scheme is one the app
 * handles, as Tauri reads a launch on Linux.
 */
async function urlFromArgs(
  host: PluginHost,
  configured: string[],
  args: string[],
): Promise<string | undefined> {
  if (args.length !== 2) return undefined;
  let url: URL;
  try {
    url = new URL(args[1]);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const known = new Set([...configured, ...await entrySchemes(host).catch(() => [])]);
  return known.has(scheme) ? url.href : undefined;
}

/**
 * A deep-link plugin with the schemes the app handles (the plugin `"deep-link"` by name knows
 * only the schemes registered through it).
 *
 * @example
 * ```ts
 * import { App } from "@panes/panes";
 * import { createDeepLinkPlugin, createSingleInstancePlugin } from "@panes/panes/plugins";
 *
 * await using app = new App({
 *   identifier: "com.example.notes",
 *   plugins: [createSingleInstancePlugin(), createDeepLinkPlugin({ schemes: ["notes"] })],
 *   capabilities: ["deep-link:default"],
 * });
 * // page: onOpenUrl((urls) => …) from @tauri-apps/plugin-deep-link
 * ```
 */
export function createDeepLinkPlugin(options: DeepLinkOptions = {}): Plugin {
  const configured = (options.schemes ?? []).map((s) => {
    if (!SCHEME.test(s)) throw new TypeError(`deep-link: "${s}" is not a URL scheme`);
    return s.toLowerCase();
  });
  const states = new WeakMap<PluginHost, State>();
  const state = (host: PluginHost): State => {
    let s = states.get(host);
    if (!s) states.set(host, s = { current: null });
    return s;
  };
  const command = () => options.command ?? launchCommand();
  const protocolArgs = z.object({ protocol: z.string() });
  /** A failure of the desktop side (a folder not writable) as a clear error, not "internal". */
  const clear = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      if (e instanceof InvokeError) throw e;
      throw new InvokeError(
        `deep-link: ${e instanceof Error ? e.message : e}`,
        undefined,
        "deep-link",
      );
    }
  };
  type ProtocolArgs = z.infer<typeof protocolArgs>;
  return definePlugin({
    name: "deep-link",
    description: "Handle URL schemes: the URL the app was opened with, and those opened later.",
    commands: {
      get_current: { run: (ctx) => state(ctx.host).current },
      register: {
        args: protocolArgs,
        run: async (ctx: { host: PluginHost; args: ProtocolArgs }) => {
          await clear(() => registerScheme(ctx.host, checkScheme(ctx.args.protocol), command()));
          return null;
        },
      },
      unregister: {
        args: protocolArgs,
        run: async (ctx: { host: PluginHost; args: ProtocolArgs }) => {
          await clear(() => unregisterScheme(ctx.host, checkScheme(ctx.args.protocol), command()));
          return null;
        },
      },
      is_registered: {
        args: protocolArgs,
        run: (ctx: { host: PluginHost; args: ProtocolArgs }) =>
          clear(() => isDefaultFor(ctx.host, checkScheme(ctx.args.protocol))),
      },
    },
    permissions: {
      default: {
        description: "Allows reading the opened deep link via the get_current command",
        permissions: ["allow-get-current"],
      },
    },
    pageScript: () => pageCall(installDeepLinkApi, null),
    async setup(host) {
      const s = state(host);
      const url = await urlFromArgs(host, configured, ["", ...Deno.args]);
      s.current = url ? [url] : null;
      // With single-instance, a later launch's URL arrives here instead of starting a new app.
      s.stop = onSecondInstance(host, (args) => {
        void urlFromArgs(host, configured, args).then((u) => {
          if (!u) return;
          s.current = [u];
          host.emit(NEW_URL_EVENT, [u]);
        });
      });
    },
    teardown(host) {
      states.get(host)?.stop?.();
      states.delete(host);
    },
  });
}

/** The deep-link plugin by name: it handles the schemes registered through it. */
export const deepLinkPlugin: Plugin = createDeepLinkPlugin();
