import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { assertRejectsWithString, call, type Result as Outcome } from "./support/guest_call.ts";

const dataHome = await Deno.makeTempDir({ prefix: "panes-store-" });
Deno.env.set("XDG_DATA_HOME", dataHome);
const dir = `${dataHome}/dev.panes.test-store`;
const root = new URL("../", import.meta.url).pathname;

Deno.test(
  "store: contents survive a killed process (autoSave, atomic writes)",
  WINDOW_TEST,
  async () => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "tests/support/store_child.ts"],
      cwd: root,
      env: { XDG_DATA_HOME: dataHome },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let out = "";
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    try {
      await waitFor(
        async () => {
          const { value, done } = await reader.read();
          if (value) out += value;
          if (done) throw new Error(`child ended early: ${out}`);
          return out.includes("set 3");
        },
        { what: "the child to set its values", timeout: 60_000 },
      );
      // Give autoSave (100 ms debounce) time to write, then kill without any chance to clean up.
      await waitFor(
        async () => {
          try {
            return JSON.parse(await Deno.readTextFile(`${dir}/settings.json`)).count === 42;
          } catch {
            return false;
          }
        },
        { what: "autoSave to write the file", timeout: 10_000 },
      );
    } finally {
      child.kill("SIGKILL");
      reader.releaseLock();
      await child.status;
      await child.stderr.cancel();
      await child.stdout.cancel().catch(() => {});
    }
    // A crash in the middle of a later write leaves a partial temp file; the store must ignore it.
    await Deno.writeTextFile(`${dir}/settings.json.tmp-99999-1`, '{"theme": "bro');
    await using app = new App({
      config: false,
      identifier: "dev.panes.test-store",
      plugins: ["store"],
      capabilities: ["store:default"],
    });
    const win = await app.show(`${await guestScriptTag()}<p>store</p>`, {
      width: 200,
      height: 120,
    });
    const r = await win.evalJs(`(async () => {
    const s = await tauriGuest.store.load("settings.json");
    return { theme: await s.get("theme"), count: await s.get("count"), nested: await s.get("nested"),
      missing: await s.get("missing"), keys: (await s.keys()).sort(), has: await s.has("count") };
  })()`);
    assertEquals(r, {
      theme: "dark",
      count: 42,
      nested: { a: [1, 2, { b: "ü" }] },
      missing: undefined,
      keys: ["count", "nested", "theme"],
      has: true,
    } as unknown);
  },
);

Deno.test(
  "store: panes.store saves explicitly, deletes, defaults; without the grant nothing runs",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      identifier: "dev.panes.test-store",
      plugins: ["store"],
      capabilities: [{ identifier: "s", windows: ["main"], permissions: ["store:default"] }],
    });
    const win = await app.show(`<p>store</p>`, { label: "main", width: 200, height: 120 });
    const r = await win.evalJs(`(async () => {
    const s = await panes.store.load("explicit.json", { autoSave: false, defaults: { lang: "en" } });
    await s.set("a", 1);
    await s.set("b", 2);
    const deleted = await s.delete("a");
    await s.save();
    const entries = await s.entries();
    await s.close();
    return { deleted, entries };
  })()`);
    assertEquals(r, { deleted: true, entries: [["lang", "en"], ["b", 2]] } as unknown);
    assertEquals(JSON.parse(await Deno.readTextFile(`${dir}/explicit.json`)), { lang: "en", b: 2 });
    const other = await app.show(`<p>other</p>`, { label: "other", width: 200, height: 120 });
    const denied = await other.evalJs<Outcome>(call(`await panes.store.load("x.json")`));
    assertRejectsWithString(
      denied,
      'store.load not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: s, permission: allow-load',
    );
    let exists = true;
    try {
      await Deno.stat(`${dir}/x.json`);
    } catch {
      exists = false;
    }
    assertEquals(exists, false);
  },
);

const exists = (path: string) => Deno.lstat(path).then(() => true, () => false);

