/**
 * The app's frontend folder (`AppOptions.frontendDist`, Tauri's `frontendDist`), served under the
 * app's own origin: `panes://app/<path>` is `<folder>/<path>`, so a page loads its own assets by
 * relative URL and `new WebviewWindow("settings", { url: "settings.html" })` opens a page of the
 * folder as app content (with the bridge). Nothing outside the folder is ever served: `..` and
 * encoded separators are refused before the file system is asked, and a symbolic link that leads
 * out of the folder is refused after it is resolved.
 * @module
 */

import { InvokeError } from "../bridge/invoke_error.ts";
import { contentTypeOf } from "./content_types.ts";
import { fileAnswer } from "./file_range.ts";
import { withCsp } from "./security.ts";
import type { FileAnswer } from "../transports/native/native_transport.ts";

/** The app origin's paths that are panes' own (a window's HTML, the IPC fast path). */
const RESERVED = ["/window/", "/__ipc/"];

const APP_ORIGIN = "panes://app";

/** A plain-text answer with a status. */
export function textAnswer(status: number, text: string): FileAnswer {
  return { status, body: new TextEncoder().encode(text), type: "text/plain; charset=utf-8" };
}

/** The frontend folder of one app. */
export class FrontendDist {
  /** The folder as given, made absolute. */
  readonly root: string;
  #real: string | undefined;
  readonly #csp: () => string | false;

  /**
   * `folder`: relative to the working directory. `csp`: the Content-Security-Policy put into the
   * folder's HTML pages, as into every other app page. Throws when the folder does not exist.
   */
  constructor(folder: string, csp: () => string | false) {
    if (typeof folder !== "string" || folder === "") {
      throw new TypeError("AppOptions.frontendDist: expected a folder path");
    }
    this.root = folder.startsWith("/") ? folder : `${Deno.cwd()}/${folder}`;
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(this.root);
    } catch (e) {
      throw new Error(
        `AppOptions.frontendDist: cannot read the folder ${this.root}: ${(e as Error).message}`,
      );
    }
    if (!info.isDirectory) {
      throw new Error(`AppOptions.frontendDist: ${this.root} is not a folder`);
    }
    this.#csp = csp;
  }

  /** Answers `panes://app/<path>`: the file, 404 when missing, 403 when outside the folder. */
  async serve(uri: string, range?: string): Promise<FileAnswer> {
    const rel = relativePath(uri);
    if (rel === undefined) return textAnswer(403, `Forbidden: ${uri} leaves the frontend folder`);
    const real = this.#real ??= await Deno.realPath(this.root);
    let file = rel === "" ? `${this.root}/index.html` : `${this.root}/${rel}`;
    let resolved: string;
    try {
      resolved = await Deno.realPath(file);
      if ((await Deno.stat(resolved)).isDirectory) {
        file = `${resolved}/index.html`;
        resolved = await Deno.realPath(file);
      }
    } catch {
      return textAnswer(404, `Not found: ${uri}`);
    }
    // A symbolic link inside the folder may point anywhere: what it resolves to must be inside.
    if (resolved !== real && !resolved.startsWith(real === "/" ? "/" : `${real}/`)) {
      return textAnswer(403, `Forbidden: ${uri} leads out of the frontend folder`);
    }
    const type = contentTypeOf(resolved);
    try {
      if (!type.startsWith("text/html")) return await fileAnswer(resolved, type, range);
      // App content: the same CSP as HTML given to show() (a page is always sent whole).
      const html = withCsp(await Deno.readTextFile(resolved), this.#csp());
      return { status: 200, body: new TextEncoder().encode(html), type };
    } catch {
      return textAnswer(404, `Not found: ${uri}`);
    }
  }
}

/**
 * The path of `panes://app/<path>` inside the folder (decoded, `/`-joined, no leading slash), or
 * undefined when a segment is `.`/`..` or hides a separator or NUL once decoded: such a request
 * could only be an attempt to leave the folder.
 */
export function relativePath(uri: string): string | undefined {
  if (!uri.startsWith(`${APP_ORIGIN}/`)) return undefined;
  const path = uri.slice(APP_ORIGIN.length).replace(/[?#].*$/s, "");
  const out: string[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (seg === "." || seg === ".." || /[/\\\0]/.test(seg)) return undefined;
    out.push(seg);
  }
  return out.join("/");
}

/**
 * Where a page-made window's `url` leads (`@tauri-apps/api`'s `WebviewWindow` option), as Tauri
 * reads it: a relative URL or a path is a page of the frontend folder (none given: its
 * `index.html`); an `http(s)` URL is remote content, which gets only what capabilities naming
 * its origin grant. Every other scheme (`file:`, `data:`, `javascript:`, other `panes:` URLs) is
 * refused: `file:` and `panes:` pages are app content here, so opening one would hand a page
 * the app's trust.
 */
export function pageWindowUrl(
  url: string | undefined,
  dist: FrontendDist | undefined,
): { url: string; remote: boolean } {
  const given = url === undefined || url === "" ? "index.html" : url;
  let absolute: URL | undefined;
  try {
    absolute = new URL(given);
  } catch {
    absolute = undefined;
  }
  if (absolute && (absolute.protocol === "http:" || absolute.protocol === "https:")) {
    return { url: absolute.href, remote: true };
  }
  if (absolute && !given.startsWith(`${APP_ORIGIN}/`)) {
    throw new InvokeError(
      `cannot open ${JSON.stringify(given)}: a page may open http(s) URLs and pages of the ` +
        `frontend folder only (${absolute.protocol} URLs are refused: they would run with the app's trust)`,
    );
  }
  if (!dist) {
    throw new InvokeError(
      `cannot open ${JSON.stringify(given)}: a relative URL names a page of the app's frontend ` +
        "folder, and this app has none (set AppOptions.frontendDist, Tauri's frontendDist)",
    );
  }
  const resolved = new URL(given, `${APP_ORIGIN}/`);
  // "//evil/x" resolves to another host of the scheme: not the app's origin.
  if (`${resolved.protocol}//${resolved.host}` !== APP_ORIGIN) {
    throw new InvokeError(`cannot open ${JSON.stringify(given)}: not a page of the app's origin`);
  }
  if (RESERVED.some((p) => resolved.pathname.startsWith(p))) {
    throw new InvokeError(
      `cannot open ${JSON.stringify(given)}: ${resolved.pathname} is reserved by panes`,
    );
  }
  if (relativePath(resolved.href) === undefined) {
    throw new InvokeError(`cannot open ${JSON.stringify(given)}: it leaves the frontend folder`);
  }
  return { url: resolved.href, remote: false };
}

/**
 * Marks `show()` options of a window a page asked for (`WebviewWindow`): its URL is not the
 * host's choice, so its origin gets no trust from being shown (only capabilities naming it).
 */
export const REMOTE_PAGE_WINDOW: unique symbol = Symbol("panes.pageMadeWindow");
