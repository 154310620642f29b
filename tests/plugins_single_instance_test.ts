import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { createSingleInstancePlugin } from "../plugins.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { describe, runDeno } from "./support/child.ts";

const CHILD = "tests/support/single_instance_child.ts";
const root = new URL("../", import.meta.url).pathname;

/** Reads lines from a child's stdout until `match`, with a deadline and a message. */
async function waitLine(
  reader: ReadableStreamDefaultReader<string>,
  match: RegExp,
  what: string,
  ms = 60_000,
): Promise<{ line: string; seen: string }> {
  let seen = "";
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const timer = new Promise<{ done: true; value: undefined }>((r) =>
      setTimeout(() => r({ done: true, value: undefined }), end - Date.now())
    );
    const { done, value } = await Promise.race([reader.read(), timer]);
    if (done) break;
    seen += value;
    const line = seen.split("\n").find((l) => match.test(l));
    if (line) return { line, seen };
  }
  throw new Error(`timed out waiting for ${what}; the child printed:\n${seen}`);
}

async function privateRuntimeDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "panes-runtime-" });
  await Deno.chmod(dir, 0o700);
  return dir;
}

Deno.test(
  "single-instance: a second launch hands its arguments and folder to the first and exits",
  WINDOW_TEST,
  async () => {
    const runtime = await privateRuntimeDir();
    const elsewhere = await Deno.makeTempDir({ prefix: "panes-cwd-" });
    const env = { XDG_RUNTIME_DIR: runtime, PANES_TEST_ID: `test.single.${crypto.randomUUID()}` };
    const first = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", CHILD],
      cwd: root,
      env,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    try {
      const reader = first.stdout.pipeThrough(new TextDecoderStream()).getReader();
      await waitLine(reader, /^ready$/, "the first instance's window");
      // The socket is private: the folder 0700, the socket 0600, both this user's.
      const dir = await Deno.stat(`${runtime}/panes`);
      assertEquals(dir.mode! & 0o777, 0o700);
      const sock = [...Deno.readDirSync(`${runtime}/panes`)].map((e) => e.name);
      assertEquals(sock.length, 1);
      assertEquals((await Deno.lstat(`${runtime}/panes/${sock[0]}`)).mode! & 0o777, 0o600);

      const second = await runDeno(
        ["run", "-A", `${root}${CHILD}`, "open", "two words", "--flag"],
        { cwd: elsewhere, env, timeoutMs: 60_000 },
      );
      assertEquals(second.code, 0, describe(second));
      assert(
        !second.stdout.includes("ready"),
        `the second launch opened a window:\n${describe(second)}`,
      );

      const { line } = await waitLine(reader, /^\{/, "what the first instance heard");
      const heard = JSON.parse(line);
      const expected = {
        args: [`${root}${CHILD}`, "open", "two words", "--flag"],
        cwd: await Deno.realPath(elsewhere),
      };
      assertEquals(heard.callback, expected);
      assertEquals(heard.page, [expected]);
      assertEquals((await first.status).code, 0);
      // Gone with its app: the socket file is removed.
      assertEquals([...Deno.readDirSync(`${runtime}/panes`)], []);
    } finally {
      try {
        first.kill("SIGKILL");
      } catch { /* ended */ }
      await first.status;
      await first.stderr.cancel().catch(() => {});
      await Deno.remove(runtime, { recursive: true });
      await Deno.remove(elsewhere, { recursive: true });
    }
  },
);

Deno.test(
  "single-instance: a runtime folder another user owns or others can enter is refused",
  WINDOW_TEST,
  async () => {
    const saved = Deno.env.get("XDG_RUNTIME_DIR");
    const foreign = await privateRuntimeDir();
    const open = await Deno.makeTempDir({ prefix: "panes-runtime-open-" });
    await Deno.chmod(open, 0o777);
    const mine = await privateRuntimeDir();
    try {
      // Another local user's folder (uid 65534, "nobody"): it could listen first and hear every
      // launch, so it is not used.
      if (Deno.uid() === 0) await Deno.chown(foreign, 65534, 65534);
      const cases = Deno.uid() === 0 ? [foreign, open] : [open];
      for (const dir of cases) {
        Deno.env.set("XDG_RUNTIME_DIR", dir);
        await using app = new App({
          config: false,
          identifier: `test.refused.${crypto.randomUUID()}`,
          plugins: ["single-instance"],
        });
        let error: unknown;
        try {
          await app.show("<p>refused</p>", { width: 120, height: 80 });
        } catch (e) {
          error = e;
        }
        assert(error instanceof Error, `show() should have failed for ${dir}`);
        assertMatch(error.message, /is not a private folder of this user/);
        assertEquals(app.windows, []);
        assertEquals([...Deno.readDirSync(dir)], [], "nothing made in the refused folder");
      }
      // Positive control: this user's own 0700 folder is used, with the same app shape.
      Deno.env.set("XDG_RUNTIME_DIR", mine);
      {
        await using app = new App({
          config: false,
          identifier: `test.ok.${crypto.randomUUID()}`,
          plugins: ["single-instance"],
        });
        await app.show("<p>ok</p>", { width: 120, height: 80 });
        assertEquals([...Deno.readDirSync(`${mine}/panes`)].length, 1);
      }
      assertEquals([...Deno.readDirSync(`${mine}/panes`)], [], "the socket goes with the app");
    } finally {
      if (saved === undefined) Deno.env.delete("XDG_RUNTIME_DIR");
      else Deno.env.set("XDG_RUNTIME_DIR", saved);
      for (const d of [foreign, open, mine]) await Deno.remove(d, { recursive: true });
    }
  },
);

Deno.test(
  "single-instance: a socket file left by an instance that died is replaced, not obeyed",
  WINDOW_TEST,
  async () => {
    const saved = Deno.env.get("XDG_RUNTIME_DIR");
    const runtime = await privateRuntimeDir();
    try {
      Deno.env.set("XDG_RUNTIME_DIR", runtime);
      const id = `test.stale.${crypto.randomUUID().slice(0, 8)}`;
      // A dead instance's socket: made, never answered, its listener gone (the file stays).
      await Deno.mkdir(`${runtime}/panes`, { mode: 0o700 });
      await Deno.chmod(`${runtime}/panes`, 0o700);
      const path = `${runtime}/panes/${id}.instance.sock`;
      const dead = new Deno.Command(Deno.execPath(), {
        args: [
          "eval",
          `Deno.listen({ transport: "unix", path: ${
            JSON.stringify(path)
          } }); console.log("up"); setInterval(() => {}, 1000);`,
        ],
        stdout: "piped",
      }).spawn();
      const reader = dead.stdout.pipeThrough(new TextDecoderStream()).getReader();
      assertMatch((await reader.read()).value ?? "", /up/);
      dead.kill("SIGKILL"); // dies without closing: the file stays
      await dead.status;
      reader.releaseLock();
      await dead.stdout.cancel().catch(() => {});
      assert((await Deno.lstat(path)).isSocket, "the stale socket file is there");
      let heard = 0;
      await using app = new App({
        config: false,
        identifier: id,
        plugins: [createSingleInstancePlugin({ onSecondInstance: () => heard++ })],
      });
      // Had it handed over to the stale socket, this process would have exited here.
      await app.show("<p>first again</p>", { width: 120, height: 80 });
      assertEquals(app.windows.length, 1);
      // It listens there now: a launch is heard.
      const conn = await Deno.connect({ transport: "unix", path });
      await conn.write(
        new TextEncoder().encode(JSON.stringify({ args: ["x", "y"], cwd: "/" }) + "\n"),
      );
      const buf = new Uint8Array(8);
      const n = await conn.read(buf);
      conn.close();
      assertEquals(new TextDecoder().decode(buf.subarray(0, n ?? 0)), "ok\n");
      await waitFor(() => heard === 1, { what: "the launch heard" });
    } finally {
      if (saved === undefined) Deno.env.delete("XDG_RUNTIME_DIR");
      else Deno.env.set("XDG_RUNTIME_DIR", saved);
      await Deno.remove(runtime, { recursive: true });
    }
  },
);
