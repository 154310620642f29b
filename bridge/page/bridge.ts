/**
 * The page side of panes: `window.panes` (and the `pywry` / `__TAURI__`
 * aliases), injected into every page before its own scripts, as ONE script
 * assembled from self-contained pieces that run in the page, not in Deno:
 *
 * - core.ts: the keys, posts, the event registry, callbacks, host messages, `panes` itself;
 * - invoke.ts: `invoke` and the `panes://app/__ipc/` fast path;
 * - channels.ts: `Channel`;
 * - tauri.ts: Tauri-style events and the `__TAURI__` / `__TAURI_INTERNALS__` / pytauri globals;
 * - builtins.ts: the built-in `panes:*` events;
 * - socket_link.ts: the browser transport's WebSocket (browser pages only).
 *
 * The core builds a context object that it hands to each piece in order; the context and the
 * keys live only in the script's closures (ffi/page_key.ts), never where page scripts reach.
 * @module
 */

import { matchKeys, PYWRY_EVENT_PATTERN, TAURI_EVENT_PATTERN } from "../event_names.ts";
import { installBuiltins } from "./builtins.ts";
import { installChannels } from "./channels.ts";
import type { BridgeConfig } from "./context.ts";
import { installCore } from "./core.ts";
import { installInvoke } from "./invoke.ts";
import { socketLink } from "./socket_link.ts";
import { installTauri } from "./tauri.ts";

export type { BridgeConfig };

/** The script injected into a window's pages (`webview_init`). */
export function pageBridgeScript(
  cfg: Omit<BridgeConfig, "pywryPattern" | "tauriPattern">,
): string {
  const full: BridgeConfig = {
    ...cfg,
    pywryPattern: PYWRY_EVENT_PATTERN.source,
    tauriPattern: TAURI_EVENT_PATTERN.source,
  };
  const link = cfg.socket ? String(socketLink) : "null";
  // Order matters: each piece may use what the ones before it put on the context.
  return `(() => {
const ctx = (${installCore})(${JSON.stringify(full)}, ${matchKeys});
if (!ctx) return;
(${installInvoke})(ctx);
(${installChannels})(ctx);
(${installTauri})(ctx);
(${installBuiltins})(ctx.panes, ctx.cfg);
ctx.start(${link});
})();`;
}
