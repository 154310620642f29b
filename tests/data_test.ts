import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertThrows,
} from "./support/assert.ts";
import { z } from "zod";
import { App, Channel, Commands, InvokeError } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const small = { width: 320, height: 240 };

class Counter {
  n = 0;
}

function commands() {
  return new Commands()
    .command("greet", { body: z.string() }, ({ body }) => `Hello, ${body}!`)
    .command(
      "create_user",
      { body: z.object({ name: z.string(), age: z.number().int() }) },
      ({ body, label }) => ({ message: `Created ${body.name}`, user_id: 123, label }),
    )
    .command("risky", {}, () => {
      throw new InvokeError("Something went wrong!", { retry: false });
    })
    .command("crash", {}, () => {
      throw new Error("secret internal detail");
    })
    .command(
      "upload",
      { body: "bytes" },
      ({ body, headers }) => ({ length: body.length, type: headers["content-type"] }),
    )
    .command("echo_bytes", { body: "bytes" }, ({ body }) => body)
    .command("make_bytes", { body: z.number().int() }, ({ body }) => {
      const out = new Uint8Array(body);
      for (let i = 0; i < out.length; i++) out[i] = (i * 7 + 3) & 255;
      return out;
    })
    .command("echo_json", { body: z.unknown() }, ({ body }) => body)
    .command("slow", { body: z.number() }, async ({ body }) => {
      await new Promise((r) => setTimeout(r, body));
      return body;
    })
    .command("inc", {}, ({ state }) => ++state(Counter).n)
    .command(
      "stream",
      { body: z.object({ channel: Channel.of(z.object({ n: z.number() })), count: z.number() }) },
      async ({ body: { channel, count } }) => {
        for (let i = 0; i < count; i++) channel.send({ n: i });
        await channel.drain();
        channel.close();
        return "sent";
      },
    )
    .command("stream_bytes", { body: Channel.of() }, ({ body: channel }) => {
      channel.sendBytes(new Uint8Array([1, 2, 3]));
      channel.sendBytes(new Uint8Array(100_000).fill(9));
      channel.send("tail");
      channel.close();
    });
}

Deno.test(
  "commands: JSON, objects, state, and every error code with the right shape",
  WINDOW_TEST,
  async () => {
    await using app = new App({ commands: commands() });
    app.manage(new Counter());
    const win = await app.show("<p>x</p>", { ...small, label: "cmd" });
    assertEquals(await win.evalJs(`panes.invoke("greet", "World")`), "Hello, World!");
    assertEquals(await win.evalJs(`panes.invoke("create_user", { name: "Ann", age: 3 })`), {
      message: "Created Ann",
      user_id: 123,
      label: "cmd",
    });
    assertEquals(await win.evalJs(`Promise.all([panes.invoke("inc"), panes.invoke("inc")])`), [
      1,
      2,
    ]);
    assertEquals(app.state(Counter).n, 2);
    const shape = (call: string) =>
      win.evalJs(
        `${call}.then(() => "resolved", (e) => ({ name: e.name, message: e.message, code: e.code, data: e.data ?? null }))`,
      );
    assertEquals(await shape(`panes.invoke("risky")`), {
      name: "Error",
      message: "Something went wrong!",
      code: "command-error",
      data: { retry: false },
    });
    const invalid = await shape(`panes.invoke("create_user", { name: 1 })`) as Record<
      string,
      unknown
    >;
    assertEquals(invalid.code, "invalid-body");
    assertMatch(String(invalid.message), /invalid body for command "create_user"/);
    assertEquals((invalid.data as Array<{ path: string[] }>).map((i) => i.path.join(".")).sort(), [
      "age",
      "name",
    ]);
    assertEquals(await shape(`panes.invoke("nope")`), {
      name: "Error",
      message: 'unknown command "nope"',
      code: "unknown-command",
      data: null,
    });
    const internal = await shape(`panes.invoke("crash")`) as Record<string, unknown>;
    assertEquals(internal.code, "internal");
    assert(!String(internal.message).includes("secret"), "no internal detail without debug");
    assertEquals(
      (await shape(`panes.invoke("upload", "not bytes")`) as Record<string, unknown>).code,
      "invalid-body",
    );
  },
);

