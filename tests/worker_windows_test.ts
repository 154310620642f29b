// test-flags: --unstable-worker-options
/**
 * Windows with a worker of their own (`show(content, { worker, permissions })`), in real windows:
 * commands, channels and events through the worker, in order per window, beside a main-isolate
 * window; faults contained in their window (crash, restart, a loop); Deno permissions per window;
 * a closed window's worker ends; the browser transport; the flag check.
 * @module
 */

import { assert, assertEquals, assertMatch, assertRejects } from "./support/assert.ts";
import { z } from "zod";
import { App, Commands, type WindowHandle } from "../mod.ts";
import { sharedChromium, waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { workerOptionsFlagIn } from "../app/workers/permissions.ts";
import type { Invoke } from "../commands.ts";
import type { WorkerWindow } from "../worker.ts";

const WORKER = new URL("./support/worker_window.ts", import.meta.url);
const BROKEN = new URL("./support/worker_broken.ts", import.meta.url);

/** `p`, or a failure naming `what` after `ms`. */
async function within<T>(p: Promise<T>, what: string, ms = 60_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Main-isolate commands with the same names as the worker's, answering differently. */
function mainCommands() {
  return new Commands()
    .command("whoami", {}, ({ label }) => `main:${label}`)
    .command("main-only", {}, ({ label }) => `main-only:${label}`)
    .command("seq", { body: z.number().int() }, ({ body, window }) => {
      window.emit("app:seq", body);
      return body;
    })
    .command("read", { body: z.string() }, async ({ body }) => {
      try {
        return { ok: true, text: await Deno.readTextFile(body) };
      } catch (e) {
        return { ok: false, name: (e as Error).name, message: (e as Error).message };
      }
    })
    .command("slow", {}, () => new Promise((r) => setTimeout(() => r("slow done"), 50)));
}

/** Runs `script` (an async function body) in the page; a page error fails with its message. */
function inPage<T>(win: WindowHandle, body: string, timeoutMs = 30_000): Promise<T> {
  return win.evalJs<T>(`(async () => { ${body} })()`, { timeoutMs });
}

/** The page's error (message and code) for one invoke. */
function invokeError(win: WindowHandle, cmd: string, body = "null") {
  return inPage<{ message: string; code: string; data?: unknown }>(
    win,
    `try { await panes.invoke(${JSON.stringify(cmd)}, ${body}); return { message: "resolved" }; }
     catch (e) { return { message: e.message, code: e.code, data: e.data }; }`,
  );
}

/** The ordered workload of one window: N invokes (each emits before it answers) and a stream. */
const WORKLOAD = `
  const events = [];
  const off = panes.on("app:seq", (d) => events.push(d));
  const N = 200;
  const answers = [];
  await Promise.all(Array.from({ length: N }, (_, i) =>
    panes.invoke("seq", i).then((v) => answers.push(v))));
  const got = [];
  let bytes = null;
  const ch = new panes.Channel((m) => m instanceof ArrayBuffer ? bytes = [...new Uint8Array(m)] : got.push(m));
  const streamed = await panes.invoke("stream", { n: 100, channel: ch }).catch((e) => e.code);
  off();
  return { events, answers, got, bytes, streamed, who: await panes.invoke("whoami") };
`;

Deno.test(
  "two worker windows and a main window: commands, channels, events, state and window control, in order per window",
  WINDOW_TEST,
  async () => {
    await using app = new App({ commands: mainCommands(), config: false, readyTimeoutMs: 120_000 });
    const fromWorkers: unknown[] = [];
    app.on("app:from-worker", (data, _type, label) => fromWorkers.push([label, data]));
    const [a, b, m] = await Promise.all([
      app.show("<p>A</p>", { label: "wa", worker: WORKER }),
      app.show("<p>B</p>", { label: "wb", worker: WORKER }),
      app.show("<p>M</p>", { label: "wm" }),
    ]);
    const results = await Promise.all([a, b, m].map((w) =>
      inPage<{
        events: number[];
        answers: number[];
        got: number[];
        bytes: number[] | null;
        streamed: unknown;
        who: string;
      }>(w, WORKLOAD)
    ));
    const seq = Array.from({ length: 200 }, (_, i) => i);
    for (const [i, r] of results.entries()) {
      assertEquals(r.events, seq, `window ${i}: events in order, none lost`);
      assertEquals(r.answers, seq, `window ${i}: answers in order, none lost`);
    }
    // The main window has no "stream" command: unknown-command; the worker windows stream.
    for (const r of results.slice(0, 2)) {
      assertEquals(r.got, Array.from({ length: 100 }, (_, i) => i));
      assertEquals(r.bytes, [1, 2, 3]);
      assertEquals(r.streamed, 100);
    }
    assertEquals(results[2].streamed, "unknown-command");
    assertEquals(results.map((r) => r.who), ["worker:wa", "worker:wb", "main:wm"]);
    // The worker's table comes first; the app's commands still answer what it lacks.
    assertEquals(await inPage(a, `return await panes.invoke("main-only")`), "main-only:wa");
    // State per worker.
    assertEquals(
      await inPage(a, `return [await panes.invoke("count"), await panes.invoke("count")]`),
      [
        1,
        2,
      ],
    );
    assertEquals(await inPage(b, `return await panes.invoke("count")`), 1);
    // Bytes both ways.
    assertEquals(
      await inPage(
        a,
        `return [...new Uint8Array(await panes.invoke("bytes", new Uint8Array([1, 2, 9])))]`,
      ),
      [9, 2, 1],
    );
    // Errors keep the main isolate's shape and codes.
    assertEquals(await invokeError(a, "fail"), {
      message: "no luck",
      code: "command-error",
      data: { hint: "retry" },
    });
    const internal = await invokeError(a, "boom");
    assertEquals(internal.code, "internal");
    assertMatch(internal.message, /command "boom" failed \(internal error/);
    assertEquals((await invokeError(a, "seq", `"x"`)).code, "invalid-body");
    assertEquals((await invokeError(a, "nope")).code, "unknown-command");
    // Events both ways through the worker; evalJs and window control from the worker.
    assertEquals(
      await inPage(
        a,
        `return await new Promise((r) => { panes.on("app:pong", r); panes.emit("app:ping", { n: 7 }); })`,
      ),
      { n: 7 },
    );
    assertEquals(await inPage(b, `return await panes.invoke("title", "B's title")`), "B's title");
    assertEquals(await b.proxy.title(), "B's title");
    assertEquals(await inPage(b, `return await panes.invoke("text")`), "B");
    assertEquals(await inPage(a, `return await panes.invoke("to-host", { x: 1 })`), true);
    await waitFor(() => fromWorkers.length === 1, { what: "the worker's host event" });
    assertEquals(fromWorkers, [["wa", { x: 1 }]]);
    assertEquals(
      (await inPage<string[]>(a, `return await panes.invoke("windows")`)).sort(),
      ["wa", "wb", "wm"],
    );
  },
);

Deno.test(
  "a worker that throws is contained: event, pending invoke rejects, other windows fine; restartOnCrash brings it back",
  WINDOW_TEST,
  async () => {
    await using app = new App({ commands: mainCommands(), config: false, readyTimeoutMs: 120_000 });
    const errors: Array<{ label: string; message: string; stack: string }> = [];
    const exits: unknown[] = [];
    app.on("window:worker-error", (d) => errors.push(d as (typeof errors)[0]));
    app.on("window:worker-exit", (d) => exits.push(d));
    const [once, again, m, other] = await Promise.all([
      app.show("<p>once</p>", { label: "once", worker: WORKER }),
      app.show("<p>again</p>", { label: "again", worker: WORKER, restartOnCrash: true }),
      app.show("<p>main</p>", { label: "m" }),
      app.show("<p>other</p>", { label: "other", worker: WORKER }),
    ]);
    const running = app.run();
    let ended = false;
    running.then(() => ended = true);
    // A pending invoke rejects with worker-crashed, and the host hears the error with its stack.
    const crashed = await invokeError(once, "crash");
    assertEquals(crashed.code, "worker-crashed");
    assertMatch(crashed.message, /window "once": its worker crashed: .*kaboom in the worker/);
    await waitFor(() => errors.length === 1, { what: "window:worker-error" });
    assertEquals(errors[0].label, "once");
    assertMatch(errors[0].message, /kaboom in the worker/);
    assertMatch(errors[0].stack, /worker_window\.ts/);
    // Not restarted: its commands answer worker-crashed; the app's commands still answer.
    assertEquals((await invokeError(once, "whoami")).code, "worker-crashed");
    assertEquals(await inPage(once, `return await panes.invoke("main-only")`), "main-only:once");
    // Other windows go on.
    assertEquals(await inPage(other, `return await panes.invoke("whoami")`), "worker:other");
    assertEquals(await inPage(m, `return await panes.invoke("whoami")`), "main:m");
    // restartOnCrash: a new worker, its commands registered again (fresh state).
    assertEquals(await inPage(again, `return await panes.invoke("count")`), 1);
    assertEquals((await invokeError(again, "crash")).code, "worker-crashed");
    await waitFor(() => errors.length === 2, { what: "the second window:worker-error" });
    assertEquals(
      await waitFor(
        () => inPage(again, `return await panes.invoke("count")`).then((n) => n === 1 && n),
        { what: "the restarted worker to answer" },
      ),
      1,
    );
    assertEquals(exits, [{ label: "once", reason: "crashed" }, {
      label: "again",
      reason: "crashed",
    }]);
    assert(!ended, "app.run() goes on");
    await within(app.destroy(), "app.destroy()");
    await within(running, "app.run() to end");
  },
);

Deno.test(
  "a worker looping forever: its invokes time out while other windows keep answering; close ends it",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      commands: mainCommands(),
      config: false,
      readyTimeoutMs: 120_000,
      commandTimeoutMs: 3000,
    });
    const exits: unknown[] = [];
    app.on("window:worker-exit", (d) => exits.push(d));
    const [loop, other, m] = await Promise.all([
      app.show("<p>loop</p>", { label: "loop", worker: WORKER }),
      app.show("<p>other</p>", { label: "other", worker: WORKER }),
      app.show("<p>main</p>", { label: "m" }),
    ]);
    const spun = invokeError(loop, "spin");
    // While the loop runs, the other windows answer every call.
    for (let i = 0; i < 20; i++) {
      assertEquals(await inPage(other, `return await panes.invoke("echo", ${i})`), i);
      assertEquals(await inPage(m, `return await panes.invoke("seq", ${i})`), i);
    }
    const r = await within(spun, "the looping call to time out");
    assertEquals(r.code, "timeout");
    assertMatch(r.message, /command "spin" did not answer within 3000 ms/);
    // The looping worker is still busy; closing its window terminates it.
    await within(loop.close(), "the looping worker's window to close");
    assertEquals(exits, [{ label: "loop", reason: "window closed" }]);
    assertEquals(await inPage(other, `return await panes.invoke("whoami")`), "worker:other");
  },
);

