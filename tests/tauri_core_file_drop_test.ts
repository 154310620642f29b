/**
 * Files dragged onto a window from another program, reported as Tauri reports them through
 * @tauri-apps/api's own `onDragDropEvent`: `enter` (paths, position), `over` (position), then
 * `drop` (paths, position) or `leave`. The drag source is a real GTK 4 window of its own
 * process (tests/support/drag_source.ts) offering the files as `text/uri-list`, driven with
 * xdotool (button down on it, moves onto the window, button up), as a user drags from a file
 * manager.
 */
import { assert, assertEquals } from "./support/assert.ts";
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

type DropEvent = { type: string; paths?: string[]; x?: number; y?: number; ctor?: string };

function events(win: WindowHandle) {
  return win.evalJs<DropEvent[]>("window.got ?? []");
}

Deno.test(
  "files dragged from another program onto the window: enter, over, drop with their paths; a drag that goes back out leaves",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-drop-" });
    const files = [`${dir}/a.txt`, `${dir}/b c.txt`];
    for (const f of files) await Deno.writeTextFile(f, "dropped");
    try {
      const script = await tauriCoreScript();
      await using app = new App({ config: false });
      const target = await app.show(`<body style="margin:0">${script}</body>`, {
        label: "target",
        title: "drop target",
        width: 360,
        height: 260,
      });
      ok(await tryIn(target, LISTEN));
      await using _source = await dragSource("drag source", files);
      const t = await xwindow("drop target");
      // Side by side: the source at the screen's left, the target to its right.
      const s0 = await xwindow("drag source");
      await xdotool("windowmove", "--sync", s0.id, "10", String(t.y));
      if (t.x < 260) await xdotool("windowmove", "--sync", t.id, "300", String(t.y));
      const s = await xwindow("drag source");
      const tt = await xwindow("drop target");
      const into = [tt.x + 120, tt.y + 90];
      await drag(s, [into, [into[0] + 40, into[1] + 30]]);
      const got = await waitFor<DropEvent[] | undefined>(async () => {
        const v = await events(target);
        return v.some((e) => e.type === "drop") ? v : undefined;
      }, "a drop event") as DropEvent[];
      console.log(JSON.stringify(got));
      assertEquals(got[0].type, "enter");
      assertEquals(got[0].paths, files);
      assertEquals(got.at(-1)!.type, "drop");
      assertEquals(got.at(-1)!.paths, files);
      assert(got.slice(1, -1).every((e) => e.type === "over"), JSON.stringify(got));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
