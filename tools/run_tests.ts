/**
 * `deno task test`: installs what is missing (Debian, as root), starts a
 * virtual display when there is none (a fresh one, with a fresh openbox, per
 * test file: X server and window-manager state never leak between files), and runs every test file in its own
 * process (GTK allows one UI thread per process). Ends with the totals as
 * one plain line: `N passed, M failed`.
 * @module
 */

import { ensureDisplay, ensureSystemPackages } from "./system.ts";

const args = Deno.args;
const filters = args.filter((a) => !a.startsWith("-"));
const extra = args.filter((a) => a.startsWith("-"));

// gcc (+ libc6-dev): tests/native_deps_test.ts builds shared libraries with a missing dependency.
// webkit2gtk-driver (WebKitWebDriver): tests/webdriver_test.ts.
await ensureSystemPackages(["gcc", "libc6-dev", "webkit2gtk-driver"]);

const root = new URL("../", import.meta.url).pathname;
const files: string[] = [];
for await (const e of Deno.readDir(`${root}tests`)) {
  if (e.isFile && e.name.endsWith("_test.ts")) files.push(`tests/${e.name}`);
}
files.sort();
const selected = filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files;

/**
 * No file may hang the run: one that has not ended after this long (PANES_TEST_FILE_TIMEOUT_S,
 * default 20 min; the slowest file takes ~5) is killed and counted as failed, and the run goes on.
 */
const fileTimeoutS = Number(Deno.env.get("PANES_TEST_FILE_TIMEOUT_S") ?? 1200);

let passed = 0, failed = 0, ignored = 0;
const failures: string[] = [];
const decoder = new TextDecoder();
const started = performance.now();
for (const file of selected) {
  const display = await ensureDisplay(true);
  // A test file may ask for runtime flags on its first line: `// test-flags: --v8-flags=--expose-gc`.
  const first = (await Deno.readTextFile(`${root}${file}`)).split("\n", 1)[0];
  const own = /^\/\/ test-flags: (.+)$/.exec(first)?.[1].split(" ") ?? [];
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", ...own, ...extra, file],
    cwd: root,
    // GSETTINGS_BACKEND=memory: no dconf writes (there is no session bus to reach it).
    env: {
      DISPLAY: display.name,
      NO_AT_BRIDGE: "1",
      GTK_A11Y: "none",
      GSETTINGS_BACKEND: "memory",
      NO_COLOR: "1",
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const pump = async (
    stream: ReadableStream<Uint8Array>,
    out: typeof Deno.stdout,
    keep: string[],
  ) => {
    for await (const chunk of stream) {
      keep.push(decoder.decode(chunk, { stream: true }));
      await out.write(chunk);
    }
  };
  const text: string[] = [];
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    console.log(`\n${file}: still running after ${fileTimeoutS} s: killed`);
    try {
      child.kill("SIGKILL");
    } catch {
      // it ended meanwhile
    }
  }, fileTimeoutS * 1000);
  await Promise.all([pump(child.stdout, Deno.stdout, text), pump(child.stderr, Deno.stderr, [])]);
  const status = await child.status;
  clearTimeout(timer);
  await display.stop();
  const all = text.join("");
  const m =
    /(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed(?: \(\d+ steps?\))?(?: \| (\d+) ignored)?/
      .exec(all);
  if (timedOut) {
    failed += 1;
    failures.push(`${file} (timed out after ${fileTimeoutS} s)`);
  } else if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
    ignored += Number(m[3] ?? 0);
    if (Number(m[2]) > 0) failures.push(file);
  } else if (!status.success) {
    failed += 1;
    failures.push(
      `${file} (crashed: exit ${status.code}${status.signal ? `, ${status.signal}` : ""})`,
    );
  }
  if (m && !status.success && Number(m[2]) === 0) {
    failed += 1;
    failures.push(`${file} (exit ${status.code} after its tests)`);
  }
}
const secs = ((performance.now() - started) / 1000).toFixed(1);
if (failures.length) console.log(`\nfailed: ${failures.join(", ")}`);
console.log(`\n${selected.length} test files in ${secs} s${ignored ? `, ${ignored} ignored` : ""}`);
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(failed > 0 ? 1 : 0);
