/// <reference lib="dom" />
/**
 * The page side of the bench: one workload script, run unchanged in a panes
 * window and in the bare libwebview floor. Each side supplies a small
 * {@linkcode PageApi} adapter (panes: `panes.invoke` / `panes.emit` /
 * `panes.Channel`; floor: one bound function and one `eval` per message).
 * {@linkcode workloadScript} serialises the function: it must not refer to
 * anything outside its own body and parameters.
 * @module
 */

/** How much work each figure does. */
export interface WorkloadConfig {
  /** Sequential calls before anything is timed. */
  warmup: number;
  /** Sequential invokes (mean and p99 per call). */
  seqCalls: number;
  /** Invokes with `inflight` outstanding at any time. */
  inflightCalls: number;
  /** Calls kept in flight. */
  inflight: number;
  /** Host → page messages. */
  h2pMessages: number;
  /** Page → host messages. */
  p2hMessages: number;
  /** Small channel messages. */
  channelSmall: number;
  /** Binary channel messages of `channelBinarySize` bytes. */
  channelBinary: number;
  /** Size of one binary channel message. */
  channelBinarySize: number;
  /** 1 MiB JSON round trips. */
  json1MiBReps: number;
  /** 1 MiB binary round trips. */
  bin1MiBReps: number;
  /** 16 MiB binary round trips. */
  bin16MiBReps: number;
}

/** What one side's page adapter offers the workload. */
export interface PageApi {
  /** A request the host answers (JSON in, JSON out). */
  call(name: string, arg?: unknown): Promise<unknown>;
  /** A binary echo: the host receives bytes and answers them. */
  echoBytes(bytes: Uint8Array): Promise<Uint8Array>;
  /** Runs `cb` for every host → page message of the `emit` workload. */
  onHostMessage(cb: (m: unknown) => void): void;
  /** Sends `n` page → host messages the way this side does fastest; resolves once the host has them all. */
  sendMany(n: number): Promise<void>;
  /**
   * Asks the host to stream `n` messages (small, or `size`-byte binary) over a channel; `cb` gets
   * each. Resolves when the host has answered the request (not when every message is in).
   */
  stream(n: number, size: number, cb: (m: unknown) => void): Promise<unknown>;
  /** The same request answered by a UI-thread command (panes only: `AppOptions.uiCommands`). */
  callUi?(name: string, arg?: unknown): Promise<unknown>;
}

/** What the page measures (ms; WebKit's clock is coarse, so every span covers many operations). */
export interface PageFigures {
  seqMs: number;
  /** The sequential calls again, to a UI-thread command (absent where the side has none). */
  uiSeqMs?: number;
  /** The 1 MiB JSON round trips through a UI-thread command. */
  uiJson1MiBMs?: number[];
  inflightMs: number;
  h2pMs: number;
  p2hMs: number;
  channelSmallMs: number;
  channelBinaryMs: number;
  json1MiBMs: number[];
  bin1MiBMs: number[];
  bin16MiBMs: number[];
  /** Smallest non-zero step of `performance.now()` seen in the page. */
  clockStepMs: number;
}

