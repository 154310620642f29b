/** `panes.deepLink` (and `__TAURI__.deepLink`), as `@tauri-apps/plugin-deep-link`. @module */

/** Runs in the page. */
export function installDeepLinkApi(): void {
  type Invoke = (cmd: string, args?: unknown) => Promise<unknown>;
  const w = window as unknown as Record<string, Record<string, unknown>>;
  // Through Tauri's internals, as the guest package calls it: errors reject as Tauri's (strings).
  const invoke = w.__TAURI_INTERNALS__.invoke as Invoke;
  const listen = (w.__TAURI__?.event as Record<string, unknown> | undefined)?.listen as
    | ((e: string, fn: (ev: { payload: unknown }) => void) => Promise<() => void>)
    | undefined;
  const api = {
    getCurrent: () => invoke("plugin:deep-link|get_current"),
    register: (protocol: string) =>
      invoke("plugin:deep-link|register", { protocol }).then(() => undefined),
    unregister: (protocol: string) =>
      invoke("plugin:deep-link|unregister", { protocol }).then(() => undefined),
    isRegistered: (protocol: string) => invoke("plugin:deep-link|is_registered", { protocol }),
    onOpenUrl: (handler: (urls: string[]) => void) => {
      if (!listen) return Promise.reject(new Error("deep-link: no event API in this page"));
      return listen("deep-link://new-url", (e) => handler(e.payload as string[]));
    },
  };
  w.panes.deepLink = api;
  (w.__TAURI__ ??= {}).deepLink = api;
}
