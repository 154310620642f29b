/** `panes.http.fetch(input, init)`, as `@tauri-apps/plugin-http`'s `fetch`. @module */

/** Runs in the page. */
export function installHttpApi(): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const invoke = w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown) => Promise<unknown>;
  const CANCELLED = "Request cancelled";
  type Init = RequestInit & { maxRedirections?: number; connectTimeout?: number };
  const fetchFn = async (input: RequestInfo | URL, init?: Init): Promise<Response> => {
    const signal = init?.signal;
    if (signal?.aborted) throw new Error(CANCELLED);
    const { maxRedirections, connectTimeout, ...rest } = init ?? {};
    const req = new Request(input, rest);
    const buffer = await req.arrayBuffer();
    const data = buffer.byteLength ? Array.from(new Uint8Array(buffer)) : null;
    const headers = new Headers(rest.headers ?? undefined);
    for (const [k, v] of req.headers) if (!headers.has(k)) headers.set(k, v);
    const rid = await invoke("plugin:http|fetch", {
      clientConfig: {
        method: req.method,
        url: req.url,
        headers: [...headers],
        data,
        maxRedirections,
        connectTimeout,
      },
    });
    const abort = () => invoke("plugin:http|fetch_cancel", { rid }).catch(() => {});
    if (signal?.aborted) {
      void abort();
      throw new Error(CANCELLED);
    }
    signal?.addEventListener("abort", () => void abort());
    const sent = await invoke("plugin:http|fetch_send", { rid }) as {
      status: number;
      statusText: string;
      url: string;
      headers: [string, string][];
      rid: number;
    };
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      invoke("plugin:http|fetch_cancel_body", { rid: sent.rid }).catch(() => {});
    };
    const body = [101, 103, 204, 205, 304].includes(sent.status) ? null : new ReadableStream({
      start: (c) => signal?.addEventListener("abort", () => (c.error(CANCELLED), drop())),
      pull: async (c) => {
        let chunk: Uint8Array;
        try {
          chunk = new Uint8Array(
            await invoke("plugin:http|fetch_read_body", { rid: sent.rid }) as ArrayBuffer,
          );
        } catch (e) {
          c.error(e);
          drop();
          return;
        }
        if (chunk[chunk.byteLength - 1] === 1) {
          dropped = true; // the host closed it
          c.close();
        } else c.enqueue(chunk.slice(0, chunk.byteLength - 1));
      },
      cancel: drop,
    });
    const res = new Response(body, { status: sent.status, statusText: sent.statusText });
    Object.defineProperty(res, "url", { value: sent.url });
    Object.defineProperty(res, "headers", { value: new Headers(sent.headers) });
    return res;
  };
  const api = { fetch: fetchFn };
  w.panes.http = api;
  (w.__TAURI__ ??= {}).http = api;
}
