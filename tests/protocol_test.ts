import { assert, assertEquals, assertMatch, assertRejects } from "./support/assert.ts";
import { App, HtmlContent } from "../mod.ts";
import { decodePng, near, pixel, waitFor, waitForEvent } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { NATIVE_ONLY, TRANSPORT } from "./support/transport.ts";

const small = { width: 360, height: 260 };

Deno.test("10,000 emits each way arrive complete and in order", WINDOW_TEST, async () => {
  await using app = new App();
  const win = await app.show(
    `<script>window.got = []; panes.on("t:n", (d) => got.push(d.i));</script>`,
    { ...small, label: "burst" },
  );
  const received: number[] = [];
  win.on("p:n", (d) => received.push((d as { i: number }).i));
  for (let i = 0; i < 10_000; i++) win.emit("t:n", { i });
  await waitFor(
    () => win.evalJs<boolean>("got.length === 10000"),
    { what: "10,000 emits in the page", timeout: 30_000 },
  );
  assertEquals(await win.evalJs("got.every((v, i) => v === i)"), true);
  await win.evalJs("for (let i = 0; i < 10000; i++) panes.emit('p:n', { i }); 0");
  await waitFor(() => received.length === 10_000, {
    what: "10,000 emits on the host",
    timeout: 30_000,
  });
  assert(received.every((v, i) => v === i), "page → host order");
});

Deno.test(
  "an emit issued before the page is ready is delivered, in order",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const win = await app.show(
      `<script>window.log = []; panes.on("q:*", (d, t) => log.push(t + "=" + d));</script>`,
      small,
    );
    const updated = win.update(
      `<script>window.log = []; panes.on("q:*", (d, t) => log.push(t + "=" + d));</script><p>v2</p>`,
    );
    win.emit("q:a", 1);
    win.emit("q:b", 2);
    await updated;
    await waitFor(() => win.evalJs<boolean>("log.length === 2"), { what: "both queued emits" });
    assertEquals(await win.evalJs("log"), ["q:a=1", "q:b=2"]);
    assertEquals(await win.evalJs("document.querySelector('p').textContent"), "v2");
  },
);

Deno.test(
  "labels route: one label reaches only its window, no label reaches all",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const page = `<script>window.hits = []; panes.on("app:ping", (d) => hits.push(d));</script>`;
    const wins = await Promise.all(
      ["one", "two", "three"].map((label) => app.show(page, { ...small, label })),
    );
    app.emit("app:ping", "only-two", "two");
    app.emit("app:ping", "all");
    await waitFor(() => wins[0].evalJs<boolean>("hits.length === 1"), {
      what: "broadcast in window one",
    });
    await waitFor(() => wins[1].evalJs<boolean>("hits.length === 2"), {
      what: "both in window two",
    });
    assertEquals(await wins[0].evalJs("hits"), ["all"]);
    assertEquals(await wins[1].evalJs("hits"), ["only-two", "all"]);
    assertEquals(await wins[2].evalJs("hits"), ["all"]);
    // Host side: a handler for one label hears only that window.
    const heard: string[] = [];
    app.on("app:hello", (_d, _t, label) => heard.push(`one-only:${label}`), "one");
    app.on("app:hello", (_d, _t, label) => heard.push(`any:${label}`));
    await wins[1].evalJs("panes.emit('app:hello', {}), 0");
    await wins[0].evalJs("panes.emit('app:hello', {}), 0");
    await waitFor(() => heard.length === 3, { what: "three host deliveries" });
    assertEquals(heard.sort(), ["any:one", "any:two", "one-only:one"]);
    assertRejects(
      () => Promise.resolve().then(() => app.emit("app:ping", 1, "nope")),
      Error,
      'no window labelled "nope"',
    );
  },
);

