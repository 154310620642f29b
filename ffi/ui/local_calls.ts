/**
 * What the UI thread answers or routes itself from a page's batch, before the rest goes to main:
 * calls to UI-thread commands (answered here, `ui_commands.ts`) and calls to the window's worker
 * (handed to it directly, `direct_calls.ts`). Both only as main granted them for this page.
 * @module
 */

import { jsQuote } from "../../bridge/js_string.ts";
import type { UiWindow } from "./ui_ops.ts";
import { answerUiCall, hasUiGrants, uiGranted } from "./ui_commands.ts";
import { handOver, hasDirect } from "./direct_calls.ts";

/**
 * Takes the calls of `msgs` (the JSON array the page posted) that the UI thread serves; returns
 * what is left for main: `msgs` itself when nothing was taken, undefined when everything was.
 */
export function takeLocalCalls(
  win: UiWindow,
  msgs: string,
  evalAnswer: (js: string) => void,
): string | undefined {
  const ui = hasUiGrants(win);
  const direct = hasDirect(win);
  // Plain string tests first: most batches hold no call at all. A call with a channel in its
  // body goes to main, which owns the page's channels.
  if ((!ui && !direct) || !msgs.includes('"k":"inv"') || msgs.includes("__CHANNEL__:")) {
    return msgs;
  }
  let list: unknown;
  try {
    list = JSON.parse(msgs);
  } catch {
    return msgs; // main answers what it cannot read
  }
  if (!Array.isArray(list)) return msgs;
  const answers: unknown[] = [];
  const rest: unknown[] = [];
  let taken = 0;
  for (const m of list) {
    const inv = m as {
      k?: unknown;
      i?: unknown;
      c?: unknown;
      b?: unknown;
      b64?: unknown;
      h?: unknown;
    };
    const plain = inv?.k === "inv" && typeof inv.c === "string" && Number.isSafeInteger(inv.i) &&
      (inv.i as number) >= 0 && inv.b64 === undefined && inv.h === undefined;
    if (plain && ui && uiGranted(win, inv.c as string)) {
      answers.push(answerUiCall(win, inv.i as number, inv.c as string, inv.b));
      taken++;
    } else if (plain && direct && handOver(win, inv as { i: number; c: string; b?: unknown })) {
      taken++;
    } else rest.push(m);
  }
  if (taken === 0) return msgs;
  if (answers.length) {
    const json = "[" + answers.map((a) => {
      try {
        return JSON.stringify(a);
      } catch (e) {
        // A result JSON cannot hold (a BigInt, a cycle): that call gets it as its error.
        return JSON.stringify({
          k: "res",
          i: (a as { i: number }).i,
          ok: false,
          err: { message: `the result cannot be sent as JSON: ${e}`, code: "command-error" },
        });
      }
    }).join(",") + "]";
    evalAnswer(`window.panes&&window.panes._recv(JSON.parse('${jsQuote(json)}'))`);
  }
  return rest.length ? JSON.stringify(rest) : undefined;
}

/**
 * Answers here a POST-borne call (a large JSON or a binary body, `ipc_scheme.ts`) to a UI-thread
 * command granted for the page now in `win`; false leaves it to main (not granted, headers, or a
 * body that is not JSON: main answers those as for any command). Without this, the body and the
 * result would cross to main and back (three copies of a 1 MiB JSON).
 */
export function answerLocalPost(
  win: UiWindow,
  i: number,
  name: string,
  headers: string,
  _kind: "json" | "bytes",
  body: Uint8Array,
  evalAnswer: (js: string) => void,
): boolean {
  if (headers !== "{}" || !Number.isSafeInteger(i) || i < 0 || !uiGranted(win, name)) return false;
  // UI-thread commands take JSON; bytes are read as UTF-8 JSON (PyTauri's pyInvoke sends JSON
  // so), as main does (app/ui_commands.ts). Bytes that are not JSON go to main for its error.
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return false;
  }
  let json: string;
  try {
    json = JSON.stringify([answerUiCall(win, i, name, value)]);
  } catch (e) {
    json = JSON.stringify([{
      k: "res",
      i,
      ok: false,
      err: { message: `the result cannot be sent as JSON: ${e}`, code: "command-error" },
    }]);
  }
  evalAnswer(`window.panes&&window.panes._recv(JSON.parse('${jsQuote(json)}'))`);
  return true;
}
