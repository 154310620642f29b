/**
 * The UI thread's Worker (the default host of the UI side, ffi/ui/ui_host.ts): it runs its own
 * blocking GLib loop (never `webview_run`, see docs/architecture.md) and never returns to its own
 * event loop except to import UI-thread command modules, so everything is synchronous and promises
 * would not settle. Commands arrive on a MessagePort read with `receiveMessageOnPort`, after main
 * wakes the loop with `g_idle_add_full`.
 * @module
 */

import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { hrtime } from "node:process";
import type { MessagePort } from "node:worker_threads";
import type { UiCommand, UiEvent, WebviewLocation } from "../ui_protocol.ts";
import { glib } from "../system_libs.ts";
import { testHooks } from "./test_hooks.ts";
import { loadUiCommands } from "./ui_commands.ts";
import * as direct from "./direct_calls.ts";
import { readPortsWith } from "./direct_calls.ts";
import { startUiHost, type UiHost } from "./ui_host.ts";
import { Mailbox, PollingReader } from "../mailbox.ts";

interface WorkerInit {
  location: WebviewLocation;
  port: MessagePort;
  /** Int32 wake flag shared with main: 0 sleeping, 1 wake pending, 2 spinning. */
  flag: SharedArrayBuffer;
  spinMicros: number;
  /** PANES_TEST_HOOKS=1: enables fault-injection ops for the test suite. */
  testHooks: boolean;
  /** The mailboxes beside the port (ffi/mailbox.ts): calls to main, and main's evals. */
  toMain: SharedArrayBuffer;
  fromMain: SharedArrayBuffer;
  /** PANES_MAILBOX=0: the port only (A/B runs). */
  portOnly: boolean;
}

const init = workerData as WorkerInit;
const flag = new Int32Array(init.flag);
const toMain = new Mailbox(init.toMain);
const fromMain = new Mailbox(init.fromMain);
// Port messages are counted from "started" on: main counts what its link receives after that.
const counting = new Int32Array(1);
const post = (e: UiEvent, transfer?: ArrayBuffer[]): void => {
  if (counting[0]) toMain.sentOnPort();
  if (transfer) parentPort!.postMessage(e, transfer);
  else parentPort!.postMessage(e);
};
// Main's evals come through the mailbox as "<window id> <js>".
const evalOf = (text: string): UiCommand => {
  const sp = text.indexOf(" ");
  return { op: "eval", id: Number(text.slice(0, sp)), js: text.slice(sp + 1) };
};
const pollPort = () => receiveMessageOnPort(init.port)?.message as UiCommand | undefined;
const fromMainReader = new PollingReader<UiCommand>(fromMain, evalOf, pollPort);
const pendingImports: Extract<UiCommand, { op: "ui-commands" }>[] = [];

readPortsWith(receiveMessageOnPort);
let host: UiHost;
try {
  host = startUiHost({
    location: init.location,
    flag: init.flag,
    testHooks: init.testHooks,
    post,
    // The hot path: the mailbox when it is free, else one string (it clones faster than an object).
    postText: (text) => {
      if (!init.portOnly && toMain.tryPut(text)) return;
      toMain.sentOnPort();
      parentPort!.postMessage(text);
    },
    receive: () => fromMainReader.next(),
    importCommands: (cmd) => pendingImports.push(cmd),
  });
} catch (e) {
  post({ t: "fatal", message: e instanceof Error ? e.message : String(e) });
  throw e;
}
const { drain, activity } = host;

post({ t: "started", idle: Deno.UnsafePointer.value(host.idle) });
counting[0] = 1;

