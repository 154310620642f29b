import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { answer } from "./support/dialog_answer.ts";
import { describe, runDeno } from "./support/child.ts";
import { RuntimeScopes } from "../plugins/runtime_scope.ts";
import { fsRefusal } from "./support/guest_call.ts";

const IDENTIFIER = "dev.panes.test-persisted-scope";
const read = (path: string) =>
  `tauriGuest.fs.readTextFile(${JSON.stringify(path)}).then((v) => "ok:" + v, ${fsRefusal})`;

/** A second run of the app, in its own process; what its fs reads answered. */
async function secondRun(dir: string, dataHome: string, persist: boolean) {
  const r = await runDeno(["run", "-A", "tests/support/persisted_scope_child.ts"], {
    env: {
      PANES_TEST_DIR: dir,
      PANES_TEST_PERSIST: persist ? "1" : "0",
      XDG_DATA_HOME: dataHome,
      DISPLAY: Deno.env.get("DISPLAY") ?? "",
    },
    timeoutMs: 90_000,
  });
  assertEquals(r.code, 0, describe(r));
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

Deno.test(
  "persisted-scope: a file picked in the open dialog becomes readable by fs, its sibling does not, and the grant survives a restart",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "panes-pscope-" }));
    const dataHome = await Deno.makeTempDir({ prefix: "panes-pscope-data-" });
    Deno.env.set("XDG_DATA_HOME", dataHome);
    try {
      await Deno.writeTextFile(`${dir}/picked.txt`, "picked");
      await Deno.writeTextFile(`${dir}/sibling.txt`, "sibling");
      {
        await using app = new App({
          config: false,
          identifier: IDENTIFIER,
          plugins: ["fs", "dialog", "persisted-scope"],
          // fs reads with no scope at all: only what the user picks becomes reachable.
          capabilities: ["fs:allow-read-text-file", "dialog:allow-open"],
        });
        const win = await app.show(`${await guestScriptTag()}<p>pick</p>`, {
          label: "main",
          width: 300,
          height: 200,
        });
        // Before the pick: refused.
        assertEquals(await win.evalJs(read(`${dir}/picked.txt`)), "err:outside");
        await win.evalJs(
          `window.o = tauriGuest.dialog.open({ title: "panes-pscope", defaultPath: ${
            JSON.stringify(dir)
          } }), 0`,
        );
        await answer("panes-pscope", ["type", `${dir}/picked.txt`], ["key", "Return"]);
        assertEquals(await win.evalJs(`window.o`, { timeoutMs: 20_000 }), `${dir}/picked.txt`);
        // After it: the picked file is readable, its sibling still refused.
        assertEquals(await win.evalJs(read(`${dir}/picked.txt`)), "ok:picked");
        assertEquals(await win.evalJs(read(`${dir}/sibling.txt`)), "err:outside");
      }
      const saved = await Deno.readTextFile(`${dataHome}/${IDENTIFIER}/.persisted-scope`);
      assert(saved.includes(`${dir}/picked.txt`), saved);
      assert(!saved.includes("sibling"), saved);
      // A second run with persisted-scope: the picked file is still readable, the sibling is not.
      assertEquals(await secondRun(dir, dataHome, true), {
        picked: "ok:picked",
        sibling: "err:outside",
      });
      // Without persisted-scope, nothing picked in an earlier run is reachable.
      assertEquals(await secondRun(dir, dataHome, false), {
        picked: "err:outside",
        sibling: "err:outside",
      });
    } finally {
      Deno.env.delete("XDG_DATA_HOME");
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(dataHome, { recursive: true });
    }
  },
);

