/**
 * The main isolate's side of a window with a worker of its own (`show(content, { worker })`): it
 * starts the Deno Worker, relays the page's calls to it (after the router's trust and capability
 * checks; the worker's commands are one more table, for this window only, consulted before the
 * app's), carries its channel messages, events, `evalJs` and window control to the page, and keeps
 * its faults inside the window: a crash ends the worker, answers the window's pending calls
 * `worker-crashed`, emits `window:worker-error` on the host, and (with `restartOnCrash`) starts a
 * new one. Guide: docs/workers.md.
 * @module
 */

import type { AnswerPolicy } from "../../bridge/answer.ts";
import type { ChannelSink } from "../../bridge/channel.ts";
import { isHostReserved } from "../../bridge/event_names.ts";
import type { EvalOptions, InvokeAnswer, InvokeRequest } from "../../bridge/peer.ts";
import type { EventHandler, LabelRegistry } from "../../bridge/registry.ts";
import {
  BYTES_KEY,
  type FromWorker,
  type ToWorker,
  WORKER_NAME_PREFIX,
  type WorkerOp,
} from "./protocol.ts";
import { flagMissing, type WorkerPermissions, workerPermissionsAvailable } from "./permissions.ts";
import type { WorkerLane } from "../../transports/transport.ts";

/** What `show()` takes to run a window's logic in a worker. */
export interface WorkerSpec {
  /** The worker's module (it imports `@panes/panes/worker`). */
  url: string | URL;
  /** The worker's Deno permissions (default: the main process's; needs `--unstable-worker-options`). */
  permissions?: WorkerPermissions;
  /** Start a new worker when this one dies of an uncaught error (default false). */
  restartOnCrash?: boolean;
}

/** What the relay needs from the app and the window. */
export interface WorkerWiring {
  label: string;
  debug: boolean;
  /** How long the worker may take to load and answer its first message. */
  readyTimeoutMs: number;
  /** The app's host-side event registry. */
  registry: LabelRegistry;
  /** The page's channel sink (the page's one ordered queue). */
  channels: ChannelSink;
  /** To the window's own page. */
  emit(type: string, data: unknown): void;
  /** Runs a script in the page, no result. */
  eval(script: string): void;
  /** Evaluates in the page. */
  evalJs(script: string, options?: EvalOptions): Promise<unknown>;
  /** A native op on this window. */
  nativeCall(name: string, args: unknown[]): Promise<unknown>;
  navigate(url: string): Promise<void>;
  reload(): Promise<void>;
  close(): Promise<void>;
  /** `app.emit`. */
  appEmit(type: string, data: unknown, label?: string): void;
  /** Labels of the open windows. */
  windows(): string[];
  /** Opens a child window for the worker (undefined: the window holds no `childWindows` grant). */
  show?(content: unknown, options: unknown): Promise<string>;
  /** The UI thread's end of the short path (native windows); absent: every call goes via main. */
  lane?: WorkerLane;
  /** Re-decides which worker commands the current page may call over the short path. */
  regrant?(): void;
}

/**
 * The native ops a worker may run on its window: the ones `WindowProxy` uses, nothing else (the
 * plugins' native ops, such as the clipboard or dialogs, stay behind their capabilities on main).
 */
const WINDOW_OPS: ReadonlySet<string> = new Set(
  ("backgroundColor center closeDevtools innerPosition innerSize isAlwaysOnTop isDecorated " +
    "isDevtoolsOpen isFocused isFullscreen isMaximized isMinimized isResizable isVisible " +
    "openDevtools outerPosition outerSize requestClose scaleFactor screenshot setBackgroundColor " +
    "setDecorations setMaxSize setMinSize setPosition setResizable setSize setTitle setVisible " +
    "setZoom title url windowState zoom maximize minimize setAlwaysOnTop setFocus setFullscreen " +
    "unmaximize unminimize").split(" "),
);

type State = "starting" | "running" | "crashed" | "stopped";

/** A call the worker has not answered yet. */
interface Pending {
  resolve(a: InvokeAnswer): void;
  cmd: string;
  /** `performance.now()` after which it answers `timeout`. */
  deadline: number;
  limit: number;
  log: AnswerPolicy["log"];
}

