/**
 * `panes.fs` (and `__TAURI__.fs`): the functions of `@tauri-apps/plugin-fs`
 * without a bundler. Runs in the page; serialised with Function.toString.
 * @module
 */

/** Runs in the page. */
export function installFsApi(): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const invoke = (cmd: string, args?: unknown, options?: unknown) =>
    (w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown, o?: unknown) => Promise<unknown>)(
      "plugin:fs|" + cmd,
      args,
      options,
    );
  const str = (p: unknown) => p instanceof URL ? p.toString() : p as string;
  const bytes = (v: unknown) =>
    v instanceof ArrayBuffer ? new Uint8Array(v) : Uint8Array.from(v as number[]);
  const info = (r: Record<string, unknown>) => ({
    ...r,
    mtime: r.mtime !== null ? new Date(r.mtime as number) : null,
    atime: r.atime !== null ? new Date(r.atime as number) : null,
    birthtime: r.birthtime !== null ? new Date(r.birthtime as number) : null,
  });
  const write = (cmd: string, path: unknown, data: Uint8Array, options?: unknown) =>
    invoke(cmd, data, {
      headers: { path: encodeURIComponent(str(path)), options: JSON.stringify(options) },
    }).then(() => undefined);
  const api = {
    BaseDirectory: {
      Audio: 1,
      Cache: 2,
      Config: 3,
      Data: 4,
      LocalData: 5,
      Document: 6,
      Download: 7,
      Picture: 8,
      Public: 9,
      Video: 10,
      Resource: 11,
      Temp: 12,
      AppConfig: 13,
      AppData: 14,
      AppLocalData: 15,
      AppCache: 16,
      AppLog: 17,
      Desktop: 18,
      Executable: 19,
      Font: 20,
      Home: 21,
      Runtime: 22,
      Template: 23,
    },
    readFile: (path: unknown, options?: unknown) =>
      invoke("read_file", { path: str(path), options }).then(bytes),
    readTextFile: (path: unknown, options?: { encoding?: string }) =>
      invoke("read_text_file", { path: str(path), options }).then((b) =>
        new TextDecoder(options?.encoding ?? "utf-8").decode(bytes(b))
      ),
    writeFile: (path: unknown, data: Uint8Array, options?: unknown) =>
      write("write_file", path, data, options),
    writeTextFile: (path: unknown, data: string, options?: unknown) =>
      write("write_text_file", path, new TextEncoder().encode(data), options),
    exists: (path: unknown, options?: unknown) => invoke("exists", { path: str(path), options }),
    mkdir: (path: unknown, options?: unknown) =>
      invoke("mkdir", { path: str(path), options }).then(() => undefined),
    readDir: (path: unknown, options?: unknown) => invoke("read_dir", { path: str(path), options }),
    remove: (path: unknown, options?: unknown) =>
      invoke("remove", { path: str(path), options }).then(() => undefined),
    rename: (oldPath: unknown, newPath: unknown, options?: unknown) =>
      invoke("rename", { oldPath: str(oldPath), newPath: str(newPath), options }).then(() =>
        undefined
      ),
    copyFile: (fromPath: unknown, toPath: unknown, options?: unknown) =>
      invoke("copy_file", { fromPath: str(fromPath), toPath: str(toPath), options }).then(() =>
        undefined
      ),
    stat: (path: unknown, options?: unknown) =>
      invoke("stat", { path: str(path), options }).then((r) => info(r as Record<string, unknown>)),
    lstat: (path: unknown, options?: unknown) =>
      invoke("lstat", { path: str(path), options }).then((r) => info(r as Record<string, unknown>)),
    size: (path: unknown, options?: unknown) => invoke("size", { path: str(path), options }),
    truncate: (path: unknown, len?: number, options?: unknown) =>
      invoke("truncate", { path: str(path), len, options }).then(() => undefined),
  };
  w.panes.fs = api;
  (w.__TAURI__ ??= {}).fs = api;
}
