/**
 * The binary lane (transports/native/binary_lane.ts): large results and channel payloads go to the
 * page over a loopback WebSocket that said the page's key. Each refusal (no key, another page's
 * key, another Origin, another Host, a closed socket, a socket that says more) runs beside the same
 * thing done right, which succeeds.
 */
import { assert, assertEquals, assertMatch, assertThrows } from "./support/assert.ts";
import { App, Channel, Commands } from "../mod.ts";
import { DEFAULT_CSP } from "../app/security.ts";
import { BinaryLane } from "../transports/native/binary_lane.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const small = { width: 240, height: 160 };
const KEY = "a".repeat(64);
const OTHER_KEY = "b".repeat(64);

/** A raw WebSocket handshake (so that Host, Origin and the method are exactly what the test says). */
async function handshake(
  port: number,
  headers: Record<string, string>,
  { method = "GET", path = "/ws" } = {},
): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const lines = [`${method} ${path} HTTP/1.1`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  await conn.write(new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n"));
  let text = "";
  const buf = new Uint8Array(4096);
  const timer = setTimeout(() => conn.close(), 10_000);
  try {
    while (!text.includes("\r\n\r\n")) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += new TextDecoder("latin1").decode(buf.subarray(0, n));
    }
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch { /* closed by the timer */ }
  }
  return Number(text.split(" ")[1]);
}

/** A lane client as a page would be one: Origin panes://app, its key first. */
class Client {
  ws: WebSocket;
  #queue: (string | ArrayBuffer)[] = [];
  #wake: (() => void) | undefined;
  closed: Promise<number>;
  didOpen = false;
  constructor(port: number, origin = "panes://app") {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { origin } } as never);
    this.ws.binaryType = "arraybuffer";
    this.ws.onmessage = (e) => {
      this.#queue.push(e.data);
      this.#wake?.();
    };
    this.closed = new Promise((r) => this.ws.onclose = (e) => r(e.code));
    this.ws.onerror = () => {};
    this.ws.addEventListener("open", () => this.didOpen = true);
  }
  opened(): Promise<void> {
    return new Promise((r, j) => {
      this.ws.onopen = () => r();
      setTimeout(() => j(new Error("the lane socket did not open within 10 s")), 10_000);
    });
  }
  async next(): Promise<string | ArrayBuffer> {
    const deadline = Date.now() + 10_000;
    while (!this.#queue.length) {
      if (Date.now() > deadline) throw new Error("no message from the lane within 10 s");
      await new Promise<void>((r) => {
        this.#wake = r;
        setTimeout(r, 100);
      });
    }
    return this.#queue.shift()!;
  }
  /** Says the key; returns the number the lane gave this socket (its payload ids start with it). */
  async hello(key: string): Promise<string> {
    this.ws.send(`key ${key}`);
    const ok = String(await this.next());
    assertMatch(ok, /^ok \d+$/);
    return ok.slice(3);
  }
  /** Reads the next payload: its id and bytes. */
  async receive(): Promise<{ id: string; bytes: Uint8Array }> {
    const head = await this.next();
    assert(typeof head === "string", "a payload starts with its id");
    const [id, n, size] = head.split(" ");
    const all = new Uint8Array(Number(size));
    let at = 0;
    for (let i = 0; i < Number(n); i++) {
      const part = await this.next();
      assert(part instanceof ArrayBuffer, "a payload's pieces are binary messages");
      all.set(new Uint8Array(part), at);
      at += part.byteLength;
    }
    assertEquals(at, Number(size));
    return { id, bytes: all };
  }
  close(): Promise<number> {
    this.ws.close();
    return this.closed;
  }
}

