/**
 * The binary lane (transports/native/binary_lane.ts): large results of POST-borne invokes wait on
 * a loopback HTTP endpoint for the page to take. Each refusal (no key, another page's key, another
 * Origin, another Host, a second take, a closed window) runs beside the same request done right,
 * which succeeds.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { App, Commands } from "../mod.ts";
import { DEFAULT_CSP } from "../app/security.ts";
import { BinaryLane } from "../transports/native/binary_lane.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const small = { width: 240, height: 160 };
const KEY = "a".repeat(64);
const OTHER_KEY = "b".repeat(64);

interface Answer {
  status: number;
  headers: Map<string, string>;
  body: Uint8Array;
}

/** One raw HTTP/1.1 request (so that Host and Origin are exactly what the test says). */
async function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<Answer> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const lines = [`${method} ${path} HTTP/1.1`, "connection: close"];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  await conn.write(new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n"));
  const chunks: Uint8Array[] = [];
  const buf = new Uint8Array(65536);
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) break;
    chunks.push(buf.slice(0, n));
  }
  conn.close();
  const all = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) all.set(c, at), at += c.length;
  const text = new TextDecoder("latin1").decode(all);
  const end = text.indexOf("\r\n\r\n");
  const [status, ...rest] = text.slice(0, end).split("\r\n");
  const map = new Map<string, string>();
  for (const l of rest) {
    const i = l.indexOf(":");
    map.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  let body = all.subarray(end + 4);
  if (map.get("transfer-encoding") === "chunked") {
    const out: number[] = [];
    let p = 0;
    const t = new TextDecoder("latin1").decode(body);
    for (;;) {
      const nl = t.indexOf("\r\n", p);
      const size = parseInt(t.slice(p, nl), 16);
      if (!size) break;
      for (let i = 0; i < size; i++) out.push(body[nl + 2 + i]);
      p = nl + 2 + size + 2;
    }
    body = new Uint8Array(out);
  }
  return { status: Number(status.split(" ")[1]), headers: map, body };
}

function lane(): { lane: BinaryLane; port: number; host: string } {
  const lane = BinaryLane.get();
  assert(lane, "the lane listens");
  const port = Number(new URL(lane.origin).port);
  return { lane, port, host: `127.0.0.1:${port}` };
}

Deno.test("binary lane: a take needs the page's key, panes://app as Origin, its own Host; once", async () => {
  const { lane: l, port, host } = lane();
  const good = { host, origin: "panes://app", "x-panes-key": KEY };
  const take = (id: string, h: Record<string, string>) => raw(port, "GET", `/take/${id}`, h);
  const park = () => l.park(1, KEY, new Uint8Array([1, 2, 3]), "application/octet-stream");

  // No key, then the same request with it.
  let id = park();
  const { "x-panes-key": _k, ...noKey } = good;
  assertEquals((await take(id, noKey)).status, 403);
  // Another page's key (another window, or an earlier load of this one).
  assertEquals((await take(id, { ...good, "x-panes-key": OTHER_KEY })).status, 403);
  // Another origin: a web page in a browser, a local page on another port, a sandboxed frame.
  for (const origin of ["http://evil.example", "http://127.0.0.1:8000", "null", "panes://app2"]) {
    const a = await take(id, { ...good, origin });
    assertEquals(a.status, 403, origin);
    assertEquals(a.headers.get("access-control-allow-origin"), undefined);
  }
  const { origin: _o, ...noOrigin } = good;
  assertEquals((await take(id, noOrigin)).status, 403);
  // Another Host (DNS rebinding: a name that resolves to 127.0.0.1).
  for (const h of ["localhost:" + port, "evil.example:" + port, "127.0.0.1"]) {
    assertEquals((await take(id, { ...good, host: h })).status, 421, h);
  }
  // A method the lane has no use for.
  assertEquals((await raw(port, "POST", `/take/${id}`, good)).status, 405);
  // Positive control: the same request, done right.
  const ok = await take(id, good);
  assertEquals(ok.status, 200);
  assertEquals([...ok.body], [1, 2, 3]);
  assertEquals(ok.headers.get("access-control-allow-origin"), "panes://app");
  // Once only.
  assertEquals((await take(id, good)).status, 403);

  // Dropped with its window.
  id = park();
  l.drop(1);
  assertEquals((await take(id, good)).status, 403);
  id = park();
  l.drop(2); // another window's drop leaves it
  assertEquals((await take(id, good)).status, 200);

  // CORS preflight: only for panes://app, which is the only origin named.
  const pre = (origin: string) =>
    raw(port, "OPTIONS", "/take/x", {
      host,
      origin,
      "access-control-request-method": "GET",
      "access-control-request-headers": "x-panes-key",
    });
  const evil = await pre("http://evil.example");
  assertEquals(evil.status, 403);
  assertEquals(evil.headers.get("access-control-allow-origin"), undefined);
  const mine = await pre("panes://app");
  assertEquals(mine.status, 204);
  assertEquals(mine.headers.get("access-control-allow-origin"), "panes://app");
  // The ping says only whether the page can reach the lane, and also needs a key.
  assertEquals((await raw(port, "GET", "/ping", noKey)).status, 403);
  assertEquals((await raw(port, "GET", "/ping", good)).status, 204);
  assertEquals(l.waiting, 0);
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
    out.push(same(await panes.invoke("echo", bytes(70000, k + 2)), 70000, k + 2));
  }
  return out;
})()`;

function commands() {
  return new Commands()
    .command("echo", { body: "bytes" }, ({ body }) => body)
    .command("json", { body: "bytes" }, ({ body }) => ({ n: body.length, s: "x".repeat(5 << 20) }));
}

Deno.test(
  "binary lane: large results reach the page intact over the lane; an app CSP without it keeps panes://",
  WINDOW_TEST,
  async () => {
    const l = BinaryLane.get()!;
    {
      await using app = new App({ commands: commands(), config: false });
      const win = await app.show(page, small);
      const before = l.taken;
      assertEquals(await win.evalJs<boolean[]>(calls, { timeoutMs: 120_000 }), Array(9).fill(true));
      // The first large result may come over panes:// while the page asks whether it can reach the
      // lane; the later ones take it.
      assert(l.taken - before >= 4, `lane takes: ${l.taken - before}`);
      assertEquals(l.waiting, 0);
    }
    {
      // The app's own CSP does not name the lane: the page's ping is refused by WebKit, and every
      // result still arrives, over panes://.
      await using app = new App({ commands: commands(), config: false, csp: DEFAULT_CSP + ";" });
      const win = await app.show(page, small);
      const before = l.taken;
      assertEquals(await win.evalJs<boolean[]>(calls, { timeoutMs: 120_000 }), Array(9).fill(true));
      assertEquals(l.taken - before, 0);
      assertEquals(l.waiting, 0);
    }
  },
);
