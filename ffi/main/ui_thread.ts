/**
 * The main isolate's side of the UI thread: starts the one UI Worker of the
 * process, queues commands to it and wakes its GLib loop with
 * `g_idle_add_full`, and hands its events to whoever listens.
 * @module
 */

import type { MessagePort, Worker } from "node:worker_threads";
import { GPriority } from "../symbols/glib.ts";
import { NativeLibraryError, openSystem, SONAMES } from "../native_libs.ts";
import { glib as glibLib } from "../system_libs.ts";
import { assertSupportedOs, locateWebview, resolveWebview } from "./library.ts";
import type { UiCommand, UiEvent, WebviewLocation } from "../ui_protocol.ts";
import { parsePost, UiLink } from "./ui_link.ts";
import { loadLater } from "../load_later.ts";
import { Mailbox, portHandler } from "../mailbox.ts";

/**
 * How node:worker_threads is asked to start the module at `url`. It takes only file: and data:
 * modules, so a file: checkout (or a `deno compile` binary) starts the module directly, and any other
 * URL (a `jsr:` package, an https import) through a short evaluated module that imports it: the
 * worker's own imports then resolve relative to that URL as usual.
 */
export function workerEntry(url: URL): [string | URL, { eval?: true }] {
  if (url.protocol === "file:") return [url, {}];
  return [`import(${JSON.stringify(url.href)});`, { eval: true }];
}

/**
 * GTK runs on one thread per process, and this module's singleton is per isolate: a second isolate
 * in the same process (a second test file in one `deno test` process, a Worker importing panes)
 * would start a second UI thread whose windows never open. The process environment is shared by
 * every isolate of the process, so the first one marks it (pid and a token of its own) and any
 * other isolate gets a clear error instead of a window that never comes.
 */
const OWNER_VAR = "PANES_UI_THREAD_OWNER";
const ownToken = `${Deno.pid}:${crypto.randomUUID()}`;

function claimProcessUi(): void {
  let owner: string | undefined;
  try {
    owner = Deno.env.get(OWNER_VAR);
    if (owner === undefined || !owner.startsWith(`${Deno.pid}:`)) {
      Deno.env.set(OWNER_VAR, ownToken); // unset, or inherited from a parent process
      return;
    }
  } catch {
    return; // no env permission: nothing to check with
  }
  if (owner !== ownToken) {
    throw new Error(
      "another isolate in this process already runs panes' UI thread (GTK allows one per process): " +
        "open windows from one isolate only; with deno test, run each file that opens windows in a " +
        "process of its own (deno test one_file.ts), as @panes/panes/testing's docs show",
    );
  }
}

/** `PANES_UI_HOST=main` runs the UI on the main isolate (for running a suite in that mode). */
function uiHostFromEnv(): "worker" | "main" {
  try {
    return Deno.env.get("PANES_UI_HOST") === "main" ? "main" : "worker";
  } catch {
    return "worker";
  }
}

/** How long the UI thread may take to start before we give up. */
const START_TIMEOUT_MS = 30_000;

/** Options for starting the UI thread. */
export interface UiThreadOptions {
  /** Explicit path to libwebview (otherwise PANES_WEBVIEW_LIB, the npm carrier, the system). */
  webviewLibrary?: string;
  /**
   * Where the UI runs (`AppOptions.uiHost`; otherwise `PANES_UI_HOST`, otherwise `"worker"`). The
   * first start in the process decides; later asks get the running one.
   */
  host?: "worker" | "main";
}

/**
 * The process-wide UI thread. GTK can own windows on one thread only, and
 * cannot be started again once that thread ends, so there is one, started
 * on first use and kept for the life of the process (unref'd while no
 * window is open, so it never keeps the process alive by itself).
 */
export class UiThread extends UiLink {
  static #instance: Promise<UiLink> | undefined;

