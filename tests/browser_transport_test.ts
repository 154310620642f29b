/**
 * The browser transport itself, in a real (headless) Chromium: security
 * (session cookie, origin, host; more in `browser_security_test.ts`), reconnects that lose and duplicate nothing, reloads
 * that are not closes, the grace period, `open: false` and `display()`, the
 * browser command line, modes, and native-only calls.
 * @module
 */

import { assert, assertEquals, assertMatch, assertRejects } from "./support/assert.ts";
import { z } from "zod";
import { App, Commands, HtmlContent, Menu, MenuItem, Submenu } from "../mod.ts";
import { waitFor, waitForEvent } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import {
  CHROMIUM_FLAGS,
  CHROMIUM_PATH,
  type HeadlessChromium,
  removeProfile,
  sharedChromium,
} from "./support/chromium.ts";
import { exchange, linkParts, raw, upgradeHeaders } from "./support/browser_raw.ts";

const chromium: HeadlessChromium = await sharedChromium();
/** Opens pages as tabs of the shared Chromium. */
const inChromium = (url: string) => chromium.open(url);

function browserApp(extra: ConstructorParameters<typeof App>[0] = {}): App {
  return new App({ transport: "browser", browser: inChromium, config: false, ...extra });
}

Deno.test(
  "security: no session cookie, a wrong origin or host is refused; nothing runs",
  WINDOW_TEST,
  async () => {
    let ran = 0;
    const commands = new Commands().command("pwn", { body: z.unknown() }, () => ran++);
    await using app = browserApp({ commands });
    app.on("app:pwn", () => ran++);
    const win = await app.show("<p id=p>secret page</p>", { label: "sec" });
    const link = await win.proxy.url();
    const { port, host, origin, page: pagePath } = linkParts(link);
    const wsPath = `${pagePath}/ws`;
    assertEquals(new URL(link).hostname, "127.0.0.1", "loopback by default");
    const cookie = await exchange(link); // as a browser would: the session of "sec"
    const [name, secret] = cookie.split("=");
    // Pages: 403 without the right cookie, or for another Host (DNS rebinding); 200 with it.
    const page = (c: string | null, h = host) =>
      raw(port, pagePath, c === null ? { Host: h } : { Host: h, Cookie: c });
    assertEquals((await page(null)).status, 403);
    assertEquals((await page(`${name}=x${secret.slice(1)}`)).status, 403);
    assertEquals((await page(`${name}=${secret.slice(0, -1)}`)).status, 403);
    assertEquals((await page(`other=${secret}`)).status, 403);
    assertEquals((await page(cookie, `evil.example:${port}`)).status, 403);
    assertEquals((await page(cookie)).status, 200);
    assertEquals((await raw(port, `${pagePath}/bridge.js`, { Host: host })).status, 403);
    assertEquals(
      (await raw(port, `${pagePath}/bridge.js`, { Host: host, Cookie: cookie })).status,
      200,
    );
    // Sockets: closed with 4001 before any frame is read; the frames that follow do nothing.
    const attack = [
      JSON.stringify({ h: "attacker", a: 0, v: 1 }),
      JSON.stringify({
        s: 1,
        a: 0,
        m: [{ k: "inv", i: 1, c: "pwn", b: null }, { k: "emit", e: "app:pwn", d: 1 }],
      }),
    ];
    const spareLink = await win.proxy.url(); // unused: a code in a socket's URL buys nothing
    const cases: Array<[string, string | undefined, string, string | undefined, string]> = [
      ["no cookie", origin, "panes.v1", undefined, host],
      ["wrong cookie", origin, "panes.v1", `${name}=${secret.slice(0, -2)}xy`, host],
      ["secret as a subprotocol", origin, `panes.v1, panes.token.${secret}`, undefined, host],
      ["code in the URL only", origin, "panes.v1", undefined, host],
      ["wrong origin", "http://evil.example", "panes.v1", cookie, host],
      ["no origin", undefined, "panes.v1", cookie, host],
      ["wrong host", `http://evil.example:${port}`, "panes.v1", cookie, `evil.example:${port}`],
    ];
    for (const [what, o, protocols, c, h] of cases) {
      const path = what === "code in the URL only"
        ? `${wsPath}${new URL(spareLink).search}`
        : wsPath;
      const r = await raw(port, path, upgradeHeaders(h, o, protocols, c), attack);
      assertEquals([what, r.status, r.closeCode], [what, 101, 4001]);
      assertEquals(r.texts, [], `${what}: the server said nothing else`);
    }
    // The right cookie and origin are accepted: shown on a window no browser opened (visible:
    // false), so the raw client does not replace the real page of "sec".
    const spare = await app.show("<p>spare</p>", { label: "spare", visible: false });
    const spareCookie = await exchange(await spare.proxy.url());
    const ok = await raw(
      port,
      `${linkParts(await spare.proxy.url()).page}/ws`,
      upgradeHeaders(host, origin, "panes.v1", spareCookie),
      [JSON.stringify({ h: "x", a: 0, v: 99 })],
      1,
    );
    assertEquals(ok.status, 101);
    assertEquals(JSON.parse(ok.texts[0]), { w: 1, a: 0 });
    // A page on another origin reaches nothing: the browser does not send the SameSite=Strict
    // cookie across sites, and the origin is wrong anyway.
    const evil = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
      const u = new URL(req.url);
      if (u.pathname === "/report") {
        reports.push(u.searchParams.get("code")!);
        return new Response("ok");
      }
      return new Response(
        `<script>const ws = new WebSocket(${JSON.stringify(`ws://${host}${wsPath}`)}, ["panes.v1"]);
        ws.onopen = () => ws.send(${JSON.stringify(attack[0])});
        ws.onclose = (e) => fetch("/report?code=" + e.code);</script>`,
        { headers: { "content-type": "text/html" } },
      );
    });
    const reports: string[] = [];
    try {
      const tab = await chromium.open(`http://127.0.0.1:${evil.addr.port}/`);
      await waitFor(() => reports.length === 1, { what: "the foreign page's report" });
      assertEquals(reports, ["4001"]);
      await chromium.closeTab(tab);
    } finally {
      await evil.shutdown();
    }
    assertEquals(ran, 0, "no command ran and no event arrived");
    assertEquals(await win.evalJs("document.getElementById('p').textContent"), "secret page");
  },
);

