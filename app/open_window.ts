/**
 * One open window as the app holds it: the transport's port, the page peer that speaks the
 * protocol with its page, the handle the app author holds, and the page as the router sees it.
 * {@linkcode openWindow} wires them together; the app keeps the registry of windows.
 * @module
 */

import { PagePeer } from "../bridge/peer.ts";
import type { LabelRegistry } from "../bridge/registry.ts";
import type { UiContent } from "../ffi/ui_protocol.ts";
import type { CallerPage, Router } from "../router/router.ts";
import { originOf } from "../router/origins.ts";
import type { WindowPort, WindowSink } from "../transports/transport.ts";
import type { WindowWorker } from "./workers/host.ts";
import type { HtmlContent } from "./html_content.ts";
import { WindowHandle } from "./window.ts";
import type { PageListener } from "./core/window/events.ts";

/** What `show()` displays: HTML, an {@linkcode HtmlContent}, or a URL. */
export type Content = string | HtmlContent | { url: string };

/** One open window. */
export interface OpenWindow {
  id: number;
  label: string;
  handle: WindowHandle;
  peer: PagePeer;
  closing: boolean;
  /** The native state read as the window closed (for plugins' windowClosed). */
  finalState?: Record<string, unknown>;
  /** show() completed: a window whose show() failed has no state worth remembering. */
  shown?: boolean;
  /** Single mode: the user's close already gave plugins the state (the window only hid). */
  stateGiven?: boolean;
  gone: boolean;
  resolveClosed: () => void;
  /** Tauri's `dragDropEnabled`: file drops may be taken for `tauri://drag-*` events. */
  dragDropEnabled: boolean;
  /** Tauri listeners the page registered (by event id); dropped on reload. */
  pageListeners: Map<number, PageListener>;
  /** Origins the host itself loaded into this window (show/update/navigate by code). */
  trusted: Set<string>;
  /** Warnings already printed for this window (each once). */
  warned: Set<string>;
  /** The transport's side of the window (a native window, a browser page). */
  port: WindowPort;
  /** The window's page as the router sees it. */
  caller: CallerPage;
  /** The window's own worker (`show({ worker })`). */
  worker?: WindowWorker;
  /** The URL of the page the transport last committed (what grants to the UI thread are for). */
  committedUrl?: string;
}

/** What a window needs from the app. */
export interface WindowWiring {
  /** The app's event registry (page events land here). */
  registry: LabelRegistry;
  /** Decides every call and event of the window's pages. */
  router: Router;
  /** How long a new page may take to become ready. */
  readyTimeoutMs: number;
  /** Turns `update()`/`navigate()` content into what the transport shows. */
  resolveContent(content: Content): Promise<UiContent>;
  /** New content is up (hot reload watches it). */
  contentLoaded(content: Content): void;
  /** Sends an app event to this window's page (if it may hear it). */
  deliver(type: string, data: unknown): void;
  /** A new page was committed (after the peer knows its URL). */
  committed?(url: string): void;
  /** A native window event. */
  signal(name: string, data: unknown): void;
  /** The window is gone. */
  gone(): void;
}

/** Prints a window's warning once per key. */
export function warnOnce(win: OpenWindow, key: string, message: string): void {
  if (win.warned.has(key)) return;
  win.warned.add(key);
  console.warn(`panes: window "${win.label}": ${message}`);
}

/** Wires a new window: its sink (given to the transport by `makePort`), peer, caller and handle. */
export function openWindow(
  id: number,
  label: string,
  wiring: WindowWiring,
  makePort: (sink: WindowSink) => WindowPort,
): OpenWindow {
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => resolveClosed = r);
  const sink: WindowSink = {
    messages: (m) => win.peer.receive(m),
    binaryInvoke: (c) => win.peer.receiveBinaryInvoke(c.i, c.c, c.h, c.kind, c.body, c.post),
    refuseBinary: (c, message) => {
      win.peer.releasePost(c.post);
      win.peer.send({ k: "res", i: c.i, ok: false, err: { message, code: "too-large" } });
    },
    commit: (url) => {
      win.peer.commit(url);
      wiring.committed?.(url);
    },
    trust: (origin) => win.trusted.add(origin),
    signal: (name, data) => wiring.signal(name, data),
    gone: () => wiring.gone(),
    warn: (key, message) => warnOnce(win, key, message),
  };
  const port = makePort(sink);
  const peer: PagePeer = new PagePeer(label, port.transport, {
    pageStart: () => win.pageListeners.clear(),
    ready: (_url, reloaded) => {
      wiring.registry.dispatch("window:ready", { label, reloaded }, label);
    },
    emit: (type, data) => {
      if (wiring.router.acceptEmit(win.caller, type)) wiring.registry.dispatch(type, data, label);
    },
    mayHear: (url) => wiring.router.hears(win.caller, url),
    error: (info) => {
      if (wiring.registry.dispatch("window:error", info, label) === 0) {
        console.error(
          `panes: page error in window "${label}": ${info.message}` +
            (info.source ? ` (${info.source}:${info.line}:${info.column})` : "") +
            (info.stack ? `\n${info.stack}` : ""),
        );
      }
    },
    invoke: (req) => wiring.router.invoke(win.caller, req),
    rejected: (reason) => console.warn(`panes: ${reason}`),
  }, port.verifiedLifecycle ?? false);
  const win: OpenWindow = {
    id,
    label,
    peer,
    closing: false,
    gone: false,
    resolveClosed,
    dragDropEnabled: true,
    pageListeners: new Map(),
    trusted: new Set(),
    warned: new Set(),
    port,
    handle: undefined as unknown as WindowHandle,
    caller: undefined as unknown as CallerPage,
  };
  const trusted = win.trusted;
  win.caller = {
    label,
    get url() {
      return peer.url;
    },
    hostLoaded: trusted,
    // One sink for the calling page, for plugin commands and app commands alike.
    channels: {
      post: (id, payload) => peer.send({ k: "cb", c: id, p: payload }),
      bytes: (data) => peer.bytesRef(data),
      drain: () => peer.evalJs("0", { timeoutMs: 60_000 }).then(() => {}),
      onGone: (fn) => peer.whenPageGone(fn),
    },
    get window() {
      return win.handle;
    },
    get worker() {
      return win.worker;
    },
    warn: (key, message) => warnOnce(win, key, message),
  };
  win.handle = new WindowHandle(label, {
    peer,
    registry: wiring.registry,
    load: async (content) => {
      const c = await wiring.resolveContent(content);
      if (win.gone) throw new Error(`window "${label}" closed`);
      if ("url" in c) win.trusted.add(originOf(c.url)); // the host chose it: its pages get the bridge
      port.load(c); // first: it throws for content the transport cannot show
      peer.expectNewPage();
      await peer.whenReady(wiring.readyTimeoutMs, "the new page");
      wiring.contentLoaded(content);
    },
    nativeCall: (name, args) => port.call(name, args ?? []),
    close: () => {
      if (!win.gone && !win.closing) {
        win.closing = true;
        port.close();
      }
      return closed;
    },
    display: port.display,
    closed,
    isClosed: () => win.gone,
    deliver: (type, data) => wiring.deliver(type, data),
  });
  return win;
}
