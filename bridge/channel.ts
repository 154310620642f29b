/**
 * Ordered host → page streams (PyTauri's Channel). The page creates
 * `new panes.Channel(cb)`; it travels in an invoke body as
 * `"__CHANNEL__:<id>"`; {@linkcode Channel.of} in the command's body schema
 * turns it into a host `Channel<T>` bound to the calling page.
 * @module
 */

import { z } from "zod";
import { type StandardSchema, validate } from "./schema.ts";

/** Where a channel's messages go: the calling page's ordered queue. */
export interface ChannelSink {
  /** Sends one callback payload to page callback `id`. */
  post(id: number, payload: unknown): void;
  /** Resolves once everything sent so far has been delivered. */
  drain(): Promise<void>;
  /**
   * How bytes travel to the page: `{ b64 }`, `{ fetch }` for the `panes://` fast path, or
   * `{ lane }` for the binary lane.
   */
  bytes(data: Uint8Array): { b64: string } | { fetch: string } | { lane: string };
  /** Registers `fn` to run when the page or window goes away; returns an unsubscribe. */
  onGone(fn: (reason: string) => void): () => void;
}

const CHANNEL_PREFIX = "__CHANNEL__:";

/**
 * A host-side stream to one page callback; messages arrive in order. A command
 * takes one by naming `Channel.of(schema)` in its body schema.
 *
 * @example Streaming to the page
 * ```ts
 * import { Channel, Commands } from "@panes/panes";
 * import { z } from "zod";
 *
 * const commands = new Commands()
 *   .command("ticks", { body: Channel.of(z.number()) }, async ({ body: channel }) => {
 *     for (let i = 0; i < 3; i++) await channel.send(i);
 *     channel.close();
 *   });
 * // page: await panes.invoke("ticks", new panes.Channel((n) => console.log(n)))
 * ```
 */
export class Channel<T = unknown> {
  /** The page callback id. */
  readonly id: number;
  #sink: ChannelSink;
  #schema: z.ZodType<T> | undefined;
  #index = 0;
  #closed = false;
  #gone: string | undefined;
  /** Resolves with a reason when the page or window goes away, or after `close()`. */
  readonly closed: Promise<string>;

  /** Wraps page callback `id`; `schema`, when given, checks every message before it is sent. */
  constructor(id: number, sink: ChannelSink, schema?: z.ZodType<T>) {
    this.id = id;
    this.#sink = sink;
    this.#schema = schema;
    let done!: (reason: string) => void;
    this.closed = new Promise((r) => done = r);
    const un = sink.onGone((reason) => {
      this.#gone = reason;
      this.#closed = true;
      done(reason);
    });
    this.#finish = (reason) => {
      un();
      done(reason);
    };
  }
  #finish: (reason: string) => void;

  /** Whether `close()` was called or the page went away. */
  get isClosed(): boolean {
    return this.#closed;
  }

  #check(): void {
    if (this.#closed) {
      throw new Error(`channel ${this.id} is closed${this.#gone ? ` (${this.#gone})` : ""}`);
    }
  }

  /** Sends one message (validated against the channel's schema). */
  send(message: T): void {
    this.#check();
    if (this.#schema) {
      const r = this.#schema.safeParse(message);
      if (!r.success) {
        throw new TypeError(
          `channel ${this.id}: message does not match its schema: ${z.prettifyError(r.error)}`,
        );
      }
    }
    this.#sink.post(this.id, {
      index: this.#index++,
      message: message === undefined ? null : message,
    });
  }

  /** Sends raw bytes (an `ArrayBuffer` in the page). */
  sendBytes(bytes: Uint8Array): void {
    this.#check();
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError(`channel ${this.id}: sendBytes needs a Uint8Array`);
    }
    this.#sink.post(this.id, { index: this.#index++, ...this.#sink.bytes(bytes) });
  }

  /** Ends the stream: the page drops its callback after the last message. */
  close(): void {
    if (this.#closed) return;
    this.#sink.post(this.id, { index: this.#index++, end: true });
    this.#closed = true;
    this.#finish("closed");
  }

  /** Resolves when every message sent so far has been delivered to the page. */
  drain(): Promise<void> {
    if (this.#gone) return Promise.reject(new Error(`channel ${this.id}: ${this.#gone}`));
    return this.#sink.drain();
  }

  /**
   * A body schema for a page channel carrying messages of `schema`; the
   * handler receives a `Channel<T>` in its place.
   */
  static of<T>(schema?: z.ZodType<T>): z.ZodType<Channel<T>> {
    return z.custom<string>((v) => typeof v === "string" && /^__CHANNEL__:\d+$/.test(v), {
      message: 'expected a channel ("__CHANNEL__:<id>")',
    }).transform((v) => {
      if (!currentSink) throw new Error("Channel.of used outside a command invocation");
      const channel = new Channel<T>(Number(v.slice(CHANNEL_PREFIX.length)), currentSink, schema);
      currentMade?.push(channel);
      return channel;
    }) as unknown as z.ZodType<Channel<T>>;
  }
}

let currentSink: ChannelSink | undefined;
let currentMade: Channel<unknown>[] | undefined;

/** Parses `body` with `schema`, binding any channels in it to `sink`. */
export function parseWithChannels(
  schema: StandardSchema,
  body: unknown,
  sink: ChannelSink,
): ReturnType<typeof validate> {
  // Schema transforms run synchronously inside validation: a module-level slot is enough.
  const previous = currentSink, previousMade = currentMade;
  const made: Channel<unknown>[] = [];
  currentSink = sink;
  currentMade = made;
  try {
    const result = validate(schema, body);
    // Zod runs a valid field's transform even when another field fails: a channel made for a
    // call that will not run is closed at once, so the page drops its callback.
    if (!result.ok) { for (const channel of made) channel.close(); }
    return result;
  } finally {
    currentSink = previous;
    currentMade = previousMade;
  }
}
