/**
 * The websocket plugin's commands, as `@tauri-apps/plugin-websocket` sends them: `connect` (checks
 * the URL scope, opens the connection from the host, streams what arrives to the page's
 * `onMessage` channel) and `send` (Text, Binary or Close).
 * @module
 */

import { z } from "zod";
import { Channel } from "../../bridge/channel.ts";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PageResource, PluginCallContext } from "../plugin.ts";
import { checkUrlScope } from "../url_scope.ts";

/** A connection that does not open within this long fails `connect`. */
const CONNECT_TIMEOUT_MS = 30_000;
/** The largest message accepted when the page does not say (Tauri's default: 64 MiB). */
const DEFAULT_MAX_MESSAGE = 64 * 1024 * 1024;

/** What the page's listeners receive, as Tauri serialises `WebSocketMessage`. */
export type WsMessage =
  | { type: "Text"; data: string }
  | { type: "Binary"; data: number[] }
  | { type: "Close"; data: { code: number; reason: string } | null };

function wsError(message: string, code = "websocket"): InvokeError {
  return new InvokeError(message, undefined, code);
}

/** One open connection, held by the page load that opened it. */
class Connection implements PageResource {
  constructor(readonly socket: WebSocket, readonly channel: Channel<WsMessage | string>) {}
  close(): void {
    // The page went away (or the connection ended): nothing more reaches it.
    if (this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000, "page closed");
    this.channel.close();
  }
}
const isConnection = (v: PageResource): v is Connection => v instanceof Connection;

const bytes = z.array(z.number().int().min(0).max(255));
const message = z.discriminatedUnion("type", [
  z.object({ type: z.literal("Text"), data: z.string() }),
  z.object({ type: z.literal("Binary"), data: bytes }),
  z.object({ type: z.literal("Ping"), data: bytes }),
  z.object({ type: z.literal("Pong"), data: bytes }),
  z.object({
    type: z.literal("Close"),
    data: z.object({ code: z.number().int(), reason: z.string() }).nullish(),
  }),
]);
const limit = z.union([z.number().int().positive(), z.literal("none")]).nullish();
const connectArgs = z.object({
  url: z.string(),
  onMessage: Channel.of<WsMessage | string>(),
  config: z.object({
    // Buffer sizes tune Tauri's Rust client; Deno's WebSocket manages its own buffers.
    readBufferSize: z.number().int().positive().nullish(),
    writeBufferSize: z.number().int().min(0).nullish(),
    maxWriteBufferSize: z.number().int().positive().nullish(),
    maxMessageSize: limit,
    maxFrameSize: limit,
    acceptUnmaskedFrames: z.boolean().nullish(),
    headers: z.array(z.tuple([z.string(), z.string()])).nullish(),
  }).nullish(),
});
type ConnectArgs = z.infer<typeof connectArgs>;
const sendArgs = z.object({ id: z.number().int(), message });

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw wsError(`invalid URL ${JSON.stringify(raw)}`, "invalid-url");
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw wsError(`cannot connect to ${url.href}: only ws and wss URLs`, "invalid-url");
  }
  return url;
}

