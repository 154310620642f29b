/**
 * URL scopes (http, websocket, upload, updater): entries are `URLPattern`s, as Tauri's, matched
 * against every way a server could read the URL's path; deny entries win.
 * @module
 */

import { z } from "zod";
import { forbidden, type ScopeSet } from "./plugin.ts";

/** One scope entry: a URL pattern (`URLPattern` syntax, as Tauri's): `{ url: "https://*.example.com/*" }`. */
export const urlScopeEntry = z.strictObject({
  url: z.string().min(1).refine((u) => {
    try {
      new URLPattern(u);
      return true;
    } catch {
      return false;
    }
  }, { message: "not a URL pattern (e.g. https://example.com/*)" }),
});

/** Unreserved characters (RFC 3986): percent-encoding them changes nothing for a server. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Drops empty segments (`//`) and resolves `.` and `..`; keeps a trailing slash. */
function resolveSegments(path: string): string {
  const out: string[] = [];
  const parts = path.split("/");
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  const last = parts[parts.length - 1];
  const dir = last === "" || last === "." || last === "..";
  return "/" + out.join("/") + (dir && out.length ? "/" : "");
}

/**
 * The paths a server could take `pathname` for: percent-decoded where that is harmless
 * (unreserved characters; other escapes upper-cased), with `//` collapsed and dot segments
 * resolved. An encoded `/` or `\` (`%2F`, `%5C`) is read both ways, since servers differ.
 */
function pathReadings(pathname: string): string[] {
  const decode = (slashes: boolean) =>
    pathname.replace(/%([0-9A-Fa-f]{2})/g, (esc, hex: string) => {
      const c = String.fromCharCode(parseInt(hex, 16));
      if (UNRESERVED.test(c)) return c;
      if (slashes && (c === "/" || c === "\\")) return "/";
      return esc.toUpperCase();
    });
  return [...new Set([resolveSegments(decode(false)), resolveSegments(decode(true))])];
}

/**
 * Throws `forbidden` unless `url` is in the scope. Patterns are matched against the normalised
 * path (so `/%61dmin`, `//admin` and `/x/../admin` are all `/admin`); deny wins, and a URL that
 * some reading of its path puts under a deny entry is refused, as is one that not every reading
 * puts in the allow list. `what` names the scope in messages (`http`, `websocket`).
 */
export function checkUrlScope(url: URL, scope: ScopeSet, permission: string, what: string): void {
  const readings = pathReadings(url.pathname).map((path) => {
    const u = new URL(url.href);
    u.pathname = path;
    return u.href;
  });
  const matches = (href: string) => (e: unknown) => {
    try {
      return new URLPattern((e as { url: string }).url).test(href);
    } catch {
      return false;
    }
  };
  const denied = readings.find((href) => scope.deny.some(matches(href)));
  if (denied !== undefined) {
    const as = denied === url.href ? "" : ` (read as ${denied})`;
    throw forbidden(
      `url ${url.href}${as} is denied by the ${what} scope ("${permission}")`,
      permission,
    );
  }
  if (!readings.every((href) => scope.allow.some(matches(href)))) {
    throw forbidden(
      `url ${url.href} is outside the ${what} scope granted to "${permission}" (add { url: "${url.origin}/*" })`,
      permission,
    );
  }
}
