// test-flags: --v8-flags=--expose-gc
import { assert, assertEquals } from "./support/assert.ts";
import { z } from "zod";
import { App, Commands } from "../mod.ts";
import { rssMiB, WINDOW_TEST } from "./support/harness.ts";

// PANES_LONG=1 runs the full counts; CI runs the same code with the counts below.
const LONG = Deno.env.get("PANES_LONG") === "1";
const FUZZ = LONG ? 50_000 : 10_000;

/** Runs in the page: a seeded generator of hostile and malformed messages. */
const FUZZER = `
window.fuzz = (count, seed) => {
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const str = () => {
    const parts = ["__proto__", "constructor", "prototype", "\\ud800", "\\udfff", "a:b", "*", "", " ", "<" + "/script>", "\\u2028", "é", "x".repeat(1 + Math.floor(rnd() * 50))];
    return pick(parts) + (rnd() < 0.5 ? pick(parts) : "");
  };
  const deep = (n) => { let v = 0; for (let i = 0; i < n; i++) v = rnd() < 0.5 ? [v] : { [str()]: v }; return v; };
  const value = () => pick([
    () => null, () => rnd(), () => -0, () => 1e308, () => str(), () => true,
    () => deep(1 + Math.floor(rnd() * 3000)),
    () => Array.from({ length: Math.floor(rnd() * 20000) }, () => 1),
    () => JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}}'),
    () => ({ k: str(), i: rnd() * 1e9, c: str() }),
  ])();
  const kinds = ["hello", "ready", "emit", "err", "inv", "evr", "zzz", 42, null, "__proto__"];
  const message = () => {
    const m = {};
    if (rnd() < 0.9) m.k = pick(kinds);
    for (const key of ["n", "u", "e", "d", "i", "c", "b", "b64", "h", "ok", "v", "err", "message", "line"]) {
      if (rnd() < 0.4) m[key] = value();
    }
    if (m.k === "hello" || m.k === "ready") m.n = "fuzz"; // a page may spoof its own lifecycle: harmless to others
    return m;
  };
  // Mostly with the page's own key (read by the top frame, as a hostile top page could): those
  // reach the host's validation; keyless ones are dropped on the UI thread.
  const keyed = (msgs) => window.__fuzzKey && rnd() < 0.8 ? [window.__fuzzKey, ...msgs] : msgs;
  let thrown = 0;
  for (let n = 0; n < count; n++) {
    const route = Math.floor(rnd() * 6);
    try {
      if (route === 0) panes.emit(pick(["app:fuzz", "fuzz:x:1", str(), "*"]), value());
      else if (route === 1) panes.invoke(pick(["echo", "nope", str(), ""]), value()).catch(() => {});
      else if (route === 2) window.__webview__.post(pick([str(), "{", "[]", "null", JSON.stringify({ id: "p" + n, method: "__panes_post", params: keyed([message()]) })]));
      else if (route === 3) window.__webview__.post(JSON.stringify({ id: "p" + n, method: "__panes_post", params: keyed(Array.from({ length: 1 + Math.floor(rnd() * 5) }, message)) }));
      else if (route === 4) window.__webview__.post(JSON.stringify({ id: str(), method: pick(["__panes_post", "nope", str()]), params: value() }));
      else panes.event.emit(pick(["fuzz-event", str()]), value()).catch(() => {});
    } catch (e) {
      thrown++;
    }
  }
  return thrown;
};`;