/** Opens `url`; resolves once the handshake is done, rejects on failure or timeout. */
function open(url: URL, headers: Headers): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    let socket: WebSocket;
    try {
      // Deno's constructor takes handshake headers (the DOM typing does not know the option).
      const DenoWebSocket = WebSocket as unknown as new (
        url: URL,
        options: { headers: Headers },
      ) => WebSocket;
      socket = new DenoWebSocket(url, { headers });
    } catch (e) {
      reject(wsError(`cannot connect to ${url.href}: ${e instanceof Error ? e.message : e}`));
      return;
    }
    socket.binaryType = "arraybuffer";
    const timer = setTimeout(() => {
      socket.close();
      reject(wsError(`no connection to ${url.href} within ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    const failed = (e: Event) => {
      clearTimeout(timer);
      const why = e instanceof ErrorEvent ? e.message : "the handshake failed";
      reject(wsError(`cannot connect to ${url.href}: ${why}`));
    };
    socket.addEventListener("error", failed, { once: true });
    socket.addEventListener("open", () => {
      clearTimeout(timer);
      socket.removeEventListener("error", failed);
      resolve(socket);
    }, { once: true });
  });
}

/** Forwards what arrives on `socket` to the page until it closes. */
function relay(
  ctx: PluginCallContext<unknown>,
  rid: number,
  conn: Connection,
  maxMessage: number,
): void {
  const { socket, channel } = conn;
  const post = (m: WsMessage | string) => {
    if (!channel.isClosed) channel.send(m);
  };
  socket.addEventListener("message", (e: MessageEvent) => {
    const size = typeof e.data === "string" ? e.data.length : (e.data as ArrayBuffer).byteLength;
    if (size > maxMessage) {
      // As Tauri's client: a message over the limit is an error and ends the connection.
      post(`message of ${size} bytes exceeds maxMessageSize (${maxMessage})`);
      // Deno's close takes only 1000 or 3000–4999 (not 1009, "too big").
      socket.close(1000, "message too big");
      return;
    }
    if (typeof e.data === "string") post({ type: "Text", data: e.data });
    else post({ type: "Binary", data: Array.from(new Uint8Array(e.data as ArrayBuffer)) });
  });
  socket.addEventListener("error", (e) => {
    post(e instanceof ErrorEvent ? e.message : "websocket error");
  });
  socket.addEventListener("close", (e: CloseEvent) => {
    post({ type: "Close", data: { code: e.code, reason: e.reason } });
    // The id is spent: `send` now answers that the connection is gone.
    if (ctx.resources.holds(rid)) void ctx.resources.close(rid).catch(() => {});
    else channel.close();
  });
}

/** The websocket plugin's commands. */
export const websocketCommands: CommandTable = {
  connect: {
    unbounded: true, // bounded by CONNECT_TIMEOUT_MS
    args: connectArgs,
    run: async (ctx: PluginCallContext<ConnectArgs>) => {
      const channel = ctx.args.onMessage;
      try {
        const url = parseUrl(ctx.args.url);
        // Before anything is sent: a URL outside the scope is never connected to.
        checkUrlScope(url, ctx.scope, ctx.permission, "websocket");
        let headers: Headers;
        try {
          headers = new Headers(ctx.args.config?.headers ?? []);
        } catch (e) {
          throw wsError(
            `invalid connect headers: ${e instanceof Error ? e.message : e}`,
            "invalid-body",
          );
        }
        const socket = await open(url, headers);
        const conn = new Connection(socket, channel);
        const rid = ctx.resources.add(conn);
        const max = ctx.args.config?.maxMessageSize;
        relay(ctx, rid, conn, max === "none" ? Infinity : max ?? DEFAULT_MAX_MESSAGE);
        return rid;
      } catch (e) {
        channel.close();
        throw e;
      }
    },
  },
  send: {
    args: sendArgs,
    run: (ctx: PluginCallContext<z.infer<typeof sendArgs>>) => {
      const conn = ctx.resources.get(ctx.args.id, isConnection, "websocket connection");
      const m = ctx.args.message;
      if (conn.socket.readyState !== WebSocket.OPEN) {
        throw wsError(`websocket connection ${ctx.args.id} is closed`);
      }
      switch (m.type) {
        case "Text":
          conn.socket.send(m.data);
          break;
        case "Binary":
          conn.socket.send(Uint8Array.from(m.data));
          break;
        case "Close": {
          const code = m.data?.code ?? 1000;
          if (code !== 1000 && (code < 3000 || code > 4999)) {
            throw wsError(
              `close code ${code} cannot be sent (1000, or 3000–4999)`,
              "invalid-body",
            );
          }
          conn.socket.close(code, m.data?.reason);
          break;
        }
        default:
          // Deno's WebSocket answers pings itself and cannot send its own.
          throw wsError(
            `sending ${m.type} frames is unsupported on this platform (Deno's WebSocket answers pings itself)`,
            "unsupported",
          );
      }
      return null;
    },
  },
};
