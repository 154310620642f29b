/**
 * The native transport: every window is a GtkWindow with a WebKit view on the process's one UI
 * thread (`ffi/`). This side runs on the main isolate: it starts (or joins) the UI thread, sends
 * each window's commands to it, and turns its events into the window's sink calls.
 * @module
 */

import type { HostMessage } from "../../bridge/messages.ts";
import { jsQuote } from "../../bridge/js_string.ts";
import { packBatch } from "../../bridge/wire_pack.ts";
import { pageBridgeScript } from "../../bridge/page/bridge.ts";
import { newWindowKey } from "../../ffi/page_key.ts";
import type { UiEvent } from "../../ffi/ui_protocol.ts";
import { UiThread } from "../../ffi/main/ui_thread.ts";
import type { UiLink } from "../../ffi/main/ui_link.ts";
import { BinaryLane } from "./binary_lane.ts";
import type { MessagePort as NodeMessagePort } from "node:worker_threads";
import type { Opened, Transport, WindowPort, WindowSink, WindowSpec } from "../transport.ts";

/** The native transport's settings (from `AppOptions`). */
export interface NativeTransportOptions {
  /** Explicit libwebview path (else `PANES_WEBVIEW_LIB`, the npm package, the system). */
  webviewLibrary?: string;
  /** Where the UI runs (`AppOptions.uiHost`). */
  uiHost?: "worker" | "main";
  /** Largest page → host message (bytes); larger ones are dropped with a warning. */
  maxMessageBytes: number;
  /**
   * Answers a window's request for a file: the app's frontend folder (`panes://app/<path>`) and
   * the asset protocol (`asset://localhost/<path>`), `app/served_files.ts`. Without it: 404.
   */
  serve?: (request: FileRequest) => Promise<FileAnswer>;
}

/** A page's request for a file, as the UI thread hands it over. */
export interface FileRequest {
  /** The window asking. */
  label: string;
  /** The URL asked for. */
  uri: string;
  /** The URL of the page the window shows. */
  page: string;
  /** The request's `Range` header, if any. */
  range?: string;
}

/** The answer to a {@linkcode FileRequest}. */
export interface FileAnswer {
  /** HTTP status (200, 403, 404, …). */
  status: number;
  /** The body. */
  body: Uint8Array;
  /** Its content type. */
  type: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

interface NativeWindow {
  label: string;
  sink: WindowSink;
  created?: { resolve: () => void; reject: (e: Error) => void };
  /** The shown page's key, once its top frame claimed the load (for the binary lane only). */
  pageKey?: string;
}

/** Native windows on the UI thread, for one app (several apps share the one UI thread). */
export class NativeTransport implements Transport {
  readonly name = "native";
  readonly native = true;
  readonly #options: NativeTransportOptions;
  readonly #windows = new Map<number, NativeWindow>();
  #ui: UiLink | undefined;
  #unlisten: (() => void) | undefined;
  #fatal: ((e: Error) => void) | undefined;

