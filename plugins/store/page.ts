/** `panes.store`: `load(path, options)` → a store with Tauri's `Store` methods. @module */

/** Runs in the page. */
export function installStoreApi(): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const raw = w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown) => Promise<unknown>;
  const invoke = (cmd: string, args?: unknown) => raw("plugin:store|" + cmd, args);
  const wrap = (rid: number) => ({
    rid,
    set: (key: string, value: unknown) => invoke("set", { rid, key, value }).then(() => undefined),
    get: (key: string) =>
      invoke("get", { rid, key }).then((r) => {
        const [v, exists] = r as [unknown, boolean];
        return exists ? v : undefined;
      }),
    has: (key: string) => invoke("has", { rid, key }),
    delete: (key: string) => invoke("delete", { rid, key }),
    clear: () => invoke("clear", { rid }).then(() => undefined),
    reset: () => invoke("reset", { rid }).then(() => undefined),
    keys: () => invoke("keys", { rid }),
    values: () => invoke("values", { rid }),
    entries: () => invoke("entries", { rid }),
    length: () => invoke("length", { rid }),
    reload: () => invoke("reload", { rid }).then(() => undefined),
    save: () => invoke("save", { rid }).then(() => undefined),
    // close goes through the resources plugin, as Tauri's Resource.close does.
    close: () => raw("plugin:resources|close", { rid }).then(() => undefined),
  });
  const api = {
    load: (path: string, options?: unknown) =>
      invoke("load", { path, options }).then((rid) => wrap(rid as number)),
    getStore: (path: string) =>
      invoke("get_store", { path }).then((rid) => rid ? wrap(rid as number) : null),
  };
  w.panes.store = api;
  (w.__TAURI__ ??= {}).store = api;
}
