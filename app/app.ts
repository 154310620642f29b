/**
 * `App`: opens windows on the process's UI thread and routes their pages'
 * messages through one label-routed registry.
 * @module
 */

import {
  type CommandDefs,
  type CommandHost,
  Commands,
  type DispatchContext,
} from "../bridge/commands.ts";
import { assertPywryName, isHostReserved } from "../bridge/event_names.ts";
import type { HostMessage } from "../bridge/messages.ts";
import { type InvokeAnswer, type InvokeRequest, PagePeer } from "../bridge/peer.ts";
import { jsQuote } from "../bridge/js_string.ts";
import { packBatch } from "../bridge/wire_pack.ts";
import { type EventHandler, LabelRegistry } from "../bridge/registry.ts";
import { pageBridgeScript } from "../bridge/page/bridge.ts";
import { newWindowKey } from "../ffi/page_key.ts";
import { assertSupportedOs } from "../ffi/library.ts";
import type { UiContent, UiEvent } from "../ffi/ui_protocol.ts";
import { UiThread } from "../ffi/ui_thread.ts";
import { eventCommands } from "./event_commands.ts";
import { Events, HOST_LABEL } from "./events.ts";
import { HtmlContent } from "./html_content.ts";
import {
  type AppOptions,
  type ShowOptions,
  type Theme,
  WINDOW_PROP_NAMES,
  type WindowMode,
} from "./options.ts";
import { type StateClass, StateStore } from "./state.ts";
import {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CSP,
  DEFAULT_MAX_MESSAGE_BYTES,
  isAppOrigin,
  originOf,
  withCsp,
} from "./security.ts";
import { WindowHandle } from "./window.ts";
import { BrowserHost } from "./browser_host.ts";
import type { WindowPort } from "./window_port.ts";
import { DesktopFeatures } from "./desktop.ts";
import type { Tray, TrayOptions } from "./tray.ts";
import { resolveAppOptions } from "./config.ts";
import { createPluginRuntime, type PluginRuntime } from "../plugins/mod.ts";

/** What `show()` displays: HTML, an {@linkcode HtmlContent}, or a URL. */
export type Content = string | HtmlContent | { url: string };

interface OpenWindow {
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
  created: { resolve: () => void; reject: (e: Error) => void } | undefined;
  /** Tauri listeners the page registered (eventId → event); dropped on reload. */
  pageListeners: Map<number, string>;
  /** Origins the host itself loaded into this window (show/update/navigate by code). */
  trusted: Set<string>;
  /** Warnings already printed for this window (each once). */
  warned: Set<string>;
  /** The native window or browser page behind it. */
  port: WindowPort;
}

let nextWindowId = 1;

/**
 * The panes application: windows, events, commands and state.
 *
 * @example A window whose page calls a command
 * ```ts
 * import { App, Commands } from "@panes/panes";
 * import { z } from "zod";
 *
 * const commands = new Commands()
 *   .command("greet", { body: z.string() }, ({ body }) => `Hello, ${body}!`);
 * await using app = new App({ commands, theme: "dark" });
 * const win = await app.show(
 *   `<h1 id=status>Hi</h1>
 *    <script>panes.invoke("greet", "page").then((t) => status.textContent = t)</script>`,
 *   { title: "Demo", width: 480, height: 320 },
 * );
 * win.on("app:ping", (data) => win.emit("app:pong", data));
 * await app.run(); // until the last window is closed
 * ```
 */
