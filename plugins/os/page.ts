/** `panes.os` and `__TAURI_OS_PLUGIN_INTERNALS__` (what `@tauri-apps/plugin-os` reads). @module */

import type { OsFacts } from "./commands.ts";

/** Runs in the page. */
export function installOsApi(facts: OsFacts): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const invoke = w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown) => Promise<unknown>;
  w.__TAURI_OS_PLUGIN_INTERNALS__ = facts as unknown as Record<string, unknown>;
  const api = {
    eol: () => facts.eol,
    platform: () => facts.platform,
    version: () => facts.version,
    family: () => facts.family,
    type: () => facts.os_type,
    arch: () => facts.arch,
    exeExtension: () => facts.exe_extension,
    locale: () => invoke("plugin:os|locale"),
    hostname: () => invoke("plugin:os|hostname"),
  };
  w.panes.os = api;
  (w.__TAURI__ ??= {}).os = api;
}