/** Runs in the page: every workload in order, then reports through `api.call("results")`. */
export async function runWorkloads(api: PageApi, cfg: WorkloadConfig): Promise<void> {
  const now = () => performance.now();
  const fail = (what: string) => {
    throw new Error(`bench page: ${what}`);
  };
  const clockStep = () => {
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const a = performance.now();
      let b = a;
      while (b === a) b = performance.now();
      best = Math.min(best, b - a);
    }
    return best;
  };
  const pattern = (size: number) => {
    const b = new Uint8Array(size);
    for (let i = 0; i < size; i++) b[i] = (i * 31 + 7) & 255;
    return b;
  };
  const sameBytes = (a: Uint8Array, b: Uint8Array) => {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 4093) if (a[i] !== b[i]) return false;
    return a[a.length - 1] === b[b.length - 1];
  };

  for (let i = 0; i < cfg.warmup; i++) await api.call("echo", i);

  // sequential invokes (the host also records each call's arrival: per-call spread and p99)
  await api.call("mark", "seq");
  const t = now();
  for (let i = 0; i < cfg.seqCalls; i++) {
    if ((await api.call("echo", i)) !== i) fail("echo answered the wrong value");
  }
  const seqMs = now() - t;
  await api.call("mark", "seq-end");
  let uiSeqMs: number | undefined;
  if (api.callUi) {
    for (let i = 0; i < cfg.warmup; i++) await api.callUi("echo", i);
    const u = now();
    for (let i = 0; i < cfg.seqCalls; i++) {
      if ((await api.callUi("echo", i)) !== i) fail("the UI-thread echo answered the wrong value");
    }
    uiSeqMs = now() - u;
  }

  // Every throughput figure is timed on the second of two equal passes: the first warms the JIT
  // and the heaps on both ends (WebKit parses the first 1.5 MB batch of a 30,000-message burst
  // ~7× slower than the next one); timed cold, it would measure warm-up, not the transport.
  const timed = async (n: number, run: (n: number) => Promise<void>) => {
    await run(n);
    const start = now();
    await run(n);
    return now() - start;
  };

  // invokes with `inflight` outstanding
  const inflightMs = await timed(cfg.inflightCalls, async (total) => {
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        if ((await api.call("echo", i)) !== i) fail("echo answered the wrong value");
      }
    };
    await Promise.all(Array.from({ length: cfg.inflight }, worker));
  });

  // host → page messages. Each pass carries a fresh salt: JavaScriptCore caches compiled code by
  // source text, so a second identical 30,000-message eval parses ~15× faster than any real one.
  let got = 0;
  let want = 0;
  let allIn: () => void = () => {};
  api.onHostMessage(() => {
    if (++got === want) allIn();
  });
  const h2pMs = await timed(cfg.h2pMessages, async (n) => {
    got = 0;
    want = n;
    const arrived = new Promise<void>((r) => allIn = r);
    await api.call("emitBurst", { n, salt: Math.random().toString(36).slice(2) });
    await arrived;
  });

  // page → host messages
  const p2hMs = await timed(cfg.p2hMessages, (n) => api.sendMany(n));

  // channels: small messages, then binary ones
  const streamed = (size: number) => (n: number) =>
    new Promise<void>((resolve, reject) => {
      let seen = 0;
      api.stream(n, size, (m) => {
        const got = m instanceof ArrayBuffer ? m.byteLength : -1;
        if (size > 0 && got !== size) {
          reject(new Error(`a ${size}-byte channel message had ${got}`));
        } else if (++seen === n) resolve();
      }).catch(reject);
    });
  const channelSmallMs = await timed(cfg.channelSmall, streamed(0));
  const channelBinaryMs = await timed(cfg.channelBinary, streamed(cfg.channelBinarySize));

  // payload round trips (one untimed round trip first)
  const roundTrips = async (reps: number, once: () => Promise<void>) => {
    await once();
    const times: number[] = [];
    for (let r = 0; r < reps; r++) {
      const start = now();
      await once();
      times.push(now() - start);
    }
    return times;
  };
  const unit = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_:;";
  const json = unit.repeat(Math.ceil(1048576 / unit.length)).slice(0, 1048576);
  const json1MiBMs = await roundTrips(cfg.json1MiBReps, async () => {
    if ((await api.call("json", json)) !== json) fail("1 MiB JSON came back different");
  });
  const uiJson1MiBMs = api.callUi
    ? await roundTrips(cfg.json1MiBReps, async () => {
      if ((await api.callUi!("json", json)) !== json) {
        fail("1 MiB JSON (UI thread) came back different");
      }
    })
    : undefined;
  const bin = (size: number, reps: number) => {
    const bytes = pattern(size);
    return roundTrips(reps, async () => {
      const back = await api.echoBytes(bytes);
      if (!sameBytes(bytes, back)) fail(`${size}-byte binary came back different`);
    });
  };
  const bin1MiBMs = await bin(1 << 20, cfg.bin1MiBReps);
  const bin16MiBMs = await bin(16 << 20, cfg.bin16MiBReps);

  const figures: PageFigures = {
    seqMs,
    uiSeqMs,
    uiJson1MiBMs,
    inflightMs,
    h2pMs,
    p2hMs,
    channelSmallMs,
    channelBinaryMs,
    json1MiBMs,
    bin1MiBMs,
    bin16MiBMs,
    clockStepMs: clockStep(),
  };
  await api.call("results", figures);
}

/**
 * The page script: defines `window.__benchStart(cfg)`, which runs the
 * workloads with the adapter `makeApi` returns (an expression of a function
 * `() => PageApi`, in page JavaScript). Failures are reported through
 * `api.call("failed", message)`.
 */
export function workloadScript(makeApi: string): string {
  return `window.__benchStart = (cfg) => {
  const api = (${makeApi})();
  (${runWorkloads})(api, cfg).catch((e) => api.call("failed", String(e) + "\\n" + (e && e.stack || "")));
};`;
}

/**
 * The floor's page adapter (bench/floor_bench.ts), also bun + webview-bun's (bench/peers/): one
 * bound function `__b`, one eval per host → page message, sequential bound calls page → host,
 * binary as base64.
 */
export const BOUND_API = `() => ({
  call: (name, arg) => window.__b(name, arg === undefined ? null : arg),
  echoBytes: (u8) => window.__b("bytes", u8.toBase64()).then((s) => Uint8Array.fromBase64(s)),
  onHostMessage: (cb) => { window.__benchRecv = cb; },
  sendMany: async (n) => {
    for (let i = 0; i < n; i++) await window.__b("p2h", i);
    if ((await window.__b("p2hDone", null)) !== n) throw new Error("page → host count");
  },
  stream: (n, size, cb) => {
    window.__benchChan = (m) => cb(m.b64 !== undefined ? Uint8Array.fromBase64(m.b64).buffer : m.message);
    return window.__b("stream", { n, size });
  },
})`;