Deno.test(
  "commands: debug shows internal messages; duplicates are an error at registration",
  WINDOW_TEST,
  async () => {
    assertThrows(
      () => new Commands().command("a", {}, () => 1).command("a", {}, () => 2),
      Error,
      'command "a" is already registered',
    );
    assertThrows(
      () => new Commands().command("b", { body: "text" as unknown as "bytes" }, () => 1),
      TypeError,
      "zod schema",
    );
    await using app = new App({ commands: commands(), debug: true });
    const win = await app.show("<p>x</p>", small);
    assertMatch(
      await win.evalJs<string>(`panes.invoke("crash").catch((e) => e.message)`),
      /secret internal detail/,
    );
  },
);

Deno.test(
  "1000 concurrent invokes each resolve to their own answer; a slow command blocks nothing",
  WINDOW_TEST,
  async () => {
    await using app = new App({ commands: commands() });
    const win = await app.show("<p>x</p>", small);
    const ok = await win.evalJs(`(async () => {
    const calls = Array.from({ length: 1000 }, (_, i) => panes.invoke("echo_json", { i, s: "v" + i }));
    const out = await Promise.all(calls);
    return out.every((o, i) => o.i === i && o.s === "v" + i);
  })()`);
    assertEquals(ok, true);
    const order = await win.evalJs(`(async () => {
    const seen = [];
    const slow = panes.invoke("slow", 400).then(() => seen.push("slow"));
    const fast = panes.invoke("greet", "f").then(() => seen.push("fast"));
    await Promise.all([slow, fast]);
    return seen;
  })()`);
    assertEquals(order, ["fast", "slow"]);
  },
);

Deno.test(
  "binary: bodies and results as bytes; 16 MiB each way byte-exact",
  WINDOW_TEST,
  async () => {
    await using app = new App({ commands: commands() });
    const win = await app.show("<p>x</p>", small);
    assertEquals(
      await win.evalJs(
        `panes.invoke("upload", new Uint8Array([1, 2, 3]), { headers: { "content-type": "application/octet-stream" } })`,
      ),
      { length: 3, type: "application/octet-stream" },
    );
    assertEquals(
      await win.evalJs(
        `panes.invoke("echo_bytes", new Uint8Array([5, 6])).then((b) => [b instanceof ArrayBuffer, [...new Uint8Array(b)]])`,
      ),
      [true, [5, 6]],
    );
    const size = 16 * 1024 * 1024;
    const check = await win.evalJs(
      `(async () => {
    const size = ${size};
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i++) data[i] = (i * 31 + 7) & 255;
    const back = new Uint8Array(await panes.invoke("echo_bytes", data));
    let same = back.length === size;
    for (let i = 0; same && i < size; i++) same = back[i] === data[i];
    const made = new Uint8Array(await panes.invoke("make_bytes", size));
    let ok = made.length === size;
    for (let i = 0; ok && i < size; i++) ok = made[i] === ((i * 7 + 3) & 255);
    return [same, ok];
  })()`,
      { timeoutMs: 60_000 },
    );
    assertEquals(check, [true, true]);
  },
);

Deno.test("large JSON bodies and results (1 MiB) round-trip intact", WINDOW_TEST, async () => {
  await using app = new App({ commands: commands() });
  const win = await app.show("<p>x</p>", small);
  const ok = await win.evalJs(
    `(async () => {
    const big = { text: "é\\u2028\\"<\\/script>".repeat(1), items: Array.from({ length: 50000 }, (_, i) => ({ i, s: "x" + i })) };
    const back = await panes.invoke("echo_json", big);
    return JSON.stringify(back) === JSON.stringify(big) && JSON.stringify(big).length > 1000000;
  })()`,
    { timeoutMs: 30_000 },
  );
  assertEquals(ok, true);
});

