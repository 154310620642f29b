/**
 * Spawned children of the shell plugin: one process whose output becomes
 * Tauri's `CommandEvent`s, sent on the page's `onEvent` channel.
 *
 * Output in flight to the page is bounded: after every `DRAIN_EVERY` (roughly,
 * in JSON characters) the pipes are not read again until the page has
 * processed the batch before, so a child that writes faster than the page
 * reads blocks on its writes instead of growing the host's memory.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";
import type { Channel } from "../../bridge/channel.ts";
import type { PluginHost } from "../plugin.ts";

/** One event, exactly as Tauri's shell serialises `JSCommandEvent`. */
export type ShellEvent =
  | { event: "Stdout" | "Stderr"; payload: string | number[] }
  | { event: "Error"; payload: string }
  | { event: "Terminated"; payload: { code: number | null; signal: number | null } };

/**
 * Output (as JSON characters, roughly) sent between two drains. Drains are pipelined (the page
 * works through one batch while the next is read), so at most about twice this, plus one pipe
 * read, is in flight to the page.
 */
const DRAIN_EVERY = 512 * 1024;
/** The JSON a message costs besides its payload (`{"k":"cb","c":…,"p":{"index":…,…}}`). */
const MESSAGE_COST = 80;
/** How long closing a window waits for a killed child to be reaped. */
const REAP_WAIT_MS = 2_000;

/** The longest line kept whole; longer runs without a line end are sent in pieces this size. */
export const MAX_LINE = 1024 * 1024;

const LF = 10;
const CR = 13;

/**
 * Splits a byte stream into lines as Tauri's `read_line` does: a line ends at `\n`, or at a `\r`
 * not followed by `\n` (progress bars), and keeps its terminator; the rest at EOF is a last line.
 * Unlike Tauri, a run of {@linkcode MAX_LINE} bytes without a line end is a line of its own.
 */
export class LineSplitter {
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  // The pending bytes end with a "\r" that ended a read: whether it ends the line depends on
  // whether the next read starts with "\n".
  #crAtEnd = false;

