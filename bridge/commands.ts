/**
 * Typed commands (PyTauri's Commands): the page calls
 * `panes.invoke(name, body)`, the body is checked against a zod schema, and
 * the handler's return value (JSON, or bytes) answers the page.
 * @module
 */

import {
  isStandardSchema,
  type SchemaInput,
  type SchemaOutput,
  type StandardSchema,
  validate,
} from "./schema.ts";
import { type ChannelSink, parseWithChannels } from "./channel.ts";
import { answer } from "./answer.ts";
import type { InvokeAnswer, InvokeRequest } from "./peer.ts";
import type { WireError } from "./messages.ts";

/** The host surface a command handler can use (implemented by `App`). */
export interface CommandHost {
  /** Emits an event to every window, or to one by label. */
  emit(type: string, data?: unknown, label?: string): void;
  /** Labels of the open windows. */
  readonly windows: string[];
  /** Managed state by class. */
  state<T>(cls: abstract new (...args: never[]) => T): T;
}

/** The window a command came from (implemented by `WindowHandle`). */
export interface CommandWindow {
  /** The window's label. */
  readonly label: string;
  /** Emits an event to this window. */
  emit(type: string, data?: unknown): void;
}

/** A body spec: a schema (zod, or any Standard Schema), `"bytes"` for a raw `Uint8Array`, or none (anything). */
export type BodySpec = StandardSchema | "bytes" | undefined;

/** The body type a spec produces. */
export type BodyOf<S> = S extends "bytes" ? Uint8Array
  : S extends StandardSchema ? SchemaOutput<S>
  : unknown;

/** The JSON-side input type of a spec (what the page sends). */
export type InputOf<S> = S extends "bytes" ? Uint8Array | ArrayBuffer
  : S extends StandardSchema ? SchemaInput<S>
  : unknown;

/** What a handler receives. */
export interface CommandContext<B> {
  /** The validated body. */
  body: B;
  /** The calling window's label. */
  label: string;
  /** The calling window. */
  window: CommandWindow;
  /** The app. */
  app: CommandHost;
  /** Request headers (lower-case names). */
  headers: Record<string, string>;
  /** Managed state by class (`state(Counter).n++`). */
  state<T>(cls: abstract new (...args: never[]) => T): T;
}

/** A command handler; sync or async; returns JSON, or bytes. */
export type CommandHandler<B, R> = (ctx: CommandContext<B>) => R | Promise<R>;

/** A command's declared shape. */
export interface CommandSpec<S extends BodySpec = BodySpec> {
  /** The body schema. */
  body?: S;
  /** Optional schema for the headers. */
  headers?: StandardSchema<Record<string, string>>;
}

interface Registered {
  body: BodySpec;
  headers: StandardSchema<Record<string, string>> | undefined;
  handler: CommandHandler<unknown, unknown>;
}

/** Per-call context the dispatcher needs from the app. */
export interface DispatchContext {
  /** The calling window's label. */
  label: string;
  /** The calling window. */
  window: CommandWindow;
  /** The app. */
  app: CommandHost;
  /** Where channels found in the body send their messages. */
  channels: ChannelSink;
  /** Whether an internal failure's message reaches the page (else only the host log has it). */
  debug: boolean;
  /** A handler still running after this many ms answers with code `timeout` (the handler itself goes on). */
  timeoutMs?: number;
  /** Host-side log for failures (always gets the full error). */
  log(message: string, error: unknown): void;
}

/** Command definitions accumulated in the type, for typed page calls. */
export type CommandDefs = Record<string, { body: unknown; result: unknown }>;

/**
 * A set of commands; `command()` chains and records each command's types.
 *
 * @example Commands with a checked body, raw bytes, state and an error
 * ```ts
 * import { App, Commands, InvokeError } from "@panes/panes";
 * import { z } from "zod";
 *
 * class Counter {
 *   n = 0;
 * }
 * const commands = new Commands()
 *   .command("add", { body: z.object({ a: z.number(), b: z.number() }) }, ({ body }) => body.a + body.b)
 *   .command("size", { body: "bytes" }, ({ body }) => body.length)
 *   .command("count", {}, ({ app }) => ++app.state(Counter).n)
 *   .command("fail", {}, () => {
 *     throw new InvokeError("not today", { retry: true });
 *   });
 * const app = new App({ commands });
 * app.manage(new Counter());
 * // page: await panes.invoke("add", { a: 1, b: 2 }) === 3
 * ```
 */
