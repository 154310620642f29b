/**
 * Page origins as the router judges them: which URLs are app content, and the origin of a URL.
 * @module
 */

/** `scheme://host` of a URL (also for non-special schemes, whose `origin` is "null"). */
export function originOf(url: string): string {
  // Asked on every invoke and event: remember recent answers instead of parsing the URL again.
  let origin = origins.get(url);
  if (origin !== undefined) return origin;
  try {
    const u = new URL(url);
    origin = `${u.protocol}//${u.host}`;
  } catch {
    origin = "";
  }
  if (origins.size >= 256) origins.clear();
  origins.set(url, origin);
  return origin;
}

const origins = new Map<string, string>();

/** Origins of app content: always served to the bridge. */
export function isAppOrigin(url: string): boolean {
  return url.startsWith("panes://app/") || url.startsWith("file:") || url === "about:blank";
}
