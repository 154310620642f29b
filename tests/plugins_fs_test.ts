import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { globToRegExp } from "../plugins/paths.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

const root = await Deno.makeTempDir({ prefix: "panes-fs-" });
await Deno.mkdir(`${root}/notes/secret`, { recursive: true });
await Deno.writeTextFile(`${root}/notes/hello.txt`, "hello from disk");
await Deno.writeTextFile(`${root}/outside.txt`, "not yours");
const notes = `${root}/notes/**`;

async function open(app: App, label = "main") {
  return await app.show(`${await guestScriptTag()}<p>fs</p>`, { label, width: 240, height: 160 });
}

function makeApp(): App {
  return new App({
    config: false,
    identifier: "dev.panes.test-fs",
    plugins: ["fs"],
    capabilities: [{
      identifier: "notes",
      windows: ["main"],
      permissions: [
        { identifier: "fs:allow-read-text-file", allow: [{ path: notes }] },
        { identifier: "fs:allow-read-file", allow: [{ path: notes }] },
        {
          identifier: "fs:allow-write-text-file",
          allow: [{ path: notes }],
          deny: [{ path: `${root}/notes/secret/**` }],
        },
        { identifier: "fs:allow-write-file", allow: [{ path: notes }] },
        { identifier: "fs:allow-exists", allow: [{ path: `${root}/**` }] },
        { identifier: "fs:allow-mkdir", allow: [{ path: notes }] },
        { identifier: "fs:allow-read-dir", allow: [{ path: notes }] },
        { identifier: "fs:allow-rename", allow: [{ path: notes }] },
        { identifier: "fs:allow-stat", allow: [{ path: notes }] },
      ],
    }],
  });
}

Deno.test(
  "fs: Tauri's guest package reads, writes, lists and renames within scope",
  WINDOW_TEST,
  async () => {
    await using app = makeApp();
    const win = await open(app);
    const r = await win.evalJs<Result>(
      call(`
    const fs = tauriGuest.fs;
    const before = await fs.readTextFile(${JSON.stringify(`${root}/notes/hello.txt`)});
    await fs.writeTextFile(${JSON.stringify(`${root}/notes/new.txt`)}, "written by the page ✓");
    await fs.writeFile(${
        JSON.stringify(`${root}/notes/bytes.bin`)
      }, new Uint8Array([0, 1, 2, 255]));
    const bytes = Array.from(await fs.readFile(${JSON.stringify(`${root}/notes/bytes.bin`)}));
    await fs.mkdir(${JSON.stringify(`${root}/notes/sub/deeper`)}, { recursive: true });
    const exists = [await fs.exists(${JSON.stringify(`${root}/notes/new.txt`)}), await fs.exists(${
        JSON.stringify(`${root}/nope.txt`)
      })];
    await fs.rename(${JSON.stringify(`${root}/notes/new.txt`)}, ${
        JSON.stringify(`${root}/notes/renamed.txt`)
      });
    const list = (await fs.readDir(${
        JSON.stringify(`${root}/notes`)
      })).map((e) => e.name + (e.isDirectory ? "/" : ""));
    const st = await fs.stat(${JSON.stringify(`${root}/notes/renamed.txt`)});
    return { before, bytes, exists, list, size: st.size, isFile: st.isFile, mtime: st.mtime instanceof Date };
  `),
      { timeoutMs: 20_000 },
    );
    assert(r.ok, JSON.stringify(r));
    assertEquals(r.v, {
      before: "hello from disk",
      bytes: [0, 1, 2, 255],
      exists: [true, false],
      list: ["bytes.bin", "hello.txt", "renamed.txt", "secret/", "sub/"],
      size: new TextEncoder().encode("written by the page ✓").length,
      isFile: true,
      mtime: true,
    });
    assertEquals(await Deno.readTextFile(`${root}/notes/renamed.txt`), "written by the page ✓");
    assertEquals([...await Deno.readFile(`${root}/notes/bytes.bin`)], [0, 1, 2, 255]);
    assert((await Deno.stat(`${root}/notes/sub/deeper`)).isDirectory);
  },
);

