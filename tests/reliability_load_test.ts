import { assert, assertEquals } from "./support/assert.ts";
import { z } from "zod";
import { App, Commands } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { rssMiB, WINDOW_TEST } from "./support/harness.ts";

// PANES_LONG=1: the full load (8 × 1000 invokes, 100,000 emits, 200 cycles); CI runs the reduced counts.
const LONG = Deno.env.get("PANES_LONG") === "1";
const INVOKES = LONG ? 1000 : 250;
const EMITS = LONG ? 100_000 : 20_000;
const CYCLES = LONG ? 200 : 60;
const WINDOWS = 8;

Deno.test(
  `load: ${WINDOWS} windows × ${INVOKES} concurrent invokes and ${EMITS} emits, none lost, order kept`,
  WINDOW_TEST,
  async () => {
    const commands = new Commands().command(
      "echo",
      { body: z.object({ w: z.string(), i: z.number() }) },
      async ({ body, label }) => {
        if (body.i % 50 === 0) await new Promise((r) => setTimeout(r, 1)); // some answers overtake others
        return { ...body, label };
      },
    );
    await using app = new App({ commands });
    const labels = Array.from({ length: WINDOWS }, (_, i) => `load-${i}`);
    const wins = await Promise.all(
      labels.map((label) => app.show("<p>load</p>", { label, width: 160, height: 120 })),
    );
    const received = new Map<string, number[]>(labels.map((l) => [l, []]));
    app.on("load:n", (d, _t, label) => received.get(label)!.push((d as { i: number }).i));
    const started = performance.now();
    const perWindow = EMITS / WINDOWS;
    const results = await Promise.all(wins.map((w) =>
      w.evalJs<boolean>(
        `(async () => {
      const calls = Array.from({ length: ${INVOKES} }, (_, i) => panes.invoke("echo", { w: panes.label, i }));
      for (let i = 0; i < ${perWindow}; i++) panes.emit("load:n", { i });
      const out = await Promise.all(calls);
      return out.every((o, i) => o.i === i && o.w === panes.label && o.label === panes.label);
    })()`,
        { timeoutMs: 120_000 },
      )
    ));
    assertEquals(results, wins.map(() => true), "every invoke answered with its own value");
    await waitFor(
      () => [...received.values()].every((v) => v.length === perWindow),
      { what: "every emit on the host", timeout: 60_000 },
    );
    for (const [label, got] of received) {
      assert(got.every((v, i) => v === i), `order kept for ${label}`);
    }
    const secs = (performance.now() - started) / 1000;
    console.log(
      `load: ${WINDOWS * INVOKES} invokes + ${EMITS} emits across ${WINDOWS} windows in ${
        secs.toFixed(1)
      } s, none lost`,
    );
  },
);

Deno.test(
  `${CYCLES} window open/close cycles: RSS growth reported and bounded`,
  WINDOW_TEST,
  async () => {
    await using app = new App();
    // Warm-up: the first windows start WebKit's shared processes and caches.
    for (let i = 0; i < 5; i++) {
      await (await app.show("<p>warm</p>", { width: 160, height: 120 }))
        .close();
    }
    const start = rssMiB();
    const samples: number[] = [];
    for (let i = 0; i < CYCLES; i++) {
      const w = await app.show(`<p id=n>${i}</p>`, { width: 160, height: 120 });
      assertEquals(await w.evalJs("document.getElementById('n').textContent"), String(i));
      await w.close();
      if ((i + 1) % 20 === 0) samples.push(rssMiB());
    }
    const growth = rssMiB() - start;
    console.log(
      `cycles: ${CYCLES}, host RSS ${start.toFixed(0)} → ${rssMiB().toFixed(0)} MiB (growth ${
        growth.toFixed(0)
      } MiB; ` +
        `every 20: ${samples.map((s) => s.toFixed(0)).join(", ")})`,
    );
    assert(
      growth < 150,
      `host RSS grew by ${growth.toFixed(0)} MiB over ${CYCLES} cycles (bound: 150 MiB)`,
    );
    assertEquals(app.windows, []);
  },
);
