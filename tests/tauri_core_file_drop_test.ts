/**
 * Files dragged onto a window from another program, reported as Tauri reports them through
 * @tauri-apps/api's own `onDragDropEvent`: `enter` (paths, position), `over` (position), then
 * `drop` (paths, position) or `leave`. The drag source is a real GTK 4 window of its own
 * process (tests/support/drag_source.ts) offering the files as `text/uri-list`, driven with
 * xdotool (button down on it, moves onto the window, button up), as a user drags from a file
 * manager.
 */
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App, type WindowHandle } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { type Outcome, tauriCoreScript, tryIn } from "./support/tauri_core.ts";
import { xdotool } from "./support/xdo.ts";

const decoder = new TextDecoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ok(r: Outcome): unknown {
  assert(r.ok, JSON.stringify(r));
  return r.v;
}

async function xdo(...args: string[]): Promise<string> {
  const out = await new Deno.Command("xdotool", { args, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) throw new Error(`xdotool ${args.join(" ")}: ${decoder.decode(out.stderr)}`);
  return decoder.decode(out.stdout);
}

/** The X window titled `title`: its id and its geometry on the screen. */
async function xwindow(title: string) {
  const id = await waitFor<string | undefined>(async () => {
    const ids = (await xdo("search", "--onlyvisible", "--name", `^${title}$`).catch(() => ""))
      .trim().split("\n").filter(Boolean);
    return ids.length === 1 ? ids[0] : undefined;
  }, `the X window titled ${title}`) as string;
  const shell = await xdo("getwindowgeometry", "--shell", id);
  const n = (k: string) => Number(shell.match(new RegExp(`^${k}=(\\d+)`, "m"))?.[1]);
  return { id, x: n("X"), y: n("Y"), width: n("WIDTH"), height: n("HEIGHT") };
}

/** Starts the drag source window offering `files`; resolves once it is shown. */
async function dragSource(title: string, files: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-ffi",
      "--allow-env",
      new URL("./support/drag_source.ts", import.meta.url).pathname,
      title,
      ...files,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  let err = "";
  child.stdout.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (s) => void (out += s) }),
  ).catch(() => {});
  child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (s) => void (err += s) }),
  ).catch(() => {});
  await waitFor(() => out.includes("ready"), `the drag source to show (stderr: ${err})`, 30_000);
  return {
    async [Symbol.asyncDispose]() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** Presses on `from`'s centre, moves in steps to (x, y) on the screen, releases there (or not). */
async function drag(
  from: { x: number; y: number; width: number; height: number },
  path: number[][],
  release = true,
) {
  let [cx, cy] = [from.x + Math.floor(from.width / 2), from.y + Math.floor(from.height / 2)];
  await xdotool("mousemove", "--sync", String(cx), String(cy));
  await sleep(150);
  await xdotool("mousedown", "1");
  await sleep(150);
  for (const [tx, ty] of path) {
    // Small steps: GTK starts a drag past its threshold, and the target sees each position.
    const steps = 12;
    const [sx, sy] = [cx, cy];
    for (let i = 1; i <= steps; i++) {
      cx = Math.round(sx + ((tx - sx) * i) / steps);
      cy = Math.round(sy + ((ty - sy) * i) / steps);
      await xdotool("mousemove", String(cx), String(cy));
      await sleep(40);
    }
  }
  await sleep(200);
  if (release) await xdotool("mouseup", "1");
  await sleep(200);
}

const LISTEN = `window.got = [];
  await T.window.getCurrentWindow().onDragDropEvent((e) => got.push({
    type: e.payload.type, paths: e.payload.paths,
    x: e.payload.position?.x, y: e.payload.position?.y, ctor: e.payload.position?.constructor?.name,
  }));
  return true;`;

// The page's own HTML5 drag and drop (WebKit's), beside Tauri's events.
const PAGE_DROPS = `<script>
  window.html5 = [];
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    html5.push({ // what WebKit lets the page see of the drop
      files: [...e.dataTransfer.files].map((f) => f.name),
      types: [...e.dataTransfer.types],
      uris: e.dataTransfer.getData("text/uri-list"),
    });
  });
</script>`;

type DropEvent = { type: string; paths?: string[]; x?: number; y?: number; ctor?: string };

function events(win: WindowHandle) {
  return win.evalJs<DropEvent[]>("window.got ?? []");
}

async function innerPosition(win: WindowHandle): Promise<{ x: number; y: number }> {
  return ok(
    await tryIn(
      win,
      `const p = await T.window.getCurrentWindow().innerPosition(); return { x: p.x, y: p.y };`,
    ),
  ) as { x: number; y: number };
}

Deno.test(
  "files dragged from another program: enter, over, drop with their paths and positions; back out is a leave; dragDropEnabled: false leaves drops to the page",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-drop-" });
    const files = [`${dir}/a.txt`, `${dir}/b c.txt`];
    for (const f of files) await Deno.writeTextFile(f, "dropped");
    const other = `${dir}/c.txt`;
    await Deno.writeTextFile(other, "not dropped");
    try {
      const script = await tauriCoreScript();
      await using app = new App({
        config: false,
        plugins: ["fs"],
        // Reading without any path in scope: only what the user drops becomes readable.
        capabilities: [{
          identifier: "reader",
          windows: ["target"],
          permissions: ["fs:allow-read-text-file"],
        }],
      });
      const page = `<body style="margin:0">${script}${PAGE_DROPS}</body>`;
      const target = await app.show(page, {
        label: "target",
        title: "drop target",
        width: 360,
        height: 240,
      });
      const own = await app.show(page, {
        label: "own",
        title: "page drops",
        width: 360,
        height: 240,
        dragDropEnabled: false,
      });
      ok(await tryIn(target, LISTEN));
      ok(await tryIn(own, LISTEN));
      await using _source = await dragSource("drag source", files);
      // The source at the screen's left, the two windows stacked to its right.
      await xdotool("windowmove", "--sync", (await xwindow("drag source")).id, "10", "100");
      await xdotool("windowmove", "--sync", (await xwindow("drop target")).id, "300", "20");
      await xdotool("windowmove", "--sync", (await xwindow("page drops")).id, "300", "340");
      const source = await xwindow("drag source");

      const read = (path: string) =>
        tryIn(
          target,
          `const r = await T.core.invoke("plugin:fs|read_text_file", { path: ${
            JSON.stringify(path)
          } });
           return typeof r === "string" ? r : new TextDecoder().decode(r);`,
        );
      const before = await read(files[0]);
      // Refused as Tauri's fs refuses it: a plain string.
      assert(!before.ok, "not readable before the drop");
      assertEquals(before.tauri, before.message, "a plain string");
      assertMatch(before.message, /is outside the fs scope/);

      // 1. A drop: enter with the paths, moves, the drop with the paths where it was released.
      const at = await innerPosition(target);
      const end = [at.x + 170, at.y + 130];
      await drag(source, [[at.x + 120, at.y + 90], end]);
      const got = await waitFor<DropEvent[] | undefined>(async () => {
        const v = await events(target);
        return v.some((e) => e.type === "drop") ? v : undefined;
      }, "a drop event") as DropEvent[];
      assertEquals(got[0].type, "enter", JSON.stringify(got));
      assertEquals(got[0].paths, files);
      assert(
        got.length > 2 && got.slice(1, -1).every((e) => e.type === "over"),
        JSON.stringify(got),
      );
      const drop = got.at(-1)!;
      assertEquals([drop.type, drop.paths, drop.ctor], ["drop", files, "PhysicalPosition"]);
      // Physical pixels from the webview's corner: where the pointer was released.
      assert(
        Math.abs(drop.x! - (end[0] - at.x)) <= 1 && Math.abs(drop.y! - (end[1] - at.y)) <= 1,
        `drop at ${drop.x},${drop.y}; released at ${end[0] - at.x},${end[1] - at.y}`,
      );
      // As in Tauri, what was dropped is now readable through fs, and only that.
      assertEquals(await read(files[0]), { ok: true, v: "dropped" });
      assertEquals(await read(files[1]), { ok: true, v: "dropped" });
      const beside = await read(other);
      assert(!beside.ok, "a file that was not dropped");
      assertEquals(beside.tauri, beside.message, "a plain string");
      assertMatch(beside.message, /is outside the fs scope/);
      // Taken for Tauri's events, the drop did not also reach the page's HTML5 handlers.
      assertEquals(await target.evalJs("window.html5"), []);

      // 2. In and back out, released on the source: a leave, no drop.
      await target.evalJs("window.got = []");
      await drag(source, [[at.x + 100, at.y + 100], [source.x + 40, source.y + 40]]);
      const left = await waitFor<DropEvent[] | undefined>(async () => {
        const v = await events(target);
        return v.some((e) => e.type === "leave") ? v : undefined;
      }, "a leave event") as DropEvent[];
      assertEquals(left[0].type, "enter");
      assertEquals(left.at(-1)!.type, "leave");
      assert(!left.some((e) => e.type === "drop"), JSON.stringify(left));

      // 3. dragDropEnabled: false: the same drag reaches the page's own drop handler (WebKit's
      //    drag and drop), and no Tauri event, though the page listens for them.
      const ownAt = await innerPosition(own);
      await drag(source, [[ownAt.x + 120, ownAt.y + 90], [ownAt.x + 160, ownAt.y + 120]]);
      await waitFor(
        async () => (await own.evalJs<unknown[]>("window.html5")).length === 1,
        "the page's own drop event",
      );
      // WebKitGTK hands the page a drop of another program's text/uri-list with that type but
      // neither the file: URLs nor File objects (it keeps local paths from pages).
      assertEquals(await own.evalJs("window.html5"), [{
        files: [],
        types: ["text/uri-list", "text/html"],
        uris: "",
      }]);
      await sleep(300);
      assertEquals(await events(own), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("a page-made window's dragDropEnabled reaches its show() options", async () => {
  const { showOptionsOf } = await import("../app/core/webview_window.ts");
  assertEquals(showOptionsOf({ label: "x", dragDropEnabled: false }, false).dragDropEnabled, false);
  assertEquals(showOptionsOf({ label: "x", dragDropEnabled: true }, false).dragDropEnabled, true);
  assertEquals(showOptionsOf({ label: "x" }, false).dragDropEnabled, undefined); // default: true
});
