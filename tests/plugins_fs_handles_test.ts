import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

const GRANTS = [
  "open",
  "create",
  "read",
  "write",
  "seek",
  "fstat",
  "ftruncate",
  "read-text-file-lines",
  "read-text-file-lines-next",
  "watch",
  "unwatch",
];

async function setup() {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "panes-fsh-" }));
  await Deno.mkdir(`${dir}/in`);
  await Deno.mkdir(`${dir}/out`);
  const app = new App({
    config: false,
    plugins: ["fs"],
    capabilities: [{
      identifier: "fs",
      windows: ["main", "main2"],
      permissions: GRANTS.map((g) => ({
        identifier: `fs:allow-${g}`,
        allow: [{ path: `${dir}/in/**` }],
        deny: [{ path: `${dir}/in/secret*` }],
      })),
    }, { identifier: "reader", windows: ["reader"], permissions: ["fs:read-all"] }],
  });
  const page = `${await guestScriptTag()}<p>fs</p>`;
  const win = await app.show(page, { label: "main", width: 200, height: 120 });
  return { dir, app, win, page, d: JSON.stringify(dir) };
}

Deno.test(
  "fs: file handles (create, write, seek, read, fstat, truncate, close) and readTextFileLines through the guest package",
  WINDOW_TEST,
  async () => {
    const { dir, app, win, d } = await setup();
    try {
      const r = await win.evalJs<Result>(call(`
        const fs = tauriGuest.fs;
        const f = await fs.create(${d} + "/in/h.txt");
        const wrote = await f.write(new TextEncoder().encode("Hello world"));
        const at6 = await f.seek(6, fs.SeekMode.Start);
        const buf = new Uint8Array(5);
        const n = await f.read(buf);
        const end = await f.seek(-2, fs.SeekMode.End);
        const size = (await f.stat()).size;
        await f.truncate(7);
        await f.seek(0, fs.SeekMode.Start);
        const all = new Uint8Array(32);
        const m = await f.read(all);
        const eof = await f.read(new Uint8Array(4));
        await f.close();
        return { wrote, at6, n, word: new TextDecoder().decode(buf), end, size,
          after: new TextDecoder().decode(all.subarray(0, m)), eof };
      `));
      assertEquals(r, {
        ok: true,
        v: {
          wrote: 11,
          at6: 6,
          n: 5,
          word: "world",
          end: 9,
          size: 11,
          after: "Hello w",
          eof: null,
        },
      });
      assertEquals(await Deno.readTextFile(`${dir}/in/h.txt`), "Hello w");
      // A handle opened for reading cannot write: the OS error, and nothing changes.
      const ro = await win.evalJs<Result>(call(`
        const f = await tauriGuest.fs.open(${d} + "/in/h.txt", { read: true });
        window.roRid = f.rid;
        try { await f.write(new TextEncoder().encode("X")); } finally { await f.close(); }
      `));
      assertRejectsWithString(ro, /h\.txt/);
      assertEquals(await Deno.readTextFile(`${dir}/in/h.txt`), "Hello w");
      // A closed handle is gone.
      const closed = await win.evalJs<Result>(
        call(`await panes.invoke("plugin:fs|fstat", { rid: window.roRid })`),
      );
      assertEquals(closed.code, "bad-resource");
      // Lines: \\n and \\r\\n ends, an empty line, a last line without an end.
      await Deno.writeTextFile(`${dir}/in/lines.txt`, "a\r\nbé\n\nc");
      assertEquals(
        await win.evalJs<Result>(call(`
          const out = [];
          for await (const l of await tauriGuest.fs.readTextFileLines(${d} + "/in/lines.txt")) out.push(l);
          return out;
        `)),
        { ok: true, v: ["a", "bé", "", "c"] },
      );
      // Another window cannot use this page's handles.
      const rid = await win.evalJs<number>(
        `tauriGuest.fs.open(${d} + "/in/h.txt", { read: true }).then((f) => f.rid)`,
      );
      const other = await app.show(`${await guestScriptTag()}<p>x</p>`, {
        label: "main2",
        width: 200,
        height: 120,
      });
      const stolen = await other.evalJs<Result>(
        call(`await panes.invoke("plugin:fs|read", { rid: ${rid}, len: 4 })`),
      );
      assertEquals(stolen.code, "bad-resource", JSON.stringify(stolen));
    } finally {
      await app.destroy();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "fs: open, create, lines and watch outside the scope are refused with no effect (positive controls inside)",
  WINDOW_TEST,
  async () => {
    const { dir, app, win, page, d } = await setup();
    try {
      await Deno.writeTextFile(`${dir}/out/target.txt`, "keep");
      await Deno.writeTextFile(`${dir}/out/private.txt`, "private");
      await Deno.symlink(`${dir}/out/target.txt`, `${dir}/in/link.txt`);
      const refused = {
        createOutside: `await tauriGuest.fs.create(${d} + "/out/new.txt")`,
        openWriteOutside:
          `await tauriGuest.fs.open(${d} + "/out/target.txt", { write: true, truncate: true })`,
        createDenied: `await tauriGuest.fs.create(${d} + "/in/secret.txt")`,
        writeThroughLink:
          `await tauriGuest.fs.open(${d} + "/in/link.txt", { write: true, truncate: true })`,
        readThroughLink: `await tauriGuest.fs.open(${d} + "/in/link.txt", { read: true })`,
        linesOutside:
          `for await (const l of await tauriGuest.fs.readTextFileLines(${d} + "/out/private.txt")) {}`,
        watchOutside: `await tauriGuest.fs.watchImmediate(${d} + "/out", () => {})`,
      };
      for (const [what, js] of Object.entries(refused)) {
        const r = await win.evalJs<Result>(call(js));
        assertRejectsWithString(r, /fs:allow-/, what);
      }
      assertEquals(await Deno.readTextFile(`${dir}/out/target.txt`), "keep");
      assertEquals(
        [...Deno.readDirSync(`${dir}/out`)].map((e) => e.name).sort(),
        ["private.txt", "target.txt"],
      );
      assertEquals([...Deno.readDirSync(`${dir}/in`)].map((e) => e.name), ["link.txt"]);
      // read-all alone does not open files: open can create and truncate.
      const reader = await app.show(page, { label: "reader", width: 200, height: 120 });
      await Deno.writeTextFile(`${dir}/in/ok.txt`, "fine");
      const r = await reader.evalJs<Result>(
        call(`await tauriGuest.fs.open(${d} + "/in/ok.txt", { write: true, truncate: true })`),
      );
      assertRejectsWithString(
        r,
        'fs.open not allowed on window "reader", webview "reader", URL: local\n\nallowed on: [windows: "main", "main2", URL: local]\n\nreferenced by: capability: fs, permission: allow-open',
      );
      assertEquals(await Deno.readTextFile(`${dir}/in/ok.txt`), "fine");
      // Positive controls: the same calls inside the scope.
      const ok = await win.evalJs<Result>(call(`
        const f = await tauriGuest.fs.create(${d} + "/in/new.txt");
        await f.close();
        const g = await tauriGuest.fs.open(${d} + "/in/ok.txt", { write: true, truncate: true });
        await g.close();
        const lines = [];
        for await (const l of await tauriGuest.fs.readTextFileLines(${d} + "/in/new.txt")) lines.push(l);
        const un = await tauriGuest.fs.watchImmediate(${d} + "/in", () => {});
        un();
        return lines;
      `));
      assertEquals(ok, { ok: true, v: [] });
      assertEquals(await Deno.readTextFile(`${dir}/in/ok.txt`), "");
    } finally {
      await app.destroy();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "fs: watchImmediate and watch report changes on the channel, never naming denied files; unwatch stops them",
  WINDOW_TEST,
  async () => {
    const { dir, app, win, d } = await setup();
    try {
      await win.evalJs(call(`
        window.now = []; window.later = [];
        window.unNow = await tauriGuest.fs.watchImmediate(${d} + "/in", (e) => window.now.push(e),
          { recursive: true });
        window.unLater = await tauriGuest.fs.watch(${d} + "/in", (e) => window.later.push(e),
          { delayMs: 300 });
      `));
      await Deno.writeTextFile(`${dir}/in/secret.key`, "s");
      await Deno.writeTextFile(`${dir}/in/a.txt`, "a");
      type Ev = { type: unknown; paths: string[] };
      const now = () => win.evalJs<Ev[]>(`window.now`);
      const later = () => win.evalJs<Ev[]>(`window.later`);
      const names = (evs: Ev[]) => evs.flatMap((e) => e.paths);
      await waitFor(
        async () => names(await now()).includes(`${dir}/in/a.txt`),
        { what: "an immediate event for a.txt" },
      );
      await waitFor(
        async () => names(await later()).includes(`${dir}/in/a.txt`),
        { what: "a debounced event for a.txt" },
      );
      const created = (await now()).find((e) => e.paths.includes(`${dir}/in/a.txt`))!;
      assertEquals(created.type, { create: { kind: "any" } });
      assert(!names(await now()).some((p) => p.includes("secret")), JSON.stringify(await now()));
      assert(!names(await later()).some((p) => p.includes("secret")));
      // unwatch: later changes are not reported.
      await win.evalJs(`window.unNow(), window.unLater(), 0`);
      await new Promise((r) => setTimeout(r, 300));
      const before = (await now()).length;
      await Deno.writeTextFile(`${dir}/in/b.txt`, "b");
      await new Promise((r) => setTimeout(r, 800));
      assertEquals((await now()).length, before);
      assert(!names(await later()).includes(`${dir}/in/b.txt`));
    } finally {
      await app.destroy();
      await Deno.remove(dir, { recursive: true });
    }
  },
);
