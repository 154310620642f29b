/**
 * The UI on the main isolate (`AppOptions.uiHost: "main"`): GTK runs on the process's main thread,
 * GLib's loop is driven from Deno's event loop, and a page's call reaches its handler inside GLib's
 * dispatch with no thread in between, as in a bare libwebview program. GLib's poll runs on one of
 * Deno's blocking threads (a `nonblocking` FFI call), so main's event loop stays free while the UI
 * waits, and idle costs nothing. The price: a handler that blocks main's event loop also holds the
 * windows (they do not repaint until it returns), which the default UI thread does not.
 * @module
 */

import type { UiCommand, UiEvent, WebviewLocation } from "../ui_protocol.ts";
import { glib, libc } from "../system_libs.ts";
import { startUiHost, type UiHost } from "../ui/ui_host.ts";
import { loadUiCommands } from "../ui/ui_commands.ts";
import { testHooks } from "../ui/test_hooks.ts";
import { readPortsWith } from "../ui/direct_calls.ts";
import { parsePost, UiLink } from "./ui_link.ts";

/** At most this many iterations, or this many ms, in one burst (then back through the event loop). */
const BURST_MAX = 64;
const BURST_MS = 4;

/** When no window holds the process, the loop looks at GLib this often (unref'd timers). */
const IDLE_TICK_MS = 50;