Deno.test(
  "fs: denied calls reject with forbidden, name the permission and touch nothing",
  WINDOW_TEST,
  async () => {
    await using app = makeApp();
    const win = await open(app);
    const tries = {
      // denied by the deny scope
      secret: `await tauriGuest.fs.writeTextFile(${
        JSON.stringify(`${root}/notes/secret/x.txt`)
      }, "no")`,
      // outside the allow scope
      outside: `await tauriGuest.fs.writeTextFile(${JSON.stringify(`${root}/evil.txt`)}, "no")`,
      // climbing out with ..
      climb: `await tauriGuest.fs.writeTextFile(${
        JSON.stringify(`${root}/notes/../climb.txt`)
      }, "no")`,
      // a command with no grant at all
      remove: `await tauriGuest.fs.remove(${JSON.stringify(`${root}/notes/hello.txt`)})`,
      // read outside scope
      read: `return await tauriGuest.fs.readTextFile(${JSON.stringify(`${root}/outside.txt`)})`,
      // panes.fs without a bundler goes through the same check
      panes: `await panes.fs.writeTextFile(${JSON.stringify(`${root}/notes/secret/y.txt`)}, "no")`,
    };
    const results: Record<string, Result> = {};
    for (const [k, js] of Object.entries(tries)) results[k] = await win.evalJs<Result>(call(js));
    // Plain strings, as Tauri's plugins reject: the scope refusal's message, or Tauri's words.
    for (const [k, r] of Object.entries(results)) {
      assertEquals([r.ok, r.string], [false, true], `${k}: ${JSON.stringify(r)}`);
    }
    assertMatch(
      results.secret.message!,
      /denied by the fs scope .*\("fs:allow-write-text-file"\)$/,
    );
    assertMatch(
      results.outside.message!,
      /outside the fs scope granted to "fs:allow-write-text-file"/,
    );
    assertMatch(results.climb.message!, new RegExp(`${root}/climb.txt`));
    assertRejectsWithString(
      results.remove,
      "fs.remove not allowed. Permissions associated with this command: fs:allow-app-write-recursive, fs:allow-remove, fs:write-all, fs:write-files",
    );
    assertMatch(results.read.message!, /outside the fs scope granted to "fs:allow-read-text-file"/);
    for (const p of ["notes/secret/x.txt", "notes/secret/y.txt", "evil.txt", "climb.txt"]) {
      let exists = true;
      try {
        await Deno.lstat(`${root}/${p}`);
      } catch {
        exists = false;
      }
      assertEquals(exists, false, `${p} must not exist`);
    }
    assertEquals(await Deno.readTextFile(`${root}/notes/hello.txt`), "hello from disk");
  },
);

Deno.test(
  "fs: another window label gets nothing; panes.fs works with baseDir",
  WINDOW_TEST,
  async () => {
    const home = await Deno.makeTempDir({ prefix: "panes-fs-home-" });
    Deno.env.set("XDG_DATA_HOME", `${home}/data`);
    await using app = new App({
      config: false,
      identifier: "dev.panes.test-fs2",
      plugins: ["fs"],
      capabilities: [
        {
          identifier: "app-data",
          windows: ["editor-*"],
          permissions: ["fs:default", "fs:allow-app-write-recursive"],
        },
      ],
    });
    const editor = await open(app, "editor-1");
    const other = await open(app, "other");
    const w = await editor.evalJs<Result>(call(`
    await panes.fs.mkdir("", { baseDir: panes.fs.BaseDirectory.AppData, recursive: true });
    await panes.fs.writeTextFile("state.txt", "in app data", { baseDir: panes.fs.BaseDirectory.AppData });
    return await panes.fs.readTextFile("state.txt", { baseDir: panes.fs.BaseDirectory.AppData });
  `));
    assertEquals(w, { ok: true, v: "in app data" });
    assertEquals(
      await Deno.readTextFile(`${home}/data/dev.panes.test-fs2/state.txt`),
      "in app data",
    );
    const o = await other.evalJs<Result>(call(`
    return await panes.fs.readTextFile("state.txt", { baseDir: panes.fs.BaseDirectory.AppData });
  `));
    assertRejectsWithString(
      o,
      'fs.read_text_file not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "editor-*", URL: local]\n\nreferenced by: capability: app-data, permission: read-all',
    );
    Deno.env.delete("XDG_DATA_HOME");
  },
);

/** The outcomes of several page calls, by name (each { ok, v } or { ok: false, code, … }). */
async function tryAll(
  win: Awaited<ReturnType<typeof open>>,
  tries: Record<string, string>,
): Promise<Record<string, Result>> {
  const out: Record<string, Result> = {};
  for (const [k, js] of Object.entries(tries)) {
    out[k] = await win.evalJs<Result>(call(js), { timeoutMs: 20_000 });
  }
  return out;
}

async function lexists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

