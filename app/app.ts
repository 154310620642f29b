/**
 * `App`, the façade an app author holds: it opens windows through its transport (native
 * windows or browser pages, `transports/`), hands every page call and event to its router
 * (`router/`), and keeps the windows, the event registry, state, plugins and desktop features.
 * (Over 400 lines because it is the whole public surface of an app; each piece of work it
 * hands on lives elsewhere: a window's wiring in `open_window.ts`.)
 * @module
 */

import { type CommandHost, Commands } from "../bridge/commands.ts";
import { assertPywryName } from "../bridge/event_names.ts";
import { type EventHandler, LabelRegistry } from "../bridge/registry.ts";
import { assertSupportedOs } from "../ffi/main/library.ts";
import type { UiContent } from "../ffi/ui_protocol.ts";
import { eventCommands } from "../router/event_commands.ts";
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
  cspWithAssets,
  cspWithConnect,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CSP,
  DEFAULT_MAX_MESSAGE_BYTES,
  withCsp,
} from "./security.ts";
import type { WindowHandle } from "./window.ts";
import type { Transport, WindowPort, WindowSink } from "../transports/transport.ts";
import { nativeOnly } from "../transports/transport.ts";
import { NativeTransport } from "../transports/native/native_transport.ts";
import { DeferredTransport } from "../transports/deferred.ts";
import { checkBrowserOptions, checkNotebookOptions } from "../transports/served_options.ts";
import { loadLater } from "../ffi/load_later.ts";
import { underJupyter } from "../transports/notebook/kernel.ts";
import { DesktopFeatures } from "./desktop.ts";
import type { Tray, TrayOptions } from "./tray.ts";
import { resolveAppOptions } from "./config.ts";
import { createPluginRuntime, type PluginRuntime } from "../router/plugin_runtime.ts";
import { CORE_PLUGINS } from "./core/mod.ts";
import { UiCommands } from "./ui_commands.ts";
import { bindCoreHost } from "./core/host.ts";
import { listenTarget, TauriWindowEvents } from "./core/window/events.ts";
import { Router } from "../router/router.ts";
import { desktopNotifications } from "../linux/notifications.ts";
import { globalKeys } from "../linux/global_keys/mod.ts";
import { type Content, type OpenWindow, openWindow } from "./open_window.ts";
import type { NativeOp, NativeOps } from "../plugins/native.ts";
import { originOf } from "../router/origins.ts";
import {
  checkWorkerOptions,
  grantWorker,
  startWindowWorker,
  type WorkerAppSide,
} from "./workers/attach.ts";
// Issue 18 (core webview): the frontend folder and asset protocol, page-made windows' trust.
import { bindServedFiles, ServedFiles } from "./served_files.ts";
import { REMOTE_PAGE_WINDOW } from "./frontend_dist.ts";
import { grantDropped } from "./core/window/dropped.ts";

