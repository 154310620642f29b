import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";

type Result = { ok: boolean; v?: unknown; code?: string; message?: string; permission?: string };
const call = (js: string) =>
  `(async () => { try { return { ok: true, v: await (async () => { ${js} })() }; } catch (e) { return { ok: false, code: e.code, message: e.message ?? String(e), permission: e.data?.permission }; } })()`;

/** A local server that counts the requests per path. */
function startServer() {
  const hits = new Map<string, number>();
  const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    switch (url.pathname) {
      case "/json":
        return Response.json({ hello: "wörld", q: url.searchParams.get("q") }, {
          headers: { "x-test": "yes" },
        });
      case "/echo":
        return new Response(req.body, {
          status: 201,
          headers: {
            "x-method": req.method,
            "x-header": req.headers.get("x-custom") ?? "",
            "content-type": req.headers.get("content-type") ?? "",
          },
        });
      case "/big":
        return new Response(big);
      case "/redirect-ok":
        return Response.redirect(`${url.origin}/json?q=moved`, 302);
      case "/redirect-secret":
        return Response.redirect(`${url.origin}/secret/data`, 307);
      case "/slow":
        // Ends early when the client goes away (the page's abort reaches the host's request).
        await new Promise<void>((r) => {
          const t = setTimeout(r, 10_000);
          req.signal.addEventListener("abort", () => {
            clearTimeout(t);
            hits.set("aborted", 1);
            r();
          });
        });
        return new Response("late");
      case "/empty":
        return new Response(null, { status: 204 });
      default:
        return new Response("secret", { status: 200 });
    }
  });
  const origin = `http://127.0.0.1:${server.addr.port}`;
  return { server, hits, big, origin };
}

Deno.test(
  "http: Tauri's fetch reaches a local server in scope: JSON, POST body, headers, redirects, big bodies",
  WINDOW_TEST,
  async () => {
    const { server, hits, big, origin } = startServer();
    try {
      await using app = new App({
        config: false,
        plugins: ["http"],
        capabilities: [{
          identifier: "h",
          windows: ["main"],
          permissions: [{
            identifier: "http:default",
            allow: [{ url: `${origin}/*` }],
            deny: [{ url: `${origin}/secret/*` }],
          }],
        }],
      });
      const win = await app.show(`${await guestScriptTag()}<p>http</p>`, {
        label: "main",
        width: 200,
        height: 120,
      });
      const o = JSON.stringify(origin);
      assertEquals(
        await win.evalJs<Result>(call(`
          const r = await tauriGuest.http.fetch(${o} + "/json?q=1");
          return { status: r.status, ok: r.ok, type: r.headers.get("content-type"),
            x: r.headers.get("x-test"), url: r.url, body: await r.json() };
        `)),
        {
          ok: true,
          v: {
            status: 200,
            ok: true,
            type: "application/json",
            x: "yes",
            url: `${origin}/json?q=1`,
            body: { hello: "wörld", q: "1" },
          },
        },
      );
      assertEquals(
        await win.evalJs<Result>(call(`
          const r = await tauriGuest.http.fetch(${o} + "/echo", { method: "PUT",
            headers: { "x-custom": "abc", "content-type": "text/plain" }, body: "body ✓" });
          return { status: r.status, statusText: r.statusText, m: r.headers.get("x-method"),
            h: r.headers.get("x-header"), text: await r.text() };
        `)),
        {
          ok: true,
          v: { status: 201, statusText: "Created", m: "PUT", h: "abc", text: "body ✓" },
        },
      );
      // panes.http.fetch: the same commands without a bundler.
      assertEquals(
        await win.evalJs<Result>(call(`
          const r = await panes.http.fetch(${o} + "/redirect-ok");
          const e = await panes.http.fetch(${o} + "/empty");
          return { url: r.url, body: await r.json(), empty: e.status, emptyBody: e.body };
        `)),
        {
          ok: true,
          v: {
            url: `${origin}/json?q=moved`,
            body: { hello: "wörld", q: "moved" },
            empty: 204,
            emptyBody: null,
          },
        },
      );
      const sum = await win.evalJs<Result>(call(`
        const r = await tauriGuest.http.fetch(${o} + "/big");
        const b = new Uint8Array(await r.arrayBuffer());
        let s = 0; for (let i = 0; i < b.length; i++) s = (s + b[i] * (i % 7 + 1)) % 1000003;
        return [b.length, s];
      `));
      let s = 0;
      for (let i = 0; i < big.length; i++) s = (s + big[i] * (i % 7 + 1)) % 1000003;
      assertEquals(sum, { ok: true, v: [big.length, s] });

      // A redirect out of the scope is refused, and its target never requested.
      const redirected = await win.evalJs<Result>(
        call(`await tauriGuest.http.fetch(${o} + "/redirect-secret")`),
      );
      assertEquals(redirected.code, "forbidden", JSON.stringify(redirected));
      assertEquals(hits.get("/redirect-secret"), 1);
      assertEquals(hits.get("/secret/data"), undefined);
      // An abort cancels a request in flight.
      const aborted = await win.evalJs<Result>(call(`
        const c = new AbortController();
        setTimeout(() => c.abort(), 200);
        await tauriGuest.http.fetch(${o} + "/slow", { signal: c.signal });
      `));
      assertEquals(aborted.ok, false);
      assertMatch(String(aborted.message), /Request cancelled/);
      await waitFor(() => hits.get("aborted"), "the server to see the request aborted");
    } finally {
      await server.shutdown();
    }
  },
);