Deno.test(
  "channels: 10,000 messages in order, then closed; binary messages; page callbacks dropped",
  WINDOW_TEST,
  async () => {
    await using app = new App({ commands: commands() });
    const win = await app.show("<p>x</p>", small);
    const r = await win.evalJs(
      `(async () => {
    const got = [];
    const ch = new panes.Channel((m) => got.push(m.n));
    const before = __TAURI_INTERNALS__.callbacks.size;
    const answer = await panes.invoke("stream", { channel: ch, count: 10000 });
    const inOrder = got.length === 10000 && got.every((v, i) => v === i);
    return [answer, inOrder, got.length, before - __TAURI_INTERNALS__.callbacks.size];
  })()`,
      { timeoutMs: 30_000 },
    );
    assertEquals(r, ["sent", true, 10000, 1]);
    const b = await win.evalJs(`(async () => {
    const got = [];
    let done;
    const finished = new Promise((r) => done = r);
    const ch = new panes.Channel((m) => { got.push(m instanceof ArrayBuffer ? new Uint8Array(m).length : m); if (got.length === 3) done(); });
    await panes.invoke("stream_bytes", ch);
    await finished;
    return got;
  })()`);
    assertEquals(b, [3, 100000, "tail"]);
    // A message that fails the channel's schema is an error on the host.
    const sink = {
      post() {},
      drain: () => Promise.resolve(),
      bytes: () => ({ b64: "" }),
      onGone: () => () => {},
    };
    const ch = new Channel(1, sink, z.object({ n: z.number() }));
    assertThrows(
      () => ch.send({ n: "x" } as unknown as { n: number }),
      TypeError,
      "does not match its schema",
    );
    ch.close();
    assertThrows(() => ch.send({ n: 1 }), Error, "closed");
  },
);

Deno.test(
  "channel.closed resolves when the page reloads or the window closes",
  WINDOW_TEST,
  async () => {
    let captured: Channel<unknown> | undefined;
    const cmds = new Commands().command("hold", { body: Channel.of() }, ({ body }) => {
      captured = body;
    });
    await using app = new App({ commands: cmds });
    const win = await app.show("<p>x</p>", small);
    await win.evalJs(`panes.invoke("hold", new panes.Channel(() => {}))`);
    assert(captured);
    const first = captured;
    await win.update("<p>reloaded</p>");
    assertEquals(await first.closed, "page reloaded");
    assertThrows(() => first.send(1), Error, "closed");
    await win.evalJs(`panes.invoke("hold", new panes.Channel(() => {}))`);
    const second = captured!;
    assert(second !== first);
    await win.close();
    assertEquals(await second.closed, "window closed");
  },
);

Deno.test(
  "events: Tauri targets reach exactly the windows Tauri's rules say",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const page =
      `<script>window.got = []; panes.event.listen("note", (e) => got.push(e.payload));</script>`;
    const [a, b] = await Promise.all(
      ["a", "b"].map((label) => app.show(page, { ...small, label })),
    );
    await waitFor(
      () => app.pageListenerCount("a") === 1 && app.pageListenerCount("b") === 1,
      { what: "listeners registered" },
    );
    const host: string[] = [];
    app.events.listen("note", (e) => host.push(`listen:${e.payload}`));
    app.events.listenAny("note", (e) => host.push(`any:${e.payload}`));
    app.events.emit("note", "all");
    app.events.emitTo("a", "note", "to-a");
    app.events.emitTo({ kind: "WebviewWindow", label: "b" }, "note", "to-b");
    app.events.emitTo({ kind: "App" }, "note", "to-app");
    app.events.emitFilter("note", "filtered", (t) => t.kind === "WebviewWindow" && t.label === "b");
    await waitFor(() => b.evalJs<boolean>("got.length === 3"), { what: "b's events" });
    await waitFor(() => a.evalJs<boolean>("got.length === 2"), { what: "a's events" });
    assertEquals(await a.evalJs("got"), ["all", "to-a"]);
    assertEquals(await b.evalJs("got"), ["all", "to-b", "filtered"]);
    assertEquals(host, [
      "listen:all",
      "any:all",
      "any:to-a",
      "any:to-b",
      "listen:to-app",
      "any:to-app",
    ]);
    // Page → host and page → page.
    const fromPage: unknown[] = [];
    const id = app.events.listen("frontend-action", (e) => fromPage.push([e.payload, e.label]));
    await a.evalJs(`panes.event.emit("frontend-action", { action: "save" })`);
    await a.evalJs(`panes.event.emitTo("b", "note", "a-to-b")`);
    await waitFor(() => b.evalJs<boolean>("got.length === 4"), { what: "page to page" });
    assertEquals(fromPage, [[{ action: "save" }, "a"]]);
    app.events.unlisten(id);
    await a.evalJs(`panes.event.emit("frontend-action", 2)`);
    await new Promise((r) => setTimeout(r, 100));
    assertEquals(fromPage.length, 1);
    let onceCount = 0;
    app.events.once("init-complete", () => onceCount++);
    app.events.emit("init-complete");
    app.events.emit("init-complete");
    assertEquals(onceCount, 1);
    assertThrows(() => app.events.emit("bad name"), Error, "Tauri event names");
  },
);