export class Commands<D extends CommandDefs = Record<never, never>> {
  #table = new Map<string, Registered>();

  /** Registers a command. Duplicate names are an error. */
  command<N extends string, S extends BodySpec, R>(
    name: N,
    spec: CommandSpec<S>,
    handler: CommandHandler<BodyOf<S>, R>,
  ): Commands<D & { [K in N]: { body: InputOf<S>; result: Awaited<R> } }> {
    if (typeof name !== "string" || name.length === 0) {
      throw new TypeError("Commands.command: the name must be a non-empty string");
    }
    if (this.#table.has(name)) throw new Error(`command "${name}" is already registered`);
    if (typeof handler !== "function") {
      throw new TypeError(`command "${name}": the handler must be a function`);
    }
    const body = spec?.body;
    if (body !== undefined && body !== "bytes" && !isStandardSchema(body)) {
      throw new TypeError(
        `command "${name}": body must be a zod schema (or any Standard Schema) or "bytes"`,
      );
    }
    this.#table.set(name, {
      body,
      headers: spec?.headers,
      handler: handler as CommandHandler<unknown, unknown>,
    });
    return this as unknown as Commands<D & { [K in N]: { body: InputOf<S>; result: Awaited<R> } }>;
  }

  /** Whether `name` is registered. */
  has(name: string): boolean {
    return this.#table.has(name);
  }

  /** Registered command names. */
  get names(): string[] {
    return [...this.#table.keys()];
  }

  /** Adds every command of `other` (duplicates are an error). */
  merge(other: Commands<CommandDefs>): this {
    for (const [name, r] of other.#table) {
      if (this.#table.has(name)) throw new Error(`command "${name}" is already registered`);
      this.#table.set(name, r);
    }
    return this;
  }

  /** Runs the command for `req`; never throws: every failure becomes an error answer. */
  dispatch(req: InvokeRequest, ctx: DispatchContext): Promise<InvokeAnswer> {
    const reg = this.#table.get(req.cmd);
    if (!reg) {
      return fail({ message: `unknown command "${req.cmd}"`, code: "unknown-command" });
    }
    let body: unknown = req.body;
    if (reg.body === "bytes") {
      if (!(body instanceof Uint8Array)) {
        return fail({
          message: `command "${req.cmd}" expects a binary body (Uint8Array or ArrayBuffer)`,
          code: "invalid-body",
        });
      }
    } else if (reg.body) {
      if (body instanceof Uint8Array) {
        // PyTauri's pyInvoke sends JSON as bytes: decode it for schema'd commands.
        try {
          body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
        } catch {
          return fail({
            message: `command "${req.cmd}" expects a JSON body`,
            code: "invalid-body",
          });
        }
      }
      const r = parseWithChannels(reg.body, body, ctx.channels);
      if (!r.ok) {
        return fail({
          message: `invalid body for command "${req.cmd}": ${r.text}`,
          code: "invalid-body",
          data: r.issues,
        });
      }
      body = r.value;
    }
    if (reg.headers) {
      const r = validate(reg.headers, req.headers);
      if (!r.ok) {
        return fail({
          message: `invalid headers for command "${req.cmd}": ${r.text}`,
          code: "invalid-headers",
        });
      }
    }
    return answer(req.cmd, ctx.label, () =>
      reg.handler({
        body,
        label: ctx.label,
        window: ctx.window,
        app: ctx.app,
        headers: req.headers,
        state: (cls) => ctx.app.state(cls),
      }), ctx);
  }
}

function fail(error: WireError): Promise<InvokeAnswer> {
  return Promise.resolve({ ok: false, error });
}

/** Page-side typing: `Invoke<typeof commands>` is the type of `panes.invoke` for those commands. */
export type Invoke<C> = C extends Commands<infer D> ? <N extends keyof D & string>(
    cmd: N,
    body: D[N]["body"],
    options?: { headers?: Record<string, string> },
  ) => Promise<D[N]["result"] extends Uint8Array ? ArrayBuffer : D[N]["result"]>
  : never;
