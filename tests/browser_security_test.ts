/**
 * The browser transport against another local user and a killed host
 * (issue 13): one-time links exchanged for an `HttpOnly` session cookie, no
 * secret in a command line or on stdout, the socket's Origin, the Host check
 * with an explicit loopback hostname, malformed handshakes, and browsers
 * (and pages) that end with the panes process that started them, however it
 * ends. Raw requests stand for an attacker without a browser; every refusal
 * is checked beside the same request done the allowed way.
 * @module
 */

import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor, waitForEvent } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import {
  CHROMIUM_FLAGS,
  CHROMIUM_PATH,
  type HeadlessChromium,
  processesOf,
  removeProfile,
  sharedChromium,
} from "./support/chromium.ts";
import { exchange, linkParts, raw, upgradeHeaders } from "./support/browser_raw.ts";
import { BrowserServer } from "../transports/browser/server.ts";
import { isLoopback } from "../transports/served_options.ts";

const chromium: HeadlessChromium = await sharedChromium();
const root = new URL("../", import.meta.url).pathname;

/** A hello a page would send first on its socket. */
const HELLO = JSON.stringify({ h: "raw-client", a: 0, v: 99 });

/** Command lines of the live processes that mention `text` (NULs as spaces). */
function commandLines(text: string): string[] {
  const out: string[] = [];
  for (const pid of processesOf(text)) {
    try {
      out.push(Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " "));
    } catch { /* ended meanwhile */ }
  }
  return out;
}

/** Runs `deno run -A <script> <args>` and waits (30 s at most) for its `ready <text>` line. */
async function startChild(
  script: string,
  args: string[],
): Promise<{ child: Deno.ChildProcess; ready: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    cwd: root,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const timer = setTimeout(() => lines.cancel(), 30_000);
  try {
    for (;;) {
      const { value, done } = await lines.read();
      if (done) break;
      seen += value;
      const m = /^ready (.+)$/m.exec(seen);
      if (m) return { child, ready: m[1] };
    }
  } finally {
    clearTimeout(timer);
    lines.releaseLock();
  }
  child.kill("SIGKILL");
  await child.status;
  throw new Error(`${script} did not print "ready" within 30 s (printed: ${JSON.stringify(seen)})`);
}

/** SIGKILLs a child started by `startChild`: nothing of its own cleanup runs. */
async function killHard(child: Deno.ChildProcess): Promise<void> {
  child.kill("SIGKILL");
  await child.status;
  await child.stdout.cancel().catch(() => {});
}

Deno.test(
  "one-time link: Chromium spends the code once; the same link then gets 403 and no socket; reloads keep the session",
  WINDOW_TEST,
  async () => {
    const opened: string[] = [];
    await using app = new App({
      transport: "browser",
      config: false,
      browser: (url) => {
        opened.push(url);
        return chromium.open(url);
      },
    });
    const win = await app.show(
      "<p id=p>once</p><script>panes.on('e:x', (d) => panes.emit('e:y', d))</script>",
      { label: "once" },
    );
    // The page came up through its link and its bridge works both ways.
    assertEquals(await win.evalJs("document.getElementById('p').textContent"), "once");
    const echo = waitForEvent(win, "e:y");
    win.emit("e:x", 42);
    assertEquals(await echo, 42);
    assertEquals(opened.length, 1);
    const { port, host, origin, page, path } = linkParts(opened[0]);
    assertMatch(path, /^\/w\/\d+\?code=[\w-]{43}$/);
    assertEquals(
      await win.evalJs("location.pathname + location.search"),
      page,
      "the tab was sent on to the clean URL",
    );
    assertEquals(await win.evalJs("document.cookie"), "", "the session cookie is HttpOnly");
    // The same link again, from a client without the browser's cookie: refused, and clear.
    const again = await raw(port, path, { Host: host });
    assertEquals(again.status, 403);
    assertMatch(again.body, /already used.*Open a new link/s);
    assertEquals(again.headers.get("set-cookie"), null);
    assertEquals((await raw(port, `${page}?code=made-up`, { Host: host })).status, 403);
    // Nor does its code open a socket.
    const search = new URL(opened[0]).search;
    const sock = await raw(
      port,
      `${page}/ws${search}`,
      upgradeHeaders(host, origin, "panes.v1"),
      [HELLO],
    );
    assertEquals([sock.status, sock.closeCode, sock.texts], [101, 4001, []]);
    // Control: a fresh link, the same request, is exchanged once (303, the cookie, the clean
    // URL), and its cookie passes the socket's checks (a frame that is not a hello then gets
    // 4004 from the link, not 4001 from the door: the tab's socket is left alone).
    const fresh = await win.proxy.url();
    const first = await raw(port, linkParts(fresh).path, { Host: host });
    assertEquals([first.status, first.headers.get("location")], [303, page]);
    assertMatch(
      first.headers.get("set-cookie")!,
      /^panes_\d+_w\d+=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/$/,
    );
    const cookie = first.headers.get("set-cookie")!.split(";")[0];
    const authed = await raw(
      port,
      `${page}/ws`,
      upgradeHeaders(host, origin, "panes.v1", cookie),
      ["not a hello"],
    );
    assertEquals([authed.status, authed.closeCode], [101, 4004]);
    assertEquals((await raw(port, linkParts(fresh).path, { Host: host })).status, 403);
    // A reload has no code: the cookie carries it, and the page is wired again.
    const t0 = await win.evalJs<number>("performance.timeOrigin");
    win.eval("location.reload()");
    await waitFor(
      async () => (await win.evalJs<number>("performance.timeOrigin").catch(() => t0)) !== t0,
      { what: "the reloaded page" },
    );
    assertEquals(await win.evalJs("document.getElementById('p').textContent"), "once");
    assertEquals(app.windows, ["once"]);
  },
);

