// Errors on the Tauri path (`__TAURI_INTERNALS__.invoke`, which Tauri's guest packages call) are
// plain strings, as Tauri's: a capability refusal in Tauri's words, a plugin's or a command's
// error as its message. `panes.invoke` keeps its Error { message, code, data } for the same call.
import { assert, assertEquals } from "./support/assert.ts";
import { App, Commands, InvokeError } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { CapabilityGuard } from "../router/capabilities.ts";
import { fsPlugin } from "../plugins/fs/mod.ts";

const dataHome = await Deno.makeTempDir({ prefix: "panes-tauri-err-data-" });
Deno.env.set("XDG_DATA_HOME", dataHome);
const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "panes-tauri-err-" }));
await Deno.mkdir(`${root}/notes`);
await Deno.writeTextFile(`${root}/notes/hello.txt`, "hello from disk");
await Deno.writeTextFile(`${root}/outside.txt`, "not yours");

/**
 * Runs `js` (an async function body) in the page. A rejection comes back as data: a plain
 * string as `{ string: true, text }`; anything else with its kind, message, code and permission.
 */
const attempt = (js: string) =>
  `(async () => {
    try { return { ok: true, v: await (async () => { ${js} })() }; }
    catch (e) {
      if (typeof e === "string") return { ok: false, string: true, text: e };
      return { ok: false, string: false, isError: e instanceof Error, text: e?.message,
               code: e?.code, permission: e?.data?.permission, data: e?.data ?? null };
    }
  })()`;

type Outcome = {
  ok: boolean;
  v?: unknown;
  string?: boolean;
  isError?: boolean;
  text?: string;
  code?: string;
  permission?: string;
  data?: unknown;
};

async function page(app: App, label: string) {
  return await app.show(`${await guestScriptTag()}<p>${label}</p>`, {
    label,
    width: 240,
    height: 160,
  });
}

const j = JSON.stringify;

/** What `attempt` gives for a rejection with the plain string `text`. */
const refused = (text: string | undefined): Outcome => ({ ok: false, string: true, text });

Deno.test(
  "fs: readTextFile outside its scope rejects with the message string; panes.invoke keeps the Error",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      identifier: "dev.panes.test-tauri-err-fs",
      plugins: ["fs"],
      capabilities: [{
        identifier: "notes",
        windows: ["main"],
        permissions: [{
          identifier: "fs:allow-read-text-file",
          allow: [{ path: `${root}/notes/**` }],
        }],
      }],
    });
    const win = await page(app, "main");
    const run = (js: string) => win.evalJs<Outcome>(attempt(js), { timeoutMs: 20_000 });
    // Positive control: the same call inside the scope reads the file.
    assertEquals(
      await run(`return await tauriGuest.fs.readTextFile(${j(`${root}/notes/hello.txt`)})`),
      { ok: true, v: "hello from disk" },
    );
    const words =
      `path ${root}/outside.txt is outside the fs scope granted to "fs:allow-read-text-file" (add it to that permission's allow list)`;
    const outside = await run(
      `return await tauriGuest.fs.readTextFile(${j(`${root}/outside.txt`)})`,
    );
    assertEquals(outside, refused(words));
    // panes.invoke, the same refused call: its documented Error, code and permission.
    const viaPanes = await run(
      `return await panes.invoke("plugin:fs|read_text_file", { path: ${
        j(`${root}/outside.txt`)
      } })`,
    );
    assertEquals(viaPanes, {
      ok: false,
      string: false,
      isError: true,
      text: words,
      code: "forbidden",
      permission: "fs:allow-read-text-file",
      data: { permission: "fs:allow-read-text-file" },
    });
    // A command error (a file that is not there, inside the scope): the message as a string too.
    const missing = `${root}/notes/missing.txt`;
    const failed = await run(`return await tauriGuest.fs.readTextFile(${j(missing)})`);
    const failedPanes = await run(
      `return await panes.invoke("plugin:fs|read_text_file", { path: ${j(missing)} })`,
    );
    assert(
      failedPanes.isError && failedPanes.code && failedPanes.code !== "forbidden",
      j(failedPanes),
    );
    assert(failedPanes.text?.includes(missing), j(failedPanes));
    assertEquals(failed, refused(failedPanes.text));
  },
);

