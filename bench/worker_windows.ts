/**
 * Windows with a worker of their own (issue 17), measured in one process and one run:
 *
 * - invoke latency: sequential small invokes from a worker window beside a main-isolate window,
 *   interleaved in rounds (goal: worker window mean ≤ 1.1 × the main-isolate window's);
 * - isolation: while window A's handler burns a core for 2 s, window B's invoke p99 against its
 *   idle p99 (goal with workers: ≤ 2 ×), and the same with both windows on the main isolate;
 * - memory: the host process's RSS growth per window, worker windows against plain ones.
 *
 *   deno run -A --unstable-worker-options bench/worker_windows.ts [--quick]
 *   deno task bench --workers [--quick]
 *
 * Timings are compared only as ratios within this run (the machine may be shared and noisy).
 * @module
 */

import { App, Commands, type WindowHandle } from "../mod.ts";
import { burn, ping } from "./worker_commands.ts";

const quick = Deno.args.includes("--quick") || Deno.env.get("PANES_BENCH_QUICK") === "1";
const ROUNDS = quick ? 3 : 8;
const CALLS = quick ? 200 : 500;
const BURN_MS = 2000;
const GUEST = new URL("./worker_guest.ts", import.meta.url);

const commands = new Commands()
  .command("ping", {}, ping)
  .command("burn", {}, burn);

function stats(xs: number[]): { mean: number; p50: number; p99: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p50: at(0.5), p99: at(0.99) };
}

/** N sequential invokes timed in the page: the whole loop (ms), and each call (ms, coarse). */
function sequential(win: WindowHandle, n: number): Promise<{ total: number; each: number[] }> {
  return win.evalJs<{ total: number; each: number[] }>(
    `(async () => { const each = []; const t0 = performance.now();
       for (let i = 0; i < ${n}; i++) {
         const t = performance.now(); await panes.invoke("ping", i); each.push(performance.now() - t); }
       return { total: performance.now() - t0, each }; })()`,
    { timeoutMs: 600_000 },
  );
}

/** Sequential invokes for `ms` ms, timed in the page. */
function during(win: WindowHandle, ms: number): Promise<number[]> {
  return win.evalJs<number[]>(
    `(async () => { const out = []; const end = performance.now() + ${ms};
       while (performance.now() < end) {
         const t = performance.now(); await panes.invoke("ping", 1); out.push(performance.now() - t); }
       return out; })()`,
    { timeoutMs: 600_000 },
  );
}

const f = (x: number) => x.toFixed(3);
const lines: string[] = [];
const say = (s: string) => (console.log(s), lines.push(s));

await using app = new App({ commands, config: false, readyTimeoutMs: 120_000 });

// 1. Latency: a worker window and a main-isolate window, interleaved.
{
  const [w, m] = await Promise.all([
    app.show("<p>worker</p>", { label: "lat-w", worker: GUEST }),
    app.show("<p>main</p>", { label: "lat-m" }),
  ]);
  await sequential(w, CALLS); // warm-up, not counted
  await sequential(m, CALLS);
  const all = { w: [] as number[], m: [] as number[] };
  const totals = { w: 0, m: 0 };
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [m, w] : [w, m];
    const got = new Map<WindowHandle, { total: number; each: number[] }>();
    for (const win of order) got.set(win, await sequential(win, CALLS));
    all.w.push(...got.get(w)!.each);
    all.m.push(...got.get(m)!.each);
    totals.w += got.get(w)!.total;
    totals.m += got.get(m)!.total;
    ratios.push(got.get(w)!.total / got.get(m)!.total);
  }
  const sw = { ...stats(all.w), mean: totals.w / (ROUNDS * CALLS) };
  const sm = { ...stats(all.m), mean: totals.m / (ROUNDS * CALLS) };
  ratios.sort((a, b) => a - b);
  const ratio = ratios[Math.floor(ratios.length / 2)];
  say(
    `invoke latency, ${ROUNDS} interleaved rounds × ${CALLS} sequential calls (page-timed, ms; ` +
      `mean = loop time ÷ calls; p50/p99 per call, WebKit's clock is coarse):`,
  );
  say(`  main-isolate window: mean ${f(sm.mean)}  p50 ${f(sm.p50)}  p99 ${f(sm.p99)}`);
  say(`  worker window:       mean ${f(sw.mean)}  p50 ${f(sw.p50)}  p99 ${f(sw.p99)}`);
  say(
    `  goal: worker window ≤ 1.1 × main-isolate window (median of per-round mean ratios): ` +
      `${ratio.toFixed(2)} × — ${ratio <= 1.1 ? "met" : "not met"}`,
  );
  await Promise.all([w.close(), m.close()]);
}

