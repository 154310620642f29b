/**
 * Types the page pieces share (types only: the pieces are serialised into the page, where
 * nothing is imported). The core builds one {@linkcode PageContext} per page load and hands it
 * to each piece in turn (bridge.ts); it lives in the pieces' closures only, never on `window`
 * or on anything page scripts can reach, and it does not hold the keys (ffi/page_key.ts): the
 * core keeps them in its own closure and lends them through `ipcFetch` and its posts.
 * @module
 */

import type { WireError } from "../messages.ts";
import type { WireMessage } from "../wire_pack.ts";
import type { SocketConfig, socketLink } from "./socket_link.ts";

/** Page theme: the page's `dark`/`light` class, or the system's preference. */
export type Theme = "dark" | "light" | "system";

/** What the host tells the bridge about its window. */
export interface BridgeConfig {
  label: string;
  pywryPattern: string;
  tauriPattern: string;
  theme: Theme;
  debug: boolean;
  /** Browser transport: the page's WebSocket back to the host (absent in native windows). */
  socket?: SocketConfig;
  /**
   * Native windows: the window key (ffi/page_key.ts). The bridge adds a key of its own per page
   * load and sends both with every post and `__ipc` request; nothing else in the page sees them.
   */
  key?: string;
  /**
   * Native windows: the binary lane's origin (`ws://127.0.0.1:<port>`), where large results and
   * channel payloads wait (transports/native/binary_lane.ts).
   */
  lane?: string;
}

/** A page event handler: `(data, type, label)`. */
export type Handler = (data: unknown, type: string, label: string) => void;
/** A Tauri-style callback (`transformCallback`). */
export type Callback = (payload: unknown) => void;

/** An error as the host sends it (its stack only when the app is in debug mode). */
export type ErrorShape = WireError & { stack?: string };

/** Host → page messages as the page receives them: packed batches included. */
export type HostMessage = WireMessage;

/** `invoke(cmd, body, options)` as the page calls it. */
export type Invoke = (
  cmd: string,
  body?: unknown,
  options?: { headers?: unknown },
) => Promise<unknown>;

/** What the core gives the pieces (a null-prototype object: no lookup reaches a prototype). */
export interface PageContext {
  /** The host's config, without the window key. */
  cfg: BridgeConfig;
  /** The page's `window`. */
  w: Record<string, unknown> & Window;
  /** The object that is `window.panes`: pieces add their members to it. */
  panes: Record<string, unknown>;
  /** Queues one page → host message (one post per microtask). */
  send(msg: unknown): void;
  /** Posts the queued messages now (to keep order with a request sent beside the posts); returns
   * how many posts the page has made. */
  flush(): number;
  /** A `fetch` of `panes://app/__ipc/…` carrying the keys (native windows). */
  ipcFetch(
    path: string,
    init?: { method?: string; body?: Uint8Array; headers?: Record<string, string> },
  ): Promise<Response>;
  /** Opens a WebSocket to the binary lane that first sends the page key (native windows). */
  laneSocket(url: string): WebSocket;
  /** Throws a TypeError for an invalid event name (wildcards only when `listening`). */
  checkName(name: unknown, listening: boolean): string;
  /** Runs the page's handlers for `type`. */
  dispatch(type: string, data: unknown): void;
  /** Runs the page's handlers for a host event, then every event sink. */
  deliverEvent(type: string, data: unknown): void;
  /** Extra receivers of host events after the page's handlers (Tauri listeners). */
  eventSinks: ((type: string, data: unknown) => void)[];
  /** Reports a page error to the host as `window:error`. */
  reportError(e: unknown, where: string): void;
  /** Tauri's callback table. */
  callbacks: Map<number, Callback>;
  transformCallback(cb?: Callback, once?: boolean): number;
  unregisterCallback(id: number): void;
  runCallback(id: number, payload: unknown): void;
  /** Host → page message handlers by kind (`k`); pieces add theirs. */
  hostKinds: Record<string, (m: HostMessage) => void>;
  /** Base64 text → bytes. */
  fromB64(s: string): ArrayBuffer;
  /** Whether `v` is bytes (an ArrayBuffer or a view). */
  isBytes(v: unknown): v is ArrayBuffer | ArrayBufferView;
  /** Set by the invoke piece. */
  invoke: Invoke;
  /** Set by the invoke piece: fetches a payload the host parked under `key`. */
  take(key: string): Promise<ArrayBuffer>;
  /**
   * Set by the invoke piece: the payload the host sent over the binary lane under `id` (already
   * arrived, or when it does).
   */
  laneTake(id: string): Promise<ArrayBuffer>;
  /** Called by invoke after the body is encoded, before sending; throws to refuse. */
  beforeInvoke(cmd: string, body: unknown): void;
  /** Called with each successful answer before the caller sees it. */
  afterInvoke(cmd: string, body: unknown, value: unknown): void;
  /**
   * Every error the host answered, with what Tauri would reject with instead (a plain string:
   * Tauri's words for a refusal, else the message): the Tauri piece rejects
   * `__TAURI_INTERNALS__.invoke` with that string, as Tauri does.
   */
  tauriErrors: WeakMap<object, string>;
  /** Set by the channels piece: `new Channel(onmessage)`. */
  Channel: unknown;
  /** Called last: puts `panes` on `window`, links the socket (browser transport), says hello. */
  start(link: typeof socketLink | null): void;
}
