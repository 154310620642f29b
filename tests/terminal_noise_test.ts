import { runDeno } from "./support/child.ts";
import { assert, assertEquals } from "./support/assert.ts";

Deno.test("terminal: a normal run prints no `ERROR:` line, and JavaScriptCore's GC signal is SIGUSR2, not SIGUSR1", async () => {
  // The user's environment without JSC_SIGNAL_FOR_GC: the run panes' users get by default.
  const env = Deno.env.toObject();
  delete env.JSC_SIGNAL_FOR_GC;
  const out = await runDeno(["run", "-A", "tests/support/quiet_child.ts"], {
    env,
    clearEnv: true,
    timeoutMs: 90_000,
  });
  const { stdout, stderr } = out;
  const all = `exit ${out.code} signal ${out.signal}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
  // Positive control: the window opened and the page's command was answered in this same run.
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  assert(line, `the child printed no RESULT line (killed after 90 s?):\n${all}`);
  const result = JSON.parse(line.slice(7));
  assertEquals(result.opened, true, all);
  assertEquals(result.answer, "pong", all);
  assertEquals(out.code, 0, all);
  // The point: nothing on the terminal that reads as a failure.
  const errors = `${stdout}\n${stderr}`.split("\n").filter((l) => l.startsWith("ERROR:"));
  assertEquals(errors, [], `lines starting with ERROR:\n${all}`);
  assert(
    !stderr.includes("Overriding existing handler for signal 10"),
    `WTF took SIGUSR1:\n${all}`,
  );
  // The protection is real: WTF's suspend handler is on SIGUSR2, so SIGUSR1 stays Deno's.
  assertEquals(result.signals.usr2, true, `no SIGUSR2 handler: JSC kept SIGUSR1:\n${all}`);
});
