/**
 * The pages' plugin listeners (Tauri's `addPluginListener`: `register_listener` with a page
 * channel): `notification` (`onNotificationReceived`) and `actionPerformed` (`onAction`).
 * @module
 */

import type { Channel } from "../../bridge/channel.ts";

/** The plugin events pages listen to. */
export const EVENTS = ["notification", "actionPerformed"] as const;
/** One of {@linkcode EVENTS}. */
export type PluginEvent = (typeof EVENTS)[number];

interface Listener {
  /** The window whose page listens (channel ids are per page). */
  label: string;
  channel: Channel;
}

/** One app's listeners. */
export class Listeners {
  readonly #byEvent = new Map<PluginEvent, Listener[]>();

  /** Sends `event` to `channel` (of the page in window `label`) until it closes or is removed. */
  add(event: PluginEvent, label: string, channel: Channel): void {
    this.#byEvent.set(event, [...this.#byEvent.get(event) ?? [], { label, channel }]);
    channel.closed.then(() => this.#drop(event, (l) => l.channel === channel));
  }

  /** Stops the listener `channelId` of window `label`. */
  remove(event: PluginEvent, label: string, channelId: number): void {
    const gone = (this.#byEvent.get(event) ?? []).filter((l) =>
      l.label === label && l.channel.id === channelId
    );
    for (const l of gone) l.channel.close();
    this.#drop(event, (l) => gone.includes(l));
  }

  #drop(event: PluginEvent, which: (l: Listener) => boolean): void {
    this.#byEvent.set(event, (this.#byEvent.get(event) ?? []).filter((l) => !which(l)));
  }

  /** Sends `payload` to every page listening to `event`. */
  emit(event: PluginEvent, payload: unknown): void {
    for (const { channel } of this.#byEvent.get(event) ?? []) {
      if (channel.isClosed) continue;
      try {
        channel.send(payload);
      } catch { /* the page went away meanwhile */ }
    }
  }
}
