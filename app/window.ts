/** A window as the user's code holds it (PyWry's NativeWindowHandle). @module */

import type { EvalOptions, PagePeer } from "../bridge/peer.ts";
import { assertPywryName } from "../bridge/event_names.ts";
import type { EventHandler, LabelRegistry } from "../bridge/registry.ts";
import type { Widget } from "../bridge/widget.ts";
import type { HtmlContent } from "./html_content.ts";
import { type Position, type Size, WindowProxy } from "./window_proxy.ts";

/** What the app gives each handle: its page peer and the native side. */
export interface WindowBackend {
  /** The host's end of the window's page connection. */
  peer: PagePeer;
  /** The app's host-side handler registry. */
  registry: LabelRegistry;
  /** Loads new content; resolves when the new page is ready. */
  load(content: string | HtmlContent | { url: string }): Promise<void>;
  /** Runs a native op on the window. */
  nativeCall(name: string, args?: unknown[]): Promise<unknown>;
  /** Asks the window to close; resolves when it is gone. */
  close(): Promise<void>;
  /** Resolves when the window is gone. */
  closed: Promise<void>;
  /** Whether the window is gone. */
  isClosed(): boolean;
  /** Brings the page in front of the user (the browser transport opens it); absent: nothing to do. */
  display?(): void;
  /** Sends an event to the page, unless its origin may not use the bridge. */
  deliver(type: string, data: unknown): void;
}

/**
 * One open window: events, content, JS evaluation and window control. Made by `app.show()`.
 *
 * @example
 * ```ts
 * import { App } from "@panes/panes";
 *
 * await using app = new App();
 * const win = await app.show("<h1>Hi</h1>", { title: "Demo" });
 * const title = await win.evalJs<string>("document.title");
 * await win.setSize(800, 600);
 * win.emit("app:hello", { title });
 * await win.close();
 * ```
 */
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
    this.proxy = new WindowProxy({
      call: (name, args) => this.#native(name, args),
      navigate: (url) => this.#closedCheck() ?? backend.load({ url }),
      reload: () => this.#closedCheck() ?? this.#reload(),
      close: () => backend.close(),
    });
  }

  #closedCheck(): Promise<never> | undefined {
    return this.#b.isClosed()
      ? Promise.reject(new Error(`window "${this.label}" closed`))
      : undefined;
  }

  // WebKit reloads the panes:// page itself; the peer holds messages until the new page is ready.
  async #reload(): Promise<void> {
    this.#b.peer.expectNewPage();
    await this.#b.nativeCall("reload");
    await this.#b.peer.whenReady(30_000, "the reloaded page");
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
    this.#b.deliver(type, data === undefined ? null : data);
  }

  /** Replaces the content; resolves when the new page is ready. */
  update(content: string | HtmlContent): Promise<void> {
    if (this.#b.isClosed()) return Promise.reject(new Error(`window "${this.label}" closed`));
    return this.#b.load(content);
  }

  /**
   * Shows the page to the user: with the browser transport, opens it in the
   * browser unless it is open already (also with `open: false`); native
   * windows are visible from creation, so there it does nothing.
   */
  display(): void {
    this.#b.display?.();
  }

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

  // Common window control, straight on the handle (the rest is on `proxy`).
  /** Sets the title. */
  setTitle(title: string): Promise<void> {
    return this.proxy.setTitle(title);
  }
  /** Resizes the content area. */
  setSize(width: number, height: number): Promise<void> {
    return this.proxy.setSize(width, height);
  }
  /** The content area's size. */
  innerSize(): Promise<Size> {
    return this.proxy.innerSize();
  }
  /** Moves the window's outer corner to (x, y) (X11). */
  setPosition(x: number, y: number): Promise<void> {
    return this.proxy.setPosition(x, y);
  }
  /** The window's outer corner on the screen (X11). */
  outerPosition(): Promise<Position> {
    return this.proxy.outerPosition();
  }
  /** Centers the window on its monitor (X11). */
  center(): Promise<void> {
    return this.proxy.center();
  }
  /** Maximizes the window. */
  maximize(): Promise<void> {
    return this.proxy.maximize();
  }
  /** Restores a maximized window. */
  unmaximize(): Promise<void> {
    return this.proxy.unmaximize();
  }
  /** Minimizes the window. */
  minimize(): Promise<void> {
    return this.proxy.minimize();
  }
  /** Restores a minimized window. */
  unminimize(): Promise<void> {
    return this.proxy.unminimize();
  }
  /** Enters or leaves fullscreen. */
  setFullscreen(fullscreen = true): Promise<void> {
    return this.proxy.setFullscreen(fullscreen);
  }
  /** Raises and focuses the window. */
  setFocus(): Promise<void> {
    return this.proxy.setFocus();
  }
  /** Page zoom (1 = 100%). */
  setZoom(zoom: number): Promise<void> {
    return this.proxy.setZoom(zoom);
  }
  /** Loads a URL; resolves when the new page is ready. */
  navigate(url: string | URL): Promise<void> {
    return this.proxy.navigate(url);
  }
  /** Reloads the page; resolves when it is ready. */
  reload(): Promise<void> {
    return this.proxy.reload();
  }
  /** A PNG of the page as rendered. */
  screenshot(): Promise<Uint8Array> {
    return this.proxy.screenshot();
  }
}
