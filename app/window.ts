/** A window as the user's code holds it (PyWry's NativeWindowHandle). @module */

import type { EvalOptions, PagePeer } from "../bridge/peer.ts";
import { assertPywryName } from "../bridge/event_names.ts";
import type { EventHandler, LabelRegistry } from "../bridge/registry.ts";
import type { Widget } from "../bridge/widget.ts";
import type { HtmlContent } from "./html_content.ts";
import { WindowProxy } from "./window_proxy.ts";

/** What the app gives each handle: its page peer and the native side. */
export interface WindowBackend {
  peer: PagePeer;
  registry: LabelRegistry;
  /** Loads new content; resolves when the new page is ready. */
  load(content: string | HtmlContent): Promise<void>;
  /** Runs a native op on the window. */
  nativeCall(name: string, args?: unknown[]): Promise<unknown>;
  /** Asks the window to close; resolves when it is gone. */
  close(): Promise<void>;
  /** Resolves when the window is gone. */
  closed: Promise<void>;
  /** Whether the window is gone. */
  isClosed(): boolean;
}

/** One open window: events, content, JS evaluation and window control. */
export class WindowHandle implements Widget {
  /** The window's label (unique within the app). */
  readonly label: string;
  /** Resolves when the window is gone (closed by code or by the user). */
  readonly closed: Promise<void>;
  /** The full window control surface. */
  readonly proxy: WindowProxy;
  #b: WindowBackend;

  /** Made by `App.show`; not constructed directly. */
  constructor(label: string, backend: WindowBackend) {
    this.label = label;
    this.#b = backend;
    this.closed = backend.closed;
    this.proxy = new WindowProxy((name, args) => this.#native(name, args));
  }

  #native(name: string, args?: unknown[]): Promise<unknown> {
    if (this.#b.isClosed()) return Promise.reject(new Error(`window "${this.label}" closed`));
    return this.#b.nativeCall(name, args);
  }

  /** Whether the window is gone. */
  get isClosed(): boolean {
    return this.#b.isClosed();
  }

  /** Listens for `type` from this window's page; returns an unsubscribe function. */
  on(type: string, handler: EventHandler): () => void {
    assertPywryName(type, true);
    if (typeof handler !== "function") throw new TypeError("on: the handler must be a function");
    const id = this.#b.registry.add(type, handler, this.label);
    return () => void this.#b.registry.remove(id);
  }

  /** Sends `type` to this window's page (ordered; held until the page is ready). */
  emit(type: string, data?: unknown): void {
    assertPywryName(type, false);
    this.#b.peer.send({ k: "ev", e: type, d: data === undefined ? null : data });
  }

  /** Replaces the content; resolves when the new page is ready. */
  update(content: string | HtmlContent): Promise<void> {
    if (this.#b.isClosed()) return Promise.reject(new Error(`window "${this.label}" closed`));
    return this.#b.load(content);
  }

  /** A no-op: native windows are visible on creation. */
  display(): void {}

  /** Evaluates `script` in the page and resolves with its value (promises are awaited). */
  evalJs<T = unknown>(script: string, options?: EvalOptions): Promise<T> {
    return this.#b.peer.evalJs<T>(script, options);
  }

  /** Runs `script` in the page without waiting for a result. */
  eval(script: string): void {
    if (typeof script !== "string") throw new TypeError("eval: the script must be a string");
    this.#b.peer.runScript(script);
  }

  /** Injects (or replaces) a `<style>` with this id. */
  injectCss(css: string, id = "panes-injected"): void {
    this.emit("panes:inject-css", { css, id });
  }

  /** Removes a `<style>` injected with this id. */
  removeCss(id = "panes-injected"): void {
    this.emit("panes:remove-css", { id });
  }

  /** Closes the window; resolves when it is gone. */
  close(): Promise<void> {
    return this.#b.close();
  }

  /** Hides the window without closing it. */
  hide(): Promise<void> {
    return this.proxy.hide();
  }

  /** Shows a hidden window again. */
  showWindow(): Promise<void> {
    return this.proxy.show();
  }
}
