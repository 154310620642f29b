/**
 * The checks of the served transports' options (browser, notebook), in a module of their own so
 * that `new App()` can reject a bad option at once while the transport's code loads only with the
 * app's first window (transports/deferred.ts).
 * @module
 */

import type { BrowserOpener } from "./browser/host.ts";

/** Splits a command line into words (double and single quotes, backslash escapes). */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new TypeError(`browser command line has an unclosed ${quote}: ${line}`);
  if (inWord) words.push(cur);
  return words;
}

/** The options both served transports listen with. */
export interface ServerOptions {
  hostname?: string;
  port?: number;
  graceMs?: number;
}

/** Whether a host name (as configured, or from a Host header, brackets allowed) is loopback. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" ||
    /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(h);
}

/** Throws a `TypeError` naming a bad port or grace period. */
function checkPortAndGrace({ port = 0, graceMs = 10_000 }: ServerOptions): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`App: port must be an integer from 0 to 65535 (got ${port})`);
  }
  if (typeof graceMs !== "number" || !(graceMs > 0)) {
    throw new TypeError(`App: graceMs must be a positive number of ms (got ${graceMs})`);
  }
}

/** Throws a `TypeError` naming the first bad option of the browser transport. */
export function checkBrowserOptions(
  options: ServerOptions & { browser?: BrowserOpener; open?: boolean },
): void {
  const { browser, open = true } = options;
  if (typeof browser === "string" && browser !== "") {
    if (splitCommandLine(browser).length === 0) {
      throw new TypeError("App: browser is an empty command line");
    }
  } else if (browser !== undefined && browser !== "" && typeof browser !== "function") {
    throw new TypeError("App: browser must be a command line (string) or a function (url) => …");
  }
  if (typeof open !== "boolean") throw new TypeError("App: open must be true or false");
  const { hostname } = options;
  if (hostname !== undefined && (typeof hostname !== "string" || hostname === "")) {
    throw new TypeError("App: hostname must be a non-empty string");
  }
  checkPortAndGrace(options);
}

/** Throws a `TypeError` naming the first bad option of the notebook transport. */
export function checkNotebookOptions(
  options: ServerOptions & { notebookDisplay?: string },
): void {
  const { notebookDisplay = "iframe" } = options;
  if (notebookDisplay !== "iframe" && notebookDisplay !== "widget") {
    throw new TypeError(
      `App: notebookDisplay must be "iframe" or "widget", not ${JSON.stringify(notebookDisplay)}`,
    );
  }
  checkPortAndGrace(options);
  loopbackOnly(options.hostname ?? "127.0.0.1");
}

/**
 * A notebook page is shown to the notebook's own user: its keys are in the output, so its server
 * stays on loopback (a remote notebook cannot reach it; docs/notebook.md).
 */
export function loopbackOnly(hostname: string): void {
  if (!isLoopback(hostname)) {
    throw new TypeError(
      `notebook transport: hostname must be a loopback address (got ${hostname})`,
    );
  }
}
