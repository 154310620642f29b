/**
 * The top-frame key: only a window's top frame may reach its bridge.
 *
 * WebKit exposes a page's script message handler (and serves `panes://app/__ipc/`) to every
 * frame of the page, iframes included, and tells the handler nothing about which frame posted.
 * So every post and every `__ipc` request carries a key that only the top frame's bridge holds
 * (the class of Tauri's CVE-2024-35222, closed the same way: Tauri's invoke key):
 *
 * - the window key: random per window, written by the host into the bridge script, which
 *   WebKit injects into the top frame only (libwebview's `webview_init`); and
 * - the load key: random per page load, made by the bridge itself as the page starts. The UI
 *   thread takes the first hello after each committed load as the claim (the top frame's init
 *   script sends it before the page's own HTML is parsed, so before any iframe can exist), and
 *   from then on accepts only that load key. A page that once held the window key (a weaker
 *   origin shown earlier in the same window) cannot hand it to a frame of a later page.
 *
 * Posts and requests without the right key are dropped unanswered.
 * @module
 */

/** Hex characters in each half of the key. */
const HALF = 32;

/** A fresh window key (128 random bits, hex: safe in JSON, JS strings and HTTP headers). */
export function newWindowKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(HALF / 2));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** What the UI thread keeps per window to check keys. */
export interface KeyedWindow {
  /** The window key given at creation. */
  key: string;
  /** The current page load's key, once its top frame said hello; undefined after a commit. */
  loadKey?: string;
  /** Posts dropped since the last commit (reported once per load). */
  dropped?: boolean;
}

/** A new document was committed in the window: the next hello claims the load. */
export function newLoad(win: KeyedWindow): void {
  win.loadKey = undefined;
  win.dropped = false;
}

/**
 * Checks a post's params text, `["<window key><load key>",…messages]`, and returns the
 * messages as a JSON array text without the key, or undefined to drop the post.
 */
export function unwrapPost(win: KeyedWindow, req: string): string | undefined {
  // Plain string tests: this runs on every post, the bridge's hottest path.
  if (req.charCodeAt(0) !== 91 /* [ */ || req.charCodeAt(1) !== 34 /* " */) return undefined;
  if (!req.startsWith(win.key, 2)) return undefined;
  const at = 2 + win.key.length;
  const end = at + HALF;
  if (req.charCodeAt(end) !== 34) return undefined;
  const load = req.slice(at, end);
  if (!/^[0-9a-f]+$/.test(load)) return undefined;
  if (win.loadKey === undefined) {
    // Only the top frame's first message of a load, its hello, may claim it.
    if (!req.startsWith(',{"k":"hello"', end + 1)) return undefined;
    win.loadKey = load;
  } else if (load !== win.loadKey) return undefined;
  return req.charCodeAt(end + 1) === 44 /* , */ ? "[" + req.slice(end + 2) : "[]";
}

/** Whether an `__ipc` request's `x-panes-key` header is the current load's whole key. */
export function ipcKeyOk(win: KeyedWindow, header: string | undefined): boolean {
  return win.loadKey !== undefined && header === win.key + win.loadKey;
}
