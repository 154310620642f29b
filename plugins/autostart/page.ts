/** `panes.autostart` (and `__TAURI__.autostart`), as `@tauri-apps/plugin-autostart`. @module */

/** Runs in the page. */
export function installAutostartApi(): void {
  type Invoke = (cmd: string, args?: unknown) => Promise<unknown>;
  const w = window as unknown as Record<string, Record<string, unknown>>;
  // Through Tauri's internals, as the guest package calls it: errors reject as Tauri's (strings).
  const invoke = w.__TAURI_INTERNALS__.invoke as Invoke;
  const api = {
    isEnabled: () => invoke("plugin:autostart|is_enabled"),
    enable: () => invoke("plugin:autostart|enable").then(() => undefined),
    disable: () => invoke("plugin:autostart|disable").then(() => undefined),
  };
  w.panes.autostart = api;
  (w.__TAURI__ ??= {}).autostart = api;
}
