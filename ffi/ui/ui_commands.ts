/**
 * UI-thread commands: small synchronous handlers that run on the UI thread itself, so a page's
 * call is answered where it arrives, without crossing to the main isolate and back (two thread
 * hand-offs and two wake-ups per call; docs/performance.md, "UI-thread commands").
 *
 * Main decides who may call them, as for every command: for each committed page it sends the
 * names that page may call (`grantUiCommands`), tagged with the page's URL; the UI thread drops a
 * window's grants at every commit and takes new ones only while the view still shows that URL, so
 * grants for one page never reach the next. Calls without a grant (before the grant arrives, a
 * binary body, headers) go to main as before, which runs them here through the `uiCommand` op.
 * @module
 */

import type { UiWindow } from "./ui_ops.ts";
import { loadLater } from "../load_later.ts";

/** One UI-thread command: synchronous; returns JSON or throws. */
export type UiCommandFn = (body: unknown, ctx: { label: string }) => unknown;

interface Grants {
  names: ReadonlySet<string>;
  label: string;
  debug: boolean;
}

const table = new Map<string, UiCommandFn>();
/**
 * Each window's grants, kept beside the window rather than as a field added to it and deleted
 * again: hidden-class changes made inside GLib callbacks can deoptimize the UI loop under its FFI
 * call (see the UI loop in ui_worker.ts).
 */
const granted = new Map<UiWindow, Grants>();

/**
 * Imports a module whose default export is a record of synchronous functions and adds them.
 * Throws (with the module's URL) on a missing or wrong default export, or a name taken already.
 */
export async function loadUiCommands(url: string): Promise<string[]> {
  const mod = await loadLater<{ default?: unknown }>(url);
  const def = mod.default as Record<string, unknown> | undefined;
  if (!def || typeof def !== "object") {
    throw new TypeError(`uiCommands ${url}: the default export must be an object of functions`);
  }
  const names = Object.keys(def);
  for (const name of names) {
    if (typeof def[name] !== "function") {
      throw new TypeError(`uiCommands ${url}: "${name}" is not a function`);
    }
    const had = table.get(name);
    if (had && had !== def[name]) {
      throw new TypeError(`uiCommands ${url}: "${name}" is defined by another module already`);
    }
  }
  for (const name of names) table.set(name, def[name] as UiCommandFn);
  return names;
}

/** Main's grants for the page now at `url` (ignored when the view has moved on). */
export function grantUiCommands(
  win: UiWindow,
  url: string,
  currentUrl: string,
  names: string[],
  debug: boolean,
  label: string,
): void {
  if (url !== currentUrl) return;
  granted.set(win, { names: new Set(names), label, debug });
}

/** A new document (or the window went): the old page's grants go with it. */
export function dropUiGrants(win: UiWindow): void {
  granted.delete(win);
}

/** Runs one command; `{ ok, v }` or `{ ok: false, err }` as the page's bridge reads results. */
export function runUiCommand(
  name: string,
  body: unknown,
  label: string,
  debug: boolean,
): { ok: true; v: unknown } | { ok: false; err: { message: string; code?: string } } {
  const fn = table.get(name);
  if (!fn) return { ok: false, err: { message: `unknown command "${name}"` } };
  try {
    const v = fn(body, { label });
    if (v instanceof Promise) {
      v.catch(() => {}); // the UI thread never returns to its event loop: it could not settle
      return {
        ok: false,
        err: {
          message:
            `UI-thread command "${name}" returned a promise: UI-thread commands must be synchronous`,
          code: "command-error",
        },
      };
    }
    return { ok: true, v: v === undefined ? null : v };
  } catch (e) {
    const withCode = e as { message?: unknown; code?: unknown };
    // An error the command meant for the page carries a code (InvokeError); others are internal.
    if (e instanceof Error && typeof withCode.code === "string") {
      return { ok: false, err: { message: e.message, code: withCode.code } };
    }
    return {
      ok: false,
      err: {
        message: debug
          ? `command "${name}" failed: ${e instanceof Error ? e.message : String(e)}`
          : `command "${name}" failed (internal error; enable debug for details)`,
        code: "command-error",
      },
    };
  }
}

/** Whether the page now in `win` may call the UI-thread command `name` here. */
export function uiGranted(win: UiWindow, name: string): boolean {
  return granted.get(win)?.names.has(name) ?? false;
}

/** Runs a granted call for the page now in `win`; the answer as the page's bridge reads it. */
export function answerUiCall(win: UiWindow, i: number, name: string, body: unknown): unknown {
  const g = granted.get(win)!;
  return { k: "res", i, ...runUiCommand(name, body, g.label, g.debug) };
}

/** Whether this window's page has any UI-thread command grants. */
export function hasUiGrants(win: UiWindow): boolean {
  return granted.has(win);
}
