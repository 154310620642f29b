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

/** Where {@linkcode copyToCache} keeps libraries by default: `$XDG_CACHE_HOME/panes` or `~/.cache/panes`. */
export function defaultCacheDir(): string {
  const xdg = Deno.env.get("XDG_CACHE_HOME");
  if (xdg?.startsWith("/")) return `${xdg}/panes`;
  const home = Deno.env.get("HOME");
  if (!home) {
    throw new NativeLibraryError(
      "cannot copy libwebview out of this binary: neither XDG_CACHE_HOME nor HOME is set (set PANES_WEBVIEW_LIB to a libwebview file instead)",
    );
  }
  return `${home}/.cache/panes`;
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Whether `path` is a regular file of `uid` that no one else may write, holding `bytes`. */
function sameFile(path: string, bytes: Uint8Array, uid: number | null): boolean {
  try {
    const st = Deno.lstatSync(path);
    if (!st.isFile || st.uid !== uid || ((st.mode ?? 0) & 0o022) !== 0) return false;
    if (st.size !== bytes.length) return false;
    const have = Deno.readFileSync(path);
    return have.every((b, i) => b === bytes[i]);
  } catch {
    return false;
  }
}

/**
 * Copies the library at `path` to a private file in `cacheDir` named by its content
 * (`libwebview-<sha256>.so`) and returns that file's path. For a `deno compile` binary, whose
 * embedded files `dlopen` cannot open in place. The folder is made (or kept) user-only (0700); the
 * file is written under a temporary name (0700) and renamed into place, so no one sees part of it. A
 * file already there is used only if it has the same owner as a file this process writes (no
 * `--allow-sys` needed to learn its user id), no one else may write it, and it has the same bytes.
 */
export async function copyToCache(
  path: string,
  cacheDir: string = defaultCacheDir(),
): Promise<string> {
  let tmp: string | undefined;
  try {
    const bytes = await Deno.readFile(path);
    const digest = hex(await crypto.subtle.digest("SHA-256", bytes));
    const ext = /\.(so|dylib|dll)$/.exec(path)?.[0] ?? ".so";
    const target = `${cacheDir}/libwebview-${digest}${ext}`;
    await Deno.mkdir(cacheDir, { recursive: true, mode: 0o700 });
    tmp = `${cacheDir}/.libwebview-${digest}.${crypto.randomUUID()}.tmp`;
    await Deno.writeFile(tmp, bytes, { createNew: true, mode: 0o700 });
    await Deno.chmod(tmp, 0o700); // the mode given at creation is masked by the umask
    const me = (await Deno.lstat(tmp)).uid;
    const dir = await Deno.lstat(cacheDir);
    if (!dir.isDirectory || dir.uid !== me) {
      throw new Error(`${cacheDir} is not a folder of this user`);
    }
    if (((dir.mode ?? 0) & 0o077) !== 0) await Deno.chmod(cacheDir, 0o700);
    if (sameFile(target, bytes, me)) {
      await Deno.remove(tmp);
    } else {
      await Deno.rename(tmp, target);
    }
    tmp = undefined;
    return target;
  } catch (e) {
    if (tmp) await Deno.remove(tmp).catch(() => {});
    throw new NativeLibraryError(
      `cannot copy libwebview from ${path} to ${cacheDir}: ${
        e instanceof Error ? e.message : String(e)
      } (set PANES_WEBVIEW_LIB to a libwebview file instead)`,
      { cause: e },
    );
  }
}

/**
 * {@linkcode locateWebview}, then, in a `deno compile` binary (`standalone`), the npm package's
 * library (a file inside the binary) copied out with {@linkcode copyToCache} so `dlopen` can open it.
 */
export async function resolveWebview(
  explicit?: string,
  { standalone = Deno.build.standalone, cacheDir }: { standalone?: boolean; cacheDir?: string } =
    {},
): Promise<WebviewLocation> {
  const location = locateWebview(explicit);
  if (!standalone || location.source !== "npm") return location;
  return { ...location, path: await copyToCache(location.path, cacheDir) };
}
