/**
 * What stands behind a window, whatever shows it: a native window on the UI thread
 * (`transports/native/`), a page served to a browser (`transports/browser/`), or a transport
 * still to come. `App` opens every window the same way through this interface: it keeps the
 * registry, the page peer, the router and the handle; a transport only moves bytes, injects
 * the page script, and runs the window ops it has.
 * @module
 */

import type { PageTransport } from "../bridge/peer.ts";
import type { UiContent } from "../ffi/ui_protocol.ts";
import type { Theme } from "../bridge/page/context.ts";

/** What a page needs besides its content: the bridge's settings and the plugins' page APIs. */
export interface PageScriptSpec {
  label: string;
  theme: Theme;
  debug: boolean;
  /** Scripts that run after the bridge (plugins' page APIs). */
  extraScript: string;
}

/** Everything a transport needs to open one window. */
export interface WindowSpec {
  /** The app's numeric window id (unique in the process). */
  id: number;
  title: string;
  width: number;
  height: number;
  /** Shown at once (default) or opened hidden. */
  visible: boolean;
  /** Single mode: the user's close only hides the window. */
  hideOnClose: boolean;
  /** Native window properties given to `show()` (`resizable`, `minSize`, …), applied at open. */
  props: Record<string, unknown>;
  content: UiContent;
  page: PageScriptSpec;
}

/** A binary invoke whose body came over the page's fast path (a held POST). */
export interface BinaryInvoke {
  /** The held POST to answer exactly once. */
  post: number;
  i: number;
  c: string;
  h: string;
  kind: "json" | "bytes";
  body: Uint8Array;
  /** The page can take a large result from the binary lane, with this page key. */
  lane?: string;
}

/** What the app hears from one window, whatever carries it. */
export interface WindowSink {
  /** Page → host messages, parsed, in order (a batch array or one message). */
  messages(messages: unknown): void;
  /** A binary invoke from the fast path. */
  binaryInvoke(call: BinaryInvoke): void;
  /** A binary invoke refused before it was read (over the size limit): answer it `too-large`. */
  refuseBinary(call: { post: number; i: number; c: string }, message: string): void;
  /** A new document was committed; `url` is the transport's word, not the page's. */
  commit(url: string): void;
  /** An origin passed the transport's own checks (the browser's session cookie). */
  trust(origin: string): void;
  /** A native window event (`focus`, `resize`, `close-request`, `final-state`, …). */
  signal(name: string, data: unknown): void;
  /** The window is gone. */
  gone(): void;
  /** Something the developer should hear about once (keyed). */
  warn(key: string, message: string): void;
}

/** How `open()` went: whether to wait for the page, and what fails if its opener fails. */
export interface Opened {
  /** The page will come (false: a browser page that was only printed; messages wait for it). */
  waitReady: boolean;
  /** Rejects if the page's opener fails before the page connects (never settles otherwise). */
  failure?: Promise<never>;
}

/** The transport's side of one window. */
export interface WindowPort {
  /** How host → page messages reach the page. */
  transport: PageTransport;
  /** Opens the window (native: creates it and applies `props`; browser: opens the page). */
  open(): Promise<Opened>;
  /** Shows new content; the new page's bridge says hello when it is up. Throws for content the transport cannot show. */
  load(content: UiContent): void;
  /** Runs a named window op (`WindowProxy`); rejects with a clear error when the transport has none. */
  call(name: string, args: unknown[], timeoutMs?: number): Promise<unknown>;
  /** Asks the window to close; the sink hears `gone` when it is. */
  close(): void;
  /** Frees what is left once the window is gone. */
  free(): void;
  /** The transport reports real page loads (`PagePeer.commit`): forged hellos are refused. */
  verifiedLifecycle: boolean;
  /** Brings the page in front of the user (the browser transport opens it); absent: nothing to do. */
  display?(): void;
  /** The UI-thread commands the page now at `url` may call (transports that run them). */
  grantUiCommands?(url: string, names: string[], debug: boolean, label: string): void;
  /**
   * The short path to the window's worker (transports whose UI thread can reach it): where its
   * port goes, which of its commands the page at `url` may call that way, and the UI loop's wake.
   */
  workerLane?: WorkerLane;
}

/** The UI thread's end of the short path between a page and its window's worker. */
export interface WorkerLane {
  /** The UI loop's state word (0 asleep, 1 wake pending, 2 spinning): the worker reads it. */
  readonly flag: SharedArrayBuffer;
  /**
   * Hands the UI thread its end of a new worker's port, or null when the worker ended (`reason`:
   * what the calls it had in hand answer).
   */
  attach(port: MessagePort | null, reason?: { message: string; code: string }): void;
  /** The worker commands the page now at `url` may call over the short path. */
  grant(url: string, names: string[], timeoutMs: number): void;
  /** Wakes the UI loop (the worker answered while it slept). */
  wake(): void;
}

/** A way of showing windows. */
export interface Transport {
  /** Its name, as `AppOptions.transport` spells it. */
  readonly name: string;
  /** Windows are native: window ops, menus, tray, screenshots and plugins' native calls work. */
  readonly native: boolean;
  /** Gets ready to open windows (native: starts the UI thread); rejects with a clear error. */
  start(): Promise<void>;
  /** The port of a new window; nothing shows until `port.open()`. */
  port(spec: WindowSpec, sink: WindowSink): WindowPort;
  /**
   * Loads a module of UI-thread commands where the pages' calls arrive (native: the UI thread);
   * resolves with their names. Absent: the app runs them on the main isolate.
   */
  loadUiCommands?(url: string): Promise<string[]>;
  /** Calls `fn` if the transport dies as a whole (the UI thread); its windows are gone then. */
  onFatal(fn: (error: Error) => void): void;
  /** Ends what the transport started for this app (servers, browsers); open windows go first. */
  destroy(): Promise<void>;
}

/** The error of a native-only call on a transport without native windows. */
export function nativeOnly(what: string, transport: string): Error {
  return new Error(`${what}: native windows only (this app uses transport "${transport}")`);
}
