/**
 * `panes.shell` (and `__TAURI__.shell`): `Command.create(name, args, options)` with `execute()`
 * and `spawn()` → `Child` (`write`, `kill`), as in `@tauri-apps/plugin-shell`. A spawned child's
 * events arrive on the `panes.Channel` passed as `onEvent`, as with Tauri's own guest package.
 * @module
 */

/** Runs in the page. */
export function installShellApi(): void {
  type Invoke = (cmd: string, args?: unknown, options?: unknown) => Promise<unknown>;
  const w = window as unknown as Record<string, Record<string, unknown>>;
  // Through Tauri's internals, as the guest package calls it: errors reject as Tauri's (strings).
  const invoke = w.__TAURI_INTERNALS__.invoke as Invoke;

  type Listener = (arg: unknown) => void;
  class EventEmitter {
    #listeners: Record<string, Listener[]> = Object.create(null);
    on(event: string, fn: Listener) {
      (this.#listeners[event] ??= []).push(fn);
      return this;
    }
    addListener(event: string, fn: Listener) {
      return this.on(event, fn);
    }
    once(event: string, fn: Listener) {
      const once = (arg: unknown) => {
        this.off(event, once);
        fn(arg);
      };
      return this.on(event, once);
    }
    off(event: string, fn: Listener) {
      const list = this.#listeners[event];
      if (list) this.#listeners[event] = list.filter((l) => l !== fn);
      return this;
    }
    removeListener(event: string, fn: Listener) {
      return this.off(event, fn);
    }
    removeAllListeners(event?: string) {
      if (event === undefined) this.#listeners = Object.create(null);
      else delete this.#listeners[event];
      return this;
    }
    emit(event: string, arg?: unknown) {
      const list = this.#listeners[event];
      for (const l of list ? [...list] : []) l(arg);
      return !!list?.length;
    }
    listenerCount(event: string) {
      return this.#listeners[event]?.length ?? 0;
    }
  }
  class Child {
    pid: number;
    constructor(pid: number) {
      this.pid = pid;
    }
    write(data: string | number[] | Uint8Array) {
      const buffer = typeof data === "string" ? data : Array.from(data);
      return invoke("plugin:shell|stdin_write", { pid: this.pid, buffer }).then(() => undefined);
    }
    kill() {
      return invoke("plugin:shell|kill", { cmd: "killChild", pid: this.pid }).then(() => undefined);
    }
  }
  class Command extends EventEmitter {
    program: string;
    args: string[];
    options: Record<string, unknown>;
    stdout = new EventEmitter();
    stderr = new EventEmitter();
    constructor(program: string, args: string | string[] = [], options?: Record<string, unknown>) {
      super();
      this.program = program;
      this.args = typeof args === "string" ? [args] : args;
      this.options = options ?? {};
    }
    static create(program: string, args?: string | string[], options?: Record<string, unknown>) {
      return new Command(program, args, options);
    }
    static sidecar(program: string, args?: string | string[], options?: Record<string, unknown>) {
      const c = new Command(program, args, options);
      c.options.sidecar = true;
      return c;
    }
    execute() {
      return invoke("plugin:shell|execute", {
        program: this.program,
        args: this.args,
        options: this.options,
      });
    }
    spawn() {
      const onEvent = new (w.panes.Channel as unknown as new (
        cb: (e: { event: string; payload: unknown }) => void,
      ) => unknown)((e) => {
        if (e.event === "Stdout") this.stdout.emit("data", e.payload);
        else if (e.event === "Stderr") this.stderr.emit("data", e.payload);
        else if (e.event === "Terminated") this.emit("close", e.payload);
        else if (e.event === "Error") this.emit("error", e.payload);
      });
      return invoke("plugin:shell|spawn", {
        program: this.program,
        args: this.args,
        options: this.options,
        onEvent,
      }).then((pid) => new Child(pid as number));
    }
  }
  const api = { Command, Child, EventEmitter };
  w.panes.shell = api;
  (w.__TAURI__ ??= {}).shell = api;
}
