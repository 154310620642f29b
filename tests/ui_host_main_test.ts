// The UI on the main isolate (AppOptions.uiHost "main", ffi/main/ui_inline.ts): a real window
// driven by GLib from Deno's event loop; the process lives exactly as long as a window holds it;
// and core test files of the suite pass unchanged in that mode.
import { App, Commands } from "../mod.ts";
import { drive, useVirtualDisplay } from "../testing.ts";
import { UiThread } from "../ffi/main/ui_thread.ts";
import { describe, runDeno } from "./support/child.ts";
import { assert, assertEquals } from "./support/assert.ts";

await useVirtualDisplay();

Deno.test("uiHost main: calls, events both ways, window control and evalJs on a real window", async () => {
  const commands = new Commands().command("add", {}, ({ body }) => {
    const { a, b } = body as { a: number; b: number };
    return a + b;
  });
  const app = new App({ config: false, uiHost: "main", commands });
  try {
    const win = await app.show(
      `<h1 id="h">main</h1><script>
        panes.on("app:ping", (d) => panes.emit("app:pong", { n: d.n + 1 }));
      </script>`,
      { width: 320, height: 200, title: "on main" },
    );
    // The UI really is on this isolate: the process-wide UI link says so.
    assertEquals((await UiThread.get()).host, "main");
    const t = await drive(win);
    assertEquals(await t.text("#h"), "main");
    assertEquals(await win.evalJs("panes.invoke('add', { a: 2, b: 3 })"), 5);
    const pong = new Promise<unknown>((resolve) => win.on("app:pong", resolve));
    win.emit("app:ping", { n: 41 });
    assertEquals(await pong, { n: 42 });
    // Window control: a native call and its read-back, both on this thread now.
    assertEquals(await win.proxy.isResizable(), true);
    await win.proxy.setResizable(false);
    assertEquals(await win.proxy.isResizable(), false);
    // What the window shows: a screenshot of the real window (GTK renders on this thread).
    const png = await win.screenshot();
    assert(png.length > 1000, `a screenshot of ${png.length} bytes`);
    // A burst host → page keeps its order (the queue is read in order wherever the UI runs).
    await win.evalJs(`window.__seen = []; panes.on("app:n", (d) => window.__seen.push(d)); true`);
    for (let i = 0; i < 500; i++) win.emit("app:n", i);
    await t.waitFor(
      () => (globalThis as unknown as { __seen: unknown[] }).__seen.length === 500,
      { timeout: 15_000 },
    );
    const seen = await win.evalJs("window.__seen") as number[];
    assertEquals(seen, Array.from({ length: 500 }, (_, i) => i));
  } finally {
    await app.destroy();
  }
});

Deno.test("uiHost main: an open window keeps the process alive, and it ends by itself after the last closes", async () => {
  const r = await runDeno(["run", "-A", "tests/support/ui_main_child.ts"], { timeoutMs: 90_000 });
  const all = describe(r);
  assert(!r.timedOut, `the child did not end by itself after its window closed:\n${all}`);
  // SHOWN first, then the page's call a second later: main had nothing else to keep it running.
  const lines = r.stdout.split("\n").filter(Boolean);
  assertEquals(lines, ["SHOWN", "LATER later"], all);
  assertEquals(r.code, 0, all);
});

// Test files of the suite that exercise the UI side's paths (commands, events, window control,
// menus, frames, binary bodies, load, worker windows, Tauri's window API), run as they are with the
// UI on the main isolate. (tests/ui_commands_test.ts and tests/worker_short_path_test.ts are not
// among them: they check that calls are answered while main is blocked, which only a UI thread of
// its own can do.)
const SUITE = [
  "tests/protocol_test.ts",
  "tests/window_control_test.ts",
  "tests/worker_windows_test.ts",
  "tests/tauri_core_window_test.ts",
  "tests/menu_test.ts",
  "tests/security_frames_test.ts",
  "tests/binary_invoke_test.ts",
  "tests/reliability_load_test.ts",
  // Print dialogs (plugin:webview|print, the page's window.print()): with a modal nested loop they
  // held main's event loop, and so every window, until the user closed them.
  "tests/tauri_core_webview_test.ts",
];
for (const file of SUITE) {
  Deno.test(`uiHost main: ${file} passes with PANES_UI_HOST=main`, async () => {
    const first = (await Deno.readTextFile(file)).split("\n", 1)[0];
    const own = /^\/\/ test-flags: (.+)$/.exec(first)?.[1].split(" ") ?? [];
    const r = await runDeno(["test", "-A", ...own, file], {
      env: { PANES_UI_HOST: "main" },
      timeoutMs: 600_000,
    });
    const all = describe(r, 60);
    const m = /ok \| (\d+) passed(?: \(\d+ steps?\))? \| 0 failed/.exec(r.stdout);
    assert(m && Number(m[1]) > 0, `${file} did not pass with the UI on main:\n${all}`);
    assertEquals(r.code, 0, all);
  });
}