Deno.test(
  "http: URLs outside the scope, and windows without the grant, are forbidden and never requested",
  WINDOW_TEST,
  async () => {
    const { server, hits, origin } = startServer();
    try {
      await using app = new App({
        config: false,
        plugins: ["http"],
        capabilities: [{
          identifier: "h",
          windows: ["main"],
          permissions: [{
            identifier: "http:default",
            allow: [{ url: `${origin}/json` }],
            deny: [{ url: `${origin}/secret/*` }],
          }],
        }],
      });
      const win = await app.show(`${await guestScriptTag()}<p>http</p>`, {
        label: "main",
        width: 200,
        height: 120,
      });
      const o = JSON.stringify(origin);
      assertEquals(
        await win.evalJs<Result>(
          call(`return (await tauriGuest.http.fetch(${o} + "/json")).status`),
        ),
        { ok: true, v: 200 },
      );
      const denied = {
        outside: `await tauriGuest.http.fetch(${o} + "/echo", { method: "POST", body: "x" })`,
        denyEntry: `await tauriGuest.http.fetch(${o} + "/secret/data")`,
        dotdot: `await panes.http.fetch(${o} + "/secret/../secret/x")`,
        otherPort: `await tauriGuest.http.fetch("http://127.0.0.1:1/json")`,
      };
      for (const [what, js] of Object.entries(denied)) {
        const r = await win.evalJs<Result>(call(js));
        assertEquals(r.code, "forbidden", `${what}: ${JSON.stringify(r)}`);
        assertEquals(r.permission, "http:allow-fetch", what);
      }
      const file = await win.evalJs<Result>(call(`await panes.http.fetch("file:///etc/passwd")`));
      assertEquals(file.code, "invalid-url");
      const other = await app.show(`${await guestScriptTag()}<p>other</p>`, {
        label: "other",
        width: 200,
        height: 120,
      });
      const r = await other.evalJs<Result>(call(`await tauriGuest.http.fetch(${o} + "/json")`));
      assertEquals(r.code, "forbidden");
      assertMatch(r.message!, /missing permission "http:allow-fetch"/);
      assertEquals([...hits], [["/json", 1]], "a refused request reached the server");
    } finally {
      await server.shutdown();
    }
  },
);

Deno.test("http: a bad scope entry fails when the app is built", () => {
  let message = "";
  try {
    new App({
      config: false,
      plugins: ["http"],
      capabilities: [{
        identifier: "h",
        permissions: [{ identifier: "http:default", allow: [{ url: "http://[" }] }],
      }],
    });
  } catch (e) {
    message = String(e);
  }
  assert(/scope of "http:default".*URL pattern/.test(message), message);
});
