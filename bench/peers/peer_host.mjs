// @ts-nocheck: plain JavaScript run by bun and by node (not by Deno); checked by running it.
/**
 * The host side shared by the peer children (bench/peers/bun_child.ts run by
 * bun, bench/peers/node_child.mjs run by node): the same answers, in the same
 * order, as the floor's `handle` in bench/floor_bench.ts, with the same
 * reporting as bench/bench_protocol.ts (`BENCH {json}` lines on stdout).
 *
 * Runs on bun and on node (node:fs, process), not on Deno.
 * @module
 */

import { readFileSync, writeSync } from "node:fs";

/** The child's settings (`BENCH_CHILD`, as for the floor) and the page to show (`PEERS_PAGE`). */
export function childSettings() {
  const raw = process.env.BENCH_CHILD;
  if (!raw) throw new Error("peer child: BENCH_CHILD is not set (run `deno task bench --peers`)");
  const page = process.env.PEERS_PAGE;
  if (!page) throw new Error("peer child: PEERS_PAGE is not set");
  return { settings: JSON.parse(raw), html: readFileSync(page, "utf8") };
}

/** Prints one report line, synchronously (the thread may be inside a native loop). */
export function report(r) {
  writeSync(1, "BENCH " + JSON.stringify(r) + "\n");
}

/** Milliseconds since the parent spawned this process. */
export function sinceSpawn(settings) {
  return performance.timeOrigin + performance.now() - settings.spawnAt;
}

/** This process's peak resident set size (VmHWM), in bytes. */
export function peakRss() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** The same arrival clock as bench_protocol.ts's ArrivalClock. */
export class ArrivalClock {
  #times = [];
  #on = false;
  start() {
    this.#times = [performance.now()];
    this.#on = true;
  }
  tick() {
    if (this.#on) this.#times.push(performance.now());
  }
  stop() {
    this.tick();
    this.#on = false;
  }
  spread() {
    const t = this.#times;
    const gaps = [];
    for (let i = 1; i < t.length; i++) gaps.push((t[i] - t[i - 1]) * 1000);
    gaps.sort((a, b) => a - b);
    const at = (q) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] ?? NaN;
    return {
      meanUs: gaps.length ? ((t[t.length - 1] - t[0]) * 1000) / gaps.length : NaN,
      p50Us: at(0.5),
      p99Us: at(0.99),
      calls: gaps.length,
    };
  }
}

function pattern(size) {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + 7) & 255;
  return b;
}

const toBase64 = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString("base64");

/**
 * The floor's call handler. `evalIn(js)` runs script in the page (one eval per message);
 * `finish()` ends the run once the results are out. Returns the answer as JSON text.
 */
export function makeHandler(settings, evalIn, finish) {
  const clock = new ArrivalClock();
  let p2hCount = 0;
  const handle = (name, arg) => {
    switch (name) {
      case "echo":
        clock.tick();
        return JSON.stringify(arg);
      case "mark":
        if (arg === "seq") clock.start();
        else clock.stop();
        return "null";
      case "emitBurst": {
        const { n, salt } = arg;
        for (let i = 0; i < n; i++) {
          evalIn(`__benchRecv(${JSON.stringify({ i, s: "hello", salt })})`);
        }
        return "null";
      }
      case "p2h":
        p2hCount++;
        return "null";
      case "p2hDone": {
        const n = p2hCount;
        p2hCount = 0;
        return JSON.stringify(n);
      }
      case "stream": {
        const { n, size } = arg;
        const bytes = size > 0 ? pattern(size) : undefined;
        for (let index = 0; index < n; index++) {
          const m = bytes
            ? { index, b64: toBase64(bytes) }
            : { index, message: { i: index, s: "hello" } };
          evalIn(`__benchChan(${JSON.stringify(m)})`);
        }
        return "null";
      }
      case "json":
        return JSON.stringify(arg);
      case "bytes":
        return JSON.stringify(toBase64(Buffer.from(arg, "base64")));
      case "ready":
        report({ event: "ready", coldStartMs: sinceSpawn(settings), pid: process.pid });
        if (settings.mode === "work") evalIn(`__benchStart(${JSON.stringify(settings.workload)})`);
        return "null";
      case "results":
        report({ event: "result", page: arg, spread: clock.spread(), hostPeakRss: peakRss() });
        finish();
        return "null";
      case "failed":
        report({ event: "failed", message: String(arg) });
        finish();
        return "null";
    }
    return JSON.stringify(`unknown call ${name}`);
  };
  return handle;
}
