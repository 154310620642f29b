/**
 * A transport whose code loads when the app starts it (its first window), not with panes: the
 * browser and notebook transports are ~10 modules that a native app never runs, and Deno loads
 * every module of the static graph before a program's first line (docs/performance.md). Their
 * options are checked in `new App()` (transports/served_options.ts), so a bad one still fails
 * there.
 * @module
 */

import type { Transport, WindowPort, WindowSink, WindowSpec } from "./transport.ts";

/** Stands for the transport `make` loads and builds on the first `start()`. */
export class DeferredTransport implements Transport {
  readonly name: string;
  readonly native = false;
  readonly #make: () => Promise<Transport>;
  #loading: Promise<Transport> | undefined;
  #real: Transport | undefined;
  readonly #onFatal: Array<(error: Error) => void> = [];
  #destroyed = false;

  constructor(name: string, make: () => Promise<Transport>) {
    this.name = name;
    this.#make = make;
  }

  start(): Promise<void> {
    if (this.#destroyed) return Promise.reject(this.#gone());
    this.#loading ??= this.#make().then(
      (real) => {
        this.#real = real;
        for (const fn of this.#onFatal) real.onFatal(fn);
        return real;
      },
      (e) => {
        // Not kept: a later show() tries again (a module fetched over the network, say).
        this.#loading = undefined;
        throw new Error(`panes: the ${this.name} transport could not load: ${e}`, { cause: e });
      },
    );
    return this.#loading.then(async (real) => {
      // destroy() while it loaded: no window opens on a transport the app has ended.
      if (this.#destroyed) throw this.#gone();
      await real.start();
      if (this.#destroyed) throw this.#gone();
    });
  }

  port(spec: WindowSpec, sink: WindowSink): WindowPort {
    if (this.#destroyed) throw this.#gone();
    // The app asks for ports only after start() settled (app/app.ts, show()).
    if (!this.#real) throw new Error(`panes: the ${this.name} transport is not started`);
    return this.#real.port(spec, sink);
  }

  #gone(): Error {
    return new Error(`panes: the ${this.name} transport is destroyed (app.destroy())`);
  }

  onFatal(fn: (error: Error) => void): void {
    this.#onFatal.push(fn);
    this.#real?.onFatal(fn);
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    const real = await this.#loading?.catch(() => undefined);
    await real?.destroy();
  }
}
