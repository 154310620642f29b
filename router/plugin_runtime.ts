/**
 * One app's enabled plugins at run time: which are enabled (by Tauri's names, PyWry's underscore
 * spellings accepted), the host they see, their page APIs, their hooks on window open and close,
 * and the resources they hand to pages. Whether a page may call a plugin command is the
 * router's decision (`router/router.ts`); this runs what it lets through.
 * @module
 */

import { type ChannelSink, parseWithChannels } from "../bridge/channel.ts";
import type { InvokeAnswer, InvokeRequest } from "../bridge/peer.ts";
import { closest } from "./capabilities.ts";
import type {
  Plugin,
  PluginCommand,
  PluginHost,
  PluginWindow,
  ScopeSet,
} from "../plugins/plugin.ts";
import { AppResources, ResourceOwner } from "../plugins/plugin.ts";
import { appDirs } from "../plugins/paths.ts";
import type { DesktopNotifications, GlobalKeys } from "../plugins/native.ts";
import { BUILTIN_PLUGINS } from "../plugins/mod.ts";

/**
 * The built-in plugin's name for `name` (`clipboard-manager` or `clipboard_manager`); a clear
 * error with a hint otherwise.
 */
export function builtinName(name: string): string {
  if (typeof name !== "string") {
    throw new TypeError(
      `plugins: expected a plugin name or definition, got ${JSON.stringify(name)}`,
    );
  }
  for (const n of [name, name.replaceAll("_", "-")]) {
    if (Object.hasOwn(BUILTIN_PLUGINS, n)) return n;
  }
  const hint = closest(name.replaceAll("_", "-"), Object.keys(BUILTIN_PLUGINS));
  throw new TypeError(
    `unknown plugin "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}; known: ${
      Object.keys(BUILTIN_PLUGINS).join(", ")
    }`,
  );
}

/** A built-in plugin by name, loaded once per process (see `builtinName` for the names). */
export function pluginByName(name: string): Promise<Plugin> {
  const n = builtinName(name);
  let p = loaded.get(n);
  if (!p) {
    p = BUILTIN_PLUGINS[n]();
    loaded.set(n, p);
    p.catch(() => loaded.delete(n));
  }
  return p;
}

const loaded = new Map<string, Promise<Plugin>>();

/** Loads one of Tauri's core plugins (`window`, `path`, …), given by the app. */
export type CorePluginLoaders = Readonly<Record<string, () => Promise<Plugin>>>;

/** What the runtime needs from the app. */
export interface PluginAppHooks {
  /** Tauri's core plugins the app answers, loaded on their first permitted call. */
  core?: CorePluginLoaders;
  /** Emits a Tauri-flavoured event to every window and host listener. */
  emit(event: string, payload: unknown): void;
  /** An open window by label. */
  window(label: string): PluginWindow | undefined;
  /** Open window labels. */
  windows(): string[];
  /** The desktop's notifications. */
  notifications: DesktopNotifications;
  /** Keys grabbed for the whole desktop. */
  globalKeys: GlobalKeys;
  /** Hears an app event on the host side; returns the function that stops it. */
  on(event: string, handler: (payload: unknown) => void): () => void;
}

/** Builds an app's runtime from its options (plugin names or definitions). */
export function createPluginRuntime(
  options: {
    plugins?: Array<string | Plugin>;
    identifier: string;
    debug: boolean;
  },
  hooks: PluginAppHooks,
): PluginRuntime {
  if (options.plugins !== undefined && !Array.isArray(options.plugins)) {
    throw new TypeError("App: plugins must be an array of plugin names or definitions");
  }
  // Built-in plugins given by name are loaded by `load()`, before the app's first window.
  const plugins: Array<string | Plugin> = (options.plugins ?? []).map((p) =>
    typeof p === "string" ? builtinName(p) : p
  );
  const seen = new Set<string>();
  for (const p of plugins) {
    if (typeof p === "string") {
      if (seen.has(p)) throw new TypeError(`App: plugin "${p}" is listed twice`);
      seen.add(p);
      continue;
    }
    if (!p || typeof p.name !== "string" || typeof p.commands !== "object") {
      throw new TypeError(`App: plugins: ${JSON.stringify(p)} is not a plugin name or definition`);
    }
    if (seen.has(p.name)) throw new TypeError(`App: plugin "${p.name}" is listed twice`);
    seen.add(p.name);
  }
  return new PluginRuntime(
    plugins,
    options.identifier,
    options.debug,
    hooks,
  );
}

