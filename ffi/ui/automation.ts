/**
 * WebDriver automation of panes windows (WebKitGTK's `WebKitWebDriver` server, as Tauri's
 * `tauri-driver` uses on Linux). It turns on only when the process was started by a WebDriver
 * server for that: `WEBKIT_INSPECTOR_SERVER` set (the server sets it when it launches the app)
 * and `PANES_AUTOMATION=1` (set by whoever starts the server; the server passes its environment
 * on). Then, on the UI thread:
 *
 * - every WebKitWebView is created with `is-controlled-by-automation` (a construct-only property;
 *   libwebview builds its view with `webkit_web_view_new()`, which cannot set it, so the
 *   property's default is switched to TRUE for this process before the first view is made);
 * - the default web context allows automation and answers `automation-started`: the session's
 *   `create-web-view` gets the app's windows' views, oldest first, each once;
 * - a view's `close` (the driver closing its window, or ending the session) destroys the window
 *   inside the signal: a view that outlives the signal made the driver's `quit()` fail at random.
 *
 * Nothing here runs unless automation was asked for.
 * @module
 */

import { cstr } from "../native_libs.ts";
import type { NativeLibs } from "./native_libs.ts";
import type { UiWindow } from "./ui_ops.ts";

/** Whether this process was launched by a WebDriver server to be automated (see the module doc). */
export function automationRequested(): boolean {
  try {
    return Deno.env.get("PANES_AUTOMATION") === "1" &&
      (Deno.env.get("WEBKIT_INSPECTOR_SERVER") ?? "") !== "";
  } catch {
    return false; // no env permission: no automation
  }
}

/** What the automation hooks need from the UI thread. */
export interface AutomationHost {
  libs: NativeLibs;
  /** The open windows, oldest first. */
  windows(): Iterable<UiWindow>;
  /** Closes the window now and drops every reference panes and libwebview hold on its view. */
  destroyNow(win: UiWindow): void;
}

let host: AutomationHost | undefined;
const handed = new Set<bigint>();

// Callbacks live as long as the process (the thread does too).
let callbacks: ReturnType<typeof makeCallbacks> | undefined;

function makeCallbacks() {
  const started = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer", "pointer"], result: "void" } as const,
    (_context, session) => {
      const { webkit, gobject } = host!.libs;
      // The name the driver matches a `browserName` capability against.
      const info = webkit.webkit_application_info_new();
      webkit.webkit_application_info_set_name(info, cstr("panes"));
      webkit.webkit_automation_session_set_application_info(session, info);
      webkit.webkit_application_info_unref(info);
      gobject.g_signal_connect_data(
        session,
        cstr("create-web-view"),
        callbacks!.create.pointer,
        null,
        null,
        0,
      );
    },
  );
  const create = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer"], result: "pointer" } as const,
    () => {
      // The app makes its windows; the driver gets them, oldest first, each once. A driver's
      // "new window" beyond those fails (WebKit reports that no view was given).
      for (const win of host!.windows()) {
        const id = Deno.UnsafePointer.value(win.view);
        if (win.destroyed || handed.has(id)) continue;
        handed.add(id);
        return win.view;
      }
      return null;
    },
  );
  const close = new Deno.UnsafeCallback(
    { parameters: ["pointer", "pointer"], result: "void" } as const,
    (view) => {
      for (const win of host!.windows()) {
        if (Deno.UnsafePointer.equals(win.view, view)) {
          host!.destroyNow(win);
          return;
        }
      }
    },
  );
  return { started, create, close };
}

/**
 * Before the first window: views are made automation-controlled, and the default web context
 * allows automation. Throws if this WebKitGTK does not let the default be changed.
 */
export function prepareAutomation(h: AutomationHost): void {
  if (host) return;
  host = h;
  callbacks ??= makeCallbacks();
  const { webkit, gobject } = h.libs;
  const klass = gobject.g_type_class_ref(webkit.webkit_web_view_get_type());
  const pspec = klass && gobject.g_object_class_find_property(
    klass,
    cstr("is-controlled-by-automation"),
  );
  if (!pspec) throw new Error("automation: this WebKitGTK has no is-controlled-by-automation");
  // GObject fills a construct property nobody passed from the GValue this returns (cached per
  // property); webkit_web_view_new() passes none. Its gboolean sits after the 8-byte GType.
  const value = gobject.g_param_spec_get_default_value(pspec);
  if (!value) throw new Error("automation: no default value for is-controlled-by-automation");
  new Int32Array(Deno.UnsafePointerView.getArrayBuffer(value, 4, 8))[0] = 1;
  const context = webkit.webkit_web_context_get_default();
  webkit.webkit_web_context_set_automation_allowed(context, 1);
  if (!webkit.webkit_web_context_is_automation_allowed(context)) {
    throw new Error("automation: WebKit did not allow automation on the default web context");
  }
  gobject.g_signal_connect_data(
    context,
    cstr("automation-started"),
    callbacks.started.pointer,
    null,
    null,
    0,
  );
}

/** After a window's view is made: checks it is automation-controlled, and handles its close. */
export function adoptForAutomation(win: UiWindow): void {
  if (!host || !callbacks) return;
  const { webkit, gobject } = host.libs;
  if (!webkit.webkit_web_view_is_controlled_by_automation(win.view)) {
    throw new Error(
      "automation: the window's view is not controlled by automation (this WebKitGTK ignored " +
        "the property's default)",
    );
  }
  gobject.g_signal_connect_data(win.view, cstr("close"), callbacks.close.pointer, null, null, 0);
}
