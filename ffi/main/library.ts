/**
 * Finding libwebview and checking the operating system, on the main isolate before the UI
 * thread starts. Nothing here runs at import time: the first window asks for it.
 * @module
 */

import { NativeLibraryError } from "../native_libs.ts";
import type { WebviewLocation } from "../ui_protocol.ts";
// Puts the npm package that carries libwebview in the module graph, so Deno fetches it for a `jsr:`
// or URL import with no node_modules and no deno.json (and `deno compile` embeds it); the lookup
// below then resolves to its files (in node_modules, Deno's npm cache, or a binary's own files).
import "webview-bun/package.json" with { type: "json" };

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
