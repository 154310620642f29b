/**
 * `deno task bench`: panes beside the raw libwebview floor, measured in the
 * same run. Each round starts, for each side and in alternating order, a
 * `work` process (cold start + every IPC workload), an `idle` process (cold
 * start, memory with one window, idle CPU) and a `mem4` process (memory with
 * four windows). Prints the table with ratios and the issue's goal lines,
 * and writes `bench/results.json`.
 *
 *   deno task bench [--quick] [--rounds=N] [--out=path.json] [--ui-host=main|worker] [--peers]
 *
 * `--ui-host=main` measures panes with its UI on the main isolate (AppOptions.uiHost).
 * `--peers` runs bench/peers/ instead: panes, the floor, bun + webview-bun and node + webview-napi.
 * `--workers` runs bench/worker_windows.ts instead: windows with a worker of their own (issue 17).
 *
 * `--quick` (or PANES_BENCH_QUICK=1) runs a reduced version in well under a minute.
 * @module
 */

import { ensureDisplay, ensureSystemPackages } from "./system.ts";
import {
  type ChildMode,
  type ChildReport,
  type ChildSettings,
  REPORT_PREFIX,
} from "../bench/bench_protocol.ts";
import {
  buildFigures,
  checkGoals,
  goalLines,
  type Round,
  type Side,
  type SideRound,
  table,
} from "../bench/figures.ts";
import type { WorkloadConfig } from "../bench/page_workloads.ts";
import { FULL, QUICK, sequentialSide } from "../bench/workloads.ts";
import { cpuBetween, endTree, processTree, treeCpu, treeMemory } from "../bench/proc_stats.ts";

const args = Deno.args;
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
/** `--ui-host=main|worker`: where panes' UI runs in its children (AppOptions.uiHost; default as panes). */
const uiHost = flag("ui-host");
if (uiHost !== undefined && uiHost !== "main" && uiHost !== "worker") {
  console.error(`bench: --ui-host must be main or worker, not ${uiHost}`);
  Deno.exit(2);
}
const quick = args.includes("--quick") || Deno.env.get("PANES_BENCH_QUICK") === "1";
const root = new URL("../", import.meta.url).pathname;
const outPath = flag("out") ?? `${root}bench/results.json`;

const base = quick ? QUICK : FULL;
/** Page → host: the floor's sequential calls are ~100× slower than a burst; fewer keep the run short. */
const workload: Record<Side, WorkloadConfig> = {
  panes: base,
  floor: sequentialSide(base, quick),
};
const rounds = Number(flag("rounds") ?? (quick ? 1 : 3));
const growthMessages = quick ? 10_000 : 100_000;
const idleSeconds = quick ? 2 : 10;
const settleMs = quick ? 1000 : 2000;
const workTimeoutMs = quick ? 90_000 : 180_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const decoder = new TextDecoder();

interface ChildOutcome {
  reports: ChildReport[];
  memory?: ReturnType<typeof treeMemory>;
  idle?: { cpuSeconds: number; seconds: number };
}