Deno.test(
  "reconnect: a page that loses its socket mid-stream loses and duplicates nothing, both ways",
  WINDOW_TEST,
  async () => {
    await using app = browserApp({ graceMs: 5000 });
    const ready: unknown[] = [];
    app.on("window:ready", (d) => ready.push(d));
    const win = await app.show(
      `<script>
      window.got = [];
      panes.on("t:h", (d) => got.push(d.i));
      // Cut the socket every so often: the next frame given to send() is swallowed (lost on the
      // wire, its acknowledgement included) and the socket closes; frames the host sends while
      // it closes are dropped by the browser.
      window.cuts = 0;
      // What the wire saw: page batches swallowed and sent, host batches received (per socket).
      window.wire = { lost: [], sent: [], dupIn: 0 };
      const seq = (d) => { try { return JSON.parse(d).s } catch { return undefined } };
      const send = WebSocket.prototype.send;
      let swallow = 0;
      WebSocket.prototype.send = function (d) {
        const s = seq(d);
        if (swallow > 0) {
          if (s !== undefined) wire.lost.push(s);
          if (--swallow === 0) { cuts++; this.close(); }
          return;
        }
        if (s !== undefined) wire.sent.push(s);
        return send.call(this, d);
      };
      window.cut = () => { swallow = 1; };
      let maxIn = 0;
      const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, "onmessage");
      Object.defineProperty(WebSocket.prototype, "onmessage", {
        set(fn) {
          let prevMax = maxIn; // what earlier sockets already brought
          onmessage.set.call(this, (ev) => {
            const s = seq(ev.data);
            if (s !== undefined) {
              if (s <= prevMax) wire.dupIn++;
              maxIn = Math.max(maxIn, s);
            }
            return fn(ev);
          });
        },
        get() { return onmessage.get.call(this); },
      });
      </script>`,
      { label: "rc" },
    );
    const received: number[] = [];
    win.on("t:p", (d) => received.push((d as { i: number }).i));
    const N = 3000;
    // Both directions stream at once, in small steps, while the page cuts its socket 4 times.
    await win.evalJs(
      `(async () => {
      for (let i = 0; i < ${N}; i++) {
        panes.emit("t:p", { i });
        if (i % 50 === 49) await new Promise((r) => setTimeout(r, 2));
        if (i % 700 === 350) cut();
      }
      return 0;
    })()`,
      { timeoutMs: 60_000 },
    );
    for (let i = 0; i < N; i++) {
      win.emit("t:h", { i });
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 2));
      if (i % 700 === 350) win.eval("cut()");
    }
    await waitFor(() => received.length >= N, {
      what: "every page → host message",
      timeout: 30_000,
    });
    await waitFor(
      () => win.evalJs<boolean>(`got.length >= ${N}`),
      { what: "every host → page message", timeout: 30_000 },
    );
    await new Promise((r) => setTimeout(r, 300)); // late duplicates would show up now
    assertEquals(received.length, N, "page → host: nothing twice");
    assert(received.every((v, i) => v === i), "page → host: in order");
    assertEquals(await win.evalJs(`got.length`), N, "host → page: nothing twice");
    assertEquals(await win.evalJs(`got.every((v, i) => v === i)`), true, "host → page: in order");
    const cuts = await win.evalJs<number>("cuts");
    assert(cuts >= 4, `the socket was cut (${cuts} times)`);
    // The cuts did lose page batches, and they were replayed; the host resent nothing the page
    // had (the hello carries the page's acknowledgement).
    const wire = await win.evalJs<{ lost: number[]; sent: number[]; dupIn: number }>("wire");
    assert(wire.lost.length >= 1, "page batches were lost on the wire");
    for (const s of wire.lost) assert(wire.sent.includes(s), `lost page batch ${s} was replayed`);
    assertEquals(wire.dupIn, 0, "host batches the page already had came again");
    assertEquals(ready.length, 1, "a reconnect is not a new page");
    assertEquals(app.windows, ["rc"]);
    // Invokes and evalJs still answer after all that.
    assertEquals(await win.evalJs("panes.event.emit('x-y', 1).then(() => 'ok')"), "ok");
  },
);