Deno.test("wildcard and base-name matching on both sides", WINDOW_TEST, async () => {
  await using app = new App();
  const win = await app.show(
    `<script>window.seen = [];
      panes.on("grid:select", (d, t) => seen.push("base:" + t));
      panes.on("grid:*", (d, t) => seen.push("ns:" + t));
      panes.on("*", (d, t) => seen.push("all:" + t));
      const off = panes.on("grid:select:row1", () => seen.push("removed"));
      off();</script>`,
    small,
  );
  win.emit("grid:select:row1", {});
  await waitFor(() => win.evalJs<boolean>("seen.length === 3"), { what: "page wildcard handlers" });
  assertEquals(await win.evalJs("seen"), [
    "base:grid:select:row1",
    "ns:grid:select:row1",
    "all:grid:select:row1",
  ]);
  const host: string[] = [];
  win.on("grid:*", (_d, t) => host.push(`ns:${t}`));
  win.on("grid:pick", (_d, t) => host.push(`base:${t}`));
  await win.evalJs("panes.emit('grid:pick:9', {}), 0");
  await waitFor(() => host.length === 2, { what: "host wildcard handlers" });
  assertEquals(host, ["base:grid:pick:9", "ns:grid:pick:9"]);
  // off() without a callback removes every handler of that name.
  await win.evalJs("panes.off('*'); seen.length = 0; 0");
  win.emit("grid:select", 1);
  await waitFor(() => win.evalJs<boolean>("seen.length === 2"), { what: "after off" });
  assertEquals(await win.evalJs("seen"), ["base:grid:select", "ns:grid:select"]);
  // Bad names are clear errors on both sides.
  assertMatch(
    await win.evalJs<string>("try { panes.emit('bad name'); 'no error' } catch (e) { e.message }"),
    /invalid event name/,
  );
  assertRejects(
    () => Promise.resolve().then(() => win.emit("nocolon")),
    TypeError,
    "invalid event name",
  );
});

Deno.test(
  "evalJs returns every JSON type, awaits promises, and rejects with the page's error",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const win = await app.show(`<p id=p>text</p>`, small);
    assertEquals(await win.evalJs("42"), 42);
    assertEquals(await win.evalJs("'str'"), "str");
    assertEquals(await win.evalJs("true"), true);
    assertEquals(await win.evalJs("null"), null);
    assertEquals(await win.evalJs("undefined"), null);
    assertEquals(await win.evalJs("[1, 'a', null, {b: [2]}]"), [1, "a", null, { b: [2] }]);
    assertEquals(await win.evalJs("({x: {y: 1.5}})"), { x: { y: 1.5 } });
    assertEquals(await win.evalJs("let a = 2; a * 3"), 6, "statements: completion value");
    assertEquals(await win.evalJs("new Promise((r) => setTimeout(() => r('later'), 20))"), "later");
    const err = await assertRejects(() => win.evalJs("null.x"), Error);
    assertMatch(err.message, /null/);
    const thrown = await assertRejects(
      () => win.evalJs("(function f() { throw new RangeError('nope') })()"),
      Error,
      "nope",
    );
    assertMatch(thrown.name, /RangeError/);
    assertMatch(thrown.stack ?? "", /f@|at f/);
    await assertRejects(
      () => win.evalJs("Promise.reject(new Error('async nope'))"),
      Error,
      "async nope",
    );
    await assertRejects(() => win.evalJs("syntax error here"), Error);
    await assertRejects(
      () => win.evalJs("new Promise(() => {})", { timeoutMs: 200 }),
      Error,
      "timed out after 200 ms",
    );
    // The window still works after all of that.
    assertEquals(await win.evalJs("document.getElementById('p').textContent"), "text");
  },
);

Deno.test("1000 concurrent evalJs calls each get their own answer", WINDOW_TEST, async () => {
  await using app = new App();
  const win = await app.show(`<p>x</p>`, small);
  const results = await Promise.all(
    Array.from(
      { length: 1000 },
      (_, i) => win.evalJs<number>(`new Promise((r) => setTimeout(() => r(${i} * 2), ${i % 7}))`),
    ),
  );
  assert(results.every((v, i) => v === i * 2), "each call its own answer");
});

