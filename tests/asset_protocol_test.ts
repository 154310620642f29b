/**
 * Tauri's asset protocol (`convertFileSrc`) under `AppOptions.assetProtocol`: an image the scope
 * allows shows (its naturalWidth, and its colour in a screenshot); one outside the scope, reached
 * through a symbolic link or a `..`, and any with the protocol off, does not.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { decodePng, encodePng, near, pixel } from "../testing.ts";
import { parseRange } from "../app/file_range.ts";

async function solid(path: string, rgb: [number, number, number], size = 8): Promise<void> {
  const px = new Uint8Array(size * size * 4);
  for (let i = 0; i < px.length; i += 4) px.set([...rgb, 255], i);
  await Deno.writeFile(path, await encodePng(size, size, px));
}

/** `allowed/ok.png` (green), `secret/no.png` (red), links and a hidden file. */
async function fixture(): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "panes-asset-" }));
  await Deno.mkdir(`${dir}/allowed`);
  await Deno.mkdir(`${dir}/secret`);
  await solid(`${dir}/allowed/ok.png`, [0, 200, 0], 16);
  await solid(`${dir}/allowed/.hidden.png`, [0, 0, 200]);
  await solid(`${dir}/secret/no.png`, [200, 0, 0]);
  await Deno.symlink(`${dir}/secret/no.png`, `${dir}/allowed/link.png`);
  return dir;
}

/** Loads each path as `<img src=convertFileSrc(path)>` and reports its naturalWidth (0: refused). */
function widths(paths: string[]): string {
  return `Promise.all(${JSON.stringify(paths)}.map((p) => new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img.naturalWidth);
    img.onerror = () => resolve(0);
    img.src = window.__TAURI__.core.convertFileSrc(p);
    document.body.append(img);
  })))`;
}