export class App implements CommandHost {
  readonly #mode: WindowMode;
  readonly #theme: Theme;
  readonly #debug: boolean;
  readonly #readyTimeoutMs: number;
  readonly #options: AppOptions;
  readonly #commands: Commands<CommandDefs>;
  readonly #builtin: Commands<CommandDefs>;
  /** Handlers for events from pages and the host (both API flavours). */
  readonly registry: LabelRegistry = new LabelRegistry();
  readonly #targeted = new LabelRegistry();
  readonly #state = new StateStore();
  readonly #byLabel = new Map<string, OpenWindow>();
  readonly #byId = new Map<number, OpenWindow>();
  #ui: UiThread | undefined;
  /** The browser transport, when the app uses it (else windows are native). */
  readonly #browser: BrowserHost | undefined;
  #unlisten: (() => void) | undefined;
  #primary: string | undefined;
  #destroyed = false;
  #runWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  #nextListener = 1;
  readonly #maxMessageBytes: number;
  readonly #commandTimeoutMs: number;
  readonly #csp: string | false;
  #signalsInstalled = false;
  readonly #onSignalExit = (): void => {
    void this.destroy();
  };
  /** Tauri-flavoured events (`emit`, `emitTo`, `emitFilter`, `listen`, `once`, `listenAny`, `unlisten`). */
  readonly events: Events;
  /** Enabled plugins and the capability guard. */
  readonly #plugins: PluginRuntime;
  /** Menus, hot reload and trays (app/desktop.ts). */
  readonly #desktop: DesktopFeatures;

  /** Makes an app from `options` (over `panes.jsonc` and `PANES_*`); `show()` opens windows. */
  constructor(options: AppOptions = {}) {
    // defaults < panes.jsonc < PANES_* environment < options in code (app/config.ts)
    options = resolveAppOptions(options);
    const transport = options.transport ?? "native";
    if (transport !== "native" && transport !== "browser") {
      throw new TypeError(
        `App: transport must be "native" or "browser", not ${JSON.stringify(transport)}`,
      );
    }
    if (transport === "native") assertSupportedOs();
    const mode = options.mode ?? "new";
    if (!["new", "single", "multi"].includes(mode)) {
      throw new TypeError(
        `App: mode must be "new", "single" or "multi", not ${JSON.stringify(mode)}`,
      );
    }
    this.#mode = mode;
    this.#theme = options.theme ?? "system";
    this.#debug = options.debug ?? false;
    this.#readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
    this.#options = options;
    this.#maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.#csp = options.csp ?? DEFAULT_CSP;
    this.#commands = options.commands ?? new Commands();
    this.#browser = transport === "browser"
      ? new BrowserHost({ ...options, maxMessageBytes: this.#maxMessageBytes }, {
        messages: (id, messages) => this.#byId.get(id)?.peer.receive(messages),
        trust: (id, origin) => this.#byId.get(id)?.trusted.add(origin),
        commit: (id, url) => this.#byId.get(id)?.peer.commit(url),
        gone: (id) => {
          const win = this.#byId.get(id);
          if (win) this.#gone(win);
        },
      })
      : undefined;
    this.#builtin = eventCommands({
      emitFromPage: (event, payload, label) => this.#emitFromPage(event, payload, label),
      emitToFromPage: (target, event, payload) => this.events.emitTo(target, event, payload),
      listen: (label, event) => {
        const id = this.#nextListener++;
        this.#byLabel.get(label)?.pageListeners.set(id, event);
        return id;
      },
      unlisten: (label, id) => void this.#byLabel.get(label)?.pageListeners.delete(id),
    });
    this.events = new Events({
      registry: this.registry,
      labels: () => this.windows,
      deliver: (label, event, payload) => this.#deliver(label, event, payload),
    }, this.#targeted);
    this.#desktop = new DesktopFeatures({
      dispatch: (type, data, label) => void this.registry.dispatch(type, data, label),
      quit: () => void this.destroy(),
      hotReload: options.hotReload ?? false,
    });
    this.#plugins = createPluginRuntime({
      plugins: options.plugins,
      capabilities: options.capabilities,
      identifier: options.identifier!,
      debug: this.#debug,
    }, {
      emit: (event, payload) => this.events.emit(event, payload),
      windows: () => this.windows,
      window: (label) => {
        const w = this.#byLabel.get(label);
        const ui = this.#ui;
        if (!w || w.gone) return undefined;
        // A browser page has no native side: its port rejects native ops with a clear error.
        if (!ui) return { label, nativeCall: (op, args) => w.port.call(op, args ?? []) };
        return { label, nativeCall: (op, args, ms) => ui.call(w.id, op, args ?? [], ms) };
      },
    });
  }

  /** Labels of the open windows. */
  get windows(): string[] {
    return [...this.#byLabel.values()].filter((w) => !w.gone).map((w) => w.label);
  }

  /** The open window with this label, if any. */
  window(label: string): WindowHandle | undefined {
    const w = this.#byLabel.get(label);
    return w && !w.gone ? w.handle : undefined;
  }

  /** How many Tauri-style listeners the page of `label` has registered (dropped on reload). */
  pageListenerCount(label: string): number {
    return this.#byLabel.get(label)?.pageListeners.size ?? 0;
  }

  /** Stores managed state, keyed by its class. */
  manage<T extends object>(value: T): void {
    this.#state.manage(value);
  }

  /** The managed state of `cls` (a clear error when none is managed). */
  state<T>(cls: StateClass<T>): T {
    return this.#state.get(cls);
  }

  /** Listens for `type` from any window, or from the window `label`; returns an unsubscribe function. */
  on(type: string, handler: EventHandler, label?: string): () => void {
    assertPywryName(type, true);
    if (typeof handler !== "function") throw new TypeError("on: the handler must be a function");
    const id = this.registry.add(type, handler, label);
    return () => void this.registry.remove(id);
  }

  /** Sends `type` to every window, or to the window `label`. */
  emit(type: string, data?: unknown, label?: string): void {
    assertPywryName(type, false);
    const d = data === undefined ? null : data;
    if (label === undefined) {
      for (const l of this.windows) this.#deliver(l, type, d);
      return;
    }
    if (!this.#byLabel.has(label)) {
      throw new Error(
        `emit: no window labelled "${label}" (open: ${this.windows.join(", ") || "none"})`,
      );
    }
    this.#deliver(label, type, d);
  }

  #deliver(label: string, event: string, payload: unknown): void {
    const win = this.#byLabel.get(label);
    // A page on a foreign origin hears nothing without a grant (the peer holds messages until a
    // page says hello, and drops held events if that page may not hear them).
    if (win && (!win.peer.url || this.#hears(win, win.peer.url))) {
      win.peer.send({ k: "ev", e: event, d: payload });
    }
  }

  /** Whether the window's current page may use the bridge: app content, or an origin the host loaded. */
  #trusted(win: OpenWindow): boolean {
    const url = win.peer.url;
    return isAppOrigin(url) || win.trusted.has(originOf(url)) ||
      this.#plugins.remoteGranted(win.label, url);
  }

  /**
   * Whether the window's page at `url` may send and hear events: app content, an origin the host
   * loaded, or a remote origin whose capability grants `core:*` (as `plugin:event|*` requires).
   */
  #hears(win: OpenWindow, url: string): boolean {
    return isAppOrigin(url) || win.trusted.has(originOf(url)) ||
      this.#plugins.eventsGranted(win.label, url);
  }

  #warnOnce(win: OpenWindow, key: string, message: string): void {
    if (win.warned.has(key)) return;
    win.warned.add(key);
    console.warn(`panes: window "${win.label}": ${message}`);
  }

  #emitFromPage(event: string, payload: unknown, label: string): void {
    for (const l of this.windows) this.#deliver(l, event, payload);
    this.registry.dispatch(event, payload, label);
  }

  /**
   * Opens a window showing `content` (or, in single mode, replaces the
   * content of the one window). Resolves once the page's bridge is ready.
   */
  async show(content: Content, options: ShowOptions = {}): Promise<WindowHandle> {
    options = { ...this.#options.window, ...options };
    if (this.#destroyed) throw new Error("App.show: the app was destroyed");
    let label = options.label;
    if (this.#mode === "single") {
      if (label !== undefined && label !== "main") {
        throw new Error(`App.show: single mode has one window labelled "main", not "${label}"`);
      }
      label = "main";
      const existing = this.#byLabel.get("main");
      if (existing && !existing.gone) {
        await existing.handle.update(content as string | HtmlContent);
        if (options.title !== undefined) await existing.handle.proxy.setTitle(options.title);
        if (options.visible !== false) await existing.handle.showWindow();
        existing.stateGiven = false; // shown again: its next close is a new state to give
        await this.#desktop.configure("main", content, options);
        return existing.handle;
      }
    }
    if (label === undefined) label = `w-${crypto.randomUUID().slice(0, 8)}`;
    if (typeof label !== "string" || !/^[A-Za-z0-9_\-:/.]+$/.test(label)) {
      throw new TypeError(
        `App.show: invalid label ${JSON.stringify(label)} (letters, digits, _ - : / .)`,
      );
    }
    if (this.#byLabel.has(label)) {
      throw new Error(`App.show: a window labelled "${label}" is already open`);
    }
    const width = options.width ?? 800;
    const height = options.height ?? 600;
    if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
      throw new TypeError(
        `App.show: width and height must be positive integers (got ${width}×${height})`,
      );
    }
    this.#desktop.check(options);
    const uiContent = await this.#resolveContent(content);
    const id = nextWindowId++;
    if (this.#browser) {
      const win = this.#register(
        id,
        label,
        this.#browser.add(id, {
          label,
          title: options.title ?? "panes",
          theme: this.#theme,
          debug: this.#debug,
          extraScript: this.#plugins.pageScript(),
          content: uiContent,
        }),
      );
      this.#signals(true);
      try {
        // Wait for the page only when panes opened it; otherwise messages wait for it instead.
        const opened = await this.#browser.launch(id, options.visible ?? true);
        if (opened) {
          await Promise.race([
            win.peer.whenReady(this.#readyTimeoutMs, "the first page"),
            opened.failure,
          ]);
        }
        await this.#desktop.configure(label, content, options);
      } catch (e) {
        if (!win.gone) await win.handle.close().catch(() => {});
        throw e;
      }
      return win.handle;
    }
    const ui = await this.#startUi();
    const win = this.#register(id, label, this.#nativePort(id, ui));
    this.#signals(true);
    if ("url" in uiContent) win.trusted.add(originOf(uiContent.url));
    const created = new Promise<void>((resolve, reject) => win.created = { resolve, reject });
    ui.hold();
    const key = newWindowKey(); // only this window's top frame gets it (ffi/page_key.ts)
    ui.send({
      op: "create",
      id,
      title: options.title ?? "panes",
      width,
      height,
      debug: this.#debug,
      key,
      init: pageBridgeScript({ label, theme: this.#theme, debug: this.#debug, key }) +
        this.#plugins.pageScript(),
      content: uiContent,
      hideOnClose: this.#mode === "single",
      visible: options.visible ?? true,
    });
    const props: Record<string, unknown> = {};
    for (const name of WINDOW_PROP_NAMES) {
      if (options[name] !== undefined) props[name] = options[name];
    }
    try {
      await created;
      if (Object.keys(props).length) await ui.call(id, "applyShowProps", [props]);
      await win.peer.whenReady(this.#readyTimeoutMs, "the first page");
      // Once the page is ready the window is mapped: the window manager then keeps a restored
      // size as the one to return to from a restored maximize.
      await this.#plugins.windowOpened(label);
      win.shown = true;
      await this.#desktop.configure(label, content, options);
    } catch (e) {
      if (!win.gone) await win.handle.close().catch(() => {});
      throw e;
    }
    return win.handle;
  }

  async #resolveContent(content: Content): Promise<UiContent> {
    if (typeof content === "string") return { html: withCsp(content, this.#csp) };
    if (content instanceof HtmlContent) return { html: withCsp(await content.build(), this.#csp) };
    if (
      content && typeof content === "object" &&
      typeof (content as { url?: unknown }).url === "string"
    ) {
      return { url: (content as { url: string }).url };
    }
    throw new TypeError("App.show: content must be an HTML string, an HtmlContent or { url }");
  }

  async #startUi(): Promise<UiThread> {
    if (this.#ui) {
      if (this.#ui.dead) throw new Error(`the UI thread died: ${this.#ui.dead.message}`);
      return this.#ui;
    }
    const ui = await UiThread.get({ webviewLibrary: this.#options.webviewLibrary });
    if (!this.#ui) {
      this.#ui = ui;
      this.#unlisten = ui.listen((e) => this.#onUiEvent(e));
    }
    return this.#ui;
  }

  /** A native window on the UI thread. */
  #nativePort(id: number, ui: UiThread): WindowPort {
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
          // MessagePort is copied in Deno (~2 ms per MiB measured here; transferred: 0.24 ms).
          const buffer = bytes.slice().buffer;
          ui.send({ op: "park", id, key, bytes: buffer, type }, [buffer]);
          return key;
        },
        answerPost: (post: number, bytes: Uint8Array | null, type: string) => {
          if (ui.dead) return; // its held requests went with it
          const buffer = bytes ? bytes.slice().buffer : null; // transferred, as for park
          ui.send(
            { op: "post-answer", id, post, bytes: buffer, type },
            buffer ? [buffer] : undefined,
          );
        },
      },
      load: (content) => ui.send({ op: "load", id, content }),
      call: (name, args) => ui.call(id, name, args),
      verifiedLifecycle: true,
      close: () => ui.send({ op: "close", id }),
    };
  }

  #register(id: number, label: string, port: WindowPort): OpenWindow {
    let resolveClosed!: () => void;
    const closed = new Promise<void>((r) => resolveClosed = r);
    const peer: PagePeer = new PagePeer(label, port.transport, {
      pageStart: () => win.pageListeners.clear(),
      ready: (_url, reloaded) => {
        this.registry.dispatch("window:ready", { label, reloaded }, label);
      },
      emit: (type, data) => {
        if (!this.#hears(win, win.peer.url)) {
          return this.#warnOnce(
            win,
            "emit",
            `ignored events from ${
              originOf(win.peer.url)
            } (not app content, and no capability grants it core:default)`,
          );
        }
        if (isHostReserved(type)) {
          return this.#warnOnce(
            win,
            `reserved:${type}`,
            `ignored the page's event "${type}": the name is reserved for the host`,
          );
        }
        this.registry.dispatch(type, data, label);
      },
      mayHear: (url) => this.#hears(win, url),
      error: (info) => {
        if (this.registry.dispatch("window:error", info, label) === 0) {
          console.error(
            `panes: page error in window "${label}": ${info.message}` +
              (info.source ? ` (${info.source}:${info.line}:${info.column})` : "") +
              (info.stack ? `\n${info.stack}` : ""),
          );
        }
      },
      invoke: (req) => this.#invoke(win, req),
      rejected: (reason) => console.warn(`panes: ${reason}`),
    }, port.verifiedLifecycle ?? false);
    const win: OpenWindow = {
      id,
      label,
      peer,
      closing: false,
      gone: false,
      resolveClosed,
      created: undefined,
      pageListeners: new Map(),
      trusted: new Set(),
      warned: new Set(),
      port,
      handle: undefined as unknown as WindowHandle,
    };
    win.handle = new WindowHandle(label, {
      peer,
      registry: this.registry,
      load: async (content) => {
        const c = await this.#resolveContent(content);
        if (win.gone) throw new Error(`window "${label}" closed`);
        if ("url" in c) win.trusted.add(originOf(c.url)); // the host chose it: its pages get the bridge
        port.load(c); // first: it throws for content the transport cannot show
        peer.expectNewPage();
        await peer.whenReady(this.#readyTimeoutMs, "the new page");
        this.#desktop.contentLoaded(label, content);
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
      deliver: (type, data) => this.#deliver(label, type, data),
    });
    this.#byLabel.set(label, win);
    this.#desktop.windowOpened(win.handle, label, (name, args) => port.call(name, args));
    this.#byId.set(id, win);
    if (this.#primary === undefined) this.#primary = label;
    return win;
  }

  #invoke(win: OpenWindow, req: InvokeRequest): Promise<InvokeAnswer> {
    if (!this.#trusted(win)) {
      const origin = originOf(win.peer.url);
      this.#warnOnce(win, "invoke", `refused commands from ${origin} (not app content)`);
      return Promise.resolve({
        ok: false,
        error: {
          message: `commands are not available to ${origin}: it is not app content`,
          code: "forbidden",
        },
      });
    }
    // Capabilities: plugin commands run here; others continue once allowed.
    const url = win.peer.url;
    // One sink for the calling page, for plugin commands and app commands alike.
    const channels: DispatchContext["channels"] = {
      post: (id, payload) => win.peer.send({ k: "cb", c: id, p: payload }),
      bytes: (data) => win.peer.bytesRef(data),
      drain: () => win.peer.evalJs("0", { timeoutMs: 60_000 }).then(() => {}),
      onGone: (fn) => win.peer.whenPageGone(fn),
    };
    const routed = this.#plugins.route(
      win.label,
      url,
      req,
      win.trusted.has(originOf(url)),
      channels,
    );
    if (routed) return routed;
    const ctx: DispatchContext = {
      label: win.label,
      window: win.handle,
      app: this,
      debug: this.#debug,
      timeoutMs: this.#commandTimeoutMs,
      channels,
      log: (message, error) => console.error(`panes: ${message}:`, error),
    };
    if (req.cmd === "plugin:pytauri|pyfunc") {
      const name = req.headers["pyfunc"];
      if (!name) {
        return Promise.resolve({
          ok: false,
          error: {
            message: "plugin:pytauri|pyfunc needs a pyfunc header",
            code: "invalid-headers",
          },
        });
      }
      const { pyfunc: _name, ...headers } = req.headers;
      return this.#commands.dispatch({ cmd: name, body: req.body, headers }, ctx);
    }
    const table = this.#builtin.has(req.cmd) ? this.#builtin : this.#commands;
    return table.dispatch(req, ctx);
  }

  #onUiEvent(e: UiEvent): void {
    if (e.t === "fatal") {
      const err = new Error(e.message);
      // Reject run() first: the windows going away below would otherwise end it normally.
      for (const w of this.#runWaiters.splice(0)) w.reject(err);
      for (const win of [...this.#byId.values()]) this.#gone(win);
      return;
    }
    if (!("id" in e)) return;
    const win = this.#byId.get(e.id);
    if (!win) return;
    switch (e.t) {
      case "created":
        win.created?.resolve();
        win.created = undefined;
        return;
      case "create-failed":
        win.created?.reject(new Error(`cannot open window "${win.label}": ${e.message}`));
        win.created = undefined;
        this.#gone(win);
        return;
      case "post": {
        if (e.req.length > this.#maxMessageBytes) {
          return this.#warnOnce(
            win,
            "size",
            `dropped a page message of ${e.req.length} bytes (limit ${this.#maxMessageBytes}; AppOptions.maxMessageBytes)`,
          );
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(e.req);
        } catch {
          this.#warnOnce(win, "json", "dropped a post that is not JSON");
          return;
        }
        win.peer.receive(parsed);
        return;
      }
      case "post-bin": {
        const size = Math.max(e.body.length, e.declared);
        if (size > this.#maxMessageBytes) {
          win.peer.releasePost(e.post);
          win.peer.send({
            k: "res",
            i: e.i,
            ok: false,
            err: {
              message:
                `the body of "${e.c}" is ${size} bytes, over the limit of ${this.#maxMessageBytes}`,
              code: "too-large",
            },
          });
          return;
        }
        win.peer.receiveBinaryInvoke(e.i, e.c, e.h, e.kind, e.body, e.post);
        return;
      }
      case "signal":
        return this.#onSignal(win, e.name, e.data);
      case "closed":
        this.#gone(win);
        return;
    }
  }

  #onSignal(win: OpenWindow, name: string, data: unknown): void {
    if (name === "page-commit") return win.peer.commit(String(data));
    if (name === "foreign-post") {
      // An iframe (or anything but the top frame) tried the bridge: dropped on the UI thread.
      return this.#warnOnce(
        win,
        "foreign-post",
        "dropped messages from a frame that is not the window's top page (iframes cannot use the bridge)",
      );
    }
    if (name === "final-state") {
      win.finalState = data as Record<string, unknown>;
      return;
    }
    if (this.#desktop.signal(win.label, name, data)) return;
    if (name === "close-request") {
      if (this.#mode === "single") {
        // The user's close only hides the one window, but to the user the app has ended: plugins
        // get its state now (window-state saves it; the window itself is still open).
        if (win.shown && !win.stateGiven) {
          win.stateGiven = true;
          this.#plugins.windowClosed(win.label, win.finalState);
        }
        this.#checkEnd(true);
      }
      return;
    }
    this.registry.dispatch(`window:${name}`, data ?? {}, win.label);
  }

  #gone(win: OpenWindow): void {
    if (win.gone) return;
    win.gone = true;
    win.peer.close();
    this.#desktop.windowGone(win.label);
    win.created?.reject(new Error(`window "${win.label}" closed before it opened`));
    this.#byLabel.delete(win.label);
    this.#byId.delete(win.id);
    if (this.#ui && !this.#ui.dead) {
      this.#ui.send({ op: "free", id: win.id });
      this.#ui.release();
    }
    this.#plugins.windowClosed(
      win.label,
      win.shown && !win.stateGiven ? win.finalState : undefined,
    );
    this.registry.dispatch("window:closed", { label: win.label }, win.label);
    this.registry.clearLabel(win.label);
    win.resolveClosed();
    if (this.#mode === "multi" && win.label === this.#primary) {
      for (const other of this.#byLabel.values()) void other.handle.close();
    }
    if (win.label === this.#primary) this.#primary = this.#byLabel.keys().next().value;
    this.#checkEnd(false);
  }

  /** SIGINT/SIGTERM close this app's windows (so `run()` resolves) while any is open. */
  #signals(on: boolean): void {
    if (on === this.#signalsInstalled) return;
    this.#signalsInstalled = on;
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      try {
        if (on) Deno.addSignalListener(sig, this.#onSignalExit);
        else Deno.removeSignalListener(sig, this.#onSignalExit);
      } catch {
        // Signals unsupported here (e.g. Windows for SIGTERM): nothing to clean up on exit then.
      }
    }
  }

  #checkEnd(userClosedSingle: boolean): void {
    if (this.#byLabel.size === 0) this.#signals(false);
    if (this.#byLabel.size === 0 || userClosedSingle) {
      // Plugins' work on close (window-state's save) lands before run() lets the program end.
      const waiters = this.#runWaiters.splice(0);
      void this.#plugins.settled().then(() => waiters.forEach((w) => w.resolve()));
    }
  }

  /**
   * Resolves when the app ends: the last window closed (by code or by the
   * user; in single mode, the user closing the window), or `destroy()`.
   * Rejects if the UI thread dies.
   */
  run(): Promise<void> {
    // Nothing open: it ends once plugins' work on close (window-state's save) has landed.
    if (this.#destroyed || this.#byLabel.size === 0) return this.#plugins.settled();
    return new Promise((resolve, reject) => this.#runWaiters.push({ resolve, reject }));
  }

  /**
   * Creates a tray icon (on Linux a StatusNotifierItem on the session bus).
   * Rejects with a `TrayError` when there is no session bus or no tray host.
   * A tray keeps the process alive until `tray.remove()` or `destroy()`.
   */
  createTray(options: TrayOptions = {}): Promise<Tray> {
    if (this.#destroyed) return Promise.reject(new Error("App.createTray: the app was destroyed"));
    if (this.#browser) {
      return Promise.reject(
        new Error('createTray: native windows only (this app uses transport "browser")'),
      );
    }
    return this.#desktop.createTray(options);
  }

  /** Closes every window and ends `run()`. The UI thread stays for later apps. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    await Promise.all([...this.#byLabel.values()].map((w) => w.handle.close()));
    await this.#plugins.settled();
    await this.#browser?.destroy();
    await this.#desktop.destroy();
    this.#unlisten?.();
    for (const w of this.#runWaiters.splice(0)) w.resolve();
  }

  /** `await using app = new App()` destroys it at scope end. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }

  /** Host-side label used for events the host emits itself. */
  static readonly HOST_LABEL: string = HOST_LABEL;
}
