/**
 * The worker side of a window with a worker of its own (`app.show(content, { worker })`): the
 * window's handle as the worker's code sees it. Everything here talks to the main isolate, which
 * relays to the page (`workers/host.ts`); the page cannot tell the difference.
 * @module
 */

import {
  type BodyOf,
  type BodySpec,
  type CommandDefs,
  type CommandHandler,
  type CommandHost,
  Commands,
  type CommandSpec,
  type CommandWindow,
  type InputOf,
} from "../../bridge/commands.ts";
import type { ChannelSink } from "../../bridge/channel.ts";
import { assertPywryName, isHostReserved } from "../../bridge/event_names.ts";
import type { EvalOptions } from "../../bridge/eval_script.ts";
import type { EventHandler } from "../../bridge/registry.ts";
import { type StateClass, StateStore } from "../state.ts";
import { WindowProxy } from "../window_proxy.ts";
import {
  BYTES_KEY,
  type DirectAnswer,
  type DirectCall,
  type FromWorker,
  type ToWorker,
  WORKER_NAME_PREFIX,
  type WorkerOp,
} from "./protocol.ts";

/** The worker's end of the port to the main isolate (`self` in a Worker). */
interface Port {
  postMessage(message: unknown): void;
  addEventListener(type: "message", fn: (e: MessageEvent) => void): void;
}

/**
 * The commands of a window's worker: the same `Commands` as on the main isolate (schemas, typing,
 * channels, errors behave the same); names registered after the window opened are announced to
 * the main isolate as they are added.
 */
export class WorkerCommands<D extends CommandDefs = Record<never, never>> extends Commands<D> {
  #changed: () => void;

  /** Made by the worker's window; `changed` hears every new name. */
  constructor(changed: () => void) {
    super();
    this.#changed = changed;
  }

  /** Registers a command (as `Commands.command`; typed the same, so `Invoke<typeof …>` works). */
  override command<N extends string, S extends BodySpec, R>(
    name: N,
    spec: CommandSpec<S>,
    handler: CommandHandler<BodyOf<S>, R>,
  ): Commands<D & { [K in N]: { body: InputOf<S>; result: Awaited<R> } }> {
    const next = super.command(name, spec, handler);
    this.#changed();
    return next;
  }

  /** Adds every command of `other` (as `Commands.merge`). */
  override merge(other: Commands<CommandDefs>): this {
    super.merge(other);
    this.#changed();
    return this;
  }
}

/** The app as a worker's code sees it (and its command handlers' `app`). */
export interface WorkerApp extends CommandHost {
  /** Emits to every window's page, or to one by label (as `app.emit` on the main isolate). */
  emit(type: string, data?: unknown, label?: string): void;
  /** Labels of the open windows, as of the latest call this worker received. */
  readonly windows: string[];
  /**
   * Opens a window (main opens it, as `app.show` does) and resolves with its label. Only for a
   * worker whose window was shown with `{ childWindows: true }`; `content` is HTML or `{ url }`,
   * `options` are `show()`'s that structured-clone (a child `worker` as a URL string).
   */
  show(content: string | { url: string }, options?: ChildWindowOptions): Promise<string>;
}

/** `show()` options a worker may give for a child window (they cross by structured clone). */
export interface ChildWindowOptions {
  /** The child's label (default: a new one). */
  label?: string;
  /** The child's title. */
  title?: string;
  /** Size of the page area. */
  width?: number;
  /** Size of the page area. */
  height?: number;
  /** A worker module for the child, as a URL string (absolute, or relative to the app's folder). */
  worker?: string;
  /** The child's worker may open windows too (only if this window may). */
  childWindows?: boolean;
}

/**
 * A window's handle inside its own worker: commands, events both ways, `evalJs`, window control,
 * state. Get it as `pane` from `@panes/panes/worker`.
 */
export class WorkerWindow implements CommandWindow {
  /** The window's label. */
  readonly label: string;
  /** The window's commands: the page's `panes.invoke(name)` reaches them. */
  readonly commands: WorkerCommands;
  /** The window's control surface (title, size, position, …), carried out by the main isolate. */
  readonly proxy: WindowProxy;
  /** The app: emits to other windows, the list of windows. */
  readonly app: WorkerApp;
  readonly #port: Port;
  readonly #state = new StateStore();
  readonly #handlers = new Map<string, Set<EventHandler>>();
  readonly #calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly #sinks = new Map<number, { sink: ChannelSink; gone: Set<(r: string) => void> }>();
  #nextCall = 1;
  #windows: string[] = [];
  #ready = false;
  #debug = false;
  #direct: MessagePort | undefined;

