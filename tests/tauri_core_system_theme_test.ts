/**
 * The desktop's theme changing under a running app, reported as Tauri reports it:
 * `tauri://theme-changed` with `"dark"` / `"light"` to the listeners of each window whose page
 * follows the system (`onThemeChanged` of @tauri-apps/api's `window` module). The desktop here
 * is a real XSETTINGS manager (xsettingsd, what X11 desktops run to push GTK settings): its
 * `Net/ThemeName` becomes GTK's `gtk-theme-name` in the app.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { App, type WindowHandle } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { type Outcome, tauriCoreScript, tryIn } from "./support/tauri_core.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ok(r: Outcome): unknown {
  assert(r.ok, JSON.stringify(r));
  return r.v;
}

/** An XSETTINGS manager on the test's display whose theme name can be changed. */
async function settingsDaemon(theme: string) {
  const dir = await Deno.makeTempDir({ prefix: "panes-xsettings-" });
  const conf = `${dir}/xsettingsd.conf`;
  const write = (name: string) => Deno.writeTextFile(conf, `Net/ThemeName "${name}"\n`);
  await write(theme);
  const child = new Deno.Command("xsettingsd", {
    args: ["-c", conf],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = child.stderr.pipeThrough(new TextDecoderStream());
  let log = "";
  stderr.pipeTo(new WritableStream({ write: (s) => void (log += s) })).catch(() => {});
  // Owning the _XSETTINGS_S0 selection takes a moment: xsettingsd logs once it has it.
  await waitFor(
    () => log.includes("Took ownership"),
    "xsettingsd up",
    5000,
  )
    .catch(() => {});
  return {
    /** Changes the theme name; xsettingsd reloads its file on SIGHUP and tells the clients. */
    async set(name: string) {
      await write(name);
      child.kill("SIGHUP");
    },
    get log() {
      return log;
    },
    async [Symbol.asyncDispose]() {
      child.kill("SIGTERM");
      await child.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function heard(win: WindowHandle): Promise<unknown[]> {
  return win.evalJs<unknown[]>("window.got ?? []");
}

Deno.test(
  "a change of the desktop's GTK theme reaches onThemeChanged of windows that follow the system, not of one with its own theme",
  WINDOW_TEST,
  async () => {
    await using desktop = await settingsDaemon("Adwaita");
    const script = await tauriCoreScript();
    await using app = new App({
      config: false,
      capabilities: [{
        identifier: "themer",
        windows: ["fixed"],
        permissions: ["core:window:allow-set-theme"],
      }],
    });
    const html = `<body>${script}</body>`;
    const follows = await app.show(html, { label: "follows", width: 300, height: 200 });
    const fixed = await app.show(html, { label: "fixed", width: 300, height: 200 });
    const listen = `window.got = [];
       await T.window.getCurrentWindow().onThemeChanged((e) => got.push(e.payload));
       return await T.window.getCurrentWindow().theme();`;
    assertEquals(ok(await tryIn(follows, listen)), "light");
    ok(await tryIn(fixed, `await T.window.getCurrentWindow().setTheme("light"); return 1;`));
    assertEquals(ok(await tryIn(fixed, listen)), "light");

    await desktop.set("Adwaita-dark");
    const got = await waitFor(async () => {
      const v = await heard(follows);
      return v.length ? v : undefined;
    }, `tauri://theme-changed after the desktop went dark (xsettingsd: ${desktop.log})`);
    assertEquals(got, ["dark"]);
    // The page itself follows (WebKit's prefers-color-scheme), so Tauri's getter agrees.
    await waitFor(
      async () =>
        ok(await tryIn(follows, `return await T.window.getCurrentWindow().theme();`)) === "dark",
      "the window's theme getter to answer dark",
    );
    await desktop.set("Adwaita");
    await waitFor(async () => (await heard(follows)).length === 2, "the change back to light");
    assertEquals(await heard(follows), ["dark", "light"]);
    await sleep(300);
    assertEquals(await heard(fixed), [], "a window with its own theme hears no change");
  },
);