/** The worker of one window, as the main isolate holds it. */
export class WindowWorker {
  readonly #spec: WorkerSpec;
  readonly #w: WorkerWiring;
  #worker: Worker | undefined;
  #state: State = "starting";
  /** Bumped per started worker: messages and errors of an older one are ignored. */
  #run = 0;
  #names = new Set<string>();
  #starting: Promise<void> | undefined;
  #pending = new Map<number, Pending>();
  #sweep: ReturnType<typeof setInterval> | undefined;
  #sweepMs = Infinity;
  #startTimer: ReturnType<typeof setTimeout> | undefined;
  #listens = new Map<string, number>();
  #nextId = 1;
  #pageGen = 0;
  #pageWatched = false;
  #everReady = false;
  #crash: { message: string; stack: string } | undefined;

  /** Checks the spec (the permissions flag); `start()` runs it. */
  constructor(spec: WorkerSpec, wiring: WorkerWiring) {
    if (!(typeof spec.url === "string" || spec.url instanceof URL)) {
      throw new TypeError("App.show: worker must be a URL (or a URL string) of a module");
    }
    if (spec.permissions !== undefined && spec.permissions !== "inherit") {
      if (!workerPermissionsAvailable()) throw flagMissing();
    }
    this.#spec = spec;
    this.#w = wiring;
  }

