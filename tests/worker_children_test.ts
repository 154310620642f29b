// test-flags: --unstable-worker-options
/** Windows a window's worker opens (`pane.app.show`), only with `childWindows`. */
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App, Commands } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const WORKER = new URL("./support/worker_window.ts", import.meta.url);

const openChild = (content: unknown, options: unknown) =>
  `panes.invoke("open-child", ${JSON.stringify({ content, options })})`;

Deno.test("a worker opens child windows only when its window grants it", WINDOW_TEST, async () => {
  await using app = new App({
    config: false,
    readyTimeoutMs: 120_000,
    commands: new Commands().command("where", {}, ({ label }) => label),
  });
  const [parent, plain] = await Promise.all([
    app.show("<p>parent</p>", { label: "parent", worker: WORKER, childWindows: true }),
    app.show("<p>plain</p>", { label: "plain", worker: WORKER }),
  ]);
  // Refused without the grant, and no window opens.
  const refused = await plain.evalJs(openChild("<p>x</p>", { label: "sneaky" })) as {
    ok: boolean;
    message: string;
  };
  assertEquals(refused.ok, false);
  assertMatch(refused.message, /may not open windows/);
  assertEquals(app.windows.includes("sneaky"), false);
  // Positive control: the same call from the granted window opens it, with its own page and bridge.
  const opened = await parent.evalJs(
    openChild("<p id=c>child</p>", { label: "child", title: "Child" }),
  ) as {
    ok: boolean;
    label: string;
  };
  assertEquals(opened, { ok: true, label: "child" });
  const child = app.window("child")!;
  assert(child, "the child window is open");
  assertEquals(await child.evalJs(`panes.invoke("where")`), "child");
  assertEquals(await child.proxy.title(), "Child");
  // A child with a worker of its own (resolved against the parent's module), which may not open
  // windows unless asked for, and options that do not belong are refused clearly.
  const withWorker = await parent.evalJs(
    openChild("<p>w</p>", { label: "child-w", worker: "./worker_window.ts" }),
  ) as { ok: boolean; label?: string };
  assertEquals(withWorker, { ok: true, label: "child-w" });
  const childW = app.window("child-w")!;
  assertEquals(await childW.evalJs(`panes.invoke("whoami")`), "worker:child-w");
  const grand = await childW.evalJs(openChild("<p>g</p>", { label: "grand" })) as {
    ok: boolean;
    message: string;
  };
  assertEquals(grand.ok, false);
  assertMatch(grand.message, /may not open windows/);
  const bad = await parent.evalJs(openChild("<p>b</p>", { label: "bad", hotReload: true })) as {
    ok: boolean;
    message: string;
  };
  assertEquals(bad.ok, false);
  assertMatch(bad.message, /option hotReload not allowed/);
  assertEquals(app.windows.includes("bad"), false);
});
