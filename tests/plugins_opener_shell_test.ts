import { assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

const tmp = await Deno.makeTempDir({ prefix: "panes-opener-" });
const record = `${tmp}/opened.txt`;
// The test opener: records its argument, one per line, instead of starting a browser.
const opener = `${tmp}/opener.sh`;
await Deno.writeTextFile(opener, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${record}'\n`);
await Deno.chmod(opener, 0o755);
Deno.env.set("PANES_OPENER", opener);

async function opened(): Promise<string[]> {
  try {
    return (await Deno.readTextFile(record)).split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test(
  "opener: URLs and scoped paths reach the opener program; everything else is forbidden",
  WINDOW_TEST,
  async () => {
    await Deno.mkdir(`${tmp}/docs`, { recursive: true });
    await Deno.writeTextFile(`${tmp}/docs/a.txt`, "a");
    await using app = new App({
      config: false,
      plugins: ["opener"],
      capabilities: [{
        identifier: "o",
        windows: ["main"],
        permissions: [
          "opener:default",
          { identifier: "opener:allow-open-path", allow: [{ path: `${tmp}/docs/**` }] },
        ],
      }],
    });
    const win = await app.show(`${await guestScriptTag()}<p>opener</p>`, {
      label: "main",
      width: 240,
      height: 160,
    });
    assertEquals(
      await win.evalJs<Result>(call(`
        await tauriGuest.opener.openUrl("https://example.com/a?b=1");
        await panes.opener.openUrl("mailto:someone@example.com");
        await tauriGuest.opener.openPath(${JSON.stringify(`${tmp}/docs/a.txt`)});
      `)),
      { ok: true, v: undefined },
    );
    assertEquals(await opened(), [
      "https://example.com/a?b=1",
      "mailto:someone@example.com",
      `${tmp}/docs/a.txt`,
    ]);

    const denied = {
      fileUrl: `await tauriGuest.opener.openUrl("file:///etc/passwd")`,
      outsidePath: `await tauriGuest.opener.openPath("/etc/passwd")`,
      dotdot: `await panes.opener.openPath(${JSON.stringify(`${tmp}/docs/../opener.sh`)})`,
      // `with` names a program: only an `app` in the scope entry allows one.
      withProgram: `await tauriGuest.opener.openUrl("https://example.com/", "sh")`,
    };
    for (const [what, js] of Object.entries(denied)) {
      const r = await win.evalJs<Result>(call(js));
      assertRejectsWithString(r, /"opener:allow-open-(url|path)"/, what);
    }
    const bad = await win.evalJs<Result>(call(`await panes.opener.openPath("relative.txt")`));
    assertRejectsWithString(bad, /relative\.txt/);
    assertEquals((await opened()).length, 3, "a refused call reached the opener");

    // Another window has no grant at all.
    const other = await app.show(`${await guestScriptTag()}<p>other</p>`, {
      label: "other",
      width: 240,
      height: 160,
    });
    const r = await other.evalJs<Result>(call(`await tauriGuest.opener.openUrl("https://x.org/")`));
    assertRejectsWithString(
      r,
      'opener.open_url not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: o, permission: allow-open-url',
    );
    assertEquals((await opened()).length, 3);
  },
);

Deno.test("opener: a failing opener rejects with its exit code", WINDOW_TEST, async () => {
  const failing = `${tmp}/fail.sh`;
  await Deno.writeTextFile(failing, "#!/bin/sh\necho 'no handler' >&2\nexit 4\n");
  await Deno.chmod(failing, 0o755);
  Deno.env.set("PANES_OPENER", failing);
  try {
    await using app = new App({
      config: false,
      plugins: ["opener"],
      capabilities: ["opener:default"],
    });
    const win = await app.show(`<p>opener</p>`, { width: 240, height: 160 });
    const r = await win.evalJs<Result>(call(`await panes.opener.openUrl("https://example.com/")`));
    assertRejectsWithString(r, /failed \(exit 4\): no handler/);
  } finally {
    Deno.env.set("PANES_OPENER", opener);
  }
});

Deno.test(
  "opener: reveal_item_in_dir and open_path are scoped by canonical path; refused calls launch nothing",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-opener-reveal-" });
    await Deno.mkdir(`${dir}/docs`);
    await Deno.writeTextFile(`${dir}/docs/a.txt`, "a");
    await Deno.writeTextFile(`${dir}/secret.txt`, "s");
    await Deno.symlink(`${dir}/secret.txt`, `${dir}/docs/link`); // in the scope, pointing out
    // Its own recording opener, so the calls of the other tests do not count here.
    const log = `${dir}/launched.txt`;
    const rec = `${dir}/opener.sh`;
    await Deno.writeTextFile(rec, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`);
    await Deno.chmod(rec, 0o755);
    const launched = async () => {
      try {
        return (await Deno.readTextFile(log)).split("\n").filter(Boolean);
      } catch {
        return [];
      }
    };
    Deno.env.set("PANES_OPENER", rec);
    try {
      const scope = [{ path: `${dir}/docs/**` }];
      await using app = new App({
        config: false,
        plugins: ["opener"],
        capabilities: [{
          identifier: "o",
          windows: ["main"],
          permissions: [
            "opener:default",
            { identifier: "opener:allow-reveal-item-in-dir", allow: scope },
            { identifier: "opener:allow-open-path", allow: scope },
          ],
        }],
      });
      const win = await app.show(`${await guestScriptTag()}<p>reveal</p>`, {
        label: "main",
        width: 240,
        height: 160,
      });
      const q = JSON.stringify;
      assertEquals(
        await win.evalJs<Result>(call(`
          await tauriGuest.opener.revealItemInDir(${q(`${dir}/docs/a.txt`)});
          await panes.opener.revealItemInDir(${q(`${dir}/docs/a.txt`)});
        `)),
        { ok: true, v: undefined },
      );
      assertEquals(await launched(), [`${dir}/docs`, `${dir}/docs`]);
      const denied = {
        revealOutside: `await tauriGuest.opener.revealItemInDir(${q(`${dir}/secret.txt`)})`,
        revealEtc: `await panes.opener.revealItemInDir("/etc/passwd")`,
        // One refused item refuses the call before anything starts.
        revealMixed: `await tauriGuest.opener.revealItemInDir([${q(`${dir}/docs/a.txt`)}, "/etc"])`,
        revealLink: `await tauriGuest.opener.revealItemInDir(${q(`${dir}/docs/link`)})`,
        openLink: `await tauriGuest.opener.openPath(${q(`${dir}/docs/link`)})`,
      };
      for (const [what, js] of Object.entries(denied)) {
        const r = await win.evalJs<Result>(call(js));
        assertRejectsWithString(r, /outside the opener scope/, what);
      }
      assertEquals(await launched(), [`${dir}/docs`, `${dir}/docs`], "a refused call launched");
    } finally {
      Deno.env.set("PANES_OPENER", opener);
    }
  },
);

Deno.test(
  "shell: an allowed program runs with allowed args; others are forbidden and never run",
  WINDOW_TEST,
  async () => {
    const marker = `${tmp}/touched`;
    await using app = new App({
      config: false,
      plugins: ["shell"],
      capabilities: [{
        identifier: "s",
        windows: ["main"],
        permissions: [{
          identifier: "shell:allow-execute",
          allow: [
            { name: "say", cmd: "echo", args: ["hello", { validator: "[a-z]+" }] },
            { name: "sh-ok", cmd: "sh", args: ["-c", "echo out; echo err >&2; exit 3"] },
          ],
        }],
      }],
    });
    const win = await app.show(`${await guestScriptTag()}<p>shell</p>`, {
      label: "main",
      width: 240,
      height: 160,
    });
    assertEquals(
      await win.evalJs<Result>(
        call(`return await tauriGuest.shell.Command.create("say", ["hello", "world"]).execute()`),
      ),
      { ok: true, v: { code: 0, signal: null, stdout: "hello world\n", stderr: "" } },
    );
    assertEquals(
      await win.evalJs<Result>(
        call(
          `return await panes.shell.Command.create("sh-ok", ["-c", "echo out; echo err >&2; exit 3"]).execute()`,
        ),
      ),
      { ok: true, v: { code: 3, signal: null, stdout: "out\n", stderr: "err\n" } },
    );

    const denied = {
      // not in the scope at all
      program: `await tauriGuest.shell.Command.create("touch", [${
        JSON.stringify(marker)
      }]).execute()`,
      // the real program name instead of the scope's name
      cmdName: `await tauriGuest.shell.Command.create("sh", ["-c", "touch ${marker}"]).execute()`,
      // an argument the validator refuses
      badArg:
        `await tauriGuest.shell.Command.create("say", ["hello", "x; touch ${marker}"]).execute()`,
      // other arguments for a fixed command line
      otherArgs: `await panes.shell.Command.create("sh-ok", ["-c", "touch ${marker}"]).execute()`,
    };
    for (const [what, js] of Object.entries(denied)) {
      const r = await win.evalJs<Result>(call(js));
      assertRejectsWithString(r, /"shell:allow-execute"/, what);
    }
    assertEquals(await exists(marker), false, "a forbidden command ran");

    // A window without the grant gets nothing, not even an allowed program.
    const other = await app.show(`${await guestScriptTag()}<p>other</p>`, {
      label: "other",
      width: 240,
      height: 160,
    });
    const r = await other.evalJs<Result>(
      call(`await tauriGuest.shell.Command.create("say", ["hello", "x"]).execute()`),
    );
    assertRejectsWithString(
      r,
      'shell.execute not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: s, permission: allow-execute',
    );
  },
);
