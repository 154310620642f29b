/**
 * `deno task bench --peers` (issue 16 item 1): panes, the raw floor, bun +
 * webview-bun and node + webview-napi run the same page workloads, each in
 * fresh processes, in interleaved rounds (the order rotates every round), and
 * one table shows every figure with its ratio to the floor of the same run.
 *
 * Per round and side: a `work` process (cold start + the IPC workloads) and an
 * `idle` process (cold start, memory with one window, idle CPU). The peers'
 * npm packages are installed on first use outside the repository
 * (bench/peers/install.ts); a peer that cannot run is named in a line under
 * the table with the exact error, and the rest still runs.
 *
 *   deno run -A bench/peers/run_peers.ts [--quick] [--rounds=N] [--out=path.json]
 *
 * (`tools/run_bench.ts --peers` calls {@linkcode runPeers} with its display.)
 * @module
 */

import type { ChildMode, ChildReport, ChildSettings } from "../bench_protocol.ts";
import { REPORT_PREFIX } from "../bench_protocol.ts";
import { buildFigures, type Round, type SideRound } from "../figures.ts";
import type { WorkloadConfig } from "../page_workloads.ts";
import { cpuBetween, endTree, processTree, treeCpu, treeMemory } from "../proc_stats.ts";
import { ensurePeers, PEER_PACKAGES, type PeerSetup } from "./install.ts";
import { bunPage, nodePage } from "./pages.ts";
import {
  PEER_ROWS,
  type PeersColumn,
  peersGoals,
  type PeersSide,
  peersTable,
  SIDE_LABELS,
} from "./peers_table.ts";
import { FULL, QUICK, sequentialSide } from "../workloads.ts";

/**
 * Each side's workload. Page → host: the floor and bun + webview-bun await one bound call per
 * message (~100× slower than a burst), so they send fewer, as in tools/run_bench.ts; panes
 * (`panes.emit`) and webview-napi (one-way `ipc.postMessage`) send bursts.
 */
export function workloads(quick: boolean): Record<PeersSide, WorkloadConfig> {
  const base = quick ? QUICK : FULL;
  const sequential = sequentialSide(base, quick);
  return { panes: base, floor: sequential, bun: sequential, node: base };
}

/** What {@linkcode runPeers} needs. */
export interface PeersOptions {
  quick: boolean;
  /** Rounds (default: 1 quick, 3 full). */
  rounds?: number;
  /** The X display to open windows on. */
  display: string;
  /** Where to write the JSON results (default bench/peers/results.json). */
  out?: string;
  /** Progress lines (stderr by default). */
  log?: (line: string) => void;
}

/** The figures of a run, as written to the JSON file. */
export interface PeersResults {
  date: string;
  mode: "quick" | "full";
  rounds: number;
  seconds: number;
  packages: Record<string, string>;
  workload: Record<PeersSide, WorkloadConfig>;
  columns: PeersColumn[];
  table: string;
  notes: string[];
  samples: Array<Record<PeersSide, SideRound>>;
}

const root = new URL("../../", import.meta.url).pathname;
const decoder = new TextDecoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Launch {
  cmd: string;
  args: string[];
  env: Record<string, string>;
}

interface Outcome {
  reports: ChildReport[];
  memory?: ReturnType<typeof treeMemory>;
  idle?: { cpuSeconds: number; seconds: number };
}

/** The error a child printed: its first line naming an error, else its last lines. */
export function stderrError(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("BENCH "));
  const named = lines.find((l) => /\berror\b|\w+Error\b|panicked|cannot open/i.test(l));
  return (named ?? lines.slice(-3).join(" / ")).slice(0, 400);
}