Deno.test("asset protocol: in-scope files show, nothing else does", WINDOW_TEST, async () => {
  const dir = await fixture();
  await using app = new App({
    identifier: "dev.panes.assets",
    config: false,
    assetProtocol: { enable: true, scope: [`${dir}/allowed/**`] },
  });
  const win = await app.show(
    `<body style="margin:0;background:#fff"></body>`,
    { width: 200, height: 120 },
  );
  const got = await win.evalJs(widths([
    `${dir}/allowed/ok.png`, // positive control
    `${dir}/secret/no.png`, // outside the scope
    `${dir}/allowed/link.png`, // a link inside the scope to a file outside it
    `${dir}/allowed/../secret/no.png`, // climbing out with ..
    `${dir}/allowed/.hidden.png`, // wildcards skip hidden files (Tauri's requireLiteralLeadingDot)
    `${dir}/allowed/missing.png`,
  ]));
  assertEquals(got, [16, 0, 0, 0, 0, 0]);
  // What the user sees: the allowed image's green, at the top left of the page.
  await win.evalJs(
    `document.body.innerHTML = ""; const i = new Image(); i.style.cssText = "display:block;width:64px;height:64px";
     i.src = __TAURI__.core.convertFileSrc(${
      JSON.stringify(`${dir}/allowed/ok.png`)
    }); document.body.append(i);
     new Promise((r) => { i.onload = () => requestAnimationFrame(() => requestAnimationFrame(r)); i.onerror = r; })`,
  );
  const shot = await decodePng(await win.proxy.screenshot());
  const scale = shot.width / 200;
  assert(
    near(pixel(shot, Math.round(20 * scale), Math.round(20 * scale)), [0, 200, 0, 255], 24),
    `expected green, got ${pixel(shot, Math.round(20 * scale), Math.round(20 * scale))}`,
  );
  // fetch() works for a file in the scope (its bytes), and gets 403 outside it.
  const fetchOf = (path: string) =>
    win.evalJs(
      `fetch(__TAURI__.core.convertFileSrc(${
        JSON.stringify(path)
      })).then(async (r) => r.status + " " + (await r.arrayBuffer()).byteLength, (e) => "failed " + e)`,
    );
  const okBytes = (await Deno.stat(`${dir}/allowed/ok.png`)).size;
  assertEquals(await fetchOf(`${dir}/allowed/ok.png`), `200 ${okBytes}`);
  // A part of it, as media asks for (Range → 206 with those bytes).
  const part = await win.evalJs(
    `fetch(__TAURI__.core.convertFileSrc(${
      JSON.stringify(`${dir}/allowed/ok.png`)
    }), { headers: { Range: "bytes=1-3" } }).then(async (r) => [r.status, r.headers.get("content-range"), [...new Uint8Array(await r.arrayBuffer())]], (e) => "failed " + e)`,
  );
  assertEquals(part, [206, `bytes 1-3/${okBytes}`, [0x50, 0x4e, 0x47]]); // "PNG"
  const refused = String(await fetchOf(`${dir}/secret/no.png`));
  // A 403 carries no CORS header, so the page sees a failed fetch (and never the bytes).
  assert(refused.startsWith("failed") || refused.startsWith("403"), refused);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("asset protocol: deny wins, and it is off unless enabled", WINDOW_TEST, async () => {
  const dir = await fixture();
  {
    await using app = new App({
      identifier: "dev.panes.assets",
      config: false,
      assetProtocol: {
        enable: true,
        scope: { allow: [`${dir}/**`], deny: [`${dir}/secret/**`] },
      },
    });
    const win = await app.show("<body></body>", { width: 200, height: 120 });
    assertEquals(
      await win.evalJs(widths([`${dir}/allowed/ok.png`, `${dir}/secret/no.png`])),
      [16, 0],
    );
  }
  {
    // The same scope, the protocol not enabled: nothing.
    await using app = new App({
      identifier: "dev.panes.assets",
      config: false,
      assetProtocol: { scope: [`${dir}/allowed/**`] },
    });
    const win = await app.show("<body></body>", { width: 200, height: 120 });
    assertEquals(await win.evalJs(widths([`${dir}/allowed/ok.png`])), [0]);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("asset protocol: a bad scope fails at new App()", () => {
  let message = "";
  try {
    new App({ config: false, assetProtocol: { enable: true, scope: ["$NOPE/**"] } });
  } catch (e) {
    message = (e as Error).message;
  }
  assert(message.includes("unknown path variable $NOPE"), message);
});

Deno.test(
  "asset protocol: a remote page a page opened gets nothing; the same page the host opened does",
  WINDOW_TEST,
  async () => {
    const dir = await fixture();
    const file = `${dir}/allowed/ok.png`;
    const page = `<!doctype html><img id=i src="asset://localhost/${encodeURIComponent(file)}">`;
    await using server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      () => new Response(page, { headers: { "content-type": "text/html" } }),
    );
    const url = `http://127.0.0.1:${server.addr.port}/`;
    await using app = new App({
      identifier: "dev.panes.assets",
      config: false,
      assetProtocol: { enable: true, scope: [`${dir}/allowed/**`] },
      capabilities: ["core:webview:allow-create-webview-window"],
    });
    const width = `new Promise((resolve) => {
      const i = document.getElementById("i");
      if (i.complete) resolve(i.naturalWidth);
      else { i.onload = () => resolve(i.naturalWidth); i.onerror = () => resolve(0); }
    })`;
    // The host chose this URL: its origin counts as app content, and the image shows.
    const hosted = await app.show({ url }, { label: "hosted", width: 200, height: 120 });
    assertEquals(await hosted.evalJs(width), 16);
    // A page asked for it (WebviewWindow): no app trust, so no files either.
    const opener = await app.show("<body></body>", { label: "opener", width: 200, height: 120 });
    const made = await opener.evalJs(
      `__TAURI_INTERNALS__.invoke("plugin:webview|create_webview_window", { options: { label: "pagemade", url: ${
        JSON.stringify(url)
      } } }).then(() => "ok", (e) => e.message)`,
    );
    assertEquals(made, "ok");
    assertEquals(await app.window("pagemade")!.evalJs(width), 0);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test("asset protocol: byte ranges as HTTP reads them", () => {
  assertEquals(parseRange("bytes=0-9", 100), [0, 9]);
  assertEquals(parseRange("bytes=90-", 100), [90, 99]);
  assertEquals(parseRange("bytes=-10", 100), [90, 99]);
  assertEquals(parseRange("bytes=50-500", 100), [50, 99]);
  assertEquals(parseRange("bytes=100-", 100), null);
  assertEquals(parseRange("bytes=9-3", 100), null);
  assertEquals(parseRange("bytes=0-1,5-6", 100), undefined); // several: the whole file
  assertEquals(parseRange("items=0-1", 100), undefined);
});
