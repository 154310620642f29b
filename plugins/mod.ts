/**
 * The plugin registry (by Tauri's names, PyWry's underscore spellings
 * accepted) and the per-app runtime that checks capabilities and runs
 * `plugin:<name>|<command>` calls.
 * @module
 */

import { type ChannelSink, parseWithChannels } from "../bridge/channel.ts";
import { InvokeError } from "../bridge/invoke_error.ts";
import type { InvokeAnswer, InvokeRequest } from "../bridge/peer.ts";
import { CapabilityGuard, type CapabilityInput, closest } from "../app/capabilities.ts";
import type { Plugin, PluginHost, PluginWindow } from "./plugin.ts";
import { AppResources, ResourceOwner } from "./plugin.ts";
import { appDirs } from "./paths.ts";
import { fsPlugin } from "./fs/mod.ts";
import { clipboardPlugin } from "./clipboard-manager/mod.ts";
import { osPlugin } from "./os/mod.ts";
import { storePlugin } from "./store/mod.ts";
import { notificationPlugin } from "./notification/mod.ts";
import { dialogPlugin } from "./dialog/mod.ts";
import { openerPlugin } from "./opener/mod.ts";
import { shellPlugin } from "./shell/mod.ts";
import { processPlugin } from "./process/mod.ts";
import { logPlugin } from "./log/mod.ts";
import { httpPlugin } from "./http/mod.ts";
import { windowStatePlugin } from "./window-state/mod.ts";

export type {
  Plugin,
  PluginCallContext,
  PluginCommand,
  PluginHost,
  PluginPermission,
  PluginWindow,
  ResourceTable,
  ScopeSet,
} from "./plugin.ts";
export { definePlugin } from "./plugin.ts";
export { createWindowStatePlugin, type WindowStateOptions } from "./window-state/mod.ts";
export { StateFlags } from "./window-state/commands.ts";

/** The built-in plugins by name. */
export const BUILTIN_PLUGINS: Readonly<Record<string, Plugin>> = {
  fs: fsPlugin,
  "clipboard-manager": clipboardPlugin,
  os: osPlugin,
  store: storePlugin,
  notification: notificationPlugin,
  dialog: dialogPlugin,
  opener: openerPlugin,
  shell: shellPlugin,
  process: processPlugin,
  log: logPlugin,
  http: httpPlugin,
  "window-state": windowStatePlugin,
};

/** A plugin by name (`clipboard-manager` or `clipboard_manager`); a clear error with a hint otherwise. */
export function pluginByName(name: string): Plugin {
  if (typeof name !== "string") {
    throw new TypeError(
      `plugins: expected a plugin name or definition, got ${JSON.stringify(name)}`,
    );
  }
  const plugin = BUILTIN_PLUGINS[name] ?? BUILTIN_PLUGINS[name.replaceAll("_", "-")];
  if (plugin) return plugin;
  const hint = closest(name.replaceAll("_", "-"), Object.keys(BUILTIN_PLUGINS));
  throw new TypeError(
    `unknown plugin "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}; known: ${
      Object.keys(BUILTIN_PLUGINS).join(", ")
    }`,
  );
}

/** What the runtime needs from the app. */
export interface PluginAppHooks {
  /** Emits a Tauri-flavoured event to every window and host listener. */
  emit(event: string, payload: unknown): void;
  /** An open window by label. */
  window(label: string): PluginWindow | undefined;
  /** Open window labels. */
  windows(): string[];
}

/** Builds an app's runtime from its options (plugin names, capability list). */
export function createPluginRuntime(
  options: {
    plugins?: Array<string | Plugin>;
    capabilities?: CapabilityInput[];
    identifier: string;
    debug: boolean;
  },
  hooks: PluginAppHooks,
): PluginRuntime {
  if (options.plugins !== undefined && !Array.isArray(options.plugins)) {
    throw new TypeError("App: plugins must be an array of plugin names or definitions");
  }
  const plugins = (options.plugins ?? []).map((p) => typeof p === "string" ? pluginByName(p) : p);
  const seen = new Set<string>();
  for (const p of plugins) {
    if (!p || typeof p.name !== "string" || typeof p.commands !== "object") {
      throw new TypeError(`App: plugins: ${JSON.stringify(p)} is not a plugin name or definition`);
    }
    if (seen.has(p.name)) throw new TypeError(`App: plugin "${p.name}" is listed twice`);
    seen.add(p.name);
  }
  return new PluginRuntime(
    plugins,
    (map) => new CapabilityGuard(options.capabilities ?? [], map),
    options.identifier,
    options.debug,
    hooks,
  );
}

