/**
 * The browser transport beside the native one, in one run: sequential
 * invoke latency (page → host → page), the host → page push rate (`emit`)
 * and the page → host rate (`panes.emit`), measured the same way on both.
 * The browser side runs in Debian's headless Chromium, opened through the
 * `browser` command line as a user would.
 *
 *   deno run -A bench/browser_transport.ts [--quick]
 *
 * Prints a table, then one `BENCH {json}` line with the figures.
 * @module
 */

import { z } from "zod";
import { App, type AppOptions, Commands } from "../mod.ts";
import { ensureDisplay } from "../tools/system.ts";
import { CHROMIUM_FLAGS, CHROMIUM_PATH, removeProfile } from "../tests/support/chromium.ts";

const quick = Deno.args.includes("--quick") || Deno.env.get("PANES_BENCH_QUICK") === "1";
const CALLS = quick ? 300 : 3000;
const WARMUP = quick ? 50 : 300;
const PUSH = quick ? 5000 : 50_000;

/** What one transport measured. */
export interface TransportFigures {
  /** Mean of sequential invokes, µs. */
  invokeMeanUs: number;
  /** Median per call, µs (the page clock's resolution: 5–100 µs). */
  invokeP50Us: number;
  /** 99th percentile per call, µs. */
  invokeP99Us: number;
  /** Host → page messages per second (`emit`, in a burst, until the page has them all). */
  pushPerSec: number;
  /** Page → host messages per second (`panes.emit`, in a burst, until the host has them all). */
  pagePerSec: number;
}

const PAGE = `<!doctype html><p>bench</p><script>
let got = 0, want = 0;
panes.on("bench:push", () => { if (++got === want) panes.emit("bench:pushed", got); });
window.expectPush = (n) => { got = 0; want = n; return 0; };
window.sendMany = (n) => { for (let i = 0; i < n; i++) panes.emit("bench:p2h", { i, s: "hello" }); return 0; };
window.invokeRun = async (warmup, n) => {
  for (let i = 0; i < warmup; i++) await panes.invoke("echo", i);
  const each = new Float64Array(n);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await panes.invoke("echo", i);
    each[i] = performance.now() - t;
  }
  const total = performance.now() - t0;
  const sorted = [...each].sort((a, b) => a - b);
  return { meanUs: total * 1000 / n, p50Us: sorted[n >> 1] * 1000, p99Us: sorted[Math.floor(n * 0.99)] * 1000 };
};
</script>`;

async function measure(options: AppOptions): Promise<TransportFigures> {
  const commands = new Commands().command("echo", { body: z.unknown() }, ({ body }) => body);
  await using app = new App({ ...options, commands, config: false });
  const win = await app.show(PAGE, { width: 400, height: 300, title: "bench" });
  const inv = await win.evalJs<{ meanUs: number; p50Us: number; p99Us: number }>(
    `invokeRun(${WARMUP}, ${CALLS})`,
    { timeoutMs: 300_000 },
  );
  // host → page: a burst of emits, timed until the page says it has the last one
  const pushed = new Promise<void>((r) => win.on("bench:pushed", () => r()));
  await win.evalJs(`expectPush(${PUSH})`);
  let t = performance.now();
  for (let i = 0; i < PUSH; i++) win.emit("bench:push", { i, s: "hello" });
  await pushed;
  const pushPerSec = PUSH / ((performance.now() - t) / 1000);
  // page → host: a burst of panes.emit, timed until the host has the last one
  let count = 0;
  const all = new Promise<void>((r) => win.on("bench:p2h", () => ++count === PUSH && r()));
  t = performance.now();
  win.eval(`sendMany(${PUSH})`);
  await all;
  const pagePerSec = PUSH / ((performance.now() - t) / 1000);
  return {
    invokeMeanUs: inv.meanUs,
    invokeP50Us: inv.p50Us,
    invokeP99Us: inv.p99Us,
    pushPerSec,
    pagePerSec,
  };
}

if (import.meta.main) {
  const display = await ensureDisplay(false);
  Deno.env.set("DISPLAY", display.name);
  const profile = await Deno.makeTempDir({ prefix: "panes-bench-chromium-" });
  try {
    const native = await measure({ transport: "native" });
    const browserLine = [CHROMIUM_PATH, ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`].join(" ");
    const browser = await measure({ transport: "browser", browser: browserLine });
    const rows: Array<[string, keyof TransportFigures, string]> = [
      ["invoke, sequential: mean per call", "invokeMeanUs", "µs"],
      ["invoke, sequential: p50 per call", "invokeP50Us", "µs"],
      ["invoke, sequential: p99 per call", "invokeP99Us", "µs"],
      ["host → page push rate (emit)", "pushPerSec", "msg/s"],
      ["page → host rate (panes.emit)", "pagePerSec", "msg/s"],
    ];
    const fmt = (v: number) => v >= 1000 ? Math.round(v).toLocaleString("en-US") : v.toFixed(0);
    console.log(`\nbrowser transport beside native (${CALLS} calls, ${PUSH} messages each way)\n`);
    console.log("| figure | unit | native | browser | browser / native |");
    console.log("|---|---|---|---|---|");
    for (const [label, key, unit] of rows) {
      console.log(
        `| ${label} | ${unit} | ${fmt(native[key])} | ${fmt(browser[key])} | ${
          // WebKit's page clock steps in whole milliseconds: a native p50 can read 0.
          native[key] > 0
            ? (browser[key] / native[key]).toFixed(2)
            : "— (native below clock resolution)"} |`,
      );
    }
    console.log(`BENCH ${JSON.stringify({ event: "browser-transport", native, browser })}`);
  } finally {
    await removeProfile(profile);
    await display.stop();
  }
}
