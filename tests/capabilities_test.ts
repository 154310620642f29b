import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertThrows,
} from "./support/assert.ts";
import { App, Commands } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { z } from "zod";

const small = { width: 240, height: 160 };
type Outcome = { ok: true; v: unknown } | {
  ok: false;
  code: string;
  message: string;
  permission?: string;
};
const inv = (cmd: string, body: unknown = {}) =>
  `panes.invoke(${JSON.stringify(cmd)}, ${
    JSON.stringify(body)
  }).then((v) => ({ ok: true, v }), (e) => ({ ok: false, code: e.code, message: e.message, permission: e.data?.permission }))`;

Deno.test("capabilities: bad lists fail at construction with the closest valid name", () => {
  assertThrows(
    () => new App({ config: false, plugins: ["fs"], capabilities: ["clipboard-manager:default"] }),
    TypeError,
    'names plugin "clipboard-manager", which is not enabled',
  );
  assertThrows(() => new App({ config: false, plugins: ["fss"] }), TypeError, 'did you mean "fs"');
  assertThrows(() => new App({ config: false, plugins: ["fs", "fs"] }), TypeError, "listed twice");
  assertThrows(
    () =>
      new App({
        config: false,
        plugins: ["os"],
        capabilities: [{ identifier: "x", windowz: ["*"], permissions: [] } as never],
      }),
    TypeError,
    "windowz",
  );
});

Deno.test("capabilities: a built-in plugin's permissions and scopes are checked when the app starts", async () => {
  // Built-in plugins given by name load before the first window: show() rejects before opening one.
  const app = new App({ config: false, plugins: ["fs"], capabilities: ["fs:allow-read-txt-file"] });
  await assertRejects(
    () => app.show("<p>x</p>"),
    TypeError,
    'did you mean "fs:allow-read-text-file"',
  );
  await assertRejects(() => app.show("<p>x</p>"), TypeError, "fs:allow-read-text-file");
  await app.destroy();
  const scoped = new App({
    config: false,
    plugins: ["fs"],
    capabilities: [{
      identifier: "x",
      windows: ["*"],
      permissions: [{ identifier: "fs:allow-exists", allow: [{ pth: "/" }] }],
    }],
  });
  await assertRejects(
    () => scoped.show("<p>x</p>"),
    TypeError,
    'capability "x": scope of "fs:allow-exists"',
  );
  await scoped.destroy();
  // A plugin given as a definition is checked at construction, as before.
  const { BUILTIN_PLUGINS } = await import("../plugins.ts");
  const fs = await BUILTIN_PLUGINS.fs();
  assertThrows(
    () => new App({ config: false, plugins: [fs], capabilities: ["fs:allow-read-txt-file"] }),
    TypeError,
    'did you mean "fs:allow-read-text-file"',
  );
});

Deno.test(
  "capabilities: window label globs pick which windows get a permission",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      plugins: ["os"],
      capabilities: [{
        identifier: "editors",
        windows: ["editor-*"],
        permissions: ["os:allow-locale"],
      }],
    });
    const a = await app.show("<p>a</p>", { label: "editor-1", ...small });
    const b = await app.show("<p>b</p>", { label: "viewer", ...small });
    assertEquals((await a.evalJs<Outcome>(inv("plugin:os|locale"))).ok, true);
    const denied = await b.evalJs<Outcome>(inv("plugin:os|locale"));
    assertEquals(denied.ok, false);
    if (!denied.ok) {
      assertEquals(denied.code, "forbidden");
      assertEquals(denied.permission, "os:allow-locale");
    }
    // A plugin that is not enabled is an unknown command, not a silent no-op.
    const off = await a.evalJs<Outcome>(inv("plugin:fs|exists", { path: "/" }));
    assertEquals(off.ok ? "" : off.code, "unknown-command");
    assertMatch(off.ok ? "" : off.message, /plugin "fs" is not enabled/);
  },
);

