/** `panes.process`: exit(code), relaunch(). @module */

/** Runs in the page. */
export function installProcessApi(): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const invoke = w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown) => Promise<unknown>;
  const api = {
    exit: (code = 0) => invoke("plugin:process|exit", { code }).then(() => undefined),
    relaunch: () => invoke("plugin:process|restart").then(() => undefined),
  };
  w.panes.process = api;
  (w.__TAURI__ ??= {}).process = api;
}
