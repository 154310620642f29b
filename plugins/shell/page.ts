/**
 * `panes.shell` (and `__TAURI__.shell`): `Command.create(name, args, options)` with `execute()`
 * and `spawn()` → `Child` (`write`, `kill`), as in `@tauri-apps/plugin-shell`.
 *
 * It also carries spawned children's output for Tauri's own guest package: the host cannot push
 * to a channel from a plugin command, so every `plugin:shell|spawn` made through
 * `__TAURI_INTERNALS__.invoke`, `__TAURI__.core.invoke` or `panes.invoke` is followed by a loop
 * of `plugin:shell|child_events` calls whose frames go to the `onEvent` channel's callback, in
 * order, until the end frame that follows `Terminated`.
 * @module
 */

/** Runs in the page. */
export function installShellApi(): void {
  type Invoke = (cmd: string, args?: unknown, options?: unknown) => Promise<unknown>;
  type Frame = { index: number; message?: unknown; end?: boolean };
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const internals = w.__TAURI_INTERNALS__;
  const raw = internals.invoke as Invoke;
  const runCallback = internals.runCallback as (id: number, payload: unknown) => void;

  const channelId = (ch: unknown): number | undefined => {
    const s = ch && typeof (ch as { toJSON?: unknown }).toJSON === "function"
      ? (ch as { toJSON(): unknown }).toJSON()
      : ch;
    const m = typeof s === "string" ? /^__CHANNEL__:(\d+)$/.exec(s) : null;
    return m ? Number(m[1]) : undefined;
  };
  const pump = async (pid: number, id: number) => {
    // A listener that throws must not end the stream (Tauri delivers each message on its own):
    // its error still surfaces, as an uncaught one.
    const deliver = (frame: Frame) => {
      try {
        runCallback(id, frame);
      } catch (e) {
        setTimeout(() => {
          throw e;
        });
      }
    };
    let next = 0;
    for (;;) {
      let frames: Frame[];
      try {
        frames = await raw("plugin:shell|child_events", { pid }) as Frame[];
      } catch (e) {
        // The stream broke (window closing, or the call was refused): say so on the channel, as
        // an Error event, and close it.
        deliver({
          index: next,
          message: { event: "Error", payload: (e as Error)?.message ?? String(e) },
        });
        deliver({ index: next + 1, end: true });
        return;
      }
      for (const f of frames) {
        deliver(f);
        next = f.index + 1;
        if (f.end) return;
      }
    }
  };
  const withEvents = (invoke: Invoke): Invoke => (cmd, args, options) => {
    const p = invoke(cmd, args, options);
    if (cmd !== "plugin:shell|spawn") return p;
    const id = channelId((args as { onEvent?: unknown } | null)?.onEvent);
    return id === undefined ? p : p.then((pid) => {
      void pump(pid as number, id);
      return pid;
    });
  };
  internals.invoke = withEvents(raw);
  const core = (w.__TAURI__ as Record<string, Record<string, unknown>> | undefined)?.core;
  if (core && core.invoke === raw) core.invoke = internals.invoke;
  w.panes.invoke = withEvents(w.panes.invoke as Invoke);
  const invoke = internals.invoke as Invoke;

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
