// test-flags: --v8-flags=--expose-gc
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { z } from "zod";
import { App, Channel, definePlugin } from "../mod.ts";
import type { PluginCallContext } from "../plugins.ts";
import { waitFor } from "../testing.ts";
import { rssMiB, WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { LineSplitter, MAX_LINE } from "../plugins/shell/child.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

// In-page helpers: `watch(cmd)` records every event of a Command in arrival order and resolves
// `closed` on Terminated; `until(fn)` polls a condition.
const HELPERS = `
  const until = async (fn, ms = 8000) => {
    const end = Date.now() + ms;
    while (!fn()) {
      if (Date.now() > end) throw new Error("timed out waiting in the page");
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const watch = (cmd) => {
    const events = [];
    cmd.stdout.on("data", (d) => events.push(["out", d]));
    cmd.stderr.on("data", (d) => events.push(["err", d]));
    cmd.on("error", (e) => events.push(["error", e]));
    const closed = new Promise((r) => cmd.on("close", (p) => { events.push(["close", p]); r(p); }));
    return { events, closed };
  };
`;

const tmp = await Deno.makeTempDir({ prefix: "panes-spawn-" });

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether process `pid` exists (`kill -0`; a reaped child is gone). */
async function alive(pid: number): Promise<boolean> {
  const r = await new Deno.Command("kill", { args: ["-0", String(pid)], stderr: "null" }).output();
  return r.success;
}

const LINES = 200;
const SCRIPT =
  `i=1; while [ $i -le ${LINES} ]; do echo out$i; echo err$i >&2; i=$((i+1)); done; printf 'a\\rb\\r\\nlast'; exit 7`;

const RAW_SCRIPT = "printf 'ab\\ncd'";
// A line that is not UTF-8 (byte 0xff) between two that are.
const BAD_SCRIPT = "printf 'ok\\n\\377\\nafter\\n'";

const SCOPE = [
  { name: "sh-lines", cmd: "sh", args: ["-c", SCRIPT] },
  { name: "sh-raw", cmd: "sh", args: ["-c", RAW_SCRIPT] },
  { name: "sh-bad", cmd: "sh", args: ["-c", BAD_SCRIPT] },
  { name: "missing", cmd: "panes-no-such-program" },
  { name: "cat", cmd: "cat" },
  { name: "sleep", cmd: "sleep", args: [{ validator: "[0-9]+" }] },
];

function newApp(): App {
  return new App({
    config: false,
    plugins: ["shell"],
    capabilities: [{
      identifier: "s",
      windows: ["main", "second"],
      permissions: [
        { identifier: "shell:allow-spawn", allow: SCOPE },
        "shell:allow-stdin-write",
        "shell:allow-kill",
      ],
    }, {
      // Spawns, but may not write or kill.
      identifier: "spawn-only",
      windows: ["spawn-only"],
      permissions: [{ identifier: "shell:allow-spawn", allow: SCOPE }],
    }],
  });
}

async function page(app: App, label: string) {
  return await app.show(`${await guestScriptTag()}<p>${label}</p>`, {
    label,
    width: 240,
    height: 160,
  });
}

Deno.test(
  "shell spawn: the guest package gets every stdout/stderr line in order, then Terminated with the code",
  WINDOW_TEST,
  async () => {
    await using app = newApp();
    const win = await page(app, "main");
    const r = await win.evalJs<Result>(call(`${HELPERS}
      const cmd = tauriGuest.shell.Command.create("sh-lines", ["-c", ${JSON.stringify(SCRIPT)}]);
      const { events, closed } = watch(cmd);
      const child = await cmd.spawn();
      await closed;
      await new Promise((r) => setTimeout(r, 50)); // nothing may follow Terminated
      return { pid: child.pid, events };
    `));
    assert(r.ok, JSON.stringify(r));
    const { pid, events } = r.v as { pid: number; events: [string, unknown][] };
    assert(Number.isInteger(pid) && pid > 0, `pid ${pid}`);
    const out = events.filter(([k]) => k === "out").map(([, d]) => d);
    const err = events.filter(([k]) => k === "err").map(([, d]) => d);
    // Lines keep their terminator (Tauri's read_line); a lone \r ends a line too; the rest at EOF
    // is a last line.
    assertEquals(out, [
      ...Array.from({ length: LINES }, (_, i) => `out${i + 1}\n`),
      "a\r",
      "b\r\n",
      "last",
    ]);
    assertEquals(err, Array.from({ length: LINES }, (_, i) => `err${i + 1}\n`));
    assertEquals(events.filter(([k]) => k === "error"), []);
    assertEquals(events.at(-1), ["close", { code: 7, signal: null }]);
    assertEquals(events.filter(([k]) => k === "close").length, 1);

    // encoding "raw": chunks of bytes (number arrays, as Tauri serialises Vec<u8>), not lines.
    const raw = await win.evalJs<Result>(call(`${HELPERS}
      const cmd = tauriGuest.shell.Command.create("sh-raw", ["-c", ${
      JSON.stringify(RAW_SCRIPT)
    }], { encoding: "raw" });
      const { events, closed } = watch(cmd);
      await cmd.spawn();
      await closed;
      return events;
    `));
    assert(raw.ok, JSON.stringify(raw));
    const rawEvents = raw.v as [string, unknown][];
    assertEquals(rawEvents.at(-1), ["close", { code: 0, signal: null }]);
    const bytes = rawEvents.filter(([k]) => k === "out").flatMap(([, d]) => d as number[]);
    assertEquals(new TextDecoder().decode(new Uint8Array(bytes)), "ab\ncd");

    // Without an encoding, a line that is not UTF-8 is an Error event; the stream goes on. A
    // listener that throws does not stop it either.
    const bad = await win.evalJs<Result>(call(`${HELPERS}
      const cmd = tauriGuest.shell.Command.create("sh-bad", ["-c", ${JSON.stringify(BAD_SCRIPT)}]);
      const { events, closed } = watch(cmd);
      cmd.stdout.once("data", () => { throw new Error("listener failed"); });
      await cmd.spawn();
      await closed;
      return events.map(([k, d]) => k === "error" ? [k, typeof d] : [k, d]);
    `));
    assert(bad.ok, JSON.stringify(bad));
    assertEquals(bad.v, [
      ["out", "ok\n"],
      ["error", "string"],
      ["out", "after\n"],
      ["close", { code: 0, signal: null }],
    ]);
  },
);

Deno.test(
  "shell spawn: write to a child's stdin and read it back; kill ends it with a signal",
  WINDOW_TEST,
  async () => {
    await using app = newApp();
    const win = await page(app, "main");
    const r = await win.evalJs<Result>(call(`${HELPERS}
      const cmd = tauriGuest.shell.Command.create("cat");
      const { events, closed } = watch(cmd);
      const child = await cmd.spawn();
      await child.write("hello\\n");
      await child.write([119, 111, 114, 108, 100, 10]); // "world\\n" as bytes
      await until(() => events.length === 2);
      await child.kill();
      const term = await closed;
      return { events, term };
    `));
    assert(r.ok, JSON.stringify(r));
    assertEquals(r.v, {
      events: [["out", "hello\n"], ["out", "world\n"], ["close", { code: null, signal: 9 }]],
      term: { code: null, signal: 9 },
    });

    const k = await win.evalJs<Result>(call(`${HELPERS}
      const cmd = tauriGuest.shell.Command.create("sleep", ["30"]);
      const { events, closed } = watch(cmd);
      const child = await cmd.spawn();
      window.sleepPid = child.pid;
      await child.kill();
      await closed;
      // Once it has ended, the pid is no longer this page's to use.
      let again;
      try { await child.kill(); again = "resolved"; } catch (e) { again = typeof e + ": " + e; }
      return { events, pid: child.pid, again };
    `));
    assert(k.ok, JSON.stringify(k));
    const { events, pid, again } = k.v as { events: unknown[]; pid: number; again: string };
    assertEquals(events, [["close", { code: null, signal: 9 }]]);
    assertMatch(again, /^string: no child process with pid \d+/);
    assertEquals(await alive(pid), false);
  },
);

Deno.test(
  "shell spawn: programs and args outside the scope are forbidden and never run; stdin/kill need their own grants and the same window",
  WINDOW_TEST,
  async () => {
    const marker = `${tmp}/spawned`;
    await using app = newApp();
    const win = await page(app, "main");
    const denied = {
      program: `tauriGuest.shell.Command.create("touch", [${JSON.stringify(marker)}])`,
      realName: `tauriGuest.shell.Command.create("sh", ["-c", "touch ${marker}"])`,
      otherArgs: `tauriGuest.shell.Command.create("sh-lines", ["-c", "touch ${marker}"])`,
      badArg: `tauriGuest.shell.Command.create("sleep", ["1; touch ${marker}"])`,
      extraArg: `panes.shell.Command.create("cat", [${JSON.stringify(marker)}])`,
    };
    for (const [what, make] of Object.entries(denied)) {
      const r = await win.evalJs<Result>(call(`return (await ${make}.spawn()).pid`));
      assertRejectsWithString(r, /"shell:allow-spawn"/, what);
    }
    assertEquals(await exists(marker), false, "a forbidden command ran");

    // An allowed name whose program does not exist rejects spawn() itself.
    const missing = await win.evalJs<Result>(
      call(`await tauriGuest.shell.Command.create("missing").spawn()`),
    );
    assertRejectsWithString(missing, /cannot run "missing"/);

    // Unknown pids, and pids of another window's children, are refused clearly.
    const unknown = await win.evalJs<Result>(
      call(`await panes.invoke("plugin:shell|kill", { cmd: "killChild", pid: 999999999 })`),
    );
    assertEquals(unknown.code, "unknown-child");
    assertMatch(unknown.message!, /no child process with pid 999999999/);
    const started = await win.evalJs<Result>(
      call(`return (await tauriGuest.shell.Command.create("sleep", ["30"]).spawn()).pid`),
    );
    assert(started.ok, JSON.stringify(started));
    const pid = started.v as number;
    const second = await page(app, "second");
    for (
      const js of [
        `new tauriGuest.shell.Child(${pid}).kill()`,
        `new tauriGuest.shell.Child(${pid}).write("x")`,
      ]
    ) {
      const r = await second.evalJs<Result>(call(`await ${js}`));
      assertRejectsWithString(r, new RegExp(`no child process with pid ${pid}`), js);
    }
    assert(await alive(pid), "another window's kill reached the child");

    // allow-spawn alone grants neither stdin_write nor kill.
    const only = await page(app, "spawn-only");
    const own = await only.evalJs<Result>(call(`
      const child = await tauriGuest.shell.Command.create("cat").spawn();
      const out = {};
      for (const [k, f] of [["write", () => child.write("x")], ["kill", () => child.kill()]]) {
        try { await f(); out[k] = "ok"; } catch (e) { out[k] = typeof e === "string" ? e : "not a string"; }
      }
      return { pid: child.pid, out };
    `));
    assert(own.ok, JSON.stringify(own));
    assertEquals((own.v as { out: unknown }).out, {
      write:
        'shell.stdin_write not allowed on window "spawn-only", webview "spawn-only", URL: local\n\nallowed on: [windows: "main", "second", URL: local]\n\nreferenced by: capability: s, permission: allow-stdin-write',
      kill:
        'shell.kill not allowed on window "spawn-only", webview "spawn-only", URL: local\n\nallowed on: [windows: "main", "second", URL: local]\n\nreferenced by: capability: s, permission: allow-kill',
    });

    // A window with no shell grant at all.
    const other = await app.show(`${await guestScriptTag()}<p>other</p>`, {
      label: "other",
      width: 240,
      height: 160,
    });
    const r = await other.evalJs<Result>(
      call(`await tauriGuest.shell.Command.create("sleep", ["1"]).spawn()`),
    );
    assertRejectsWithString(
      r,
      'shell.spawn not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", "second", URL: local], [windows: "spawn-only", URL: local]\n\nreferenced by: capability: s, permission: allow-spawn || capability: spawn-only, permission: allow-spawn',
    );
  },
);

Deno.test(
  "shell spawn: closing a window kills its children; destroying the app kills the rest",
  WINDOW_TEST,
  async () => {
    const app = newApp();
    try {
      const win = await page(app, "main");
      const second = await page(app, "second");
      const spawn = `return (await tauriGuest.shell.Command.create("sleep", ["30"]).spawn()).pid`;
      const a = await win.evalJs<Result>(call(spawn));
      const b = await second.evalJs<Result>(call(spawn));
      assert(a.ok && b.ok, JSON.stringify([a, b]));
      const [pidA, pidB] = [a.v as number, b.v as number];
      assert(await alive(pidA) && await alive(pidB), "children not running");

      await second.close();
      await waitFor(async () => !(await alive(pidB)), {
        what: `child ${pidB} to die with its window`,
      });
      assert(await alive(pidA), "another window's child was killed");

      await app.destroy();
      // destroy() waits for the window-closed work: the child is already reaped.
      assertEquals(await alive(pidA), false);
    } finally {
      await app.destroy();
    }
  },
);

Deno.test(
  "shell spawn: a page that reloads loses its channels, and its children are killed",
  WINDOW_TEST,
  async () => {
    await using app = newApp();
    const win = await page(app, "main");
    const spawn = `return (await tauriGuest.shell.Command.create("sleep", ["30"]).spawn()).pid`;
    const a = await win.evalJs<Result>(call(spawn));
    assert(a.ok, JSON.stringify(a));
    const pid = a.v as number;
    assert(await alive(pid), "child not running");
    await win.reload();
    await waitFor(async () => !(await alive(pid)), { what: `child ${pid} to die with its page` });
    // The new page spawns as before.
    const b = await win.evalJs<Result>(call(`${HELPERS}
      const cmd = tauriGuest.shell.Command.create("sh-raw", ["-c", ${JSON.stringify(RAW_SCRIPT)}]);
      const { events, closed } = watch(cmd);
      await cmd.spawn();
      return await closed;
    `));
    assertEquals(b, { ok: true, v: { code: 0, signal: null } });
  },
);

Deno.test(
  "shell spawn: panes.shell without a bundler streams, writes and kills the same way",
  WINDOW_TEST,
  async () => {
    await using app = newApp();
    const win = await app.show(`<p>plain</p>`, { label: "main", width: 240, height: 160 });
    const r = await win.evalJs<Result>(call(`${HELPERS}
      const cmd = panes.shell.Command.create("sh-lines", ["-c", ${JSON.stringify(SCRIPT)}]);
      const { events, closed } = watch(cmd);
      await cmd.spawn();
      const term = await closed;
      const cat = panes.shell.Command.create("cat");
      const echoed = watch(cat);
      const child = await cat.spawn();
      await child.write("ping\\n");
      await until(() => echoed.events.length === 1);
      await child.kill();
      await echoed.closed;
      return { lines: events.filter(([k]) => k === "out").length, errs: events.filter(([k]) => k === "err").length, term, cat: echoed.events };
    `));
    assert(r.ok, JSON.stringify(r));
    assertEquals(r.v, {
      lines: LINES + 3,
      errs: LINES,
      term: { code: 7, signal: null },
      cat: [["out", "ping\n"], ["close", { code: null, signal: 9 }]],
    });
  },
);

Deno.test(
  "plugin commands get host channels: a Channel.of() argument streams to the page through the router",
  WINDOW_TEST,
  async () => {
    const ticker = definePlugin({
      name: "ticker",
      description: "Counts to n on a channel (test plugin).",
      commands: {
        count: {
          args: z.object({ n: z.number().int().min(0), onTick: Channel.of<number>() }),
          run: async (ctx: PluginCallContext<{ n: number; onTick: Channel<number> }>) => {
            const { n, onTick } = ctx.args;
            for (let i = 0; i < n; i++) onTick.send(i);
            // The answer comes after every tick has reached the page.
            await onTick.drain();
            onTick.close();
            return `counted to ${n}`;
          },
        },
      },
      permissions: { default: { description: "Nothing.", permissions: [] } },
    });
    await using app = new App({
      config: false,
      plugins: [ticker],
      capabilities: [{ identifier: "t", windows: ["main"], permissions: ["ticker:allow-count"] }],
    });
    const win = await app.show(`<p>ticker</p>`, { label: "main", width: 240, height: 160 });
    const r = await win.evalJs<Result>(call(`
      const ticks = [];
      const answer = await panes.invoke("plugin:ticker|count", {
        n: 500,
        onTick: new panes.Channel((i) => ticks.push(i)),
      });
      // Tauri's spelling of the same class.
      const viaTauri = [];
      await __TAURI_INTERNALS__.invoke("plugin:ticker|count", {
        n: 3,
        onTick: new __TAURI__.core.Channel((i) => viaTauri.push(i)),
      });
      return { answer, inOrder: ticks.every((t, i) => t === i), count: ticks.length, viaTauri };
    `));
    assert(r.ok, JSON.stringify(r));
    assertEquals(r.v, { answer: "counted to 500", inOrder: true, count: 500, viaTauri: [0, 1, 2] });

    // Not a channel: the usual invalid-body answer.
    const bad = await win.evalJs<Result>(
      call(`await panes.invoke("plugin:ticker|count", { n: 1, onTick: "nope" })`),
    );
    assertEquals(bad.code, "invalid-body");
    assertMatch(bad.message!, /expected a channel/);

    // A window without the grant is refused before anything is bound or run.
    const other = await app.show(`<p>other</p>`, { label: "other", width: 240, height: 160 });
    const denied = await other.evalJs<Result>(call(`
      const ticks = [];
      await panes.invoke("plugin:ticker|count", { n: 1, onTick: new panes.Channel((i) => ticks.push(i)) });
    `));
    assertEquals(denied.code, "forbidden");
    assertEquals(denied.permission, "ticker:allow-count");
  },
);

// About 20 MB of numbered lines: every one must arrive, in order.
const FLOOD_LINES = 2_600_000;

/** Bytes process `pid` has written so far (`wchar` of /proc/<pid>/io); undefined once it is gone. */
async function written(pid: number): Promise<number | undefined> {
  try {
    const io = await Deno.readTextFile(`/proc/${pid}/io`);
    return Number(/^wchar: (\d+)$/m.exec(io)?.[1]);
  } catch {
    return undefined;
  }
}

Deno.test(
  "shell spawn: a child writing ~20 MB as fast as it can is held back while the page is busy, delivers every line in order, and host memory stays bounded",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      plugins: ["shell"],
      capabilities: [{
        identifier: "s",
        windows: ["main"],
        permissions: [{
          identifier: "shell:allow-spawn",
          allow: [{ name: "flood", cmd: "seq", args: ["1", String(FLOOD_LINES)] }],
        }],
      }],
    });
    const win = await page(app, "main");
    const gc = (globalThis as { gc?: () => void }).gc;
    assert(gc, "this file runs with --v8-flags=--expose-gc (first line)");
    // Every line crosses as a few objects and its share of large JSON strings: hundreds of MB of
    // garbage, which V8 may leave uncollected for a while. Collecting as it goes makes the peak
    // show what the host holds on to, not when V8 chose to collect.
    gc();
    const before = rssMiB();
    let peak = before;
    let samples = 0;
    const sampler = setInterval(() => {
      if (++samples % 10 === 0) gc();
      peak = Math.max(peak, rssMiB());
    }, 20);
    const started = performance.now();
    let r: Result;
    let heldAt: number | undefined;
    let stallRss = 0;
    try {
      const result = win.evalJs<Result>(
        call(`
        // Counted, not stored: the page keeps no more than the host should. The first line
        // blocks the page for 5 s, as a busy page would: the host must stop reading meanwhile.
        let next = 1, bytes = 0, bad = null, other = 0;
        const cmd = tauriGuest.shell.Command.create("flood", ["1", "${FLOOD_LINES}"]);
        cmd.stdout.on("data", (line) => {
          if (next === 1) { const end = Date.now() + 5000; while (Date.now() < end); }
          if (bad === null && line !== next + "\\n") bad = { expected: next, got: line };
          next++;
          bytes += line.length;
        });
        cmd.stderr.on("data", () => other++);
        cmd.on("error", () => other++);
        const term = await new Promise((res) => { cmd.on("close", res); cmd.spawn(); });
        return { lines: next - 1, bytes, bad, other, term };
      `),
        { timeoutMs: 120_000 },
      );
      // 3 s into the page's stall, the child has written little (it blocks on a full pipe);
      // unthrottled, the host would have read nearly all of it by then.
      const pid = Number(
        await waitFor(async () => {
          const out = await new Deno.Command("pgrep", {
            args: ["-P", String(Deno.pid), "-x", "seq"],
            stdout: "piped",
          }).output();
          return Number(new TextDecoder().decode(out.stdout).trim().split("\n")[0]) || undefined;
        }, { what: "the seq child" }),
      );
      await new Promise((res) => setTimeout(res, 3000));
      heldAt = await written(pid);
      stallRss = rssMiB();
      r = await result;
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    assert(r.ok, JSON.stringify(r));
    const v = r.v as { lines: number; bytes: number; bad: unknown; other: number; term: unknown };
    let size = 0;
    for (let i = 1; i <= FLOOD_LINES; i++) size += String(i).length + 1;
    assertEquals(v, {
      lines: FLOOD_LINES,
      bytes: size,
      bad: null,
      other: 0,
      term: { code: 0, signal: null },
    });
    console.log(
      `flood: ${(size / 1e6).toFixed(1)} MB in ${
        seconds.toFixed(1)
      } s (5 s of it a stalled page); ${
        heldAt === undefined ? "the child had ended" : `${(heldAt / 1e6).toFixed(2)} MB written`
      } 3 s into the stall; host RSS ${before.toFixed(0)} → ${
        stallRss.toFixed(0)
      } (stalled) → peak ${peak.toFixed(0)} MiB`,
    );
    assert(heldAt !== undefined, "the child ran to the end while the page was not reading");
    assert(heldAt < 4e6, `the child wrote ${heldAt} bytes while the page was not reading`);
    // Unthrottled, the host holds the whole output as messages here: about +300 MiB.
    assert(
      stallRss - before < 50,
      `host RSS grew by ${(stallRss - before).toFixed(0)} MiB stalled`,
    );
    assert(peak - before < 200, `host RSS grew by ${(peak - before).toFixed(0)} MiB`);
  },
);

