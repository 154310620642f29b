/**
 * The one command router: every call a page makes, and every event it sends or may hear, passes
 * here and nowhere else. A call goes through four steps:
 *
 * 1. trust: the page's origin (the transport's word, never the page's) is app content, an
 *    origin the host loaded itself, or a remote origin some capability names;
 * 2. capability: the permission the call needs for this window and origin;
 * 3. the table that owns the name: a plugin (`plugin:<name>|<cmd>`), Tauri's core events
 *    (`plugin:event|*`) and resources, pytauri (`plugin:pytauri|pyfunc`), or the app's commands;
 * 4. dispatch with one timeout and one error policy (`bridge/answer.ts`) for every kind.
 *
 * The frame check (only a window's top frame reaches the bridge) happens earlier, where the
 * message arrives (`ffi/page_key.ts`), because only there is the frame known.
 * @module
 */

import type { ChannelSink } from "../bridge/channel.ts";
import type {
  CommandDefs,
  CommandHost,
  Commands,
  CommandWindow,
  DispatchContext,
} from "../bridge/commands.ts";
import { answer, type AnswerPolicy } from "../bridge/answer.ts";
import { InvokeError } from "../bridge/invoke_error.ts";
import { isHostReserved } from "../bridge/event_names.ts";
import type { InvokeAnswer, InvokeRequest } from "../bridge/peer.ts";
import { type AccessDecision, CapabilityGuard, type CapabilityInput } from "./capabilities.ts";
import type { PluginRuntime } from "./plugin_runtime.ts";
import type { PluginCommand, ScopeSet } from "../plugins/plugin.ts";
import { isAppOrigin, originOf } from "./origins.ts";
import { isCorePlugin } from "./core_catalog.ts";

/** A page as the router sees it when it calls or emits. */
export interface CallerPage {
  /** The window's label. */
  readonly label: string;
  /** The page's URL as the transport committed it (never the page's own word). */
  readonly url: string;
  /** Origins the host itself loaded into this window: they count as app content. */
  readonly hostLoaded: ReadonlySet<string>;
  /** Where channels in a call's arguments send their messages. */
  readonly channels: ChannelSink;
  /** What app commands receive as their window. */
  readonly window: CommandWindow;
  /** Tells the developer once (per key) why something from this page was refused. */
  warn(key: string, message: string): void;
  /** The window's own worker (`show({ worker })`): its commands come before the app's. */
  readonly worker?: WorkerTable;
}

/** A window worker's commands, as the router consults them (`workers/host.ts`). */
export interface WorkerTable {
  /** Runs `req` in the worker if it has that command, else `fallback()`. */
  dispatch(
    req: InvokeRequest,
    policy: AnswerPolicy,
    fallback: () => Promise<InvokeAnswer>,
  ): Promise<InvokeAnswer>;
}

/** What the router needs from the app. */
export interface RouterOptions {
  /** The app's capabilities (Tauri's shape). */
  capabilities: CapabilityInput[];
  /** The enabled plugins. */
  plugins: PluginRuntime;
  /** Tauri's core event commands (`plugin:event|*`). */
  events: Commands<CommandDefs>;
  /** The app's own commands. */
  commands: Commands<CommandDefs>;
  /** The app, as commands see it. */
  host: CommandHost;
  /** UI-thread commands (`AppOptions.uiCommands`): run after the app's own commands. */
  uiCommands?: {
    has(name: string): boolean;
    run(page: CallerPage, req: InvokeRequest): Promise<InvokeAnswer>;
  };
  /** Whether internal error messages reach pages. */
  debug: boolean;
  /** A command still running after this many ms answers `timeout`. */
  timeoutMs: number;
}

const COMMAND_RE = /^plugin:([^|]+)\|(.+)$/;

/** Decides and dispatches every page call; decides which page events pass. */
export class Router {
  #guard: CapabilityGuard;
  readonly #capabilities: CapabilityInput[];
  readonly #plugins: PluginRuntime;
  readonly #events: Commands<CommandDefs>;
  readonly #commands: Commands<CommandDefs>;
  readonly #host: CommandHost;
  readonly #policy: AnswerPolicy;
  readonly #ui: RouterOptions["uiCommands"];

