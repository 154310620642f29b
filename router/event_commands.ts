/**
 * The built-in commands Tauri's and PyTauri's frontend packages send:
 * `plugin:event|listen/unlisten/emit/emit_to`. The router decides who may call them (and that
 * pages cannot emit host-reserved names) before they run.
 * @module
 */

import { z } from "zod";
import { type CommandDefs, Commands } from "../bridge/commands.ts";
import { TAURI_EVENT_PATTERN } from "../bridge/event_names.ts";
import type { EventTarget } from "../bridge/messages.ts";

/** What the built-in commands need from the app. */
export interface EventCommandHost {
  emitFromPage(event: string, payload: unknown, label: string): void;
  emitToFromPage(target: EventTarget, event: string, payload: unknown): void;
  /** A page listens; the target and callback id let window events reach just this listener. */
  listen(label: string, event: string, target: unknown, handler: number): number | Promise<number>;
  unlisten(label: string, id: number): void;
}

const eventName = z.string().regex(TAURI_EVENT_PATTERN, "invalid event name");
const target = z.union([
  z.string(),
  z.object({ kind: z.enum(["Any", "App"]) }),
  z.object({ kind: z.enum(["AnyLabel", "Window", "Webview", "WebviewWindow"]), label: z.string() }),
]);

/** Builds the built-in command table for one app. */
export function eventCommands(host: EventCommandHost): Commands<CommandDefs> {
  return new Commands()
    .command(
      "plugin:event|listen",
      {
        body: z.object({
          event: eventName,
          target: z.unknown().optional(),
          handler: z.number().int(),
        }),
      },
      ({ body, label }) => host.listen(label, body.event, body.target, body.handler),
    )
    .command(
      "plugin:event|unlisten",
      { body: z.object({ event: eventName, eventId: z.number().int() }) },
      ({ body, label }) => host.unlisten(label, body.eventId),
    )
    .command(
      "plugin:event|emit",
      { body: z.object({ event: eventName, payload: z.unknown().optional() }) },
      ({ body, label }) => host.emitFromPage(body.event, body.payload ?? null, label),
    )
    .command(
      "plugin:event|emit_to",
      { body: z.object({ target, event: eventName, payload: z.unknown().optional() }) },
      ({ body }) =>
        host.emitToFromPage(body.target as EventTarget, body.event, body.payload ?? null),
    ) as unknown as Commands<CommandDefs>;
}
