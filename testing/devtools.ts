/**
 * A small Chrome DevTools Protocol client for one tab of the kit's headless Chromium: real
 * (trusted) mouse and key events, and screenshots, for pages on the browser transport.
 * @module
 */

import type { DevtoolsKey } from "./keys.ts";

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  method: string;
}

/** A DevTools connection to one page (tab). */
export class DevtoolsPage {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, Pending>();
  #next = 1;
  #closed = false;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (e) => {
      const msg = JSON.parse(String(e.data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const p = msg.id === undefined ? undefined : this.#pending.get(msg.id);
      if (!p) return; // an event: none is subscribed
      this.#pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(`DevTools ${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
    };
    ws.onclose = () => {
      this.#closed = true;
      for (const p of this.#pending.values()) {
        p.reject(new Error(`DevTools ${p.method}: the tab's connection closed`));
      }
      this.#pending.clear();
    };
  }

  /**
   * Connects to the tab of Chromium (DevTools on `port`) showing `pageUrl` (the page's
   * `location.href`; the query and fragment are not compared). Waits up to `timeoutMs` for it.
   */
  static async connect(port: number, pageUrl: string, timeoutMs = 10_000): Promise<DevtoolsPage> {
    const want = pageUrl.replace(/[?#].*$/, "");
    const end = Date.now() + timeoutMs;
    let seen: string[] = [];
    while (Date.now() < end) {
      const r = await fetch(`http://127.0.0.1:${port}/json/list`);
      const tabs = await r.json() as Array<
        { type: string; url: string; webSocketDebuggerUrl?: string }
      >;
      seen = tabs.filter((t) => t.type === "page").map((t) => t.url);
      const tab = tabs.find((t) =>
        t.type === "page" && t.url.replace(/[?#].*$/, "") === want && t.webSocketDebuggerUrl
      );
      if (tab) {
        const ws = new WebSocket(tab.webSocketDebuggerUrl!);
        await new Promise<void>((resolve, reject) => {
          ws.onopen = () => resolve();
          ws.onerror = () => reject(new Error(`cannot connect to the DevTools of ${pageUrl}`));
        });
        return new DevtoolsPage(ws);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `timed out after ${timeoutMs} ms waiting for Chromium's tab of ${want}; its tabs: ${
        JSON.stringify(seen)
      }`,
    );
  }

  /** Sends one DevTools command and resolves with its result. */
  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.#closed) {
      return Promise.reject(new Error(`DevTools ${method}: the tab's connection is closed`));
    }
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** A left click at (x, y) in CSS pixels of the viewport: move, press, release. */
  async click(x: number, y: number): Promise<void> {
    await this.send("Input.dispatchMouseEvent", { type: "mouseMoved", x, y });
    for (const type of ["mousePressed", "mouseReleased"]) {
      await this.send("Input.dispatchMouseEvent", {
        type,
        x,
        y,
        button: "left",
        buttons: type === "mousePressed" ? 1 : 0,
        clickCount: 1,
      });
    }
  }

  /** Presses and releases one key (with its modifiers held). */
  async key(k: DevtoolsKey): Promise<void> {
    const base = {
      key: k.key,
      code: k.code,
      windowsVirtualKeyCode: k.windowsVirtualKeyCode,
      nativeVirtualKeyCode: k.windowsVirtualKeyCode,
      modifiers: k.modifiers,
    };
    await this.send("Input.dispatchKeyEvent", {
      ...base,
      type: k.text ? "keyDown" : "rawKeyDown",
      ...(k.text ? { text: k.text, unmodifiedText: k.text } : {}),
    });
    await this.send("Input.dispatchKeyEvent", { ...base, type: "keyUp" });
  }

  /** Types text that has no key on a US keyboard (accents, CJK) as an input method would. */
  async insertText(text: string): Promise<void> {
    await this.send("Input.insertText", { text });
  }

  /** A PNG of the tab's viewport. */
  async screenshot(): Promise<Uint8Array> {
    const { data } = await this.send<{ data: string }>("Page.captureScreenshot", {
      format: "png",
    });
    return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  }

  /** Closes the DevTools connection (the tab stays). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#ws.close();
  }
}
