/**
 * The types behind {@linkcode Commands}: command specs and handlers, body
 * types, the window and app a handler sees, and the Standard Schema types a
 * body schema (zod, valibot, …) satisfies.
 *
 * @example A handler typed apart from its command
 * ```ts
 * import { Commands } from "@panes/panes";
 * import type { CommandContext } from "@panes/panes/commands";
 * import { z } from "zod";
 *
 * function greet({ body, window }: CommandContext<string>): string {
 *   return `Hello, ${body} (from ${window.label})!`;
 * }
 * const commands = new Commands().command("greet", { body: z.string() }, greet);
 * ```
 * @module
 */

export {
  type BodyOf,
  type BodySpec,
  type CommandContext,
  type CommandDefs,
  type CommandHandler,
  type CommandHost,
  Commands,
  type CommandSpec,
  type CommandWindow,
  type InputOf,
  type Invoke,
} from "./bridge/commands.ts";
export {
  type FlatIssue,
  isStandardSchema,
  type SchemaInput,
  type SchemaIssue,
  type SchemaOutput,
  type SchemaResult,
  type StandardSchema,
} from "./bridge/schema.ts";
export type { Widget } from "./bridge/widget.ts";