const q = JSON.stringify;

Deno.test(
  "fs: a symbolic link in the scope cannot read or write outside it; links within it still read",
  WINDOW_TEST,
  async () => {
    const base = await Deno.makeTempDir({ prefix: "panes-fs-links-" });
    const ok = `${base}/allowed`;
    await Deno.mkdir(ok);
    await Deno.mkdir(`${base}/outside`);
    await Deno.writeTextFile(`${base}/outside/id_ed25519`, "top secret");
    await Deno.writeTextFile(`${ok}/plain.txt`, "plain");
    await Deno.writeTextFile(`${ok}/other.txt`, "other allowed");
    await Deno.symlink(`${base}/outside/id_ed25519`, `${ok}/to-secret`);
    await Deno.symlink(`${ok}/other.txt`, `${ok}/to-other`);
    await Deno.symlink(`${base}/outside`, `${ok}/dirlink`); // a linked parent folder
    await Deno.symlink(`${base}/outside/planted.txt`, `${ok}/dangling`); // a link to nothing yet
    const scope = [{ path: `${ok}/**` }];
    await using app = new App({
      config: false,
      identifier: "dev.panes.test-fs-links",
      plugins: ["fs"],
      capabilities: [{
        identifier: "links",
        windows: ["main"],
        permissions: ["read-text-file", "write-text-file", "stat", "truncate", "copy-file"].map(
          (c) => ({ identifier: `fs:allow-${c}`, allow: scope }),
        ),
      }],
    });
    const win = await open(app);
    const fs = "tauriGuest.fs";
    const allowed = await tryAll(win, {
      readPlain: `return await ${fs}.readTextFile(${q(`${ok}/plain.txt`)})`,
      writePlain: `await ${fs}.writeTextFile(${q(`${ok}/plain.txt`)}, "changed")`,
      // A link to another file in the scope reads as that file.
      readLinkInside: `return await ${fs}.readTextFile(${q(`${ok}/to-other`)})`,
    });
    assertEquals(allowed, {
      readPlain: { ok: true, v: "plain" },
      writePlain: { ok: true, v: undefined },
      readLinkInside: { ok: true, v: "other allowed" },
    });
    const refused = await tryAll(win, {
      readSecret: `return await ${fs}.readTextFile(${q(`${ok}/to-secret`)})`,
      statSecret: `return await ${fs}.stat(${q(`${ok}/to-secret`)})`,
      writeSecret: `await ${fs}.writeTextFile(${q(`${ok}/to-secret`)}, "pwned")`,
      truncateSecret: `await ${fs}.truncate(${q(`${ok}/to-secret`)}, 0)`,
      copyOverSecret: `await ${fs}.copyFile(${q(`${ok}/plain.txt`)}, ${q(`${ok}/to-secret`)})`,
      copySecretIn: `await ${fs}.copyFile(${q(`${ok}/to-secret`)}, ${q(`${ok}/copy.txt`)})`,
      readViaDir: `return await ${fs}.readTextFile(${q(`${ok}/dirlink/id_ed25519`)})`,
      writeViaDir: `await ${fs}.writeTextFile(${q(`${ok}/dirlink/planted.txt`)}, "pwned")`,
      createViaDangling: `await ${fs}.writeTextFile(${q(`${ok}/dangling`)}, "pwned")`,
      // Writes never follow a final link, even to a file in the scope.
      writeLinkInside: `await ${fs}.writeTextFile(${q(`${ok}/to-other`)}, "through a link")`,
    });
    for (const [k, r] of Object.entries(refused)) {
      assertEquals([r.ok, r.string], [false, true], `${k}: ${JSON.stringify(r)}`);
    }
    assertMatch(refused.readSecret.message!, /outside the fs scope/);
    assertMatch(refused.writeLinkInside.message!, /symbolic link; fs writes do not follow links/);
    assertEquals(await Deno.readTextFile(`${base}/outside/id_ed25519`), "top secret");
    assertEquals(await lexists(`${base}/outside/planted.txt`), false);
    assertEquals(await lexists(`${ok}/copy.txt`), false);
    assertEquals(await Deno.readTextFile(`${ok}/other.txt`), "other allowed");
    assertEquals(await Deno.readTextFile(`${ok}/plain.txt`), "changed");
  },
);

