/** Page content assembled from HTML, CSS and script files. @module */

/** Options for {@linkcode HtmlContent}. */
export interface HtmlContentOptions {
  /** The page's HTML (a fragment or a full document). */
  html: string;
  /** CSS files inlined as `<style>` (watched with hot reload). */
  cssFiles?: string[];
  /** Script files inlined before `</body>` (watched with hot reload). */
  scriptFiles?: string[];
  /** CSS inlined after the files. */
  inlineCss?: string;
  /** Data exposed to the page as `window.json_data`. */
  jsonData?: unknown;
  /** A script run after the bridge is ready, before the page's own scripts. */
  initScript?: string;
  /** Watch this content's files even when the app's `hotReload` is off. */
  hotReload?: boolean;
}

/** Stable element id for a CSS file's `<style>` (hot reload replaces it by id). */
export function cssIdFor(path: string): string {
  return "panes-css-" + path.replace(/[^A-Za-z0-9_-]/g, "_");
}

function escapeScript(text: string): string {
  return text.replace(/<\/script/gi, "<\\/script");
}

/**
 * HTML plus files, assembled into one page by {@linkcode HtmlContent.build}.
 *
 * @example A page from HTML, a stylesheet and a script, reloaded when they change
 * ```ts
 * import { App, HtmlContent } from "@panes/panes";
 *
 * const content = new HtmlContent({
 *   html: "<h1>Notes</h1><ul id=list></ul>",
 *   cssFiles: ["./style.css"],
 *   scriptFiles: ["./app.js"],
 *   jsonData: { notes: [] },
 *   hotReload: true,
 * });
 * await using app = new App();
 * await app.show(content, { title: "Notes" });
 * ```
 */
export class HtmlContent {
  /** The options this content was made from. */
  readonly options: Readonly<HtmlContentOptions>;

  /** Makes content from `options`; throws a `TypeError` when `html` is not a string. */
  constructor(options: HtmlContentOptions) {
    if (!options || typeof options.html !== "string") {
      throw new TypeError("HtmlContent: `html` must be a string");
    }
    this.options = { ...options };
  }

  /** Every file this content reads (for hot reload). */
  get files(): string[] {
    return [...(this.options.cssFiles ?? []), ...(this.options.scriptFiles ?? [])];
  }

  /** Reads the files and returns the complete page. */
  async build(): Promise<string> {
    const o = this.options;
    const head: string[] = [];
    for (const file of o.cssFiles ?? []) {
      head.push(`<style id="${cssIdFor(file)}">${await readFile(file)}</style>`);
    }
    if (o.inlineCss) head.push(`<style id="panes-inline-css">${o.inlineCss}</style>`);
    if (o.jsonData !== undefined) {
      head.push(`<script>window.json_data = ${escapeScript(JSON.stringify(o.jsonData))};</script>`);
    }
    if (o.initScript) head.push(`<script>${escapeScript(o.initScript)}</script>`);
    const tail: string[] = [];
    for (const file of o.scriptFiles ?? []) {
      tail.push(`<script data-panes-file="${file}">${escapeScript(await readFile(file))}</script>`);
    }
    return assemble(o.html, head.join("\n"), tail.join("\n"));
  }
}

async function readFile(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(`HtmlContent: cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Puts `head` into `<head>` and `tail` before `</body>` (wrapping a fragment as needed). */
export function assemble(html: string, head: string, tail: string): string {
  if (!/<html[\s>]/i.test(html)) {
    return `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${html}${tail}</body></html>`;
  }
  let out = /<\/head>/i.test(html)
    ? html.replace(/<\/head>/i, () => `${head}</head>`)
    : html.replace(/<html([^>]*)>/i, (_m, attrs: string) => `<html${attrs}><head>${head}</head>`);
  // Function replacers: page text may contain "$&" and must not be read as a pattern.
  out = /<\/body>/i.test(out)
    ? out.replace(/<\/body>(?![\s\S]*<\/body>)/i, () => `${tail}</body>`)
    : out + tail;
  return out;
}
