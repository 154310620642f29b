/** The native libraries the UI thread's ops call, in one object. @module */

import {
  bindOnUse,
  INSTALL_HINT,
  loaderText,
  NativeLibraryError,
  openSystem,
  pin,
  SONAMES,
  type Symbols,
} from "../native_libs.ts";
import { missingSoname, missingSonameHint } from "../native_deps.ts";
import { gio, glib, gobject, gtk, soup, webkit } from "../system_libs.ts";
import { type WebviewLibrary, webviewSymbols } from "../symbols/webview.ts";
import { x11Symbols } from "../symbols/x11.ts";
import type { WebviewLocation } from "../ui_protocol.ts";

/** Every library handle the UI thread uses; each symbol is bound on first use. */
export interface NativeLibs {
  webview: WebviewLibrary["symbols"];
  glib: typeof glib;
  gobject: typeof gobject;
  gio: typeof gio;
  gtk: typeof gtk;
  webkit: typeof webkit;
  soup: typeof soup;
  /** Xlib, or null when it cannot be loaded (then {@linkcode x11Error} says why). */
  readonly x11: Symbols<typeof x11Symbols> | null;
  readonly x11Error: string | undefined;
}

/**
 * Opens libwebview and the GTK/WebKit stack; system libraries first, for a clear error. The
 * libraries are loaded here; their symbols are bound as the ops first call them.
 */
export function openNativeLibs(location: WebviewLocation): NativeLibs {
  for (const soname of [SONAMES.webkit, SONAMES.gtk]) openSystem(soname, {});
  const webview = openWebview(location).symbols;
  for (const soname of [SONAMES.glib, SONAMES.gobject, SONAMES.gio, SONAMES.soup]) {
    openSystem(soname, {});
  }
  let x11: { lib: NativeLibs["x11"]; error?: string } | undefined;
  const xlib = () => {
    if (x11) return x11;
    try {
      // GTK's X11 backend links libX11 itself, so this is present wherever X11 windows are.
      Deno.dlopen(SONAMES.x11, {});
      x11 = { lib: bindOnUse(SONAMES.x11, x11Symbols) };
    } catch (e) {
      x11 = {
        lib: null,
        error: `cannot load ${SONAMES.x11}: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    return x11;
  };
  return {
    webview,
    glib,
    gobject,
    gio,
    gtk,
    webkit,
    soup,
    get x11() {
      return xlib().lib;
    },
    get x11Error() {
      return xlib().error;
    },
  };
}

/** Opens libwebview at `location`, explaining a failure in one message. */
export function openWebview(location: WebviewLocation): WebviewLibrary {
  try {
    const lib = Deno.dlopen(location.path, webviewSymbols);
    pin(location.path);
    return lib;
  } catch (cause) {
    const text = loaderText(cause);
    const missing = missingSoname(text);
    const self = location.path.slice(location.path.lastIndexOf("/") + 1);
    // A dependency the loader names (libvulkan.so.1 on a slim image): its package. The file
    // itself missing from the system path: where libwebview comes from. Otherwise (not an ELF
    // file, wrong architecture): the general line.
    const hint = missing && missing !== self
      ? missingSonameHint(missing)
      : location.source === "system"
      ? "add the npm package webview-bun@2.4.0 to your imports, or set PANES_WEBVIEW_LIB to a libwebview 0.12 build"
      : `it must be a libwebview 0.12 build for this system; ${INSTALL_HINT}`;
    throw new NativeLibraryError(
      `cannot load libwebview from ${location.path} (${location.source}): ${text}; ${hint}`,
      { cause },
    );
  }
}
