import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

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
      assertRejectsWithString(
        redirected,
        /^url http:\/\/.*\/secret\/data is denied by the http scope/,
      );
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
      await waitFor(() => hits.get("aborted"), { what: "the server to see the request aborted" });
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
        assertRejectsWithString(r, /"http:allow-fetch"/, what);
      }
      const file = await win.evalJs<Result>(call(`await panes.http.fetch("file:///etc/passwd")`));
      assertRejectsWithString(file, /file:\/\/\/etc\/passwd/);
      const other = await app.show(`${await guestScriptTag()}<p>other</p>`, {
        label: "other",
        width: 200,
        height: 120,
      });
      const r = await other.evalJs<Result>(call(`await tauriGuest.http.fetch(${o} + "/json")`));
      assertRejectsWithString(
        r,
        'http.fetch not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: h, permission: allow-fetch',
      );
      assertEquals([...hits], [["/json", 1]], "a refused request reached the server");
    } finally {
      await server.shutdown();
    }
  },
);

Deno.test("http: a bad scope entry fails when the app starts, before a window", async () => {
  // Built-in plugins given by name load at the first show(), and their scopes are checked then.
  const app = new App({
    config: false,
    plugins: ["http"],
    capabilities: [{
      identifier: "h",
      permissions: [{ identifier: "http:default", allow: [{ url: "http://[" }] }],
    }],
  });
  let message = "";
  try {
    await app.show("<p>x</p>");
  } catch (e) {
    message = String(e);
  } finally {
    await app.destroy();
  }
  assert(/scope of "http:default".*URL pattern/.test(message), message);
});

Deno.test(
  "http: deny entries match the decoded, normalised path; an encoded / under a denied prefix is refused",
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
            allow: [{ url: "http://127.0.0.1:*/*" }],
            deny: [{ url: "http://127.0.0.1:*/admin*" }, { url: "http://127.0.0.1:*/secret/*" }],
          }],
        }],
      });
      const win = await app.show(`${await guestScriptTag()}<p>http</p>`, {
        label: "main",
        width: 200,
        height: 120,
      });
      const fetchPath = (path: string) =>
        win.evalJs<Result>(call(`
          const r = await tauriGuest.http.fetch(${JSON.stringify(origin + path)});
          return [r.status, await r.text()];
        `));
      const variants = [
        "/admin",
        "/%61dmin",
        "/%61%64%6D%69%6E/users",
        "//admin",
        "///admin",
        "/./admin",
        "/x/../admin",
        "/x/%2e%2E/admin",
        "/public/..%2Fadmin",
        "/public%2F..%2Fadmin",
        "/secret%2Fdata",
        "/secret%5Cdata",
        "/%73ecret/data",
      ];
      for (const path of variants) {
        const r = await fetchPath(path);
        assertRejectsWithString(r, /is denied by the http scope \("http:allow-fetch"\)$/, path);
      }
      // Positive control: the same fetch of paths the deny entries do not cover.
      assertEquals(await fetchPath("/public"), { ok: true, v: [200, "secret"] });
      assertEquals(await fetchPath("/public%2Fok"), { ok: true, v: [200, "secret"] });
      assertEquals(await fetchPath("/%7Euser/admin"), { ok: true, v: [200, "secret"] });
      assertEquals(
        [...hits.keys()].sort(),
        ["/%7Euser/admin", "/public", "/public%2Fok"],
        "a refused request reached the server",
      );
    } finally {
      await server.shutdown();
    }
  },
);

Deno.test(
  "http: response bodies belong to the page that fetched: another window and a reloaded page get bad-resource; the body is closed",
  WINDOW_TEST,
  async () => {
    const { server, origin } = startServer();
    let cancelled = false;
    // A body that sends one chunk, then waits: its cancel shows the host closed the resource.
    const streaming = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () =>
        new Response(
          new ReadableStream({
            start: (c) => c.enqueue(new TextEncoder().encode("first chunk")),
            cancel: () => void (cancelled = true),
          }),
        ),
    );
    const streamUrl = `http://127.0.0.1:${streaming.addr.port}/stream`;
    try {
      await using app = new App({
        config: false,
        plugins: ["http"],
        capabilities: [
          {
            identifier: "a",
            windows: ["a"],
            permissions: [{
              identifier: "http:default",
              allow: [{ url: `${origin}/*` }, { url: streamUrl }],
            }],
          },
          // B may call every http command but fetch nothing itself.
          { identifier: "b", windows: ["b"], permissions: ["http:default"] },
        ],
      });
      const tag = await guestScriptTag();
      const a = await app.show(`${tag}<p>a</p>`, { label: "a", width: 200, height: 120 });
      const b = await app.show(`${tag}<p>b</p>`, { label: "b", width: 200, height: 120 });
      const invoke = (cmd: string, args: unknown) =>
        call(
          `return await window.__TAURI_INTERNALS__.invoke(${JSON.stringify(cmd)}, ${
            JSON.stringify(args)
          })`,
        );
      const readBody = (rid: number) =>
        call(`
          const buf = await window.__TAURI_INTERNALS__.invoke("plugin:http|fetch_read_body", { rid: ${rid} });
          return new TextDecoder().decode(new Uint8Array(buf).slice(0, -1));
        `);
      const sent = await a.evalJs<Result>(call(`
        const invoke = window.__TAURI_INTERNALS__.invoke;
        const rid = await invoke("plugin:http|fetch", { clientConfig: {
          method: "GET", url: ${JSON.stringify(streamUrl)}, headers: [] } });
        return (await invoke("plugin:http|fetch_send", { rid })).rid;
      `));
      assert(sent.ok, JSON.stringify(sent));
      const rid = sent.v as number;
      // B's own fetch is forbidden; A's body id answers B as an unknown id would.
      const own = await b.evalJs<Result>(
        call(`await tauriGuest.http.fetch(${JSON.stringify(streamUrl)})`),
      );
      assertRejectsWithString(
        own,
        /^url .* is outside the http scope granted to "http:allow-fetch"/,
      );
      const unknownRid = 987654;
      const unknownAnswer = await b.evalJs<Result>(readBody(unknownRid));
      assertRejectsWithString(unknownAnswer, /resource id 987654$/);
      const foreign = {
        read: await b.evalJs<Result>(readBody(rid)),
        cancel: await b.evalJs<Result>(invoke("plugin:http|fetch_cancel_body", { rid })),
        close: await b.evalJs<Result>(invoke("plugin:resources|close", { rid })),
      };
      for (const [what, r] of Object.entries(foreign)) {
        assertRejectsWithString(r, /resource id \d+$/, what);
      }
      assertEquals(
        foreign.read.message,
        unknownAnswer.message!.replace(String(unknownRid), String(rid)),
      );
      assertEquals(cancelled, false, "B's calls closed A's body");
      // Positive control: A reads its own body.
      assertEquals(await a.evalJs<Result>(readBody(rid)), { ok: true, v: "first chunk" });
      // A's page reloads: the body is closed (the server sees the cancel), the old id is gone.
      await a.reload();
      await waitFor(() => cancelled, { what: "the reloaded page's response body to be closed" });
      const stale = await a.evalJs<Result>(readBody(rid));
      assertRejectsWithString(stale, /resource id \d+$/);
      assertEquals(stale.message, foreign.read.message);
      // Positive control: the new page fetches as before.
      assertEquals(
        await a.evalJs<Result>(
          call(`return (await tauriGuest.http.fetch(${JSON.stringify(origin + "/json")})).status`),
        ),
        { ok: true, v: 200 },
      );
    } finally {
      await server.shutdown();
      await streaming.shutdown();
    }
  },
);
