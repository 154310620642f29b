/**
 * Finding and opening the native libraries. Nothing here runs at import time:
 * the first window asks for it.
 * @module
 */

import { type WebviewLibrary, webviewSymbols } from "./webview_symbols.ts";

/** What to install when WebKitGTK or libwebview cannot be loaded. */
export const INSTALL_HINT =
  "install the system WebKitGTK 6.0 and GTK 4 libraries: `apt-get install -y libwebkitgtk-6.0-4 libgtk-4-1` (Debian/Ubuntu)";

/** A native library could not be found or loaded. */
export class NativeLibraryError extends Error {
  /** Makes the error; `options.cause` is the loader's own error, when there is one. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "NativeLibraryError";
  }
}

/** Throws when this operating system has no panes backend yet. */
export function assertSupportedOs(os: string = Deno.build.os): void {
  if (os === "linux") return;
  if (os === "darwin") {
    throw new NativeLibraryError(
      "panes does not support macOS yet: AppKit needs the UI on the process main thread, and that variant is not implemented",
    );
  }
  throw new NativeLibraryError(
    `panes does not support ${os} yet: only Linux (GTK 4 + WebKitGTK 6.0) is implemented`,
  );
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The prebuilt libwebview inside the npm package `webview-bun`, or undefined. */
function npmCarrierPath(): string | undefined {
  const arch = Deno.build.arch === "aarch64" ? "arm64" : "x64";
  const file = Deno.build.os === "linux"
    ? `libwebview-${arch}.so`
    : Deno.build.os === "darwin"
    ? "libwebview.dylib"
    : "libwebview.dll";
  try {
    const pkg = import.meta.resolve("webview-bun/package.json");
    if (!pkg.startsWith("file:")) return undefined;
    const path = new URL(`build/${file}`, pkg).pathname;
    return fileExists(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Where a libwebview path came from; errors name it. */
export interface WebviewLocation {
  /** Path or bare library name handed to `dlopen`. */
  path: string;
  /** How it was found. */
  source: "option" | "env" | "npm" | "system";
}

/**
 * Finds libwebview: the explicit option, then `PANES_WEBVIEW_LIB`, then the
 * npm package's `build/` file for this OS and architecture, then the system
 * library path. A path given explicitly must exist: no silent fallback.
 */
export function locateWebview(explicit?: string): WebviewLocation {
  if (explicit !== undefined) {
    if (!fileExists(explicit)) {
      throw new NativeLibraryError(
        `libwebview not found at ${explicit} (given as the \`webviewLibrary\` option)`,
      );
    }
    return { path: explicit, source: "option" };
  }
  let env: string | undefined;
  try {
    env = Deno.env.get("PANES_WEBVIEW_LIB");
  } catch {
    env = undefined; // no --allow-env: treat as unset
  }
  if (env) {
    if (!fileExists(env)) {
      throw new NativeLibraryError(`libwebview not found at ${env} (from PANES_WEBVIEW_LIB)`);
    }
    return { path: env, source: "env" };
  }
  const npm = npmCarrierPath();
  if (npm) return { path: npm, source: "npm" };
  return {
    path: Deno.build.os === "darwin" ? "libwebview.dylib" : "libwebview.so",
    source: "system",
  };
}

// glibc's dlopen flags (Linux, the only backend).
const RTLD_LAZY = 0x1;
const RTLD_NOLOAD = 0x4;
const RTLD_NODELETE = 0x1000;
let libc: Deno.DynamicLibrary<{ dlopen: { parameters: ["buffer", "i32"]; result: "pointer" } }>;
const pinned = new Set<string>();

/**
 * Keeps a library that is loaded now in memory for the life of the process. Deno closes an
 * isolate's libraries when it ends, and WebKitGTK cannot be unloaded: a UI Worker that ended
 * after a failed start (libwebview missing a dependency) crashed the process with SIGSEGV as
 * it unloaded WebKit. `RTLD_NOLOAD` only finds the loaded copy; `RTLD_NODELETE` marks it as
 * never to be unloaded, whoever closes it later. Best effort: without glibc, nothing to do
 * (musl never unloads).
 */
function pin(name: string): void {
  if (pinned.has(name)) return;
  pinned.add(name);
  try {
    libc ??= Deno.dlopen("libc.so.6", {
      dlopen: { parameters: ["buffer", "i32"], result: "pointer" },
    });
    libc.symbols.dlopen(
      new TextEncoder().encode(name + "\0"),
      RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE,
    );
  } catch {
    // No glibc: its loader is not the one that unloads.
  }
}

/** Opens a system library by soname with an error that says what to install. */
export function openSystem<S extends Deno.ForeignLibraryInterface>(
  soname: string,
  symbols: S,
): Deno.DynamicLibrary<S> {
  let lib: Deno.DynamicLibrary<S>;
  try {
    lib = Deno.dlopen(soname, symbols);
  } catch (cause) {
    throw new NativeLibraryError(`cannot load ${soname}: ${INSTALL_HINT}`, { cause });
  }
  pin(soname);
  return lib;
}

/** Opens libwebview at `location`, explaining a failure in one message. */
export function openWebview(location: WebviewLocation): WebviewLibrary {
  try {
    const lib = Deno.dlopen(location.path, webviewSymbols);
    pin(location.path);
    return lib;
  } catch (cause) {
    const text = cause instanceof Error ? cause.message : String(cause);
    if (/webkitgtk|gtk-4|javascriptcore|soup/i.test(text)) {
      throw new NativeLibraryError(`cannot load libwebview (${location.path}): ${INSTALL_HINT}`, {
        cause,
      });
    }
    const hint = location.source === "system"
      ? "add the npm package webview-bun@2.4.0 to your imports, or set PANES_WEBVIEW_LIB to a libwebview 0.12 build"
      : INSTALL_HINT;
    throw new NativeLibraryError(
      `cannot load libwebview from ${location.path} (${location.source}): ${text}; ${hint}`,
      { cause },
    );
  }
}

/** Sonames of the system libraries (Linux). */
export const SONAMES = {
  glib: "libglib-2.0.so.0",
  gobject: "libgobject-2.0.so.0",
  gio: "libgio-2.0.so.0",
  gtk: "libgtk-4.so.1",
  webkit: "libwebkitgtk-6.0.so.4",
  soup: "libsoup-3.0.so.0",
  x11: "libX11.so.6",
} as const;