  constructor(options: NativeTransportOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    if (this.#ui) {
      if (this.#ui.dead) throw new Error(`the UI thread died: ${this.#ui.dead.message}`);
      return;
    }
    const ui = await UiThread.get({
      webviewLibrary: this.#options.webviewLibrary,
      host: this.#options.uiHost,
    });
    if (!this.#ui) {
      this.#ui = ui;
      this.#unlisten = ui.listen((e) => this.#onEvent(e));
    }
  }

  /**
   * The binary lane's origin (started here if need be), for the default CSP's `connect-src`;
   * undefined when it cannot listen.
   */
  laneOrigin(): string | undefined {
    return BinaryLane.get()?.origin;
  }

  loadUiCommands(url: string): Promise<string[]> {
    if (!this.#ui) return Promise.reject(new Error("native transport: start() first"));
    return this.#ui.loadUiCommands(url);
  }

  onFatal(fn: (error: Error) => void): void {
    this.#fatal = fn;
  }

  port(spec: WindowSpec, sink: WindowSink): WindowPort {
    const ui = this.#ui;
    if (!ui) throw new Error("native transport: start() first");
    const id = spec.id;
    const win: NativeWindow = { label: spec.page.label, sink };
    this.#windows.set(id, win);
    return {
      transport: {
        deliver: (messages: HostMessage[]) => {
          // The peer hands at most 4,096 messages at a time: one eval each keeps scripts small
          // (host memory stays flat). JSON.parse of a string is ~10× faster in JavaScriptCore than
          // parsing an array literal; the JSON goes in a single-quoted literal (see jsQuote).
          // A message that cannot be serialised throws here, before anything is sent, and the
          // peer then resends only the good ones.
          const json = JSON.stringify(packBatch(messages));
          ui.send({
            op: "eval",
            id,
            js: `window.panes&&window.panes._recv(JSON.parse('${jsQuote(json)}'))`,
          });
        },
        runScript: (js: string) => ui.send({ op: "eval", id, js }),
        park: (bytes: Uint8Array, type: string) => {
          const key = crypto.randomUUID();
          // A transferred ArrayBuffer crosses threads without a copy; a Uint8Array through a
          // MessagePort is copied (~2 ms per MiB measured; transferred: 0.24 ms).
          const buffer = bytes.slice().buffer;
          ui.send({ op: "park", id, key, bytes: buffer, type }, [buffer]);
          return key;
        },
        // Sent from main over the page's lane socket: no copy, no UI thread.
        laneSend: (pageKey: string, bytes: Uint8Array) => BinaryLane.get()!.send(pageKey, bytes),
        // Only while the page's socket is open: payloads go to that socket.
        laneKey: () =>
          win.pageKey !== undefined && BinaryLane.get()?.isOpen(win.pageKey)
            ? win.pageKey
            : undefined,
        answerPost: (post: number, bytes: Uint8Array | null, type: string) => {
          if (ui.dead) return; // its held requests went with it
          const buffer = bytes ? bytes.slice().buffer : null; // transferred, as for park
          ui.send(
            { op: "post-answer", id, post, bytes: buffer, type },
            buffer ? [buffer] : undefined,
          );
        },
      },
      open: () => this.#open(ui, spec, win),
      load: (content) => ui.send({ op: "load", id, content }),
      call: (name, args, timeoutMs) => ui.call(id, name, args, timeoutMs),
      verifiedLifecycle: true,
      grantUiCommands: (url, names, debug, label) =>
        ui.send({ op: "ui-grants", id, url, names, debug, label }),
      workerLane: {
        flag: ui.flag,
        attach: (port, reason) => {
          if (ui.dead) return;
          // Deno's node:worker_threads ports are its web MessagePorts: one class, two typings.
          const p = port as unknown as NodeMessagePort;
          if (port) ui.send({ op: "worker-port", id, port: p }, [p]);
          else ui.send({ op: "worker-port", id, port: null, reason });
        },
        grant: (url, names, timeoutMs) =>
          ui.send({ op: "worker-grants", id, url, names, timeoutMs }),
        wake: () => ui.wake(),
      },
      close: () => ui.send({ op: "close", id }),
      free: () => {
        this.#windows.delete(id);
        if (!ui.dead) {
          ui.send({ op: "free", id });
          ui.release();
        }
      },
    };
  }

  async #open(ui: UiLink, spec: WindowSpec, win: NativeWindow): Promise<Opened> {
    const created = new Promise<void>((resolve, reject) => win.created = { resolve, reject });
    ui.hold();
    const key = newWindowKey(); // only this window's top frame gets it (ffi/page_key.ts)
    const { label, theme, debug, extraScript } = spec.page;
    ui.send({
      op: "create",
      id: spec.id,
      title: spec.title,
      width: spec.width,
      height: spec.height,
      debug,
      key,
      init: pageBridgeScript({ label, theme, debug, key, lane: BinaryLane.get()?.origin }) +
        extraScript,
      content: spec.content,
      hideOnClose: spec.hideOnClose,
      visible: spec.visible,
    });
    await created;
    if (Object.keys(spec.props).length) await ui.call(spec.id, "applyShowProps", [spec.props]);
    return { waitReady: true };
  }

  #onEvent(e: UiEvent): void {
    if (e.t === "fatal") {
      const err = new Error(e.message);
      this.#fatal?.(err);
      for (const w of [...this.#windows.values()]) this.#gone(w);
      return;
    }
    if (!("id" in e)) return;
    const win = this.#windows.get(e.id);
    if (!win) return; // another app's window (apps share the UI thread)
    switch (e.t) {
      case "created":
        win.created?.resolve();
        win.created = undefined;
        return;
      case "create-failed":
        win.created?.reject(new Error(`cannot open window "${win.label}": ${e.message}`));
        win.created = undefined;
        return win.sink.gone();
      case "post": {
        const limit = this.#options.maxMessageBytes;
        if (e.req.length > limit) {
          return win.sink.warn(
            "size",
            `dropped a page message of ${e.req.length} bytes (limit ${limit}; AppOptions.maxMessageBytes)`,
          );
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(e.req);
        } catch {
          return win.sink.warn("json", "dropped a post that is not JSON");
        }
        return win.sink.messages(parsed);
      }
      case "post-bin": {
        const size = Math.max(e.body.length, e.declared);
        const limit = this.#options.maxMessageBytes;
        if (size > limit) {
          return win.sink.refuseBinary(
            e,
            `the body of "${e.c}" is ${size} bytes, over the limit of ${limit}`,
          );
        }
        return win.sink.binaryInvoke(e);
      }
      case "serve":
        return void this.#serve(e.id, e.post, {
          label: win.label,
          uri: e.uri,
          page: e.page,
          range: e.range,
        });
      case "signal":
        if (e.name === "page-commit") {
          // A new page: nothing more goes to the lane socket of the one before.
          win.pageKey = undefined;
          return win.sink.commit(String(e.data));
        }
        if (e.name === "page-key") {
          // Kept here: the key never goes on to the app or its events.
          win.pageKey = String(e.data);
          return;
        }
        if (e.name === "foreign-post") {
          // An iframe (or anything but the top frame) tried the bridge: dropped on the UI thread.
          return win.sink.warn(
            "foreign-post",
            "dropped messages from a frame that is not the window's top page (iframes cannot use the bridge)",
          );
        }
        return win.sink.signal(e.name, e.data);
      case "closed":
        return this.#gone(win);
    }
  }

