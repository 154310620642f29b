/**
 * The app's frontend folder (`AppOptions.frontendDist`) served under panes://app/: a page of it
 * loads its stylesheet, script and image by relative URL, gets the bridge and the app's CSP; and
 * nothing outside the folder can be had (`..`, encoded separators, symbolic links), each refusal
 * beside a request that succeeds.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { encodePng } from "../testing.ts";
import { pageWindowUrl, relativePath } from "../app/frontend_dist.ts";
import { servedFilesOf } from "../app/served_files.ts";

/** A folder with the frontend in `dist/` and a secret beside it (outside the folder). */
async function fixture(): Promise<{ root: string; dist: string }> {
  const root = await Deno.makeTempDir({ prefix: "panes-dist-" });
  const dist = `${root}/dist`;
  await Deno.mkdir(`${dist}/img`, { recursive: true });
  await Deno.mkdir(`${dist}/sub`);
  await Deno.writeTextFile(`${root}/secret.txt`, "TOP-SECRET");
  await Deno.writeTextFile(
    `${dist}/index.html`,
    `<!doctype html><html><head><link rel="stylesheet" href="style.css"></head>
     <body><h1 id=t>Index</h1><img id=dot src="img/dot.png"><script src="app.js"></script></body></html>`,
  );
  await Deno.writeTextFile(`${dist}/style.css`, "h1 { color: rgb(1, 2, 3); }");
  await Deno.writeTextFile(`${dist}/app.js`, "window.appJsRan = true;");
  await Deno.writeTextFile(`${dist}/inside.txt`, "inside");
  await Deno.writeTextFile(`${dist}/sub/index.html`, "<!doctype html><p>sub index</p>");
  const red = new Uint8Array(4 * 4 * 4).map((_, i) => (i % 4 === 0 || i % 4 === 3 ? 255 : 0));
  await Deno.writeFile(`${dist}/img/dot.png`, await encodePng(4, 4, red));
  await Deno.symlink(`${root}/secret.txt`, `${dist}/link.txt`);
  return { root, dist };
}

