import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { createAutostartPlugin } from "../plugins.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { describe, runDeno } from "./support/child.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

/** XDG_CONFIG_HOME in a temp folder for the test's length. */
async function tempConfig(): Promise<{ dir: string; [Symbol.asyncDispose](): Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "panes-autostart-" });
  const saved = Deno.env.get("XDG_CONFIG_HOME");
  Deno.env.set("XDG_CONFIG_HOME", dir);
  return {
    dir,
    async [Symbol.asyncDispose]() {
      if (saved === undefined) Deno.env.delete("XDG_CONFIG_HOME");
      else Deno.env.set("XDG_CONFIG_HOME", saved);
      await Deno.remove(dir, { recursive: true });
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test(
  "autostart: enable, isEnabled and disable through the guest package; a window without the grant changes nothing",
  WINDOW_TEST,
  async () => {
    await using cfg = await tempConfig();
    const id = `test.autostart.${crypto.randomUUID().slice(0, 8)}`;
    const entry = `${cfg.dir}/autostart/${id}.desktop`;
    await using app = new App({
      config: false,
      identifier: id,
      plugins: [createAutostartPlugin({ args: ["--minimized"], command: ["/opt/app/bin/app"] })],
      capabilities: [
        { identifier: "all", windows: ["main"], permissions: ["autostart:default"] },
        { identifier: "ask", windows: ["other"], permissions: ["autostart:allow-is-enabled"] },
      ],
    });
    const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
    const win = await app.show(`${tag}<p>main</p>`, { label: "main", width: 200, height: 120 });
    const other = await app.show(`${tag}<p>other</p>`, { label: "other", width: 200, height: 120 });
    await waitFor(() => other.evalJs<boolean>("!!window.tauriGuest"), { what: "the guest bundle" });

    // Refused: no entry is written; the window may still ask.
    const denied = await other.evalJs<Result>(call(`await tauriGuest.autostart.enable()`));
    assertRejectsWithString(
      denied,
      'autostart.enable not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: all, permission: allow-enable',
    );
    assertEquals(await exists(entry), false);
    assertEquals(
      await other.evalJs<Result>(call(`return await tauriGuest.autostart.isEnabled()`)),
      { ok: true, v: false },
    );

    // Positive control: the same call from the granted window.
    const on = await win.evalJs<Result>(call(`
      await tauriGuest.autostart.enable();
      return await tauriGuest.autostart.isEnabled();
    `));
    assertEquals(on, { ok: true, v: true });
    const text = await Deno.readTextFile(entry);
    assertMatch(text, /^\[Desktop Entry\]$/m);
    assertMatch(text, /^Type=Application$/m);
    assertMatch(text, /^Exec=\/opt\/app\/bin\/app --minimized$/m);
    assertEquals(
      await other.evalJs<Result>(call(`return await tauriGuest.autostart.isEnabled()`)),
      { ok: true, v: true },
    );
    // The same without a bundler: panes.autostart.
    assertEquals(
      await other.evalJs<Result>(call(`return await panes.autostart.isEnabled()`)),
      { ok: true, v: true },
    );

    // The desktop's own switch (Hidden=true) counts as disabled; enable turns it on again.
    await Deno.writeTextFile(entry, text + "Hidden=true\n");
    assertEquals(
      await win.evalJs<Result>(call(`return await tauriGuest.autostart.isEnabled()`)),
      { ok: true, v: false },
    );
    assertEquals(
      await win.evalJs<Result>(call(`
        await tauriGuest.autostart.enable();
        return await tauriGuest.autostart.isEnabled();
      `)),
      { ok: true, v: true },
    );

    const off = await win.evalJs<Result>(call(`
      await tauriGuest.autostart.disable();
      await tauriGuest.autostart.disable(); // twice: nothing to remove is not an error
      return await tauriGuest.autostart.isEnabled();
    `));
    assertEquals(off, { ok: true, v: false });
    assertEquals(await exists(entry), false);
  },
);

Deno.test(
  "autostart: the entry's Exec line starts the app again with its autostart arguments",
  WINDOW_TEST,
  async () => {
    await using cfg = await tempConfig();
    const id = `test.autostart.${crypto.randomUUID().slice(0, 8)}`;
    const child = "tests/support/autostart_child.ts";
    const enabled = await runDeno(["run", "-A", child, "--not-in-the-entry"], {
      env: { PANES_TEST_ID: id },
    });
    assertEquals(enabled.code, 0, describe(enabled));
    assertMatch(enabled.stdout, /^enabled$/m, describe(enabled));
    const text = await Deno.readTextFile(`${cfg.dir}/autostart/${id}.desktop`);
    const exec = /^Exec=(.*)$/m.exec(text)?.[1];
    assert(exec, text);
    // The app's own arguments of that run are not in it; the runtime's flags and the absolute
    // script path are.
    assert(!exec.includes("--not-in-the-entry"), exec);
    assert(exec.startsWith(`${Deno.execPath()} run -A /`), exec);
    // Run it as a desktop would (Desktop Entry quoting), from another folder.
    const argv = parseExec(exec);
    const out = await new Deno.Command(argv[0], {
      args: argv.slice(1),
      cwd: cfg.dir,
      env: { PANES_AUTOSTARTED: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    assertEquals(stdout.trim(), `autostarted ${JSON.stringify(["--minimized", "two words"])}`);
  },
);

/** Splits an Exec value by the Desktop Entry rules (string escapes, then quoted arguments). */
function parseExec(value: string): string[] {
  const s = value.replace(/\\\\/g, "\\");
  const out: string[] = [];
  let cur = "", quoted = false, any = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === "\\" && i + 1 < s.length) cur += s[++i];
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') {
      quoted = true;
      any = true;
    } else if (c === " ") {
      if (cur || any) out.push(cur.replaceAll("%%", "%"));
      cur = "";
      any = false;
    } else cur += c;
  }
  if (cur || any) out.push(cur.replaceAll("%%", "%"));
  return out;
}