/** Starts one bench child and gathers what it reports (and, for idle/mem4, what /proc says). */
async function runChild(
  side: Side,
  mode: ChildMode,
  display: string,
  measure = true,
): Promise<ChildOutcome> {
  const settings: ChildSettings = {
    mode,
    spawnAt: 0,
    workload: workload[side],
    growthMessages: side === "panes" ? growthMessages : 0,
  };
  const script = `bench/${side}_bench.ts`;
  const flags = side === "panes" ? ["--v8-flags=--expose-gc"] : [];
  settings.spawnAt = performance.timeOrigin + performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...flags, script],
    cwd: root,
    env: {
      DISPLAY: display,
      NO_AT_BRIDGE: "1",
      GTK_A11Y: "none",
      NO_COLOR: "1",
      BENCH_CHILD: JSON.stringify(settings),
      ...(side === "panes" && uiHost ? { PANES_UI_HOST: uiHost } : {}),
    },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr: string[] = [];
  const errDone = (async () => {
    for await (const chunk of child.stderr) stderr.push(decoder.decode(chunk, { stream: true }));
  })();
  const outcome: ChildOutcome = { reports: [] };
  let treePids: number[] = [];
  const timer = setTimeout(() => {
    stderr.push(`\n[bench: ${side} ${mode} timed out; ending it]\n`);
    void endTree(child, processTree(child.pid));
  }, mode === "idle" ? 60_000 : workTimeoutMs);
  const growthWanted = mode === "mem4" && measure && settings.growthMessages > 0;
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
        if (r.event === "ready" && mode !== "work" && !measure) {
          treePids = processTree(child.pid);
          await endTree(child, treePids);
        } else if (r.event === "ready" && mode !== "work") {
          await sleep(settleMs);
          outcome.memory = treeMemory(child.pid);
          if (mode === "idle") {
            const before = treeCpu(child.pid);
            const t0 = performance.now();
            await sleep(idleSeconds * 1000);
            const after = treeCpu(child.pid);
            outcome.idle = {
              cpuSeconds: cpuBetween(before, after),
              seconds: (performance.now() - t0) / 1000,
            };
          }
          if (growthWanted) {
            // The growth check runs here, after memory is sampled: run before the IPC workloads it
            // slows them (large heaps on both ends), run after them its baseline is gigabytes.
            const writer = child.stdin.getWriter();
            await writer.write(new TextEncoder().encode("growth\n"));
            writer.releaseLock();
          } else {
            treePids = processTree(child.pid);
            await endTree(child, treePids);
          }
        } else if (r.event === "growth") {
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
  const wanted = mode === "work" ? "result" : growthWanted ? "growth" : "ready";
  if (failed || !outcome.reports.some((r) => r.event === wanted)) {
    const why = failed && failed.event === "failed"
      ? failed.message
      : `exit ${status.code}${status.signal ? ` (${status.signal})` : ""}`;
    throw new Error(
      `bench: the ${side} ${mode} process failed: ${why}\n--- its stderr ---\n${
        stderr.join("").slice(-4000)
      }`,
    );
  }
  return outcome;
}

function emptySide(): SideRound {
  return { coldStartMs: [] };
}

async function runRound(index: number, display: string): Promise<Round> {
  const round: Round = { panes: emptySide(), floor: emptySide() };
  const order: Side[] = index % 2 === 0 ? ["panes", "floor"] : ["floor", "panes"];
  for (const mode of ["work", "idle", "mem4"] as const) {
    for (const side of order) {
      const t0 = performance.now();
      const out = await runChild(side, mode, display);
      const s = round[side];
      const ready = out.reports.find((r) => r.event === "ready");
      if (ready && ready.event === "ready") {
        if (mode === "mem4") s.fourStartMs = ready.coldStartMs;
        else s.coldStartMs.push(ready.coldStartMs);
      }
      const result = out.reports.find((r) => r.event === "result");
      if (result && result.event === "result") {
        s.work = {
          workload: workload[side],
          page: result.page,
          spread: result.spread,
          hostPeakRss: result.hostPeakRss,
        };
      }
      if (mode === "idle") {
        s.memory1 = out.memory;
        s.idle = out.idle;
      }
      if (mode === "mem4") s.memory4 = out.memory;
      const growth = out.reports.find((r) => r.event === "growth");
      if (growth && growth.event === "growth") s.growth = growth.growth;
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      console.error(`  round ${index + 1}/${rounds}: ${side} ${mode} done in ${secs} s`);
    }
  }
  return round;
}

async function machine(display: string, ownDisplay: boolean): Promise<Record<string, string>> {
  const text = (path: string) => {
    try {
      return Deno.readTextFileSync(path);
    } catch {
      return "";
    }
  };
  const cmd = async (c: string[]) => {
    try {
      const o = await new Deno.Command(c[0], { args: c.slice(1), stdout: "piped", stderr: "null" })
        .output();
      return decoder.decode(o.stdout).trim();
    } catch {
      return "";
    }
  };
  const cpu = /model name\s*:\s*(.+)/.exec(text("/proc/cpuinfo"))?.[1] ?? "unknown CPU";
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(text("/proc/meminfo"))?.[1] ?? 0);
  const os = /PRETTY_NAME="([^"]+)"/.exec(text("/etc/os-release"))?.[1] ?? Deno.build.os;
  return {
    cpu,
    cores: String(navigator.hardwareConcurrency),
    memory: `${(memKb / 1048576).toFixed(1)} GiB`,
    os,
    kernel: await cmd(["uname", "-r"]),
    deno: Deno.version.deno,
    webkitgtk: await cmd(["dpkg-query", "-W", "-f=${Version}", "libwebkitgtk-6.0-4"]),
    display: ownDisplay ? `Xvfb ${display} (started by the bench)` : `DISPLAY=${display}`,
  };
}