  /** Made once per worker by this module; `port` is the Worker's global scope. */
  constructor(label: string, port: Port) {
    this.label = label;
    this.#port = port;
    this.commands = new WorkerCommands(() => {
      if (this.#ready) this.#post({ t: "names", names: this.commands.names });
    });
    this.proxy = new WindowProxy({
      call: (name, args) => this.#call("native", [name, args ?? []]),
      navigate: (url) => this.#call("navigate", [url]) as Promise<void>,
      reload: () => this.#call("reload", []) as Promise<void>,
      close: () => this.#call("close", []) as Promise<void>,
    });
    const windows = () => [...this.#windows];
    this.app = {
      emit: (type, data, label) => {
        assertPywryName(type, false);
        this.#post({ t: "app-emit", type, data: data ?? null, label });
      },
      get windows() {
        return windows();
      },
      show: (content, options) => this.#call("show", [content, options ?? {}]) as Promise<string>,
      state: (cls) => this.#state.get(cls as StateClass<never>),
    };
    port.addEventListener("message", (e) => this.#receive(e.data as ToWorker));
  }

  #post(m: FromWorker): void {
    this.#port.postMessage(m);
  }

  #call(op: WorkerOp, args: unknown[]): Promise<unknown> {
    const id = this.#nextCall++;
    return new Promise((resolve, reject) => {
      this.#calls.set(id, { resolve, reject });
      this.#post({ t: "call", id, op, args });
    });
  }

  #receive(m: ToWorker): void {
    switch (m.t) {
      case "init":
        this.#debug = m.debug;
        this.#ready = true;
        // A macrotask later: commands registered at the module's top level (before any top-level
        // await) are all in.
        setTimeout(() => this.#post({ t: "ready", names: this.commands.names }), 0);
        return;
      case "invoke": {
        this.#windows = m.windows;
        const req = { cmd: m.cmd, body: m.body, headers: m.headers };
        void this.commands.dispatch(req, {
          label: this.label,
          window: this,
          app: this.app,
          channels: this.#sink(m.g),
          debug: this.#debug,
          // The main isolate keeps the time limit (it answers `timeout` even if this worker hangs).
          log: (message, error) => console.error(`panes (worker): ${message}:`, error),
        }).then((answer) => this.#post({ t: "answer", id: m.id, answer }));
        return;
      }
      case "reply": {
        const call = this.#calls.get(m.id);
        if (!call) return;
        this.#calls.delete(m.id);
        if (m.ok) call.resolve(m.value);
        else {
          const e = new Error(m.message);
          e.name = m.name;
          call.reject(e);
        }
        return;
      }
      case "ev":
        for (const h of [...this.#handlers.get(m.key) ?? []]) {
          try {
            const r = h(m.data, m.type, m.label);
            if (r instanceof Promise) r.catch((e) => logHandler(e, m.type, this.label));
          } catch (e) {
            logHandler(e, m.type, this.label);
          }
        }
        return;
      case "direct": {
        this.#direct?.close();
        const port = m.port;
        const flag = new Int32Array(m.flag);
        this.#direct = port;
        port.onmessage = (e) => this.#directCall(port, flag, e.data as DirectCall);
        return;
      }
      case "page-gone": {
        const s = this.#sinks.get(m.g);
        this.#sinks.delete(m.g);
        for (const fn of s?.gone ?? []) fn(m.reason);
        return;
      }
    }
  }

  /**
   * A page call the UI thread handed over directly (no channels in it: those go through main).
   * The answer goes back the same way; if the UI loop sleeps, main is asked to wake it.
   */
  #directCall(port: MessagePort, flag: Int32Array, m: DirectCall): void {
    const req = { cmd: m.cmd, body: m.body, headers: {} };
    void this.commands.dispatch(req, {
      label: this.label,
      window: this,
      app: this.app,
      channels: this.#sink(-1),
      debug: this.#debug,
      log: (message, error) => console.error(`panes (worker): ${message}:`, error),
    }).then((a) => {
      const answer: DirectAnswer = a.ok ? { i: m.i, ok: true, v: a.value } : {
        i: m.i,
        ok: false,
        err: a.error,
      };
      try {
        port.postMessage(answer);
      } catch (e) {
        port.postMessage(
          {
            i: m.i,
            ok: false,
            err: { message: `the result cannot be sent: ${e}`, code: "command-error" },
          } satisfies DirectAnswer,
        );
      }
      // Posted first, read second: if the loop was spinning then, it polls this port before it
      // sleeps (ffi/ui/ui_worker.ts); if it already slept, it needs waking.
      if (Atomics.load(flag, 0) === 0) this.#post({ t: "wake" });
    });
  }

  /** The channel sink of page generation `g` (channels in a call's body send through it). */
  #sink(g: number): ChannelSink {
    let s = this.#sinks.get(g);
    if (!s) {
      const gone = new Set<(r: string) => void>();
      s = {
        gone,
        sink: {
          post: (c, p) => this.#post({ t: "cb", g, c, p }),
          // Main turns the bytes into the page's form (base64, or the panes:// fast path).
          bytes: (data) => ({ [BYTES_KEY]: data }) as unknown as { b64: string },
          drain: () => this.#call("drain", [g]).then(() => {}),
          onGone: (fn) => {
            gone.add(fn);
            return () => void gone.delete(fn);
          },
        },
      };
      this.#sinks.set(g, s);
    }
    return s.sink;
  }

  /** Listens for `type` from this window's page (as `win.on`); returns an unsubscribe function. */
  on(type: string, handler: EventHandler): () => void {
    assertPywryName(type, true);
    if (typeof handler !== "function") throw new TypeError("on: the handler must be a function");
    let set = this.#handlers.get(type);
    if (!set) {
      this.#handlers.set(type, set = new Set());
      this.#post({ t: "on", key: type });
    }
    set.add(handler);
    return () => {
      const s = this.#handlers.get(type);
      if (!s?.delete(handler) || s.size > 0) return;
      this.#handlers.delete(type);
      this.#post({ t: "off", key: type });
    };
  }

  /** Sends `type` to this window's page (ordered with answers and channel messages). */
  emit(type: string, data?: unknown): void {
    assertPywryName(type, false);
    this.#post({ t: "emit", type, data: data === undefined ? null : data });
  }

  /**
   * Sends `type` to the host's listeners (`app.on`, `win.on` on the main isolate), as if this
   * window's page had emitted it; names reserved for the host (`window:`, `menu:`, …) are refused.
   */
  emitToHost(type: string, data?: unknown): void {
    assertPywryName(type, false);
    if (isHostReserved(type)) {
      throw new TypeError(`emitToHost: "${type}" is reserved for the host`);
    }
    this.#post({ t: "host-emit", type, data: data === undefined ? null : data });
  }

  /** Evaluates `script` in the page and resolves with its value (promises are awaited). */
  evalJs<T = unknown>(script: string, options?: EvalOptions): Promise<T> {
    return this.#call("evalJs", [script, options]) as Promise<T>;
  }

  /** Runs `script` in the page without waiting for a result. */
  eval(script: string): void {
    if (typeof script !== "string") throw new TypeError("eval: the script must be a string");
    this.#post({ t: "eval", script });
  }

  /** Stores state for this worker's commands (one value per class; not shared with other isolates). */
  manage<T extends object>(value: T): void {
    this.#state.manage(value);
  }

  /** This worker's state of `cls` (a clear error when none is managed). */
  state<T>(cls: StateClass<T>): T {
    return this.#state.get(cls);
  }

  /** Sets the window's title. */
  setTitle(title: string): Promise<void> {
    return this.proxy.setTitle(title);
  }

  /** Resizes the window's content area. */
  setSize(width: number, height: number): Promise<void> {
    return this.proxy.setSize(width, height);
  }

  /** Closes the window (which ends this worker). */
  close(): Promise<void> {
    return this.proxy.close();
  }
}

function logHandler(error: unknown, type: string, label: string): void {
  console.error(`panes (worker): handler for "${type}" (window "${label}") failed:`, error);
}

/** The port to the main isolate, and this worker's label; undefined outside a window's worker. */
function workerScope(): { port: Port; label: string } | undefined {
  const g = globalThis as unknown as { name?: unknown; postMessage?: unknown; document?: unknown };
  if (typeof g.postMessage !== "function" || typeof g.name !== "string") return undefined;
  if (!g.name.startsWith(WORKER_NAME_PREFIX)) return undefined;
  return { port: globalThis as unknown as Port, label: g.name.slice(WORKER_NAME_PREFIX.length) };
}

let current: WorkerWindow | undefined;

/** Reports an uncaught error to the main isolate before it ends this worker. */
function reportFatal(error: unknown, port: Port): void {
  const e = error instanceof Error ? error : new Error(String(error));
  port.postMessage(
    { t: "fatal", message: e.message, stack: e.stack ?? "" } satisfies FromWorker,
  );
}

/**
 * This worker's window. Throws when the module does not run in a window's worker (started by
 * `app.show(content, { worker })`).
 */
export function workerWindow(): WorkerWindow {
  if (current) return current;
  const scope = workerScope();
  if (!scope) {
    throw new Error(
      "@panes/panes/worker: this module runs outside a window's worker; start it with " +
        'app.show(content, { worker: new URL("./this_module.ts", import.meta.url) })',
    );
  }
  current = new WorkerWindow(scope.label, scope.port);
  // Reported here (with its stack) and ended by the main isolate, which terminates this worker:
  // Deno then prints no "Uncaught (in worker …)" line of its own.
  globalThis.addEventListener("error", (e) => {
    e.preventDefault();
    reportFatal(e.error ?? e.message, scope.port);
  });
  globalThis.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    reportFatal(e.reason, scope.port);
  });
  return current;
}