  constructor(options: RouterOptions) {
    this.#plugins = options.plugins;
    // Built-in plugins given by name load in `setup()`: until then their permissions are checked
    // by name only, and `setup()` checks the rest.
    this.#capabilities = options.capabilities;
    this.#guard = new CapabilityGuard(options.capabilities, options.plugins.plugins);
    this.#events = options.events;
    this.#commands = options.commands;
    this.#host = options.host;
    this.#ui = options.uiCommands;
    this.#policy = {
      debug: options.debug,
      timeoutMs: options.timeoutMs,
      log: (message, error) => console.error(`panes: ${message}:`, error),
    };
  }

  /**
   * Loads the plugins given by name and checks the capabilities against them (their permissions
   * and scopes), then runs the plugins' `setup`. Runs before the app's first window; a bad
   * capability or a failing setup rejects here.
   */
  setup(): Promise<void> {
    // Once: a bad capability rejects every later call too.
    return this.#setup ??= (async () => {
      if (!this.#plugins.isLoaded) {
        await this.#plugins.load();
        this.#guard = new CapabilityGuard(this.#capabilities, this.#plugins.plugins);
      }
      // Then the plugins' own start (single-instance hands over here), capabilities known good.
      await this.#plugins.setUp();
    })();
  }

  #setup: Promise<void> | undefined;

  /** Whether the page may use the bridge at all (step 1). */
  #trusted(page: CallerPage): boolean {
    const url = page.url;
    return isAppOrigin(url) || page.hostLoaded.has(originOf(url)) ||
      this.#guard.remoteGranted(page.label, url);
  }

  /**
   * Whether the window's page at `url` may send and hear app events: app content, an origin the
   * host loaded, or a remote origin whose capability grants `core:*` (as `plugin:event|*` needs).
   */
  hears(page: Pick<CallerPage, "label" | "hostLoaded">, url: string): boolean {
    return isAppOrigin(url) || page.hostLoaded.has(originOf(url)) ||
      this.#guard.checkCore(page.label, url, "events").ok;
  }

  /** Whether an event the page emitted (`panes.emit`) reaches the host; warns once when not. */
  acceptEmit(page: CallerPage, type: string): boolean {
    if (!this.hears(page, page.url)) {
      page.warn(
        "emit",
        `ignored events from ${
          originOf(page.url)
        } (not app content, and no capability grants it core:default)`,
      );
      return false;
    }
    if (isHostReserved(type)) {
      page.warn(
        `reserved:${type}`,
        `ignored the page's event "${type}": the name is reserved for the host`,
      );
      return false;
    }
    return true;
  }

  /** Routes one call (steps 1 to 4). */
  invoke(page: CallerPage, req: InvokeRequest): Promise<InvokeAnswer> {
    if (!this.#trusted(page)) {
      const origin = originOf(page.url);
      page.warn("invoke", `refused commands from ${origin} (not app content)`);
      return refuse(`commands are not available to ${origin}: it is not app content`);
    }
    // An origin the host loaded itself (show({ url }), a dev server) counts as app content, as
    // Tauri's devUrl does; an origin the page navigated to needs a capability naming it.
    const url = page.hostLoaded.has(originOf(page.url)) ? "panes://app/" : page.url;
    const { label } = page;
    const m = COMMAND_RE.exec(req.cmd);
    if (!m) {
      return this.#allowed(this.#guard.checkApp(label, url, req.cmd)) ??
        this.#app(page, req);
    }
    const [, name, cmd] = m;
    switch (name) {
      case "event": {
        const denied = this.#allowed(this.#guard.checkCore(label, url, req.cmd));
        if (denied) return denied;
        const event = (req.body as { event?: unknown } | null)?.event;
        if (
          (cmd === "emit" || cmd === "emit_to") && typeof event === "string" &&
          isHostReserved(event)
        ) {
          return refuse(`event "${event}" is reserved for the host: pages cannot emit it`);
        }
        return this.#events.dispatch(req, this.#context(page));
      }
      case "pytauri": {
        const fn = req.headers["pyfunc"];
        const denied = this.#allowed(this.#guard.checkApp(label, url, fn ?? "pyfunc"));
        if (denied) return denied;
        if (cmd !== "pyfunc") return unknown(`unknown command "${req.cmd}"`);
        if (!fn) {
          return Promise.resolve({
            ok: false,
            error: {
              message: "plugin:pytauri|pyfunc needs a pyfunc header",
              code: "invalid-headers",
            },
          });
        }
        const { pyfunc: _fn, ...headers } = req.headers;
        return this.#app(page, { cmd: fn, body: req.body, headers });
      }
      case "resources": {
        const denied = this.#allowed(this.#guard.checkCore(label, url, req.cmd));
        if (denied) return denied;
        if (cmd !== "close") return unknown(`unknown command "${req.cmd}"`);
        const rid = (req.body as { rid?: unknown } | null)?.rid;
        return answer(
          req.cmd,
          label,
          () => this.#plugins.closeResource(label, page.channels, rid).then(() => null),
          this.#policy,
        );
      }
    }
    if (isCorePlugin(name)) return this.#core(page, url, req, name, cmd);
    const found = this.#plugins.find(name, cmd);
    if ("ok" in found) return Promise.resolve(found);
    const decision = this.#guard.checkPlugin(label, url, name, cmd);
    if (!decision.ok) return refuse(decision.message, decision.permission, decision.tauri);
    return this.#run(page, req, found.command, decision);
  }

  /**
   * Tauri's core plugins (`plugin:window|*`, `plugin:path|*`, …): checked against `core:*`
   * permissions before the plugin's code is even loaded (it loads on the first permitted call).
   */
  async #core(
    page: CallerPage,
    url: string,
    req: InvokeRequest,
    name: string,
    cmd: string,
  ): Promise<InvokeAnswer> {
    const decision = this.#guard.checkCorePlugin(page.label, url, name, cmd);
    if (!decision.ok) return refuse(decision.message, decision.permission, decision.tauri);
    const found = await this.#plugins.findCore(name, cmd);
    if ("ok" in found) return found;
    return this.#run(page, req, found.command, decision);
  }

  #run(
    page: CallerPage,
    req: InvokeRequest,
    command: PluginCommand<never>,
    decision: { scope: ScopeSet; permission: string },
  ): Promise<InvokeAnswer> {
    const label = page.label;
    const run = this.#plugins.prepare(label, req.cmd, command, req, page.channels, decision);
    if (typeof run !== "function") return Promise.resolve(run);
    // A command that waits on the world (a dialog the user answers, a download) has no limit.
    const policy = command.unbounded ? { ...this.#policy, timeoutMs: undefined } : this.#policy;
    return answer(req.cmd, label, run, policy);
  }

  /** Undefined when allowed; else the `forbidden` answer naming the missing permission. */
  #allowed(d: AccessDecision): Promise<InvokeAnswer> | undefined {
    return d.ok ? undefined : refuse(d.message, d.permission, d.tauri);
  }

  /**
   * Whether the page may call the app command `name` (steps 1 and 2): what the UI thread is told
   * for UI-thread commands, which it answers without asking again.
   */
  allowsApp(page: CallerPage, name: string): boolean {
    if (!this.#trusted(page)) return false;
    const url = page.hostLoaded.has(originOf(page.url)) ? "panes://app/" : page.url;
    return this.#guard.checkApp(page.label, url, name).ok;
  }

  /** App commands: the window's worker's first (when it has one), then the app's, then UI-thread ones. */
  #app(page: CallerPage, req: InvokeRequest): Promise<InvokeAnswer> {
    const worker = page.worker;
    const own = () =>
      this.#ui?.has(req.cmd) && !this.#commands.has(req.cmd)
        ? answer(req.cmd, page.label, () => this.#ui!.run(page, req).then(unwrap), this.#policy)
        : this.#commands.dispatch(req, this.#context(page));
    if (!worker) return own();
    return worker.dispatch(req, this.#policy, own);
  }

  #context(page: CallerPage): DispatchContext {
    return {
      label: page.label,
      window: page.window,
      app: this.#host,
      channels: page.channels,
      ...this.#policy,
    };
  }
}

/** An answer as a value to `answer()`: a refusal becomes the error it carries. */
function unwrap(a: InvokeAnswer): unknown {
  if (a.ok) return a.value;
  throw new InvokeError(a.error.message, a.error.data, a.error.code);
}

function refuse(message: string, permission?: string, tauri?: string): Promise<InvokeAnswer> {
  return Promise.resolve({
    ok: false,
    error: {
      message,
      code: "forbidden",
      ...(permission ? { data: { permission } } : {}),
      ...(tauri ? { tauri } : {}),
    },
  });
}

function unknown(message: string): Promise<InvokeAnswer> {
  return Promise.resolve({ ok: false, error: { message, code: "unknown-command" } });
}
