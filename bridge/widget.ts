/** The transport-independent component surface (PyWry's BaseWidget). @module */

import type { EventHandler } from "./registry.ts";

/**
 * What every panes window offers whatever carries it: components written
 * against `Widget` (e.g. a `notify()` helper emitting `panes:alert`) work
 * with every transport.
 */
export interface Widget {
  /** The window's label. */
  readonly label: string;
  /** Listens for an event from this window's page; returns an unsubscribe function. */
  on(type: string, handler: EventHandler): () => void;
  /** Sends an event to this window's page (fire-and-forget, ordered). */
  emit(type: string, data?: unknown): void;
  /** Replaces the page content; resolves when the new page is ready. */
  update(content: string | { build(): Promise<string> }): Promise<void>;
  /** Shows the widget (a no-op for native windows, which are visible on creation). */
  display(): void;
}
