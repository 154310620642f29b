/**
 * Defaults that keep app pages contained: the Content-Security-Policy for
 * app content, the per-message size limit and the command time limit. (Which origins may use
 * the bridge is the router's: `router/origins.ts`.)
 * @module
 */

/**
 * The default Content-Security-Policy of app content (HTML given to
 * `show()`/`update()`): scripts, styles and data only from the app itself
 * (`panes://`, inline, `data:`/`blob:`), no network connections to other
 * origins, no plugins. (`frame-ancestors` is left out: WebKit ignores it in a `<meta>`.) `'unsafe-eval'` stays allowed so
 * `evalJs` of statement scripts and libraries that compile templates work.
 */
export const DEFAULT_CSP: string = [
  "default-src 'self' panes: data: blob:",
  "script-src 'self' panes: 'unsafe-inline' 'unsafe-eval' blob:",
  "style-src 'self' panes: 'unsafe-inline'",
  "img-src 'self' panes: data: blob:",
  "font-src 'self' panes: data:",
  "media-src 'self' panes: data: blob:",
  "connect-src 'self' panes:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

/** `csp` with `source` added to its `connect-src` directive. */
export function cspWithConnect(csp: string, source: string): string {
  return csp.replace(
    /(^|;\s*)connect-src([^;]*)/,
    (_m, lead: string, list: string) => `${lead}connect-src${list} ${source}`,
  );
}

/** `csp` with the asset protocol (`asset:`) added to its image, media and fetch sources. */
export function cspWithAssets(csp: string): string {
  return csp.replace(
    /(^|;\s*)(img-src|media-src|connect-src)([^;]*)/g,
    (_m, lead: string, name: string, list: string) => `${lead}${name}${list} asset:`,
  );
}

/** Default limit on one page → host post (and one fast-path body): 64 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Default time a command may take before the page gets a `timeout` error: 60 s. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

/** Puts a CSP `<meta>` first in the page's `<head>` (before anything it could govern). */
export function withCsp(html: string, csp: string | false): string {
  if (csp === false) return html;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${
    csp.replace(/"/g, "&quot;")
  }">`;
  if (/<head[^>]*>/i.test(html)) {
    return html.replace(/<head([^>]*)>/i, (_m, a: string) => `<head${a}>${meta}`);
  }
  if (/<html[^>]*>/i.test(html)) {
    return html.replace(/<html([^>]*)>/i, (_m, a: string) => `<html${a}><head>${meta}</head>`);
  }
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + meta + html.slice(doctype[0].length) : meta + html;
}
