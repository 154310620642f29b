// An invoke POST to panes://app/__ipc/invoke may wait on the UI thread (up to 2 s) for posts the
// page made before it, but only with the page's current key: a POST with a stale key (an earlier
// load of the same window, which a frame might have learned) is refused at once and holds nothing
// (ffi/ui/ui_host.ts, mayWait). Seen through the UI thread's test hooks, which start with the UI
// thread when PANES_TEST_HOOKS=1: this file runs in a process of its own (tools/run_tests.ts), so
// its first window is window 1.
import { assert, assertEquals } from "./support/assert.ts";
import { App, Commands } from "../mod.ts";
import { UiThread } from "../ffi/main/ui_thread.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";

Deno.env.set("PANES_TEST_HOOKS", "1");

// A hand-made invoke POST that says it comes after post 999999, which the page never makes: it is
// held for the whole wait when its key is let wait.
const post = `window.post = (key, i) => fetch("/__ipc/invoke", { method: "POST",
  body: new Uint8Array(10), headers: { "x-panes-i": String(i), "x-panes-c": "len",
  "x-panes-h": "%7B%7D", "x-panes-kind": "bytes", "x-panes-len": "10",
  "x-panes-after": "999999", "x-panes-key": key } }).then((r) => r.status, (e) => "error " + e);`;

Deno.test(
  "a POST with a stale page key is refused at once, while one with the page's key is held",
  WINDOW_TEST,
  async () => {
    let ran = 0;
    const commands = new Commands()
      .command("len", { body: "bytes" }, ({ body }) => (ran++, body.length));
    await using app = new App({ commands, config: false });
    const win = await app.show(`<p>one</p><script>${post}</script>`, { width: 240, height: 160 });
    const ui = await UiThread.get();
    const hook = <T>(name: string) => ui.call(1, name) as Promise<T>;
    const stale = await hook<string | null>("__pageKey");
    assert(typeof stale === "string" && stale.length > 16, `the first page's key: ${stale}`);
    await win.update(`<p>two</p><script>${post}</script>`);
    const current = await waitFor(
      () => hook<string | null>("__pageKey"),
      (k) => typeof k === "string" && k !== stale,
      { what: "the second page's key" },
    );

    // The control: the page's own key is let wait (held until its earlier posts come, or 2 s).
    await win.evalJs(`window.control = post(${JSON.stringify(current)}, 90001), 1`);
    await waitFor(() => hook<number>("__heldPosts"), (n) => n === 1, {
      what: "the POST with the page's key held",
    });
    // The stale key, same request otherwise: refused, and answered while the control is still
    // held (held too, it would be let go no earlier than the control sent before it).
    assertEquals(await win.evalJs(`post(${JSON.stringify(stale)}, 90002)`), 403);
    assertEquals(await hook<number>("__heldPosts"), 1, "the control is still held, alone");
    assertEquals(ran, 0, "no command ran for either");
    // The control is served when its wait ends: its command runs.
    assertEquals(await win.evalJs(`window.control`, { timeoutMs: 10_000 }), 200);
    await waitFor(() => ran, (n) => n === 1, { what: "the held POST's command to run" });
    assertEquals(await hook<number>("__heldPosts"), 0);

    // Held with the page's key, then the page is replaced before the wait ends: it is let go when
    // the next page commits, and is not run for it (checked end to end: its key is stale then, and
    // WebKit has dropped its body with its page, so more than one check stands in the way).
    await win.evalJs(`post(${JSON.stringify(current)}, 90003), 1`);
    await waitFor(() => hook<number>("__heldPosts"), (n) => n === 1, {
      what: "the second POST with the page's key held",
    });
    await win.update(`<p>three</p>`);
    await waitFor(() => hook<number>("__heldPosts"), (n) => n === 0, {
      what: "the held POST let go",
    });
    // A call of the new page goes the same way after it: had the old one been run, it would
    // have reached main first.
    assertEquals(await win.evalJs(`panes.invoke("len", new Uint8Array(7))`), 7);
    assertEquals(ran, 2, "only the new page's call ran");
  },
);