Deno.test(
  "fs: a command without a grant, and one a capability denies, reject with Tauri's words",
  WINDOW_TEST,
  async () => {
    await Deno.writeTextFile(`${root}/notes/doomed.txt`, "x");
    await using app = new App({
      config: false,
      identifier: "dev.panes.test-tauri-err-acl",
      plugins: ["fs"],
      capabilities: [
        {
          identifier: "writer",
          windows: ["writer"],
          permissions: [
            { identifier: "fs:allow-remove", allow: [{ path: `${root}/notes/**` }] },
            { identifier: "fs:allow-read-text-file", allow: [{ path: `${root}/notes/**` }] },
          ],
        },
        {
          identifier: "no-reading",
          windows: ["main"],
          permissions: ["fs:deny-read-text-file"],
        },
      ],
    });
    const main = await page(app, "main");
    const writer = await page(app, "writer");
    const inMain = (js: string) => main.evalJs<Outcome>(attempt(js), { timeoutMs: 20_000 });
    const inWriter = (js: string) => writer.evalJs<Outcome>(attempt(js), { timeoutMs: 20_000 });
    const doomed = j(`${root}/notes/doomed.txt`);
    // No grant in "main", one in "writer": Tauri's words, naming where the command is allowed.
    assertEquals(
      await inMain(`return await tauriGuest.fs.remove(${doomed})`),
      refused(
        'fs.remove not allowed on window "main", webview "main", URL: local\n\nallowed on: [windows: "writer", URL: local]\n\nreferenced by: capability: writer, permission: allow-remove',
      ),
    );
    assert((await Deno.stat(`${root}/notes/doomed.txt`)).isFile, "nothing was removed");
    const viaPanes = await inMain(
      `return await panes.invoke("plugin:fs|remove", { path: ${doomed} })`,
    );
    assertEquals(viaPanes.isError, true, j(viaPanes));
    assertEquals(viaPanes.code, "forbidden");
    assertEquals(viaPanes.permission, "fs:allow-remove");
    assertEquals(
      viaPanes.text,
      'plugin:fs|remove is not allowed for window "main": missing permission "fs:allow-remove"',
    );
    // Positive control: the window the capability names removes the file.
    assertEquals(await inWriter(`return await tauriGuest.fs.remove(${doomed})`), {
      ok: true,
      v: undefined,
    });
    let gone = false;
    await Deno.stat(`${root}/notes/doomed.txt`).catch(() => gone = true);
    assert(gone, "the granted window removed the file");
    // An explicit deny: Tauri's words say where it came from.
    const hello = j(`${root}/notes/hello.txt`);
    assertEquals(
      await inMain(`return await tauriGuest.fs.readTextFile(${hello})`),
      refused(
        "fs.read_text_file explicitly denied on origin local\n\nreferenced by: capability: no-reading, permission: deny-read-text-file",
      ),
    );
    const deniedPanes = await inMain(
      `return await panes.invoke("plugin:fs|read_text_file", { path: ${hello} })`,
    );
    assertEquals([deniedPanes.isError, deniedPanes.code, deniedPanes.permission], [
      true,
      "forbidden",
      "fs:allow-read-text-file",
    ]);
    assertEquals(
      deniedPanes.text,
      'plugin:fs|read_text_file is denied for window "main" by capability "no-reading"',
    );
    assertEquals(await inWriter(`return await tauriGuest.fs.readTextFile(${hello})`), {
      ok: true,
      v: "hello from disk",
    });
  },
);

Deno.test(
  "store: without a grant, load rejects with Tauri's words; granted, it loads",
  WINDOW_TEST,
  async () => {
    // store:default for one window only: the other holds no store permission at all.
    const granted = { identifier: "s", windows: ["granted"], permissions: ["store:default"] };
    await using app = new App({
      config: false,
      identifier: "dev.panes.test-tauri-err-store",
      plugins: ["store"],
      capabilities: [granted],
    });
    const plain = await page(app, "plain");
    const grantedPage = await page(app, "granted");
    const load = `const s = await tauriGuest.store.load("settings.json", { autoSave: false });
      await s.set("lang", "fr"); return await s.get("lang");`;
    // Positive control: the window the capability names loads and uses its store.
    assertEquals(await grantedPage.evalJs<Outcome>(attempt(load), { timeoutMs: 20_000 }), {
      ok: true,
      v: "fr",
    });
    assertEquals(
      await plain.evalJs<Outcome>(attempt(load), { timeoutMs: 20_000 }),
      // Granted to another window: Tauri says where, and by what.
      refused(
        'store.load not allowed on window "plain", webview "plain", URL: local\n\nallowed on: [windows: "granted", URL: local]\n\nreferenced by: capability: s, permission: allow-load',
      ),
    );
    const viaPanes = await plain.evalJs<Outcome>(
      attempt(`return await panes.invoke("plugin:store|load", { path: "settings.json" })`),
    );
    assertEquals([viaPanes.isError, viaPanes.code, viaPanes.permission], [
      true,
      "forbidden",
      "store:allow-load",
    ]);
    assertEquals(
      viaPanes.text,
      'plugin:store|load is not allowed for window "plain": missing permission "store:allow-load"',
    );
  },
);