Deno.test(
  "fs: a folder holding denied paths cannot be renamed, removed, copied or sized; others can",
  WINDOW_TEST,
  async () => {
    const v = await Deno.makeTempDir({ prefix: "panes-fs-vault-" });
    await Deno.mkdir(`${v}/keep/secret`, { recursive: true });
    await Deno.writeTextFile(`${v}/keep/secret/a.txt`, "denied");
    await Deno.mkdir(`${v}/keyring`);
    await Deno.writeTextFile(`${v}/keyring/id.key`, "denied key");
    await Deno.mkdir(`${v}/sibling`);
    await Deno.writeTextFile(`${v}/sibling/x.txt`, "x");
    await Deno.mkdir(`${v}/sibling2`);
    await Deno.writeTextFile(`${v}/sibling2/y.txt`, "y");
    const scope = { allow: [{ path: `${v}/**` }], deny: [`${v}/keep/secret/**`, "**/*.key"] };
    await using app = new App({
      config: false,
      identifier: "dev.panes.test-fs-vault",
      plugins: ["fs"],
      capabilities: [{
        identifier: "vault",
        windows: ["main"],
        permissions: ["rename", "remove", "size", "copy-file"].map((c) => ({
          identifier: `fs:allow-${c}`,
          ...scope,
        })),
      }],
    });
    const win = await open(app);
    const fs = "tauriGuest.fs";
    const refused = await tryAll(win, {
      renameParent: `await ${fs}.rename(${q(`${v}/keep`)}, ${q(`${v}/moved`)})`,
      removeParent: `await ${fs}.remove(${q(`${v}/keep`)}, { recursive: true })`,
      sizeParent: `return await ${fs}.size(${q(`${v}/keep`)})`,
      copyParent: `await ${fs}.copyFile(${q(`${v}/keep`)}, ${q(`${v}/copied`)})`,
      removeKeyring: `await ${fs}.remove(${q(`${v}/keyring`)}, { recursive: true })`,
      renameKeyring: `await ${fs}.rename(${q(`${v}/keyring`)}, ${q(`${v}/ring`)})`,
      // Moving an allowed folder to where the deny applies is a write into the denied place.
      renameOnto: `await ${fs}.rename(${q(`${v}/sibling`)}, ${q(`${v}/keep/secret`)})`,
    });
    for (const [k, r] of Object.entries(refused)) {
      assertEquals([r.ok, r.string], [false, true], `${k}: ${JSON.stringify(r)}`);
    }
    assertMatch(
      refused.removeParent.message!,
      /cannot remove folder .*keep: it holds paths denied by the fs scope/,
    );
    assertMatch(refused.sizeParent.message!, /denied by the fs scope .*\("fs:allow-size"\)$/);
    const allowed = await tryAll(win, {
      sizeSibling: `return await ${fs}.size(${q(`${v}/sibling`)})`,
      renameSibling: `await ${fs}.rename(${q(`${v}/sibling`)}, ${q(`${v}/moved-sibling`)})`,
      removeSibling: `await ${fs}.remove(${q(`${v}/sibling2`)}, { recursive: true })`,
    });
    assertEquals(allowed, {
      sizeSibling: { ok: true, v: 1 },
      renameSibling: { ok: true, v: undefined },
      removeSibling: { ok: true, v: undefined },
    });
    assertEquals(await Deno.readTextFile(`${v}/keep/secret/a.txt`), "denied");
    assertEquals(await Deno.readTextFile(`${v}/keyring/id.key`), "denied key");
    assertEquals(await Deno.readTextFile(`${v}/moved-sibling/x.txt`), "x");
    assertEquals(await lexists(`${v}/sibling2`), false);
    for (const gone of ["moved", "copied", "ring"]) {
      assertEquals(await lexists(`${v}/${gone}`), false, gone);
    }
  },
);

