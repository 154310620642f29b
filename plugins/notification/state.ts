/**
 * One app's notifications: those shown (to close them, and to know which the server's action
 * and close signals are about), the registered action types, the pages' listeners
 * (listeners.ts) and the scheduled notifications (scheduler.ts).
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";
import type { NotificationSignal } from "../native.ts";
import type { PluginHost } from "../plugin.ts";
import { actionIdOf, type ActionType, serverActions } from "./actions.ts";
import { Listeners } from "./listeners.ts";
import type { NotifyOptions } from "./options.ts";
import { Scheduler } from "./scheduler.ts";

/** A notification as listeners receive it (Tauri's payload: the options, with an id). */
type Payload = Record<string, unknown> & { id: number };

function unsupported(message: string): InvokeError {
  return new InvokeError(message, undefined, "unsupported");
}

/** One app's notification state. */
export class NotificationState {
  /** Notifications shown with a page id: the server's id (to close them) and what they said. */
  readonly active = new Map<
    number,
    { serverId: number; title: string; body?: string; group?: string }
  >();
  readonly actionTypes = new Map<string, ActionType>();
  readonly listeners = new Listeners();
  /** Scheduled notifications: shown (with their type's actions, if any) when their time comes. */
  readonly scheduled = new Scheduler((o) => {
    let type;
    try {
      type = this.#typeOf(o);
    } catch { /* registered when it was scheduled; types are never removed */ }
    this.#show(o, type).catch((e) =>
      console.error(`panes: scheduled notification ${o.id} could not be shown:`, e)
    );
  });
  /** Shown notifications with actions, by the server's id: what signals about them concern. */
  readonly #awaiting = new Map<number, { payload: Payload; type: ActionType; acted: boolean }>();
  /** Signals that came before the Notify reply was handled (a very fast click). */
  #early: NotificationSignal[] = [];
  #unlisten: Promise<() => void> | undefined;
  /** Notifications with actions being sent: listening goes on until they are shown. */
  #showing = 0;
  #closed = false;

  constructor(readonly host: PluginHost) {}

  /** Shows `o` now, or schedules it; resolves once the server has it (or it is scheduled). */
  async send(o: NotifyOptions): Promise<void> {
    const type = this.#typeOf(o);
    if (o.schedule != null) return this.scheduled.add(o, o.schedule);
    await this.#show(o, type);
  }

  #typeOf(o: NotifyOptions): ActionType | undefined {
    if (o.actionTypeId == null) return undefined;
    const type = this.actionTypes.get(o.actionTypeId);
    if (!type) {
      throw new InvokeError(
        `no action type "${o.actionTypeId}" is registered (registerActionTypes first)`,
        undefined,
        "invalid-body",
      );
    }
    return type;
  }

  async #show(o: NotifyOptions, type: ActionType | undefined): Promise<void> {
    if (!type) {
      await this.#notify(o, undefined);
      if (this.#awaiting.size === 0 && this.#showing === 0) this.#stopListening();
      return;
    }
    this.#showing++;
    try {
      await this.#notify(o, type);
    } finally {
      this.#showing--;
      if (this.#awaiting.size === 0 && this.#showing === 0) this.#stopListening();
    }
  }

  async #notify(o: NotifyOptions, type: ActionType | undefined): Promise<void> {
    const notifications = this.host.notifications;
    if (type) {
      const caps = await notifications.capabilities();
      if (!caps.includes("actions")) {
        throw unsupported(
          `notification actions are unsupported on this platform: the desktop's notification server does not offer them (its capabilities: ${
            caps.join(", ") || "none"
          }); nothing was shown`,
        );
      }
      await this.#listen();
    }
    const pageId = o.id ?? undefined;
    const replaces = pageId !== undefined ? this.active.get(pageId)?.serverId ?? 0 : 0;
    const serverId = await notifications.notify({
      appName: this.host.identifier,
      replaces,
      icon: o.icon ?? "",
      title: o.title,
      body: o.body ?? "",
      sound: o.sound ?? undefined,
      silent: o.silent ?? undefined,
      actions: type ? serverActions(type) : undefined,
    });
    if (pageId !== undefined) {
      this.active.set(pageId, {
        serverId,
        title: o.title,
        body: o.body ?? undefined,
        group: o.group ?? undefined,
      });
    }
    const payload: Payload = {
      ...o,
      id: pageId ?? serverId,
      extra: o.extra ?? {},
      attachments: o.attachments ?? [],
    };
    // A replaced notification with actions that now has none: nothing more to hear about it.
    if (!type) this.#awaiting.delete(serverId);
    if (type) {
      this.#awaiting.set(serverId, { payload, type, acted: false });
      const early = this.#early.filter((s) => s.id === serverId);
      this.#early = this.#early.filter((s) => s.id !== serverId);
      for (const s of early) this.#signal(s);
    }
    this.listeners.emit("notification", payload);
  }

  /** Listens to the server's signals while a notification with actions is shown. */
  async #listen(): Promise<void> {
    if (this.#closed) throw new Error("the app is closing");
    this.#unlisten ??= this.host.notifications.listen((s) => this.#signal(s));
    try {
      await this.#unlisten;
    } catch (e) {
      this.#unlisten = undefined;
      throw e;
    }
  }

  #signal(s: NotificationSignal): void {
    const shown = this.#awaiting.get(s.id);
    if (!shown) {
      // Maybe ours, its Notify reply not handled yet: kept briefly.
      this.#early = [...this.#early.slice(-31), s];
      return;
    }
    if (s.type === "action") {
      shown.acted = true;
      this.listeners.emit("actionPerformed", {
        actionId: actionIdOf(s.action),
        notification: shown.payload,
      });
      return;
    }
    this.#awaiting.delete(s.id);
    // Gone from the screen: no longer active (known for notifications with actions only).
    const id = shown.payload.id;
    if (this.active.get(id)?.serverId === s.id) this.active.delete(id);
    // Dismissed by the user (2) without acting: reported when the type asks for it, as on iOS.
    if (s.reason === 2 && !shown.acted && shown.type.customDismissAction) {
      this.listeners.emit("actionPerformed", { actionId: "dismiss", notification: shown.payload });
    }
    if (this.#awaiting.size === 0 && this.#showing === 0) this.#stopListening();
  }

  #stopListening(): void {
    const un = this.#unlisten;
    this.#unlisten = undefined;
    this.#early = [];
    un?.then((f) => f(), () => {});
  }

  /** The app is going: timers stop, the signals are no longer heard. */
  close(): void {
    this.#closed = true;
    this.scheduled.cancel();
    this.#awaiting.clear();
    this.#stopListening();
  }
}

const states = new WeakMap<PluginHost, NotificationState>();

/** The notification state of the app `host` belongs to. */
export function stateOf(host: PluginHost): NotificationState {
  let s = states.get(host);
  if (!s) states.set(host, s = new NotificationState(host));
  return s;
}

/** Ends the state of `host`'s app (the plugin's teardown). */
export function closeState(host: PluginHost): void {
  states.get(host)?.close();
  states.delete(host);
}
