/**
 * The browser transport as `App` sees it: each window a page in a browser tab (see `host.ts`),
 * its events routed to the window's sink by id. It has no native windows: native-only window
 * ops reject in `host.ts`, and the app refuses menus and trays before reaching here.
 * @module
 */

import { BrowserHost, type BrowserHostOptions } from "./host.ts";
import type { Transport, WindowPort, WindowSink, WindowSpec } from "../transport.ts";

/** Pages served from one local server, opened in a browser, talking back over a WebSocket. */
export class BrowserTransport implements Transport {
  readonly name = "browser";
  readonly native = false;
  readonly #sinks = new Map<number, WindowSink>();
  readonly #host: BrowserHost;

  constructor(options: BrowserHostOptions) {
    this.#host = new BrowserHost(options, {
      messages: (id, messages) => this.#sinks.get(id)?.messages(messages),
      trust: (id, origin) => this.#sinks.get(id)?.trust(origin),
      commit: (id, url) => this.#sinks.get(id)?.commit(url),
      gone: (id) => this.#sinks.get(id)?.gone(),
    });
  }

  start(): Promise<void> {
    return Promise.resolve(); // the server starts with the first page it opens
  }

  onFatal(): void {
    // Nothing here dies as a whole: a page that goes is one window gone.
  }

  port(spec: WindowSpec, sink: WindowSink): WindowPort {
    const { label, theme, debug, extraScript } = spec.page;
    const port = this.#host.add(spec.id, {
      label,
      title: spec.title,
      theme,
      debug,
      extraScript,
      content: spec.content,
    });
    this.#sinks.set(spec.id, sink);
    return {
      ...port,
      open: async () => {
        // Wait for the page only when panes opened it; otherwise messages wait for it instead.
        const opened = await this.#host.launch(spec.id, spec.visible);
        return { waitReady: opened !== undefined, failure: opened?.failure };
      },
      free: () => void this.#sinks.delete(spec.id),
    };
  }

  destroy(): Promise<void> {
    return this.#host.destroy();
  }
}
