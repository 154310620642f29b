/**
 * The UI side of panes: every window, the GTK callbacks, and the reader of main's commands. It runs
 * where GTK runs: in the UI Worker (ffi/ui/ui_worker.ts, its blocking GLib loop; the default), or on
 * the main isolate itself with GLib driven from Deno's event loop (ffi/main/ui_inline.ts,
 * `uiHost: "main"`). Both hand it the same few functions to talk to main: {@linkcode UiHostIo}.
 * Everything here is synchronous: callbacks run inside GLib's dispatch.
 * (Over 400 lines: the GTK callbacks, the window table and the command reader share the libraries.)
 * @module
 */

import type { MessagePort } from "node:worker_threads";
import { check } from "../errors.ts";
import { cstr, readCString } from "../native_libs.ts";
import { type NativeLibs, openNativeLibs } from "./native_libs.ts";
import { moveJscGcSignal } from "./jsc_signal.ts";
import {
  appUrl,
  BOUND_NAME,
  type UiCommand,
  type UiContent,
  type UiEvent,
  type WebviewLocation,
} from "../ui_protocol.ts";
import { Deferred, type OpContext, type UiOpTable, type UiWindow } from "./ui_ops.ts";
import { NativeHandleKind, SizeHint } from "../symbols/webview.ts";
import { GPriority } from "../symbols/glib.ts";
import { windowOps } from "./window_ops.ts";
import { tauriWindowOps } from "./tauri_window_ops.ts";
import { webviewOps } from "./webview_ops.ts";
import { printWindowGone, watchPagePrint } from "./print_dialog.ts";
import {
  answerPost,
  dropParked,
  dropPosts,
  finishRequest,
  finishWithStatus,
  holdRequest,
  IPC_PREFIX,
  mustWait,
  park,
  postSeen,
  releaseEarly,
  requestHeader,
  resetPosts,
  serveIpc,
  waitForPost,
} from "./ipc_scheme.ts";
import { rejectShotsFor, snapshotOps } from "./snapshot_ops.ts";
import { menuOps, menuWindowGone } from "./menu_ops.ts";
import { clipboardOps } from "./clipboard_ops.ts";
import { cancelDialogsFor, dialogOps } from "./dialog_ops.ts";
import { ipcKeyOk, newLoad, unwrapPost } from "../page_key.ts";
import { testHookOps } from "./test_hooks.ts";
import { dropUiGrants, grantUiCommands, runUiCommand } from "./ui_commands.ts";
import { answerLocalPost, takeLocalCalls } from "./local_calls.ts";
import * as direct from "./direct_calls.ts";
import { adoptForAutomation, automationRequested, prepareAutomation } from "./automation.ts";

const utf8 = new TextEncoder();

/** How long an invoke POST may wait for the page's earlier posts (ipc_scheme.ts, early). */
const EARLY_WAIT_MS = 2000;
/** How often waiting POSTs are looked at: one waits at most EARLY_WAIT_MS + this. */
const EARLY_TICK_MS = 100;

/** How the UI side talks to main, wherever it runs. */
export interface UiHostIo {
  location: WebviewLocation;
  /** Int32 wake flag shared with main and window workers: 0 sleeping, 1 wake pending, 2 spinning. */
  flag: SharedArrayBuffer;
  /** PANES_TEST_HOOKS=1: enables fault-injection ops for the test suite. */
  testHooks: boolean;
  /** Sends an event to main (transferring `transfer`'s buffers where that means anything). */
  post(e: UiEvent, transfer?: ArrayBuffer[]): void;
  /** A page's post in its compact form, `"<window id> <seq>\n<request JSON>"` (the hot path). */
  postText(text: string): void;
  /** The next command main queued, if any. */
  receive(): UiCommand | undefined;
  /** Imports a module of UI-thread commands and answers the command's rid (needs an event loop). */
  importCommands(cmd: Extract<UiCommand, { op: "ui-commands" }>): void;
}

