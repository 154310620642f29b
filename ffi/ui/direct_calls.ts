/**
 * The short path between a page and its window's worker (`show({ worker })`, docs/workers.md):
 * the UI thread hands the page's calls to the worker's commands straight to that Worker over a
 * MessagePort, and puts the worker's answers into the page, without the main isolate in between.
 *
 * Main still decides: it sends the port when the worker starts (and null when it ends), and, for
 * each committed page, the worker commands that page may call (`grant`, tagged with the page's URL
 * as UI-thread command grants are). A call that is not granted here goes the long way, through
 * main. The UI thread keeps the time limit of the calls it handed over (a worker in an endless
 * loop still answers `timeout`), and answers them `worker-crashed` when main says the worker ended.
 * @module
 */

import type { MessagePort } from "node:worker_threads";
import type { UiWindow } from "./ui_ops.ts";
import { jsQuote } from "../../bridge/js_string.ts";

/** Takes the next message waiting on a port without waiting, if there is one. */
export type PortReader = (port: MessagePort) => { message: unknown } | undefined;

let readPort: PortReader = () => {
  throw new Error("direct calls: no port reader (readPortsWith was not called)");
};
/**
 * How this host reads window workers' ports: the UI Worker, which never returns to its event
 * loop, with node:worker_threads' `receiveMessageOnPort`; the UI on main with `onmessage` (so
 * node:worker_threads is not loaded there for it).
 */
export function readPortsWith(reader: PortReader): void {
  readPort = reader;
}

/** A worker's answer to a direct call, as the worker posts it. */
interface DirectAnswer {
  i: number;
  ok: boolean;
  v?: unknown;
  err?: { message: string; code?: string; data?: unknown };
}

interface Lane {
  port: MessagePort;
  /** The commands the current page may hand over; undefined until main's grant. */
  names: ReadonlySet<string> | undefined;
  timeoutMs: number;
  /** Calls handed over and not answered: page call id → its command and deadline (performance.now ms). */
  pending: Map<number, { cmd: string; deadline: number }>;
}

const lanes = new Map<UiWindow, Lane>();

/**
 * Until when (performance.now ms) the UI loop keeps polling for answers after a hand-over, in
 * `spinUntil[0]`. A typed array, not a module `let`: V8 treats a `let` nobody has reassigned yet as
 * a constant in optimized code, and the first hand-over (inside a GLib callback, during the loop's
 * FFI fast call) then deoptimizes the loop's frame under that call, which V8 aborts the process for
 * ("Lazy deopt after a fast API call with return value is unsupported"; seen in the worker bench).
 */
export const spinUntil = new Float64Array(1);
/** How long after a hand-over the loop keeps polling: most small calls are answered by then. */
const SPIN_AFTER_HANDOVER_MS = 2;

/** Main's port to the window's worker (null: the worker ended; pending calls are answered). */
export function setWorkerPort(
  win: UiWindow,
  port: MessagePort | null,
  answer: (js: string) => void,
  reason: { message: string; code: string } = {
    message: "the window's worker ended before it answered",
    code: "worker-crashed",
  },
): void {
  const old = lanes.get(win);
  if (old) {
    lanes.delete(win);
    old.port.close();
    failPending(old, answer, reason);
  }
  // Every field from the start: an object that gains a field later changes its hidden class, and
  // that, done inside a GLib callback, can deoptimize the UI loop under its FFI call, which V8
  // aborts the process for (see the UI loop in ui_worker.ts).
  if (port) lanes.set(win, { port, names: undefined, timeoutMs: 0, pending: new Map() });
}

/** Main's grants for the page now at `url` (ignored when the view has moved on). */
export function grantDirect(
  win: UiWindow,
  url: string,
  currentUrl: string,
  names: string[],
  timeoutMs: number,
): void {
  const lane = lanes.get(win);
  if (!lane || url !== currentUrl) return;
  lane.names = new Set(names);
  lane.timeoutMs = timeoutMs;
}

/** A new document: the old page's grants go (its pending calls can no longer be answered). */
export function dropDirectGrants(win: UiWindow): void {
  const lane = lanes.get(win);
  if (!lane) return;
  lane.names = undefined;
  lane.pending.clear();
}

/** The window is gone. */
export function windowGone(win: UiWindow): void {
  const lane = lanes.get(win);
  if (!lane) return;
  lanes.delete(win);
  lane.port.close();
}

/** Whether this window hands any calls to its worker directly. */
export function hasDirect(win: UiWindow): boolean {
  return lanes.get(win)?.names !== undefined;
}

/** Hands `inv` (a page call) to the worker if granted; true when it did. */
export function handOver(
  win: UiWindow,
  inv: { i: number; c: string; b?: unknown },
): boolean {
  const lane = lanes.get(win);
  if (!lane?.names?.has(inv.c)) return false;
  const now = performance.now();
  lane.pending.set(inv.i, {
    cmd: inv.c,
    deadline: lane.timeoutMs > 0 ? now + lane.timeoutMs : Infinity,
  });
  lane.port.postMessage({ t: "direct", i: inv.i, cmd: inv.c, body: inv.b ?? null });
  spinUntil[0] = now + SPIN_AFTER_HANDOVER_MS;
  return true;
}

/**
 * Reads the workers' answers and puts them into their pages (`evalIn` runs a script in a window);
 * answers calls past their limit `timeout`. Returns whether anything was done.
 */
export function pollDirect(evalIn: (win: UiWindow, js: string) => void): boolean {
  let any = false;
  const now = performance.now();
  for (const [win, lane] of lanes) {
    const out: DirectAnswer[] = [];
    for (;;) {
      const m = readPort(lane.port);
      if (!m) break;
      const a = m.message as DirectAnswer;
      if (!lane.pending.delete(a.i)) continue; // its page is gone, or it timed out
      out.push(a);
    }
    for (const [i, { cmd, deadline }] of lane.pending) {
      if (deadline > now) continue;
      lane.pending.delete(i);
      out.push({
        i,
        ok: false,
        err: {
          message: `command "${cmd}" did not answer within ${lane.timeoutMs} ms`,
          code: "timeout",
        },
      });
    }
    if (out.length) {
      any = true;
      evalIn(win, recvScript(out));
    }
  }
  return any;
}

/** Whether any window waits for a worker's answer (the loop then wakes to check time limits). */
export function anyPending(): boolean {
  for (const lane of lanes.values()) if (lane.pending.size) return true;
  return false;
}

/** The worker ended with calls in hand: each is answered as main answers them then. */
function failPending(
  lane: Lane,
  answer: (js: string) => void,
  reason: { message: string; code: string },
): void {
  if (!lane.pending.size) return;
  const out = [...lane.pending.keys()].map((i) => ({ i, ok: false, err: reason }));
  lane.pending.clear();
  answer(recvScript(out));
}

/** The page's `_recv` call for these answers (bytes as base64, as main sends them). */
function recvScript(answers: DirectAnswer[]): string {
  const msgs = answers.map((a) => {
    if (!a.ok) return { k: "res", i: a.i, ok: false, err: a.err ?? { message: "error" } };
    if (a.v instanceof Uint8Array) return { k: "res", i: a.i, ok: true, b64: base64(a.v) };
    return { k: "res", i: a.i, ok: true, v: a.v === undefined ? null : a.v };
  });
  return `window.panes&&window.panes._recv(JSON.parse('${jsQuote(JSON.stringify(msgs))}'))`;
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}
