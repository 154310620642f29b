import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App, createUpdaterPlugin } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { newSigner } from "./support/minisign_sign.ts";
import { describe, runDeno } from "./support/child.ts";
import { parsePublicKey, verifyMinisign } from "../plugins/updater/minisign.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

const TARGET = `linux-${Deno.build.arch}`;

/**
 * A local update server: /latest.json announces 1.1.0 (static format) with a good signature,
 * /tampered.json the same signature over altered bytes, /other-key.json a signature by another
 * key, /none answers 204. Requests are counted per path.
 */
async function startServer(newBinary: Uint8Array<ArrayBuffer>) {
  const signer = await newSigner();
  const stranger = await newSigner();
  const tampered = newBinary.slice();
  tampered[tampered.length - 1] ^= 1;
  const good = await signer.sign(newBinary);
  const hits = new Map<string, number>();
  const manifest = (origin: string, file: string, signature: string) => ({
    version: "v1.1.0",
    notes: "Fixes things",
    pub_date: "2026-11-30T12:00:00Z",
    platforms: { [TARGET]: { url: `${origin}/${file}`, signature } },
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const origin = url.origin;
    switch (url.pathname) {
      case "/latest.json":
        return Response.json(manifest(origin, "app-1.1.0", good));
      case "/tampered.json":
        return Response.json(manifest(origin, "app-1.1.0-tampered", good));
      case "/other-key.json":
        return Response.json(manifest(origin, "app-1.1.0", await stranger.sign(newBinary)));
      case "/none":
        return new Response(null, { status: 204 });
      case "/app-1.1.0":
        return new Response(newBinary);
      case "/app-1.1.0-tampered":
        return new Response(tampered);
      default:
        return new Response("no", { status: 404 });
    }
  });
  return { server, hits, pubkey: signer.pubkey, origin: `http://127.0.0.1:${server.addr.port}` };
}

Deno.test("updater: the verifier accepts minisign's own test vector and refuses it altered", async () => {
  // The public example of minisign-verify (a legacy, non-prehashed "Ed" signature of "test").
  const key = parsePublicKey("RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3");
  const sig = "untrusted comment: signature from minisign secret key\n" +
    "RWQf6LRCGA9i59SLOFxz6NxvASXDJeRtuZykwQepbDEGt87ig1BNpWaVWuNrm73YiIiJbq71Wi+dP9eKL8OC351vwIasSSbXxwA=\n" +
    "trusted comment: timestamp:1555779966\tfile:test\n" +
    "QtKMXWyYcwdpZAlPF7tE2ENJkRd1ujvKjlj1m9RtHTBnZPa5WKU5uWRs5GoP5M/VqE81QFuMKI5k/SfNQUaOAA==";
  const enc = (s: string) => new TextEncoder().encode(s);
  assertEquals(await verifyMinisign(enc("test"), sig, key), "timestamp:1555779966\tfile:test");
  const refused = await verifyMinisign(enc("tesT"), sig, key).then(() => "verified", String);
  assertMatch(refused, /does not match/);
  // The trusted comment is signed too: changing it breaks the global signature.
  const moved = sig.replace("file:test", "file:evil");
  const comment = await verifyMinisign(enc("test"), moved, key).then(() => "verified", String);
  assertMatch(comment, /trusted comment/);
});