/** Waits (5 s at most) for the lane's own view of its sockets to catch up with a close. */
async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`${what}: not so within 5 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function lane(): { lane: BinaryLane; port: number; host: string } {
  const lane = BinaryLane.get();
  assert(lane, "the lane listens");
  const port = Number(new URL(lane.origin).port);
  return { lane, port, host: `127.0.0.1:${port}` };
}

const upgrade = {
  upgrade: "websocket",
  connection: "Upgrade",
  "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
  "sec-websocket-version": "13",
};

Deno.test("binary lane: the socket needs panes://app as Origin, its own Host, GET /ws", async () => {
  const { port, host } = lane();
  const good = { host, origin: "panes://app", ...upgrade };
  // Another origin: a web page in a browser, a local page on another port, a sandboxed frame.
  for (const origin of ["http://evil.example", "http://127.0.0.1:8000", "null", "panes://app2"]) {
    assertEquals(await handshake(port, { ...good, origin }), 403, origin);
  }
  const { origin: _o, ...noOrigin } = good;
  assertEquals(await handshake(port, noOrigin), 403);
  // Another Host (DNS rebinding: a name that resolves to 127.0.0.1).
  for (const h of ["localhost:" + port, "evil.example:" + port, "127.0.0.1"]) {
    assertEquals(await handshake(port, { ...good, host: h }), 421, h);
  }
  assertEquals(await handshake(port, good, { method: "POST" }), 405);
  assertEquals(await handshake(port, good, { path: "/take/x" }), 404);
  const { upgrade: _u, ...plain } = good;
  assertEquals(await handshake(port, plain), 426);
  // Positive control: the same handshake, done right.
  assertEquals(await handshake(port, good), 101);
});

Deno.test("binary lane: payloads go only to a socket that said the page's key, first", async () => {
  const { lane: l, port } = lane();
  const three = new Uint8Array([1, 2, 3]);

  // No socket for the key: nothing can be sent (main checks isOpen first).
  assert(!l.isOpen(KEY));
  assertThrows(() => l.send(KEY, three), Error, "no binary lane socket");

  // Anything but the key first: the socket is closed and counts for no page.
  const rude = new Client(port);
  await rude.opened();
  rude.ws.send(`take ${KEY}`);
  assertEquals(await rude.closed, 1008);
  assert(!l.isOpen(KEY));
  // Another origin cannot even open a socket.
  const foreign = new Client(port, "http://evil.example");
  await foreign.closed;
  assert(!foreign.didOpen, "a socket from another origin opened");

  const other = new Client(port);
  await other.opened();
  await other.hello(OTHER_KEY); // another page's key (another window, or an earlier load)
  const page = new Client(port);
  await page.opened();
  const pageSerial = await page.hello(KEY);
  assert(l.isOpen(KEY) && l.isOpen(OTHER_KEY));

  // Positive control: the page's own socket gets what is sent for its key, under the id returned.
  const id = l.send(KEY, three);
  assertEquals(await page.receive(), { id, bytes: three });
  assert(id.startsWith(`${pageSerial}.`), `${id} names the socket it went over`);
  // The other page's socket got nothing of it: the first thing it gets is its own.
  const otherId = l.send(OTHER_KEY, new Uint8Array([7]));
  assertEquals(await other.receive(), { id: otherId, bytes: new Uint8Array([7]) });

  // Large payloads come in 1 MiB messages, in order, nothing between them.
  const big = new Uint8Array((5 << 20) + 7).map((_, i) => (i * 13 + 5) & 255);
  const id1 = l.send(KEY, big), id2 = l.send(KEY, new Uint8Array([9]));
  assertEquals(await page.receive(), { id: id1, bytes: big });
  assertEquals(await page.receive(), { id: id2, bytes: new Uint8Array([9]) });

  // A second socket with the same key (a new one of the page, or one that learned the key): the
  // page's first socket keeps getting its payloads.
  const second = new Client(port);
  await second.opened();
  const secondSerial = await second.hello(KEY);
  assert(secondSerial !== pageSerial, "each socket has a number of its own");
  const id3 = l.send(KEY, three);
  assertEquals(await page.receive(), { id: id3, bytes: three });

  // Anything after the key, or bytes, ends the socket; with the last one gone, the key is closed.
  page.ws.send(new Uint8Array([1]));
  assertEquals(await page.closed, 1003);
  assert(l.isOpen(KEY), "the second socket still holds the key");
  const id4 = l.send(KEY, three);
  assertEquals(await second.receive(), { id: id4, bytes: three });
  assert(id4.startsWith(`${secondSerial}.`), `${id4} names the socket it went over`);
  second.ws.send(`take ${id4}`);
  assertEquals(await second.closed, 1008);
  await until(() => !l.isOpen(KEY), "the key closed with its last socket");
  assertThrows(() => l.send(KEY, three), Error, "no binary lane socket");
  other.ws.send("hello");
  assertEquals(await other.closed, 1008);
  await until(() => !l.isOpen(OTHER_KEY), "the other key closed with its socket");
});

const page = `<script>
  window.bytes = (n, seed = 1) => { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = (i * seed + 7) & 255; return b; };
  window.same = (buf, n, seed = 1) => { const a = new Uint8Array(buf); if (a.length !== n) return false; for (let i = 0; i < n; i++) if (a[i] !== ((i * seed + 7) & 255)) return false; return true; };
