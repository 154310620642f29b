// test-flags: --unstable-worker-options
/**
 * The short path between a page and its window's worker (ffi/ui/direct_calls.ts): calls reach the
 * worker and come back without the main isolate, under the same capabilities, time limits and
 * crash handling as the long path.
 */
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const WORKER = new URL("./support/worker_window.ts", import.meta.url);

const tryCall = (cmd: string, body: unknown) =>
  `panes.invoke(${JSON.stringify(cmd)}, ${JSON.stringify(body)}).then(
     (v) => ({ ok: true, v }), (e) => ({ ok: false, code: e.code, message: e.message }))`;

/** Blocks this isolate for `ms`; returns when it started and when it let go. */
function blockMain(ms: number): { from: number; until: number } {
  const from = Date.now();
  const until = from + ms;
  while (Date.now() < until) { /* the main isolate is busy */ }
  return { from, until };
}

Deno.test(
  "a worker window's calls are answered while the main isolate is blocked",
  WINDOW_TEST,
  async () => {
    await using app = new App({ config: false, readyTimeoutMs: 120_000 });
    const win = await app.show("<p>w</p>", { label: "short", worker: WORKER });
    assertEquals(await win.evalJs(tryCall("echo", { a: 1 })), { ok: true, v: { a: 1 } });
    // The grant for this page reaches the UI thread after the worker is ready: wait for a call
    // that went the short way, at most 50 tries (each while main is blocked briefly).
    let answeredAt: number | null = null;
    for (let attempt = 0; attempt < 50 && answeredAt === null; attempt++) {
      // The page records which attempt's call was answered: an answer to an earlier attempt
      // (which came after that attempt's block) cannot count for this one.
      await win.evalJs(
        `window.answered = null; setTimeout(() => panes.invoke("echo", ${attempt}).then((v) => {
           if (v === ${attempt}) window.answered = [${attempt}, Date.now()]; }), 100); 1`,
      );
      const { from, until } = blockMain(1_500);
      const a = await win.evalJs("window.answered") as [number, number] | null;
      // This attempt's call, answered after the block began (not before main got to it) and
      // before it ended.
      if (a !== null && a[0] === attempt && a[1] > from && a[1] < until) answeredAt = a[1];
    }
    assert(answeredAt !== null, "no call was answered while the main isolate was blocked");
    // Ordered, nothing lost: 300 calls in flight come back with their own values.
    const many = await win.evalJs(
      `Promise.all(Array.from({ length: 300 }, (_, i) => panes.invoke("echo", i)))`,
    ) as number[];
    assertEquals(many, Array.from({ length: 300 }, (_, i) => i));
    // Errors keep their shape; bytes come back as bytes; channels still work (through main).
    assertEquals(await win.evalJs(tryCall("fail", {})), {
      ok: false,
      code: "command-error",
      message: "no luck",
    });
    const bytes = await win.evalJs(
      `panes.invoke("bytes", new Uint8Array([1, 2, 3])).then((b) => [...new Uint8Array(b)])`,
    );
    assertEquals(bytes, [3, 2, 1]);
    const streamed = await win.evalJs(`new Promise((resolve) => {
    const got = []; const ch = new panes.Channel((m) => got.push(m instanceof ArrayBuffer ? "bytes" : m));
    panes.invoke("stream", { n: 3, channel: ch }).then(() => setTimeout(() => resolve(got), 200));
  })`);
    assertEquals(streamed, [0, 1, 2, "bytes"]);
  },
);

Deno.test("the short path keeps the time limit and contains a crash", WINDOW_TEST, async () => {
  await using app = new App({ config: false, readyTimeoutMs: 120_000, commandTimeoutMs: 2_000 });
  const errors: unknown[] = [];
  app.on("window:worker-error", (d) => errors.push((d as { message: string }).message));
  const [loop, crash] = await Promise.all([
    app.show("<p>loop</p>", { label: "loop", worker: WORKER }),
    app.show("<p>crash</p>", { label: "crash", worker: WORKER }),
  ]);
  // Warm: the grant is in once a call answers while main is blocked (see the test above).
  for (const w of [loop, crash]) {
    await w.evalJs(
      `window.t = null; setTimeout(() => panes.invoke("echo", 1).then(() => window.t = Date.now()), 50); 1`,
    );
    blockMain(600);
  }
  const spun = await loop.evalJs(tryCall("spin", {}), { timeoutMs: 20_000 }) as {
    ok: boolean;
    code: string;
    message: string;
  };
  assertEquals(spun.ok, false);
  assertEquals(spun.code, "timeout");
  assertMatch(spun.message, /command "spin" did not answer within 2000 ms/);
  const crashed = await crash.evalJs(tryCall("crash", {}), { timeoutMs: 20_000 }) as {
    ok: boolean;
    code: string;
  };
  assertEquals(crashed.ok, false);
  assertEquals(crashed.code, "worker-crashed");
  assert(errors.some((m) => String(m).includes("kaboom in the worker")), JSON.stringify(errors));
});

Deno.test(
  "the short path obeys capabilities: refused where not granted, nothing runs",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      readyTimeoutMs: 120_000,
      capabilities: [{
        identifier: "counter",
        windows: ["granted"],
        permissions: ["app:allow-count", "app:allow-echo"],
      }, { identifier: "plain", windows: ["plain"], permissions: ["app:allow-echo"] }],
    });
    const [granted, plain] = await Promise.all([
      app.show("<p>g</p>", { label: "granted", worker: WORKER }),
      app.show("<p>p</p>", { label: "plain", worker: WORKER }),
    ]);
    for (const w of [granted, plain]) {
      await w.evalJs(`setTimeout(() => panes.invoke("echo", 1), 50); 1`);
      blockMain(600);
    }
    const refused = await plain.evalJs(tryCall("count", {})) as { ok: boolean; code: string };
    assertEquals(refused.ok, false);
    assertEquals(refused.code, "forbidden");
    assertEquals(await plain.evalJs(tryCall("echo", 5)), { ok: true, v: 5 });
    // Positive control: the same call where the capability grants it (its worker's count is 1:
    // nothing ran before).
    assertEquals(await granted.evalJs(tryCall("count", {})), { ok: true, v: 1 });
  },
);
