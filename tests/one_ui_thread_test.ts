/**
 * GTK allows one UI thread per process, and two isolates of one process (two test modules in one
 * `deno test` process) cannot share it: the second gets a clear error at once, where its window
 * used to never open.
 */
import { assertMatch } from "./support/assert.ts";

Deno.test("a second isolate in the process gets a clear error, the first its window", async () => {
  const dir = new URL("./support/two_isolates/", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "opens_a.ts", "opens_b.ts"],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
    signal: AbortSignal.timeout(120_000),
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  // The positive control: the first module's window opened and answered.
  assertMatch(text, /a says a/);
  assertMatch(text, /another isolate in this process already runs panes' UI thread/);
  assertMatch(text, /1 passed \| 1 failed/);
});