Deno.test(
  "fs: $HOME/** does not reach dotfiles; a pattern with the dot does",
  WINDOW_TEST,
  async () => {
    const home = await Deno.makeTempDir({ prefix: "panes-fs-dothome-" });
    for (const [p, text] of Object.entries({ ".ssh/id": "key", ".netrc": "password" })) {
      await Deno.mkdir(`${home}/${p}`.replace(/\/[^/]*$/, ""), { recursive: true });
      await Deno.writeTextFile(`${home}/${p}`, text);
    }
    await Deno.mkdir(`${home}/notes/.git`, { recursive: true });
    await Deno.writeTextFile(`${home}/notes/a.txt`, "notes");
    await Deno.writeTextFile(`${home}/notes/.git/config`, "hidden below");
    await Deno.mkdir(`${home}/.config`);
    await Deno.writeTextFile(`${home}/.config/x`, "config");
    const realHome = Deno.env.get("HOME");
    Deno.env.set("HOME", home); // the app reads its folders when it is made
    let app: App;
    try {
      app = new App({
        config: false,
        identifier: "dev.panes.test-fs-dots",
        plugins: ["fs"],
        capabilities: [{
          identifier: "home",
          windows: ["main"],
          permissions: [
            "fs:read-all",
            "fs:scope-home-recursive",
            { identifier: "fs:scope", allow: [{ path: "$HOME/.config/**" }] },
          ],
        }],
      });
    } finally {
      if (realHome === undefined) Deno.env.delete("HOME");
      else Deno.env.set("HOME", realHome);
    }
    await using _app = app;
    const win = await open(app);
    const read = (p: string) => `return await tauriGuest.fs.readTextFile(${q(`${home}/${p}`)})`;
    const r = await tryAll(win, {
      notes: read("notes/a.txt"),
      config: read(".config/x"),
      ssh: read(".ssh/id"),
      netrc: read(".netrc"),
      nestedHidden: read("notes/.git/config"),
      viaBaseDir: `return await tauriGuest.fs.readTextFile(".netrc", { baseDir: 21 })`,
      listSsh: `return await tauriGuest.fs.readDir(${q(`${home}/.ssh`)})`,
    });
    assertEquals(r.notes, { ok: true, v: "notes" });
    assertEquals(r.config, { ok: true, v: "config" });
    for (const k of ["ssh", "netrc", "nestedHidden", "viaBaseDir", "listSsh"]) {
      assertRejectsWithString(r[k], /outside the fs scope/);
    }
  },
);

Deno.test("fs: globToRegExp wildcards skip a leading dot unless asked", () => {
  const m = (glob: string, path: string, dotfiles = false) =>
    globToRegExp(glob, { dotfiles }).test(path);
  assert(m("/h/**", "/h") && m("/h/**", "/h/a/b") && m("/h/*", "/h/a.txt"));
  assert(!m("/h/**", "/h/.ssh/id") && !m("/h/**", "/h/a/.git/x") && !m("/h/*", "/h/.netrc"));
  assert(!m("/h/?netrc", "/h/.netrc") && !m("**/*.key", "/h/.k/a.key"));
  assert(m("/h/.config/**", "/h/.config/x") && m("/h/a*", "/h/a.b") && m("**/*.key", "/h/a.key"));
  // Deny patterns match dotfiles, so a deny is never narrower than it reads.
  assert(m("/h/**", "/h/.ssh/id", true) && m("**/*.key", "/h/.k/a.key", true));
});

Deno.test(
  "fs: mode applies only to a file the write creates, never to an existing one",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-fs-mode-" });
    // open(2) applies the umask to a new file's mode: measure it the same way.
    const probe = await Deno.open(`${dir}/probe`, { write: true, createNew: true, mode: 0o777 });
    probe.close();
    const notMasked = (await Deno.stat(`${dir}/probe`)).mode! & 0o777;
    await Deno.writeTextFile(`${dir}/existing.txt`, "old");
    await Deno.chmod(`${dir}/existing.txt`, 0o600);
    await using app = new App({
      config: false,
      identifier: "dev.panes.test-fs-mode",
      plugins: ["fs"],
      capabilities: [{
        identifier: "mode",
        windows: ["main"],
        permissions: ["write-text-file", "write-file"].map((c) => ({
          identifier: `fs:allow-${c}`,
          allow: [{ path: `${dir}/**` }],
        })),
      }],
    });
    const win = await open(app);
    const r = await tryAll(win, {
      existing: `await tauriGuest.fs.writeTextFile(${
        q(`${dir}/existing.txt`)
      }, "new", { mode: 0o777 })`,
      created: `await tauriGuest.fs.writeFile(${
        q(`${dir}/created.bin`)
      }, new Uint8Array([7]), { mode: 0o640 })`,
    });
    assertEquals(r, { existing: { ok: true, v: undefined }, created: { ok: true, v: undefined } });
    assertEquals(await Deno.readTextFile(`${dir}/existing.txt`), "new");
    assertEquals(((await Deno.stat(`${dir}/existing.txt`)).mode! & 0o777).toString(8), "600");
    assertEquals(
      ((await Deno.stat(`${dir}/created.bin`)).mode! & 0o777).toString(8),
      (0o640 & notMasked).toString(8),
    );
    assertEquals([...await Deno.readFile(`${dir}/created.bin`)], [7]);
  },
);
