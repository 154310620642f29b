import { assert, assertEquals, assertMatch, assertRejects } from "./support/assert.ts";
import { App } from "../mod.ts";
import { peakRssMiB, waitFor, WINDOW_TEST } from "./support/harness.ts";

const root = new URL("../", import.meta.url).pathname;

async function runScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  perms = ["-A"],
) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...perms, script, ...args],
    cwd: root,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("importing mod.ts has no side effects (runs with no permissions)", async () => {
  const r = await runScript("tests/support/import_only.ts", [], {}, ["--no-prompt"]);
  assertEquals(r.stdout.trim(), "imported", r.stderr);
  assertEquals(r.code, 0);
});

Deno.test("a missing libwebview path fails with a clear error naming it", async () => {
  const r = await runScript("tests/support/bad_library.ts", ["/nonexistent/libwebview.so"]);
  assertMatch(
    r.stdout,
    /NativeLibraryError: libwebview not found at \/nonexistent\/libwebview\.so/,
  );
  const env = await runScript("tests/support/bad_library.ts", [], {
    PANES_WEBVIEW_LIB: "/nope/lib.so",
  });
  assertMatch(env.stdout, /libwebview not found at \/nope\/lib\.so \(from PANES_WEBVIEW_LIB\)/);
});

Deno.test("a library that is not libwebview fails with what to do", async () => {
  const r = await runScript("tests/support/bad_library.ts", ["/etc/hostname"]);
  assertMatch(r.stdout, /NativeLibraryError: cannot load libwebview from \/etc\/hostname/);
});

Deno.test(
  "three windows each evaluate their own values; closing one leaves the others working",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const wins = await Promise.all(
      ["a", "b", "c"].map((label, i) =>
        app.show(
          `<title>${label}</title><script>window.value = ${i * 10}</script><p>${label}</p>`,
          { label, width: 320, height: 240 },
        )
      ),
    );
    assertEquals(app.windows.sort(), ["a", "b", "c"]);
    const values = await Promise.all(
      wins.map((w) => w.evalJs<[number, string, string]>("[value, document.title, panes.label]")),
    );
    assertEquals(values, [[0, "a", "a"], [10, "b", "b"], [20, "c", "c"]]);
    await app.window("b")!.close();
    assertEquals(app.windows.sort(), ["a", "c"]);
    assertEquals(app.window("b"), undefined);
    assertEquals(await wins[0].evalJs("value + 1"), 1);
    assertEquals(await wins[2].evalJs("value + 1"), 21);
    await assertRejects(() => wins[1].evalJs("1"), Error, "closed");
  },
);

Deno.test(
  "a user close (GTK close request) resolves closed and, for the last window, run()",
  WINDOW_TEST,
  async () => {
    const app = new App();
    const a = await app.show("<p>a</p>", { label: "a", width: 200, height: 200 });
    const b = await app.show("<p>b</p>", { label: "b", width: 200, height: 200 });
    let ended = false;
    const run = app.run().then(() => ended = true);
    await a.proxy.requestClose(); // what the title bar's close button does
    await a.closed;
    assertEquals(app.windows, ["b"]);
    await new Promise((r) => setTimeout(r, 100));
    assertEquals(ended, false, "run() must wait for the last window");
    await b.proxy.requestClose();
    await b.closed;
    await run;
    assert(ended);
  },
);

Deno.test("50 open/close cycles in one process without a crash", WINDOW_TEST, async () => {
  await using app = new App();
  const rssAfter: number[] = [];
  for (let i = 0; i < 50; i++) {
    const w = await app.show(`<p id=n>${i}</p>`, { label: `cycle-${i}`, width: 200, height: 150 });
    assertEquals(await w.evalJs("document.getElementById('n').textContent"), String(i));
    await w.close();
    if (i % 10 === 9) rssAfter.push(Deno.memoryUsage().rss / 1048576);
  }
  assertEquals(app.windows, []);
  console.log(
    `peak RSS over 50 cycles: ${peakRssMiB().toFixed(0)} MiB; RSS every 10 cycles: ${
      rssAfter.map((r) => r.toFixed(0)).join(", ")
    } MiB`,
  );
});

Deno.test(
  "show() rejects clearly on bad input and a closed window rejects calls",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    await assertRejects(() => app.show("<p>x</p>", { width: -1 }), TypeError, "positive integers");
    await assertRejects(() => app.show(42 as unknown as string), TypeError, "content must be");
    const w = await app.show("<p>x</p>", { label: "dup" });
    await assertRejects(() => app.show("<p>y</p>", { label: "dup" }), Error, "already open");
    await w.close();
    await assertRejects(() => w.evalJs("1"), Error, 'window "dup" closed');
    await assertRejects(() => w.proxy.title(), Error, 'window "dup" closed');
  },
);

Deno.test("the UI thread does not keep the process alive, and exit does not abort", async () => {
  const script = `import { App } from "./mod.ts";
    const app = new App();
    const w = await app.show("<p>bye</p>");
    console.log(await w.evalJs("1+1"));
    await w.close();`;
  const path = `${root}.exit_check_${Date.now()}.ts`;
  await Deno.writeTextFile(path, script);
  try {
    const started = performance.now();
    const r = await runScript(path, []);
    assertEquals(r.stdout.trim(), "2", r.stderr);
    assertEquals(r.code, 0, `exit code ${r.code}: ${r.stderr}`);
    assert(performance.now() - started < 20_000);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("windows opened in parallel and waited on by run() all close", WINDOW_TEST, async () => {
  const app = new App();
  const wins = await Promise.all(
    [1, 2, 3].map((i) => app.show(`<p>${i}</p>`, { width: 150, height: 100 })),
  );
  const run = app.run();
  for (const w of wins) void w.close();
  await run;
  await waitFor(() => app.windows.length === 0, "all windows gone");
});
