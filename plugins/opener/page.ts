/** `panes.opener`: openUrl, openPath, revealItemInDir. @module */

/** Runs in the page. */
export function installOpenerApi(): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const invoke = (cmd: string, args?: unknown) =>
    (w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown) => Promise<unknown>)(
      "plugin:opener|" + cmd,
      args,
    );
  const api = {
    openUrl: (url: string | URL, openWith?: string) =>
      invoke("open_url", { url: String(url), with: openWith }).then(() => undefined),
    openPath: (path: string, openWith?: string) =>
      invoke("open_path", { path, with: openWith }).then(() => undefined),
    revealItemInDir: (path: string | string[]) =>
      invoke("reveal_item_in_dir", { paths: typeof path === "string" ? [path] : path }),
  };
  w.panes.opener = api;
  (w.__TAURI__ ??= {}).opener = api;
}
