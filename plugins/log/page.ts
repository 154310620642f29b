/** `panes.log`: trace, debug, info, warn, error. @module */

/** Runs in the page. */
export function installLogApi(): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const invoke = w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown) => Promise<unknown>;
  const log = (level: number) =>
  (
    message: string,
    options?: { file?: string; line?: number; keyValues?: Record<string, string> },
  ) =>
    invoke("plugin:log|log", {
      level,
      message,
      location: undefined,
      file: options?.file,
      line: options?.line,
      keyValues: options?.keyValues,
    })
      .then(() => undefined);
  const api = { trace: log(1), debug: log(2), info: log(3), warn: log(4), error: log(5) };
  w.panes.log = api;
  (w.__TAURI__ ??= {}).log = api;
}
