/**
 * The panes side of the bench: one App, the bench page, and commands that
 * answer the same workloads the floor answers. Host → page messages go
 * through `emit` and channels; page → host through `panes.emit`.
 *
 * Started by `tools/run_bench.ts` with `BENCH_CHILD` set (and
 * `--v8-flags=--expose-gc` for the memory-growth check).
 * @module
 */

import { z } from "zod";
import { App, Channel, Commands, type WindowHandle } from "../mod.ts";
import {
  ArrivalClock,
  benchPage,
  childSettings,
  type GrowthFigures,
  peakRss,
  report,
  sinceSpawn,
} from "./bench_protocol.ts";
import { type PageFigures, workloadScript } from "./page_workloads.ts";

const settings = childSettings();
/** RSS settles at an allocator high-water mark over the first cycles; the slope after it is growth. */
const GROWTH_CYCLES = 6;
const clock = new ArrivalClock();
let p2hCount = 0;
let finished!: (r: { page: PageFigures } | { failed: string }) => void;
const done = new Promise<{ page: PageFigures } | { failed: string }>((r) => finished = r);

/** The page adapter: `panes.invoke`, `panes.emit`, `panes.on` and `panes.Channel`. */
const panesApi = `() => ({
  call: (name, arg) => panes.invoke("bench_" + name, arg === undefined ? null : arg),
  ${
  settings.mode === "work"
    ? `callUi: (name, arg) => panes.invoke("bench_ui_" + name, arg === undefined ? null : arg),`
    : ""
}
  echoBytes: (u8) => panes.invoke("bench_bytes", u8).then((b) => new Uint8Array(b)),
  onHostMessage: (cb) => panes.on("bench:h", (d) => cb(d)),
  sendMany: async (n) => {
    for (let i = 0; i < n; i++) panes.emit("bench:p2h", i);
    if ((await panes.invoke("bench_p2hDone", null)) !== n) throw new Error("page → host count");
  },
  stream: (n, size, cb) => {
    const ch = new panes.Channel(cb);
    return panes.invoke("bench_stream", { channel: ch, n, size });
  },
})`;
// Used by the growth check: page → host floods, and an acknowledgement of host → page floods.
const growthScript = `
window.__benchFlood = (n) => { for (let i = 0; i < n; i++) panes.emit("bench:p2h", i); panes.emit("bench:flooded", n); };
let __benchGot = 0;
panes.on("bench:g", (d) => { if (++__benchGot % d.n === 0) panes.emit("bench:gotall", __benchGot); });`;
const html = benchPage(workloadScript(panesApi) + growthScript);

function pattern(size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + 7) & 255;
  return b;
}

const commands = new Commands()
  .command("bench_echo", {}, ({ body }) => {
    clock.tick();
    return body;
  })
  .command("bench_mark", {}, ({ body }) => {
    if (body === "seq") clock.start();
    else clock.stop();
    return null;
  })
  .command("bench_emitBurst", {}, ({ body, window }) => {
    const { n, salt } = body as { n: number; salt: string };
    for (let i = 0; i < n; i++) window.emit("bench:h", { i, s: "hello", salt });
    return null;
  })
  .command("bench_p2hDone", {}, () => {
    const n = p2hCount;
    p2hCount = 0;
    return n;
  })
  .command(
    "bench_stream",
    { body: z.object({ channel: Channel.of(), n: z.number().int(), size: z.number().int() }) },
    ({ body: { channel, n, size } }) => {
      const bytes = size > 0 ? pattern(size) : undefined;
      for (let i = 0; i < n; i++) {
        if (bytes) channel.sendBytes(bytes);
        else channel.send({ i, s: "hello" });
      }
      return null;
    },
  )
  .command("bench_json", {}, ({ body }) => body)
  .command("bench_bytes", { body: "bytes" }, ({ body }) => body)
  .command("bench_results", {}, ({ body }) => {
    finished({ page: body as PageFigures });
    return null;
  })
  .command("bench_failed", {}, ({ body }) => {
    finished({ failed: String(body) });
    return null;
  });

// The work run also times the same calls to UI-thread commands; the other runs (cold start,
// memory) measure an app without them.
const app = new App({
  commands,
  ...(settings.mode === "work"
    ? { uiCommands: new URL("./ui_commands_bench.ts", import.meta.url) }
    : {}),
});
app.on("bench:p2h", () => void p2hCount++);

const windowCount = settings.mode === "mem4" ? 4 : 1;
const wins: WindowHandle[] = await Promise.all(
  Array.from(
    { length: windowCount },
    (_, k) => app.show(html, { title: `panes ${k}`, width: 800, height: 600, label: `bench-${k}` }),
  ),
);
report({ event: "ready", coldStartMs: sinceSpawn(settings), pid: Deno.pid });

if (settings.mode === "work") {
  wins[0].eval(`__benchStart(${JSON.stringify(settings.workload)})`);
  const outcome = await done;
  if ("failed" in outcome) {
    report({ event: "failed", message: outcome.failed });
  } else {
    report({
      event: "result",
      page: outcome.page,
      spread: clock.spread(),
      hostPeakRss: peakRss(),
    });
  }
  await app.destroy();
  Deno.exit(0);
} else {
  if (settings.mode === "mem4" && settings.growthMessages > 0) void growthOnRequest();
  await app.run(); // idle until the parent ends the process
}

/** Runs the growth check when the parent writes "growth" to stdin (after sampling memory). */
async function growthOnRequest(): Promise<void> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of Deno.stdin.readable) {
    text += decoder.decode(chunk, { stream: true });
    if (!text.includes("growth\n")) continue;
    try {
      report({ event: "growth", growth: await growthCheck(wins[0], settings.growthMessages) });
    } catch (e) {
      report({ event: "failed", message: `growth check: ${e instanceof Error ? e.message : e}` });
    }
    return;
  }
}

/** Host RSS and main-isolate heap after a full GC. */
function settled(): { rss: number; heapUsed: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = Deno.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

/** Cycles of `n` messages each way (page → host flood, then host → page), memory after each. */
async function growthCheck(win: WindowHandle, n: number): Promise<GrowthFigures> {
  const cycle = async () => {
    const flooded = new Promise<void>((r) => {
      const off = win.on("bench:flooded", () => {
        off();
        r();
      });
    });
    p2hCount = 0;
    win.eval(`__benchFlood(${n})`);
    await flooded;
    if (p2hCount !== n) throw new Error(`growth check: ${p2hCount} of ${n} page messages`);
    const acked = new Promise<void>((r) => {
      const off = win.on("bench:gotall", () => {
        off();
        r();
      });
    });
    const salt = crypto.randomUUID(); // a new script text each cycle (see page_workloads.ts)
    for (let i = 0; i < n; i++) win.emit("bench:g", { n, i, salt });
    await acked;
  };
  const samples = [settled()];
  for (let c = 0; c < GROWTH_CYCLES; c++) {
    await cycle();
    samples.push(settled());
  }
  p2hCount = 0;
  return {
    messagesEachWay: n,
    rss: samples.map((s) => s.rss),
    heapUsed: samples.map((s) => s.heapUsed),
  };
}
