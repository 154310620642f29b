/**
 * Tauri-flavoured events (PyTauri's Emitter/Listener) over the same
 * registry as `on`/`emit`.
 * @module
 */

import { assertTauriName } from "../bridge/event_names.ts";
import type { LabelRegistry } from "../bridge/registry.ts";

import type { EventTarget } from "../bridge/messages.ts";

export type { EventTarget };

/** An event as a listener receives it. */
export interface TauriEvent<T = unknown> {
  /** The listener id. */
  id: number;
  /** The event name. */
  event: string;
  /** The payload. */
  payload: T;
  /** The window it came from ("" when the host emitted it). */
  label: string;
}

/** What `Events` needs from the app. */
export interface EventsHost {
  /** The app's host-side handler registry. */
  registry: LabelRegistry;
  /** Labels of open windows. */
  labels(): string[];
  /** Delivers an event to one window's page. */
  deliver(label: string, event: string, payload: unknown): void;
}

/** Label for events the host emits itself. */
export const HOST_LABEL = "";

/** Normalises a target to its object form. */
export function normalizeTarget(target: EventTarget): Exclude<EventTarget, string> {
  if (typeof target === "string") return { kind: "AnyLabel", label: target };
  if (!target || typeof target !== "object" || typeof target.kind !== "string") {
    throw new TypeError(`invalid event target ${JSON.stringify(target)}`);
  }
  const kinds = ["Any", "App", "AnyLabel", "Window", "Webview", "WebviewWindow"];
  if (!kinds.includes(target.kind)) {
    throw new TypeError(`invalid event target kind ${JSON.stringify(target.kind)}`);
  }
  if (
    target.kind !== "Any" && target.kind !== "App" &&
    typeof (target as { label?: unknown }).label !== "string"
  ) {
    throw new TypeError(`event target ${target.kind} needs a label`);
  }
  return target;
}

/** `app.events`: emit, emitTo, emitFilter, listen, once, listenAny, unlisten. */
export class Events {
  #host: EventsHost;
  /** Listener ids registered with `listen` that only hear Any/App-targeted events. */
  #appOnly = new Map<number, string>();
  #targetedRegistry: LabelRegistry;

  /** Made by `App`; not constructed directly. */
  constructor(host: EventsHost, targeted: LabelRegistry) {
    this.#host = host;
    this.#targetedRegistry = targeted;
  }

  /** Emits to every window and every host listener. */
  emit(event: string, payload?: unknown): void {
    assertTauriName(event);
    const p = payload === undefined ? null : payload;
    for (const label of this.#host.labels()) this.#host.deliver(label, event, p);
    this.#host.registry.dispatch(event, p, HOST_LABEL);
  }

  /** Emits to the targets Tauri's rules select. */
  emitTo(target: EventTarget, event: string, payload?: unknown): void {
    assertTauriName(event);
    const t = normalizeTarget(target);
    const p = payload === undefined ? null : payload;
    if (t.kind === "Any") return this.emit(event, p);
    if (t.kind === "App") {
      this.#host.registry.dispatch(event, p, HOST_LABEL);
      return;
    }
    if (this.#host.labels().includes(t.label)) this.#host.deliver(t.label, event, p);
    this.#targetedRegistry.dispatch(event, p, HOST_LABEL);
  }

  /** Emits to every window whose target passes `filter` (and to the app when `{kind:"App"}` passes). */
  emitFilter(
    event: string,
    payload: unknown,
    filter: (target: Exclude<EventTarget, string>) => boolean,
  ): void {
    assertTauriName(event);
    const p = payload === undefined ? null : payload;
    for (const label of this.#host.labels()) {
      if (filter({ kind: "WebviewWindow", label })) this.#host.deliver(label, event, p);
    }
    if (filter({ kind: "App" })) this.#host.registry.dispatch(event, p, HOST_LABEL);
  }

  /** Listens for `event` emitted to the app (by pages or the host); returns an id for `unlisten`. */
  listen<T = unknown>(event: string, handler: (e: TauriEvent<T>) => unknown): number {
    assertTauriName(event);
    let id = 0;
    id = this.#host.registry.add(
      event,
      (data, type, label) => handler({ id, event: type, payload: data as T, label }),
    );
    this.#appOnly.set(id, event);
    return id;
  }

  /** Like `listen`, but removed after the first event. */
  once<T = unknown>(event: string, handler: (e: TauriEvent<T>) => unknown): number {
    assertTauriName(event);
    let id = 0;
    id = this.#host.registry.add(
      event,
      (data, type, label) => handler({ id, event: type, payload: data as T, label }),
      undefined,
      true,
    );
    return id;
  }

  /** Listens for `event` whatever its target (also events emitted to one window). */
  listenAny<T = unknown>(event: string, handler: (e: TauriEvent<T>) => unknown): number {
    assertTauriName(event);
    let id = 0;
    const wrapped = (data: unknown, type: string, label: string) =>
      handler({ id, event: type, payload: data as T, label });
    id = this.#host.registry.add(event, wrapped);
    // Also hear window-targeted emits: mirror into the targeted registry under the same id.
    this.#mirror.set(id, this.#targetedRegistry.add(event, wrapped));
    return id;
  }
  #mirror = new Map<number, number>();

  /** Removes a listener by id. */
  unlisten(id: number): void {
    this.#host.registry.remove(id);
    const m = this.#mirror.get(id);
    if (m !== undefined) this.#targetedRegistry.remove(m);
    this.#mirror.delete(id);
    this.#appOnly.delete(id);
  }
}
