import { assert, assertEquals } from "./support/assert.ts";
import { App, HtmlContent } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { drive, waitFor } from "../testing.ts";

/** Folders this process watches (inotify watches, summed over its inotify instances). */
function watchedFolders(): number {
  let n = 0;
  for (const e of Deno.readDirSync("/proc/self/fd")) {
    try {
      if (Deno.readLinkSync(`/proc/self/fd/${e.name}`) !== "anon_inode:inotify") continue;
      const info = Deno.readTextFileSync(`/proc/self/fdinfo/${e.name}`);
      n += info.split("\n").filter((l) => l.startsWith("inotify wd:")).length;
    } catch { /* closed meanwhile */ }
  }
  return n;
}

/** Waits until the watched-folder count settles at `n` (watches are dropped shortly after close). */
async function watching(n: number, what: string): Promise<void> {
  await waitFor(
    () => watchedFolders() === n,
    { what: `${what} (watching ${n} folders, now ${watchedFolders()})`, timeout: 5000 },
  );
}

const PAGE = `<div id="box">styled</div><p id="n"></p><input id="field">`;

Deno.test(
  "a changed CSS file is injected without a reload: the computed style changes, page state stays",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-hot-" });
    const css = `${dir}/style.css`;
    await Deno.writeTextFile(css, "#box { color: rgb(255, 0, 0); }");
    const watchersBefore = watchedFolders();
    try {
      await using app = new App({ hotReload: true, config: false });
      const content = new HtmlContent({ html: PAGE, cssFiles: [css] });
      const win = await app.show(content, { label: "hot-css", width: 300, height: 200 });
      await watching(watchersBefore + 1, "one watched folder for the window");
      const color = () =>
        win.evalJs<string>("getComputedStyle(document.getElementById('box')).color");
      assertEquals(await color(), "rgb(255, 0, 0)");
      await win.evalJs(
        "window.counter = 41; window.counter++; document.getElementById('n').textContent = counter",
      );
      // What a user typed is page state too (real key events, through the test kit).
      const w = await drive(win);
      await w.type("#field", "typed before the edit");

      await Deno.writeTextFile(css, "#box { color: rgb(0, 0, 255); }");
      await w.waitFor(() =>
        getComputedStyle(document.getElementById("box")!).color === "rgb(0, 0, 255)"
      );
      assertEquals(await win.evalJs("window.counter"), 42, "the page kept its state (no reload)");
      assertEquals(await w.text("#field"), "typed before the edit");
      assertEquals(
        await win.evalJs("document.querySelectorAll('style[id^=panes-css-]').length"),
        1,
      );

      // Editors that save by writing a temp file and renaming it over the original.
      await Deno.writeTextFile(`${dir}/.style.css.tmp`, "#box { color: rgb(0, 128, 0); }");
      await Deno.rename(`${dir}/.style.css.tmp`, css);
      await waitFor(
        async () => (await color()) === "rgb(0, 128, 0)",
        { what: "the renamed-over CSS to apply" },
      );
      assertEquals(await win.evalJs("window.counter"), 42);

      // A burst of writes is applied once, with the last content.
      const t0 = performance.now();
      for (let i = 1; i <= 5; i++) {
        await Deno.writeTextFile(css, `#box { color: rgb(${i}, ${i}, ${i}); }`);
      }
      await waitFor(async () => (await color()) === "rgb(5, 5, 5)", {
        what: "the last of a burst",
      });
      console.log(`burst of 5 writes applied after ${(performance.now() - t0).toFixed(0)} ms`);

      await win.close();
      await watching(watchersBefore, "the watcher stopped with its window");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "a changed script reloads the page and the scroll position comes back",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-hot-" });
    const js = `${dir}/app.js`;
    await Deno.writeTextFile(js, "window.version = 1;");
    try {
      await using app = new App({ config: false });
      const content = new HtmlContent({
        html: `<div style="height: 4000px; background: linear-gradient(#fff, #000)">tall</div>`,
        scriptFiles: [js],
        hotReload: true, // per content: the app's hotReload is off
      });
      let readies = 0;
      app.on("window:ready", () => void readies++);
      const win = await app.show(content, { label: "hot-js", width: 300, height: 200 });
      assertEquals(await win.evalJs("window.version"), 1);
      await win.evalJs("scrollTo(0, 1500); window.marker = 'old page'");
      assertEquals(await win.evalJs("scrollY"), 1500);
      const readyBefore = readies;

      await Deno.writeTextFile(js, "window.version = 2;");
      await waitFor(
        async () => (await win.evalJs("window.version")) === 2,
        { what: "the new script to run", timeout: 15_000 },
      );
      assertEquals(await win.evalJs("window.marker ?? null"), null, "a new page");
      assert(readies > readyBefore, "window:ready fired for the reloaded page");
      await waitFor(
        async () => (await win.evalJs<number>("scrollY")) === 1500,
        { what: "the scroll position to come back" },
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "no watcher without hot reload; app.destroy() stops every watcher",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-hot-" });
    // Separate folders: one inotify instance watches a folder once, however many watchers ask.
    const [css, css2] = [`${dir}/one/a.css`, `${dir}/two/a.css`];
    for (const f of [css, css2]) {
      await Deno.mkdir(f.slice(0, f.lastIndexOf("/")));
      await Deno.writeTextFile(f, "p { color: red }");
    }
    const before = watchedFolders();
    try {
      const app = new App({ config: false });
      await app.show(new HtmlContent({ html: "<p>x</p>", cssFiles: [css] }), {
        width: 200,
        height: 150,
      });
      await watching(before, "no watcher: hot reload is off by default");
      await app.show(new HtmlContent({ html: "<p>y</p>", cssFiles: [css] }), {
        width: 200,
        height: 150,
        hotReload: true,
      });
      await app.show(new HtmlContent({ html: "<p>z</p>", cssFiles: [css2], hotReload: true }), {
        width: 200,
        height: 150,
      });
      await watching(before + 2, "two watchers (show option, content option)");
      await app.destroy();
      await watching(before, "destroy() stopped the watchers");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("examples/hot_reload.ts: CSS edits keep page state, script edits keep the scroll", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "examples/hot_reload.ts"],
    cwd: new URL("../", import.meta.url).pathname,
    env: { PANES_EXAMPLE_AUTORUN: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  assert(stdout.includes("after the CSS edit: 1 clicks (kept across CSS edits)"), stdout);
  assert(stdout.includes("after the script edit: version 2, scrollY 800"), stdout);
});
