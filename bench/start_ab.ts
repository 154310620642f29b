/**
 * Cold start and host memory A/B (docs/performance.md): the bench's idle child (one window, its
 * bridge ready) for the raw floor and panes variants, alternated in fresh processes in one run.
 *
 *   deno run -A bench/start_ab.ts ROUNDS name=DIR[:ENV=V,ENV2=V] ...
 *
 * Prints per round the time from spawn to the first window's bridge ready and the host's RSS
 * then (read from /proc a moment after ready), and at the end the medians of panes − floor. With
 * `AB_MODE=mem4` in the environment the children show four windows together and the time is to
 * all four ready.
 * @module
 */
import { ensureDisplay } from "../tools/system.ts";
import { childEnv, median as med, parseVariants } from "./ab_variants.ts";

const [roundsS, ...vs] = Deno.args;
const rounds = Number(roundsS);
const variants = parseVariants(vs);
const root = new URL("..", import.meta.url).pathname;
const display = await ensureDisplay(false);
const decoder = new TextDecoder();

function rssMiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

async function run(side: "floor" | "panes", dir: string, env: Record<string, string>) {
  const settings = {
    mode: Deno.env.get("AB_MODE") ?? "idle",
    spawnAt: performance.timeOrigin + performance.now(),
    workload: {},
    growthMessages: 0,
  };
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `bench/${side}_bench.ts`],
    cwd: dir,
    env: childEnv(display.name, settings, env),
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  let ms = NaN, rss = NaN, buf = "";
  for await (const chunk of child.stdout) {
    buf += decoder.decode(chunk, { stream: true });
    const line = buf.split("\n").find((l) => l.startsWith("BENCH ") && l.includes('"ready"'));
    if (line) {
      ms = JSON.parse(line.slice(6)).coldStartMs;
      await new Promise((r) => setTimeout(r, 500));
      rss = rssMiB(child.pid);
      child.kill("SIGKILL");
      break;
    }
  }
  clearTimeout(timer);
  await child.status;
  return { ms, rss };
}

const dStart: Record<string, number[]> = {}, dRss: Record<string, number[]> = {};
await run("floor", root, {}); // warm-up: transpile cache, file caches
for (const v of variants) await run("panes", v.dir, v.env);
for (let r = 0; r < rounds; r++) {
  const f = await run("floor", root, {});
  const row = [`floor ${f.ms.toFixed(0)} ms ${f.rss.toFixed(1)} MiB`];
  for (const v of r % 2 ? [...variants].reverse() : variants) {
    const p = await run("panes", v.dir, v.env);
    (dStart[v.name] ??= []).push(p.ms - f.ms);
    (dRss[v.name] ??= []).push(p.rss - f.rss);
    row.push(
      `${v.name} ${p.ms.toFixed(0)} ms (+${(p.ms - f.ms).toFixed(0)}) ${p.rss.toFixed(1)} MiB`,
    );
  }
  console.log(`round ${r + 1}: ${row.join("  ")}`);
}
for (const v of variants) {
  console.log(
    `${v.name}: cold start floor +${med(dStart[v.name]).toFixed(0)} ms, host RSS floor +${
      med(dRss[v.name]).toFixed(1)
    } MiB (medians of ${rounds})`,
  );
}
await display.stop();
