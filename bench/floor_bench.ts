/**
 * The raw floor: a bare libwebview program on ONE thread. Deno's main
 * thread creates the windows, binds one function, and blocks in
 * `webview_run`; every host action happens inside the bound callback, which
 * answers with `webview_return` and pushes messages with one `webview_eval`
 * each. The page runs the same workloads as the panes page.
 *
 * Started by `tools/run_bench.ts` with `BENCH_CHILD` set.
 * @module
 */

import { locateWebview } from "../ffi/main/library.ts";
import { openWebview } from "../ffi/ui/native_libs.ts";
import { SizeHint } from "../ffi/symbols/webview.ts";
import {
  ArrivalClock,
  benchPage,
  childSettings,
  peakRss,
  report,
  sinceSpawn,
} from "./bench_protocol.ts";
import type { PageFigures } from "./page_workloads.ts";
import { BOUND_API, workloadScript } from "./page_workloads.ts";

const settings = childSettings();
const lib = openWebview(locateWebview());
const wv = lib.symbols;
const encoder = new TextEncoder();
const cstr = (s: string) => encoder.encode(s + "\0");

const floorApi = BOUND_API;
const html = benchPage(
  workloadScript(floorApi) +
    `\ndocument.addEventListener("DOMContentLoaded", () => window.__b("ready", null));`,
);

const windowCount = settings.mode === "mem4" ? 4 : 1;
const views: Deno.PointerObject[] = [];
let readyCount = 0;
let p2hCount = 0;
const clock = new ArrivalClock();

const evalIn = (w: Deno.PointerObject, js: string) => wv.webview_eval(w, cstr(js));

function pattern(size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + 7) & 255;
  return b;
}

/** Handles one bound call; returns the JSON answer. */
function handle(w: Deno.PointerObject, name: string, arg: unknown): string {
  switch (name) {
    case "echo":
      clock.tick();
      return JSON.stringify(arg);
    case "mark":
      if (arg === "seq") clock.start();
      else clock.stop();
      return "null";
    case "emitBurst": {
      const { n, salt } = arg as { n: number; salt: string };
      for (let i = 0; i < n; i++) {
        evalIn(w, `__benchRecv(${JSON.stringify({ i, s: "hello", salt })})`);
      }
      return "null";
    }
    case "p2h":
      p2hCount++;
      return "null";
    case "p2hDone": {
      const n = p2hCount;
      p2hCount = 0;
      return JSON.stringify(n);
    }
    case "stream": {
      const { n, size } = arg as { n: number; size: number };
      const bytes = size > 0 ? pattern(size) : undefined;
      for (let index = 0; index < n; index++) {
        const m = bytes
          ? { index, b64: bytes.toBase64() }
          : { index, message: { i: index, s: "hello" } };
        evalIn(w, `__benchChan(${JSON.stringify(m)})`);
      }
      return "null";
    }
    case "json":
      return JSON.stringify(arg);
    case "bytes":
      return JSON.stringify(Uint8Array.fromBase64(arg as string).toBase64());
    case "ready":
      if (++readyCount === windowCount) {
        report({ event: "ready", coldStartMs: sinceSpawn(settings), pid: Deno.pid });
      }
      if (settings.mode === "work") {
        evalIn(w, `__benchStart(${JSON.stringify(settings.workload)})`);
      }
      return "null";
    case "results":
      report({
        event: "result",
        page: arg as PageFigures,
        spread: clock.spread(),
        hostPeakRss: peakRss(),
      });
      wv.webview_terminate(views[0]);
      return "null";
    case "failed":
      report({ event: "failed", message: String(arg) });
      wv.webview_terminate(views[0]);
      return "null";
  }
  return JSON.stringify(`unknown call ${name}`);
}

const bound = new Deno.UnsafeCallback(
  { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
  (seq, req, arg) => {
    const w = views[Number(Deno.UnsafePointer.value(arg))];
    const [name, value] = JSON.parse(Deno.UnsafePointerView.getCString(req!)) as [string, unknown];
    const answer = handle(w, name, value);
    wv.webview_return(w, cstr(Deno.UnsafePointerView.getCString(seq!)), 0, cstr(answer));
  },
);

for (let k = 0; k < windowCount; k++) {
  const w = wv.webview_create(0, null);
  if (w === null) throw new Error("webview_create returned NULL (is DISPLAY set?)");
  views.push(w);
  wv.webview_set_title(w, cstr(`floor ${k}`));
  wv.webview_set_size(w, 800, 600, SizeHint.None);
  wv.webview_bind(w, cstr("__b"), bound.pointer, Deno.UnsafePointer.create(BigInt(k)));
  wv.webview_set_html(w, cstr(html));
}
wv.webview_run(views[0]);
// Leave at once: the results are out, and WebKit's exit-time teardown is not part of the floor.
Deno.exit(0);