/** Imports the UI-thread command modules main asked for (the windows wait a moment meanwhile). */
async function importPending(): Promise<void> {
  for (const cmd of pendingImports.splice(0)) {
    try {
      post({ t: "result", rid: cmd.rid, ok: true, value: await loadUiCommands(cmd.url) });
    } catch (e) {
      post({
        t: "result",
        rid: cmd.rid,
        ok: false,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
}

// Deno's node:worker_threads reads web MessagePorts (window workers' ports, ffi/ui/direct_calls.ts)
// by patching prototypes on first use; done inside a GLib callback, that change deoptimizes the
// loop under its FFI call (see runLoop). One round trip of a transferred port here, before the
// loop runs, makes those changes while nothing is optimized yet.
{
  const a = new MessageChannel();
  const b = new MessageChannel();
  a.port1.postMessage({ port: b.port1 }, [b.port1]);
  const got = receiveMessageOnPort(a.port2 as unknown as MessagePort);
  (got?.message as { port?: { close(): void } } | undefined)?.port?.close();
  receiveMessageOnPort(b.port2 as unknown as MessagePort);
  for (const p of [a.port1, a.port2, b.port2]) p.close();
}

const mainContext = glib.g_main_context_default();
const spinNs = BigInt(Math.max(0, init.spinMicros)) * 1000n;

/** Main is exiting (ffi/main/ui_thread.ts, #park): stop touching GTK for good, and say so. */
function parkIfAsked(): void {
  if (Atomics.load(flag, 1) !== 1) return;
  Atomics.store(flag, 1, 2);
  Atomics.notify(flag, 1);
  for (;;) Atomics.wait(flag, 1, 2);
}

/**
 * The GLib loop. It returns only when a module import is pending (that needs this worker's event
 * loop); the caller imports and calls it again.
 *
 * GTK's callbacks run inside this loop's FFI calls, which V8 makes as fast API calls from optimized
 * code. When a callback invalidates what that optimized code assumed (Deno's node:worker_threads
 * re-parents a MessagePort that arrives in a message, a module `let` is reassigned for the first
 * time, an object gains a field), V8 deoptimizes the loop's frame under the fast call; for a call
 * whose result is used it cannot, and aborts the process ("Lazy deopt after a fast API call with
 * return value is unsupported": the worker bench hit it once window workers' ports arrived). So the
 * calls that run callbacks are made through result-less bindings (`g_main_context_iteration_void`;
 * `g_main_context_pending`, which runs none, says whether to go on), and what callbacks change is
 * kept in typed arrays, Maps, and objects made with every field they will ever have.
 */
function runLoop(): void {
  for (;;) {
    if (testHooks.crashRequested) throw new Error("the UI thread was stopped by a test hook");
    glib.g_main_context_iteration_void(mainContext, 1);
    parkIfAsked();
    if (pendingImports.length) return;
    if (spinNs === 0n || !activity[0]) continue;
    // A short spin while traffic flows saves two thread wake-ups per call (docs/architecture.md);
    // main sees flag 2 and skips the wake-up while we poll the port ourselves. A round that finds
    // nothing yields the core (sched_yield): on a busy machine a plain spin kept main and the web
    // process off the CPU and was slower than no spin at all (docs/performance.md, Small-call latency).
    Atomics.store(flag, 0, 2);
    let last = hrtime.bigint();
    // After handing a call to a window's worker the loop keeps polling a little longer: its answer
    // then needs no wake-up (ffi/ui/direct_calls.ts).
    while (hrtime.bigint() - last < spinNs || performance.now() < direct.spinUntil[0]) {
      activity[0] = 0;
      parkIfAsked();
      drain();
      // Dispatch what is ready, one source at a time (pending itself runs no callbacks).
      while (glib.g_main_context_pending(mainContext)) {
        glib.g_main_context_iteration_void(mainContext, 0);
        activity[0] = 1;
      }
      if (activity[0]) last = hrtime.bigint();
      else glib.g_thread_yield();
    }
    activity[0] = 0;
    if (Atomics.compareExchange(flag, 0, 2, 0) === 2) drain();
    if (pendingImports.length) return;
  }
}

(async () => {
  for (;;) {
    runLoop();
    await importPending();
  }
})().catch((e) => {
  // What the loop throws ends the thread, as an uncaught error at the top level did.
  setTimeout(() => {
    throw e;
  });
});
