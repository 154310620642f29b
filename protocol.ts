/**
 * The wire between host and page, for custom pages and transports: invoke
 * requests and answers, host messages, wire errors, and the host-side pieces
 * that `App`'s own signatures name (the event registry, the page peer).
 *
 * @example Answering an invoke request by hand
 * ```ts
 * import type { InvokeAnswer, InvokeRequest } from "@panes/panes/protocol";
 *
 * function answer(req: InvokeRequest): InvokeAnswer {
 *   return req.cmd === "ping"
 *     ? { ok: true, value: "pong" }
 *     : { ok: false, error: { message: `unknown command "${req.cmd}"`, code: "unknown-command" } };
 * }
 * ```
 * @module
 */

export type { HostMessage, WireError } from "./bridge/messages.ts";
export type { BytesRef, InvokeAnswer, InvokeRequest, PagePeer } from "./bridge/peer.ts";
export type { DispatchContext } from "./bridge/commands.ts";
export type { ChannelSink } from "./bridge/channel.ts";
export type { EventHandler, LabelRegistry } from "./bridge/registry.ts";