/** What the loop that runs the UI side needs of it. */
export interface UiHost {
  /** Reads and runs every queued command, and what window workers answered. */
  drain(): void;
  /** The GLib idle callback that wakes the loop for main (`g_idle_add_full` from any thread). */
  idle: Deno.PointerObject;
  /** `[0]`: traffic seen since the loop last looked (set by callbacks, cleared by the loop). */
  activity: Int32Array;
}

/** Opens the native libraries and sets the UI side up; throws when they cannot be loaded. */
export function startUiHost(init: UiHostIo): UiHost {
  const flag = new Int32Array(init.flag);
  const post = init.post;
  const libs: NativeLibs = openNativeLibs(init.location);
  // Before any WebKit object: JavaScriptCore's GC signal off SIGUSR1 (Deno's inspector signal),
  // without the JSC_SIGNAL_FOR_GC variable WebKit complains about (ffi/ui/jsc_signal.ts).
  const jscSignalProblem = moveJscGcSignal();
  if (jscSignalProblem) {
    console.error(
      `panes: JavaScriptCore keeps SIGUSR1 for its GC (${jscSignalProblem}); kill -USR1 may crash this process`,
    );
  }
  const { webview, glib, gobject, gtk, webkit } = libs;

  const ops: UiOpTable = {
    ...windowOps,
    ...tauriWindowOps,
    ...webviewOps,
    ...snapshotOps,
    ...menuOps,
    ...clipboardOps,
    ...dialogOps,
    ...(init.testHooks ? testHookOps : {}),
    // A UI-thread command main runs for a page (a call that came before its grant, a binary body).
    uiCommand: (_ctx, _win, [name, body, debug, label]) =>
      runUiCommand(String(name), body, String(label), Boolean(debug)),
  };
  const ctx: OpContext = {
    libs,
    post: (e) => init.post(e as UiEvent),
  };
  const windows = new Map<number, UiWindow>();
  /**
   * Loop state the GLib callbacks change while the loop is inside an FFI call: `[ACTIVITY]` (traffic
   * seen since the last look) and `[LIMIT_TIMER]` (a time-limit timer is armed). Typed-array slots,
   * not module `let`s: V8 may compile a `let` nobody has reassigned yet as a constant, and the first
   * reassignment from a callback would then deoptimize the loop under its FFI fast call, which V8
   * aborts the process for ("Lazy deopt after a fast API call with return value is unsupported").
   */
  const loop = new Int32Array(3);
  const ACTIVITY = 0;
  const LIMIT_TIMER = 1;
  const EARLY_TIMER = 2;
  let schemeRegistered = false;

  // Callbacks live as long as the process (the thread does too): nothing grows per window.
  const boundCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
    (seq, req, arg) => {
      loop[ACTIVITY] = 1;
      const id = idOf(arg);
      const win = windows.get(id);
      // Only the window's top frame holds the key: anything else (an iframe) is dropped here.
      const claimed = win?.loadKey;
      const msgs = win ? unwrapPost(win, readCString(req)) : undefined;
      if (msgs === undefined) return void (win && foreign(win));
      // The top frame claimed a new load: main binds large results of its invokes to this key on
      // the binary lane (transports/native/binary_lane.ts). Posted before the hello, so first.
      if (claimed === undefined) {
        post({ t: "signal", id, name: "page-key", data: win!.key + win!.loadKey });
      }
      // Calls to UI-thread commands are answered here, calls to the window's worker handed to it,
      // as main granted them for this page (ffi/ui/local_calls.ts).
      const seqText = readCString(seq);
      const rest = takeLocalCalls(win!, msgs, (js) => webview.webview_eval(win!.webview, cstr(js)));
      // The hot path: one string ("<id> <seq>\n<req>") clones faster across threads than an object.
      if (rest !== undefined) init.postText(`${id} ${seqText}\n${rest}`);
      // Invoke POSTs the page made after this post, which WebKit delivered first, go now.
      if (seqText.charCodeAt(0) === 112 /* p */) postSeen(id, Number(seqText.slice(1)));
    },
  );

  const destroyCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer"], result: "void" } as const,
    (_widget, data) => {
      const win = windows.get(Number(Deno.UnsafePointer.value(data)));
      if (!win || win.destroyed) return;
      win.destroyed = true;
      rejectShotsFor(win);
      releaseEarly(0, win.id);
      resetPosts(win.id);
      dropPosts(libs, win.id);
      menuWindowGone(libs, win);
      cancelDialogsFor(win);
      printWindowGone(win);
      direct.windowGone(win);
      dropUiGrants(win);
      post({ t: "closed", id: win.id });
    },
  );

  const idOf = (data: Deno.PointerValue): number => Number(Deno.UnsafePointer.value(data));
  const signal = (id: number, name: string, data?: unknown) =>
    post({ t: "signal", id, name, data });
  /** Tells main, once per page load, that something without the top frame's key was dropped. */
  function foreign(win: UiWindow): void {
    if (win.dropped) return;
    win.dropped = true;
    signal(win.id, "foreign-post");
  }

  const visibleCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
    (object, _pspec, data) => {
      const win = windows.get(idOf(data));
      if (win && !win.destroyed) {
        signal(win.id, gtk.gtk_widget_get_visible(object) ? "shown" : "hidden");
      }
    },
  );
  const activeCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
    (object, _pspec, data) => {
      const win = windows.get(idOf(data));
      if (win && !win.destroyed) {
        signal(win.id, gtk.gtk_window_is_active(object) ? "focus" : "blur");
      }
    },
  );
  const sizeBuf = new Int32Array(2);
  const sizeCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
    (object, _pspec, data) => {
      const win = windows.get(idOf(data));
      if (!win || win.destroyed) return;
      gtk.gtk_window_get_default_size(object, sizeBuf.subarray(0, 1), sizeBuf.subarray(1, 2));
      signal(win.id, "resize", { width: sizeBuf[0], height: sizeBuf[1] });
    },
  );
  /**
   * The window's geometry and states as it closes: once GTK destroys it they cannot be read, and
   * main (window-state's save on close) learns of the close only after that.
   */
  function signalFinalState(win: UiWindow): void {
    try {
      signal(win.id, "final-state", {
        ...windowOps.windowState(ctx, win, []) as Record<string, unknown>,
        normalSize: windowOps.normalSize(ctx, win, []),
      });
    } catch {
      // Nothing readable: the save on close keeps what was saved before.
    }
  }

  const closeRequestCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer"], result: "i32" } as const,
    (_window, data) => {
      const win = windows.get(idOf(data));
      if (win && !win.destroyed) signalFinalState(win);
      signal(idOf(data), "close-request");
      return 0; // let GTK go on: destroy, or hide when hide-on-close is set
    },
  );

  // WEBKIT_LOAD_COMMITTED: a new document is now this view's page. Main learns the true URL here,
  // before that page's own scripts can say anything about themselves.
  const loadCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "i32", "pointer"], result: "void" } as const,
    (view, event, data) => {
      const win = windows.get(idOf(data));
      if (!win || win.destroyed || event !== 2) return;
      newLoad(win); // the new document's top frame claims the load with its hello
      resetPosts(win.id);
      releaseEarly(0, win.id); // answered empty: their page is gone
      dropUiGrants(win); // main grants the new page its own
      direct.dropDirectGrants(win);
      dropPosts(libs, win.id); // the page that waited on them is gone
      signal(win.id, "page-commit", readCString(webkit.webkit_web_view_get_uri(view)));
    },
  );

  const idleCb = new Deno.UnsafeCallback(
    { parameters: ["pointer"], result: "i32" } as const,
    () => {
      Atomics.store(flag, 0, 0);
      drain();
      return 0; // G_SOURCE_REMOVE
    },
  );

  // Deferred webview_destroy: runs at low priority, after libwebview's pending dispatches.
  const freeCb = new Deno.UnsafeCallback(
    { parameters: ["pointer"], result: "i32" } as const,
    (data) => {
      const id = Number(Deno.UnsafePointer.value(data));
      const win = windows.get(id);
      if (win) {
        windows.delete(id);
        webview.webview_destroy(win.webview);
        gobject.g_object_unref(win.view);
      }
      return 0;
    },
  );

  // Invoke POSTs still waiting for an earlier post after EARLY_WAIT_MS are served anyway.
  const earlyCb = new Deno.UnsafeCallback(
    { parameters: ["pointer"], result: "i32" } as const,
    () => {
      loop[EARLY_TIMER] = releaseEarly(EARLY_WAIT_MS) ? 1 : 0;
      return loop[EARLY_TIMER]; // G_SOURCE_CONTINUE while some wait
    },
  );

  const schemeCb = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer"], result: "void" } as const,
    (request) => {
      loop[ACTIVITY] = 1;
      const uri = readCString(webkit.webkit_uri_scheme_request_get_uri(request));
      if (uri.startsWith(`panes://app${IPC_PREFIX}`)) {
        const view = Deno.UnsafePointer.value(
          webkit.webkit_uri_scheme_request_get_web_view(request!),
        );
        let from: UiWindow | undefined;
        for (const w of windows.values()) if (Deno.UnsafePointer.value(w.view) === view) from = w;
        const keyHeader = requestHeader(libs, request, "x-panes-key");
        const path = uri.slice("panes://app".length);
        const serve = (win: UiWindow | undefined) =>
          serveIpc(
            libs,
            request!,
            path,
            win,
            post,
            (win, i, c, h, kind, body) =>
              answerLocalPost(win, i, c, h, kind, body, (js) => evalIn(win, js)),
          );
        // An invoke POST the page made after posts that have not come yet (WebKit delivers the
        // two by different ways; ipc_scheme.ts, early) waits for them: also the page's hello,
        // when the POST is the first thing the page did. Only a POST with the current page's
        // key, or, before any hello claimed the load, with the window's: a stale key is refused
        // at once, not held (a frame that learned an earlier page's key could pin memory).
        const mayWait = from !== undefined && path === `${IPC_PREFIX}invoke` &&
          (from.loadKey === undefined
            ? keyHeader?.startsWith(from.key) === true
            : ipcKeyOk(from, keyHeader));
        const after = mayWait ? Number(requestHeader(libs, request, "x-panes-after") ?? 0) : 0;
        if (from && mustWait(from.id, after)) {
          const win = from;
          waitForPost(libs, from.id, after, request!, () => {
            // Checked when served: its own page's load key, or refused. Another page's key is
            // reported as for any POST without the key; none claimed yet (its page went away, or
            // never said hello) is not a frame's doing.
            if (win.destroyed) return serve(undefined);
            if (ipcKeyOk(win, keyHeader)) return serve(win);
            if (win.loadKey !== undefined) foreign(win);
            serve(undefined);
          });
          if (!loop[EARLY_TIMER]) {
            loop[EARLY_TIMER] = 1;
            glib.g_timeout_add_full(GPriority.Default, EARLY_TICK_MS, earlyCb.pointer, null, null);
          }
          return;
        }
        if (from && !ipcKeyOk(from, keyHeader)) {
          foreign(from);
          from = undefined; // answered as refused, as for an unknown window
        }
        return serve(from);
      }
      // The app's frontend folder (any other panes://app/ path) and the asset: protocol: main
      // reads and checks the file (its scope, the folder's bounds) and answers the held request.
      if (uri.startsWith("asset:") || !uri.startsWith("panes://app/window/")) {
        return serveFile(request!, uri);
      }
      const m = /^panes:\/\/app\/window\/(\d+)\//.exec(uri);
      const asked = m ? windows.get(Number(m[1])) : undefined;
      // A window's page (its HTML may hold what only that window should see) goes to its own
      // webview only: another window's page, or a frame in it, gets "Not found".
      const own = asked &&
        Deno.UnsafePointer.equals(
          asked.view,
          webkit.webkit_uri_scheme_request_get_web_view(request!),
        );
      const win = own ? asked : undefined;
      const html = win ? win.html : `<h1>Not found</h1><p>${uri.replace(/</g, "&lt;")}</p>`;
      finishRequest(libs, request, utf8.encode(html), "text/html; charset=utf-8");
    },
  );

  /** Hands a file request to main, held open; a request from no window of ours gets a 404. */
  function serveFile(request: Deno.PointerObject, uri: string): void {
    const view = webkit.webkit_uri_scheme_request_get_web_view(request);
    let from: UiWindow | undefined;
    for (const w of windows.values()) if (Deno.UnsafePointer.equals(w.view, view)) from = w;
    if (!from || from.destroyed) {
      return finishWithStatus(libs, request, 404, utf8.encode("Not found"), "text/plain");
    }
    const page = readCString(webkit.webkit_web_view_get_uri(from.view));
    const range = requestHeader(libs, request, "Range");
    post({ t: "serve", id: from.id, post: holdRequest(libs, from.id, request), uri, page, range });
  }

  function registerScheme(view: Deno.PointerObject): void {
    if (schemeRegistered) return;
    schemeRegistered = true;
    const context = webkit.webkit_web_view_get_context(view);
    // WebKit releases its default network session and web context from exit handlers on the
    // process's main thread and aborts there (docs/architecture.md); an extra ref on each stops it.
    const session = webkit.webkit_web_view_get_network_session(view);
    if (session) gobject.g_object_ref(session);
    gobject.g_object_ref(context);
    webkit.webkit_web_context_register_uri_scheme(
      context,
      cstr("panes"),
      schemeCb.pointer,
      null,
      null,
    );
    const security = webkit.webkit_web_context_get_security_manager(context);
    webkit.webkit_security_manager_register_uri_scheme_as_secure(security, cstr("panes"));
    webkit.webkit_security_manager_register_uri_scheme_as_cors_enabled(security, cstr("panes"));
    // Tauri's asset protocol (`convertFileSrc`): main answers it under AppOptions.assetProtocol.
    webkit.webkit_web_context_register_uri_scheme(
      context,
      cstr("asset"),
      schemeCb.pointer,
      null,
      null,
    );
    webkit.webkit_security_manager_register_uri_scheme_as_secure(security, cstr("asset"));
    webkit.webkit_security_manager_register_uri_scheme_as_cors_enabled(security, cstr("asset"));
  }

  let generation = 0;
  function load(win: UiWindow, content: UiContent): void {
    if ("html" in content) {
      win.html = content.html;
      webkit.webkit_web_view_load_uri(win.view, cstr(appUrl(win.id, ++generation)));
    } else {
      check("webview_navigate", webview.webview_navigate(win.webview, cstr(content.url)));
    }
  }

  /** Worker ports that came before their window (see `handle`). */
  const earlyPorts = new Map<number, MessagePort>();
  /** Closes a window at once and frees its view (WebDriver's close: ffi/ui/automation.ts). */
  function destroyNow(win: UiWindow): void {
    if (!win.destroyed) {
      signalFinalState(win);
      gtk.gtk_window_destroy(win.window);
    }
    if (!windows.has(win.id)) return;
    windows.delete(win.id);
    dropParked(win.id);
    webview.webview_destroy(win.webview);
    gobject.g_object_unref(win.view);
  }

  function create(cmd: Extract<UiCommand, { op: "create" }>): void {
    if (automationRequested()) {
      prepareAutomation({ libs, windows: () => windows.values(), destroyNow });
    }
    const w = webview.webview_create(cmd.debug ? 1 : 0, null);
    if (w === null) {
      post({
        t: "create-failed",
        id: cmd.id,
        message:
          "webview_create returned NULL: GTK could not open a window (is DISPLAY set and the X server running?)",
      });
      return;
    }
    const window = webview.webview_get_window(w)!;
    const view = webview.webview_get_native_handle(w, NativeHandleKind.BrowserController)!;
    const win: UiWindow = {
      key: cmd.key,
      id: cmd.id,
      webview: w,
      window,
      view,
      html: "",
      destroyed: false,
      extra: {},
    };
    windows.set(cmd.id, win);
    // Keep the view alive until webview_destroy, so late dispatches never touch freed memory.
    gobject.g_object_ref(view);
    registerScheme(view);
    adoptForAutomation(win);
    check("webview_set_title", webview.webview_set_title(w, cstr(cmd.title)));
    check("webview_set_size", webview.webview_set_size(w, cmd.width, cmd.height, SizeHint.None));
    const idArg = Deno.UnsafePointer.create(BigInt(cmd.id));
    check("webview_bind", webview.webview_bind(w, cstr(BOUND_NAME), boundCb.pointer, idArg));
    check("webview_init", webview.webview_init(w, cstr(cmd.init)));
    gobject.g_signal_connect_data(window, cstr("destroy"), destroyCb.pointer, idArg, null, 0);
    gobject.g_signal_connect_data(
      window,
      cstr("close-request"),
      closeRequestCb.pointer,
      idArg,
      null,
      0,
    );
    gobject.g_signal_connect_data(
      window,
      cstr("notify::visible"),
      visibleCb.pointer,
      idArg,
      null,
      0,
    );
    gobject.g_signal_connect_data(
      window,
      cstr("notify::is-active"),
      activeCb.pointer,
      idArg,
      null,
      0,
    );
    gobject.g_signal_connect_data(
      window,
      cstr("notify::default-width"),
      sizeCb.pointer,
      idArg,
      null,
      0,
    );
    gobject.g_signal_connect_data(
      window,
      cstr("notify::default-height"),
      sizeCb.pointer,
      idArg,
      null,
      0,
    );
    gobject.g_signal_connect_data(view, cstr("load-changed"), loadCb.pointer, idArg, null, 0);
    watchPagePrint(libs, win);
    if (cmd.hideOnClose) gtk.gtk_window_set_hide_on_close(window, 1);
    if (!cmd.visible) gtk.gtk_widget_set_visible(window, 0);
    const early = earlyPorts.get(cmd.id);
    if (early) {
      earlyPorts.delete(cmd.id);
      direct.setWorkerPort(win, early, (js) => evalIn(win, js));
    }
    load(win, cmd.content);
    post({ t: "created", id: cmd.id, webview: Deno.UnsafePointer.value(w) });
  }

  function call(cmd: Extract<UiCommand, { op: "call" }>): void {
    const win = windows.get(cmd.id);
    const fail = (error: string) => post({ t: "result", rid: cmd.rid, ok: false, error });
    if (!win || win.destroyed) return fail("window closed");
    const op = ops[cmd.name];
    if (!op) return fail(`unknown native op ${cmd.name}`);
    try {
      const value = op(ctx, win, cmd.args);
      if (value instanceof Deferred) {
        let settled = false;
        value.start(
          (v) => {
            if (!settled) post({ t: "result", rid: cmd.rid, ok: true, value: v });
            settled = true;
          },
          (m) => {
            if (!settled) fail(m);
            settled = true;
          },
        );
      } else {
        post({ t: "result", rid: cmd.rid, ok: true, value });
      }
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
  }

  function handle(cmd: UiCommand): void {
    switch (cmd.op) {
      case "create":
        try {
          create(cmd);
        } catch (e) {
          post({
            t: "create-failed",
            id: cmd.id,
            message: e instanceof Error ? e.message : String(e),
          });
        }
        return;
      case "call":
        return call(cmd);
      case "worker-port":
        // A window's worker starts while its window is being made: its port may come first.
        if (!windows.has(cmd.id)) {
          if (cmd.port) earlyPorts.set(cmd.id, cmd.port);
          else earlyPorts.delete(cmd.id);
          return;
        }
        break;
      case "ui-commands":
        // Importing needs an event loop, which the Worker's GLib loop never gives back: the loop
        // that runs us does it (between iterations, in the Worker).
        init.importCommands(cmd);
        return;
    }
    const win = windows.get(cmd.id);
    if (!win) return;
    switch (cmd.op) {
      case "load":
        if (!win.destroyed) load(win, cmd.content);
        return;
      case "eval":
        if (!win.destroyed) webview.webview_eval(win.webview, cstr(cmd.js));
        return;
      case "close":
        if (!win.destroyed) {
          signalFinalState(win);
          gtk.gtk_window_destroy(win.window);
        }
        return;
      case "park":
        if (!win.destroyed) park(win.id, cmd.key, new Uint8Array(cmd.bytes), cmd.type);
        return;
      case "ui-grants":
        if (!win.destroyed) {
          const url = readCString(webkit.webkit_web_view_get_uri(win.view));
          grantUiCommands(win, cmd.url, url, cmd.names, cmd.debug, cmd.label);
        }
        return;
      case "worker-port":
        direct.setWorkerPort(win, cmd.port, (js) => evalIn(win, js), cmd.reason);
        return;
      case "worker-grants":
        if (!win.destroyed) {
          const url = readCString(webkit.webkit_web_view_get_uri(win.view));
          direct.grantDirect(win, cmd.url, url, cmd.names, cmd.timeoutMs);
        }
        return;
      case "post-answer":
        return answerPost(
          libs,
          cmd.post,
          cmd.bytes && new Uint8Array(cmd.bytes),
          cmd.type,
          cmd.status,
          cmd.headers,
        );
      case "free":
        dropParked(win.id);
        glib.g_idle_add_full(
          GPriority.Low,
          freeCb.pointer,
          Deno.UnsafePointer.create(BigInt(win.id)),
          null,
        );
        return;
    }
  }

  /** Runs a script in a window's page, unless the window is gone. */
  function evalIn(win: UiWindow, js: string): void {
    if (!win.destroyed) webview.webview_eval(win.webview, cstr(js));
  }

  // While calls wait on workers, a timer wakes the loop to check their time limits.
  const limitCb = new Deno.UnsafeCallback(
    { parameters: ["pointer"], result: "i32" } as const,
    () => {
      direct.pollDirect(evalIn);
      loop[LIMIT_TIMER] = direct.anyPending() ? 1 : 0;
      return loop[LIMIT_TIMER]; // G_SOURCE_CONTINUE while calls wait
    },
  );

  let draining = false;
  function drain(): void {
    // webview_destroy and gtk_window_destroy can spin nested loops: never re-enter.
    if (draining) return;
    draining = true;
    try {
      for (;;) {
        const msg = init.receive();
        if (!msg) break;
        loop[ACTIVITY] = 1;
        try {
          handle(msg);
        } catch (e) {
          console.error("panes UI thread:", e);
        }
      }
      if (direct.pollDirect(evalIn)) loop[ACTIVITY] = 1;
      if (!loop[LIMIT_TIMER] && direct.anyPending()) {
        loop[LIMIT_TIMER] = 1;
        glib.g_timeout_add_full(GPriority.Default, 50, limitCb.pointer, null, null);
      }
    } finally {
      draining = false;
    }
  }

  return { drain, idle: idleCb.pointer, activity: loop };
}