Deno.test(
  "a reload is not a close; a page gone past the grace period closes its window",
  WINDOW_TEST,
  async () => {
    await using app = browserApp({ graceMs: 1500 });
    const events: string[] = [];
    app.on("window:ready", (d) => events.push(`ready:${(d as { reloaded: boolean }).reloaded}`));
    app.on("window:closed", () => events.push("closed"));
    const win = await app.show(
      "<p>x</p><script>panes.on('k:v', (d) => panes.emit('k:w', d))</script>",
      {
        label: "gr",
      },
    );
    let closed = false;
    win.closed.then(() => closed = true);
    const t0 = await win.evalJs<number>("performance.timeOrigin");
    win.eval("location.reload()");
    await waitFor(
      async () => (await win.evalJs<number>("performance.timeOrigin").catch(() => t0)) !== t0,
      { what: "the reloaded page" },
    );
    await new Promise((r) => setTimeout(r, 2000)); // past the grace period: still open
    assertEquals(closed, false);
    assertEquals(events, ["ready:false", "ready:true"]);
    const echo = waitForEvent(win, "k:w");
    win.emit("k:v", 7);
    assertEquals(await echo, 7, "the new page is wired");
    // Closing the tab as a user would: the window goes after the grace period, not before.
    const link = new URL(await win.proxy.url());
    const pageUrl = link.origin + link.pathname; // where the one-time link redirected the tab
    const tab = (await chromium.tabs()).find((t) => t.url === pageUrl);
    assert(tab, "the page's tab");
    const gone = performance.now();
    await chromium.closeTab(tab.id);
    await new Promise((r) => setTimeout(r, 700));
    assertEquals(closed, false, "not before the grace period");
    await win.closed;
    const after = performance.now() - gone;
    assert(after >= 1400 && after < 6000, `closed ${after.toFixed(0)} ms after the tab`);
    assertEquals(events.at(-1), "closed");
    assertEquals(app.windows, []);
  },
);

