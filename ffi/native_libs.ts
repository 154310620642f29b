/**
 * Opening system libraries, on either isolate: sonames, the error that says
 * what to install, and binding a symbol table one symbol at a time, on first
 * use. Nothing here runs at import time.
 * @module
 */

import { libcSymbols } from "./symbols/libc.ts";
import { GENERAL_HINT, loadFailureHint } from "./native_deps.ts";

/** What to install when WebKitGTK or libwebview cannot be loaded and the loader names no file. */
export const INSTALL_HINT = GENERAL_HINT;

/** A native library could not be found or loaded. */
export class NativeLibraryError extends Error {
  /** Makes the error; `options.cause` is the loader's own error, when there is one. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "NativeLibraryError";
  }
}

/** Sonames of the system libraries (Linux). */
export const SONAMES = {
  glib: "libglib-2.0.so.0",
  gobject: "libgobject-2.0.so.0",
  gio: "libgio-2.0.so.0",
  gtk: "libgtk-4.so.1",
  webkit: "libwebkitgtk-6.0.so.4",
  jsc: "libjavascriptcoregtk-6.0.so.1",
  soup: "libsoup-3.0.so.0",
  x11: "libX11.so.6",
  xcb: "libxcb.so.1",
  pixbuf: "libgdk_pixbuf-2.0.so.0",
  libc: "libc.so.6",
} as const;

// glibc's dlopen flags (Linux, the only backend).
const RTLD_LAZY = 0x1;
const RTLD_NOLOAD = 0x4;
const RTLD_NODELETE = 0x1000;
let libc: Deno.DynamicLibrary<Pick<typeof libcSymbols, "dlopen">> | undefined;
const pinned = new Set<string>();

/**
 * Keeps a library that is loaded now in memory for the life of the process. Deno closes an
 * isolate's libraries when it ends, and WebKitGTK cannot be unloaded: a UI Worker that ended
 * after a failed start (libwebview missing a dependency) crashed the process with SIGSEGV as
 * it unloaded WebKit. `RTLD_NOLOAD` only finds the loaded copy; `RTLD_NODELETE` marks it as
 * never to be unloaded, whoever closes it later. Best effort: without glibc, nothing to do
 * (musl never unloads).
 */
export function pin(name: string): void {
  if (pinned.has(name)) return;
  pinned.add(name);
  try {
    libc ??= Deno.dlopen(SONAMES.libc, { dlopen: libcSymbols.dlopen });
    libc.symbols.dlopen(cstr(name), RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
  } catch {
    // No glibc: its loader is not the one that unloads.
  }
}

/** The loader's own words from a failed `Deno.dlopen`, without Deno's repeated prefix. */
export function loaderText(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.replace(/^(?:Could not open library: )+/, "");
}

/**
 * The error for a library that did not load: the loader's text, then what to install: the
 * package of the missing soname the loader names (which may be a dependency, e.g.
 * libvulkan.so.1), or how to find it.
 */
export function loadError(what: string, cause: unknown): NativeLibraryError {
  const text = loaderText(cause);
  return new NativeLibraryError(`cannot load ${what}: ${text}; ${loadFailureHint(text)}`, {
    cause,
  });
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
    throw loadError(soname, cause);
  }
  pin(soname);
  return lib;
}

/** The callable symbols of a table. */
export type Symbols<S extends Deno.ForeignLibraryInterface> = Deno.DynamicLibrary<S>["symbols"];

/**
 * One library's whole table, each symbol bound the first time it is read. Binding costs about
 * half a millisecond a symbol even when the library is loaded, and a table per library holds
 * what every feature needs: binding on use keeps the path to the first window as short as the
 * symbols it calls. A bound symbol replaces its getter, so later calls read a plain property.
 */
export function bindOnUse<S extends Deno.ForeignLibraryInterface>(
  soname: string,
  table: S,
): Symbols<S> {
  const lib: Record<string, unknown> = {};
  for (const name of Object.keys(table)) {
    Object.defineProperty(lib, name, {
      configurable: true,
      enumerable: true,
      get() {
        const fn = openSystem(soname, { [name]: table[name] }).symbols[name];
        Object.defineProperty(lib, name, { value: fn, enumerable: true });
        return fn;
      },
    });
  }
  return lib as Symbols<S>;
}

const encoder = new TextEncoder();

/** A NUL-terminated UTF-8 copy of `s` for a `const char*` parameter. */
export function cstr(s: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(s + "\0");
}

/** Reads a `const char*` (NULL → ""). */
export function readCString(p: Deno.PointerValue): string {
  return p === null ? "" : Deno.UnsafePointerView.getCString(p);
}
