/**
 * A small Chrome DevTools Protocol client for one tab of the tests' headless Chromium: evaluate
 * script in the top document (or in a cross-site frame, connected as a target of its own), set the
 * viewport, click at a point (real input, which reaches cross-origin frames as a user's click does).
 * @module
 */

/** One tab's DevTools connection. */
export class DevTools {
  readonly #ws: WebSocket;
  #next = 1;
  readonly #waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (ev) => {
      const m = JSON.parse(ev.data as string);
      const w = m.id !== undefined ? this.#waiting.get(m.id) : undefined;
      if (!w) return;
      this.#waiting.delete(m.id);
      if (m.error) w.reject(new Error(`DevTools: ${m.error.message}`));
      else w.resolve(m.result);
    };
  }

  /** Connects to tab `id` of the Chromium whose DevTools port is `port`. */
  static async connect(port: number, id: string): Promise<DevTools> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/devtools/page/${id}`);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`cannot reach DevTools of tab ${id}`));
    });
    return new DevTools(ws);
  }

  /**
   * Connects to the frame showing `url` in its own renderer: a cross-site frame (such as a panes
   * page in a notebook output) is a DevTools target of its own, whose document the tab's
   * `evaluate` cannot read. Undefined while Chromium lists no such frame.
   */
  static async connectFrame(port: number, url: string): Promise<DevTools | undefined> {
    const r = await fetch(`http://127.0.0.1:${port}/json/list`);
    const targets = await r.json() as Array<{ id: string; url: string; type: string }>;
    const frame = targets.find((t) => t.type === "iframe" && t.url === url);
    return frame ? await DevTools.connect(port, frame.id) : undefined;
  }

  /** Sends a command; rejects after `timeoutMs`. */
  send(method: string, params: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<unknown> {
    const id = this.#next++;
    this.#ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`DevTools: no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /** Evaluates `expression` in the top document (promises awaited) and returns its value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", {
      expression,
      awaitPromise: true,
      returnByValue: true,
    }) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) {
      throw new Error(
        `page error: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`,
      );
    }
    return r.result.value as T;
  }

  /** A left click at (x, y) of the viewport. */
  async click(x: number, y: number): Promise<void> {
    for (const type of ["mousePressed", "mouseReleased"]) {
      await this.send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 });
    }
  }

  close(): void {
    this.#ws.close();
  }
}
