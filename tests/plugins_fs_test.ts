import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";

const root = await Deno.makeTempDir({ prefix: "panes-fs-" });
await Deno.mkdir(`${root}/notes/secret`, { recursive: true });
await Deno.writeTextFile(`${root}/notes/hello.txt`, "hello from disk");
await Deno.writeTextFile(`${root}/outside.txt`, "not yours");
const notes = `${root}/notes/**`;

/** Runs `js` (an async function body) in the page; returns { ok, v } or { ok: false, code, message, permission }. */
const call = (js: string) =>
  `(async () => { try { return { ok: true, v: await (async () => { ${js} })() }; } catch (e) { return { ok: false, code: e.code, message: e.message ?? String(e), permission: e.data?.permission }; } })()`;

type Result = { ok: boolean; v?: unknown; code?: string; message?: string; permission?: string };

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
    for (const [k, r] of Object.entries(results)) {
      assertEquals(r.ok, false, `${k}: ${JSON.stringify(r)}`);
      assertEquals(r.code, "forbidden", `${k}: ${JSON.stringify(r)}`);
    }
    assertEquals(results.secret.permission, "fs:allow-write-text-file");
    assertMatch(results.secret.message!, /denied by the fs scope/);
    assertMatch(
      results.outside.message!,
      /outside the fs scope granted to "fs:allow-write-text-file"/,
    );
    assertMatch(results.climb.message!, new RegExp(`${root}/climb.txt`));
    assertEquals(results.remove.permission, "fs:allow-remove");
    assertMatch(results.remove.message!, /missing permission "fs:allow-remove"/);
    assertEquals(results.read.permission, "fs:allow-read-text-file");
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
    assertEquals(o.code, "forbidden");
    assertMatch(o.message!, /window "other": missing permission "fs:allow-read-text-file"/);
    Deno.env.delete("XDG_DATA_HOME");
  },
);