Deno.test(
  "permissions per window: a worker without read gets NotCapable where a main handler reads the file",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-worker-" });
    const file = `${dir}/note.txt`;
    await Deno.writeTextFile(file, "a note");
    try {
      await using app = new App({
        commands: mainCommands(),
        config: false,
        readyTimeoutMs: 120_000,
      });
      const [locked, scoped, m] = await Promise.all([
        app.show("<p>locked</p>", {
          label: "locked",
          worker: WORKER,
          permissions: { read: false, write: false, net: false, env: false, run: false },
        }),
        app.show("<p>scoped</p>", {
          label: "scoped",
          worker: WORKER,
          permissions: { read: [dir], net: false, env: false },
        }),
        app.show("<p>main</p>", { label: "m" }),
      ]);
      // Positive control: the main isolate's handler reads the file.
      assertEquals(await inPage(m, `return await panes.invoke("read", ${JSON.stringify(file)})`), {
        ok: true,
        text: "a note",
      });
      const denied = await inPage<{ ok: boolean; name: string; message: string }>(
        locked,
        `return await panes.invoke("read", ${JSON.stringify(file)})`,
      );
      assertEquals(denied.ok, false);
      assert(["NotCapable", "PermissionDenied"].includes(denied.name), JSON.stringify(denied));
      assertMatch(denied.message, /read access/);
      // Scoped read: inside the folder yes, outside no.
      assertEquals(
        await inPage(scoped, `return await panes.invoke("read", ${JSON.stringify(file)})`),
        { ok: true, text: "a note" },
      );
      const outside = await inPage<{ ok: boolean; name: string }>(
        scoped,
        `return await panes.invoke("read", "/etc/hostname")`,
      );
      assertEquals([outside.ok, outside.name], [false, "NotCapable"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "closing a window terminates its worker; app.destroy() terminates all; a broken module rejects show()",
  WINDOW_TEST,
  async () => {
    Deno.env.set("PANES_TEST_TICK", "1");
    const app = new App({ commands: mainCommands(), config: false, readyTimeoutMs: 120_000 });
    try {
      const ticks = new Map<string, number>();
      const exits: Array<{ label: string; reason: string }> = [];
      app.on("app:tick", (_d, _t, label) => ticks.set(label, (ticks.get(label) ?? 0) + 1));
      app.on("window:worker-exit", (d) => exits.push(d as (typeof exits)[0]));
      const [t1] = await Promise.all([
        app.show("<p>t1</p>", { label: "t1", worker: WORKER }),
        app.show("<p>t2</p>", { label: "t2", worker: WORKER }),
        app.show("<p>t3</p>", { label: "t3", worker: WORKER }),
      ]);
      await waitFor(() => (ticks.get("t1") ?? 0) > 3, { what: "the worker's ticks" });
      await within(t1.close(), "t1 to close");
      assertEquals(exits, [{ label: "t1", reason: "window closed" }]);
      const at = ticks.get("t1");
      await new Promise((r) => setTimeout(r, 300));
      assertEquals(ticks.get("t1"), at, "no tick after its window closed");
      await waitFor(() => (ticks.get("t2") ?? 0) > 3, { what: "t2 still ticks" });
      await within(app.destroy(), "app.destroy()");
      assertEquals(exits.map((e) => e.label).sort(), ["t1", "t2", "t3"]);
      const after = [ticks.get("t2"), ticks.get("t3")];
      await new Promise((r) => setTimeout(r, 300));
      assertEquals([ticks.get("t2"), ticks.get("t3")], after, "no tick after destroy()");
    } finally {
      Deno.env.delete("PANES_TEST_TICK");
      await app.destroy();
    }
    await using app2 = new App({ config: false, readyTimeoutMs: 120_000 });
    await assertRejects(
      () => app2.show("<p>broken</p>", { label: "broken", worker: BROKEN }),
      Error,
      "broken at load",
    );
    assertEquals(app2.windows, []);
  },
);

Deno.test(
  "the browser transport runs worker windows the same way",
  WINDOW_TEST,
  async () => {
    const chromium = await sharedChromium();
    await using app = new App({
      transport: "browser",
      browser: (url) => chromium.open(url),
      config: false,
      readyTimeoutMs: 120_000,
      commands: mainCommands(),
    });
    const [w, m] = await Promise.all([
      app.show("<p>w</p>", { label: "bw", worker: WORKER }),
      app.show("<p>m</p>", { label: "bm" }),
    ]);
    const r = await inPage<{ who: string; answers: number[]; got: number[] }>(w, WORKLOAD);
    assertEquals(r.who, "worker:bw");
    assertEquals(r.answers, Array.from({ length: 200 }, (_, i) => i));
    assertEquals(r.got, Array.from({ length: 100 }, (_, i) => i));
    assertEquals(await inPage(m, `return await panes.invoke("whoami")`), "main:bm");
    assertEquals(await inPage(w, `return await panes.invoke("text")`), "w");
  },
);

Deno.test("without --unstable-worker-options, show({ permissions }) rejects clearly (Deno would exit 70)", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./support/worker_noflag_child.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  assert(text.includes("available: false"), text);
  assertMatch(text, /rejected: .*needs Deno's --unstable-worker-options flag/);
});

Deno.test("the --unstable-worker-options check reads the command line, the env and deno.json", () => {
  assert(workerOptionsFlagIn(["deno", "run", "--unstable-worker-options", "x.ts"], undefined, []));
  assert(!workerOptionsFlagIn(["deno", "run", "-A", "x.ts"], undefined, []));
  assert(workerOptionsFlagIn(["deno", "run", "x.ts"], "1", []));
  assert(workerOptionsFlagIn([], undefined, [`{ "unstable": ["kv", "worker-options"] }`]));
  assert(!workerOptionsFlagIn([], undefined, [`{ "unstable": ["kv"] }`]));
});

/** Typing (checked, not run): a worker's commands type the page's invoke as main's commands do. */
export function typedWorkerCommands(pane: WorkerWindow): Promise<number> {
  const cmds = pane.commands.command("add", { body: z.number() }, ({ body }) => body + 1);
  const invoke = undefined as unknown as Invoke<typeof cmds>;
  // @ts-expect-error: the body is a number
  void invoke("add", "x");
  return invoke("add", 1);
}