/** Starts one child, gathers its reports (and, for `idle`, memory and CPU from /proc). */
async function runChild(
  label: string,
  launch: Launch,
  settings: ChildSettings,
  display: string,
  timing: { settleMs: number; idleSeconds: number; timeoutMs: number },
  measure = true,
): Promise<Outcome> {
  const mode = settings.mode;
  settings.spawnAt = performance.timeOrigin + performance.now();
  const child = new Deno.Command(launch.cmd, {
    args: launch.args,
    cwd: root,
    env: {
      ...launch.env,
      DISPLAY: display,
      NO_AT_BRIDGE: "1",
      GTK_A11Y: "none",
      NO_COLOR: "1",
      BENCH_CHILD: JSON.stringify(settings),
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr: string[] = [];
  const errDone = (async () => {
    for await (const chunk of child.stderr) stderr.push(decoder.decode(chunk, { stream: true }));
  })();
  const outcome: Outcome = { reports: [] };
  let treePids: number[] = [];
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void endTree(child, processTree(child.pid));
  }, mode === "idle" ? 60_000 + timing.idleSeconds * 1000 : timing.timeoutMs);
  let buffered = "";
  try {
    for await (const chunk of child.stdout) {
      buffered += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith(REPORT_PREFIX)) continue;
        const r = JSON.parse(line.slice(REPORT_PREFIX.length)) as ChildReport;
        outcome.reports.push(r);
        if (r.event === "ready" && mode !== "work") {
          if (measure) {
            await sleep(timing.settleMs);
            outcome.memory = treeMemory(child.pid);
            const before = treeCpu(child.pid);
            const t0 = performance.now();
            await sleep(timing.idleSeconds * 1000);
            outcome.idle = {
              cpuSeconds: cpuBetween(before, treeCpu(child.pid)),
              seconds: (performance.now() - t0) / 1000,
            };
          }
          treePids = processTree(child.pid);
          await endTree(child, treePids);
        } else if (r.event === "result" || r.event === "failed") {
          treePids = processTree(child.pid);
          if (r.event === "failed") await endTree(child, treePids);
        }
      }
    }
  } finally {
    clearTimeout(timer);
  }
  const status = await child.status;
  await errDone;
  if (treePids.length) await endTree(child, treePids); // WebKit helpers of a work child
  const failed = outcome.reports.find((r) => r.event === "failed");
  const wanted = mode === "work" ? "result" : "ready";
  if (failed || !outcome.reports.some((r) => r.event === wanted)) {
    const why = failed && failed.event === "failed"
      ? failed.message.split("\n")[0]
      : timedOut
      ? "timed out"
      : `exit ${status.code}${status.signal ? ` (${status.signal})` : ""}`;
    const err = stderrError(stderr.join(""));
    throw new Error(`the ${label} ${mode} process failed: ${why}${err ? `; stderr: ${err}` : ""}`);
  }
  return outcome;
}

/** How each side is started (a peer that cannot run has `error` instead). */
function launches(
  setup: PeerSetup,
  pages: { bun: string; node: string },
): Record<PeersSide, Launch | { error: string }> {
  const deno = Deno.execPath();
  const env = { PEERS_MODULES: setup.modules };
  return {
    panes: {
      cmd: deno,
      args: ["run", "-A", "--v8-flags=--expose-gc", "bench/panes_bench.ts"],
      env: {},
    },
    floor: { cmd: deno, args: ["run", "-A", "bench/floor_bench.ts"], env: {} },
    bun: "error" in setup.bun ? setup.bun : {
      cmd: setup.bun.exe,
      args: ["bench/peers/bun_child.ts"],
      env: { ...env, PEERS_PAGE: pages.bun },
    },
    node: "error" in setup.node ? setup.node : {
      cmd: setup.node.exe,
      args: ["bench/peers/node_child.mjs"],
      env: { ...env, PEERS_PAGE: pages.node },
    },
  };
}

/** The column of each side from the rounds (values and ratios through bench/figures.ts). */
export function columnsFrom(
  rounds: Array<Record<PeersSide, SideRound>>,
  errors: Record<PeersSide, string[]>,
  sides: PeersSide[] = ["panes", "floor", "bun", "node"],
): PeersColumn[] {
  return sides.map((side) => {
    const paired: Round[] = rounds.map((r) => ({ panes: r[side], floor: r.floor }));
    const figures = buildFigures(paired);
    const values: Record<string, number> = {};
    const ratios: Record<string, number> = {};
    for (const f of figures) {
      values[f.key] = f.panes;
      if (side !== "floor") ratios[f.key] = f.ratio;
    }
    return { side, values, ratios, errors: errors[side] };
  });
}