</script>`;

const calls = `(async () => {
  const out = [];
  for (let k = 0; k < 3; k++) {
    out.push(same(await panes.invoke("echo", bytes(5 << 20, k + 2)), 5 << 20, k + 2));
    const j = await panes.invoke("json", bytes(3));
    out.push(j.s.length === 5 << 20 && j.n === 3);
    // A small body as a message, a large result: the lane too, once the page has it open.
    // Not a whole number of 1 MiB messages: the last piece is short.
    const odd = (5 << 20) + 4099 * k + 7;
    out.push(same(await panes.invoke("make", { n: odd, seed: k + 5 }), odd, k + 5));
    const big = await panes.invoke("bigJson", k);
    out.push(big.s.length === 5 << 20 && big.k === k);
    out.push(same(await panes.invoke("echo", bytes(70000, k + 2)), 70000, k + 2));
  }
  return out;
})()`;

function commands() {
  return new Commands()
    .command("echo", { body: "bytes" }, ({ body }) => body)
    .command("json", { body: "bytes" }, ({ body }) => ({ n: body.length, s: "x".repeat(5 << 20) }))
    .command("make", {}, ({ body }) => {
      const { n, seed } = body as { n: number; seed: number };
      return new Uint8Array(n).map((_, i) => (i * seed + 7) & 255);
    })
    .command("bigJson", {}, ({ body }) => ({ k: body, s: "y".repeat(5 << 20) }))
    .command("stream", { body: Channel.of() }, ({ body: ch }) => {
      const make = (seed: number) => new Uint8Array(1 << 20).map((_, i) => (i * seed + 7) & 255);
      ch.sendBytes(make(1));
      ch.sendBytes(make(2));
      ch.send("small");
      ch.sendBytes(make(4));
    });
}

Deno.test(
  "binary lane: large results reach the page intact over the lane; an app CSP without it keeps panes://",
  WINDOW_TEST,
  async () => {
    const l = BinaryLane.get()!;
    {
      await using app = new App({ commands: commands(), config: false });
      const win = await app.show(page, small);
      const before = l.sent;
      assertEquals(
        await win.evalJs<boolean[]>(calls, { timeoutMs: 120_000 }),
        Array(15).fill(true),
      );
      // The first large results may come over panes:// while the lane opens; the later ones take
      // it, results of POSTs and of messages alike (4 large results a round, 3 rounds).
      assert(l.sent - before >= 8, `lane payloads: ${l.sent - before}`);
      // A message's large result on the lane, alone: the page had the lane open.
      const t = l.sent;
      assertEquals(
        await win.evalJs<boolean>(
          `panes.invoke("make", { n: 5 << 20, seed: 9 }).then((b) => same(b, 5 << 20, 9))`,
        ),
        true,
      );
      assertEquals(l.sent, t + 1);
      // Large channel messages too, in order, beside small ones that may overtake them in flight.
      assertEquals(
        await win.evalJs<string>(`new Promise((resolve) => {
          const got = [];
          const ch = new panes.Channel((m) => {
            got.push(typeof m === "string" ? m : same(m, 1 << 20, got.length + 1) ? "big" : "bad");
            if (got.length === 4) resolve(got.join(","));
          });
          panes.invoke("stream", ch);
        })`),
        "big,big,small,big",
      );
      assertEquals(l.sent, t + 4);
    }
    {
      // A page script that wraps WebSocket and fetch (as monitoring libraries do) never sees the
      // lane's socket, the POSTs of large bodies or the key on them: the bridge took both first.
      await using app = new App({ commands: commands(), config: false });
      const spy = `<script>
        window.seen = [];
        const Real = WebSocket;
        window.WebSocket = class extends Real {
          constructor(url, p) { super(url, p); seen.push("new " + url); }
          send(d) { seen.push(typeof d === "string" ? d : "bytes"); return super.send(d); }
        };
        const realFetch = fetch;
        window.fetch = (u, init) => { seen.push("fetch " + JSON.stringify(init?.headers ?? {})); return realFetch(u, init); };
      </script>`;
      const win = await app.show(spy + page, small);
      const before = l.sent;
      const r = await win.evalJs<{ ok: boolean[]; seen: string[] }>(
        `(async () => {
        const ok = [];
        for (let k = 0; k < 3; k++) ok.push(same(await panes.invoke("echo", bytes(1 << 20, k + 2)), 1 << 20, k + 2));
        const seenByLane = [...seen];
        new WebSocket("ws://127.0.0.1:9/"); // the page's own socket: the wrapper does see it
        await fetch("/nothing-here").catch(() => {}); // and the page's own fetch
        return { ok, seen: [...seenByLane, ...seen.slice(seenByLane.length)] };
      })()`,
        { timeoutMs: 60_000 },
      );
      assertEquals(r.ok, [true, true, true]);
      assert(l.sent - before >= 1, `lane payloads: ${l.sent - before}`);
      assertEquals(r.seen, ["new ws://127.0.0.1:9/", "fetch {}"]);
    }
    {
      // The app's own CSP does not name the lane: WebKit refuses the page's socket, and every
      // result still arrives, over panes://.
      await using app = new App({ commands: commands(), config: false, csp: DEFAULT_CSP + ";" });
      const win = await app.show(page, small);
      const before = l.sent;
      assertEquals(
        await win.evalJs<boolean[]>(calls, { timeoutMs: 120_000 }),
        Array(15).fill(true),
      );
      assertEquals(l.sent - before, 0);
    }
  },
);