Deno.test(
  "open: false prints the URL; messages wait for the page; display() opens it",
  WINDOW_TEST,
  async () => {
    const printed: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void printed.push(a.join(" "));
    let opened = 0;
    try {
      await using app = new App({
        transport: "browser",
        open: false,
        config: false,
        browser: (url) => {
          opened++;
          return chromium.open(url);
        },
      });
      const win = await app.show(
        "<script>window.got = []; panes.on('q:x', (d) => got.push(d))</script>",
        { label: "later" },
      );
      assertEquals(opened, 0);
      assertEquals(printed.length, 1);
      assertMatch(
        printed[0],
        /window "later": http:\/\/127\.0\.0\.1:\d+\/w\/\d+\?code=[\w-]{43} \(opens the page once/,
      );
      win.emit("q:x", 1);
      win.emit("q:x", 2);
      win.display();
      await waitFor(() => win.evalJs<boolean>("got.length === 2"), { what: "the held messages" });
      assertEquals(await win.evalJs("got"), [1, 2]);
      assertEquals(opened, 1);
      win.display(); // open already: no second tab
      await new Promise((r) => setTimeout(r, 200));
      assertEquals(opened, 1);
    } finally {
      console.log = log;
    }
  },
);

Deno.test(
  "the browser command line opens the page (URL appended); its processes end with the app",
  WINDOW_TEST,
  async () => {
    const profile = await Deno.makeTempDir({ prefix: "panes-cmdline-" });
    const line = [CHROMIUM_PATH, ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`]
      .map((w) => `'${w}'`).join(" ");
    const app = new App({ transport: "browser", browser: line, config: false });
    const win = await app.show("<p id=p>from the command line</p>", { title: "cmdline" });
    assertEquals(
      await win.evalJs("document.getElementById('p').textContent"),
      "from the command line",
    );
    assertEquals(await win.evalJs("document.title"), "cmdline");
    await app.destroy();
    assert(await removeProfile(profile), "no Chromium process left with that profile");
    // A command that fails, or does not exist, is a clear error.
    await using bad = new App({ transport: "browser", browser: "false", config: false });
    await assertRejects(
      () => bad.show("<p>x</p>"),
      Error,
      'browser command "false" exited with code 1',
    );
    assertEquals(bad.windows, []);
    await using missing = new App({
      transport: "browser",
      browser: "/nonexistent/browser --flag",
      config: false,
    });
    await assertRejects(
      () => missing.show("<p>x</p>"),
      Error,
      'cannot start the browser command "/nonexistent/browser"',
    );
  },
);

Deno.test(
  "native-only calls reject clearly; title, url, reload and update work",
  WINDOW_TEST,
  async () => {
    await using app = browserApp({ plugins: ["dialog"], capabilities: ["dialog:default"] });
    const win = await app.show("<p>x</p>", { label: "n" });
    for (
      const [what, call] of [
        ["maximize", () => win.maximize()],
        ["screenshot", () => win.screenshot()],
        ["setVisible", () => win.hide()],
        ["setSize", () => win.setSize(100, 100)],
        ["isMaximized", () => win.proxy.isMaximized()],
        ["setZoom", () => win.setZoom(2)],
        ["openDevtools", () => win.proxy.openDevtools()],
      ] as const
    ) {
      // The op named is the native one the call needed (maximize first reads isMaximized).
      const e = await assertRejects(call, Error, "native windows only");
      assertMatch(e.message, /^\w+: native windows only \(window "n"/, what);
    }
    await assertRejects(
      () => win.navigate("https://example.com/"),
      TypeError,
      "the browser transport shows app content",
    );
    await assertRejects(
      () => app.show({ url: "https://example.com/" }),
      TypeError,
      "the browser transport shows app content",
    );
    await assertRejects(() => app.createTray({}), Error, "createTray: native windows only");
    const menu = new Menu("m", [
      new Submenu("File", [new MenuItem({ id: "a", text: "A", handler: () => {} })]),
    ]);
    await assertRejects(() => app.show("<p>m</p>", { menu }), Error, "native windows only");
    assertMatch(
      await win.evalJs<string>(
        "panes.invoke('plugin:dialog|message', { message: 'hi' }).catch((e) => e.message)",
      ),
      /native windows only/,
    );
    // What a browser can do, it does.
    await win.setTitle("Renamed");
    assertEquals(await win.evalJs("document.title"), "Renamed");
    assertMatch(await win.proxy.url(), /^http:\/\/127\.0\.0\.1:\d+\/w\/\d+\?code=[\w-]{43}$/);
    await win.evalJs("window.mark = 1");
    await win.reload();
    assertEquals(await win.evalJs("typeof window.mark"), "undefined");
    await win.update("<p id=u>updated</p>");
    assertEquals(await win.evalJs("document.getElementById('u').textContent"), "updated");
    assertEquals(app.windows, ["n"]);
  },
);

Deno.test(
  "modes on the browser transport: single replaces, multi closes with the primary",
  WINDOW_TEST,
  async () => {
    await using single = browserApp({ mode: "single" });
    const a = await single.show(`<p id=v>1</p>`);
    const b = await single.show(`<p id=v>2</p>`, { title: "two" });
    assert(a === b, "same handle");
    assertEquals(single.windows, ["main"]);
    assertEquals(await a.evalJs("[document.getElementById('v').textContent, document.title]"), [
      "2",
      "two",
    ]);
    await using multi = browserApp({ mode: "multi" });
    const primary = await multi.show("<p>p</p>", { label: "primary" });
    const others = [await multi.show("<p>o1</p>"), await multi.show("<p>o2</p>")];
    await others[0].close();
    assertEquals(multi.windows.length, 2);
    const run = multi.run();
    await primary.close();
    await others[1].closed;
    await run;
    assertEquals(multi.windows, []);
  },
);

Deno.test("bad browser-transport options are clear errors", () => {
  const make = (o: Record<string, unknown>) => () => new App({ config: false, ...o });
  const throwsWith = (f: () => unknown, text: string) => {
    try {
      f();
    } catch (e) {
      assertMatch(String((e as Error).message), new RegExp(text));
      return;
    }
    throw new Error(`expected an error with ${text}`);
  };
  throwsWith(
    make({ transport: "carrier-pigeon" }),
    'transport must be "native", "browser" or "notebook"',
  );
  throwsWith(make({ transport: "browser", port: 70000 }), "port must be an integer");
  throwsWith(make({ transport: "browser", browser: "  " }), "empty command line");
  throwsWith(make({ transport: "browser", browser: "'open" }), "unclosed");
  throwsWith(make({ transport: "browser", graceMs: 0 }), "graceMs must be a positive");
  throwsWith(make({ transport: "browser", hostname: "" }), "hostname must be");
});

Deno.test("examples/browser.ts runs in a browser opened from PANES_BROWSER", async () => {
  const profile = await Deno.makeTempDir({ prefix: "panes-example-" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "examples/browser.ts"],
      cwd: new URL("../", import.meta.url).pathname,
      env: {
        PANES_EXAMPLE_AUTORUN: "1",
        PANES_BROWSER: [CHROMIUM_PATH, ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`].join(" "),
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    assertMatch(stdout, /page shows: \["\d\d:\d\d:\d\d","2","liftoff"\]/);
    assertMatch(stdout, /counter on the host: 2/);
    assertMatch(stdout, /the page says: \{"said":"liftoff"\}/);
  } finally {
    assert(await removeProfile(profile), "the example's browser ended with it");
  }
});

