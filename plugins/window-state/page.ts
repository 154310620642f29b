/**
 * `panes.windowState`: StateFlags, saveWindowState, restoreState, restoreStateCurrent,
 * filename, as in `@tauri-apps/plugin-window-state`.
 * @module
 */

/** Runs in the page; `StateFlags` is the host's table (commands.ts), passed in as data. */
export function installWindowStateApi(StateFlags: Record<string, number> & { ALL: number }): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const invoke = w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown) => Promise<unknown>;
  const restoreState = (label: string, flags = StateFlags.ALL) =>
    invoke("plugin:window-state|restore_state", { label, flags }).then(() => undefined);
  const api = {
    StateFlags,
    saveWindowState: (flags = StateFlags.ALL) =>
      invoke("plugin:window-state|save_window_state", { flags }).then(() => undefined),
    restoreState,
    restoreStateCurrent: (flags = StateFlags.ALL) => restoreState(w.panes.label as string, flags),
    filename: () => invoke("plugin:window-state|filename"),
  };
  w.panes.windowState = api;
  (w.__TAURI__ ??= {}).windowState = api;
}
