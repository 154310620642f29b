// transports/deferred.ts: the browser and notebook transports load with the app's first window.
// What must hold: a failed load is a clear error and can be tried again; destroy() while the code
// loads ends it without a window; hooks given before the load reach the transport.
import { DeferredTransport } from "../transports/deferred.ts";
import type { Transport, WindowPort, WindowSink, WindowSpec } from "../transports/transport.ts";
import { assert, assertEquals, assertRejects, assertThrows } from "./support/assert.ts";

/** A stand-in for a served transport that records what was asked of it. */
class Recorder implements Transport {
  readonly name = "browser";
  readonly native = false;
  started = 0;
  destroyed = 0;
  ports = 0;
  fatal: Array<(e: Error) => void> = [];
  start(): Promise<void> {
    this.started++;
    return Promise.resolve();
  }
  port(_spec: WindowSpec, _sink: WindowSink): WindowPort {
    this.ports++;
    return {} as WindowPort;
  }
  onFatal(fn: (e: Error) => void): void {
    this.fatal.push(fn);
  }
  destroy(): Promise<void> {
    this.destroyed++;
    return Promise.resolve();
  }
}

const SPEC = {} as WindowSpec, SINK = {} as WindowSink;

Deno.test("deferred transport: loads on the first start, hands ports and hooks to it", async () => {
  let loads = 0;
  const real = new Recorder();
  const t = new DeferredTransport("browser", () => (loads++, Promise.resolve(real)));
  const hook = () => {};
  t.onFatal(hook);
  assertEquals(loads, 0, "nothing loads before the first window");
  assertThrows(() => t.port(SPEC, SINK), Error, "not started");
  await t.start();
  await t.start();
  assertEquals([loads, real.started], [1, 2]);
  t.port(SPEC, SINK);
  assertEquals(real.ports, 1);
  assertEquals(real.fatal, [hook], "a hook given before the load reaches the transport");
  await t.destroy();
  assertEquals(real.destroyed, 1);
  await assertRejects(() => t.start(), Error, "destroyed");
  assertThrows(() => t.port(SPEC, SINK), Error, "destroyed");
});

Deno.test("deferred transport: a failed load says which transport, and is tried again", async () => {
  let attempt = 0;
  const real = new Recorder();
  const t = new DeferredTransport("notebook", () => {
    attempt++;
    return attempt === 1 ? Promise.reject(new TypeError("fetch failed")) : Promise.resolve(real);
  });
  await assertRejects(
    () => t.start(),
    Error,
    "the notebook transport could not load: TypeError: fetch failed",
  );
  // The control: the same call once the module can load.
  await t.start();
  assertEquals([attempt, real.started], [2, 1]);
  t.port(SPEC, SINK);
  assertEquals(real.ports, 1);
  await t.destroy();
});

Deno.test("deferred transport: destroy() while the code loads opens nothing", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  const real = new Recorder();
  const t = new DeferredTransport("browser", async () => (await gate, real));
  const starting = t.start();
  starting.catch(() => {}); // asserted below
  const destroying = t.destroy();
  release();
  await destroying;
  await assertRejects(() => starting, Error, "destroyed");
  assertEquals([real.started, real.destroyed], [0, 1], "never started, and ended");
  assertThrows(() => t.port(SPEC, SINK), Error, "destroyed");
  assert(real.ports === 0);
});