Deno.test(
  "dialog: a picked folder opens its entries to fs (everything beneath with recursive), a save target becomes writable, nothing beside them",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "panes-pick-dir-" }));
    try {
      for (const f of ["flat/a.txt", "flat/sub/b.txt", "tree/sub/c.txt", "other/d.txt"]) {
        await Deno.mkdir(`${dir}/${f}`.replace(/\/[^/]+$/, ""), { recursive: true });
        await Deno.writeTextFile(`${dir}/${f}`, f);
      }
      await using app = new App({
        config: false,
        plugins: ["fs", "dialog"],
        capabilities: [
          "fs:allow-read-text-file",
          "fs:allow-write-text-file",
          "dialog:allow-open",
          "dialog:allow-save",
        ],
      });
      const win = await app.show(`${await guestScriptTag()}<p>pick</p>`, {
        label: "main",
        width: 300,
        height: 200,
      });
      const pick = async (title: string, folder: string, recursive: boolean) => {
        await win.evalJs(
          `window.o = tauriGuest.dialog.open({ title: ${
            JSON.stringify(title)
          }, directory: true, recursive: ${recursive}, defaultPath: ${JSON.stringify(dir)} }), 0`,
        );
        await answer(title, ["type", `${dir}/${folder}/`], ["key", "Return"]);
        assertEquals(await win.evalJs(`window.o`, { timeoutMs: 20_000 }), `${dir}/${folder}`);
      };
      const reads = async (...files: string[]) =>
        Object.fromEntries(
          await Promise.all(files.map(async (f) => [f, await win.evalJs(read(`${dir}/${f}`))])),
        );
      // Before any pick: nothing.
      assertEquals(await reads("flat/a.txt"), { "flat/a.txt": "err:outside" });
      await pick("panes-flat", "flat", false);
      assertEquals(await reads("flat/a.txt", "flat/sub/b.txt", "tree/sub/c.txt", "other/d.txt"), {
        "flat/a.txt": "ok:flat/a.txt",
        "flat/sub/b.txt": "err:outside",
        "tree/sub/c.txt": "err:outside",
        "other/d.txt": "err:outside",
      });
      await pick("panes-tree", "tree", true);
      assertEquals(await reads("tree/sub/c.txt", "other/d.txt"), {
        "tree/sub/c.txt": "ok:tree/sub/c.txt",
        "other/d.txt": "err:outside",
      });
      // A save target is writable once picked; another new file beside it is not.
      const write = (f: string) =>
        win.evalJs(
          `tauriGuest.fs.writeTextFile(${
            JSON.stringify(`${dir}/${f}`)
          }, "saved").then(() => "ok", ${fsRefusal})`,
        );
      assertEquals(await write("out.txt"), "err:outside");
      await win.evalJs(
        `window.s = tauriGuest.dialog.save({ title: "panes-save-grant", defaultPath: ${
          JSON.stringify(`${dir}/out.txt`)
        } }), 0`,
      );
      await answer("panes-save-grant", ["key", "Return"]);
      assertEquals(await win.evalJs(`window.s`, { timeoutMs: 20_000 }), `${dir}/out.txt`);
      assertEquals(await write("out.txt"), "ok");
      assertEquals(await Deno.readTextFile(`${dir}/out.txt`), "saved");
      assertEquals(await write("out2.txt"), "err:outside");
      assertEquals(await Deno.stat(`${dir}/out2.txt`).then(() => true, () => false), false);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "persisted-scope: a damaged scope file is kept aside, and the app starts with no saved grants",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "panes-pscope-" }));
    const dataHome = await Deno.makeTempDir({ prefix: "panes-pscope-data-" });
    try {
      await Deno.writeTextFile(`${dir}/picked.txt`, "picked");
      await Deno.writeTextFile(`${dir}/sibling.txt`, "sibling");
      await Deno.mkdir(`${dataHome}/${IDENTIFIER}`);
      const bad = `{"version":1,"scopes":{"fs":[{"path":"${dir}/picked.txt","kind":"file"}]`;
      await Deno.writeTextFile(`${dataHome}/${IDENTIFIER}/.persisted-scope`, bad);
      assertEquals(await secondRun(dir, dataHome, true), {
        picked: "err:outside",
        sibling: "err:outside",
      });
      const names = [...Deno.readDirSync(`${dataHome}/${IDENTIFIER}`)].map((e) => e.name);
      const aside = names.find((n) => n.startsWith(".persisted-scope.bad-"));
      assert(aside, names.join(", "));
      assertEquals(await Deno.readTextFile(`${dataHome}/${IDENTIFIER}/${aside}`), bad);
      // Positive control: the same grant, well formed, is restored.
      await Deno.writeTextFile(`${dataHome}/${IDENTIFIER}/.persisted-scope`, bad + "}}");
      assertEquals(await secondRun(dir, dataHome, true), {
        picked: "ok:picked",
        sibling: "err:outside",
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(dataHome, { recursive: true });
    }
  },
);

Deno.test("persisted-scope: what a run-time grant covers (a file, a folder's entries, beneath)", async () => {
  const s = new RuntimeScopes();
  await s.allow("fs", { path: "/data/a.txt", kind: "file" });
  await s.allow("fs", { path: "/data/dir", kind: "dir", recursive: false });
  await s.allow("fs", { path: "/data/tree", kind: "dir", recursive: true });
  const covered = (p: string) => s.covers("fs", p);
  assertEquals(
    ["/data/a.txt", "/data/dir", "/data/dir/x", "/data/tree/x/y/z"].map(covered),
    [true, true, true, true],
  );
  assertEquals(
    ["/data/a.txt.bak", "/data/b.txt", "/data/dir/x/y", "/data/dirx/y", "/data", "/data/tree2/x"]
      .map(covered),
    [false, false, false, false, false, false],
  );
  // Grants extend the scope of the plugin they were made for only.
  assertEquals(s.covers("upload", "/data/a.txt"), false);
  // A grant given twice is kept once (so it is saved once).
  let saves = 0;
  s.onGrant(() => {
    saves++;
  });
  await s.allow("fs", { path: "/data/a.txt", kind: "file" });
  assertEquals(saves, 0);
  await s.allow("fs", { path: "/data/c.txt", kind: "file" });
  assertEquals(saves, 1);
  assertEquals(s.all().fs.length, 4);
});