Deno.test("built-in events change what the page shows", WINDOW_TEST, async () => {
  await using app = new App();
  const win = await app.show(`<div id=a>old</div><div class=c>1</div><div class=c>2</div>`, small);
  win.emit("panes:set-content", { id: "a", html: "<b>new</b>" });
  win.emit("pywry:set-content", { selector: ".c", text: "<i>t</i>" });
  win.emit("panes:set-style", {
    id: "a",
    styles: { color: "rgb(255, 0, 0)", "font-size": "20px" },
  });
  win.injectCss("#a { background-color: rgb(0, 128, 0); }", "bg");
  await waitFor(() => win.evalJs<boolean>("!!document.querySelector('#a b')"), {
    what: "set-content",
  });
  assertEquals(await win.evalJs("document.getElementById('a').innerHTML"), "<b>new</b>");
  assertEquals(await win.evalJs("[...document.querySelectorAll('.c')].map((e) => e.innerHTML)"), [
    "&lt;i&gt;t&lt;/i&gt;",
    "&lt;i&gt;t&lt;/i&gt;",
  ]);
  assertEquals(
    await win.evalJs(
      "(() => { const s = getComputedStyle(document.getElementById('a')); return [s.color, s.fontSize, s.backgroundColor]; })()",
    ),
    ["rgb(255, 0, 0)", "20px", "rgb(0, 128, 0)"],
  );
  win.removeCss("bg");
  await waitFor(
    () =>
      win.evalJs<boolean>(
        "getComputedStyle(document.getElementById('a')).backgroundColor === 'rgba(0, 0, 0, 0)'",
      ),
    { what: "remove-css" },
  );
  win.emit("panes:update-theme", { theme: "dark" });
  await waitFor(
    () => win.evalJs<boolean>("document.documentElement.classList.contains('dark')"),
    { what: "dark theme" },
  );
  assertEquals(
    await win.evalJs(
      "[document.documentElement.dataset.theme, document.documentElement.classList.contains('light')]",
    ),
    ["dark", false],
  );
  win.emit("pywry:update-theme", { theme: "light" });
  await waitFor(
    () => win.evalJs<boolean>("document.documentElement.classList.contains('light')"),
    { what: "light theme" },
  );
  // download: an <a download> is clicked with a blob URL.
  await win.evalJs(
    "window.clicked = []; HTMLAnchorElement.prototype.click = function () { clicked.push([this.download, this.href.slice(0, 5)]) }; 0",
  );
  win.emit("panes:download", { content: "a,b\n1,2", filename: "data.csv", mimeType: "text/csv" });
  await waitFor(() => win.evalJs<boolean>("clicked.length === 1"), { what: "download" });
  assertEquals(await win.evalJs("clicked[0]"), ["data.csv", "blob:"]);
  // navigate (to a local HTTP page: WebKit refuses top-level data: navigations) and refresh
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("<p id=nav>navigated</p>", { headers: { "content-type": "text/html" } }),
  );
  try {
    // A browser page that navigates elsewhere leaves the app: only native windows follow it.
    if (TRANSPORT === "native") {
      win.emit("panes:navigate", { url: `http://127.0.0.1:${server.addr.port}/` });
      await waitFor(
        () => win.evalJs<boolean>("document.getElementById('nav') !== null").catch(() => false),
        { what: "navigate" },
      );
    }
  } finally {
    await server.shutdown();
  }
  await win.update(
    `<p id=r>0</p><script>document.getElementById('r').textContent = String(performance.timeOrigin)</script>`,
  );
  const before = await win.evalJs<string>("document.getElementById('r').textContent");
  win.emit("panes:refresh", {});
  await waitFor(
    async () =>
      (await win.evalJs<string>("document.getElementById('r').textContent").catch(() => before)) !==
        before,
    { what: "refresh reloads" },
  );
});

Deno.test(
  "toast and theme show in a screenshot; a confirm toast answers",
  NATIVE_ONLY,
  async () => {
    await using app = new App();
    const win = await app.show(
      `<style>html.dark body { background: rgb(10, 10, 10); } html.light body { background: rgb(250, 250, 250); }</style><p>page</p>`,
      { width: 400, height: 300 },
    );
    win.emit("panes:update-theme", { theme: "dark" });
    win.emit("panes:alert", { message: "Saved!", type: "success", duration: 60_000 });
    await waitFor(() =>
      win.evalJs<boolean>(
        "!!document.getElementById('panes-toasts')?.shadowRoot.querySelector('.toast.success')",
      ), { what: "toast in DOM" });
    assertEquals(
      await win.evalJs(
        "document.getElementById('panes-toasts').shadowRoot.querySelector('.toast').textContent",
      ),
      "Saved!",
    );
    await new Promise((r) => setTimeout(r, 150));
    const img = await decodePng(await win.proxy.screenshot());
    assert(
      near(pixel(img, 20, img.height - 20), [10, 10, 10]),
      `dark background, got ${pixel(img, 20, img.height - 20)}`,
    );
    // The success toast (green #16a34a) sits at the top right.
    let green = 0;
    for (
      let x = img.width - 200;
      x < img.width - 14;
      x++
    ) if (near(pixel(img, x, 20), [22, 163, 74], 12)) green++;
    assert(green > 50, `expected the green toast top-right, found ${green} green pixels`);
    // confirm: buttons marked data-panes-confirm; the answer comes back as callback_event.
    const answer = waitForEvent(win, "app:confirmed");
    win.emit("panes:alert", { message: "Sure?", type: "confirm", callback_event: "app:confirmed" });
    await waitFor(() =>
      win.evalJs<boolean>(
        "!!document.getElementById('panes-toasts').shadowRoot.querySelector('[data-panes-confirm=ok]')",
      ), { what: "confirm toast" });
    await win.evalJs(
      "document.getElementById('panes-toasts').shadowRoot.querySelector('[data-panes-confirm=ok]').click(), 0",
    );
    assertEquals(await answer, { confirmed: true });
  },
);

