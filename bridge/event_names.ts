/**
 * Event name rules, shared by the host registry and the page bridge.
 * PyWry flavour (`on`/`emit`): `ns:name`, `ns:name:id`, `*`, `ns:*`.
 * Tauri flavour (`events`, `panes.event`): letters, digits, `-`, `/`, `:`, `_`.
 * @module
 */

import { BUILTIN_EVENT_NAMES } from "./page/builtins.ts";

/** `namespace:name` or `namespace:name:id`, or a wildcard `*` / `namespace:*`. */
export const PYWRY_EVENT_PATTERN: RegExp =
  /^(\*|[A-Za-z0-9_-]+:(\*|[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)?))$/;

/** Tauri's event name rule. */
export const TAURI_EVENT_PATTERN: RegExp = /^[A-Za-z0-9\-/:_]+$/;

/** An event name broke its flavour's rule. */
export class EventNameError extends TypeError {
  /** Makes the error for `name`, stating `flavour`'s rule. */
  constructor(name: unknown, flavour: "pywry" | "tauri") {
    super(
      flavour === "pywry"
        ? `invalid event name ${
          JSON.stringify(name)
        }: use "namespace:name", "namespace:name:id", "namespace:*" or "*" (letters, digits, _ and -)`
        : `invalid event name ${
          JSON.stringify(name)
        }: Tauri event names may contain only letters, digits, "-", "/", ":" and "_"`,
    );
    this.name = "EventNameError";
  }
}

/** Throws unless `name` is valid for the PyWry flavour (wildcards allowed when `listening`). */
export function assertPywryName(name: unknown, listening: boolean): asserts name is string {
  if (typeof name !== "string" || !PYWRY_EVENT_PATTERN.test(name)) {
    throw new EventNameError(name, "pywry");
  }
  if (!listening && name.includes("*")) {
    throw new TypeError(
      `cannot emit the wildcard event ${JSON.stringify(name)}: wildcards only listen`,
    );
  }
}

/** Throws unless `name` is valid for the Tauri flavour. */
export function assertTauriName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !TAURI_EVENT_PATTERN.test(name)) {
    throw new EventNameError(name, "tauri");
  }
}

/** Either flavour's rule (the registry is shared). */
export function isValidEventName(name: unknown): name is string {
  return typeof name === "string" &&
    (PYWRY_EVENT_PATTERN.test(name) || TAURI_EVENT_PATTERN.test(name));
}

/**
 * The registry keys an event fires, in matching order: the exact name, its
 * base name (`ns:evt` for `ns:evt:id`), `ns:*`, then `*`.
 */
export function matchKeys(type: string): string[] {
  const keys = [type];
  const parts = type.split(":");
  if (parts.length === 3) keys.push(`${parts[0]}:${parts[1]}`);
  if (parts.length >= 2) keys.push(`${parts[0]}:*`);
  keys.push("*");
  return keys;
}

/**
 * Event names only the host may send: the window, menu and tray events the host itself emits
 * (`window:closed` carries a label the host vouches for), the built-in page commands
 * (`panes:set-content`, `pywry:navigate`, …: a page that could emit them would drive other
 * windows' pages; `panes:result` stays the page's own), and Tauri's `scheme://` names
 * (`tauri://…`, a plugin's `store://change`).
 */
const HOST_RESERVED = new RegExp(
  `^(window|menu|tray):|^(panes|pywry):(${BUILTIN_EVENT_NAMES.join("|")})(:|$)|^[A-Za-z0-9_-]+://`,
);

/** Whether `name` is reserved for the host (pages may listen, not emit). */
export function isHostReserved(name: string): boolean {
  return HOST_RESERVED.test(name);
}
