/**
 * The host end of the browser link (app/browser_link.ts) with scripted
 * sockets: replay after a reconnect, duplicates dropped, sessions per page,
 * the grace period, and frames that break the rules.
 * @module
 */

import { assert, assertEquals } from "./support/assert.ts";
import { CLOSE, PageLink } from "../transports/browser/link.ts";
import type { HostMessage } from "../bridge/messages.ts";

/** A socket the test drives: it records what the link sends and how it closes it. */
class FakeSocket {
  sent: Array<Record<string, unknown>> = [];
  closed: number | undefined;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onopen: (() => void) | null = null;
  send(data: string): void {
    if (this.closed !== undefined) throw new Error("send after close");
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000): void {
    if (this.closed !== undefined) return;
    this.closed = code;
    queueMicrotask(() => this.onclose?.());
  }
  /** The page sends a frame. */
  page(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }
  /** The connection drops without a close frame. */
  drop(): void {
    this.closed = 1006;
    this.onclose?.();
  }
  batches(): number[] {
    return this.sent.filter((f) => typeof f.s === "number").map((f) => f.s as number);
  }
}

function setup(graceMs = 200, maxFrameBytes = 1 << 20) {
  const got: unknown[] = [];
  const warnings: string[] = [];
  let gone = 0;
  const link = new PageLink(
    {
      messages: (m) => got.push(...m),
      gone: () => gone++,
      warn: (w) => warnings.push(w),
    },
    graceMs,
    maxFrameBytes,
  );
  const connect = (nonce: string, ack: number, version = 1) => {
    const s = new FakeSocket();
    link.attach(s as unknown as WebSocket);
    s.page({ h: nonce, a: ack, v: version });
    return s;
  };
  return { link, got, warnings, gone: () => gone, connect };
}

const ev = (n: number): HostMessage[] => [{ k: "ev", e: "t:n", d: n }];
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

Deno.test("host → page: queued while away, replayed from the page's acknowledgement", () => {
  const { link, connect } = setup();
  link.deliver(ev(1)); // before any page: kept for the first one
  const a = connect("page-1", 0);
  assertEquals(a.sent[0], { w: 1, a: 0 });
  assertEquals(a.batches(), [1]);
  link.deliver(ev(2));
  link.deliver(ev(3));
  a.page({ a: 2 }); // the page applied 1 and 2; 3 is lost with the connection
  a.drop();
  link.deliver(ev(4)); // while away
  const b = connect("page-1", 2);
  assertEquals(b.sent[0], { w: 1, a: 0 });
  assertEquals(b.batches(), [3, 4], "exactly what the page had not applied");
  link.close();
});

Deno.test("page → host: a replayed batch is delivered once; a gap resyncs", () => {
  const { link, got, connect } = setup();
  const a = connect("p", 0);
  a.page({ s: 1, a: 0, m: ["one"] });
  a.page({ s: 2, a: 0, m: ["two"] });
  a.drop();
  const b = connect("p", 0);
  assertEquals(b.sent[0], { w: 1, a: 2 }, "the welcome tells the page what arrived");
  b.page({ s: 2, a: 0, m: ["two"] }); // replayed anyway: dropped
  b.page({ s: 3, a: 0, m: ["three"] });
  assertEquals(got, ["one", "two", "three"]);
  b.page({ s: 5, a: 0, m: ["five"] }); // 4 is missing: start over
  assertEquals(b.closed, CLOSE.resync);
  assertEquals(got, ["one", "two", "three"]);
  link.close();
});

Deno.test("a new page is a new session; an older page that comes back is refused", () => {
  const { link, got, connect } = setup();
  const a = connect("old", 0);
  a.page({ s: 1, a: 0, m: ["from old"] });
  link.deliver(ev(1));
  const b = connect("new", 0); // e.g. the same URL opened in a second tab
  assertEquals(a.closed, CLOSE.replaced);
  assertEquals(b.sent[0], { w: 1, a: 0 }, "sequence numbers start again");
  b.page({ s: 1, a: 0, m: ["from new"] });
  assertEquals(got, ["from old", "from new"]);
  assertEquals(b.batches(), [], "what was queued for the old page is not given to the new one");
  const again = connect("old", 1);
  assertEquals(again.closed, CLOSE.replaced);
  link.close();
});

Deno.test("grace: gone only after the page stays away; a reconnect in time keeps it", async () => {
  const { link, gone, connect } = setup(150);
  const a = connect("p", 0);
  a.drop();
  await tick(80);
  const b = connect("p", 0);
  await tick(150);
  assertEquals(gone(), 0, "reconnected within the grace period");
  b.drop();
  await tick(250);
  assertEquals(gone(), 1);
  const late = new FakeSocket();
  link.attach(late as unknown as WebSocket);
  late.onopen?.();
  assertEquals(late.closed, CLOSE.closedByApp, "a closed window takes no socket");
});

Deno.test("new content: a page served with an older version is told to reload", () => {
  const { link, connect } = setup();
  const a = connect("p", 0, 1);
  link.reload();
  assertEquals(a.sent.at(-1), { c: "reload" });
  a.drop();
  const b = connect("p", 0, 1); // the reload command was lost with the connection
  assertEquals(b.sent.at(-1), { c: "reload" });
  const c = connect("q", 0, 2);
  assert(!c.sent.some((f) => f.c === "reload"), "the current version stays");
  link.close();
  assertEquals(c.closed, CLOSE.closedByApp);
});

Deno.test("frames that break the rules close the socket; a too-large one is skipped", () => {
  const { link, got, warnings, connect } = setup(200, 64);
  const early = new FakeSocket();
  link.attach(early as unknown as WebSocket);
  early.page({ s: 1, a: 0, m: ["before hello"] });
  assertEquals(early.closed, CLOSE.protocolError);
  const bad = new FakeSocket();
  link.attach(bad as unknown as WebSocket);
  bad.page("not json");
  assertEquals(bad.closed, CLOSE.protocolError);
  const a = connect("p", 0);
  a.page({ s: 1, a: 0, m: ["x".repeat(100)] });
  assertEquals(a.closed, undefined);
  a.page({ s: 2, a: 0, m: ["ok"] });
  assertEquals(got, ["ok"], "the large one skipped, the next in order");
  assert(warnings.some((w) => w.includes("limit 64")), warnings.join("; "));
  a.page({ s: 3, a: 0, m: "not an array" });
  assertEquals(a.closed, CLOSE.protocolError);
  link.close();
});
