/**
 * `panes.invoke` in the page: a command call and its answer, and the `panes://app/__ipc/` fast
 * path (native windows): large and binary bodies go up as a POST, large and binary results come
 * back as that POST's response or are taken from where the host parked them. Runs in the page,
 * serialised by bridge.ts: it must not refer to anything outside its own body and parameters.
 * @module
 */

import type { ErrorShape, HostMessage, PageContext } from "./context.ts";

/** Runs in the page: sets `ctx.invoke`, `ctx.take`, `panes.invoke` and answers (`res`). */
export function installInvoke(ctx: PageContext): void {
  const { send, flush, ipcFetch, isBytes, fromB64 } = ctx;
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; post?: Promise<Response> }
  >();
  let nextInvoke = 1;
  const toError = (e: ErrorShape): Error => {
    const err = new Error(e.message) as Error & { code?: string; data?: unknown };
    err.code = e.code;
    if (e.data !== undefined) err.data = e.data;
    if (e.stack) err.stack = e.stack;
    // What the Tauri path rejects with instead: Tauri's own words when the host sent them (a
    // refusal), else the message, as Tauri's plugins serialize their errors.
    ctx.tauriErrors.set(err, typeof e.tauri === "string" ? e.tauri : e.message);
    return err;
  };
  const bytesOf = (v: ArrayBuffer | ArrayBufferView): Uint8Array =>
    v instanceof ArrayBuffer
      ? new Uint8Array(v)
      : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  const fastPath = location.protocol === "panes:" && location.host === "app";
  const FAST_JSON = 32 * 1024;
  // The binary lane (native windows): large results and channel payloads come over one WebSocket
  // per page load (transports/native/binary_lane.ts). The page opens it with its first
  // POST or first large result; the host uses it only while the socket is open (so a CSP of the
  // app's own that refuses it leaves everything on panes://).
  const lane = fastPath && typeof ctx.cfg.lane === "string" ? ctx.cfg.lane : "";
  let laneState = 0; // 0: not open, 1: opening, 2: the lane said "ok", 3: not usable
  let laneWs: WebSocket | undefined;
  // The lane numbers its sockets ("ok <serial>") and starts each payload id with that number, so an
  // answer naming a payload of a socket that has closed fails at once instead of waiting for a
  // payload that the socket open now will never carry.
  let laneSerial = "";
  // Payloads come over the socket unasked, each labelled with an id that the invoke's answer (or
  // the channel message) also names; whichever of the two arrives first waits for the other.
  const laneWaiting = new Map<
    string,
    { resolve: (b: ArrayBuffer) => void; reject: (e: Error) => void }
  >();
  const laneArrived = new Map<string, ArrayBuffer>();
  // The payload being received: its id, the messages still to come, and where its pieces go. A
  // payload of several messages is copied into one buffer as each piece arrives, so the copy
  // overlaps the transfer of the next ones (copying all 16 pieces of 16 MiB after the last one
  // took 10–20 ms, docs/performance.md); a payload of one message is kept as it came.
  let laneCur:
    | { id: string; left: number; size: number; all?: Uint8Array; at: number; one?: ArrayBuffer }
    | undefined;
  const ofThisSocket = (id: string) => id.slice(0, id.indexOf(".")) === laneSerial;
  const laneClosedEarly = () =>
    new Error("panes.invoke: the binary lane closed before the result arrived");
  const laneFail = (why: string) => {
    for (const t of laneWaiting.values()) t.reject(new Error(`panes.invoke: ${why}`));
    laneWaiting.clear();
    laneArrived.clear();
    laneCur = undefined;
  };
  // Not what this bridge's lane sends: nothing more from it is trusted (closing it fails the rest).
  const laneBroken = (why: string) => {
    laneFail(why);
    laneWs?.close();
  };
  const laneMessage = (data: unknown) => {
    if (typeof data !== "string") {
      const cur = laneCur;
      if (!cur) return;
      const piece = data as ArrayBuffer;
      if (cur.all) {
        if (cur.at + piece.byteLength > cur.size) {
          return laneBroken("the binary lane sent more bytes than it announced");
        }
        cur.all.set(new Uint8Array(piece), cur.at);
        cur.at += piece.byteLength;
      } else cur.one = piece;
      if (--cur.left > 0) return;
      laneCur = undefined;
      const { id } = cur;
      const buf = cur.all ? cur.all.buffer as ArrayBuffer : cur.one!;
      if ((cur.all ? cur.at : buf.byteLength) !== cur.size) {
        return laneBroken("the binary lane sent fewer bytes than it announced");
      }
      const t = laneWaiting.get(id);
      if (!t) return void laneArrived.set(id, buf);
      laneWaiting.delete(id);
      return t.resolve(buf);
    }
    if (laneState === 1) {
      const ok = /^ok (\d+)$/.exec(data);
      if (!ok) return laneBroken("the binary lane did not say ok");
      laneSerial = ok[1];
      laneState = 2;
      for (const [id, t] of laneWaiting) {
        if (!ofThisSocket(id)) laneWaiting.delete(id), t.reject(laneClosedEarly());
      }
      return;
    }
    // `<id> <n> <size>`: a payload of n messages, size bytes in all, that comes next.
    const head = /^(\d+\.[\w-]+) ([1-9]\d{0,5}) (\d{1,15})$/.exec(data);
    if (!head) return laneBroken("the binary lane sent a malformed header");
    if (laneCur) return laneBroken("the binary lane started a payload inside another");
    const n = Number(head[2]), size = Number(head[3]);
    let all: Uint8Array | undefined;
    try {
      if (n > 1) all = new Uint8Array(size);
    } catch {
      return laneBroken(`the page cannot hold a payload of ${size} bytes`);
    }
    laneCur = { id: head[1], left: n, size, at: 0, all };
  };
  /** Opens the lane once there is a reason to (a POST, a large result). */
  const laneOpen = (): void => {
    if (!lane || laneState !== 0) return;
    laneState = 1;
    laneSerial = "";
    let ws: WebSocket;
    try {
      ws = laneWs = ctx.laneSocket(`${lane}/ws`);
    } catch {
      laneState = 3; // refused by the CSP
      return;
    }
    ws.binaryType = "arraybuffer";
    ws.onmessage = (e) => laneMessage(e.data);
    ws.onclose = () => {
      if (laneWs !== ws) return;
      laneWs = undefined;
      // Never usable (a CSP without the lane): stay on panes://. Closed later (a new load key):
      // open again when there is a reason to.
      laneState = laneState === 2 ? 0 : 3;
      laneFail("the binary lane closed before the result arrived");
    };
  };
  const laneTake = (id: string): Promise<ArrayBuffer> =>
    new Promise((resolve, reject) => {
      const got = laneArrived.get(id);
      if (got) {
        laneArrived.delete(id);
        return resolve(got);
      }
      // The host sends only while this page's socket is open; closed, nothing more will come.
      if (!laneWs || laneWs.readyState !== 1) {
        return reject(new Error("panes.invoke: the binary lane is not open"));
      }
      // Before the socket's "ok" its number is not known yet: the check is made when it comes.
      if (laneState === 2 && !ofThisSocket(id)) return reject(laneClosedEarly());
      laneWaiting.set(id, { resolve, reject });
    });
  const take = (key: string): Promise<ArrayBuffer> =>
    ipcFetch(`/__ipc/take/${key}`).then((r) => {
      // 404: taken or dropped with its window; 403: refused (not this window's current page).
      if (!r.ok) throw new Error(r.status === 404 ? "payload expired" : "refused");
      return r.arrayBuffer();
    });
  const invoke = (
    cmd: string,
    body?: unknown,
    options?: { headers?: unknown },
  ): Promise<unknown> => {
    if (typeof cmd !== "string" || !cmd) {
      return Promise.reject(
        new TypeError("panes.invoke: the command name must be a non-empty string"),
      );
    }
    const i = nextInvoke++;
    const headers = options && options.headers
      ? Object.fromEntries(
        options.headers instanceof Headers
          ? [...options.headers.entries()]
          : Object.entries(options.headers as Record<string, string>),
      )
      : undefined;
    const msg: Record<string, unknown> = { k: "inv", i, c: cmd, h: headers };
    let upload: { data: Uint8Array | string; kind: string } | undefined;
    try {
      if (isBytes(body)) {
        if (fastPath) upload = { data: bytesOf(body), kind: "bytes" };
        else msg.b64 = (bytesOf(body) as Uint8Array & { toBase64(): string }).toBase64();
      } else {
        // Bytes inside a JSON body go as arrays of numbers, as Tauri's IPC sends them
        // (`Image.fromBytes(buffer)`, `Image.new(rgba, …)`): plain JSON would make an
        // ArrayBuffer `{}` and a Uint8Array an object keyed "0", "1", ….
        const json = JSON.stringify(
          body === undefined ? null : body,
          (_k, v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Array.from(bytesOf(v)) : v,
        );
        if (fastPath && json.length >= FAST_JSON) upload = { data: json, kind: "json" };
        else msg.b = JSON.parse(json);
      }
    } catch (e) {
      return Promise.reject(
        new TypeError(`panes.invoke(${cmd}): the body cannot be sent: ${(e as Error).message}`),
      );
    }
    ctx.beforeInvoke(cmd, body);
    return new Promise((resolve, reject) => {
      const entry: { resolve: typeof resolve; reject: typeof reject; post?: Promise<Response> } = {
        resolve,
        reject,
      };
      pending.set(i, entry);
      if (!upload) return send(msg);
      // Large and binary bodies go over panes:// as a POST: no base64, no escaping into JS source.
      const data = typeof upload.data === "string"
        ? new TextEncoder().encode(upload.data)
        : upload.data;
      // Keep order with messages queued before this invoke: they go now, and the POST says how
      // many posts came before it (WebKit may deliver it first; the UI thread then holds it).
      const after = flush();
      laneOpen(); // a large body: large results may follow
      // The POST stays open until the host answers: a large or binary result is its response.
      const post = entry.post = ipcFetch("/__ipc/invoke", {
        method: "POST",
        body: data,
        headers: {
          "x-panes-i": String(i),
          "x-panes-c": encodeURIComponent(cmd),
          "x-panes-h": encodeURIComponent(JSON.stringify(headers ?? {})),
          "x-panes-kind": upload.kind,
          "x-panes-len": String(data.byteLength),
          "x-panes-after": String(after),
        },
      });
      post.then((r) => {
        // Refused on the UI thread (this page is no longer the window's, or never said hello):
        // no answer will come (ffi/ui/ipc_scheme.ts, serveIpc).
        if (r.status !== 403) return;
        if (pending.get(i) !== entry) return;
        pending.delete(i);
        reject(
          new Error(`panes.invoke(${cmd}): refused: this page is not the window's current page`),
        );
      }, (e) => {
        if (pending.get(i) !== entry) return; // answered: a failed response is handled there
        pending.delete(i);
        reject(new Error(`panes.invoke(${cmd}): the body could not be sent: ${e}`));
      });
    }).then((v) => {
      ctx.afterInvoke(cmd, body, v);
      return v;
    });
  };

  ctx.hostKinds.res = (msg: HostMessage) => {
    const m = msg as Extract<HostMessage, { k: "res" }>;
    const p = pending.get(m.i);
    if (!p) {
      // Nobody waits (cannot happen with one answer per call): what the lane sent for it goes.
      if (m.ok && typeof m.lane === "string" && lane) laneTake(m.lane).catch(() => {});
      return;
    }
    pending.delete(m.i);
    if (!m.ok) return p.reject(toError(m.err ?? { message: "unknown error" }));
    if (m.post && p.post) {
      // The value is the response of the invoke's own POST.
      return void p.post.then((r) => r.arrayBuffer()).then(
        (buf) => p.resolve(m.json ? JSON.parse(new TextDecoder().decode(buf)) : buf),
        (e) => p.reject(e),
      );
    }
    if (typeof m.lane === "string" && lane) {
      // The value waits on the binary lane; the POST was answered empty.
      if (p.post) p.post.then((r) => r.arrayBuffer(), () => {});
      return void laneTake(m.lane).then(
        (buf) => p.resolve(m.json ? JSON.parse(new TextDecoder().decode(buf)) : buf),
        (e) => p.reject(e),
      );
    }
    if (typeof m.fetch === "string") {
      laneOpen(); // large results come to this page: the next ones may take the lane
      return void take(m.fetch).then(
        (buf) => p.resolve(m.json ? JSON.parse(new TextDecoder().decode(buf)) : buf),
        (e) => p.reject(e),
      );
    }
    p.resolve(typeof m.b64 === "string" ? fromB64(m.b64) : m.v);
  };

  ctx.invoke = invoke;
  ctx.take = take;
  ctx.laneTake = laneTake;
  ctx.panes.invoke = invoke;
}
