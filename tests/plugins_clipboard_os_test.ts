import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

async function hasXclip(): Promise<boolean> {
  try {
    return (await new Deno.Command("xclip", { args: ["-version"], stdout: "null", stderr: "null" })
      .output()).success;
  } catch {
    return false;
  }
}

async function xclipRead(): Promise<string> {
  const out = await new Deno.Command("xclip", {
    args: ["-o", "-selection", "clipboard"],
    stdout: "piped",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(out.stdout);
}

async function xclipWrite(text: string): Promise<void> {
  // xclip forks a child that keeps serving the selection: give it no pipes to hold open.
  const child = new Deno.Command("xclip", {
    args: ["-i", "-selection", "clipboard"],
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(text));
  await w.close();
  await child.status;
}

Deno.test(
  "clipboard: Tauri's guest package round-trips text through the system clipboard",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      plugins: ["clipboard_manager"], // PyWry's spelling
      capabilities: [{
        identifier: "c",
        windows: ["main"],
        permissions: ["clipboard-manager:default"],
      }],
    });
    const win = await app.show(`${await guestScriptTag()}<p>clip</p>`, {
      label: "main",
      width: 240,
      height: 160,
    });
    const text = `panes clipboard ✓ ${crypto.randomUUID()}`;
    const r = await win.evalJs<Result>(call(`
    await tauriGuest.clipboard.writeText(${JSON.stringify(text)});
    return await tauriGuest.clipboard.readText();
  `));
    assertEquals(r, { ok: true, v: text });
    if (await hasXclip()) {
      // Another X client sees what the page wrote, and the page sees what it writes.
      assertEquals(await xclipRead(), text);
      await xclipWrite("from xclip");
      const back = await win.evalJs<Result>(call(`return await panes.clipboard.readText()`));
      assertEquals(back, { ok: true, v: "from xclip" });
    } else {
      console.log("xclip not installed: checked the round trip inside the app only");
    }
  },
);

Deno.test(
  "clipboard: a window without the grant is refused and the clipboard is unchanged",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      plugins: ["clipboard-manager"],
      capabilities: [{
        identifier: "c",
        windows: ["main"],
        permissions: ["clipboard-manager:allow-read-text", "clipboard-manager:allow-write-text"],
      }],
    });
    const main = await app.show(`${await guestScriptTag()}<p>main</p>`, {
      label: "main",
      width: 240,
      height: 160,
    });
    const other = await app.show(`${await guestScriptTag()}<p>other</p>`, {
      label: "other",
      width: 240,
      height: 160,
    });
    assertEquals(
      (await main.evalJs<Result>(call(`await tauriGuest.clipboard.writeText("kept")`))).ok,
      true,
    );
    const denied = await other.evalJs<Result>(
      call(`await tauriGuest.clipboard.writeText("stolen")`),
    );
    assertRejectsWithString(
      denied,
      'clipboard-manager.write_text not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: c, permission: allow-write-text',
    );
    const clear = await main.evalJs<Result>(call(`await panes.clipboard.clear()`));
    assertRejectsWithString(
      clear,
      "clipboard-manager.clear not allowed. Permissions associated with this command: clipboard-manager:allow-clear",
    );
    assertEquals(await main.evalJs<Result>(call(`return await tauriGuest.clipboard.readText()`)), {
      ok: true,
      v: "kept",
    });
  },
);

Deno.test(
  "os: guest package facts match the host; hostname needs its own permission",
  WINDOW_TEST,
  async () => {
    Deno.env.set("LANG", "de_CH.UTF-8");
    await using app = new App({ config: false, plugins: ["os"], capabilities: ["os:default"] });
    const win = await app.show(`${await guestScriptTag()}<p>os</p>`, { width: 240, height: 160 });
    const r = await win.evalJs<Result>(call(`
    const os = tauriGuest.os;
    return { platform: os.platform(), arch: os.arch(), family: os.family(), type: os.type(), eol: os.eol(),
      exe: os.exeExtension(), version: os.version(), locale: await os.locale(), panes: panes.os.platform() };
  `));
    assert(r.ok, JSON.stringify(r));
    const v = r.v as Record<string, string>;
    assertEquals(v.platform, Deno.build.os);
    assertEquals(v.arch, Deno.build.arch);
    assertEquals(v.family, "unix");
    assertEquals(v.type, "linux");
    assertEquals(v.eol, "\n");
    assertEquals(v.exe, "");
    assertEquals(v.locale, "de-CH");
    assertEquals(v.panes, Deno.build.os);
    assert(v.version.length > 0, "version is empty");
    const h = await win.evalJs<Result>(call(`return await tauriGuest.os.hostname()`));
    assertRejectsWithString(
      h,
      "os.hostname not allowed. Permissions associated with this command: os:allow-hostname",
    );
  },
);

Deno.test("os: with os:allow-hostname the page reads the host name", WINDOW_TEST, async () => {
  await using app = new App({
    config: false,
    plugins: ["os"],
    capabilities: ["os:allow-hostname"],
  });
  const win = await app.show(`${await guestScriptTag()}<p>os</p>`, { width: 240, height: 160 });
  assertEquals(await win.evalJs<Result>(call(`return await tauriGuest.os.hostname()`)), {
    ok: true,
    v: Deno.hostname(),
  });
});
