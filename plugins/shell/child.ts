/**
 * Spawned children of the shell plugin: one process, its output turned into
 * Tauri's `CommandEvent`s, and the queue the page drains them from.
 *
 * Plugin commands cannot push to a page (they get no channel sink), so the
 * page pulls: `plugin:shell|child_events` waits until this child has events
 * and returns them as the channel frames Tauri's `Channel` expects
 * (`{ index, message }`, then `{ index, end: true }`); the page hands each
 * frame to the `onEvent` channel's callback. Output waiting for the page is
 * bounded: past `QUEUE_LIMIT` the pipes are not read, so the child blocks on
 * its writes instead of growing the host's memory.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";
import type { PluginHost } from "../plugin.ts";

/** One event, exactly as Tauri's shell serialises `JSCommandEvent`. */
export type ShellEvent =
  | { event: "Stdout" | "Stderr"; payload: string | number[] }
  | { event: "Error"; payload: string }
  | { event: "Terminated"; payload: { code: number | null; signal: number | null } };

/** A channel frame as the page's `Channel` callback takes it. */
export type ChannelFrame = { index: number; message: ShellEvent } | { index: number; end: true };

/** Output (as JSON characters, roughly) held for the page before the child's pipes stop being read. */
const QUEUE_LIMIT = 1 << 20;
/** The JSON a frame costs besides its payload. */
const FRAME_COST = 64;
/** A `child_events` call with nothing to return answers `[]` after this long (the page asks again). */
const POLL_WAIT_MS = 20_000;
/** How long closing a window waits for a killed child to be reaped. */
const REAP_WAIT_MS = 2_000;

const LF = 10;
const CR = 13;

/**
 * Splits a byte stream into lines as Tauri's `read_line` does: a line ends at `\n`, or at a `\r`
 * not followed by `\n` (progress bars), and keeps its terminator; the rest at EOF is a last line.
 */
export class LineSplitter {
  #pending: Uint8Array[] = [];

  /** The complete lines in `chunk` (with what was pending before it). */
  push(chunk: Uint8Array): Uint8Array[] {
    const lines: Uint8Array[] = [];
    let start = 0;
    while (start < chunk.length) {
      const end = lineEnd(chunk, start);
      if (end < 0) break;
      lines.push(this.#join(chunk.subarray(start, end)));
      start = end;
    }
    if (start < chunk.length) this.#pending.push(chunk.slice(start));
    return lines;
  }

  /** What is left at end of stream (a last line without a terminator), if anything. */
  end(): Uint8Array | undefined {
    return this.#pending.length ? this.#join(new Uint8Array(0)) : undefined;
  }

  #join(tail: Uint8Array): Uint8Array {
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

/** Index just past the first line terminator at or after `from`, or -1. */
function lineEnd(bytes: Uint8Array, from: number): number {
  const lf = bytes.indexOf(LF, from);
  let cr = bytes.indexOf(CR, from);
  // A "\r\n" pair ends at its "\n"; skip such "\r"s when looking for a lone one.
  while (cr >= 0 && (lf < 0 || cr < lf) && bytes[cr + 1] === LF) cr = bytes.indexOf(CR, cr + 1);
  const first = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
  return first < 0 ? -1 : first + 1;
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
  /** The program actually run (the scope entry's `cmd`). */
  cmd: string;
  /** Its arguments, already checked against the scope. */
  args: string[];
  /** Working directory. */
  cwd?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Start from an empty environment (Tauri's `env: null`). */
  clearEnv: boolean;
  /** How stdout and stderr become payloads. */
  encoding: OutputEncoding;
  /** The calling window. */
  label: string;
  /** The page callback id of the `onEvent` channel. */
  channel: number;
}

/** One spawned child, owned by the window that spawned it. */
export class ShellChild {
  /** The OS process id (what the page calls it by). */
  readonly pid: number;
  /** The window that spawned it. */
  readonly label: string;
  /** The page callback id of its `onEvent` channel. */
  readonly channel: number;
  readonly #proc: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
  #frames: ChannelFrame[] = [];
  #index = 0;
  #held = 0;
  #room: Array<() => void> = [];
  #wake: (() => void) | undefined;
  #exited = false;
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
    this.channel = spec.channel;
    this.#onEnd = onEnd;
    this.#stdin = this.#proc.stdin.getWriter();
    // A write that fails (the child closed stdin) rejects the writer's `closed`; nobody awaits it.
    this.#stdin.closed.catch(() => {});
    const out = this.#pump(this.#proc.stdout, "Stdout", spec.encoding);
    const err = this.#pump(this.#proc.stderr, "Stderr", spec.encoding);
    void this.#proc.status.then(async (status) => {
      this.#exited = true;
      // Terminated goes last: after everything both pipes carried (Tauri's order).
      await Promise.all([out, err]);
      if (this.#disposed) return;
      this.#queue({ event: "Terminated", payload: terminated(status) });
      this.#frames.push({ index: this.#index++, end: true });
      this.#wake?.();
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
        this.#queue({ event: kind, payload: decoder!.decode(bytes) });
      } catch (e) {
        this.#queue({
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
        else this.#queue({ event: kind, payload: Array.from(value) });
        await this.#waitForRoom();
      }
      const last = split?.end();
      if (last && !this.#disposed) line(last);
    } catch (e) {
      if (!this.#disposed) {
        this.#queue({
          event: "Error",
          payload: `reading ${kind.toLowerCase()}: ${e instanceof Error ? e.message : e}`,
        });
      }
    }
  }

  #queue(message: ShellEvent): void {
    const p = message.payload;
    // Counted roughly as the JSON the page will receive: a frame costs ~60 characters besides its
    // payload, which dominates for short lines (`yes` would otherwise send 30x the limit at once).
    this.#held += FRAME_COST +
      (typeof p === "string" ? p.length : Array.isArray(p) ? p.length * 4 : 0);
    this.#frames.push({ index: this.#index++, message });
    this.#wake?.();
  }

  /** Holds a pipe reader while the page is behind (the child then blocks on its writes). */
  #waitForRoom(): Promise<void> | undefined {
    if (this.#held < QUEUE_LIMIT || this.#disposed) return undefined;
    return new Promise((r) => this.#room.push(r));
  }

  #polling = false;

  /**
   * The frames queued since the last call; waits up to 20 s for one. The last call returns the end
   * frame, and the child is then forgotten. One reader at a time.
   */
  async take(): Promise<ChannelFrame[]> {
    if (this.#polling) {
      throw new InvokeError(
        `the events of child ${this.pid} are already being read`,
        { pid: this.pid },
        "shell",
      );
    }
    if (this.#frames.length === 0 && !this.#disposed) {
      this.#polling = true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((r) => {
        this.#wake = r;
        timer = setTimeout(r, POLL_WAIT_MS);
      });
      clearTimeout(timer);
      this.#wake = undefined;
      this.#polling = false;
    }
    const frames = this.#frames.splice(0);
    this.#held = 0;
    for (const r of this.#room.splice(0)) r();
    if (frames.some((f) => "end" in f)) this.#forget();
    return frames;
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

  /** Kills the child and drops everything (its window closed); resolves once it is reaped. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.kill();
    for (const r of this.#readers) r.cancel().catch(() => {});
    this.#stdin.abort().catch(() => {});
    for (const r of this.#room.splice(0)) r();
    this.#wake?.();
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