/** Runs the peers bench on `display`, prints the table, writes the JSON; returns the results. */
export async function runPeers(options: PeersOptions): Promise<PeersResults> {
  const log = options.log ?? ((line: string) => console.error(line));
  const quick = options.quick;
  const rounds = options.rounds ?? (quick ? 1 : 3);
  const timing = {
    settleMs: quick ? 1000 : 2000,
    idleSeconds: quick ? 3 : 10,
    timeoutMs: quick ? 90_000 : 240_000,
  };
  const started = performance.now();
  const sides: PeersSide[] = ["panes", "floor", "bun", "node"];
  const errors: Record<PeersSide, string[]> = { panes: [], floor: [], bun: [], node: [] };

  const setup = await ensurePeers(log);
  const dir = Deno.makeTempDirSync({ prefix: "panes-peers-" });
  const pages = { bun: `${dir}/bun.html`, node: `${dir}/node.html` };
  Deno.writeTextFileSync(pages.bun, bunPage());
  Deno.writeTextFileSync(pages.node, nodePage());
  const launch = launches(setup, pages);
  for (const side of sides) {
    const l = launch[side];
    if ("error" in l) errors[side].push(l.error);
  }
  const work = workloads(quick);
  /** (side, mode) pairs that failed once are not started again. */
  const broken = new Set<string>();
  const run = async (side: PeersSide, mode: ChildMode, measure = true) => {
    const l = launch[side];
    if ("error" in l || broken.has(`${side} ${mode}`)) return undefined;
    const settings: ChildSettings = { mode, spawnAt: 0, workload: work[side], growthMessages: 0 };
    try {
      return await runChild(SIDE_LABELS[side], l, settings, options.display, timing, measure);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // panes and the floor are the point of comparison: without them there is no table.
      if (side === "panes" || side === "floor") throw e;
      broken.add(`${side} ${mode}`);
      errors[side].push(message);
      log(`  ${message}`);
      return undefined;
    }
  };

  try {
    log(
      `peers bench: ${quick ? "quick" : "full"}, ${rounds} round(s), ${
        sides.map((s) => SIDE_LABELS[s]).join(", ")
      } interleaved`,
    );
    // Warm-up (not counted): the transpile caches, the system's file caches, each runtime's binary.
    for (const side of sides) await run(side, "idle", false);
    const all: Array<Record<PeersSide, SideRound>> = [];
    for (let i = 0; i < rounds; i++) {
      const round = {} as Record<PeersSide, SideRound>;
      for (const side of sides) round[side] = { coldStartMs: [] };
      const order = sides.map((_, k) => sides[(k + i) % sides.length]);
      for (const mode of ["work", "idle"] as const) {
        for (const side of order) {
          const t0 = performance.now();
          const out = await run(side, mode);
          if (!out) continue;
          const s = round[side];
          const ready = out.reports.find((r) => r.event === "ready");
          if (ready?.event === "ready") s.coldStartMs.push(ready.coldStartMs);
          const result = out.reports.find((r) => r.event === "result");
          if (result?.event === "result") {
            s.work = {
              workload: work[side],
              page: result.page,
              spread: result.spread,
              hostPeakRss: result.hostPeakRss,
            };
          }
          if (mode === "idle") {
            s.memory1 = out.memory;
            s.idle = out.idle;
          }
          const secs = ((performance.now() - t0) / 1000).toFixed(1);
          log(`  round ${i + 1}/${rounds}: ${SIDE_LABELS[side]} ${mode} done in ${secs} s`);
        }
      }
      all.push(round);
    }
    const columns = columnsFrom(all, errors, sides);
    const table = peersTable(columns, PEER_ROWS);
    const notes = [
      `${rounds} interleaved round(s) (the order rotates each round); each value is the median over rounds, (× n) the median of the per-round ratios to the floor.`,
      "floor: bare libwebview through Deno FFI on one thread (bench/floor_bench.ts); bun + webview-bun: the same libwebview through bun:ffi, the floor's page adapter unchanged; node + webview-napi: wry (GTK 3 + WebKitGTK 4.1), calls as ipc.postMessage answered by evaluateScript.",
      "page → host: panes.emit bursts (panes), one awaited bound call per message (floor, bun), one-way ipc.postMessage bursts (node).",
      "host → page: one eval per message (floor, bun: webview_eval; node: evaluateScript); panes batches.",
      "channel and binary rows: only panes has channels and binary bodies; the floor and the peers emulate them as the floor does (base64 in JSON, one eval per channel message).",
      `idle CPU: the process tree over ${timing.idleSeconds} s after ${timing.settleMs} ms settling, one window, nothing happening.`,
    ];
    const seconds = (performance.now() - started) / 1000;
    const results: PeersResults = {
      date: new Date().toISOString(),
      mode: quick ? "quick" : "full",
      rounds,
      seconds,
      packages: { ...PEER_PACKAGES, node: await nodeVersion(), deno: Deno.version.deno },
      workload: work,
      columns,
      table,
      notes,
      samples: all,
    };
    const out = options.out ?? `${root}bench/peers/results.json`;
    await Deno.writeTextFile(out, JSON.stringify(results, null, 2) + "\n");
    console.log(
      `\npeers bench (${results.mode}, ${rounds} round(s)) — bun ${PEER_PACKAGES.bun} + webview-bun ${
        PEER_PACKAGES["webview-bun"]
      }, node ${results.packages.node} + webview-napi ${
        PEER_PACKAGES["webview-napi"]
      }, Deno ${Deno.version.deno}\n`,
    );
    console.log(table);
    console.log(`\nGoals (issue 16):\n${peersGoals(columns).join("\n")}`);
    console.log(`\n${notes.join("\n")}\nwrote ${out} in ${seconds.toFixed(0)} s`);
    return results;
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

async function nodeVersion(): Promise<string> {
  try {
    const o = await new Deno.Command("node", { args: ["--version"], stdout: "piped" }).output();
    return decoder.decode(o.stdout).trim().replace(/^v/, "");
  } catch {
    return "none";
  }
}

if (import.meta.main) {
  const { ensureDisplay, ensureSystemPackages } = await import("../../tools/system.ts");
  const flag = (name: string) => Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  await ensureSystemPackages();
  const display = await ensureDisplay(false);
  let code = 0;
  try {
    await runPeers({
      quick: Deno.args.includes("--quick") || Deno.env.get("PANES_BENCH_QUICK") === "1",
      rounds: flag("rounds") ? Number(flag("rounds")) : undefined,
      out: flag("out"),
      display: display.name,
    });
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    code = 1;
  } finally {
    await display.stop();
  }
  Deno.exit(code);
}
