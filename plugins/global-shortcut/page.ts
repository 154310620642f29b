/** `panes.globalShortcut` (and `__TAURI__.globalShortcut`), as `@tauri-apps/plugin-global-shortcut`. @module */

/** Runs in the page. */
export function installGlobalShortcutApi(): void {
  type Invoke = (cmd: string, args?: unknown) => Promise<unknown>;
  const w = window as unknown as Record<string, Record<string, unknown>>;
  // Through Tauri's internals, as the guest package calls it: errors reject as Tauri's (strings).
  const invoke = w.__TAURI_INTERNALS__.invoke as Invoke;
  const PanesChannel = w.panes.Channel as unknown as new (fn: (m: unknown) => void) => unknown;
  const list = (s: string | string[]) => Array.isArray(s) ? s : [s];
  const api = {
    register: (shortcuts: string | string[], handler: (e: unknown) => void) =>
      invoke("plugin:global-shortcut|register", {
        shortcuts: list(shortcuts),
        handler: new PanesChannel(handler),
      }).then(() => undefined),
    registerAll: (shortcuts: string[], handler: (e: unknown) => void) =>
      invoke("plugin:global-shortcut|register_all", {
        shortcuts: list(shortcuts),
        handler: new PanesChannel(handler),
      }).then(() => undefined),
    unregister: (shortcuts: string | string[]) =>
      invoke("plugin:global-shortcut|unregister", { shortcuts: list(shortcuts) })
        .then(() => undefined),
    unregisterAll: () => invoke("plugin:global-shortcut|unregister_all", {}).then(() => undefined),
    isRegistered: (shortcut: string) =>
      invoke("plugin:global-shortcut|is_registered", { shortcut }),
  };
  w.panes.globalShortcut = api;
  (w.__TAURI__ ??= {}).globalShortcut = api;
}
