import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { createDeepLinkPlugin, createSingleInstancePlugin } from "../plugins.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { describe, runDeno } from "./support/child.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

const LAUNCH = new URL("./support/deep_link_launch.ts", import.meta.url).pathname;
const VARS = [
  "HOME",
  "XDG_DATA_HOME",
  "XDG_CONFIG_HOME",
  "XDG_RUNTIME_DIR",
  "PANES_TEST_ID",
  "DENO_DIR",
];

/** Deno's cache folder now, kept for children whose HOME moves (else they fetch npm again). */
async function denoDir(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" })
    .output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).denoDir;
}

/** HOME and the XDG folders in a temp folder for the test's length (children inherit them). */
async function tempDesktop(): Promise<{ root: string; [Symbol.asyncDispose](): Promise<void> }> {
  const root = await Deno.makeTempDir({ prefix: "panes-deeplink-" });
  const saved = Object.fromEntries(VARS.map((k) => [k, Deno.env.get(k)]));
  Deno.env.set("DENO_DIR", await denoDir());
  await Deno.mkdir(`${root}/runtime`, { mode: 0o700 });
  await Deno.chmod(`${root}/runtime`, 0o700);
  Deno.env.set("HOME", root);
  Deno.env.set("XDG_DATA_HOME", `${root}/data`);
  Deno.env.set("XDG_CONFIG_HOME", `${root}/config`);
  Deno.env.set("XDG_RUNTIME_DIR", `${root}/runtime`);
  Deno.env.set("PANES_TEST_ID", `test.deeplink.${crypto.randomUUID().slice(0, 8)}`);
  return {
    root,
    async [Symbol.asyncDispose]() {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) Deno.env.delete(k);
        else Deno.env.set(k, v);
      }
      // A child that is still exiting (a second instance, xdg-mime) may write into the folder
      // while it is removed ("Directory not empty" on a loaded machine): try again a few times.
      for (let attempt = 1;; attempt++) {
        try {
          return await Deno.remove(root, { recursive: true });
        } catch (e) {
          if (attempt === 10) throw e;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
  };
}

async function xdg(...args: string[]): Promise<string> {
  const out = await new Deno.Command(args[0], {
    args: args.slice(1),
    stdout: "piped",
    stderr: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test(
  "deep-link: register makes the app the scheme's handler; a URL opened while it runs reaches onOpenUrl",
  WINDOW_TEST,
  async () => {
    await using desk = await tempDesktop();
    const id = Deno.env.get("PANES_TEST_ID")!;
    await using app = new App({
      config: false,
      identifier: id,
      plugins: [
        createSingleInstancePlugin(),
        // The desktop runs this launcher with the URL: a second instance of this app.
        createDeepLinkPlugin({ command: [Deno.execPath(), "run", "-A", LAUNCH] }),
      ],
      capabilities: [
        {
          identifier: "links",
          windows: ["main"],
          permissions: [
            "deep-link:default",
            "deep-link:allow-register",
            "deep-link:allow-unregister",
            "deep-link:allow-is-registered",
          ],
        },
        { identifier: "read-only", windows: ["other"], permissions: ["deep-link:default"] },
      ],
    });
    const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
    const page = `${tag}<p>links</p><script type="module">
      window.got = [];
      await tauriGuest.deepLink.onOpenUrl((urls) => got.push(urls));
      window.listening = true;
    </script>`;
    const win = await app.show(page, { label: "main", width: 240, height: 160 });
    const other = await app.show(`${tag}<p>other</p>`, { label: "other", width: 240, height: 160 });
    await waitFor(() => win.evalJs<boolean>("window.listening === true"), {
      what: "onOpenUrl in the page",
    });

    const reg = await win.evalJs<Result>(call(`
      const before = await tauriGuest.deepLink.isRegistered("pnstest");
      await tauriGuest.deepLink.register("pnstest");
      return [before, await tauriGuest.deepLink.isRegistered("pnstest"), await tauriGuest.deepLink.getCurrent()];
    `));
    assertEquals(reg, { ok: true, v: [false, true, null] });
    const entry = await Deno.readTextFile(`${desk.root}/data/applications/${id}-handler.desktop`);
    assertMatch(entry, /^MimeType=x-scheme-handler\/pnstest;$/m);
    assert(entry.includes(`Exec=${Deno.execPath()} run -A ${LAUNCH} %u`), entry);
    assertEquals(
      await xdg("xdg-mime", "query", "default", "x-scheme-handler/pnstest"),
      `${id}-handler.desktop`,
    );

    // The desktop opens a URL: xdg-open runs the entry, whose launch hands it to this app.
    const opened = await new Deno.Command("xdg-open", {
      args: ["pnstest://open/now?x=1"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(opened.code, 0, new TextDecoder().decode(opened.stderr));
    const got = await waitFor(
      async () => {
        const g = await win.evalJs<string[][]>("window.got");
        return g.length ? g : null;
      },
      { what: "the opened URL in onOpenUrl", timeout: 60_000 },
    );
    assertEquals(got, [["pnstest://open/now?x=1"]]);
    assertEquals(
      await win.evalJs<Result>(call(`return await tauriGuest.deepLink.getCurrent()`)),
      { ok: true, v: ["pnstest://open/now?x=1"] },
    );

    // A window with only the default set reads but cannot register: refused, nothing written.
    const denied = await other.evalJs<Result>(
      call(`await tauriGuest.deepLink.register("pnsother")`),
    );
    assertRejectsWithString(
      denied,
      'deep-link.register not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: links, permission: allow-register',
    );
    assert(
      !(await Deno.readTextFile(`${desk.root}/data/applications/${id}-handler.desktop`)).includes(
        "pnsother",
      ),
    );
    assertEquals(await xdg("xdg-mime", "query", "default", "x-scheme-handler/pnsother"), "");
    assertEquals(
      await other.evalJs<Result>(call(`return await panes.deepLink.getCurrent()`)),
      { ok: true, v: ["pnstest://open/now?x=1"] },
    );
    // Positive control: the same call from the granted window.
    assertEquals(
      await win.evalJs<Result>(call(`
        await tauriGuest.deepLink.register("pnsother");
        return await tauriGuest.deepLink.isRegistered("pnsother");
      `)),
      { ok: true, v: true },
    );

    // A malformed scheme is a clear error and writes nothing.
    const bad = await win.evalJs<Result>(
      call(`await tauriGuest.deepLink.register("bad scheme://")`),
    );
    assertEquals(bad.ok, false);
    assertMatch(bad.message!, /"bad scheme:\/\/" is not a URL scheme/);

    // unregister: no longer the handler; the other scheme stays.
    assertEquals(
      await win.evalJs<Result>(call(`
        await tauriGuest.deepLink.unregister("pnstest");
        return [await tauriGuest.deepLink.isRegistered("pnstest"), await tauriGuest.deepLink.isRegistered("pnsother")];
      `)),
      { ok: true, v: [false, true] },
    );
    assertEquals(await xdg("xdg-mime", "query", "default", "x-scheme-handler/pnstest"), "");
  },
);

Deno.test(
  "deep-link: an app started with a URL of its scheme answers it from getCurrent; other arguments are not links",
  WINDOW_TEST,
  async () => {
    await using _desk = await tempDesktop();
    const env = { PANES_TEST_SCHEMES: "pnsstart" };
    const started = await runDeno(["run", "-A", LAUNCH, "pnsstart://item/42"], { env });
    assertEquals(started.code, 0, describe(started));
    assertMatch(started.stdout, /^current \["pnsstart:\/\/item\/42"\]$/m, describe(started));
    // Another scheme, or more than one argument: not a deep link (as Tauri reads argv).
    for (const args of [["other://item/42"], ["pnsstart://item/42", "--verbose"]]) {
      const r = await runDeno(["run", "-A", LAUNCH, ...args], { env });
      assertEquals(r.code, 0, describe(r));
      assertMatch(r.stdout, /^current null$/m, describe(r));
    }
  },
);
