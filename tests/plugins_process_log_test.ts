import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { runDeno } from "./support/child.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

const tmp = await Deno.makeTempDir({ prefix: "panes-process-" });
Deno.env.set("XDG_DATA_HOME", tmp);

/** Runs tests/support/process_child.ts; its exit status and output, killed after 60 s. */
async function runChild(...args: string[]): Promise<{ code: number; out: string }> {
  const r = await runDeno(["run", "-A", "tests/support/process_child.ts", ...args]);
  // stdout and the end of stderr: what to show when the exit code is not the expected one.
  const stderr = r.stderr.split("\n").filter((l) => !/JSC_SIGNAL|a11y/.test(l)).slice(-20);
  return { code: r.code, out: `signal ${r.signal}\n${r.stdout}${stderr.join("\n")}` };
}

Deno.test(
  "process: exit(code) from the page ends the app with that code",
  WINDOW_TEST,
  async () => {
    const r = await runChild("exit", "7");
    assertEquals(r.code, 7, r.out);
    assert(!r.out.includes("still alive"), r.out);
  },
);

Deno.test(
  "process: relaunch() starts the same command line again, then exits",
  WINDOW_TEST,
  async () => {
    const file = `${tmp}/runs.txt`;
    const first = await runChild("relaunch", file);
    assertEquals(first.code, 0, first.out);
    // The relaunched app writes its line, then exits by itself with 5 (not waited on: detached).
    await waitFor(
      async () => (await Deno.readTextFile(file)) === "run 1\nrun 2\n",
      { what: "the relaunched app to run", timeout: 60_000 },
    );
  },
);

Deno.test("process: without the grant, exit is forbidden", WINDOW_TEST, async () => {
  await using app = new App({
    config: false,
    plugins: ["process"],
    capabilities: ["process:allow-restart"],
  });
  const win = await app.show(`${await guestScriptTag()}<p>p</p>`, { width: 160, height: 100 });
  const r = await win.evalJs<Result>(call(`await tauriGuest.process.exit(3)`));
  assertRejectsWithString(
    r,
    "process.exit not allowed. Permissions associated with this command: process:allow-exit, process:default",
  );
  // Still here: the process did not exit.
  assertEquals(await win.evalJs<number>("1 + 1"), 2);
});

Deno.test(
  "log: page messages reach the terminal and the log file with level and label",
  WINDOW_TEST,
  async () => {
    const identifier = "dev.panes.test-log";
    const printed: Array<[string, string]> = [];
    const { log, error } = console;
    console.log = (...a: unknown[]) => void printed.push(["out", a.join(" ")]);
    console.error = (...a: unknown[]) => void printed.push(["err", a.join(" ")]);
    try {
      await using app = new App({
        config: false,
        identifier,
        plugins: ["log"],
        capabilities: [{ identifier: "l", windows: ["main"], permissions: ["log:default"] }],
      });
      const win = await app.show(`${await guestScriptTag()}<p>log</p>`, {
        label: "main",
        width: 160,
        height: 100,
      });
      const r = await win.evalJs<Result>(call(`
        await tauriGuest.log.info("guest info", { keyValues: { user: "ann" } });
        await tauriGuest.log.error("guest error");
        await panes.log.warn("panes warn");
        await panes.log.debug("panes debug");
      `));
      assertEquals(r, { ok: true, v: undefined });
      const other = await app.show(`${await guestScriptTag()}<p>x</p>`, {
        label: "other",
        width: 160,
        height: 100,
      });
      const denied = await other.evalJs<Result>(call(`await tauriGuest.log.info("sneaky")`));
      assertRejectsWithString(
        denied,
        'log.log not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: l, permission: allow-log',
      );
    } finally {
      console.log = log;
      console.error = error;
    }
    const mine = printed.filter(([, l]) => l.includes("[webview:"));
    assertEquals(mine.map(([s]) => s), ["out", "err", "err", "out"]);
    assertMatch(
      mine[0][1],
      /^\[[\d-]+T[\d:.]+Z\]\[INFO\]\[webview:main[^\]]*\] guest info user=ann$/,
    );
    assertMatch(mine[1][1], /\[ERROR\]\[webview:main[^\]]*\] guest error$/);
    assertMatch(mine[2][1], /\[WARN\]\[webview:main\] panes warn$/);
    assertMatch(mine[3][1], /\[DEBUG\]\[webview:main\] panes debug$/);
    const file = await Deno.readTextFile(`${tmp}/${identifier}/logs/${identifier}.log`);
    assertEquals(file, mine.map(([, l]) => l + "\n").join(""));
    assert(!file.includes("sneaky"), file);
  },
);
