import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

type Progress = { progress: number; progressTotal: number; total: number; transferSpeed: number };

/** A local server: takes uploads, serves a file, redirects, and counts requests per path. */
function startServer() {
  const hits = new Map<string, number>();
  const uploads: { method: string; length: string | null; body: Uint8Array }[] = [];
  const file = new Uint8Array(300_000).map((_, i) => (i * 7) % 256);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    switch (url.pathname) {
      case "/upload": {
        const body = new Uint8Array(await req.arrayBuffer());
        uploads.push({ method: req.method, length: req.headers.get("content-length"), body });
        return new Response(`got ${body.byteLength} from ${req.headers.get("x-who")}`);
      }
      case "/file":
        return new Response(file, { headers: { "content-length": String(file.byteLength) } });
      case "/posted":
        return new Response(`posted:${await req.text()}`);
      case "/redirect-in":
        return Response.redirect(`${url.origin}/file`, 302);
      case "/redirect-out":
        return Response.redirect(`${url.origin}/secret/file`, 302);
      case "/missing":
        return new Response("nothing here", { status: 404 });
      default:
        return new Response("secret");
    }
  });
  return { server, hits, uploads, file, origin: `http://127.0.0.1:${server.addr.port}` };
}

async function setup() {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "panes-upload-" }));
  await Deno.mkdir(`${dir}/in`);
  await Deno.mkdir(`${dir}/out`);
  return dir;
}

function newApp(origin: string, dir: string) {
  return new App({
    config: false,
    plugins: ["upload"],
    capabilities: [{
      identifier: "up",
      windows: ["main"],
      permissions: [{
        identifier: "upload:default",
        allow: [{ url: `${origin}/*` }, { path: `${dir}/in/**` }],
        deny: [{ url: `${origin}/secret/*` }],
      }],
    }],
  });
}