Deno.test("shell line splitting does not depend on where the pipe reads break", () => {
  const text = (parts: Uint8Array[]) => parts.map((p) => new TextDecoder().decode(p));
  const split = (stream: Uint8Array, cuts: number[]) => {
    const s = new LineSplitter();
    const out: Uint8Array[] = [];
    let at = 0;
    for (const cut of [...cuts, stream.length]) {
      out.push(...s.push(stream.subarray(at, cut)));
      at = cut;
    }
    const last = s.end();
    if (last) out.push(last);
    return text(out);
  };
  const enc = new TextEncoder();
  assertEquals(split(enc.encode("a\r\nb\rc\nd"), [2]), ["a\r\n", "b\r", "c\n", "d"]);
  assertEquals(split(enc.encode("a\r\nb"), [1, 2]), ["a\r\n", "b"]);
  assertEquals(split(enc.encode("a\r"), [2]), ["a\r"]);
  // No line ends at all: pieces of at most MAX_LINE (+ one read), nothing lost.
  const noEnds = new LineSplitter();
  const pieces: number[] = [];
  for (let k = 0; k < 48; k++) {
    pieces.push(...noEnds.push(new Uint8Array(64 * 1024).fill(65)).map((l) => l.length));
  }
  assertEquals(noEnds.end(), undefined, "the last piece went at exactly MAX_LINE");
  assertEquals(pieces.reduce((a, b) => a + b, 0), 48 * 64 * 1024);
  assert(pieces.every((n) => n <= MAX_LINE), JSON.stringify(pieces));
  assertEquals(pieces.length, 3);
  for (let n = 0; n < 500; n++) {
    const bytes = Array.from({ length: n % 30 }, () => "ab\r\n"[Math.floor(Math.random() * 4)]);
    const stream = enc.encode(bytes.join(""));
    const cuts = [...new Set(bytes.map(() => Math.floor(Math.random() * (stream.length + 1))))]
      .sort((x, y) => x - y);
    assertEquals(split(stream, cuts), split(stream, []), JSON.stringify({ bytes, cuts }));
  }
});

Deno.test(
  "shell: a sidecar is refused as unsupported, never run from PATH",
  WINDOW_TEST,
  async () => {
    await using app = newApp();
    const win = await page(app, "main");
    const r = await win.evalJs<Result>(
      call(`return await tauriGuest.shell.Command.sidecar("cat").spawn()`),
    );
    assertEquals(r.ok, false);
    assertRejectsWithString(r, /sidecars are not supported/);
  },
);