Deno.test(
  "uncaught page errors and rejections arrive as window:error with message and line",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const errors: Array<Record<string, unknown>> = [];
    app.on("window:error", (d) => errors.push(d as Record<string, unknown>));
    const win = await app.show(
      `<p>x</p>\n<script>\nsetTimeout(() => { throw new Error("kaboom") }, 10);\n</script>`,
      small,
    );
    await waitFor(() => errors.length >= 1, { what: "window:error" });
    assertMatch(String(errors[0].message), /kaboom/);
    assertEquals(errors[0].line, 3);
    assertMatch(
      String(errors[0].source),
      TRANSPORT === "native" ? /^panes:\/\// : /^http:\/\/127\.0\.0\.1:\d+\/[wn]\//,
    );
    assertMatch(String(errors[0].stack), /\S/);
    win.eval("Promise.reject(new Error('lost promise'))");
    await waitFor(() => errors.length >= 2, { what: "unhandled rejection" });
    assertMatch(String(errors[1].message), /Unhandled rejection: lost promise/);
  },
);

Deno.test("panes.result and pywry alias, ready and closed system events", WINDOW_TEST, async () => {
  await using app = new App();
  const events: string[] = [];
  app.on("window:ready", (_d, _t, l) => events.push(`ready:${l}`));
  app.on("window:closed", (_d, _t, l) => events.push(`closed:${l}`));
  const results: unknown[] = [];
  app.on("panes:result", (d) => results.push(d));
  const win = await app.show(`<p>x</p>`, { ...small, label: "sys" });
  assertEquals(await win.evalJs("window.pywry === window.panes && panes.label"), "sys");
  await win.evalJs("pywry.result({ ok: 1 }), 0");
  await waitFor(() => results.length === 1, { what: "panes:result" });
  assertEquals(results[0], { ok: 1 });
  await win.close();
  assertEquals(events, ["ready:sys", "closed:sys"]);
});

Deno.test(
  "HtmlContent assembles files, inline CSS, json_data and an init script",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/a.css`, "#t { color: rgb(1, 2, 3); }");
    await Deno.writeTextFile(`${dir}/b.js`, "window.fromFile = json_data.n + 1;");
    await using app = new App();
    const win = await app.show(
      new HtmlContent({
        html: "<p id=t>x</p>",
        cssFiles: [`${dir}/a.css`],
        scriptFiles: [`${dir}/b.js`],
        inlineCss: "p { margin: 7px }",
        jsonData: { n: 41 },
        initScript: "window.early = typeof panes",
      }),
      small,
    );
    assertEquals(
      await win.evalJs(
        "[fromFile, early, getComputedStyle(t).color, getComputedStyle(t).marginTop]",
      ),
      [42, "object", "rgb(1, 2, 3)", "7px"],
    );
    await assertRejects(
      () => app.show(new HtmlContent({ html: "x", cssFiles: [`${dir}/missing.css`] })),
      Error,
      "cannot read",
    );
  },
);

Deno.test(
  "modes: single replaces content in one 'main' window; its close button hides it",
  NATIVE_ONLY,
  async () => {
    await using app = new App({ mode: "single" });
    const a = await app.show(`<p id=v>1</p>`, small);
    const b = await app.show(`<p id=v>2</p>`, small);
    assert(a === b, "same handle");
    assertEquals(a.label, "main");
    assertEquals(app.windows, ["main"]);
    assertEquals(await a.evalJs("document.getElementById('v').textContent"), "2");
    const hidden = waitForEvent(app, "window:hidden");
    const run = app.run();
    await a.proxy.requestClose();
    await hidden;
    await run; // the user closed the single window
    assertEquals(app.windows, ["main"], "hidden, not destroyed");
    assertEquals(await a.proxy.isVisible(), false);
    await a.showWindow();
    assertEquals(await a.proxy.isVisible(), true);
  },
);

Deno.test(
  "modes: new opens a window per show; multi closes all with the primary",
  NATIVE_ONLY,
  async () => {
    await using app = new App({ mode: "new" });
    await app.show("<p>1</p>", small);
    await app.show("<p>2</p>", small);
    assertEquals(app.windows.length, 2);
    await using multi = new App({ mode: "multi" });
    const primary = await multi.show("<p>p</p>", { ...small, label: "primary" });
    const others = [await multi.show("<p>o1</p>", small), await multi.show("<p>o2</p>", small)];
    await others[0].close();
    assertEquals(multi.windows.length, 2, "closing a secondary leaves the rest");
    const run = multi.run();
    await primary.proxy.requestClose();
    await others[1].closed;
    await run;
    assertEquals(multi.windows, []);
  },
);
