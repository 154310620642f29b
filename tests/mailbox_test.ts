/**
 * The mailbox beside the UI thread's port (ffi/mailbox.ts): its rules alone, and the order of a
 * page's calls when some cross in the mailbox and others on the port, in a real window.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { App, Commands } from "../mod.ts";
import { Mailbox, MAILBOX_CHARS, PollingReader, portHandler } from "../ffi/mailbox.ts";
import { WINDOW_TEST } from "./support/harness.ts";

Deno.test("mailbox: one message at a time, never ahead of a port message not yet taken", () => {
  const memory = Mailbox.memory();
  const writer = new Mailbox(memory), reader = new Mailbox(memory);
  assertEquals(reader.take(), undefined);

  // Any text, not only ASCII: the slot holds UTF-16 code units.
  const text = `1 2\n{"k":"inv","b":"é ✓ 😀 \u2028"}`;
  assert(writer.tryPut(text));
  assert(!writer.tryPut("second"), "a full slot took a second message");
  assertEquals(reader.take(), text);
  assertEquals(reader.take(), undefined);

  // A port message the reader has not taken yet: the next one must follow it on the port.
  writer.sentOnPort();
  assert(!writer.tryPut("after a port message"), "the slot overtook a port message");
  reader.tookFromPort();
  assert(writer.tryPut("after it was taken"), "positive control: the slot is free again");
  assertEquals(reader.take(), "after it was taken");

  // Too long for the slot: the port. Exactly the limit: the slot.
  assert(!writer.tryPut("x".repeat(MAILBOX_CHARS + 1)));
  const longest = "y".repeat(MAILBOX_CHARS - 1) + "z";
  assert(writer.tryPut(longest));
  assertEquals(reader.take(), longest);
});

Deno.test("mailbox: readers take the mailbox's message before a port message sent after it", () => {
  const memory = Mailbox.memory();
  const writer = new Mailbox(memory), reader = new Mailbox(memory);
  // Main's way: port messages arrive as events.
  const got: string[] = [];
  const onPort = portHandler<string>(reader, (t) => got.push(`slot ${t}`), (m) => got.push(m));
  assert(writer.tryPut("a"));
  writer.sentOnPort(); // "b" goes on the port: the slot is full
  assert(!writer.tryPut("c"), "the slot took a message before b was handled");
  onPort("b");
  assertEquals(got, ["slot a", "b"]);
  // Positive control: with "b" handled, the slot is free for "c".
  assert(writer.tryPut("c"));
  assertEquals(reader.take(), "c");

  // The UI thread's way: it polls.
  const port: string[] = [];
  const reader2 = new PollingReader<string>(reader, (t) => `slot ${t}`, () => port.shift());
  assert(writer.tryPut("x"));
  writer.sentOnPort();
  port.push("y");
  assertEquals([reader2.next(), reader2.next(), reader2.next()], ["slot x", "y", undefined]);
  assert(writer.tryPut("z"), "every port message taken: the slot is free");
  assertEquals(reader2.next(), "slot z");
});

Deno.test("mailbox: a poll that races the writer still gives the messages in order", () => {
  const memory = Mailbox.memory();
  const writer = new Mailbox(memory), reader = new Mailbox(memory);
  const port: string[] = [];
  // The writer acts while the reader is inside its read of the port: it puts "1" in the empty
  // slot (every port message was taken), and sends "2" on the port (the slot is full).
  let raced = false;
  const poll = () => {
    if (!raced) {
      raced = true;
      assert(writer.tryPut("1"), "the writer may use the slot");
      assert(!writer.tryPut("2"));
      writer.sentOnPort();
      port.push("2");
    }
    return port.shift();
  };
  const r = new PollingReader<string>(reader, (t) => t, poll);
  const got = [r.next(), r.next()];
  // Then a third, in the slot again: it must come after the held "2".
  assert(writer.tryPut("3"), "positive control: the slot is free once 2 was counted");
  got.push(r.next(), r.next());
  assertEquals(got, ["1", "2", "3", undefined]);
});

Deno.test("mailbox: wait resolves when the other side puts", async () => {
  const memory = Mailbox.memory();
  const reader = new Mailbox(memory);
  let woke = false;
  const waited = reader.wait().then(() => woke = true);
  await new Promise((r) => setTimeout(r, 20));
  assert(!woke, "wait resolved with an empty slot");
  // The writer is another thread in use; a Worker here proves the wake crosses threads.
  const worker = new Worker(
    `data:text/javascript,self.onmessage = (e) => {
      const head = new Int32Array(e.data, 0, 4), text = new Uint16Array(e.data, 16, 2);
      text[0] = 104; text[1] = 105; head[1] = 2;
      Atomics.store(head, 0, 1); Atomics.notify(head, 0, 1);
    };`,
    { type: "module" },
  );
  try {
    worker.postMessage(memory);
    const timeout = new Promise((_, j) =>
      setTimeout(() => j(new Error("wait did not resolve within 10 s of the put")), 10_000)
    );
    await Promise.race([waited, timeout]);
    assertEquals(reader.take(), "hi");
  } finally {
    worker.terminate();
  }
});

Deno.test(
  "mailbox: a page's calls reach their commands in the order made, mailbox or port",
  WINDOW_TEST,
  async () => {
    // While main is held by one command, the page makes a small call (the mailbox: it was free)
    // and then one with a large body (a POST: the port). When main is free again, both are
    // waiting; main must read the mailbox first, whichever wakes it first.
    const order: string[] = [];
    const cmds = new Commands()
      .command("hold", {}, () => {
        const until = performance.now() + 150;
        while (performance.now() < until) { /* main is busy */ }
        return true;
      })
      .command("small", {}, ({ body }) => void order.push(`small ${body}`))
      .command("large", { body: "bytes" }, ({ body }) => void order.push(`large ${body[0]}`));
    await using app = new App({ commands: cmds, config: false });
    const win = await app.show("<p>order</p>", { width: 240, height: 160 });
    const rounds = 12;
    await win.evalJs(
      `(async () => {
        for (let r = 0; r < ${rounds}; r++) {
          const held = panes.invoke("hold");
          await new Promise((ok) => setTimeout(ok, 30)); // main is inside "hold" now
          const big = new Uint8Array(64 * 1024).fill(r);
          await Promise.all([held, panes.invoke("small", r), panes.invoke("large", big)]);
        }
      })()`,
      { timeoutMs: 60_000 },
    );
    const expected = Array.from({ length: rounds }, (_, r) => [`small ${r}`, `large ${r}`]).flat();
    assertEquals(order, expected);
  },
);