Deno.test(
  "store: paths out of the app's data folder (absolute, .., symlinks) are forbidden; names inside load and save",
  WINDOW_TEST,
  async () => {
    const id = "dev.panes.test-store-paths";
    const data = `${dataHome}/${id}`;
    const outside = await Deno.makeTempDir({ prefix: "panes-store-outside-" });
    const victim = `${outside}/x.json`;
    const original = '{\n  "keep": true\n}';
    await Deno.writeTextFile(victim, original);
    // Symlinks planted in the data folder that point out of it.
    await Deno.mkdir(data, { recursive: true });
    await Deno.symlink(outside, `${data}/linkdir`);
    await Deno.symlink(victim, `${data}/linkfile.json`);
    await using app = new App({
      config: false,
      identifier: id,
      plugins: ["store"],
      capabilities: ["store:default"],
    });
    const win = await app.show(`${await guestScriptTag()}<p>store paths</p>`, {
      width: 200,
      height: 120,
    });
    const attempt = (path: string) =>
      win.evalJs<Outcome>(call(`
        const s = await tauriGuest.store.load(${JSON.stringify(path)}, { autoSave: false });
        await s.set("pwned", true);
        await s.save();
        return await s.entries();
      `));
    const refused: Record<string, string> = {
      absolute: victim,
      dotdot: "../x.json",
      nested: "sub/../../x.json",
      symlinkedFolder: "linkdir/x.json",
      symlinkedFolderNewFile: "linkdir/new.json",
      symlinkedFile: "linkfile.json",
    };
    for (const [what, path] of Object.entries(refused)) {
      const r = await attempt(path);
      assertEquals([r.ok, r.string], [false, true], `${what} (${path}): ${JSON.stringify(r)}`);
      assert(r.message!.includes(JSON.stringify(path)), r.message);
    }
    // getStore takes a path too.
    const got = await win.evalJs<Outcome>(call(`await tauriGuest.store.getStore("../x.json")`));
    assertRejectsWithString(got, /"\.\.\/x\.json"/);
    assertEquals(await Deno.readTextFile(victim), original, "the outside file was changed");
    assertEquals(await exists(`${dataHome}/x.json`), false, "../x.json was created");
    assertEquals(await exists(`${outside}/new.json`), false, "a file was created through a link");
    // Positive control: the same calls with names inside the data folder work.
    for (const path of ["settings.json", "sub/ok.json", "./sub/./dot.json"]) {
      const r = await attempt(path);
      assertEquals(r, { ok: true, v: [["pwned", true]] }, path);
    }
    assertEquals(JSON.parse(await Deno.readTextFile(`${data}/sub/ok.json`)), { pwned: true });
    assertEquals(JSON.parse(await Deno.readTextFile(`${data}/sub/dot.json`)), { pwned: true });
    const again = await win.evalJs<Outcome>(
      call(`return await (await tauriGuest.store.getStore("settings.json")).get("pwned")`),
    );
    assertEquals(again, { ok: true, v: true });
    await Deno.remove(outside, { recursive: true });
  },
);

Deno.test(
  "store: a corrupt store file's error names the store and never carries its contents",
  WINDOW_TEST,
  async () => {
    const id = "dev.panes.test-store-corrupt";
    const data = `${dataHome}/${id}`;
    await Deno.mkdir(data, { recursive: true });
    const secret = 'api_key = "SECRET-7f3a9c-PANES" # xyzzy';
    await Deno.writeTextFile(`${data}/corrupt.json`, secret);
    await Deno.writeTextFile(`${data}/array.json`, '["SECRET-7f3a9c-PANES"]');
    await Deno.writeTextFile(`${data}/good.json`, '{ "token": "SECRET-7f3a9c-PANES" }');
    await using app = new App({
      config: false,
      identifier: id,
      plugins: ["store"],
      capabilities: ["store:default"],
    });
    const win = await app.show(`${await guestScriptTag()}<p>store corrupt</p>`, {
      width: 200,
      height: 120,
    });
    /** No run of 5 characters of the file may appear in the message. */
    const leaks = (message: string) => {
      for (let i = 0; i + 5 <= secret.length; i++) {
        if (message.includes(secret.slice(i, i + 5))) return secret.slice(i, i + 5);
      }
      return undefined;
    };
    const corrupt = await win.evalJs<Outcome>(
      call(`await tauriGuest.store.load("corrupt.json")`),
    );
    assertEquals(corrupt.string, true, JSON.stringify(corrupt));
    assertEquals(corrupt.message, "store corrupt.json is not valid JSON");
    assertEquals(leaks(corrupt.message!), undefined);
    const array = await win.evalJs<Outcome>(call(`await tauriGuest.store.load("array.json")`));
    assertEquals(array.message, "store array.json must hold a JSON object");
    // Positive control: the same read path works on a good file, which then turns corrupt.
    const good = await win.evalJs<Outcome>(call(`
      window.good = await tauriGuest.store.load("good.json");
      return await window.good.get("token");
    `));
    assertEquals(good, { ok: true, v: "SECRET-7f3a9c-PANES" });
    await Deno.writeTextFile(`${data}/good.json`, secret);
    const reloaded = await win.evalJs<Outcome>(call(`await window.good.reload()`));
    assertEquals(reloaded.string, true, JSON.stringify(reloaded));
    assertEquals(reloaded.message, "store good.json is not valid JSON");
    assertEquals(leaks(reloaded.message!), undefined);
  },
);