Deno.test(
  "a link followed from another site's page opens the window (the Strict cookie on a same-origin refresh)",
  WINDOW_TEST,
  async () => {
    await using app = new App({ transport: "browser", config: false, browser: () => {} });
    const win = await app.show("<p id=p>linked</p>", { label: "linked", visible: false });
    const link = await win.proxy.url();
    const other = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () =>
        new Response(`<a id=go href=${JSON.stringify(link)}>open</a><script>go.click()</script>`, {
          headers: { "content-type": "text/html" },
        }),
    );
    try {
      // Another site: localhost is not 127.0.0.1 to cookies (ports never count).
      const tab = await chromium.open(`http://localhost:${other.addr.port}/`);
      assertEquals(
        await win.evalJs("document.getElementById('p').textContent", { timeoutMs: 15_000 }),
        "linked",
      );
      await chromium.closeTab(tab);
    } finally {
      await other.shutdown();
    }
  },
);

Deno.test("a code that expired answers 403; one within its time is exchanged", async () => {
  const server = new BrowserServer(
    { hostname: "127.0.0.1", port: 0 },
    (id) =>
      id === 1
        ? { secret: "s".repeat(43), closed: false, page: () => "p", script: () => "" }
        : undefined,
    () => {},
  );
  server.start();
  try {
    const late = server.link(1, 1);
    const timely = server.link(1, 60_000);
    await new Promise((r) => setTimeout(r, 20));
    const { port, host } = linkParts(late);
    const expired = await raw(port, linkParts(late).path, { Host: host });
    assertEquals(expired.status, 403);
    assertMatch(expired.body, /already used, or has expired/);
    assertEquals((await raw(port, linkParts(timely).path, { Host: host })).status, 303);
  } finally {
    await server.shutdown();
  }
});