const started = performance.now();
await ensureSystemPackages();
const hadDisplay = !!Deno.env.get("DISPLAY");
const display = await ensureDisplay(false);
if (args.includes("--peers")) {
  // Issue 16: panes, the floor, bun + webview-bun and node + webview-napi (bench/peers/).
  const { runPeers } = await import("../bench/peers/run_peers.ts");
  const rounds = flag("rounds");
  const code = await runPeers({
    quick,
    rounds: rounds ? Number(rounds) : undefined,
    out: flag("out"),
    display: display.name,
  }).then(() => 0, (e) => (console.error(e instanceof Error ? e.message : e), 1));
  await display.stop();
  Deno.exit(code);
}
if (args.includes("--workers")) {
  // Issue 17: worker windows beside main-isolate windows (bench/worker_windows.ts).
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-worker-options",
      "--v8-flags=--expose-gc",
      `${root}bench/worker_windows.ts`,
      ...(quick ? ["--quick"] : []),
    ],
    env: { DISPLAY: display.name },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  await display.stop();
  Deno.exit(out.code);
}
let exitCode = 0;
try {
  console.error(
    `panes bench: ${quick ? "quick" : "full"}, ${rounds} round(s), panes (UI host: ${
      uiHost ?? "default"
    }) and the floor interleaved`,
  );
  // Warm-up (not counted): fills Deno's transpile cache and the system's file caches.
  for (const side of ["panes", "floor"] as const) await runChild(side, "idle", display.name, false);
  const all: Round[] = [];
  for (let i = 0; i < rounds; i++) all.push(await runRound(i, display.name));
  const figures = buildFigures(all);
  const goals = checkGoals(figures, growthMessages);
  const info = await machine(display.name, !hadDisplay);
  const seconds = (performance.now() - started) / 1000;
  const notes = [
    `${rounds} interleaved round(s); each figure is the median over rounds, the ratio the median of per-round ratios.`,
    "invoke mean = page time for N sequential calls ÷ N; p50/p99 = gaps between the host's arrivals of consecutive calls.",
    `memory-growth check (panes only, in the 4-window process after its memory sample): 6 cycles of ${growthMessages} page → host then ${growthMessages} host → page messages; memory after a full GC; growth = slope over cycles 2–6.`,
    "throughput figures are timed on the second of two equal passes (the first warms the JIT and heaps on both ends).",
  ];
  const results = {
    date: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    uiHost: uiHost ?? "default",
    seconds,
    machine: info,
    workload,
    growthMessages,
    idleSeconds,
    notes,
    figures,
    goals,
    rounds: all,
  };
  // The browser transport beside the native one (issue 10), in the same run and on the same display.
  const browserRun = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${root}bench/browser_transport.ts`, ...(quick ? ["--quick"] : [])],
    env: { DISPLAY: display.name, NO_AT_BRIDGE: "1", GTK_A11Y: "none" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const browserText = new TextDecoder().decode(browserRun.stdout);
  const browserLine = browserText.split("\n").find((l) => l.startsWith("BENCH "));
  const browserTransport = browserLine ? JSON.parse(browserLine.slice(6)) : {
    error: `bench/browser_transport.ts failed: ${
      new TextDecoder().decode(browserRun.stderr).slice(-500)
    }`,
  };
  Object.assign(results, { browserTransport });
  await Deno.writeTextFile(outPath, JSON.stringify(results, null, 2) + "\n");
  console.log(
    `\npanes bench (${quick ? "quick" : "full"}) — ${info.cpu}, ${info.cores} cores, ${info.os}, ` +
      `WebKitGTK ${info.webkitgtk}, Deno ${info.deno}, ${info.display}; panes' UI host: ${
        uiHost ?? "default"
      }\n`,
  );
  console.log(table(figures));
  console.log(`\nGoals (issue 8; cold start and host RSS: issue 15 item 4):\n${goalLines(goals)}`);
  console.log(
    browserLine
      ? browserText.slice(browserText.indexOf("\nbrowser transport"), browserText.indexOf("BENCH "))
        .trimEnd()
      : `\nbrowser transport: ${(browserTransport as { error: string }).error}`,
  );
  console.log(`\n${notes.join("\n")}\nwrote ${outPath} in ${seconds.toFixed(0)} s`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  exitCode = 1;
} finally {
  await display.stop();
}
Deno.exit(exitCode);