Deno.test(
  "capabilities: an app-command list guards app commands; plugin:pytauri|pyfunc too",
  WINDOW_TEST,
  async () => {
    const ran: string[] = [];
    const commands = new Commands()
      .command("greet", { body: z.string() }, ({ body }) => (ran.push("greet"), `hi ${body}`))
      .command("wipe", {}, () => (ran.push("wipe"), "wiped"));
    await using app = new App({ config: false, commands, capabilities: ["app:allow-greet"] });
    const win = await app.show("<p>x</p>", small);
    assertEquals(await win.evalJs<Outcome>(inv("greet", "you")), { ok: true, v: "hi you" });
    const wipe = await win.evalJs<Outcome>(inv("wipe"));
    assertEquals(wipe.ok ? "" : wipe.permission, "app:allow-wipe");
    // pyInvoke is the Tauri path: the refusal is a plain string, as pytauri's rejections are.
    const py = await win.evalJs<{ ok: boolean; type?: string; text?: string }>(
      `__TAURI__.pytauri.pyInvoke("wipe", null).then(() => ({ ok: true }), (e) => ({ ok: false, type: typeof e, text: String(e) }))`,
    );
    assertEquals([py.ok, py.type], [false, "string"], JSON.stringify(py));
    assertMatch(py.text!, /missing permission "app:allow-wipe"/);
    assertEquals(ran, ["greet"]);
  },
);

Deno.test(
  "capabilities: a page that navigated to a remote origin reaches only what a capability names for that origin",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-cap-" });
    const ran: string[] = [];
    const commands = new Commands().command("secret", {}, () => (ran.push("secret"), "leaked"));
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () =>
        new Response("<p id=remote>remote page</p>", { headers: { "content-type": "text/html" } }),
    );
    const port = server.addr.port;
    try {
      await using app = new App({
        config: false,
        commands,
        plugins: ["fs", "os"],
        capabilities: [
          {
            identifier: "local",
            windows: ["*"],
            permissions: [{
              identifier: "fs:allow-write-text-file",
              allow: [{ path: `${dir}/**` }],
            }, "os:default"],
          },
          {
            identifier: "remote",
            windows: ["main"],
            remote: { urls: [`http://localhost:${port}/*`] },
            permissions: ["os:allow-locale"],
          },
        ],
      });
      const win = await app.show("<p>local</p>", { label: "main", ...small });
      const write = (name: string) =>
        `panes.invoke("plugin:fs|write_text_file", new TextEncoder().encode("x"), { headers: { path: encodeURIComponent(${
          JSON.stringify(dir)
        } + "/${name}") } }).then(() => ({ ok: true }), (e) => ({ ok: false, code: e.code, message: e.message, permission: e.data?.permission }))`;
      assertEquals(await win.evalJs<Outcome>(write("local.txt")), { ok: true } as Outcome);
      win.eval(`location.href = "http://localhost:${port}/"`);
      await waitFor(
        () => win.evalJs<boolean>("!!document.getElementById('remote')").catch(() => false),
        { what: "the remote page", timeout: 20_000 },
      );
      // Named origin: what its capability grants works, nothing else.
      assertEquals((await win.evalJs<Outcome>(inv("plugin:os|locale"))).ok, true);
      const w = await win.evalJs<Outcome>(write("remote.txt"));
      assertEquals(w.ok ? "" : w.code, "forbidden");
      assertMatch(
        w.ok ? "" : w.message,
        /remote origin http:\/\/localhost:\d+\): missing permission "fs:allow-write-text-file"/,
      );
      const platform = await win.evalJs<Outcome>(inv("plugin:os|platform"));
      assertEquals(platform.ok ? "" : platform.permission, "os:allow-platform");
      const s = await win.evalJs<Outcome>(inv("secret"));
      assertEquals(s.ok ? "" : s.code, "forbidden");
      // Another origin the capability does not name gets nothing at all.
      win.eval(`location.href = "http://127.0.0.1:${port}/"`);
      await waitFor(
        async () =>
          (await win.evalJs<string>("location.host").catch(() => "")).startsWith("127.0.0.1"),
        { what: "the other origin", timeout: 20_000 },
      );
      await waitFor(
        () => win.evalJs<boolean>("!!document.getElementById('remote')").catch(() => false),
        { what: "the remote page", timeout: 20_000 },
      );
      const l = await win.evalJs<Outcome>(inv("plugin:os|locale"));
      assertEquals(l.ok ? "" : l.code, "forbidden");
      assertEquals(ran, []);
      let exists = true;
      try {
        await Deno.stat(`${dir}/remote.txt`);
      } catch {
        exists = false;
      }
      assert(!exists, "the remote page wrote a file");
      assertEquals(await Deno.readTextFile(`${dir}/local.txt`), "x");
    } finally {
      await server.shutdown();
    }
  },
);