const COMMAND_RE = /^plugin:([^|]+)\|(.+)$/;

/** One app's enabled plugins, capability guard and resources. */
export class PluginRuntime {
  /** Enabled plugins by name. */
  readonly plugins: ReadonlyMap<string, Plugin>;
  /** What plugin commands see of the app. */
  readonly host: PluginHost;
  readonly #guard: CapabilityGuard;
  #script: string | undefined;
  /** Resources handed to pages, each held by the page load that made it. */
  readonly #resources = new AppResources();
  /** The current page load of each window, as a resource owner. */
  readonly #pages = new Map<string, ResourceOwner>();

  constructor(
    plugins: Plugin[],
    guard: (plugins: ReadonlyMap<string, Plugin>) => CapabilityGuard,
    identifier: string,
    debug: boolean,
    hooks: PluginAppHooks,
  ) {
    const map = new Map<string, Plugin>();
    for (const p of plugins) map.set(p.name, p);
    this.plugins = map;
    this.#guard = guard(map);
    this.host = {
      identifier,
      dirs: appDirs(identifier, (k) => {
        try {
          return Deno.env.get(k);
        } catch {
          return undefined;
        }
      }),
      debug,
      emit: (e, p) => hooks.emit(e, p),
      window: (l) => hooks.window(l),
      get windows() {
        return hooks.windows();
      },
    };
  }