Deno.test(
  "updater: check, download with progress, signature verified, the binary replaced atomically; a tampered artifact replaces nothing",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-updater-" });
    const bin = `${dir}/app`;
    await Deno.writeTextFile(bin, "old version");
    await Deno.chmod(bin, 0o755);
    const newBinary = new Uint8Array(150_000).map((_, i) => (i * 31) % 256);
    const { server, hits, pubkey, origin } = await startServer(newBinary);
    try {
      const plugin = (endpoint: string) =>
        createUpdaterPlugin({
          endpoints: [`${origin}/${endpoint}`],
          pubkey,
          version: "1.0.0",
          dangerousInsecureTransportProtocol: true,
          installer: { kind: "binary", path: bin, relaunch: false },
        });
      {
        await using app = new App({
          config: false,
          plugins: [plugin("latest.json")],
          capabilities: ["updater:default"],
        });
        const win = await app.show(`${await guestScriptTag()}<p>updater</p>`, {
          width: 200,
          height: 120,
        });
        const checked = await win.evalJs<Result>(call(`
          const u = await tauriGuest.updater.check();
          window.u = u;
          return { available: u.available, current: u.currentVersion, version: u.version,
            date: u.date, body: u.body, url: u.rawJson.platforms[${JSON.stringify(TARGET)}].url };
        `));
        assertEquals(checked, {
          ok: true,
          v: {
            available: true,
            current: "1.0.0",
            version: "1.1.0",
            date: "2026-11-30T12:00:00Z",
            body: "Fixes things",
            url: `${origin}/app-1.1.0`,
          },
        });
        const events = await win.evalJs<Result>(call(`
          const ev = [];
          await window.u.download((e) => ev.push(e));
          return ev;
        `));
        assert(events.ok, JSON.stringify(events));
        const ev = events.v as { event: string; data?: Record<string, number> }[];
        assertEquals(ev[0], { event: "Started", data: { contentLength: newBinary.byteLength } });
        assertEquals(ev.at(-1), { event: "Finished" });
        const progress = ev.filter((e) => e.event === "Progress");
        assertEquals(
          progress.reduce((n, e) => n + e.data!.chunkLength, 0),
          newBinary.byteLength,
        );
        // Downloaded and verified, not yet installed: nothing replaced.
        assertEquals(await Deno.readTextFile(bin), "old version");
        assertEquals(
          await win.evalJs<Result>(
            call(`await window.u.install({ restartAfterInstall: false }); return "done"`),
          ),
          { ok: true, v: "done" },
        );
        assertEquals(await Deno.readFile(bin), newBinary);
        assertEquals((await Deno.stat(bin)).mode! & 0o777, 0o755);
        assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["app"]);
      }
      await Deno.writeTextFile(bin, "old version");
      for (
        const [endpoint, why] of [["tampered.json", /does not match/], [
          "other-key.json",
          /not the app's key/,
        ]] as const
      ) {
        await using app = new App({
          config: false,
          plugins: [plugin(endpoint)],
          capabilities: ["updater:default"],
        });
        const win = await app.show(`${await guestScriptTag()}<p>updater</p>`, {
          width: 200,
          height: 120,
        });
        const r = await win.evalJs<Result>(call(`
          const u = await tauriGuest.updater.check();
          await u.downloadAndInstall();
        `));
        assertRejectsWithString(r, why, endpoint);
        assertEquals(await Deno.readTextFile(bin), "old version", endpoint);
        assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["app"], endpoint);
      }
      assertEquals(hits.get("/app-1.1.0-tampered"), 1);
      // No newer version: null, nothing downloaded.
      {
        await using app = new App({
          config: false,
          plugins: [plugin("none")],
          capabilities: ["updater:default"],
        });
        const win = await app.show(`${await guestScriptTag()}<p>updater</p>`, {
          width: 200,
          height: 120,
        });
        assertEquals(
          await win.evalJs<Result>(call(`return await tauriGuest.updater.check()`)),
          { ok: true, v: null },
        );
      }
      // Enabled by name, without options: check says how to configure it.
      {
        await using app = new App({
          config: false,
          plugins: ["updater"],
          capabilities: ["updater:default"],
        });
        const win = await app.show(`${await guestScriptTag()}<p>updater</p>`, {
          width: 200,
          height: 120,
        });
        const r = await win.evalJs<Result>(call(`await tauriGuest.updater.check()`));
        assertRejectsWithString(r, /createUpdaterPlugin/);
      }
    } finally {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "updater: without the grant nothing is checked; with install denied nothing is replaced (positive control: a window with the grant)",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-updater-" });
    const bin = `${dir}/app`;
    await Deno.writeTextFile(bin, "old version");
    const newBinary = new Uint8Array(1000).map((_, i) => i % 256);
    const { server, hits, pubkey, origin } = await startServer(newBinary);
    try {
      await using app = new App({
        config: false,
        plugins: [createUpdaterPlugin({
          endpoints: [`${origin}/latest.json`],
          pubkey,
          version: "1.0.0",
          dangerousInsecureTransportProtocol: true,
          installer: { kind: "binary", path: bin, relaunch: false },
        })],
        capabilities: [
          {
            identifier: "no-install",
            windows: ["main"],
            permissions: [
              "updater:default",
              "updater:deny-install",
              "updater:deny-download-and-install",
            ],
          },
          { identifier: "admin", windows: ["admin"], permissions: ["updater:default"] },
        ],
      });
      const page = `${await guestScriptTag()}<p>updater</p>`;
      const none = await app.show(page, { label: "none", width: 200, height: 120 });
      const r = await none.evalJs<Result>(call(`await tauriGuest.updater.check()`));
      assertRejectsWithString(
        r,
        'updater.check not allowed on window "none", webview "none", URL: local\n\nallowed on: [windows: "admin", URL: local], [windows: "main", URL: local]\n\nreferenced by: capability: admin, permission: allow-check || capability: no-install, permission: allow-check',
      );
      assertEquals(hits.size, 0, "a refused check reached the server");

      const main = await app.show(page, { label: "main", width: 200, height: 120 });
      const denied = await main.evalJs<Result>(call(`
        const u = await tauriGuest.updater.check();
        await u.download();
        window.u = u;
        await u.install({ restartAfterInstall: false });
      `));
      assertRejectsWithString(
        denied,
        "updater.install explicitly denied on origin local\n\nreferenced by: capability: no-install, permission: deny-install",
      );
      const both = await main.evalJs<Result>(call(`await window.u.downloadAndInstall()`));
      assertRejectsWithString(
        both,
        "updater.download_and_install explicitly denied on origin local\n\nreferenced by: capability: no-install, permission: deny-download-and-install",
      );
      assertEquals(await Deno.readTextFile(bin), "old version");

      const admin = await app.show(page, { label: "admin", width: 200, height: 120 });
      const ok = await admin.evalJs<Result>(call(`
        const u = await tauriGuest.updater.check();
        await u.downloadAndInstall(undefined, { restartAfterInstall: false });
        return u.version;
      `));
      assertEquals(ok, { ok: true, v: "1.1.0" });
      assertEquals(await Deno.readFile(bin), newBinary);
    } finally {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "updater: a script app is told how to update; a compiled-style app is replaced and relaunched",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-updater-" });
    const marker = `${dir}/relaunched`;
    // The "new version" is a program that records how it was started.
    const script = `#!/bin/sh\necho "relaunched $*" > ${marker}\n`;
    const newBinary = new TextEncoder().encode(script);
    const { server, pubkey, origin } = await startServer(newBinary);
    try {
      {
        await using app = new App({
          config: false,
          plugins: [createUpdaterPlugin({
            endpoints: [`${origin}/latest.json`],
            pubkey,
            version: "1.0.0",
            dangerousInsecureTransportProtocol: true,
            installer: {
              kind: "script",
              howToUpdate: "run deno install -gf jsr:@me/app@{version}",
            },
          })],
          capabilities: ["updater:default"],
        });
        const win = await app.show(`${await guestScriptTag()}<p>updater</p>`, {
          width: 200,
          height: 120,
        });
        const r = await win.evalJs<Result>(call(`
          const u = await tauriGuest.updater.check();
          await u.downloadAndInstall();
        `));
        assertRejectsWithString(
          r,
          /runs from source.*1\.1\.0.*deno install -gf jsr:@me\/app@1\.1\.0/,
        );
      }
      const bin = `${dir}/app`;
      await Deno.writeTextFile(bin, "#!/bin/sh\nexit 9\n");
      await Deno.chmod(bin, 0o755);
      const child = await runDeno(
        ["run", "-A", "tests/support/updater_child.ts", "--from-test"],
        {
          env: {
            PANES_TEST_ENDPOINT: `${origin}/latest.json`,
            PANES_TEST_PUBKEY: pubkey,
            PANES_TEST_BIN: bin,
            DISPLAY: Deno.env.get("DISPLAY") ?? "",
          },
          timeoutMs: 90_000,
        },
      );
      assertEquals(child.code, 0, describe(child));
      assertMatch(child.stdout, /installed 1\.1\.0/);
      assertEquals(await Deno.readTextFile(bin), script);
      await waitFor(
        () => Deno.readTextFile(marker).catch(() => ""),
        { what: "the relaunched new version" },
      );
      assertEquals(await Deno.readTextFile(marker), "relaunched --from-test\n");
    } finally {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("updater: bad options fail when the plugin is made", async () => {
  const { pubkey } = await newSigner();
  const bad = (o: Partial<Parameters<typeof createUpdaterPlugin>[0]>) => {
    try {
      createUpdaterPlugin({ endpoints: ["https://x.example/u"], pubkey, version: "1.0.0", ...o });
      return "made";
    } catch (e) {
      return (e as Error).message;
    }
  };
  assertMatch(
    bad({ endpoints: ["http://x.example/u"] }),
    /only https.*dangerousInsecureTransportProtocol/,
  );
  assertMatch(bad({ endpoints: ["nope"] }), /not a URL/);
  assertMatch(bad({ pubkey: "aGVsbG8=" }), /pubkey/);
  assertMatch(bad({ version: "one" }), /not a semantic version/);
  assertEquals(bad({}), "made");
});
