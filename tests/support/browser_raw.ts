/**
 * A raw HTTP/WebSocket client for the browser transport's security tests:
 * every header is under the test's control (an attacker without a browser),
 * and one-time links are exchanged for the session cookie as a browser would.
 * @module
 */

/** What the server answered. */
export interface RawAnswer {
  status: number;
  /** The response headers (lower-case names; repeated ones joined with ", "). */
  headers: Headers;
  /** The response body (plain requests only; empty for an upgrade). */
  body: string;
  /** The close code of an upgraded socket. */
  closeCode?: number;
  closeReason?: string;
  /** Text frames the server sent before closing. */
  texts: string[];
}

function maskedText(text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const len = payload.length;
  const head = len < 126 ? [0x81, 0x80 | len] : [0x81, 0x80 | 126, len >> 8, len & 255];
  const mask = crypto.getRandomValues(new Uint8Array(4));
  const out = new Uint8Array(head.length + 4 + len);
  out.set(head);
  out.set(mask, head.length);
  for (let i = 0; i < len; i++) out[head.length + 4 + i] = payload[i] ^ mask[i & 3];
  return out;
}

/**
 * Sends one request; for an upgrade, then sends `frames` and reads until the
 * server closes (or sent `untilTexts` text frames). Times out after 10 s.
 */
export async function raw(
  port: number,
  path: string,
  headers: Record<string, string>,
  frames: string[] = [],
  untilTexts = Infinity,
): Promise<RawAnswer> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const timer = setTimeout(() => conn.close(), 10_000); // a hung server fails the read below
  try {
    const lines = [
      `GET ${path} HTTP/1.1`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "upgrade")) {
      lines.push("Connection: close"); // the body ends with the connection
    }
    await conn.write(new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n"));
    let buf = new Uint8Array(0);
    const more = async () => {
      const chunk = new Uint8Array(65536);
      const n = await conn.read(chunk);
      if (n === null) return false;
      const next = new Uint8Array(buf.length + n);
      next.set(buf);
      next.set(chunk.subarray(0, n), buf.length);
      buf = next;
      return true;
    };
    let headEnd = -1;
    while ((headEnd = new TextDecoder().decode(buf).indexOf("\r\n\r\n")) < 0) {
      if (!await more()) throw new Error(`no answer to GET ${path} (connection closed)`);
    }
    const head = new TextDecoder().decode(buf.subarray(0, headEnd)).split("\r\n");
    const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head[0])?.[1] ?? 0);
    const answer: RawAnswer = { status, headers: new Headers(), body: "", texts: [] };
    for (const line of head.slice(1)) {
      const colon = line.indexOf(":");
      answer.headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
    buf = buf.subarray(headEnd + 4);
    if (status !== 101) {
      // To its length (an upgrade request keeps the connection open), else to the end.
      const length = Number(answer.headers.get("content-length") ?? Infinity);
      while (buf.length < length && await more()) { /* read on */ }
      answer.body = new TextDecoder().decode(buf.subarray(0, length));
      return answer;
    }
    for (const f of frames) await conn.write(maskedText(f));
    for (;;) {
      while (buf.length < 2 || buf.length < 2 + (buf[1] & 127)) if (!await more()) return answer;
      const op = buf[0] & 15;
      const len = buf[1] & 127; // the server's frames here are small
      const body = buf.subarray(2, 2 + len);
      buf = buf.subarray(2 + len);
      if (op === 1) answer.texts.push(new TextDecoder().decode(body));
      if (answer.texts.length >= untilTexts) return answer;
      if (op === 8) {
        answer.closeCode = (body[0] << 8) | body[1];
        answer.closeReason = new TextDecoder().decode(body.subarray(2));
        return answer;
      }
    }
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch { /* closed by the server */ }
  }
}

/** The headers of a WebSocket handshake (no Origin when `origin` is undefined). */
export function upgradeHeaders(
  host: string,
  origin: string | undefined,
  protocols: string,
  cookie?: string,
): Record<string, string> {
  const h: Record<string, string> = {
    Host: host,
    Upgrade: "websocket",
    Connection: "Upgrade",
    "Sec-WebSocket-Key": btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16)))),
    "Sec-WebSocket-Version": "13",
  };
  if (origin !== undefined) h.Origin = origin;
  if (protocols) h["Sec-WebSocket-Protocol"] = protocols;
  if (cookie !== undefined) h.Cookie = cookie;
  return h;
}

/** A one-time link's parts, and the Host header a browser would send to it. */
export function linkParts(link: string): {
  port: number;
  host: string;
  origin: string;
  /** The page's clean path, `/w/<id>`. */
  page: string;
  /** The link's path and code. */
  path: string;
} {
  const u = new URL(link);
  return {
    port: Number(u.port),
    host: u.host,
    origin: u.origin,
    page: u.pathname,
    path: u.pathname + u.search,
  };
}

/**
 * Spends a one-time link as a browser would; returns the `Cookie` header its
 * answer set (`name=value`), or throws with the status if it set none.
 */
export async function exchange(link: string): Promise<string> {
  const { port, host, path } = linkParts(link);
  const r = await raw(port, path, { Host: host });
  const set = r.headers.get("set-cookie");
  if (r.status !== 303 || !set) {
    throw new Error(`the link was not exchanged: HTTP ${r.status} ${r.body.trim()}`);
  }
  return set.split(";")[0];
}
