/**
 * Keeps `deno task bench` from rotting: runs the quick bench and checks that
 * every figure is there and finite. No timing thresholds: this machine is
 * shared and noisy, and the bench's own goal lines report speed.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { ROWS } from "../bench/figures.ts";

/** Figures the floor has no counterpart for. */
const PANES_ONLY = new Set(["growthMiB", "heapGrowthMiB"]);

Deno.test("the quick bench yields every figure for panes and the floor", async () => {
  const root = new URL("../", import.meta.url).pathname;
  const out = await Deno.makeTempFile({ prefix: "panes_bench_", suffix: ".json" });
  try {
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "tools/run_bench.ts", "--quick", `--out=${out}`],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(r.stdout);
    const stderr = new TextDecoder().decode(r.stderr);
    assertEquals(r.code, 0, `bench failed:\n${stdout}\n${stderr.slice(-4000)}`);

    const results = JSON.parse(await Deno.readTextFile(out)) as {
      mode: string;
      figures: Array<{ key: string; panes: unknown; floor: unknown; ratio: unknown }>;
      goals: Array<{ text: string; met: unknown }>;
      browserTransport: {
        native?: Record<string, unknown>;
        browser?: Record<string, unknown>;
        error?: string;
      };
    };
    assertEquals(results.mode, "quick");
    assertEquals(results.figures.map((f) => f.key), ROWS.map(([key]) => key));
    const finite = (v: unknown) => typeof v === "number" && Number.isFinite(v);
    for (const f of results.figures) {
      assert(finite(f.panes), `panes ${f.key} is ${f.panes}`);
      if (PANES_ONLY.has(f.key)) continue;
      assert(finite(f.floor), `floor ${f.key} is ${f.floor}`);
      // A ratio needs a non-zero floor (idle CPU is often 0 on both sides).
      if (f.floor !== 0) assert(finite(f.ratio), `ratio ${f.key} is ${f.ratio}`);
    }
    assertEquals(results.goals.length, 13);
    for (
      const want of [
        "invoke mean ≤ 1.1 ×",
        "invoke a UI-thread command: mean ≤ 1.1 ×",
        "1 MiB JSON round trip, UI-thread command ≤ 1.0 ×",
        "1 MiB JSON round trip ≤ 1.0 ×",
        "four windows shown together",
      ]
    ) {
      assert(results.goals.some((g) => g.text.startsWith(want)), `a goal line "${want}…"`);
    }
    for (const g of results.goals) assertEquals(typeof g.met, "boolean", g.text);
    // The browser transport's figures beside the native ones (issue 10).
    assertEquals(results.browserTransport.error, undefined, results.browserTransport.error);
    for (const side of ["native", "browser"] as const) {
      for (
        const key of ["invokeMeanUs", "invokeP50Us", "invokeP99Us", "pushPerSec", "pagePerSec"]
      ) {
        const v = results.browserTransport[side]?.[key];
        assert(finite(v), `browser-transport bench: ${side} ${key} is ${v}`);
      }
    }
    for (
      const line of [
        "panes ÷ floor",
        "Goals (issue 8; cold start and host RSS: issue 15 item 4):",
        "cold start ≤ floor + 100 ms",
        "host RSS ≤ floor + 30 MB with one window",
        "browser transport beside native",
      ]
    ) {
      assert(stdout.includes(line), `the printed report lacks "${line}"`);
    }
  } finally {
    await Deno.remove(out).catch(() => {});
  }
});
