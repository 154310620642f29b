/**
 * Running a snippet in a page that uses Tauri's guest packages, with its rejection reported as
 * data. On the Tauri path (the guest packages, `__TAURI__.*`, `panes.<plugin>`) a rejection is a
 * plain string, as Tauri's; `panes.invoke` rejects with an Error carrying a code and data.
 * @module
 */

import { assertEquals, assertMatch } from "./assert.ts";

/**
 * The JS that runs `js` (an async function body) and gives `{ ok: true, v }`, or for a rejection
 * `{ ok: false, string: true, message }` (a plain string) or
 * `{ ok: false, string: false, code, message, permission }` (an Error).
 */
export const call = (js: string) =>
  `(async () => { try { return { ok: true, v: await (async () => { ${js} })() }; } catch (e) { return typeof e === "string" ? { ok: false, string: true, message: e } : { ok: false, string: false, code: e?.code, message: e?.message ?? String(e), permission: e?.data?.permission }; } })()`;

/** What `call` gives. */
export type Result = {
  ok: boolean;
  v?: unknown;
  string?: boolean;
  code?: string;
  message?: string;
  permission?: string;
};

/**
 * Asserts that `r` is a rejection with a plain string (Tauri's form) equal to `text`, or matching
 * it when `text` is a RegExp.
 */
export function assertRejectsWithString(r: Result, text: string | RegExp, what = ""): void {
  const shown = `${what}${what ? ": " : ""}${JSON.stringify(r)}`;
  assertEquals([r.ok, r.string], [false, true], shown);
  if (typeof text === "string") assertEquals(r.message, text, shown);
  else assertMatch(r.message ?? "", text, shown);
}

/**
 * Page-side JS of a rejection handler for fs calls: `"err:outside"` for a path outside the fs
 * scope (a plain string, as Tauri's guest package rejects), anything else shown whole.
 */
export const fsRefusal =
  `(e) => typeof e === "string" ? "err:" + (e.includes(" is outside the fs scope ") ? "outside" : e) : "err: not a string: " + e`;
