import { assertEquals } from "./support/assert.ts";
import { z } from "zod";
import { packBatch, type WireMessage } from "../bridge/wire_pack.ts";
import type { HostMessage } from "../bridge/messages.ts";
import { App, Channel, Commands } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";

/** What the page does with a packed batch, in order. */
function unpack(wire: WireMessage[]): HostMessage[] {
  return wire.flatMap((m): HostMessage[] => {
    if (m.k === "evs") return m.ds.map((d) => ({ k: "ev", e: m.e, d }));
    if (m.k === "cbs") return m.ps.map((p) => ({ k: "cb", c: m.c, p }));
    return [m];
  });
}

Deno.test("packBatch: runs share an entry, order and undefined data survive", () => {
  const batch: HostMessage[] = [
    { k: "ev", e: "a:x", d: 1 },
    { k: "ev", e: "a:x", d: 2 },
    { k: "ev", e: "a:x", d: 3 },
    { k: "ev", e: "b:y", d: 4 },
    { k: "ev", e: "b:y", d: undefined },
    { k: "ev", e: "b:y", d: 5 },
    { k: "cb", c: 7, p: { index: 0, message: "m0" } },
    { k: "cb", c: 7, p: { index: 1, message: "m1" } },
    { k: "cb", c: 8, p: { index: 0, message: "n0" } },
    { k: "res", i: 1, ok: true, v: null },
    { k: "cb", c: 7, p: { index: 2, end: true } },
    { k: "ev", e: "a:x", d: 6 },
  ];
  const wire = packBatch(batch);
  assertEquals(wire.map((m) => m.k), ["evs", "ev", "ev", "ev", "cbs", "cb", "res", "cb", "ev"]);
  assertEquals(wire[0], { k: "evs", e: "a:x", ds: [1, 2, 3] });
  assertEquals(unpack(wire), batch);
  // Random batches over few names and ids: unpacking gives the batch back.
  for (let n = 0; n < 300; n++) {
    const b: HostMessage[] = Array.from({ length: n % 40 }, (_, i) => {
      const r = Math.random();
      if (r < 0.45) return { k: "ev", e: r < 0.2 ? "a:x" : "b:y", d: r < 0.05 ? undefined : i };
      if (r < 0.9) return { k: "cb", c: r < 0.7 ? 1 : 2, p: { index: i, message: i } };
      return { k: "res", i, ok: true, v: i };
    });
    assertEquals(unpack(packBatch(b)), b);
  }
});

Deno.test(
  "interleaved events and channel messages reach the page in order",
  WINDOW_TEST,
  async () => {
    let sent: Array<[string, unknown]> = [];
    const commands = new Commands().command(
      "mix",
      { body: z.object({ ch: Channel.of() }) },
      async ({ body: { ch }, window }) => {
        sent = [];
        for (let i = 0; i < 3000; i++) {
          const r = i % 7;
          if (r < 3) {
            window.emit("t:a", i);
            sent.push(["a", i]);
          } else if (r < 5) {
            ch.send(i);
            sent.push(["ch", i]);
          } else if (r === 5) {
            window.emit("t:b", i);
            sent.push(["b", i]);
          } else {
            window.emit("t:a", undefined);
            sent.push(["a", null]);
          }
        }
        await ch.drain();
        ch.close();
        return sent.length;
      },
    );
    await using app = new App({ commands, config: false });
    const win = await app.show(
      `<script>
      window.seen = [];
      panes.on("t:a", (d) => seen.push(["a", d === undefined ? null : d]));
      panes.on("t:b", (d) => seen.push(["b", d]));
    </script>`,
      { width: 200, height: 120 },
    );
    const seen = await win.evalJs<Array<[string, unknown]>>(
      `(async () => {
    const ch = new panes.Channel((m) => seen.push(["ch", m]));
    await panes.invoke("mix", { ch });
    return seen;
  })()`,
      { timeoutMs: 30_000 },
    );
    assertEquals(seen.length, 3000);
    assertEquals(seen, sent);
  },
);

Deno.test(
  "a message that cannot be serialised is dropped alone; the rest arrive once, in order",
  WINDOW_TEST,
  async () => {
    await using app = new App({ config: false });
    const win = await app.show(
      `<script>window.seen = []; panes.on("t:n", (d) => seen.push(d));</script>`,
      { width: 200, height: 120 },
    );
    // 9,000 in one burst (three chunks); the bad one sits in the second chunk.
    for (let i = 0; i < 9000; i++) win.emit("t:n", i === 5000 ? { big: 1n } : i);
    await waitFor(() => win.evalJs<boolean>("seen.length >= 8999"), {
      what: "8,999 events in the page",
    });
    await new Promise((r) => setTimeout(r, 100)); // one sent twice would arrive by now
    const seen = await win.evalJs<number[]>("seen");
    assertEquals(seen.length, 8999);
    assertEquals(seen, Array.from({ length: 9000 }, (_, i) => i).filter((i) => i !== 5000));
  },
);
