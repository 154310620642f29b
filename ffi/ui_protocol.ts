/**
 * Messages between the main isolate and the UI thread. The UI thread
 * forwards page messages raw; parsing and routing happen on main.
 * @module
 */

import type { MessagePort } from "node:worker_threads";

/** A pointer as it crosses threads (`Deno.UnsafePointer.value`). */
export type PointerValue = number | bigint;

/** Where a libwebview path came from; errors name it. */
export interface WebviewLocation {
  /** Path or bare library name handed to `dlopen`. */
  path: string;
  /** How it was found. */
  source: "option" | "env" | "npm" | "system";
}

/** What a window shows: HTML (served from `panes://`) or a URL. */
export type UiContent = { html: string } | { url: string };

/** main → UI thread. */
export type UiCommand =
  | {
    op: "create";
    id: number;
    title: string;
    width: number;
    height: number;
    debug: boolean;
    /** The window key (see page_key.ts); the same one is written into `init`. */
    key: string;
    init: string;
    content: UiContent;
    hideOnClose: boolean;
    visible: boolean;
  }
  | { op: "load"; id: number; content: UiContent }
  | { op: "eval"; id: number; js: string }
  | { op: "close"; id: number }
  | { op: "free"; id: number }
  | { op: "call"; rid: number; id: number; name: string; args: unknown[] }
  /** Imports a module of UI-thread commands (ffi/ui/ui_commands.ts); the result is its names. */
  | { op: "ui-commands"; rid: number; url: string }
  /** The port to the window's worker (null: it ended), for the short path (ffi/ui/direct_calls.ts). */
  | {
    op: "worker-port";
    id: number;
    port: MessagePort | null;
    /** Why the worker ended: what its pending calls answer. */
    reason?: { message: string; code: string };
  }
  /** The worker commands the page now at `url` may call over the short path. */
  | { op: "worker-grants"; id: number; url: string; names: string[]; timeoutMs: number }
  /** The UI-thread commands the page now at `url` may call. */
  | { op: "ui-grants"; id: number; url: string; names: string[]; debug: boolean; label: string }
  | { op: "park"; id: number; key: string; bytes: ArrayBuffer; type: string }
  | {
    op: "post-answer";
    id: number;
    post: number;
    bytes: ArrayBuffer | null;
    type: string;
    /** HTTP status of a served file (default 200); the IPC fast path always answers 200. */
    status?: number;
    /** Response headers of a served file (the asset protocol's CORS header). */
    headers?: Record<string, string>;
  };

/** UI thread → main. */
export type UiEvent =
  | { t: "started"; idle: PointerValue }
  | { t: "created"; id: number; webview: PointerValue }
  | { t: "create-failed"; id: number; message: string }
  | { t: "post"; id: number; seq: string; req: string }
  | {
    t: "post-bin";
    id: number;
    /** The held POST to answer (`post-answer`), exactly once. */
    post: number;
    i: number;
    c: string;
    h: string;
    kind: "json" | "bytes";
    body: Uint8Array;
    /** The length the page declared (a body too large to read arrives empty). */
    declared: number;
  }
  | {
    t: "serve";
    id: number;
    /** The held request to answer (`post-answer` with a status), exactly once. */
    post: number;
    /** The requested URL (`panes://app/<path>` or `asset://localhost/<path>`). */
    uri: string;
    /** The URL of the page the window shows as it asks (whose request it is). */
    page: string;
    /** The request's `Range` header (media asks for parts of a file). */
    range?: string;
  }
  | { t: "closed"; id: number }
  | { t: "signal"; id: number; name: string; data?: unknown }
  | { t: "result"; rid: number; ok: true; value: unknown }
  | { t: "result"; rid: number; ok: false; error: string }
  | { t: "fatal"; message: string };

/** Name of the one bound function that carries every page → host message. */
export const BOUND_NAME = "__panes_post";

/** URL of a window's app content on the `panes://` scheme. */
export function appUrl(id: number, generation: number): string {
  return `panes://app/window/${id}/${generation}`;
}