Deno.test(
  "page listeners are dropped when the page reloads (counted on the host)",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const win = await app.show(
      `<script>panes.event.listen("x", () => {}); panes.event.listen("y", () => {});</script>`,
      { ...small, label: "l" },
    );
    await waitFor(() => app.pageListenerCount("l") === 2, { what: "two listeners" });
    const un = await win.evalJs(
      `panes.event.listen("z", () => {}).then((u) => { window.unz = u; return 1 })`,
    );
    assertEquals(un, 1);
    await waitFor(() => app.pageListenerCount("l") === 3, { what: "three listeners" });
    await win.evalJs("unz()");
    await waitFor(() => app.pageListenerCount("l") === 2, { what: "unlisten" });
    await win.update("<p>no listeners</p>");
    assertEquals(app.pageListenerCount("l"), 0);
  },
);

Deno.test(
  "a channel in a call that fails its schema is closed: the page drops its callback",
  WINDOW_TEST,
  async () => {
    await using app = new App({ commands: commands() });
    const win = await app.show("<p>x</p>", small);
    const r = await win.evalJs(`(async () => {
    const ch = new panes.Channel(() => {});
    const before = __TAURI_INTERNALS__.callbacks.size;
    const e = await panes.invoke("stream", { channel: ch, count: "many" }).catch((e) => e);
    // The end marker travels like any channel message: give it a moment to arrive.
    for (let k = 0; k < 100 && __TAURI_INTERNALS__.callbacks.size === before; k++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    return [e.code, before - __TAURI_INTERNALS__.callbacks.size];
  })()`);
    assertEquals(r, ["invalid-body", 1]);
  },
);

Deno.test("state: manage/state with clear errors", () => {
  const app = new App();
  assertThrows(() => app.state(Counter), Error, "no state of this class is managed");
  app.manage(new Counter());
  app.state(Counter).n = 5;
  assertEquals(app.state(Counter).n, 5);
  assertThrows(() => app.manage(new Counter()), Error, "already managed");
});

Deno.test(
  "compat: a Tauri-style and a PyTauri-style snippet run unchanged",
  WINDOW_TEST,
  async () => {
    await using app = new App({ commands: commands() });
    const win = await app.show("<p>x</p>", small);
    const tauri = await win.evalJs(`(async () => {
    const { invoke, Channel } = window.__TAURI__.core;
    const { listen, emit } = window.__TAURI__.event;
    const greeting = await invoke("greet", "Tauri");
    const user = await invoke("create_user", { name: "T", age: 1 });
    const got = [];
    const onEvent = new Channel();
    onEvent.onmessage = (m) => got.push(m.n);
    await invoke("stream", { channel: onEvent, count: 3 });
    let heard;
    const unlisten = await listen("pong", (e) => { heard = e.payload; });
    await emit("pong", { v: 1 });
    await new Promise((r) => setTimeout(r, 50));
    unlisten();
    return { greeting, user: user.message, got, heard };
  })()`);
    assertEquals(tauri, {
      greeting: "Hello, Tauri!",
      user: "Created T",
      got: [0, 1, 2],
      heard: { v: 1 },
    });
    const py = await win.evalJs(`(async () => {
    const { pyInvoke } = window.__TAURI__.pytauri;
    const a = await pyInvoke("greet", "PyTauri");
    const b = await pyInvoke("upload", new Uint8Array([1, 2, 3, 4]));
    const c = new Uint8Array(await pyInvoke("echo_bytes", new Uint8Array([9]).buffer));
    return [a, b.length, [...c]];
  })()`);
    assertEquals(py, ["Hello, PyTauri!", 4, [9]]);
  },
);

Deno.test(
  "a window closed mid-invoke drops the answer; other windows are unaffected",
  WINDOW_TEST,
  async () => {
    await using app = new App({ commands: commands() });
    const a = await app.show("<p>a</p>", small);
    const b = await app.show("<p>b</p>", small);
    a.eval(`panes.invoke("slow", 300)`);
    await new Promise((r) => setTimeout(r, 50));
    await a.close();
    await new Promise((r) => setTimeout(r, 400));
    assertEquals(await b.evalJs(`panes.invoke("greet", "still")`), "Hello, still!");
    await assertRejects(() => a.evalJs("1"), Error, "closed");
  },
);
