/** `panes.dialog`: open, save, message, ask, confirm (as `@tauri-apps/plugin-dialog`). @module */

/** Runs in the page. */
export function installDialogApi(): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const invoke = (cmd: string, args?: unknown) =>
    (w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown) => Promise<unknown>)(
      "plugin:dialog|" + cmd,
      args,
    );
  type Opts = { title?: string; kind?: string; okLabel?: string; cancelLabel?: string } | string;
  const norm = (o?: Opts) => typeof o === "string" ? { title: o } : o ?? {};
  const api = {
    open: (options: unknown = {}) => invoke("open", { options }),
    save: (options: unknown = {}) => invoke("save", { options }),
    message: (message: string, options?: Opts) => {
      const o = norm(options);
      return invoke("message", {
        message,
        title: o.title,
        kind: o.kind,
        buttons: o.okLabel ? { OkCustom: o.okLabel } : undefined,
      });
    },
    ask: (message: string, options?: Opts) => {
      const o = norm(options);
      const ok = o.okLabel ?? "Yes";
      return invoke("message", {
        message,
        title: o.title,
        kind: o.kind,
        buttons: o.okLabel || o.cancelLabel
          ? { OkCancelCustom: [ok, o.cancelLabel ?? "No"] }
          : "YesNo",
      }).then((r) => r === ok);
    },
    confirm: (message: string, options?: Opts) => {
      const o = norm(options);
      const ok = o.okLabel ?? "Ok";
      return invoke("message", {
        message,
        title: o.title,
        kind: o.kind,
        buttons: o.okLabel || o.cancelLabel
          ? { OkCancelCustom: [ok, o.cancelLabel ?? "Cancel"] }
          : "OkCancel",
      }).then((r) => r === ok);
    },
  };
  w.panes.dialog = api;
  (w.__TAURI__ ??= {}).dialog = api;
}
