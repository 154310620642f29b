/**
 * How results and binary payloads travel to a page: inline in a message, as base64, parked on
 * the transport for the page to fetch once (`panes://app/__ipc/take/…`), as the response of
 * the invoke's own POST, or over the binary lane's socket.
 * @module
 */

import type { HostMessage } from "./messages.ts";
import type { PageTransport } from "./peer.ts";

/** Results and channel payloads at least this large go through `park` when the page can fetch them. */
export const PARK_THRESHOLD = 32 * 1024;

/** How a binary payload travels inside a host message. */
export type BytesRef = { b64: string } | { fetch: string } | { lane: string };

/** What sending a result needs from the page's peer. */
export interface ResultRoute {
  /** The window's label (for logs). */
  label: string;
  /** The page's transport (its optional `park` and `answerPost` fast paths). */
  transport: PageTransport;
  /** Whether the page can fetch parked payloads (a `panes://app/` page on a transport that parks). */
  canPark(): boolean;
  /** Queues a message for the page. */
  send(message: HostMessage): void;
  /** Answers a held POST empty. */
  releasePost(post: number | undefined): void;
}

/** How `bytes` should travel to the page: parked for a fetch when large, else base64. */
export function bytesRef(route: ResultRoute, bytes: Uint8Array): BytesRef {
  if (bytes.length >= PARK_THRESHOLD && route.canPark()) {
    const lane = laneKeyFor(route, bytes.length);
    if (lane !== undefined) return { lane: route.transport.laneSend!(lane, bytes) };
    return { fetch: route.transport.park!(bytes, "application/octet-stream") };
  }
  return { b64: bytes.toBase64() };
}

/**
 * Results at least this large take the binary lane when the page can reach it. Measured with the
 * WebSocket lane (docs/performance.md): equal to `panes://` at 64–256 KiB, faster from 512 KiB on
 * (1 MiB echo 14–16 ms → 9–10 ms).
 */
export const LANE_THRESHOLD = 256 * 1024;

/**
 * The page key to send a payload of `size` bytes to over the binary lane, when it should go there:
 * large, and the page has its lane open. Not smaller ones: one socket takes them one after the
 * other, where panes:// fetches run side by side (a channel of 64 KiB messages ran at half the
 * rate over the lane in the quick bench).
 */
function laneKeyFor(route: ResultRoute, size: number): string | undefined {
  if (size < LANE_THRESHOLD || !route.transport.laneSend) return undefined;
  return route.transport.laneKey?.();
}

/** Sends the successful result `v` of invoke `i` (`post`: the invoke came as a POST). */
export function sendResult(
  route: ResultRoute,
  i: number,
  cmd: string,
  v: unknown,
  post?: number,
): void {
  // A POST-borne invoke gets a large or binary result as that POST's response: no second
  // request, and the message only says it is there (keeping its place among other messages).
  // A very large one, of a POST or of a message, goes over the binary lane instead while the page
  // has it open (transports/native/binary_lane.ts): sent first, so it travels while the answer
  // that names it crosses to the page.
  const viaPost = post !== undefined && route.transport.answerPost !== undefined;
  const bytes = v instanceof Uint8Array
    ? v
    : v instanceof ArrayBuffer
    ? new Uint8Array(v)
    : undefined;
  if (bytes) {
    const lane = laneKeyFor(route, bytes.length);
    if (lane !== undefined) {
      const key = route.transport.laneSend!(lane, bytes);
      route.releasePost(post);
      return route.send({ k: "res", i, ok: true, lane: key });
    }
    if (viaPost) {
      route.transport.answerPost!(post, bytes, "application/octet-stream");
      return route.send({ k: "res", i, ok: true, post: true });
    }
    return route.send({ k: "res", i, ok: true, ...bytesRef(route, bytes) });
  }
  const value = v === undefined ? null : v;
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    console.error(
      `panes: window "${route.label}": the result of "${cmd}" cannot be sent as JSON:`,
      e,
    );
    route.releasePost(post);
    return route.send({
      k: "res",
      i,
      ok: false,
      err: { message: `the result of "${cmd}" cannot be sent as JSON`, code: "internal" },
    });
  }
  const lane = laneKeyFor(route, json.length);
  if (lane !== undefined) {
    const key = route.transport.laneSend!(lane, new TextEncoder().encode(json));
    route.releasePost(post);
    return route.send({ k: "res", i, ok: true, lane: key, json: true });
  }
  if (viaPost) {
    if (json.length >= PARK_THRESHOLD) {
      route.transport.answerPost!(post, new TextEncoder().encode(json), "application/json");
      return route.send({ k: "res", i, ok: true, post: true, json: true });
    }
    route.releasePost(post);
  }
  if (route.canPark() && json.length >= PARK_THRESHOLD) {
    const key = route.transport.park!(new TextEncoder().encode(json), "application/json");
    return route.send({ k: "res", i, ok: true, fetch: key, json: true });
  }
  route.send({ k: "res", i, ok: true, v: value });
}