/** One app's enabled plugins, their host and resources. */
export class PluginRuntime {
  /**
   * Enabled plugins by name, in the order given. A built-in plugin given by name is `null` until
   * `load()` has loaded it.
   */
  readonly plugins: ReadonlyMap<string, Plugin | null>;
  #loaded: Promise<void> | undefined;
  /** What plugin commands see of the app. */
  readonly host: PluginHost;
  #script: string | undefined;
  /** Resources handed to pages, each held by the page load that made it. */
  readonly #resources = new AppResources();
  /** The current page load of each window, as a resource owner. */
  readonly #pages = new Map<string, ResourceOwner>();
  readonly #hooks: PluginAppHooks;

  constructor(
    plugins: Array<string | Plugin>,
    identifier: string,
    debug: boolean,
    hooks: PluginAppHooks,
  ) {
    const map = new Map<string, Plugin | null>();
    for (const p of plugins) {
      map.set(typeof p === "string" ? p : p.name, typeof p === "string" ? null : p);
    }
    this.plugins = map;
    this.#hooks = hooks;
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
      notifications: hooks.notifications,
      globalKeys: hooks.globalKeys,
      emit: (e, p) => hooks.emit(e, p),
      on: (e, h) => hooks.on(e, h),
      window: (l) => hooks.window(l),
      get windows() {
        return hooks.windows();
      },
    };
  }

  /** Whether every enabled plugin is loaded (no built-in plugin was given by name, or `load()` ran). */
  get isLoaded(): boolean {
    return [...this.plugins.values()].every((p) => p !== null);
  }

  /** Loads the built-in plugins given by name (once; their modules are imported only now). */
  load(): Promise<void> {
    return this.#loaded ??= (async () => {
      const map = this.plugins as Map<string, Plugin | null>;
      const names = [...map].filter(([, p]) => p === null).map(([n]) => n);
      const loaded = await Promise.all(names.map(pluginByName));
      names.forEach((n, i) => map.set(n, loaded[i]));
    })();
  }

  /**
   * Runs every plugin's `setup` once, in order (after `load()` and the capability check); a
   * failing setup rejects, and with it the app's first `show()`.
   */
  setUp(): Promise<void> {
    return this.#settingUp ??= (async () => {
      for (const p of this.#enabled()) {
        if (!p.setup) continue;
        this.#setUp.push(p);
        try {
          await p.setup(this.host);
        } catch (e) {
          throw new Error(
            `plugin ${p.name} failed to start: ${e instanceof Error ? e.message : e}`,
          );
        }
      }
    })();
  }

  #settingUp: Promise<void> | undefined;
  #setUp: Plugin[] = [];

  /** Runs the `teardown` of every plugin whose `setup` ran or that has no setup (app destroyed). */
  async teardown(): Promise<void> {
    if (this.#tornDown) return;
    this.#tornDown = true;
    for (const p of this.#enabled()) {
      if (!p.teardown || (p.setup && !this.#setUp.includes(p))) continue;
      await this.#track(p, "teardown", () => p.teardown!(this.host));
    }
  }

  #tornDown = false;

  /** The loaded plugins. */
  #enabled(): Plugin[] {
    return [...this.plugins.values()].filter((p): p is Plugin => p !== null);
  }

  /** The page-side API of every enabled plugin, appended to the bridge script (after `load()`). */
  pageScript(): string {
    if (this.#script === undefined) {
      this.#script = this.#enabled().map((p) => {
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
   * The plugin and command that `plugin:<name>|<command>` names, or the answer for a name that
   * is not there (a plugin not enabled, an unknown command, with a hint).
   */
  find(
    name: string,
    cmd: string,
  ): { plugin: Plugin; command: PluginCommand<never> } | InvokeAnswer {
    const plugin = this.plugins.get(name);
    if (!plugin) {
      const known = Object.hasOwn(BUILTIN_PLUGINS, name);
      return unknown(
        known
          ? `plugin "${name}" is not enabled (add "${name}" to the app's plugins)`
          : `unknown plugin "${name}" in "plugin:${name}|${cmd}"`,
      );
    }
    const command = plugin.commands[cmd];
    if (!command) {
      const hint = closest(cmd, Object.keys(plugin.commands));
      return unknown(
        `plugin ${name} has no command "${cmd}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
      );
    }
    return { plugin, command };
  }

  /**
   * The core plugin command `plugin:<name>|<cmd>` (the plugin loads on first use), or the answer
   * for one panes does not answer yet or that has no such command.
   */
  async findCore(
    name: string,
    cmd: string,
  ): Promise<{ plugin: Plugin; command: PluginCommand<never> } | InvokeAnswer> {
    const load = this.#hooks.core?.[name];
    if (!load) {
      return {
        ok: false,
        error: {
          message:
            `plugin:${name}|${cmd}: Tauri's core ${name} plugin is not answered by panes yet`,
          code: "unsupported",
        },
      };
    }
    let p = this.#core.get(name);
    if (!p) {
      p = load();
      this.#core.set(name, p);
      p.catch(() => this.#core.delete(name));
    }
    const plugin = await p;
    const command = plugin.commands[cmd];
    if (!command) {
      const hint = closest(cmd, Object.keys(plugin.commands));
      return unknown(
        `plugin ${name} has no command "${cmd}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
      );
    }
    return { plugin, command };
  }

  readonly #core = new Map<string, Promise<Plugin>>();

  /**
   * Parses a permitted call's arguments (a `Channel.of()` in the schema becomes a host channel
   * bound to the calling page: only after the permission check, as binding registers it) and
   * returns the handler to run, or the answer for bad arguments.
   */
  prepare(
    label: string,
    cmdName: string,
    command: PluginCommand<never>,
    req: InvokeRequest,
    channels: ChannelSink,
    decision: { scope: ScopeSet; permission: string },
  ): (() => Promise<unknown>) | InvokeAnswer {
    const win = this.host.window(label);
    if (!win) return { ok: false, error: { message: `window "${label}" closed` } };
    let args: unknown = req.body;
    if (command.args === "bytes") {
      if (!(args instanceof Uint8Array)) return invalid(`${cmdName} expects a binary body`);
    } else if (command.args) {
      if (args instanceof Uint8Array) {
        try {
          args = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(args));
        } catch {
          return invalid(`${cmdName} expects a JSON body`);
        }
      }
      const r = parseWithChannels(command.args, args ?? {}, channels);
      if (!r.ok) return invalid(`invalid arguments for ${cmdName}: ${r.text}`);
      args = r.value;
    }
    const resources = this.#resources.scoped(this.#owner(label, channels));
    return async () => {
      const value = await command.run({
        args: args as never,
        headers: req.headers,
        window: win,
        host: this.host,
        resources,
        scope: decision.scope,
        permission: decision.permission,
      });
      return value === undefined ? null : value;
    };
  }

  /** `plugin:resources|close`: the calling page closes one of its own resources. */
  closeResource(label: string, channels: ChannelSink, rid: unknown): Promise<void> {
    return this.#resources.close(this.#owner(label, channels), rid);
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
    for (const p of this.#enabled()) {
      const win = this.host.window(label);
      if (!p.windowOpened || !win) continue;
      await this.#track(p, "windowOpened", () => p.windowOpened!(this.host, win));
    }
  }

  /** Runs every plugin's `windowClosed` for the window `label` (see `settled`). */
  windowClosed(label: string, state: Record<string, unknown> | undefined): void {
    for (const p of this.#enabled()) {
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
}

function unknown(message: string): InvokeAnswer {
  return { ok: false, error: { message, code: "unknown-command" } };
}

function invalid(message: string): InvokeAnswer {
  return { ok: false, error: { message, code: "invalid-body" } };
}