  /** The worker's command names (empty until it is ready). */
  get names(): string[] {
    return [...this.#names];
  }

  /** Whether a worker is running (not crashed, not stopped). */
  get running(): boolean {
    return this.#state === "running";
  }

  /** Starts the worker; resolves once it has loaded and sent its command names. */
  start(): Promise<void> {
    const run = ++this.#run;
    this.#state = "starting";
    this.#names = new Set();
    let worker: Worker;
    try {
      worker = new Worker(this.#spec.url, {
        type: "module",
        name: `${WORKER_NAME_PREFIX}${this.#w.label}`,
        ...(this.#spec.permissions === undefined
          ? {}
          : { deno: { permissions: this.#spec.permissions } }),
      } as WorkerOptions);
    } catch (e) {
      this.#state = "crashed";
      return Promise.reject(e);
    }
    this.#worker = worker;
    let ready!: () => void, fail!: (e: Error) => void;
    const started = new Promise<void>((res, rej) => {
      ready = res;
      fail = rej;
    });
    clearTimeout(this.#startTimer);
    const timer = this.#startTimer = setTimeout(() => {
      if (run !== this.#run || this.#state !== "starting") return;
      const message = `the worker of window "${this.#w.label}" did not start within ` +
        `${this.#w.readyTimeoutMs} ms (does its module import @panes/panes/worker?)`;
      this.#fault(run, message, "");
      fail(new Error(message));
    }, this.#w.readyTimeoutMs);
    this.#onReady = (names) => {
      clearTimeout(timer);
      this.#names = new Set(names);
      this.#state = "running";
      this.#everReady = true;
      this.#w.regrant?.();
      ready();
    };
    this.#onStartFailure = (message) => {
      clearTimeout(timer);
      fail(new Error(`the worker of window "${this.#w.label}" failed to start: ${message}`));
    };
    worker.onmessage = (e) => {
      if (run === this.#run) this.#receive(run, e.data as FromWorker);
    };
    worker.onerror = (e) => {
      e.preventDefault(); // the error stays in this window: the main isolate goes on
      if (run !== this.#run) return;
      const where = e.filename ? `\n    at ${e.filename}:${e.lineno}:${e.colno}` : "";
      this.#fault(run, e.message ?? "uncaught error", this.#crash?.stack ?? `${e.message}${where}`);
    };
    worker.onmessageerror = () => {
      console.error(`panes: window "${this.#w.label}": a worker message could not be read`);
    };
    this.#post({ t: "init", label: this.#w.label, debug: this.#w.debug });
    const lane = this.#w.lane;
    if (lane) {
      // The short path: one end to the UI thread, the other to the worker (ffi/ui/direct_calls.ts).
      const { port1, port2 } = new MessageChannel();
      lane.attach(port1);
      worker.postMessage({ t: "direct", port: port2, flag: lane.flag } satisfies ToWorker, [port2]);
    }
    return this.#starting = started;
  }

  #onReady: (names: string[]) => void = () => {};
  #onStartFailure: (message: string) => void = () => {};

  #post(m: ToWorker): void {
    this.#worker?.postMessage(m);
  }

  /**
   * Runs `req` in the worker when the worker has that command; else `fallback()` (the app's
   * commands). The main isolate keeps the time limit, so a worker that never answers (a loop)
   * still answers the page `timeout`.
   */
  dispatch(
    req: InvokeRequest,
    policy: AnswerPolicy,
    fallback: () => Promise<InvokeAnswer>,
  ): Promise<InvokeAnswer> {
    if (this.#state === "starting" && this.#starting) {
      return this.#starting.then(
        () => this.dispatch(req, policy, fallback),
        () => this.#names.has(req.cmd) ? this.#down() : fallback(),
      );
    }
    if (!this.#names.has(req.cmd)) return fallback();
    if (this.#state !== "running") return this.#down();
    if (!this.#pageWatched) {
      this.#pageWatched = true;
      const g = this.#pageGen;
      this.#w.channels.onGone((reason) => {
        this.#pageGen++;
        this.#pageWatched = false;
        this.#post({ t: "page-gone", g, reason });
      });
    }
    const id = this.#nextId++;
    const limit = policy.timeoutMs;
    const answer = new Promise<InvokeAnswer>((resolve) =>
      this.#pending.set(id, {
        resolve,
        cmd: req.cmd,
        deadline: limit === undefined ? Infinity : performance.now() + limit,
        limit: limit ?? 0,
        log: policy.log,
      })
    );
    if (limit !== undefined) this.#sweepEvery(limit);
    this.#post({
      t: "invoke",
      id,
      cmd: req.cmd,
      body: req.body,
      headers: req.headers,
      g: this.#pageGen,
      windows: this.#w.windows(),
    });
    return answer;
  }

  /**
   * One timer per window while calls are pending (not one per call): a call past its limit
   * answers `timeout`, at most a tenth of the limit late (and never more than 250 ms).
   */
  #sweepEvery(limit: number): void {
    const every = Math.max(10, Math.min(250, limit / 10));
    if (this.#sweep && this.#sweepMs <= every) return;
    clearInterval(this.#sweep);
    this.#sweepMs = every;
    this.#sweep = setInterval(() => {
      const now = performance.now();
      for (const [id, p] of this.#pending) {
        if (p.deadline > now) continue;
        this.#pending.delete(id);
        const message = `command "${p.cmd}" did not answer within ${p.limit} ms`;
        p.log(
          `command "${p.cmd}" (window "${this.#w.label}", its worker) timed out`,
          new Error(message),
        );
        p.resolve({ ok: false, error: { message, code: "timeout" } });
      }
      if (this.#pending.size === 0) this.#stopSweep();
    }, every);
  }

  #stopSweep(): void {
    clearInterval(this.#sweep);
    this.#sweep = undefined;
    this.#sweepMs = Infinity;
  }

  #down(): Promise<InvokeAnswer> {
    const why = this.#state === "stopped"
      ? "its worker ended"
      : `its worker crashed${this.#crash ? `: ${this.#crash.message}` : ""}`;
    return Promise.resolve({
      ok: false,
      error: { message: `window "${this.#w.label}": ${why}`, code: "worker-crashed" },
    });
  }

  #receive(run: number, m: FromWorker): void {
    switch (m.t) {
      case "answer": {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        p?.resolve(m.answer); // the sweep timer stops itself at its next tick with none pending
        return;
      }
      case "cb": {
        if (m.g !== this.#pageGen) return; // that page is gone
        const p = m.p as Record<string, unknown>;
        if (p && typeof p === "object" && p[BYTES_KEY] instanceof Uint8Array) {
          const { [BYTES_KEY]: bytes, ...rest } = p;
          this.#w.channels.post(m.c, { ...rest, ...this.#w.channels.bytes(bytes as Uint8Array) });
        } else this.#w.channels.post(m.c, m.p);
        return;
      }
      case "call":
        this.#call(m.op, m.args).then(
          (value) => this.#post({ t: "reply", id: m.id, ok: true, value }),
          (e) =>
            this.#post({
              t: "reply",
              id: m.id,
              ok: false,
              message: e instanceof Error ? e.message : String(e),
              name: e instanceof Error ? e.name : "Error",
            }),
        );
        return;
      case "emit":
        return this.#guard("emit", () => this.#w.emit(m.type, m.data));
      case "eval":
        return this.#guard("eval", () => this.#w.eval(m.script));
      case "app-emit":
        return this.#guard("app.emit", () => this.#w.appEmit(m.type, m.data, m.label));
      case "host-emit":
        if (isHostReserved(m.type)) {
          console.warn(`panes: window "${this.#w.label}": its worker may not emit "${m.type}"`);
          return;
        }
        this.#w.registry.dispatch(m.type, m.data, this.#w.label);
        return;
      case "on": {
        if (this.#listens.has(m.key)) return;
        const handler: EventHandler = (data, type, label) =>
          this.#post({ t: "ev", key: m.key, type, data, label });
        this.#listens.set(m.key, this.#w.registry.add(m.key, handler, this.#w.label));
        return;
      }
      case "off": {
        const id = this.#listens.get(m.key);
        this.#listens.delete(m.key);
        if (id !== undefined) this.#w.registry.remove(id);
        return;
      }
      case "ready":
        this.#onReady(m.names);
        return;
      case "names":
        this.#names = new Set(m.names);
        this.#w.regrant?.();
        return;
      case "wake":
        this.#w.lane?.wake();
        return;
      case "fatal":
        // The error event follows; keep the stack, which it does not carry.
        this.#crash = { message: m.message, stack: m.stack };
        this.#fault(run, m.message, m.stack);
        return;
    }
  }

  #guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      console.error(`panes: window "${this.#w.label}": the worker's ${what} failed:`, e);
    }
  }

  #call(op: WorkerOp, args: unknown[]): Promise<unknown> {
    switch (op) {
      case "evalJs":
        return this.#w.evalJs(args[0] as string, args[1] as EvalOptions | undefined);
      case "native": {
        const name = String(args[0]);
        if (!WINDOW_OPS.has(name)) {
          return Promise.reject(new Error(`"${name}" is not a window op a worker may call`));
        }
        return this.#w.nativeCall(name, Array.isArray(args[1]) ? args[1] : []);
      }
      case "navigate":
        return this.#w.navigate(args[0] as string);
      case "reload":
        return this.#w.reload();
      case "close":
        return this.#w.close();
      case "show":
        if (!this.#w.show) {
          return Promise.reject(
            new Error(
              `window "${this.#w.label}": its worker may not open windows (show it with { childWindows: true })`,
            ),
          );
        }
        return this.#w.show(args[0], args[1]);
      case "drain":
        return (args[0] === this.#pageGen)
          ? this.#w.channels.drain()
          : Promise.reject(new Error("the page went away"));
    }
  }

  /** The worker died of an uncaught error (or never started): contain it in this window. */
  #fault(run: number, message: string, stack: string): void {
    if (run !== this.#run || this.#state === "stopped" || this.#state === "crashed") return;
    const wasStarting = this.#state === "starting";
    this.#crash = { message, stack };
    this.#state = "crashed";
    this.#end(`its worker crashed: ${message}`, "worker-crashed");
    if (wasStarting) this.#onStartFailure(message);
    const label = this.#w.label;
    if (this.#w.registry.dispatch("window:worker-error", { label, message, stack }, label) === 0) {
      console.error(`panes: window "${label}": its worker crashed: ${message}\n${stack}`);
    }
    this.#w.registry.dispatch("window:worker-exit", { label, reason: "crashed" }, label);
    // A worker that never got going is not started again (that would loop).
    if (this.#spec.restartOnCrash && this.#everReady && !wasStarting) {
      this.start().catch((e) => {
        console.error(`panes: window "${label}": restarting its worker failed:`, e);
      });
    }
  }

  /** Terminates the worker and answers its pending calls. */
  #end(why: string, code: string): void {
    clearTimeout(this.#startTimer);
    // The UI thread answers the calls it handed over, and hands no more.
    if (this.#worker) {
      this.#w.lane?.attach(null, { message: `window "${this.#w.label}": ${why}`, code });
    }
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const id of this.#listens.values()) this.#w.registry.remove(id);
    this.#listens.clear();
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    this.#stopSweep();
    for (const { resolve } of pending) {
      resolve({ ok: false, error: { message: `window "${this.#w.label}": ${why}`, code } });
    }
  }

  /** Ends the worker for good (its window closed, or the app was destroyed). */
  stop(reason: string): void {
    if (this.#state === "stopped") return;
    const had = this.#worker !== undefined;
    this.#state = "stopped";
    this.#run++;
    this.#end(reason, "worker-crashed");
    if (had) {
      this.#w.registry.dispatch(
        "window:worker-exit",
        { label: this.#w.label, reason },
        this.#w.label,
      );
    }
  }
}