/** The UI side hosted on the main isolate. */
export class InlineUi extends UiLink {
  /** Opens the native libraries on this thread and starts driving GLib. */
  static start(location: WebviewLocation): InlineUi {
    const ui = new InlineUi(location);
    // Window workers' answers arrive as events here (main has an event loop): each wakes the UI.
    const inboxes = new WeakMap<object, unknown[]>();
    readPortsWith((port) => {
      let box = inboxes.get(port);
      if (!box) {
        const inbox: unknown[] = [];
        inboxes.set(port, box = inbox);
        (port as unknown as MessagePort).onmessage = (e) => {
          inbox.push(e.data);
          ui.wake();
        };
      }
      return box.length ? { message: box.shift() } : undefined;
    });
    ui.#host = startUiHost({
      location,
      flag: ui.#flagBuffer,
      testHooks: Deno.env.get("PANES_TEST_HOOKS") === "1",
      post: (e) => ui.#deliver(e),
      postText: (text) => ui.#deliver(parsePost(text)),
      receive: () => ui.#take(),
      importCommands: (cmd) => void ui.#import(cmd),
    });
    ui.#run().catch((e) => ui.die(e));
    return ui;
  }

  readonly location: WebviewLocation;
  readonly host = "main";
  #host!: UiHost;
  /** Window workers read it as they do the UI thread's: 0 means "add an idle source to wake it". */
  #flagBuffer = new SharedArrayBuffer(8);
  #queue: UiCommand[] = [];
  #head = 0;
  #out: UiEvent[] = [];
  #flushing = false;
  #inDispatch = false;
  #polling = false;
  #refs = 0;
  #ctx: Deno.PointerValue = null;
  /** Ends the unref'd wait early when a window starts holding the process. */
  #endIdleWait: (() => void) | undefined;

  private constructor(location: WebviewLocation) {
    super();
    this.location = location;
  }

  #take(): UiCommand | undefined {
    if (this.#head >= this.#queue.length) {
      // All read: start the array afresh rather than let it grow.
      this.#queue = [];
      this.#head = 0;
      return undefined;
    }
    const cmd = this.#queue[this.#head];
    this.#queue[this.#head++] = undefined as unknown as UiCommand;
    return cmd;
  }

  /**
   * Events reach main's listeners in a microtask, not inside the GTK callback that made them: the
   * listeners (and the handlers they call) then never run inside GLib's dispatch, and a command
   * sent from them is carried out at once instead of after the dispatch.
   */
  #deliver(e: UiEvent): void {
    this.#out.push(e);
    if (this.#flushing) return;
    this.#flushing = true;
    queueMicrotask(() => {
      this.#flushing = false;
      const out = this.#out;
      this.#out = [];
      for (const ev of out) {
        try {
          this.dispatch(ev);
        } catch (err) {
          console.error("panes: a UI event listener threw:", err);
        }
      }
    });
  }

  async #import(cmd: Extract<UiCommand, { op: "ui-commands" }>): Promise<void> {
    try {
      this.dispatch({ t: "result", rid: cmd.rid, ok: true, value: await loadUiCommands(cmd.url) });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.dispatch({ t: "result", rid: cmd.rid, ok: false, error });
    }
  }

  send(cmd: UiCommand): void {
    if (this.dead) throw new Error(`the UI thread died: ${this.dead.message}`);
    this.#queue.push(cmd);
    this.wake();
  }

  /**
   * Inside GLib's dispatch the loop reads the queue when the dispatch returns; anywhere else the
   * command runs now (GTK is on this thread), and a poll in flight is woken to look at the sources
   * that command may have added.
   */
  wake(): void {
    if (this.dead || this.#inDispatch) return;
    this.#host.drain();
    if (this.#polling) glib.g_main_context_wakeup(this.#ctx);
  }

  get flag(): SharedArrayBuffer {
    return this.#flagBuffer;
  }

  hold(): void {
    if (this.#refs++ === 0) {
      this.#endIdleWait?.();
    }
  }

  release(): void {
    if (this.#refs > 0 && --this.#refs === 0 && this.#polling) {
      glib.g_main_context_wakeup(this.#ctx); // the loop goes on with unref'd waits
    }
  }

  /**
   * GLib's loop, one step at a time (prepare, query, poll, check, dispatch: what
   * `g_main_context_iteration` does inside). The poll is the only wait: on a Deno blocking thread
   * while a window holds the process, otherwise an unref'd timer tick with a poll that does not
   * block, so that the UI never keeps the process alive by itself.
   *
   * The dispatch runs GTK's callbacks, and so JavaScript, inside an FFI call; it is bound without a
   * result (V8 cannot deoptimize a frame under a fast call whose result is used: see
   * ffi/ui/ui_worker.ts), and the calls that return something run no callbacks.
   */
  async #run(): Promise<void> {
    const ctx = glib.g_main_context_default();
    this.#ctx = ctx;
    glib.g_main_context_acquire(ctx);
    const prio = new Int32Array(1);
    const timeout = new Int32Array(1);
    let fds = new Uint8Array(32 * 8); // GPollFD: int fd; gushort events; gushort revents
    for (;;) {
      if (this.dead) return;
      // The suite's fault injection (PANES_TEST_HOOKS=1): the UI loop fails as a UI Worker would.
      if (testHooks.crashRequested) throw new Error("the UI thread was stopped by a test hook");
      const ready = glib.g_main_context_prepare(ctx, prio);
      let n: number;
      for (;;) {
        n = glib.g_main_context_query(ctx, prio[0], timeout, fds, fds.length / 8);
        if (n <= fds.length / 8) break;
        fds = new Uint8Array(n * 16);
      }
      const wait = ready ? 0 : timeout[0];
      if (this.#refs > 0) {
        this.#polling = true;
        try {
          await libc.poll(fds, BigInt(n), wait);
        } finally {
          this.#polling = false;
        }
      } else {
        if (wait !== 0) {
          await this.#idleWait(wait < 0 ? IDLE_TICK_MS : Math.min(wait, IDLE_TICK_MS));
        }
        libc.pollNow(fds, BigInt(n), 0); // what is ready, without waiting
      }
      if (glib.g_main_context_check(ctx, prio[0], fds, n)) {
        this.#inDispatch = true;
        try {
          glib.g_main_context_dispatch(ctx);
        } finally {
          this.#inDispatch = false;
        }
        // What main sent while the dispatch ran (and what window workers answered).
        this.#host.drain();
        await this.#burst(ctx);
      } else {
        this.#host.drain();
      }
    }
  }

  /**
   * After a dispatch, what is ready already (the next pieces of a response WebKit streams, more
   * messages) is dispatched here, without a trip through the blocking thread for each; main's
   * microtasks (handlers' answers) run between iterations. Bounded, so that a flood of ready
   * sources still lets main's other work run.
   */
  async #burst(ctx: Deno.PointerValue): Promise<void> {
    const until = performance.now() + BURST_MS;
    for (let k = 0; k < BURST_MAX && glib.g_main_context_pending(ctx); k++) {
      this.#inDispatch = true;
      try {
        glib.g_main_context_iteration_void(ctx, 0);
      } finally {
        this.#inDispatch = false;
      }
      this.#host.drain();
      await null;
      if (performance.now() > until) return;
    }
  }

  #idleWait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#endIdleWait = undefined;
        resolve();
      }, ms);
      Deno.unrefTimer(timer);
      this.#endIdleWait = () => {
        this.#endIdleWait = undefined;
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