export type { Content } from "./open_window.ts";

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
  /** Decides and dispatches every page call; decides which page events pass. */
  readonly #router: Router;
  /** Handlers for events from pages and the host (both API flavours). */
  readonly registry: LabelRegistry = new LabelRegistry();
  readonly #targeted = new LabelRegistry();
  readonly #state = new StateStore();
  readonly #byLabel = new Map<string, OpenWindow>();
  readonly #byId = new Map<number, OpenWindow>();
  /** What shows the windows: native windows, or pages in a browser. */
  readonly #transport: Transport;
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
  readonly #appCommands: { readonly names: string[] };
  readonly #uiCommands: UiCommands | undefined;
  /** Menus, hot reload and trays (app/desktop.ts). */
  readonly #desktop: DesktopFeatures;
  /** Tauri's window events (`tauri://resize`, …) to the page listeners that hear them. */
  readonly #tauriWindows: TauriWindowEvents;
  /** The frontend folder and the asset protocol (app/served_files.ts). */
  readonly #files: ServedFiles;

  /** Makes an app from `options` (over `panes.jsonc` and `PANES_*`); `show()` opens windows. */
  constructor(options: AppOptions = {}) {
    // defaults < panes.jsonc < PANES_* environment < options in code (app/config.ts)
    options = resolveAppOptions(options);
    // In a cell of Deno's Jupyter kernel a native window would open on the kernel's machine,
    // not in the notebook: there the default is the cell's output.
    const transport = options.transport ?? (underJupyter() ? "notebook" : "native");
    if (transport !== "native" && transport !== "browser" && transport !== "notebook") {
      throw new TypeError(
        `App: transport must be "native", "browser" or "notebook", not ${
          JSON.stringify(transport)
        }`,
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
    // The served transports load with the first window (transports/deferred.ts); their options
    // are checked now.
    const served = { ...options, maxMessageBytes: this.#maxMessageBytes };
    if (transport === "browser") checkBrowserOptions(served);
    if (transport === "notebook") checkNotebookOptions(served);
    this.#transport = transport === "browser"
      ? new DeferredTransport("browser", async () => {
        const { BrowserTransport } = await loadLater<
          typeof import("../transports/browser/browser_transport.ts")
        >(new URL("../transports/browser/browser_transport.ts", import.meta.url));
        return new BrowserTransport(served);
      })
      : transport === "notebook"
      ? new DeferredTransport("notebook", async () => {
        const { NotebookTransport } = await loadLater<
          typeof import("../transports/notebook/notebook_transport.ts")
        >(new URL("../transports/notebook/notebook_transport.ts", import.meta.url));
        return new NotebookTransport(served);
      })
      : new NativeTransport({
        webviewLibrary: options.webviewLibrary,
        uiHost: options.uiHost,
        maxMessageBytes: this.#maxMessageBytes,
        serve: (request) => this.#files.serve(request),
      });
    this.#transport.onFatal((err) => {
      // Reject run() first: the windows going away next would otherwise end it normally.
      for (const w of this.#runWaiters.splice(0)) w.reject(err);
    });
    const events = eventCommands({
      emitFromPage: (event, payload, label) => this.#emitFromPage(event, payload, label),
      emitToFromPage: (target, event, payload) => this.events.emitTo(target, event, payload),
      listen: async (label, event, target, handler) => {
        const id = this.#nextListener++;
        const l = { event, target: listenTarget(target), handler };
        this.#byLabel.get(label)?.pageListeners.set(id, l);
        // A window event may need its native source armed first (a close the page decides).
        await this.#tauriWindows.listenerAdded(l);
        return id;
      },
      unlisten: async (label, id) => {
        const listeners = this.#byLabel.get(label)?.pageListeners;
        const l = listeners?.get(id);
        listeners?.delete(id);
        if (l) await this.#tauriWindows.listenerRemoved(l);
      },
    });
    this.#tauriWindows = new TauriWindowEvents({
      windows: () =>
        [...this.#byLabel.values()].filter((w) => !w.gone).map((w) => ({
          label: w.label,
          listeners: w.pageListeners,
          call: (handler, payload) => w.peer.send({ k: "cb", c: handler, p: payload }),
        })),
      nativeCall: (label, op, args) => this.#nativeCall(label, op, args),
      destroy: (label) => void this.#byLabel.get(label)?.handle.close(),
      themeMode: (label) => {
        const handle = this.#byLabel.get(label)?.handle;
        return handle
          ? handle.evalJs<string | null>("document.documentElement.dataset.themeMode ?? null")
          : Promise.resolve(null);
      },
      dropsEnabled: (label) => this.#byLabel.get(label)?.dragDropEnabled === true,
      dropped: (paths) => grantDropped(this.#plugins.host, paths),
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
      identifier: options.identifier!,
      debug: this.#debug,
    }, {
      emit: (event, payload) => this.events.emit(event, payload),
      on: (event, handler) => this.on(event, (data) => handler(data)),
      windows: () => this.windows,
      notifications: desktopNotifications,
      core: CORE_PLUGINS,
      globalKeys,
      window: (label) => {
        const w = this.#byLabel.get(label);
        if (!w || w.gone) return undefined;
        // A browser page has no native side: its port rejects native ops with a clear error.
        return {
          label,
          nativeCall: <K extends NativeOp>(op: K, args: Parameters<NativeOps[K]>, ms?: number) =>
            w.port.call(op, args, ms) as Promise<ReturnType<NativeOps[K]>>,
          control: w.handle.proxy,
        };
      },
    });
    bindCoreHost(this.#plugins.host, {
      app: this,
      windowEvents: this.#tauriWindows,
      nativeCall: (label, op, args) => this.#nativeCall(label, op, args),
      name: options.name ?? options.identifier!,
      version: options.version ?? "0.0.0",
    });
    const commands = options.commands ?? new Commands();
    this.#appCommands = commands;
    if (options.uiCommands !== undefined) {
      this.#uiCommands = new UiCommands(options.uiCommands, this.#debug);
    }
    const ui = this.#uiCommands;
    this.#files = new ServedFiles({
      frontendDist: options.frontendDist,
      assetProtocol: options.assetProtocol,
      dirs: this.#plugins.host.dirs,
      csp: () => this.#pageCsp(),
    }, (label, page) => {
      const w = this.#byLabel.get(label);
      return !!w && !w.gone && this.#router.hears(w.caller, page);
    });
    bindServedFiles(this, this.#files);
    this.#router = new Router({
      uiCommands: ui && {
        has: (name) => ui.has(name),
        run: (page, req) => {
          const w = this.#byLabel.get(page.label);
          if (!w || w.gone) {
            return Promise.resolve({
              ok: false,
              error: { message: `window "${page.label}" closed` },
            });
          }
          return ui.run(w.port, page.label, req);
        },
      },
      capabilities: options.capabilities ?? [],
      plugins: this.#plugins,
      events,
      commands,
      host: this,
      debug: this.#debug,
      timeoutMs: this.#commandTimeoutMs,
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

  /** Runs a native op on the window `label` (core plugins' ops beyond the WindowProxy). */
  #nativeCall(label: string, op: string, args: unknown[]): Promise<unknown> {
    const w = this.#byLabel.get(label);
    if (!w || w.gone) return Promise.reject(new Error(`window "${label}" closed`));
    return w.port.call(op, args);
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
    if (win && (!win.peer.url || this.#router.hears(win.caller, win.peer.url))) {
      win.peer.send({ k: "ev", e: event, d: payload });
    }
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
    const same = this.#byLabel.get(label);
    if (same && this.#transport.name === "notebook") {
      // A notebook cell that shows a window, run again: its new output replaces the older
      // window rather than failing the cell (docs/notebook.md, "Cells and kernels").
      await same.handle.close();
    } else if (same) {
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
    if (options.worker !== undefined) checkWorkerOptions(options, this.#mode);
    else if (
      options.permissions !== undefined || options.restartOnCrash !== undefined ||
      options.childWindows !== undefined
    ) {
      throw new TypeError(
        "App.show: permissions, restartOnCrash and childWindows need a worker (show({ worker }))",
      );
    }
    // The transport (the UI thread, on the first show) starts while the plugins and the content
    // get ready; awaited below.
    const started = this.#transport.start();
    started.catch(() => {});
    // The plugins given by name load now (and the capabilities are checked against them).
    await this.#router.setup();
    const uiContent = await this.#resolveContent(content);
    const id = nextWindowId++;
    await started;
    await this.#uiCommands?.load(this.#transport, this.#appCommands.names);
    const props: Record<string, unknown> = {};
    for (const name of WINDOW_PROP_NAMES) {
      if (options[name] !== undefined) props[name] = options[name];
    }
    const win = this.#register(id, label, (sink) =>
      this.#transport.port({
        id,
        title: options.title ?? "panes",
        width,
        height,
        visible: options.visible ?? true,
        hideOnClose: this.#mode === "single",
        props,
        content: uiContent,
        page: {
          label,
          theme: this.#theme,
          debug: this.#debug,
          extraScript: this.#plugins.pageScript(),
        },
      }, sink));
    win.dragDropEnabled = options.dragDropEnabled ?? true;
    this.#signals(true);
    // A URL a page asked for (WebviewWindow) is not the host's choice: no trust from it.
    if ("url" in uiContent && !(options as Record<symbol, unknown>)[REMOTE_PAGE_WINDOW]) {
      win.trusted.add(originOf(uiContent.url));
    }
    // The worker loads while the window opens; show() resolves once both are ready.
    const workerStarted = options.worker === undefined
      ? undefined
      : startWindowWorker(this.#workerSide(), win, options);
    workerStarted?.catch(() => {}); // awaited below; a failure while the window opens is not lost
    try {
      const opened = await win.port.open();
      // The window and its webview exist (its page may still be loading), as when Tauri emits.
      this.#tauriWindows.created(label);
      if (opened.waitReady) {
        const never = new Promise<never>(() => {});
        await Promise.race([
          win.peer.whenReady(this.#readyTimeoutMs, "the first page"),
          opened.failure ?? never,
        ]);
      }
      if (this.#transport.native) {
        // Once the page is ready the window is mapped: the window manager then keeps a restored
        // size as the one to return to from a restored maximize.
        await this.#plugins.windowOpened(label);
        win.shown = true;
        await this.#tauriWindows.opened(label);
      }
      await workerStarted;
      await this.#desktop.configure(label, content, options);
    } catch (e) {
      if (!win.gone) await win.handle.close().catch(() => {});
      throw e;
    }
    return win.handle;
  }

  /** What the window workers (app/workers/attach.ts) need of the app. */
  #workerSide(): WorkerAppSide {
    return {
      debug: this.#debug,
      readyTimeoutMs: this.#readyTimeoutMs,
      commandTimeoutMs: this.#commandTimeoutMs,
      registry: this.registry,
      emit: (type, data, label) => this.emit(type, data, label),
      windows: () => this.windows,
      show: (content, options) => this.show(content, options),
      allowsApp: (caller, name) => this.#router.allowsApp(caller, name),
    };
  }

  async #resolveContent(content: Content): Promise<UiContent> {
    const csp = this.#pageCsp();
    if (typeof content === "string") return { html: withCsp(content, csp) };
    if (content instanceof HtmlContent) return { html: withCsp(await content.build(), csp) };
    if (
      content && typeof content === "object" &&
      typeof (content as { url?: unknown }).url === "string"
    ) {
      return { url: (content as { url: string }).url };
    }
    throw new TypeError("App.show: content must be an HTML string, an HtmlContent or { url }");
  }

  /**
   * The CSP put in app content: the default one lets native pages reach the binary lane (its
   * exact loopback origin; transports/native/binary_lane.ts). A CSP of the app's own is kept as
   * given: without the lane's origin in it, large results come back over panes:// instead.
   */
  #pageCsp(): string | false {
    if (this.#csp !== DEFAULT_CSP || !(this.#transport instanceof NativeTransport)) {
      return this.#csp;
    }
    const lane = this.#transport.laneOrigin();
    const csp = lane ? cspWithConnect(this.#csp, lane) : this.#csp;
    // The asset protocol, when on, for images and media (app/asset_protocol.ts).
    return this.#files?.assets.enabled ? cspWithAssets(csp) : csp;
  }

  /** Makes the window's peer, handle and sink; `makePort` asks the transport for its side. */
  #register(
    id: number,
    label: string,
    makePort: (sink: WindowSink) => WindowPort,
  ): OpenWindow {
    const win = openWindow(id, label, {
      registry: this.registry,
      router: this.#router,
      readyTimeoutMs: this.#readyTimeoutMs,
      resolveContent: (content) => this.#resolveContent(content),
      contentLoaded: (content) => this.#desktop.contentLoaded(label, content),
      deliver: (type, data) => this.#deliver(label, type, data),
      signal: (name, data) => this.#onSignal(win, name, data),
      // A window with a worker: its commands (over the short path); else UI-thread commands.
      committed: (url) => {
        win.committedUrl = url;
        if (win.worker) grantWorker(this.#workerSide(), win, url);
        else {this.#uiCommands?.grant(win.port, url, label, (n) =>
            this.#router.allowsApp(win.caller, n));}
      },
      gone: () => this.#gone(win),
    }, makePort);
    this.#byLabel.set(label, win);
    this.#desktop.windowOpened(win.handle, label, (name, args) => win.port.call(name, args));
    this.#byId.set(id, win);
    if (this.#primary === undefined) this.#primary = label;
    return win;
  }

  #onSignal(win: OpenWindow, name: string, data: unknown): void {
    if (name === "final-state") {
      win.finalState = data as Record<string, unknown>;
      return;
    }
    if (this.#desktop.signal(win.label, name, data)) return;
    if (this.#tauriWindows.signal(win.label, name, data)) return;
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
    this.#byLabel.delete(win.label);
    this.#byId.delete(win.id);
    win.port.free();
    this.#plugins.windowClosed(
      win.label,
      win.shown && !win.stateGiven ? win.finalState : undefined,
    );
    win.worker?.stop(this.#destroyed ? "app destroyed" : "window closed");
    this.registry.dispatch("window:closed", { label: win.label }, win.label);
    this.#tauriWindows.gone(win.label);
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
    if (!this.#transport.native) {
      return Promise.reject(nativeOnly("createTray", this.#transport.name));
    }
    return this.#desktop.createTray(options);
  }

  /** Closes every window and ends `run()`. The UI thread stays for later apps. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    await Promise.all([...this.#byLabel.values()].map((w) => w.handle.close()));
    await this.#plugins.teardown(); // plugins let go of what outlives windows (key grabs, sockets)
    await this.#plugins.settled();
    await this.#transport.destroy();
    await this.#desktop.destroy();
    for (const w of this.#runWaiters.splice(0)) w.resolve();
  }

  /** `await using app = new App()` destroys it at scope end. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }

  /** Host-side label used for events the host emits itself. */
  static readonly HOST_LABEL: string = HOST_LABEL;
}