Deno.test(
  "upload: the guest package uploads a file and downloads one, with Tauri's progress events",
  WINDOW_TEST,
  async () => {
    const { server, uploads, file, origin } = startServer();
    const dir = await setup();
    try {
      const data = new Uint8Array(200_000).map((_, i) => i % 253);
      await Deno.writeFile(`${dir}/in/up.bin`, data);
      await using app = newApp(origin, dir);
      const win = await app.show(`${await guestScriptTag()}<p>upload</p>`, {
        label: "main",
        width: 200,
        height: 120,
      });
      const o = JSON.stringify(origin), d = JSON.stringify(dir);
      const up = await win.evalJs<Result>(call(`
        const events = [];
        const text = await tauriGuest.upload.upload(${o} + "/upload", ${d} + "/in/up.bin",
          (p) => events.push(p), { "x-who": "page" }, "PUT");
        return { text, events };
      `));
      assert(up.ok, JSON.stringify(up));
      const { text, events } = up.v as { text: string; events: Progress[] };
      assertEquals(text, `got ${data.byteLength} from page`);
      assertEquals(uploads.length, 1);
      assertEquals(uploads[0].method, "PUT");
      // Sent with its length, as Tauri's (not chunked).
      assertEquals(uploads[0].length, String(data.byteLength));
      assertEquals(uploads[0].body, data);
      assert(events.length >= 1);
      assertEquals(events.reduce((s, e) => s + e.progress, 0), data.byteLength);
      assertEquals(events.at(-1)!.progressTotal, data.byteLength);
      assertEquals(events.at(-1)!.total, data.byteLength);

      const down = await win.evalJs<Result>(call(`
        const events = [];
        await tauriGuest.upload.download(${o} + "/redirect-in", ${d} + "/in/down.bin",
          (p) => events.push(p));
        return events;
      `));
      assert(down.ok, JSON.stringify(down));
      const dev = down.v as Progress[];
      assertEquals(await Deno.readFile(`${dir}/in/down.bin`), file);
      assertEquals(dev.at(-1)!.progressTotal, file.byteLength);
      assertEquals(dev.at(-1)!.total, file.byteLength);
      assert(dev.every((e) => e.transferSpeed >= 0));
      // With a body, the download is a POST; an existing file is replaced.
      const posted = await win.evalJs<Result>(call(`
        await tauriGuest.upload.download(${o} + "/posted", ${d} + "/in/down.bin", undefined,
          undefined, "abc");
      `));
      assert(posted.ok, JSON.stringify(posted));
      assertEquals(await Deno.readTextFile(`${dir}/in/down.bin`), "posted:abc");
      // A failed request (404) is an error, and leaves the file as it was.
      const missing = await win.evalJs<Result>(call(`
        await tauriGuest.upload.download(${o} + "/missing", ${d} + "/in/down.bin");
      `));
      assertRejectsWithString(missing, /status code 404: nothing here/);
      assertEquals(await Deno.readTextFile(`${dir}/in/down.bin`), "posted:abc");
      // A file that is not there: a clear error, nothing sent.
      const absent = await win.evalJs<Result>(call(`
        await tauriGuest.upload.upload(${o} + "/upload", ${d} + "/in/none.bin");
      `));
      assertRejectsWithString(absent, /none\.bin/);
      assertEquals(uploads.length, 1);
    } finally {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "upload: URLs and files outside the scopes are refused before anything is sent or written",
  WINDOW_TEST,
  async () => {
    const { server, hits, uploads, origin } = startServer();
    const dir = await setup();
    try {
      await Deno.writeTextFile(`${dir}/out/private.txt`, "private");
      await Deno.writeTextFile(`${dir}/in/public.txt`, "public");
      await Deno.writeTextFile(`${dir}/out/target.txt`, "keep me");
      await Deno.symlink(`${dir}/out/target.txt`, `${dir}/in/link.txt`);
      await using app = newApp(origin, dir);
      const win = await app.show(`${await guestScriptTag()}<p>upload</p>`, {
        label: "main",
        width: 200,
        height: 120,
      });
      const o = JSON.stringify(origin), d = JSON.stringify(dir);
      const refused = {
        uploadOutsideFile:
          `await tauriGuest.upload.upload(${o} + "/upload", ${d} + "/out/private.txt")`,
        uploadDotDot:
          `await tauriGuest.upload.upload(${o} + "/upload", ${d} + "/in/../out/private.txt")`,
        uploadDeniedUrl:
          `await tauriGuest.upload.upload(${o} + "/secret/x", ${d} + "/in/public.txt")`,
        downloadOutsideFile:
          `await tauriGuest.upload.download(${o} + "/file", ${d} + "/out/new.bin")`,
        downloadThroughLink:
          `await tauriGuest.upload.download(${o} + "/file", ${d} + "/in/link.txt")`,
        downloadDeniedUrl:
          `await tauriGuest.upload.download(${o} + "/secret/file", ${d} + "/in/s.bin")`,
        downloadOtherHost:
          `await tauriGuest.upload.download("http://localhost:1/file", ${d} + "/in/s.bin")`,
        redirectOut: `await tauriGuest.upload.download(${o} + "/redirect-out", ${d} + "/in/r.bin")`,
      };
      for (const [what, js] of Object.entries(refused)) {
        const r = await win.evalJs<Result>(call(js));
        assertRejectsWithString(r, /"upload:allow-(upload|download)"/, what);
      }
      assertEquals(uploads.length, 0, "a refused upload reached the server");
      assertEquals([...hits], [["/redirect-out", 1]], "a refused URL was requested");
      assertEquals(await Deno.readTextFile(`${dir}/out/target.txt`), "keep me");
      assertEquals((await Array.fromAsync(Deno.readDir(`${dir}/out`))).length, 2);
      assertEquals(
        (await Array.fromAsync(Deno.readDir(`${dir}/in`))).map((e) => e.name).sort(),
        ["link.txt", "public.txt"],
      );
      // Another window has no grant at all.
      const other = await app.show(`${await guestScriptTag()}<p>other</p>`, {
        label: "other",
        width: 200,
        height: 120,
      });
      const r = await other.evalJs<Result>(
        call(`await tauriGuest.upload.upload(${o} + "/upload", ${d} + "/in/public.txt")`),
      );
      assertRejectsWithString(
        r,
        'upload.upload not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: up, permission: allow-upload',
      );
      assertEquals(uploads.length, 0);
      // Positive controls: the same calls with a file and a URL in scope.
      const ok = await win.evalJs<Result>(call(`
        const t = await tauriGuest.upload.upload(${o} + "/upload", ${d} + "/in/public.txt");
        await tauriGuest.upload.download(${o} + "/file", ${d} + "/in/new.bin");
        return t;
      `));
      assertEquals(ok, { ok: true, v: "got 6 from null" });
      assertEquals(new TextDecoder().decode(uploads[0].body), "public");
      assertEquals((await Deno.stat(`${dir}/in/new.bin`)).size, 300_000);
    } finally {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
);
