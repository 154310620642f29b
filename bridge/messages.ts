/**
 * The wire protocol between host and page. Every page → host message is
 * validated here before anything else reads it.
 * @module
 */

import { z } from "zod";

const hello = z.object({ k: z.literal("hello"), n: z.string().max(64), u: z.string() });
const ready = z.object({ k: z.literal("ready"), n: z.string().max(64), u: z.string() });
const emit = z.object({ k: z.literal("emit"), e: z.string().max(512), d: z.unknown() });
const err = z.object({
  k: z.literal("err"),
  message: z.string(),
  source: z.string(),
  line: z.number(),
  column: z.number(),
  stack: z.string(),
});
const invoke = z.object({
  k: z.literal("inv"),
  i: z.number().int().nonnegative(),
  c: z.string().min(1).max(512),
  b: z.unknown().optional(),
  b64: z.string().optional(),
  h: z.record(z.string(), z.string()).optional(),
});
const evalResult = z.object({
  k: z.literal("evr"),
  i: z.number().int().nonnegative(),
  ok: z.boolean(),
  v: z.unknown().optional(),
  err: z.object({ message: z.string(), name: z.string().optional(), stack: z.string().optional() })
    .optional(),
});

/** One page → host message. */
export const pageMessageSchema: z.ZodType<PageMessage> = z.discriminatedUnion("k", [
  hello,
  ready,
  emit,
  err,
  invoke,
  evalResult,
]) as unknown as z.ZodType<PageMessage>;

/** A page → host message, after validation. */
export type PageMessage =
  | z.infer<typeof hello>
  | z.infer<typeof ready>
  | z.infer<typeof emit>
  | z.infer<typeof err>
  | z.infer<typeof invoke>
  | z.infer<typeof evalResult>;

/** An error as the page receives it (`Error { message, code, data }`). */
export interface WireError {
  /** What went wrong. */
  message: string;
  /** Machine-readable kind (`timeout`, `forbidden`, …). */
  code?: string;
  /** Extra data from the handler. */
  data?: unknown;
  /**
   * What Tauri itself would reject with, where that is not `message` (a capability refusal in
   * Tauri's words): `__TAURI_INTERNALS__.invoke` rejects with it (else with `message`);
   * `panes.invoke` keeps the Error.
   */
  tauri?: string;
}

/** One host → page message. */
export type HostMessage =
  | { k: "ev"; e: string; d: unknown }
  | { k: "cb"; c: number; p: unknown }
  | {
    k: "res";
    i: number;
    ok: true;
    v?: unknown;
    b64?: string;
    fetch?: string;
    json?: boolean;
    /** The value is the response of the invoke's own POST. */
    post?: boolean;
    /** The value waits on the binary lane under this one-time id. */
    lane?: string;
  }
  | { k: "res"; i: number; ok: false; err: WireError }
  | { k: "evjs"; i: number; s: string };

/** Payload of `window:error`. */
export interface PageErrorInfo {
  message: string;
  source: string;
  line: number;
  column: number;
  stack: string;
}

/** Tauri's event targets. A plain label string means `{ kind: "AnyLabel", label }`. */
export type EventTarget =
  | string
  | { kind: "Any" }
  | { kind: "App" }
  | { kind: "AnyLabel" | "Window" | "Webview" | "WebviewWindow"; label: string };
