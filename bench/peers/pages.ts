/**
 * The peers' bench pages: the same workload script as panes and the floor
 * (bench/page_workloads.ts), with each peer's small page adapter. Deno makes
 * the HTML and hands it to the peer child as a file.
 * @module
 */

import { benchPage } from "../bench_protocol.ts";
import { BOUND_API, workloadScript } from "../page_workloads.ts";

/** bun + webview-bun: the floor's adapter, unchanged. */
export const boundApi = BOUND_API;

/**
 * node + webview-napi (wry): `window.ipc.postMessage(string)` is the only page → host path and is
 * one-way, so a call is `[id, name, arg]` posted and answered by the host evaluating
 * `__r(id, answer)`. Page → host messages are one-way posts (id 0), the cheapest way wry has.
 * The rest is the floor's (one eval per host → page message, binary as base64).
 */
export const ipcApi = `() => {
  let next = 0;
  const pending = new Map();
  window.__r = (id, v) => { const resolve = pending.get(id); pending.delete(id); resolve(v); };
  const post = (id, name, arg) => window.ipc.postMessage(JSON.stringify([id, name, arg === undefined ? null : arg]));
  const call = (name, arg) => new Promise((resolve) => { const id = ++next; pending.set(id, resolve); post(id, name, arg); });
  return {
    call,
    echoBytes: (u8) => call("bytes", u8.toBase64()).then((s) => Uint8Array.fromBase64(s)),
    onHostMessage: (cb) => { window.__benchRecv = cb; },
    sendMany: async (n) => {
      for (let i = 0; i < n; i++) post(0, "p2h", i);
      if ((await call("p2hDone", null)) !== n) throw new Error("page → host count");
    },
    stream: (n, size, cb) => {
      window.__benchChan = (m) => cb(m.b64 !== undefined ? Uint8Array.fromBase64(m.b64).buffer : m.message);
      return call("stream", { n, size });
    },
  };
}`;

/** The page for bun + webview-bun (ready through the bound function, as the floor's). */
export function bunPage(): string {
  return benchPage(
    workloadScript(boundApi) +
      `\ndocument.addEventListener("DOMContentLoaded", () => window.__b("ready", null));`,
  );
}

/** The page for node + webview-napi (ready as a one-way post). */
export function nodePage(): string {
  return benchPage(
    workloadScript(ipcApi) +
      `\ndocument.addEventListener("DOMContentLoaded", () => window.ipc.postMessage(JSON.stringify([0, "ready", null])));`,
  );
}
