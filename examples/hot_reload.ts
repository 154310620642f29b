/**
 * Hot reload: edit examples/hot_reload/style.css and the page restyles in
 * place (its state survives); edit examples/hot_reload/app.js and the page
 * reloads at the same scroll position.
 *
 *   deno run -A examples/hot_reload.ts
 *
 * With PANES_EXAMPLE_AUTORUN=1 it edits copies of both files itself, prints
 * what the page shows after each edit and exits.
 * @module
 */

import { App, HtmlContent } from "../mod.ts";

const here = new URL("./hot_reload/", import.meta.url).pathname;
const autorun = Boolean(Deno.env.get("PANES_EXAMPLE_AUTORUN"));
// Autorun edits copies, never the example's own files.
const dir = autorun ? await Deno.makeTempDir({ prefix: "panes-hot-example-" }) : here;
if (autorun) {
  for (const f of ["style.css", "app.js"]) await Deno.copyFile(here + f, `${dir}/${f}`);
}

const content = new HtmlContent({
  html: `<h1>Hot reload</h1>
    <div class="card"><p id="version"></p><button id="click">Click</button> <span id="clicks"></span></div>
    <div style="height: 2000px"></div><p>Bottom of the page.</p>`,
  cssFiles: [`${dir}/style.css`],
  scriptFiles: [`${dir}/app.js`],
});

await using app = new App({ hotReload: true });
const win = await app.show(content, { title: "panes hot reload", width: 520, height: 360 });
console.log(`watching ${dir}/style.css and ${dir}/app.js`);

if (autorun) {
  const until = async (js: string, want: unknown) => {
    for (let i = 0; i < 200; i++) {
      try {
        if (JSON.stringify(await win.evalJs(js)) === JSON.stringify(want)) return;
      } catch { /* the page is reloading */ }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${js} to be ${JSON.stringify(want)}`);
  };
  await win.evalJs(`document.getElementById("click").click(); scrollTo(0, 800)`);
  const css = await Deno.readTextFile(`${dir}/style.css`);
  await Deno.writeTextFile(`${dir}/style.css`, css.replace("rgb(37, 99, 235)", "rgb(220, 38, 38)"));
  await until(`getComputedStyle(document.querySelector("h1")).color`, "rgb(220, 38, 38)");
  console.log(
    "after the CSS edit:",
    await win.evalJs(`document.getElementById("clicks").textContent`),
  );
  const js = await Deno.readTextFile(`${dir}/app.js`);
  await Deno.writeTextFile(`${dir}/app.js`, js.replace("window.version = 1", "window.version = 2"));
  await until(`document.getElementById("version").textContent`, "script version 2");
  await until(`scrollY`, 800);
  console.log("after the script edit: version 2, scrollY 800");
  await Deno.remove(dir, { recursive: true });
} else {
  await app.run();
}
