/**
 * Schemas as panes' public API sees them: the Standard Schema interface
 * (`~standard`), which zod 4 implements (valibot and arktype too). Zod
 * schemas take a faster path that also binds channels (`Channel.of`).
 * @module
 */

import { z } from "zod";

/** One problem a schema found. */
export interface SchemaIssue {
  /** What is wrong. */
  readonly message: string;
  /** Where, as keys from the root (or path segments with a `key`). */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** What a Standard Schema's `validate` returns. */
export type SchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<SchemaIssue> };

/** Any schema following the Standard Schema interface (zod 4 schemas are). */
export interface StandardSchema<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": {
    /** Interface version (1). */
    readonly version: 1;
    /** The schema library. */
    readonly vendor: string;
    /** Validates a value. */
    readonly validate: (value: unknown) => SchemaResult<Output> | Promise<SchemaResult<Output>>;
    /** Type carriers for inference only. */
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** The output type of a schema. */
export type SchemaOutput<S> = S extends { readonly "~standard": { readonly types?: infer T } }
  ? NonNullable<T> extends { readonly output: infer O } ? O : unknown
  : unknown;

/** The input type of a schema (what a page sends). */
export type SchemaInput<S> = S extends { readonly "~standard": { readonly types?: infer T } }
  ? NonNullable<T> extends { readonly input: infer I } ? I : unknown
  : unknown;

/** Whether `x` is a Standard Schema. */
export function isStandardSchema(x: unknown): x is StandardSchema {
  return typeof x === "object" && x !== null &&
    typeof (x as { "~standard"?: { validate?: unknown } })["~standard"]?.validate === "function";
}

/** A validation problem, flattened for error messages and `error.data`. */
export interface FlatIssue {
  /** Keys from the root. */
  path: string[];
  /** What is wrong. */
  message: string;
  /** The library's issue code, when it has one. */
  code?: string;
}

/** Validates synchronously: `{ ok, value }` or `{ ok: false, issues, text }`. */
export function validate(
  schema: StandardSchema,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; issues: FlatIssue[]; text: string } {
  if (schema instanceof z.ZodType) {
    const r = schema.safeParse(value);
    if (r.success) return { ok: true, value: r.data };
    return {
      ok: false,
      issues: r.error.issues.map((i) => ({
        path: i.path.map(String),
        message: i.message,
        code: i.code,
      })),
      text: z.prettifyError(r.error),
    };
  }
  const r = schema["~standard"].validate(value);
  if (r instanceof Promise) {
    throw new TypeError(
      "panes validates synchronously: this schema returned a Promise (async refinements are not supported)",
    );
  }
  if (!r.issues) return { ok: true, value: r.value };
  const issues = r.issues.map((i) => ({
    path: (i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)),
    message: i.message,
  }));
  return {
    ok: false,
    issues,
    text: issues.map((i) => `✖ ${i.message}${i.path.length ? `\n  → at ${i.path.join(".")}` : ""}`)
      .join("\n"),
  };
}