Deno.test(
  "a browser panes launches holds no secret in its command line; the link there is dead once used",
  WINDOW_TEST,
  async () => {
    const profile = await Deno.makeTempDir({ prefix: "panes-cmdline-secret-" });
    const line = [CHROMIUM_PATH, ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`]
      .map((w) => `'${w}'`).join(" ");
    const app = new App({ transport: "browser", browser: line, config: false });
    try {
      const win = await app.show("<p id=p>launched</p>", { label: "cmd" });
      assertEquals(await win.evalJs("document.getElementById('p').textContent"), "launched");
      // The window's session secret (one per window: every link buys the same cookie).
      const secret = (await exchange(await win.proxy.url())).split("=")[1];
      const lines = commandLines(profile);
      assert(lines.some((l) => l.includes("--user-data-dir")), "the browser's processes");
      for (const l of lines) assert(!l.includes(secret), `the session secret is in: ${l}`);
      const seen = /http:\/\/127\.0\.0\.1:\d+\/w\/\d+\?\S+/.exec(lines.join("\n"));
      assert(seen, "the link the browser was given");
      const { port, host, path } = linkParts(seen[0]);
      const reuse = await raw(port, path, { Host: host });
      assertEquals(reuse.status, 403, "the link in the command line was spent by the browser");
    } finally {
      await app.destroy();
      assert(await removeProfile(profile), "no Chromium process left with that profile");
    }
  },
);

Deno.test(
  "open: false prints only a one-time link, dead after its first use",
  WINDOW_TEST,
  async () => {
    const printed: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void printed.push(a.join(" "));
    try {
      await using app = new App({
        transport: "browser",
        open: false,
        config: false,
        browser: () => {
          throw new Error("open: false opens nothing");
        },
      });
      await app.show("<p>printed</p>", { label: "printed" });
      assertEquals(printed.length, 1);
      const m = /(http:\/\/\S+)/.exec(printed[0]);
      assert(m, `a URL in ${printed[0]}`);
      const { port, host, path, page } = linkParts(m[1]);
      const first = await raw(port, path, { Host: host });
      assertEquals([first.status, first.headers.get("location")], [303, page], "its first use");
      const secret = first.headers.get("set-cookie")!.split(";")[0].split("=")[1];
      assert(!printed.join("\n").includes(secret), "the session secret was printed");
      const second = await raw(port, path, { Host: host });
      assertEquals(second.status, 403, "its second use");
      assertEquals(second.headers.get("set-cookie"), null);
    } finally {
      console.log = log;
    }
  },
);

Deno.test(
  "a socket with the right cookie but a foreign Origin is refused",
  WINDOW_TEST,
  async () => {
    await using app = new App({ transport: "browser", config: false, browser: () => {} });
    const win = await app.show("<p>o</p>", { label: "origin", visible: false });
    const link = await win.proxy.url();
    const { port, host, origin, page } = linkParts(link);
    const cookie = await exchange(link);
    // Cookies do not tell ports apart: a page of another server on 127.0.0.1 is same-site, so
    // the browser sends it the cookie; only the Origin check stands between them.
    for (
      const foreign of [
        "http://evil.example",
        "http://127.0.0.1:1",
        `http://localhost:${port}`,
        "null",
      ]
    ) {
      const r = await raw(
        port,
        `${page}/ws`,
        upgradeHeaders(host, foreign, "panes.v1", cookie),
        [HELLO],
      );
      assertEquals([foreign, r.status, r.closeCode, r.texts], [foreign, 101, 4001, []]);
    }
    const own = await raw(
      port,
      `${page}/ws`,
      upgradeHeaders(host, origin, "panes.v1", cookie),
      [HELLO],
      1,
    );
    assertEquals(own.status, 101);
    assertEquals(JSON.parse(own.texts[0]), { w: 1, a: 0 });
  },
);

Deno.test(
  'hostname: "127.0.0.1" given explicitly keeps the Host check (DNS rebinding)',
  WINDOW_TEST,
  async () => {
    await using app = new App({
      transport: "browser",
      hostname: "127.0.0.1",
      config: false,
      browser: () => {},
    });
    const win = await app.show("<p>h</p>", { label: "host", visible: false });
    const link = await win.proxy.url();
    const { port, host, path, page } = linkParts(link);
    assertEquals(host, `127.0.0.1:${port}`);
    const rebound = await raw(port, path, { Host: `evil.example:${port}` });
    assertEquals(rebound.status, 403);
    assertMatch(rebound.body, /unknown host/);
    // The same link (its code unspent by the refusal) with the server's own Host.
    const own = await raw(port, path, { Host: host });
    assertEquals(own.status, 303);
    const cookie = own.headers.get("set-cookie")!.split(";")[0];
    for (const h of [`evil.example:${port}`, "evil.example", `127.0.0.1:${port + 1}`]) {
      assertEquals([h, (await raw(port, page, { Host: h, Cookie: cookie })).status], [h, 403]);
    }
    for (const h of [host, `localhost:${port}`]) {
      assertEquals([h, (await raw(port, page, { Host: h, Cookie: cookie })).status], [h, 200]);
    }
    // Every loopback address keeps the check; only another interface may relax it.
    for (const h of ["127.0.0.1", "127.0.0.2", "127.255.0.1", "localhost", "::1", "[::1]"]) {
      assert(isLoopback(h), h);
    }
    for (
      const h of ["0.0.0.0", "::", "192.168.1.10", "example.com", "128.0.0.1", "127.0.0.1.nip.io"]
    ) {
      assert(!isLoopback(h), h);
    }
  },
);

