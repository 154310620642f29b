/**
 * Small-call latency A/B (docs/performance.md, "Small-call latency"): sequential invoke time of
 * panes trees (or settings) against the raw floor, alternated in fresh processes in one run.
 *
 *   deno run -A bench/latency_ab.ts ROUNDS CALLS name=DIR[:ENV=V,ENV2=V] ...
 *
 * DIR is a panes checkout (with its node_modules), e.g. a `git archive` of an older commit; each
 * round runs the floor (this checkout), then every variant (order reversed every other round), and
 * prints µs per call (page clock) and the ratio to that round's floor; at the end the median ratios.
 * With `AB_JSON=N` in the environment it times N 1 MiB JSON round trips per process instead (the
 * median of each process's N, in ms); `AB_BIN=N` N 1 MiB binary round trips, `AB_BIN16=N` N 16 MiB
 * ones; `AB_H2P=N` the time of a burst of N host → page messages.
 * @module
 */
import { ensureDisplay } from "../tools/system.ts";
import { childEnv, median as med, parseVariants } from "./ab_variants.ts";
const [roundsS, callsS, ...vs] = Deno.args;
const rounds = Number(roundsS), calls = Number(callsS);
const jsonReps = Number(Deno.env.get("AB_JSON") ?? 0);
const binReps = Number(Deno.env.get("AB_BIN") ?? 0);
const bin16Reps = Number(Deno.env.get("AB_BIN16") ?? 0);
const h2p = Number(Deno.env.get("AB_H2P") ?? 0);
const msMode = jsonReps > 0 || binReps > 0 || bin16Reps > 0 || h2p > 0;
const unit = msMode ? "ms" : "µs";
const variants = parseVariants(vs);
const workload = {
  warmup: 800,
  seqCalls: calls,
  inflightCalls: 64,
  inflight: 64,
  h2pMessages: h2p || 10,
  p2hMessages: 10,
  channelSmall: 10,
  channelBinary: 1,
  channelBinarySize: 1024,
  json1MiBReps: jsonReps,
  bin1MiBReps: binReps,
  bin16MiBReps: bin16Reps,
};
const root = new URL("..", import.meta.url).pathname;
const display = await ensureDisplay(false);
async function run(
  side: "floor" | "panes",
  dir: string,
  env: Record<string, string>,
): Promise<{ us: number; uiUs?: number }> {
  const settings = {
    mode: "work",
    spawnAt: performance.timeOrigin + performance.now(),
    workload,
    growthMessages: 0,
  };
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `bench/${side}_bench.ts`],
    cwd: dir,
    env: childEnv(display.name, settings, env),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const txt = new TextDecoder().decode(out.stdout);
  const line = txt.split("\n").find((l) => l.startsWith("BENCH ") && l.includes('"result"'));
  if (!line) {
    console.error(side, dir, new TextDecoder().decode(out.stderr).slice(-2000));
    return { us: NaN };
  }
  const r = JSON.parse(line.slice(6));
  const page = r.page as Record<string, number[] | undefined>;
  if (jsonReps) {
    return { us: med(page.json1MiBMs!), uiUs: page.uiJson1MiBMs && med(page.uiJson1MiBMs) };
  }
  if (binReps) return { us: med(page.bin1MiBMs!) };
  if (bin16Reps) return { us: med(page.bin16MiBMs!) };
  if (h2p) return { us: r.page.h2pMs };
  // µs per call (page clock); panes also times the same calls to a UI-thread command
  const us = (r.page.seqMs * 1000) / calls;
  return r.page.uiSeqMs === undefined ? { us } : { us, uiUs: (r.page.uiSeqMs * 1000) / calls };
}
const ratios: Record<string, number[]> = {};
for (let r = 0; r < rounds; r++) {
  const f = (await run("floor", root, {})).us;
  const row = [`floor ${f.toFixed(msMode ? 1 : 0)}${unit}`];
  const order = r % 2 ? [...variants].reverse() : variants;
  for (const v of order) {
    const { us: p, uiUs } = await run("panes", v.dir, v.env);
    (ratios[v.name] ??= []).push(p / f);
    row.push(`${v.name} ${p.toFixed(msMode ? 1 : 0)}${unit} ${(p / f).toFixed(2)}×`);
    if (uiUs !== undefined) {
      (ratios[`${v.name} (UI-thread command)`] ??= []).push(uiUs / f);
      row.push(`UI-thread ${uiUs.toFixed(msMode ? 1 : 0)}${unit} ${(uiUs / f).toFixed(2)}×`);
    }
  }
  console.log(`round ${r + 1}: ${row.join("  ")}`);
}
for (const [name, rs] of Object.entries(ratios)) {
  console.log(
    `${name}: median ratio ${med(rs).toFixed(2)} × over ${rs.length} rounds [${
      rs.map((x) => x.toFixed(2)).join(" ")
    }]`,
  );
}
await display.stop();