Deno.test(
  "app commands: @tauri-apps/api/core's invoke and pyInvoke reject with the error's message; panes.invoke keeps code and data",
  WINDOW_TEST,
  async () => {
    const commands = new Commands()
      .command("greet", {}, () => "hello")
      .command("risky", {}, () => {
        throw new InvokeError("Something went wrong!", { retry: false }, "flaky");
      });
    await using app = new App({ config: false, commands });
    const win = await page(app, "main");
    const run = (js: string) => win.evalJs<Outcome>(attempt(js), { timeoutMs: 20_000 });
    // Positive control: the same path answers a command that succeeds.
    assertEquals(await run(`return await tauriGuest.core.invoke("greet")`), {
      ok: true,
      v: "hello",
    });
    const text = "Something went wrong!";
    assertEquals(await run(`return await tauriGuest.core.invoke("risky")`), {
      ok: false,
      string: true,
      text,
    });
    assertEquals(await run(`return await __TAURI__.pytauri.pyInvoke("risky")`), {
      ok: false,
      string: true,
      text,
    });
    assertEquals(await run(`return await panes.invoke("risky")`), {
      ok: false,
      string: false,
      isError: true,
      text,
      code: "flaky",
      permission: undefined,
      data: { retry: false },
    });
    // Errors raised in the page itself are not the host's: they stay Errors on every path.
    const local = await run(`return await tauriGuest.core.invoke("greet", { n: 1n })`);
    assertEquals([local.ok, local.string, local.isError], [false, false, true]);
  },
);

Deno.test("Tauri's words for plugin refusals: every permission that allows the command; who denied it", () => {
  const plugins = new Map([["fs", fsPlugin]]);
  const guard = new CapabilityGuard([
    { identifier: "a", windows: ["main"], permissions: ["fs:deny-read-text-file"] },
    { identifier: "b", windows: ["main"], permissions: ["fs:deny-read-text-file"] },
    {
      identifier: "web",
      windows: ["web"],
      remote: { urls: ["https://example.test/*"] },
      permissions: ["fs:default"],
    },
  ], plugins);
  const words = (label: string, url: string, cmd: string) => {
    const d = guard.checkPlugin(label, url, "fs", cmd);
    return d.ok ? "allowed" : d.tauri;
  };
  // Granted to another window (web's fs:default holds read_text_file through read-all; a
  // capability naming remote URLs holds for local content as well, unless it says local: false):
  // where it is allowed, and by what, as Tauri says it.
  assertEquals(
    words("other", "panes://app/", "read_text_file"),
    'fs.read_text_file not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "web", URL: local], [windows: "web", URL: https://example.test/*]\n\nreferenced by: capability: web, permission: read-all || capability: web, permission: read-all',
  );
  // Granted nowhere: sets are listed when they hold the command (default and
  // allow-app-read-recursive, through read-all), sorted with the permissions that allow it.
  assertEquals(
    words("other", "panes://app/", "copy_file"),
    "fs.copy_file not allowed. Permissions associated with this command: fs:allow-app-write-recursive, fs:allow-copy-file, fs:write-all, fs:write-files",
  );
  const bare = new CapabilityGuard([], plugins);
  const none = bare.checkPlugin("other", "panes://app/", "fs", "read_text_file");
  assertEquals(
    none.ok ? "allowed" : none.tauri,
    "fs.read_text_file not allowed. Permissions associated with this command: fs:allow-app-read-recursive, fs:allow-read-text-file, fs:default, fs:read-all, fs:read-files",
  );
  // Denied twice: both references, as Tauri joins them.
  assertEquals(
    words("main", "panes://app/", "read_text_file"),
    "fs.read_text_file explicitly denied on origin local\n\nreferenced by: capability: a, permission: deny-read-text-file || capability: b, permission: deny-read-text-file",
  );
  // A remote page: a deny names its URL as the origin; a missing grant reads as above.
  assertEquals(words("web", "https://example.test/x", "exists"), "allowed");
  assertEquals(
    words("web", "https://example.test/x", "remove"),
    "fs.remove not allowed. Permissions associated with this command: fs:allow-app-write-recursive, fs:allow-remove, fs:write-all, fs:write-files",
  );
  // Tauri's event plugin: a remote origin without core permissions is refused in its words too.
  const events = guard.checkCore("web", "https://example.test/x", "plugin:event|listen");
  assertEquals(
    events.ok ? "allowed" : events.tauri,
    "event.listen not allowed. Permissions associated with this command: core:event:allow-listen, core:event:default",
  );
});
