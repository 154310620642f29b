/** `panes.clipboard` / `panes.clipboardManager` (the `@tauri-apps/plugin-clipboard-manager` functions). @module */

/** Runs in the page. */
export function installClipboardApi(): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const invoke = (cmd: string, args?: unknown) =>
    (w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown) => Promise<unknown>)(
      "plugin:clipboard-manager|" + cmd,
      args,
    );
  const api = {
    writeText: (text: string, opts?: { label?: string }) =>
      invoke("write_text", { label: opts?.label, text }).then(() => undefined),
    readText: () => invoke("read_text"),
    writeHtml: (html: string, altText?: string) =>
      invoke("write_html", { html, altText }).then(() => undefined),
    clear: () => invoke("clear").then(() => undefined),
  };
  w.panes.clipboard = api;
  w.panes.clipboardManager = api;
  w.panes.clipboard_manager = api;
  (w.__TAURI__ ??= {}).clipboardManager = api;
}
