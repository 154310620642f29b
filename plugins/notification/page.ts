/**
 * `panes.notification` and a `window.Notification` that goes through the
 * plugin (what `@tauri-apps/plugin-notification`'s `sendNotification` uses).
 * @module
 */

/** Runs in the page. */
export function installNotificationApi(): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const invoke = (cmd: string, args?: unknown) =>
    (w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown) => Promise<unknown>)(
      "plugin:notification|" + cmd,
      args,
    );
  const notify = (options: Record<string, unknown>) => invoke("notify", { options });
  class PanesNotification {
    static permission = "granted";
    static requestPermission(): Promise<string> {
      return Promise.resolve("granted");
    }
    title: string;
    body: string;
    /** Settles when the host has handed the notification to the notification server. */
    sent: Promise<unknown>;
    onerror: ((e: unknown) => void) | null = null;
    constructor(title: string, options: Record<string, unknown> = {}) {
      this.title = title;
      this.body = (options.body as string) ?? "";
      this.sent = notify({ ...options, title });
      // A failure reaches onerror when set; otherwise it surfaces as a page error (window:error).
      this.sent.catch((e) => {
        if (this.onerror) this.onerror(e);
        else throw e;
      });
    }
    close(): void {}
  }
  Object.defineProperty(window, "Notification", {
    value: PanesNotification,
    configurable: true,
    writable: true,
  });
  const api = {
    isPermissionGranted: () => Promise.resolve(true),
    requestPermission: () => Promise.resolve("granted"),
    /** Unlike the guest package, returns a promise that settles when the host has sent it. */
    sendNotification: (options: string | Record<string, unknown>) =>
      notify(typeof options === "string" ? { title: options } : options).then(() => undefined),
    removeActive: (notifications: Array<{ id: number }>) =>
      invoke("remove_active", { notifications }).then(() => undefined),
  };
  w.panes.notification = api;
  (w.__TAURI__ ??= {}).notification = api;
}
