/**
 * A one-slot text mailbox in shared memory between main and the UI Worker, beside their
 * MessagePort: the hot messages (a page's call to main, main's `eval` back) go through it when it
 * is free, everything else through the port. A string copied into a SharedArrayBuffer and a flag
 * set with `Atomics` cross threads in a few µs, where a port message is cloned and delivered through
 * Deno's event loop; main waits on the flag with `Atomics.waitAsync`, which wakes its event loop
 * directly (a call round trip measured 37–46 µs against 64–93 µs over the port:
 * docs/performance.md).
 *
 * Order with the port is kept by one rule: the writer uses the slot only when it is empty and the
 * reader has counted every message the writer sent on the port before. The reader counts a port
 * message only after it has looked at the slot, and handles what the slot held first: while a port
 * message is uncounted the slot cannot be filled, so a message found there was sent before it
 * (`portHandler` for main, `PollingReader` for the UI thread).
 *
 * One writer and one reader per mailbox; a pending `Atomics.waitAsync` keeps no process alive.
 * @module
 */

// Int32 header words.
const STATE = 0; // 0 empty, 1 full
const LENGTH = 1; // UTF-16 code units in the slot
const SENT = 2; // port messages the writer sent (written by the writer only)
const TAKEN = 3; // port messages the reader took (written by the reader only)
const HEADER_BYTES = 16;

/** UTF-16 code units one message may have to use the slot; longer ones take the port. */
export const MAILBOX_CHARS = 16 * 1024;

/** One direction's mailbox; both threads wrap the same buffer. */
export class Mailbox {
  /** A new mailbox's shared memory, to hand to the other thread. */
  static memory(): SharedArrayBuffer {
    return new SharedArrayBuffer(HEADER_BYTES + MAILBOX_CHARS * 2);
  }

  readonly #head: Int32Array;
  readonly #text: Uint16Array;

  constructor(memory: SharedArrayBuffer) {
    this.#head = new Int32Array(memory, 0, HEADER_BYTES / 4);
    this.#text = new Uint16Array(memory, HEADER_BYTES, MAILBOX_CHARS);
  }

  // The writer's side.

  /**
   * Puts `text` in the slot when it may go there (empty, every earlier port message taken, short
   * enough) and wakes a reader waiting with {@linkcode wait}; false: send it on the port (and call
   * {@linkcode sentOnPort}).
   */
  tryPut(text: string): boolean {
    const head = this.#head;
    if (
      text.length > MAILBOX_CHARS || Atomics.load(head, STATE) !== 0 ||
      Atomics.load(head, TAKEN) !== head[SENT]
    ) return false;
    const slot = this.#text;
    for (let i = 0; i < text.length; i++) slot[i] = text.charCodeAt(i);
    head[LENGTH] = text.length;
    Atomics.store(head, STATE, 1); // publishes the text and the length
    Atomics.notify(head, STATE, 1);
    return true;
  }

  /** Counts a message the writer sent on the port instead. */
  sentOnPort(): void {
    Atomics.add(this.#head, SENT, 1);
  }

  // The reader's side.

  /** The slot's message, emptying the slot; undefined when empty. */
  take(): string | undefined {
    const head = this.#head;
    if (Atomics.load(head, STATE) !== 1) return undefined;
    const n = head[LENGTH];
    const slot = this.#text;
    // fromCharCode over chunks: one call per 4,096 code units stays far below argument limits.
    let text = "";
    for (let at = 0; at < n; at += 4096) {
      text += String.fromCharCode.apply(
        null,
        slot.subarray(at, Math.min(n, at + 4096)) as unknown as number[],
      );
    }
    Atomics.store(head, STATE, 0);
    return text;
  }

  /** Counts a port message the reader took (after looking at the slot first). */
  tookFromPort(): void {
    Atomics.add(this.#head, TAKEN, 1);
  }

  /** Resolves when the slot may be full (at once if it is). */
  wait(): Promise<unknown> {
    const r = Atomics.waitAsync(this.#head, STATE, 0);
    return r.async ? r.value : Promise.resolve();
  }
}

/**
 * The reader's handler of port messages (an event-driven reader, main): what the mailbox holds was
 * sent before the port message, so it is handled first. (The port message arrived uncounted, so
 * the writer could not have filled the slot after sending it.) The port message is counted before
 * anything is dispatched, so a handler that throws cannot leave the mailbox unusable.
 */
export function portHandler<T>(
  mailbox: Mailbox,
  fromSlot: (text: string) => void,
  fromPort: (message: T) => void,
): (message: T) => void {
  return (message) => {
    const text = mailbox.take();
    mailbox.tookFromPort();
    try {
      if (text !== undefined) fromSlot(text);
    } finally {
      fromPort(message);
    }
  };
}

/**
 * A polling reader (the UI thread): `next()` gives the messages of the mailbox and of the port
 * (`poll` returns one port message or undefined) in the order they were sent.
 *
 * The port is read first, then the slot, and the port message is counted only after that: while
 * it is uncounted the writer cannot fill the slot, so a message found in the slot then was sent
 * before it, and goes first; the port message waits for the next call, ahead of anything later.
 * (Reading the slot first let the writer fill it and send the next message on the port in
 * between, and the later one came out first.)
 */
export class PollingReader<T> {
  readonly #mailbox: Mailbox;
  readonly #fromSlot: (text: string) => T;
  readonly #poll: () => T | undefined;
  /** A port message held back behind the slot's (a Map: callbacks must not reshape objects). */
  readonly #held = new Map<0, T>();

  constructor(mailbox: Mailbox, fromSlot: (text: string) => T, poll: () => T | undefined) {
    this.#mailbox = mailbox;
    this.#fromSlot = fromSlot;
    this.#poll = poll;
  }

  /** The next message, or undefined when there is none. */
  next(): T | undefined {
    if (this.#held.size) {
      const held = this.#held.get(0)!;
      this.#held.clear();
      return held;
    }
    const message = this.#poll();
    const text = this.#mailbox.take();
    if (message !== undefined) this.#mailbox.tookFromPort();
    if (text === undefined) return message;
    if (message !== undefined) this.#held.set(0, message);
    return this.#fromSlot(text);
  }
}
