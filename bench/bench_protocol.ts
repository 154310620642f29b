/**
 * What a bench child process (panes or the floor) reports to
 * `tools/run_bench.ts`: one `BENCH {json}` line per event on stdout.
 * @module
 */

import type { PageFigures, WorkloadConfig } from "./page_workloads.ts";

/** What a child is asked to do. */
export type ChildMode =
  /** one window, every workload, then exit */
  | "work"
  /** one window, report ready, then stay idle until killed */
  | "idle"
  /** four windows, report ready, then stay idle (panes: run the growth check on "growth" from stdin) */
  | "mem4";

/** Settings passed to a child in the `BENCH_CHILD` environment variable (JSON). */
export interface ChildSettings {
  mode: ChildMode;
  /** `performance.timeOrigin + performance.now()` in the parent just before spawning. */
  spawnAt: number;
  workload: WorkloadConfig;
  /** Messages each way per cycle of the host-memory growth check (panes only). */
  growthMessages: number;
}

/** Per-call spread of sequential invokes, from the host's arrival times (µs). */
export interface CallSpread {
  meanUs: number;
  p50Us: number;
  p99Us: number;
  calls: number;
}

/** Host memory through the growth check (bytes; after a full GC each time). */
export interface GrowthFigures {
  /** Messages each way per cycle. */
  messagesEachWay: number;
  /** Host RSS before the first cycle, then after each cycle. */
  rss: number[];
  /** Main-isolate JS heap in use, sampled with `rss`. */
  heapUsed: number[];
}

/** Least-squares slope of `ys` against their index (units of y per step). */
export function slope(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return NaN;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    num += (i - mx) * (ys[i] - my);
    den += (i - mx) ** 2;
  }
  return num / den;
}

/** One line a child prints. */
export type ChildReport =
  | { event: "ready"; coldStartMs: number; pid: number }
  | {
    event: "result";
    page: PageFigures;
    spread: CallSpread;
    /** The host process's peak RSS (VmHWM) over the whole run, in bytes. */
    hostPeakRss: number;
  }
  | { event: "growth"; growth: GrowthFigures }
  | { event: "failed"; message: string };

/** The line prefix that marks a report. */
export const REPORT_PREFIX = "BENCH ";

/** Prints one report line (synchronously: the floor's thread is inside a native loop). */
export function report(r: ChildReport): void {
  Deno.stdout.writeSync(new TextEncoder().encode(REPORT_PREFIX + JSON.stringify(r) + "\n"));
}

/** Reads the child's settings from the environment. */
export function childSettings(): ChildSettings {
  const raw = Deno.env.get("BENCH_CHILD");
  if (!raw) throw new Error("bench child: BENCH_CHILD is not set (run `deno task bench`)");
  return JSON.parse(raw) as ChildSettings;
}

/** Milliseconds since the parent spawned this process. */
export function sinceSpawn(settings: ChildSettings): number {
  return performance.timeOrigin + performance.now() - settings.spawnAt;
}

/** Records arrival times and turns them into per-call figures. */
export class ArrivalClock {
  #times: number[] = [];
  #on = false;

  /** Starts (or restarts) recording; the first arrival is this call. */
  start(): void {
    this.#times = [performance.now()];
    this.#on = true;
  }

  /** Records one arrival while recording. */
  tick(): void {
    if (this.#on) this.#times.push(performance.now());
  }

  /** Stops recording (this call is the last arrival). */
  stop(): void {
    this.tick();
    this.#on = false;
  }

  /** Mean, median and p99 of the gaps between arrivals: each gap is one full round trip. */
  spread(): CallSpread {
    const t = this.#times;
    const gaps: number[] = [];
    for (let i = 1; i < t.length; i++) gaps.push((t[i] - t[i - 1]) * 1000);
    gaps.sort((a, b) => a - b);
    const at = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] ?? NaN;
    return {
      meanUs: gaps.length ? ((t[t.length - 1] - t[0]) * 1000) / gaps.length : NaN,
      p50Us: at(0.5),
      p99Us: at(0.99),
      calls: gaps.length,
    };
  }
}

/** The page every bench window shows; the workload script is added by each side. */
export function benchPage(script: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head>
<body><p id="status">bench</p><script>${script}</script></body></html>`;
}

/** This process's peak resident set size (VmHWM), in bytes. */
export function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
  return m ? Number(m[1]) * 1024 : NaN;
}