Deno.test("frontend folder: a page loads its own assets by relative URL", WINDOW_TEST, async () => {
  const { root, dist } = await fixture();
  await using app = new App({ identifier: "dev.panes.dist", config: false, frontendDist: dist });
  const win = await app.show({ url: "panes://app/index.html" }, { width: 320, height: 240 });
  const facts = await win.evalJs(`new Promise((resolve) => {
    const done = () => resolve({
      color: getComputedStyle(document.getElementById("t")).color,
      js: window.appJsRan === true,
      img: document.getElementById("dot").naturalWidth,
      bridge: typeof window.__TAURI_INTERNALS__?.invoke,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]') !== null,
    });
    const img = document.getElementById("dot");
    if (img.complete) done(); else { img.onload = done; img.onerror = done; }
  })`);
  assertEquals(facts, { color: "rgb(1, 2, 3)", js: true, img: 4, bridge: "function", csp: true });
  // A folder answers with its index.html; the root with the folder's.
  const fetchText = (url: string) =>
    win.evalJs(
      `fetch(${
        JSON.stringify(url)
      }).then(async (r) => r.status + " " + await r.text(), (e) => "failed " + e)`,
    ) as Promise<string>;
  assert((await fetchText("panes://app/sub/")).includes("sub index"));
  assert((await fetchText("panes://app/")).includes("<h1 id=t>Index</h1>"));
  assertEquals(
    await fetchText("panes://app/missing.txt"),
    "404 Not found: panes://app/missing.txt",
  );
  // Media asks for parts: Range → 206 with those bytes.
  assertEquals(
    await win.evalJs(
      `fetch("inside.txt", { headers: { Range: "bytes=2-4" } }).then(async (r) => [r.status, r.headers.get("content-range"), await r.text()])`,
    ),
    [206, "bytes 2-4/6", "sid"],
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("frontend folder: nothing outside it can be fetched", WINDOW_TEST, async () => {
  const { root, dist } = await fixture();
  await using app = new App({ identifier: "dev.panes.dist", config: false, frontendDist: dist });
  const win = await app.show({ url: "panes://app/index.html" }, { width: 320, height: 240 });
  const fetchText = (url: string) =>
    win.evalJs(
      `fetch(${
        JSON.stringify(url)
      }).then(async (r) => r.status + " " + await r.text(), (e) => "failed " + e)`,
    ) as Promise<string>;
  // Positive control: a file inside the folder, by the same route.
  assertEquals(await fetchText("panes://app/inside.txt"), "200 inside");
  assertEquals(await fetchText("inside.txt"), "200 inside");
  for (
    const url of [
      "panes://app/../secret.txt",
      "panes://app/%2e%2e/secret.txt",
      "panes://app/..%2fsecret.txt",
      "panes://app/%2E%2E%2Fsecret.txt",
      "panes://app/sub/..%2f..%2fsecret.txt",
      "panes://app/..%5csecret.txt",
      "panes://app/%252e%252e/secret.txt",
      "panes://app/link.txt", // a symbolic link inside the folder to the secret
      `panes://app/${encodeURIComponent(`${root}/secret.txt`)}`,
    ]
  ) {
    const got = await fetchText(url);
    assert(!got.includes("TOP-SECRET"), `${url} leaked: ${got}`);
    assert(/^(403|404) /.test(got), `${url}: ${got}`);
  }
  await Deno.remove(root, { recursive: true });
});

Deno.test("frontend folder: how a page-made window's URL is read", () => {
  const dist = { root: "/x" } as unknown as Parameters<typeof pageWindowUrl>[1];
  assertEquals(pageWindowUrl("settings.html", dist), {
    url: "panes://app/settings.html",
    remote: false,
  });
  assertEquals(pageWindowUrl(undefined, dist).url, "panes://app/index.html");
  assertEquals(pageWindowUrl("/a/b.html?x=1#y", dist).url, "panes://app/a/b.html?x=1#y");
  assertEquals(pageWindowUrl("../../etc/passwd", dist).url, "panes://app/etc/passwd");
  assertEquals(pageWindowUrl("https://example.com/", dist), {
    url: "https://example.com/",
    remote: true,
  });
  for (
    const bad of [
      "file:///etc/passwd",
      "data:text/html,x",
      "javascript:alert(1)",
      "//evil.example/x",
      "panes://other/x",
      "panes://app/window/1/1",
      "__ipc/invoke",
      "..%2f..%2fetc%2fpasswd",
    ]
  ) {
    let threw = false;
    try {
      pageWindowUrl(bad, dist);
    } catch {
      threw = true;
    }
    assert(threw, `${bad} should be refused`);
  }
  // Without a folder a relative URL is an error that names the option.
  let message = "";
  try {
    pageWindowUrl("settings.html", undefined);
  } catch (e) {
    message = (e as Error).message;
  }
  assert(message.includes("AppOptions.frontendDist"), message);
  assertEquals(relativePath("panes://app/a/b%20c.txt?q"), "a/b c.txt");
  assertEquals(relativePath("panes://app/a/%2e%2e/b"), undefined);
});

Deno.test("frontend folder: from panes.jsonc, beside the file; a missing folder fails at new App()", async () => {
  const { root, dist } = await fixture();
  await Deno.writeTextFile(
    `${root}/panes.jsonc`,
    `{ "frontendDist": "dist", "assetProtocol": { "enable": true, "scope": ["$APPDATA/**"] } }`,
  );
  {
    await using app = new App({ config: `${root}/panes.jsonc` });
    assertEquals(servedFilesOf(app).dist?.root, dist);
    assertEquals(servedFilesOf(app).assets.enabled, true);
  }
  let message = "";
  try {
    new App({ config: false, frontendDist: `${root}/nowhere` });
  } catch (e) {
    message = (e as Error).message;
  }
  assert(message.includes("AppOptions.frontendDist") && message.includes("nowhere"), message);
  await Deno.remove(root, { recursive: true });
});