Deno.test(
  "store: ids belong to the page that loaded them: another window and a reloaded page get bad-resource",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      identifier: "dev.panes.test-store",
      plugins: ["store"],
      capabilities: ["store:default"],
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
    const loaded = await a.evalJs<Outcome>(call(`
      const s = await tauriGuest.store.load("owned.json", { autoSave: false });
      await s.set("k", 1);
      return s.rid;
    `));
    assert(loaded.ok, JSON.stringify(loaded));
    const rid = loaded.v as number;
    const unknownRid = 987654;
    const unknownAnswer = await b.evalJs<Outcome>(
      invoke("plugin:store|get", { rid: unknownRid, key: "k" }),
    );
    assertRejectsWithString(unknownAnswer, /resource id 987654$/);
    // B uses A's id: exactly the answer for an id that does not exist.
    const foreign = {
      get: await b.evalJs<Outcome>(invoke("plugin:store|get", { rid, key: "k" })),
      set: await b.evalJs<Outcome>(invoke("plugin:store|set", { rid, key: "k", value: 2 })),
      close: await b.evalJs<Outcome>(invoke("plugin:resources|close", { rid })),
    };
    for (const [what, r] of Object.entries(foreign)) {
      assertRejectsWithString(r, /resource id \d+$/, what);
    }
    assertEquals(
      foreign.get.message,
      unknownAnswer.message!.replace(String(unknownRid), String(rid)),
    );
    // Positive control: A's id still works for A, untouched by B.
    assertEquals(await a.evalJs<Outcome>(invoke("plugin:store|get", { rid, key: "k" })), {
      ok: true,
      v: [1, true],
    });
    // B loading the same store gets its own hold; closing it leaves A's alone.
    const bClosed = await b.evalJs<Outcome>(call(`
      const s = await tauriGuest.store.load("owned.json");
      const v = await s.get("k");
      await s.close();
      return v;
    `));
    assertEquals(bClosed, { ok: true, v: 1 });
    assertEquals(await a.evalJs<Outcome>(invoke("plugin:store|get", { rid, key: "k" })), {
      ok: true,
      v: [1, true],
    });
    // A's page reloads: its old id is gone for the new page too.
    await a.reload();
    const stale = await a.evalJs<Outcome>(invoke("plugin:store|get", { rid, key: "k" }));
    assertEquals(stale.string, true, JSON.stringify(stale));
    assertEquals(stale.message, foreign.get.message);
    // Positive control: the new page loads the store (still in memory) and reads it.
    const fresh = await a.evalJs<Outcome>(
      call(`return await (await tauriGuest.store.load("owned.json")).get("k")`),
    );
    assertEquals(fresh, { ok: true, v: 1 });
  },
);

Deno.test(
  "store: one set is one store://change per window, however often the store was loaded",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      identifier: "dev.panes.test-store",
      plugins: ["store"],
      capabilities: ["store:default"],
    });
    const tag = await guestScriptTag();
    const a = await app.show(`${tag}<p>a</p>`, { label: "a", width: 200, height: 120 });
    const b = await app.show(`${tag}<p>b</p>`, { label: "b", width: 200, height: 120 });
    // Each window counts raw events and what Tauri's own onChange (filtered by its rid) sees.
    const watch = `
      window.raw = []; window.seen = [];
      await panes.event.listen("store://change", (e) => raw.push(e.payload));
      window.s = await tauriGuest.store.load("events.json", { autoSave: false });
      await s.onChange((key, value) => seen.push([key, value]));
      return s.rid;
    `;
    const bRid = await b.evalJs<Outcome>(call(watch));
    const aRid = await a.evalJs<Outcome>(call(watch));
    assert(aRid.ok && bRid.ok, JSON.stringify([aRid, bRid]));
    const many = await a.evalJs<Outcome>(
      call(`
      const stores = await Promise.all(
        Array.from({ length: 2000 }, () => tauriGuest.store.load("events.json")));
      return [...new Set(stores.map((s) => s.rid))];
    `),
      { timeoutMs: 60_000 },
    );
    assert(many.ok, JSON.stringify(many).slice(0, 300));
    await a.evalJs(`s.set("k", 1).then(() => s.set("done", true))`);
    for (const [label, win] of [["a", a], ["b", b]] as const) {
      await waitFor(
        () => win.evalJs<boolean>(`raw.some((p) => p.key === "done")`),
        { what: `window ${label} to get the second change` },
      );
      const raw = await win.evalJs<Array<Record<string, unknown>>>(
        `raw.filter((p) => p.key === "k")`,
      );
      assertEquals(raw.length, 1, `window ${label} got ${raw.length} events for one set`);
      assertEquals(raw[0].value, 1);
      assertEquals(raw[0].exists, true);
      assertEquals(
        await win.evalJs(`seen`),
        [["k", 1], ["done", true]],
        `window ${label}'s onChange`,
      );
    }
    // Loading again in the same page answers the same id: one handle per store per page.
    assertEquals(many.v, [aRid.v]);
  },
);