  /** The page-side API of every enabled plugin, appended to the bridge script. */
  pageScript(): string {
    if (this.#script === undefined) {
      this.#script = [...this.plugins.values()].map((p) => {
        if (!p.pageScript) return "";
        // One plugin's page API failing must not break the others or the page.
        return `try{${
          p.pageScript(this.host)
        }}catch(e){console.error("panes: plugin ${p.name} page API:",e)}\n`;
      }).join("");
    }
    return this.#script;
  }

  /**
   * Checks and, for plugin commands, runs `req`. Answers `forbidden` when
   * the window lacks the permission; returns `undefined` for calls the app
   * routes itself (events, pyfunc and app commands) once they pass the check.
   * `channels` is the calling page's sink: a `Channel.of()` in a plugin's
   * argument schema becomes a host `Channel` bound to it.
   */
  route(
    label: string,
    url: string,
    req: InvokeRequest,
    hostLoaded: boolean,
    channels: ChannelSink,
  ): Promise<InvokeAnswer> | undefined {
    // An origin the host loaded itself (show({ url }), a dev server) counts as app content, as
    // Tauri's devUrl does; an origin the page navigated to needs a capability naming it.
    if (hostLoaded) url = "panes://app/";
    const m = COMMAND_RE.exec(req.cmd);
    if (!m) return this.#denied(this.#guard.checkApp(label, url, req.cmd));
    const [, name, cmd] = m;
    if (name === "event") return this.#denied(this.#guard.checkCore(label, url, req.cmd));
    if (name === "pytauri") {
      return this.#denied(this.#guard.checkApp(label, url, req.headers["pyfunc"] ?? "pyfunc"));
    }
    if (name === "resources") {
      const d = this.#guard.checkCore(label, url, req.cmd);
      if (!d.ok) return forbiddenAnswer(d.message, d.permission);
      if (cmd !== "close") return unknown(`unknown command "${req.cmd}"`);
      const rid = (req.body as { rid?: unknown } | null)?.rid;
      return this.#resources.close(this.#owner(label, channels), rid).then(
        () => ({ ok: true, value: null }),
        (e) => errorAnswer(e, req.cmd, this.host.debug),
      );
    }
    const plugin = this.plugins.get(name);
    if (!plugin) {
      const known = BUILTIN_PLUGINS[name] !== undefined;
      return unknown(
        known
          ? `plugin "${name}" is not enabled (add "${name}" to the app's plugins)`
          : `unknown plugin "${name}" in "${req.cmd}"`,
      );
    }
    const command = plugin.commands[cmd];
    if (!command) {
      const hint = closest(cmd, Object.keys(plugin.commands));
      return unknown(
        `plugin ${name} has no command "${cmd}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
      );
    }
    const decision = this.#guard.checkPlugin(label, url, name, cmd);
    if (!decision.ok) return forbiddenAnswer(decision.message, decision.permission);
    const win = this.host.window(label);
    if (!win) return Promise.resolve({ ok: false, error: { message: `window "${label}" closed` } });
    let args: unknown = req.body;
    if (command.args === "bytes") {
      if (!(args instanceof Uint8Array)) {
        return invalid(`${req.cmd} expects a binary body`);
      }
    } else if (command.args) {
      if (args instanceof Uint8Array) {
        try {
          args = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(args));
        } catch {
          return invalid(`${req.cmd} expects a JSON body`);
        }
      }
      // Only after the permission check: binding a channel registers it with the page.
      const r = parseWithChannels(command.args, args ?? {}, channels);
      if (!r.ok) return invalid(`invalid arguments for ${req.cmd}: ${r.text}`);
      args = r.value;
    }
    const resources = this.#resources.scoped(this.#owner(label, channels));
    const run = async (): Promise<InvokeAnswer> => {
      try {
        const value = await command.run({
          args: args as never,
          headers: req.headers,
          window: win,
          host: this.host,
          resources,
          scope: decision.scope,
          permission: decision.permission,
        });
        return { ok: true, value: value === undefined ? null : value };
      } catch (e) {
        return errorAnswer(e, req.cmd, this.host.debug);
      }
    };
    return run();
  }

  /**
   * The resource owner for the page now in window `label`. The first call from a page makes it
   * and ties it to the page-gone hook: when the page is replaced or the window goes, everything
   * the page holds is closed, and its ids stop working (the next page gets a new owner).
   */
  #owner(label: string, channels: ChannelSink): ResourceOwner {
    let owner = this.#pages.get(label);
    if (owner && !owner.gone) return owner;
    const fresh = owner = new ResourceOwner(label);
    this.#pages.set(label, fresh);
    channels.onGone(() => {
      if (this.#pages.get(label) === fresh) this.#pages.delete(label);
      void this.#resources.releaseAll(fresh);
    });
    return fresh;
  }

  /**
   * Runs every plugin's `windowOpened` for the window `label`. A hook that fails is logged with
   * the plugin's name and does not stop the window from opening.
   */
  async windowOpened(label: string): Promise<void> {
    for (const p of this.plugins.values()) {
      const win = this.host.window(label);
      if (!p.windowOpened || !win) continue;
      await this.#track(p, "windowOpened", () => p.windowOpened!(this.host, win));
    }
  }

  /** Runs every plugin's `windowClosed` for the window `label` (see `settled`). */
  windowClosed(label: string, state: Record<string, unknown> | undefined): void {
    for (const p of this.plugins.values()) {
      if (p.windowClosed) {
        void this.#track(p, "windowClosed", () => p.windowClosed!(this.host, label, state));
      }
    }
  }

  /** Resolves when every hook started so far has finished (saves on close land before exit). */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.all(this.#pending);
  }

  #pending = new Set<Promise<void>>();

  #track(p: Plugin, hook: string, run: () => void | Promise<void>): Promise<void> {
    const done = (async () => {
      try {
        await run();
      } catch (e) {
        console.error(`panes: plugin ${p.name} ${hook} failed:`, e);
      }
    })();
    this.#pending.add(done);
    void done.finally(() => this.#pending.delete(done));
    return done;
  }

  /** Whether any capability names the (remote) origin of `url` for the window `label`. */
  remoteGranted(label: string, url: string): boolean {
    return this.#guard.remoteGranted(label, url);
  }

  /** Whether the page `url` may send and hear events: local content, or a `core:*` grant. */
  eventsGranted(label: string, url: string): boolean {
    return this.#guard.checkCore(label, url, "events").ok;
  }

  #denied(d: ReturnType<CapabilityGuard["checkApp"]>): Promise<InvokeAnswer> | undefined {
    return d.ok ? undefined : forbiddenAnswer(d.message, d.permission);
  }
}

function forbiddenAnswer(message: string, permission: string): Promise<InvokeAnswer> {
  return Promise.resolve({
    ok: false,
    error: { message, code: "forbidden", data: { permission } },
  });
}

function unknown(message: string): Promise<InvokeAnswer> {
  return Promise.resolve({ ok: false, error: { message, code: "unknown-command" } });
}

function invalid(message: string): Promise<InvokeAnswer> {
  return Promise.resolve({ ok: false, error: { message, code: "invalid-body" } });
}

function errorAnswer(e: unknown, cmd: string, debug: boolean): InvokeAnswer {
  if (e instanceof InvokeError) {
    return { ok: false, error: { message: e.message, code: e.code, data: e.data } };
  }
  console.error(`panes: ${cmd} failed:`, e);
  return {
    ok: false,
    error: {
      message: debug
        ? `${cmd} failed: ${e instanceof Error ? e.message : String(e)}`
        : `${cmd} failed (internal error; enable debug for details)`,
      code: "internal",
    },
  };
}
