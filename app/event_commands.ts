/**
 * The built-in commands Tauri's and PyTauri's frontend packages send:
 * `plugin:event|listen/unlisten/emit/emit_to` (`plugin:pytauri|pyfunc` is routed by `App`).
 * @module
 */

import { z } from "zod";
import { type CommandDefs, Commands } from "../bridge/commands.ts";
import { isHostReserved, TAURI_EVENT_PATTERN } from "../bridge/event_names.ts";
import { InvokeError } from "../bridge/invoke_error.ts";
import type { EventTarget } from "./events.ts";

/** What the built-in commands need from the app. */
export interface EventCommandHost {
  emitFromPage(event: string, payload: unknown, label: string): void;
  emitToFromPage(target: EventTarget, event: string, payload: unknown): void;
  listen(label: string, event: string): number;
  unlisten(label: string, id: number): void;
}

const eventName = z.string().regex(TAURI_EVENT_PATTERN, "invalid event name");
const target = z.union([
  z.string(),
  z.object({ kind: z.enum(["Any", "App"]) }),
  z.object({ kind: z.enum(["AnyLabel", "Window", "Webview", "WebviewWindow"]), label: z.string() }),
]);

/** Pages may listen to host-reserved names (`window:closed`, `tauri://…`) but not send them. */
function pageMayEmit(event: string): void {
  if (isHostReserved(event)) {
    throw new InvokeError(
      `event "${event}" is reserved for the host: pages cannot emit it`,
      undefined,
      "forbidden",
    );
  }
}

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
      ({ body, label }) => host.listen(label, body.event),
    )
    .command(
      "plugin:event|unlisten",
      { body: z.object({ event: eventName, eventId: z.number().int() }) },
      ({ body, label }) => host.unlisten(label, body.eventId),
    )
    .command(
      "plugin:event|emit",
      { body: z.object({ event: eventName, payload: z.unknown().optional() }) },
      ({ body, label }) => {
        pageMayEmit(body.event);
        host.emitFromPage(body.event, body.payload ?? null, label);
      },
    )
    .command(
      "plugin:event|emit_to",
      { body: z.object({ target, event: eventName, payload: z.unknown().optional() }) },
      ({ body }) => {
        pageMayEmit(body.event);
        host.emitToFromPage(body.target as EventTarget, body.event, body.payload ?? null);
      },
    ) as unknown as Commands<CommandDefs>;
}
