/**
 * Tauri's core app and path plugins and the core:* permissions, through @tauri-apps/api's own
 * modules in real windows.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { CapabilityGuard } from "../router/capabilities.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { tauriCoreScript, tryIn } from "./support/tauri_core.ts";

const ID = "dev.panes.coretest";

Deno.test(
  "path: every folder as the host's plugins see it, and Tauri's path arithmetic",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({ identifier: ID, config: false });
    const win = await app.show(`<body>${script}</body>`, {
      label: "paths",
      width: 300,
      height: 200,
    });
    const home = Deno.env.get("HOME")!;
    const data = Deno.env.get("XDG_DATA_HOME") || `${home}/.local/share`;
    const config = Deno.env.get("XDG_CONFIG_HOME") || `${home}/.config`;
    const cache = Deno.env.get("XDG_CACHE_HOME") || `${home}/.cache`;
    const r = await tryIn(
      win,
      `const p = T.path;
     return {
       appData: await p.appDataDir(), appConfig: await p.appConfigDir(), appCache: await p.appCacheDir(),
       appLog: await p.appLogDir(), home: await p.homeDir(), temp: await p.tempDir(),
       config: await p.configDir(), data: await p.dataDir(), cache: await p.cacheDir(),
       join: await p.join("a", "b/", "../c", "d.txt"),
       normalize: await p.normalize("/x/./y//z/../w"),
       dirname: await p.dirname("/x/y/z.txt"), extname: await p.extname("/x/y/z.tar.gz"),
       basename: await p.basename("/x/y/z.txt"), basenameExt: await p.basename("/x/y/z.txt", ".txt"),
       isAbs: [await p.isAbsolute("/a"), await p.isAbsolute("a")],
       resolve: await p.resolve("/a/b", "../c", "d"),
       under: await p.resolve("/a", "/b", "c"),
       sep: p.sep(), delimiter: p.delimiter(),
       inData: await T.core.invoke("plugin:path|resolve_directory", { directory: p.BaseDirectory.AppData, path: "notes/x.json" }),
     };`,
    );
    assert(r.ok, JSON.stringify(r));
    assertEquals(r.v, {
      appData: `${data}/${ID}`,
      appConfig: `${config}/${ID}`,
      appCache: `${cache}/${ID}`,
      appLog: `${data}/${ID}/logs`,
      home,
      temp: Deno.env.get("TMPDIR") || "/tmp",
      config,
      data,
      cache,
      join: "a/c/d.txt",
      normalize: "/x/y/w",
      dirname: "/x/y",
      extname: "gz",
      basename: "z.txt",
      basenameExt: "z",
      isAbs: [true, false],
      resolve: "/a/c/d",
      under: "/b/c",
      sep: "/",
      delimiter: ":",
      inData: `${data}/${ID}/notes/x.json`,
    });
    // Tauri's errors, as plain strings: no parent, no extension, no climbing out of a base folder.
    const errors = await tryIn(
      win,
      `const out = [];
     for (const f of [() => T.path.dirname("/"), () => T.path.extname("/x/y"),
       () => T.core.invoke("plugin:path|resolve_directory", { directory: T.path.BaseDirectory.AppData, path: "../../.ssh/id_rsa" }),
       () => T.core.invoke("plugin:path|resolve_directory", { directory: 99 })]) {
       try { out.push({ ok: await f() }); }
       catch (e) { out.push({ err: typeof e === "string" ? e : "not a string: " + e }); }
     }
     return out;`,
    );
    assert(errors.ok);
    assertEquals(errors.v, [
      { err: "Couldn't get the parent directory" },
      { err: "Couldn't get the extension of the file" },
      { err: "cannot traverse directory, rewrite the path without the use of `../`" },
      { err: "unknown path: BaseDirectory 99" },
    ]);
  },
);

Deno.test(
  "app: name, version, identifier, Tauri level; setTheme needs its permission",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({
      identifier: ID,
      name: "Core Test",
      version: "1.2.3",
      config: false,
      capabilities: [{
        identifier: "themer",
        windows: ["granted"],
        permissions: ["core:app:allow-set-app-theme", "core:app:allow-set-dock-visibility"],
      }],
    });
    const html = `<body>${script}</body>`;
    const plain = await app.show(html, { label: "plain", width: 300, height: 200 });
    const granted = await app.show(html, { label: "granted", width: 300, height: 200 });
    const facts = await tryIn(
      plain,
      `return [await T.app.getName(), await T.app.getVersion(), await T.app.getIdentifier(),
             await T.app.getTauriVersion(), await T.app.getBundleType()];`,
    );
    assertEquals(facts, { ok: true, v: ["Core Test", "1.2.3", ID, "2.12.0", null] });
    const theme = (w: typeof plain) => w.evalJs("document.documentElement.dataset.theme");
    const before = await theme(plain);
    const wanted = before === "dark" ? "light" : "dark";
    // Not in core:default: refused with Tauri's words, and nothing changes.
    const refused = await tryIn(plain, `return await T.app.setTheme(${JSON.stringify(wanted)});`);
    assert(!refused.ok, "setTheme without core:app:allow-set-app-theme must be refused");
    // A plain string, as Tauri rejects it (tryIn sets `tauri` for strings only).
    assertEquals(
      refused.tauri,
      'app.set_app_theme not allowed on window "plain", webview "plain", URL: local\n\nallowed on: [windows: "granted", URL: local]\n\nreferenced by: capability: themer, permission: allow-set-app-theme',
    );
    await new Promise((r) => setTimeout(r, 200));
    assertEquals(await theme(plain), before);
    // The same call from the window the capability names: every page follows.
    const ok = await tryIn(granted, `return await T.app.setTheme(${JSON.stringify(wanted)});`);
    assertEquals(ok, { ok: true, v: null });
    for (let i = 0; i < 100 && await theme(plain) !== wanted; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assertEquals(await theme(plain), wanted);
    assertEquals(await theme(granted), wanted);
    // Unsupported here: a clear rejection, never a silent success.
    const dock = await tryIn(granted, `return await T.app.setDockVisibility(false);`);
    assert(!dock.ok);
    assertEquals(dock.tauri, dock.message, "a plain string on the Tauri path");
    assert(dock.message.includes("the dock exists on macOS only"), dock.message);
  },
);

Deno.test("core permissions: defaults for app content, nothing for remote origins unless named", () => {
  const remote = "https://example.test/page";
  const guard = new CapabilityGuard([
    {
      identifier: "site",
      windows: ["web"],
      remote: { urls: ["https://example.test/*"] },
      permissions: ["core:window:allow-title"],
    },
    {
      identifier: "dock",
      windows: ["main"],
      permissions: ["core:app:allow-set-dock-visibility", "core:window:deny-title"],
    },
  ], new Map());
  // App content: getters by default, setters not.
  assert(guard.checkCorePlugin("other", "panes://app/", "window", "inner_size").ok);
  assert(!guard.checkCorePlugin("other", "panes://app/", "window", "set_title").ok);
  assert(guard.checkCorePlugin("other", "panes://app/", "path", "resolve_directory").ok);
  // A deny in a capability beats the default.
  assert(!guard.checkCorePlugin("main", "panes://app/", "window", "title").ok);
  assert(guard.checkCorePlugin("main", "panes://app/", "app", "set_dock_visibility").ok);
  // A remote origin holds only what a capability naming it grants.
  assert(guard.checkCorePlugin("web", remote, "window", "title").ok);
  assert(!guard.checkCorePlugin("web", remote, "window", "inner_size").ok);
  assert(!guard.checkCorePlugin("web", "https://other.test/", "window", "title").ok);
  // Tauri's words for refusals (what @tauri-apps/api rejects with): the permissions that would
  // allow the command, its default set among them when that holds it; an explicit deny says so.
  const tauriWords = (label: string, url: string, plugin: string, cmd: string) => {
    const d = guard.checkCorePlugin(label, url, plugin, cmd);
    return d.ok ? "allowed" : d.tauri;
  };
  assertEquals(
    tauriWords("web", remote, "window", "inner_size"),
    'window.inner_size not allowed on window "web", webview "web", URL: https://example.test/page\n\nallowed on: [windows: "*", URL: local]\n\nreferenced by: capability: (core defaults for app content), permission: allow-inner-size',
  );
  assertEquals(
    tauriWords("other", "panes://app/", "window", "set_title"),
    "window.set_title not allowed. Permissions associated with this command: core:window:allow-set-title",
  );
  assertEquals(
    tauriWords("main", "panes://app/", "window", "title"),
    "window.title explicitly denied on origin local\n\nreferenced by: capability: dock, permission: deny-title",
  );
  // Misspelt core permissions are errors with the right name.
  let message = "";
  try {
    new CapabilityGuard(["core:window:allow-set-titel"], new Map());
  } catch (e) {
    message = (e as Error).message;
  }
  assert(message.includes('did you mean "core:window:allow-set-title"'), message);
  try {
    new CapabilityGuard(["core:windw:default"], new Map());
    message = "";
  } catch (e) {
    message = (e as Error).message;
  }
  assert(message.includes('did you mean "core:window:default"'), message);
});
