import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";

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
        "the child to set its values",
        60_000,
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
        "autoSave to write the file",
        10_000,
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
    const denied = await other.evalJs<{ code: string; message: string }>(
      `panes.store.load("x.json").then(() => ({}), (e) => ({ code: e.code, message: e.message }))`,
    );
    assertEquals(denied.code, "forbidden");
    assert(denied.message.includes('missing permission "store:allow-load"'), denied.message);
    let exists = true;
    try {
      await Deno.stat(`${dir}/x.json`);
    } catch {
      exists = false;
    }
    assertEquals(exists, false);
  },
);