  /** Reads and checks a requested file on main (never on the UI thread), then answers it. */
  async #serve(id: number, post: number, request: FileRequest) {
    let a: FileAnswer;
    try {
      a = await (this.#options.serve?.(request) ?? Promise.resolve(notFound(request.uri)));
    } catch (e) {
      a = {
        status: 500,
        body: new TextEncoder().encode(`panes: ${(e as Error).message}`),
        type: "text/plain; charset=utf-8",
      };
    }
    const ui = this.#ui;
    if (!ui || ui.dead) return;
    // Transferred, not cloned; a file read whole owns its buffer, so no copy is made then.
    const whole = a.body.byteOffset === 0 && a.body.byteLength === a.body.buffer.byteLength;
    const buffer = (whole ? a.body.buffer : a.body.slice().buffer) as ArrayBuffer;
    ui.send({
      op: "post-answer",
      id,
      post,
      bytes: buffer,
      type: a.type,
      status: a.status,
      headers: a.headers,
    }, [buffer]);
  }

  #gone(win: NativeWindow): void {
    win.created?.reject(new Error(`window "${win.label}" closed before it opened`));
    win.created = undefined;
    win.sink.gone();
  }

  destroy(): Promise<void> {
    // The UI thread stays for later apps in this process; this app stops listening.
    this.#unlisten?.();
    this.#unlisten = undefined;
    return Promise.resolve();
  }
}

function notFound(uri: string): FileAnswer {
  return {
    status: 404,
    body: new TextEncoder().encode(`Not found: ${uri}`),
    type: "text/plain; charset=utf-8",
  };
}