Deno.test(
  `fuzz: ${FUZZ} random and malformed page messages; the app still answers and memory stays bounded`,
  WINDOW_TEST,
  async () => {
    const warnings: string[] = [];
    const original = { warn: console.warn, error: console.error };
    console.warn = (...a: unknown[]) => warnings.push(a.map(String).join(" "));
    console.error = (...a: unknown[]) => warnings.push(a.map(String).join(" "));
    let ran = 0;
    try {
      const commands = new Commands().command("echo", { body: z.unknown() }, ({ body }) => {
        ran++;
        return body;
      });
      await using app = new App({ commands });
      let events = 0;
      app.on("*", () => events++);
      const win = await app.show(`<p id=p>fuzz</p><script>${FUZZER}</script>`, {
        width: 300,
        height: 200,
        label: "fuzz",
      });
      const gc = (globalThis as { gc?: () => void }).gc;
      assert(gc, "this file runs with --v8-flags=--expose-gc (first line)");
      gc();
      const heapBefore = Deno.memoryUsage().heapUsed / 1048576;
      const before = rssMiB();
      // The top frame may read its own key (see tests/security_frames_test.ts); the fuzz uses it.
      const key = await win.evalJs<string>(`new Promise((resolve) => {
        const wv = window.__webview__, orig = wv.post.bind(wv);
        wv.post = (b) => { wv.post = orig; resolve(window.__fuzzKey = JSON.parse(b).params[0]); orig(b); };
        panes.emit("app:key", 1);
      })`);
      assertEquals(key.length, 64, "the fuzz reads the page's key");
      let thrown = 0;
      let warm = 0;
      const batch = 1000;
      for (let done = 0; done < FUZZ; done += batch) {
        thrown += await win.evalJs<number>(`fuzz(${batch}, ${done + 1})`, { timeoutMs: 60_000 });
        // The first fifth warms allocators and caches; a leak shows as growth after it.
        if (done + batch === FUZZ / 5) warm = rssMiB();
      }
      // Everything sent so far has been handled once a round trip completes.
      assertEquals(await win.evalJs(`panes.invoke("echo", { ok: true })`, { timeoutMs: 30_000 }), {
        ok: true,
      });
      await new Promise((r) => setTimeout(r, 300));
      const after = rssMiB();
      // No prototype was polluted on the host.
      assertEquals(({} as Record<string, unknown>).polluted, undefined);
      assertEquals((Object.prototype as Record<string, unknown>).polluted, undefined);
      // The window still works as before.
      assertEquals(await win.evalJs("document.getElementById('p').textContent"), "fuzz");
      const distinct = new Set(warnings.map((w) => w.replace(/\d+/g, "N"))).size;
      // Collect first, so the heap figure is what is alive, not garbage awaiting collection.
      gc();
      const heap = Deno.memoryUsage().heapUsed / 1048576;
      original.warn(
        `fuzz: ${FUZZ} messages (${thrown} refused by the page bridge itself), ${events} events and ` +
          `${ran} invokes reached handlers, ${warnings.length} host warnings (${distinct} distinct); ` +
          `RSS ${before.toFixed(0)} → ${warm.toFixed(0)} (after the first fifth) → ${
            after.toFixed(0)
          } MiB; ` +
          `main live heap ${heapBefore.toFixed(0)} → ${heap.toFixed(0)} MiB`,
      );
      // The live heap after a collection is the leak signal; RSS (allocator high-water marks of
      // two isolates and WebKit) only gets a generous sanity bound.
      assert(
        after - before < 600,
        `host RSS grew by ${(after - before).toFixed(0)} MiB (bound: 600 MiB)`,
      );
      assert(
        heap - heapBefore < 50,
        `main isolate live heap grew ${
          (heap - heapBefore).toFixed(0)
        } MiB after GC (bound: 50 MiB)`,
      );
      assert(
        warnings.length < 200,
        `warnings are logged once per kind, got ${warnings.length}:\n${
          [...new Set(warnings)].slice(0, 20).join("\n")
        }`,
      );
    } finally {
      console.warn = original.warn;
      console.error = original.error;
    }
  },
);

Deno.test(
  "hostile shapes: __proto__ keys, deep nesting, lone surrogates and huge arrays arrive as plain data",
  WINDOW_TEST,
  async () => {
    const seen: unknown[] = [];
    const commands = new Commands().command("take", { body: z.unknown() }, ({ body, headers }) => {
      seen.push(body);
      return {
        protoOfHeaders: Object.getPrototypeOf(headers) === Object.prototype,
        keys: Object.keys(body as object),
      };
    });
    await using app = new App({ commands });
    const win = await app.show("<p>x</p>", { width: 300, height: 200 });
    const r = await win.evalJs(
      `panes.invoke("take", JSON.parse('{"__proto__": {"admin": true}, "constructor": 1, "s": "\\\\ud800"}'), { headers: JSON.parse('{"__proto__": "x", "a": "b"}') })`,
    );
    assertEquals(r, { protoOfHeaders: true, keys: ["__proto__", "constructor", "s"] });
    const body = seen[0] as Record<string, unknown>;
    assertEquals((body as { admin?: unknown }).admin, undefined, "no prototype injection");
    assertEquals(body.s, "\ud800");
    const deep = await win.evalJs(
      `(() => { let v = 1; for (let i = 0; i < 5000; i++) v = [v]; return panes.invoke("take", v).then(() => "ok", (e) => e.code); })()`,
    );
    assertEquals(deep, "ok");
    const huge = await win.evalJs(
      `panes.invoke("take", new Array(1000000).fill(7)).then((r) => r.keys.length)`,
      { timeoutMs: 30_000 },
    );
    assertEquals(huge, 1000000);
  },
);