  /** The complete lines in `chunk` (with what was pending before it). */
  push(chunk: Uint8Array): Uint8Array[] {
    const lines: Uint8Array[] = [];
    if (this.#crAtEnd && chunk.length) {
      this.#crAtEnd = false;
      if (chunk[0] !== LF) lines.push(this.#join(new Uint8Array(0)));
    }
    let start = 0;
    // One pass over the chunk: searching for the next "\r" from every line start instead
    // rescans the rest of the chunk per line when there is none (quadratic: 35 s for 20 MB).
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === CR && i === chunk.length - 1) {
        this.#crAtEnd = true;
        break;
      }
      // A "\r\n" pair ends at its "\n".
      if (b === LF || (b === CR && chunk[i + 1] !== LF)) {
        lines.push(this.#join(chunk.subarray(start, i + 1)));
        start = i + 1;
      }
    }
    if (start < chunk.length) {
      this.#pending.push(chunk.slice(start));
      this.#pendingBytes += chunk.length - start;
      // Output with no line ends (a binary dump, /dev/zero) must not grow the host without
      // bound: past MAX_LINE the partial line goes out as one, and backpressure applies to it.
      if (this.#pendingBytes >= MAX_LINE) {
        this.#crAtEnd = false;
        lines.push(this.#join(new Uint8Array(0)));
      }
    }
    return lines;
  }

  /** What is left at end of stream (a last line without a terminator), if anything. */
  end(): Uint8Array | undefined {
    this.#crAtEnd = false;
    return this.#pending.length ? this.#join(new Uint8Array(0)) : undefined;
  }

  #join(tail: Uint8Array): Uint8Array {
    this.#pendingBytes = 0;
    if (this.#pending.length === 0) return tail;
    const parts = [...this.#pending.splice(0), tail];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** How a child's output becomes event payloads (`options.encoding`). */
export type OutputEncoding = { raw: true } | { raw: false; label: string | undefined };

/** Parses `options.encoding` as Tauri does: absent = strict UTF-8, `"raw"` = bytes, else a label. */
export function outputEncoding(encoding: string | null | undefined): OutputEncoding {
  if (encoding === "raw") return { raw: true };
  if (encoding === null || encoding === undefined) return { raw: false, label: undefined };
  try {
    new TextDecoder(encoding);
  } catch {
    throw new InvokeError(`unknown encoding "${encoding}"`, { encoding }, "shell");
  }
  return { raw: false, label: encoding };
}

/** What `Deno.ChildProcess.status` says, as Tauri's `TerminatedPayload`. */
export function terminated(
  status: Deno.CommandStatus,
): { code: number | null; signal: number | null } {
  // Deno reports a signal death as code 128 + signal number (what a shell shows as `$?`).
  return status.signal
    ? { code: null, signal: status.code > 128 ? status.code - 128 : null }
    : { code: status.code, signal: null };
}

/** What `spawn` needs to start a child. */
export interface SpawnSpec {
  /** The program actually run: the absolute path of the scope entry's `cmd`. */
  cmd: string;
  /** Its arguments, already checked against the scope. */
  args: string[];
  /** Working directory (a real path inside the scope entry's `cwd`). */
  cwd?: string;
  /** Variables the page set, each allowed by the scope entry's `env`. */
  env?: Record<string, string>;
  /** Start from an empty environment (Tauri's `env: null`). */
  clearEnv: boolean;
  /** How stdout and stderr become payloads. */
  encoding: OutputEncoding;
  /** The calling window. */
  label: string;
  /** The page's `onEvent` channel. */
  channel: Channel<ShellEvent>;
}

/** One spawned child, owned by the window that spawned it. */
export class ShellChild {
  /** The OS process id (what the page calls it by). */
  readonly pid: number;
  /** The window that spawned it. */
  readonly label: string;
  readonly #channel: Channel<ShellEvent>;
  readonly #proc: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
  /** Output sent since the last drain began (see `DRAIN_EVERY`). */
  #unacked = 0;
  /** The drain of the batch before the current one. */
  #draining: Promise<void> = Promise.resolve();
  #exited = false;
  #ended = false;
  #disposed = false;
  #onEnd: () => void;

  /** Starts the process (throws as `Deno.Command.spawn` does); `onEnd` runs once it is forgotten. */
  constructor(spec: SpawnSpec, onEnd: () => void) {
    this.#proc = new Deno.Command(spec.cmd, {
      args: spec.args,
      cwd: spec.cwd,
      env: spec.env,
      clearEnv: spec.clearEnv,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.pid = this.#proc.pid;
    this.label = spec.label;
    this.#channel = spec.channel;
    this.#onEnd = onEnd;
    this.#stdin = this.#proc.stdin.getWriter();
    // A write that fails (the child closed stdin) rejects the writer's `closed`; nobody awaits it.
    this.#stdin.closed.catch(() => {});
    // Nobody can read or stop the child once its page is gone (reload, window closed).
    void spec.channel.closed.then(() => {
      if (!this.#ended) void this.dispose();
    });
    const out = this.#pump(this.#proc.stdout, "Stdout", spec.encoding);
    const err = this.#pump(this.#proc.stderr, "Stderr", spec.encoding);
    void this.#proc.status.then(async (status) => {
      this.#exited = true;
      // Terminated goes last: after everything both pipes carried (Tauri's order).
      await Promise.all([out, err]);
      if (this.#disposed) return;
      this.#ended = true;
      this.#send({ event: "Terminated", payload: terminated(status) });
      this.#channel.close();
      // From here its pid is no longer the page's to use (the page is about to see Terminated).
      this.#forget();
    });
  }

  /** Whether the process has exited. */
  get exited(): boolean {
    return this.#exited;
  }

  async #pump(stream: ReadableStream<Uint8Array>, kind: "Stdout" | "Stderr", enc: OutputEncoding) {
    const reader = stream.getReader();
    this.#readers.push(reader);
    const split = enc.raw ? undefined : new LineSplitter();
    // Tauri decodes without an encoding strictly (an Error event for bad UTF-8) and with one
    // leniently, dropping a BOM; TextDecoder's `fatal` and `ignoreBOM` give the same two.
    const decoder = enc.raw
      ? undefined
      : enc.label === undefined
      ? new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
      : new TextDecoder(enc.label);
    const line = (bytes: Uint8Array) => {
      try {
        this.#send({ event: kind, payload: decoder!.decode(bytes) });
      } catch (e) {
        this.#send({
          event: "Error",
          payload: `${kind.toLowerCase()} is not valid UTF-8 (${
            e instanceof Error ? e.message : e
          }); set options.encoding`,
        });
      }
    };
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || this.#disposed) break;
        if (split) { for (const l of split.push(value)) line(l); }
        else this.#send({ event: kind, payload: Array.from(value) });
        await this.#backpressure();
      }
      const last = split?.end();
      if (last && !this.#disposed) line(last);
    } catch (e) {
      if (!this.#disposed) {
        this.#send({
          event: "Error",
          payload: `reading ${kind.toLowerCase()}: ${e instanceof Error ? e.message : e}`,
        });
      }
    }
  }

  #send(message: ShellEvent): void {
    // A gone page closed the channel; `dispose` (run from `closed`) is on its way.
    if (this.#channel.isClosed) return;
    const p = message.payload;
    // Counted roughly as the JSON the page will receive: the envelope dominates for short lines
    // (`yes` would otherwise send 30x the budget between two drains).
    this.#unacked += MESSAGE_COST +
      (typeof p === "string" ? p.length : Array.isArray(p) ? p.length * 4 : 0);
    this.#channel.send(message);
  }

  /**
   * Once a batch's worth has been sent: starts its drain, and holds the pipe readers until the
   * previous batch's drain resolves (the child then blocks on its writes).
   */
  #backpressure(): Promise<void> | undefined {
    if (this.#unacked < DRAIN_EVERY || this.#disposed) return undefined;
    this.#unacked = 0;
    const previous = this.#draining;
    this.#draining = this.#drain();
    return previous;
  }

  /** Resolves once the page has processed everything sent so far, or once it is gone. */
  async #drain(): Promise<void> {
    // A drain that times out (a page busy for a minute) is retried rather than skipped: reading on
    // would let the output pile up on the host.
    while (!this.#channel.isClosed && !this.#disposed) {
      try {
        return await this.#channel.drain();
      } catch {
        // Gone (the channel is now closed, and `dispose` follows) or timed out: see the loop. The
        // pause keeps an unforeseen immediate failure from spinning.
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Writes to the child's stdin; resolves once the bytes are in the pipe. */
  async write(bytes: Uint8Array): Promise<void> {
    if (this.#exited) {
      throw new InvokeError(`child ${this.pid} has exited`, { pid: this.pid }, "shell");
    }
    try {
      await this.#stdin.write(bytes);
    } catch (e) {
      throw new InvokeError(
        `cannot write to the stdin of child ${this.pid}: ${e instanceof Error ? e.message : e}`,
        { pid: this.pid },
        "shell",
      );
    }
  }

  /** Kills the child (SIGKILL, as Tauri's `kill`); a child that already exited is left alone. */
  kill(): void {
    if (this.#exited) return;
    try {
      this.#proc.kill("SIGKILL");
    } catch {
      // It exited between the check and the signal: nothing left to kill.
    }
  }

  /**
   * Kills the child and drops everything (its page or window went away); resolves once it is
   * reaped.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.kill();
    for (const r of this.#readers) r.cancel().catch(() => {});
    this.#stdin.abort().catch(() => {});
    // A page still there (only when a reused pid replaces this child) drops its callback.
    this.#channel.close();
    this.#forget();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.#proc.status,
      new Promise((r) => timer = setTimeout(r, REAP_WAIT_MS)),
    ]);
    clearTimeout(timer);
  }

  #forgotten = false;
  #forget(): void {
    if (this.#forgotten) return;
    this.#forgotten = true;
    this.#onEnd();
  }
}

const tables = new WeakMap<PluginHost, Map<number, ShellChild>>();

/** The children of one app (plugins are shared by every `App` of the process). */
export function childrenOf(host: PluginHost): Map<number, ShellChild> {
  let t = tables.get(host);
  if (!t) tables.set(host, t = new Map());
  return t;
}

/** Starts a child for `host` and registers it under its pid. */
export function spawnChild(host: PluginHost, spec: SpawnSpec): ShellChild {
  const table = childrenOf(host);
  let child: ShellChild | undefined = undefined;
  child = new ShellChild(spec, () => {
    if (child && table.get(child.pid) === child) table.delete(child.pid);
  });
  // A reused pid means the old child is long gone; its leftover queue must not catch the new one's.
  void table.get(child.pid)?.dispose();
  table.set(child.pid, child);
  return child;
}

/** The child `pid` if the window `label` spawned it; a clear error otherwise. */
export function ownChild(host: PluginHost, pid: number, label: string): ShellChild {
  const child = childrenOf(host).get(pid);
  if (!child || child.label !== label) {
    throw new InvokeError(
      `no child process with pid ${pid} was spawned by window "${label}" (or it has ended)`,
      { pid },
      "unknown-child",
    );
  }
  return child;
}

/** Kills every child of the window `label` (it closed); resolves once they are reaped. */
export async function disposeWindowChildren(host: PluginHost, label: string): Promise<void> {
  const table = tables.get(host);
  if (!table) return;
  await Promise.all([...table.values()].filter((c) => c.label === label).map((c) => c.dispose()));
}
