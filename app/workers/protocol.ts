/**
 * The messages between the main isolate and a window's Worker (`workers/host.ts` ↔
 * `workers/guest.ts`). Everything crosses by structured clone: JSON values, `Uint8Array`s, `Date`s,
 * `Map`s…; never functions or class instances (they arrive as plain objects).
 * @module
 */

import type { InvokeAnswer } from "../../bridge/peer.ts";

/** Main → worker. */
export type ToWorker =
  /** First message: who the worker serves. The worker answers `ready` with its command names. */
  | { t: "init"; label: string; debug: boolean }
  /** A page call routed to the worker (`g`: the page generation its channels belong to). */
  | {
    t: "invoke";
    id: number;
    cmd: string;
    body: unknown;
    headers: Record<string, string>;
    g: number;
    windows: string[];
  }
  /** The answer to a worker's `call`. */
  | { t: "reply"; id: number; ok: true; value: unknown }
  | { t: "reply"; id: number; ok: false; message: string; name: string }
  /** A page event for a key the worker listens to (`key` is the key it registered). */
  | { t: "ev"; key: string; type: string; data: unknown; label: string }
  /** The page of generation `g` went away (reload, close): its channels are gone. */
  | { t: "page-gone"; g: number; reason: string }
  /**
   * The short path: the port on which the UI thread hands over the page's calls, and the UI
   * loop's state word (0 asleep: ask main to `wake` it after answering).
   */
  | { t: "direct"; port: MessagePort; flag: SharedArrayBuffer };

/** A page call on the short path (UI thread → worker) and its answer (worker → UI thread). */
export type DirectCall = { t: "direct"; i: number; cmd: string; body: unknown };
/** The worker's answer on the short path. */
export type DirectAnswer =
  | { i: number; ok: true; v: unknown }
  | { i: number; ok: false; err: { message: string; code?: string; data?: unknown } };

/** What a worker may ask the main isolate to do for its window (and only its window). */
export type WorkerOp =
  | "evalJs" // [script, options]
  | "native" // [name, args]: a native window op (the worker's WindowProxy)
  | "navigate" // [url]
  | "reload" // []
  | "close" // []
  | "drain" // [g]: the page's channels delivered everything sent so far
  | "show"; // [content, options]: opens a child window (needs show({ childWindows: true }))

/** Worker → main. */
export type FromWorker =
  | { t: "ready"; names: string[] }
  | { t: "names"; names: string[] }
  | { t: "answer"; id: number; answer: InvokeAnswer }
  /** A channel message for page callback `c` of page generation `g`. */
  | { t: "cb"; g: number; c: number; p: unknown }
  | { t: "call"; id: number; op: WorkerOp; args: unknown[] }
  /** To its own page. */
  | { t: "emit"; type: string; data: unknown }
  /** Runs a script in its page, no result. */
  | { t: "eval"; script: string }
  /** To every window's page, or one by label (as `app.emit`). */
  | { t: "app-emit"; type: string; data: unknown; label?: string }
  /** To the host's listeners (`app.on`, `win.on`), as if its page had emitted it. */
  | { t: "host-emit"; type: string; data: unknown }
  | { t: "on"; key: string }
  | { t: "off"; key: string }
  /** It answered on the short path while the UI loop slept: wake it. */
  | { t: "wake" }
  /** An uncaught error is about to end the worker. */
  | { t: "fatal"; message: string; stack: string };

/** Where a worker's channel bytes sit in a `cb` payload until main turns them into page form. */
export const BYTES_KEY = "__panes_bytes";

/** The Worker's name: `panes-window:<label>` (how the worker knows its label at import time). */
export const WORKER_NAME_PREFIX = "panes-window:";