  /** Starts the UI thread once per process, or returns the running one. */
  static get(options: UiThreadOptions = {}): Promise<UiLink> {
    if (!UiThread.#instance) {
      const started = UiThread.#start(options);
      UiThread.#instance = started;
      // A failed start may be retried (e.g. after installing the library).
      started.catch(() => {
        if (UiThread.#instance === started) UiThread.#instance = undefined;
      });
    } else if (options.webviewLibrary !== undefined) {
      return UiThread.#instance.then((ui) => {
        const wanted = locateWebview(options.webviewLibrary).path;
        if (wanted !== ui.location.path) {
          throw new NativeLibraryError(
            `the UI thread already runs libwebview from ${ui.location.path}; one process cannot load ${wanted} as well`,
          );
        }
        return ui;
      });
    }
    return UiThread.#instance;
  }

  static async #start(options: UiThreadOptions): Promise<UiLink> {
    assertSupportedOs();
    claimProcessUi();
    const location = await resolveWebview(options.webviewLibrary);
    const host = options.host ?? uiHostFromEnv();
    if (host === "main") {
      // A computed specifier: the main-isolate host's modules load only when it is used (graph.ts).
      const { InlineUi } = await loadLater<typeof import("./ui_inline.ts")>(
        new URL("./ui_inline.ts", import.meta.url),
      );
      return InlineUi.start(location);
    }
    // Loaded now for a clear error; its symbols are bound as they are first called.
    openSystem(SONAMES.glib, {});
    const glib = glibLib;
    // Loaded here, not at import: the UI on main (and an app that never opens a window) does
    // without Node's compatibility layer, which costs every isolate that loads it at start.
    const { MessageChannel, Worker } = await import("node:worker_threads");
    const { port1, port2 } = new MessageChannel();
    // [0]: the wake flag; [1]: parking at exit (0 running, 1 asked, 2 parked; see #park).
    const flag = new SharedArrayBuffer(8);
    const spinMicros = Number(Deno.env.get("PANES_SPIN_US") ?? 300);
    const toMain = Mailbox.memory(), fromMain = Mailbox.memory();
    const portOnly = Deno.env.get("PANES_MAILBOX") === "0"; // the mailbox off, for A/B runs
    const [entry, how] = workerEntry(new URL("../ui/ui_worker.ts", import.meta.url));
    const worker = new Worker(entry, {
      ...how,
      workerData: {
        location,
        port: port2,
        flag,
        spinMicros,
        testHooks: Deno.env.get("PANES_TEST_HOOKS") === "1",
        toMain,
        fromMain,
        portOnly,
      },
      transferList: [port2],
    });
    const ui = await new Promise<UiThread>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the UI thread did not start within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      const onMessage = (e: UiEvent) => {
        if (e.t === "started") {
          clearTimeout(timer);
          worker.off("message", onMessage);
          resolve(
            new UiThread(worker, port1, flag, glib, e.idle, location, [toMain, fromMain], portOnly),
          );
        } else if (e.t === "fatal") {
          clearTimeout(timer);
          reject(new NativeLibraryError(e.message));
        }
      };
      worker.on("message", onMessage);
      worker.once("error", (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      });
    });
    return ui;
  }

  readonly location: WebviewLocation;
  readonly host = "worker";
  #worker: Worker;
  #port: MessagePort;
  #flag: Int32Array;
  #glib: typeof glibLib;
  #idle: Deno.PointerValue;
  #refs = 0;
  /** Calls from the UI thread, and evals to it, beside the port (ffi/mailbox.ts). */
  #toMain: Mailbox;
  #fromMain: Mailbox;
  /** Whether mailbox evals are off (PANES_MAILBOX=0, for A/B runs). */
  #portOnly: boolean;

  private constructor(
    worker: Worker,
    port: MessagePort,
    flag: SharedArrayBuffer,
    glib: typeof glibLib,
    idle: number | bigint,
    location: WebviewLocation,
    [toMain, fromMain]: [SharedArrayBuffer, SharedArrayBuffer],
    portOnly: boolean,
  ) {
    super();
    this.#portOnly = portOnly;
    this.#toMain = new Mailbox(toMain);
    this.#fromMain = new Mailbox(fromMain);
    this.#worker = worker;
    this.#port = port;
    this.#flag = new Int32Array(flag);
    this.#glib = glib;
    this.#idle = Deno.UnsafePointer.create(BigInt(idle));
    this.location = location;
    worker.on(
      "message",
      portHandler<UiEvent | string>(
        this.#toMain,
        this.#fromSlot,
        (e) => typeof e === "string" ? this.#fromSlot(e) : this.dispatch(e),
      ),
    );
    this.#watchMailbox();
    worker.on("error", (err: unknown) => this.die(err));
    globalThis.addEventListener("unload", this.#park);
    worker.on(
      "exit",
      (code: number) => this.die(new Error(`the UI thread exited (code ${code})`)),
    );
    worker.unref();
  }

  /**
   * At process exit (`Deno.exit`, or the end of the program) the UI thread is parked before the
   * C library's exit handlers run: GTK and WebKit tear down under them, and a UI thread still
   * iterating GLib then crashed the process now and then (SIGSEGV after `process.exit` from a
   * page). Bounded: a UI thread stuck in a nested loop does not hold the exit past 1 s.
   */
  #park = (): void => {
    if (this.dead || Atomics.load(this.#flag, 1) !== 0) return;
    Atomics.store(this.#flag, 1, 1);
    this.#glib.g_idle_add_full(GPriority.Default, this.#idle, null, null);
    Atomics.notify(this.#flag, 0, 1);
    Atomics.wait(this.#flag, 1, 1, 1000);
  };

  /** A page's post in its compact form, from the mailbox or the port. */
  #fromSlot = (text: string): void => this.dispatch(parsePost(text));

  /** Reads the mailbox whenever the UI thread fills it, while the thread lives. */
  async #watchMailbox(): Promise<void> {
    while (!this.dead) {
      await this.#toMain.wait();
      const text = this.#toMain.take();
      if (text !== undefined) this.#fromSlot(text);
    }
  }

  /** Queues a command (moving `transfer`'s buffers) and wakes the UI loop unless a wake-up is already pending. */
  send(cmd: UiCommand, transfer?: Array<ArrayBuffer | MessagePort>): void {
    if (this.dead) throw new Error(`the UI thread died: ${this.dead.message}`);
    // An eval, the answer to almost every call, takes the mailbox when it is free.
    if (
      cmd.op === "eval" && !transfer && !this.#portOnly &&
      this.#fromMain.tryPut(`${cmd.id} ${cmd.js}`)
    ) return this.wake();
    this.#fromMain.sentOnPort();
    // deno-lint-ignore no-explicit-any
    if (transfer) this.#port.postMessage(cmd, transfer as any);
    else this.#port.postMessage(cmd);
    this.wake();
  }

  /** Wakes the UI loop unless a wake-up is already pending or it is spinning. */
  wake(): void {
    if (this.dead) return;
    // 0 = blocked in GLib: wake it; 1 = a wake-up is queued; 2 = spinning, it polls the port.
    if (Atomics.compareExchange(this.#flag, 0, 0, 1) === 0) {
      this.#glib.g_idle_add_full(GPriority.Default, this.#idle, null, null);
    }
  }

  /** The UI loop's state word (what window workers read to know whether to ask for a wake). */
  get flag(): SharedArrayBuffer {
    return this.#flag.buffer as SharedArrayBuffer;
  }

  /** Keeps the process alive while windows are open (counted). */
  hold(): void {
    if (this.#refs++ === 0) this.#worker.ref();
  }

  /** Releases one {@linkcode hold}; the last one lets the process exit. */
  release(): void {
    if (this.#refs > 0 && --this.#refs === 0) this.#worker.unref();
  }
}