Deno.test(
  "hot reload in a browser page: CSS is injected, a changed script reloads",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-hot-browser-" });
    try {
      await Deno.writeTextFile(`${dir}/s.css`, "#b { color: rgb(255, 0, 0); }");
      await Deno.writeTextFile(`${dir}/a.js`, "window.version = 1;");
      await using app = browserApp({ hotReload: true });
      const win = await app.show(
        new HtmlContent({
          html: "<p id=b>x</p>",
          cssFiles: [`${dir}/s.css`],
          scriptFiles: [`${dir}/a.js`],
        }),
      );
      const color = () =>
        win.evalJs<string>("getComputedStyle(document.getElementById('b')).color");
      assertEquals(await color(), "rgb(255, 0, 0)");
      await win.evalJs("window.kept = 1");
      await Deno.writeTextFile(`${dir}/s.css`, "#b { color: rgb(0, 0, 255); }");
      await waitFor(async () => await color() === "rgb(0, 0, 255)", { what: "the new CSS" });
      assertEquals(await win.evalJs("window.kept"), 1, "CSS needs no reload");
      await Deno.writeTextFile(`${dir}/a.js`, "window.version = 2;");
      await waitFor(
        () => win.evalJs<number>("window.version").then((v) => v === 2).catch(() => false),
        { what: "the reloaded script" },
      );
      assertEquals(await win.evalJs("typeof window.kept"), "undefined");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "browser transport: an event that cannot be sent is dropped alone, before and after the page connects",
  WINDOW_TEST,
  async () => {
    await using app = browserApp();
    const win = await app.show(
      `<script>window.got = []; panes.on("t:*", (d, t) => got.push(t));</script>`,
    );
    // Queued while the page loads or reconnects, then replayed: the bad one must not be kept.
    win.emit("t:a", 1);
    win.emit("t:bad", { n: 1n });
    win.emit("t:b", 2);
    await new Promise((r) => setTimeout(r, 200));
    win.emit("t:c", 3);
    win.emit("t:bad", { n: 2n });
    win.emit("t:d", 4);
    await waitFor(
      async () => (await win.evalJs<string[]>(`got`)).length >= 4,
      { what: "the good events" },
    );
    await new Promise((r) => setTimeout(r, 200)); // duplicates would show up now
    assertEquals(await win.evalJs(`got`), ["t:a", "t:b", "t:c", "t:d"]);
  },
);