// 2. Isolation: B's invokes while A's handler burns a core for 2 s.
async function isolation(
  workers: boolean,
): Promise<{ idle: number; busy: number; idleMax: number; busyMax: number }> {
  const opts = (label: string) => workers ? { label, worker: GUEST } : { label };
  const [a, b] = await Promise.all([
    app.show("<p>A</p>", opts(`iso-a-${workers}`)),
    app.show("<p>B</p>", opts(`iso-b-${workers}`)),
  ]);
  await during(b, 500); // warm-up
  const idleRun = await during(b, BURN_MS);
  const sampling = during(b, BURN_MS + 500);
  await new Promise((r) => setTimeout(r, 100));
  const burning = a.evalJs(`panes.invoke("burn", ${BURN_MS})`, { timeoutMs: 600_000 });
  const busyRun = await sampling;
  await burning;
  await Promise.all([a.close(), b.close()]);
  return {
    idle: stats(idleRun).p99,
    busy: stats(busyRun).p99,
    idleMax: Math.max(...idleRun),
    busyMax: Math.max(...busyRun),
  };
}
{
  const withW = await isolation(true);
  const without = await isolation(false);
  const r1 = withW.busy / withW.idle, r2 = without.busy / without.idle;
  say(
    `isolation: window B's invoke p99 (ms) while window A's handler burns a core for ${BURN_MS} ms:`,
  );
  const met = r1 <= 2 ? "met" : "not met";
  say(`  worker windows:       idle ${f(withW.idle)}  busy ${f(withW.busy)}  → ${r1.toFixed(2)} ×`);
  say(`    goal ≤ 2 ×: ${met}; slowest call: idle ${f(withW.idleMax)}, busy ${f(withW.busyMax)}`);
  say(
    `  main-isolate windows: idle ${f(without.idle)}  busy ${f(without.busy)}  → ${
      r2.toFixed(2)
    } ×`,
  );
  say(
    `    for contrast (one isolate, one event loop); slowest call: idle ${f(without.idleMax)}, ` +
      `busy ${f(without.busyMax)}`,
  );
}

// 3. Memory: host RSS growth per window, plain windows against worker windows.
async function growth(workers: boolean, n: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const before = Deno.memoryUsage().rss;
  const wins = await Promise.all(
    Array.from(
      { length: n },
      (_, i) =>
        app.show(
          `<p>${i}</p>`,
          workers ? { label: `mem-w${i}`, worker: GUEST } : { label: `mem-m${i}` },
        ),
    ),
  );
  await Promise.all(wins.map((w) => w.evalJs(`panes.invoke("ping", 1)`)));
  gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const after = Deno.memoryUsage().rss;
  await Promise.all(wins.map((w) => w.close()));
  return (after - before) / n / 2 ** 20;
}
{
  const n = quick ? 2 : 4;
  const plain = await growth(false, n);
  const worker = await growth(true, n);
  say(
    `memory: host-process RSS growth per window, ${n} windows at once (MiB; WebKit's own processes not counted):`,
  );
  say(
    `  main-isolate window: ${plain.toFixed(1)}   worker window: ${
      worker.toFixed(1)
    }   worker's own share ≈ ${(worker - plain).toFixed(1)}`,
  );
}
