/**
 * One app's notifications: those shown (to close them, and to know which the server's action
 * and close signals are about), the registered action types, the pages' listeners
 * (`onAction`, `onNotificationReceived`) and the scheduled notifications, kept in the host
 * process by timers: they are lost when the app exits (the desktop's server cannot schedule).
 * @module
 */

import { z } from "zod";
import type { Channel } from "../../bridge/channel.ts";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { NotificationSignal } from "../native.ts";
import type { PluginHost } from "../plugin.ts";
import { actionIdOf, type ActionType, serverActions } from "./actions.ts";
import { plan, type Schedule, ScheduleError, scheduleSchema } from "./schedule.ts";

/** The options `@tauri-apps/plugin-notification` sends (unknown fields are kept, as payloads). */
export const notifyOptions = z.object({
  title: z.string(),
  body: z.string().nullish(),
  icon: z.string().nullish(),
  sound: z.string().nullish(),
  silent: z.boolean().nullish(),
  id: z.number().int().nullish(),
  group: z.string().nullish(),
  schedule: scheduleSchema.nullish(),
  actionTypeId: z.string().nullish(),
  extra: z.record(z.string(), z.unknown()).nullish(),
}).passthrough();

/** A notification as the page gave it. */
export type NotifyOptions = z.infer<typeof notifyOptions>;

/** The plugin events pages listen to through `addPluginListener`. */
export const EVENTS = ["notification", "actionPerformed"] as const;
/** One of {@linkcode EVENTS}. */
export type PluginEvent = (typeof EVENTS)[number];

/** A notification as listeners receive it (Tauri's payload: the options, with an id). */
type Payload = Record<string, unknown> & { id: number };

interface Pending {
  options: NotifyOptions & { id: number };
  schedule: Schedule;
  at: Date;
  next?: (last: Date) => Date | undefined;
  timer?: ReturnType<typeof setTimeout>;
}

/** setTimeout's longest delay; a later time is reached in steps. */
const MAX_DELAY = 2 ** 31 - 1;

function unsupported(message: string): InvokeError {
  return new InvokeError(message, undefined, "unsupported");
}

function randomId(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
}

/** One app's notification state. */
export class NotificationState {
  /** Notifications shown with a page id: the server's id (to close them) and what they said. */
  readonly active = new Map<
    number,
    { serverId: number; title: string; body?: string; group?: string }
  >();
  readonly actionTypes = new Map<string, ActionType>();
  readonly #listeners = new Map<PluginEvent, Array<{ label: string; channel: Channel }>>();
  readonly #pending = new Map<number, Pending>();
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
    if (o.schedule != null) return this.#schedule(o, o.schedule);
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
    this.#emit("notification", payload);
  }

  #schedule(o: NotifyOptions, schedule: Schedule): void {
    let when;
    try {
      when = plan(schedule, new Date());
    } catch (e) {
      if (e instanceof ScheduleError) throw new InvokeError(e.message, undefined, "invalid-body");
      throw e;
    }
    const id = o.id ?? randomId();
    this.#cancelOne(id); // the same id again replaces it, as a shown one is replaced
    const p: Pending = { options: { ...o, id }, schedule, at: when.first, next: when.next };
    this.#pending.set(id, p);
    this.#arm(p);
  }

  #arm(p: Pending): void {
    const delay = Math.max(0, p.at.getTime() - Date.now());
    const timer = setTimeout(() => {
      if (delay > MAX_DELAY) return this.#arm(p);
      this.#fire(p);
    }, Math.min(delay, MAX_DELAY));
    // A schedule does not keep the process alive: the app's windows do.
    Deno.unrefTimer(timer);
    p.timer = timer;
  }

  #fire(p: Pending): void {
    if (this.#pending.get(p.options.id) !== p) return;
    const next = p.next?.(p.at);
    if (next) {
      p.at = next;
      this.#arm(p);
    } else this.#pending.delete(p.options.id);
    const { schedule: _, ...now } = p.options;
    let type;
    try {
      type = this.#typeOf(now);
    } catch { /* its type was registered when it was scheduled; shown without actions now */ }
    this.#show(now, type).catch((e) =>
      console.error(`panes: scheduled notification ${p.options.id} could not be shown:`, e)
    );
  }

  #cancelOne(id: number): void {
    const p = this.#pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.#pending.delete(id);
  }

  /** Cancels the scheduled notifications `ids` (all when undefined). */
  cancel(ids?: number[]): void {
    for (const id of ids ?? [...this.#pending.keys()]) this.#cancelOne(id);
  }

  /** The scheduled notifications (Tauri's `PendingNotification`). */
  pending(): Array<{ id: number; title: string; body?: string; schedule: Schedule }> {
    return [...this.#pending.values()].map((p) => ({
      id: p.options.id,
      title: p.options.title,
      body: p.options.body ?? undefined,
      schedule: p.schedule,
    }));
  }

  /** Sends `event` to `channel` (of the page in window `label`) from now on. */
  addListener(event: PluginEvent, label: string, channel: Channel): void {
    const list = this.#listeners.get(event) ?? [];
    list.push({ label, channel });
    this.#listeners.set(event, list);
    channel.closed.then(() => this.#drop(event, (l) => l.channel === channel));
  }

  /** Stops the listener `channelId` of window `label`; whether there was one. */
  removeListener(event: PluginEvent, label: string, channelId: number): boolean {
    const list = this.#listeners.get(event) ?? [];
    const gone = list.filter((l) => l.label === label && l.channel.id === channelId);
    for (const l of gone) l.channel.close();
    this.#drop(event, (l) => gone.includes(l));
    return gone.length > 0;
  }

  #drop(event: PluginEvent, which: (l: { label: string; channel: Channel }) => boolean): void {
    this.#listeners.set(event, (this.#listeners.get(event) ?? []).filter((l) => !which(l)));
  }

  #emit(event: PluginEvent, payload: unknown): void {
    for (const { channel } of this.#listeners.get(event) ?? []) {
      if (channel.isClosed) continue;
      try {
        channel.send(payload);
      } catch { /* the page went away meanwhile */ }
    }
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
      this.#emit("actionPerformed", {
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
      this.#emit("actionPerformed", { actionId: "dismiss", notification: shown.payload });
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
    this.cancel();
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