Deno.test(
  "a malformed Sec-WebSocket-Protocol header gets 400, no server error, and a good socket works right after",
  WINDOW_TEST,
  async () => {
    const errors: string[] = [];
    const error = console.error;
    console.error = (...a: unknown[]) => void errors.push(a.join(" "));
    try {
      await using app = new App({ transport: "browser", config: false, browser: () => {} });
      const win = await app.show("<p>p</p>", { label: "proto", visible: false });
      const link = await win.proxy.url();
      const { port, host, origin, page } = linkParts(link);
      const cookie = await exchange(link);
      for (
        const header of [
          "panes.v1, panes.token., ,",
          "panes.v1,panes.x", // an HTTP 500 before
          "panes.v1, panes.v1",
          "panes.v1, bad token",
          "panes.v1, x/y",
          ",",
        ]
      ) {
        const r = await raw(
          port,
          `${page}/ws`,
          upgradeHeaders(host, origin, header, cookie),
          [HELLO],
        );
        assertEquals([header, r.status], [header, 400]);
        assertMatch(r.body, /malformed Sec-WebSocket-Protocol/);
      }
      const good = await raw(
        port,
        `${page}/ws`,
        upgradeHeaders(host, origin, "panes.v1", cookie),
        [HELLO],
        1,
      );
      assertEquals(good.status, 101);
      assertEquals(JSON.parse(good.texts[0]), { w: 1, a: 0 });
    } finally {
      console.error = error;
    }
    assertEquals(errors, [], "nothing was logged as a server error");
  },
);

Deno.test(
  "a killed panes process takes the browser it launched with it",
  WINDOW_TEST,
  async () => {
    const profile = await Deno.makeTempDir({ prefix: "panes-orphan-" });
    const line = [CHROMIUM_PATH, ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`]
      .map((w) => `'${w}'`).join(" ");
    const { child } = await startChild("tests/support/browser_child.ts", [line, "60000"]);
    try {
      // While the host lives, its browser does (and stays: well past a second).
      await new Promise((r) => setTimeout(r, 1000));
      assert(
        commandLines(profile).some((l) => l.includes("--user-data-dir") && !l.startsWith("sh ")),
        "the browser runs while its host does",
      );
    } finally {
      await killHard(child);
    }
    // The page's grace period is a minute: only the tie to the host can end the browser now.
    await waitFor(
      () => processesOf(profile).length === 0,
      { what: "every process of the killed host's browser to end", timeout: 15_000 },
    );
    await removeProfile(profile);
  },
);

Deno.test(
  "a page whose host was killed closes itself after the grace period",
  WINDOW_TEST,
  async () => {
    const opener = new URL("./support/open_tab.ts", import.meta.url).pathname;
    const line =
      `'${Deno.execPath()}' run --quiet --allow-net=127.0.0.1 '${opener}' ${chromium.port}`;
    const { child, ready: pageUrl } = await startChild("tests/support/browser_child.ts", [
      line,
      "1000",
    ]);
    try {
      await new Promise((r) => setTimeout(r, 1500)); // past the grace period: the host is alive
      assert(
        (await chromium.tabs()).some((t) => t.url.startsWith(pageUrl)),
        `the page's tab ${pageUrl} is open while its host lives`,
      );
    } finally {
      await killHard(child);
    }
    await waitFor(
      async () => !(await chromium.tabs()).some((t) => t.url.startsWith(pageUrl)),
      { what: "the page of the killed host to close its tab", timeout: 15_000 },
    );
  },
);

Deno.test(
  "a killed test process takes the test kit's Chromium with it",
  WINDOW_TEST,
  async () => {
    const { child, ready: profile } = await startChild("tests/support/browser_kit_child.ts", []);
    try {
      await new Promise((r) => setTimeout(r, 500));
      assert(
        commandLines(profile).some((l) => l.includes("--remote-debugging-port")),
        "the kit's Chromium runs while its process does",
      );
    } finally {
      await killHard(child);
    }
    await waitFor(
      () => processesOf(profile).length === 0,
      { what: "every process of the killed test process's Chromium to end", timeout: 15_000 },
    );
    await removeProfile(profile);
  },
);
