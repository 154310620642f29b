/**
 * Scheduled notifications, kept in the host process by timers (the desktop's notification server
 * shows notifications at once): lost when the app exits, and never what keeps the process alive.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";
import type { NotifyOptions } from "./options.ts";
import { plan, type Schedule, ScheduleError } from "./schedule.ts";

interface Pending {
  options: NotifyOptions & { id: number };
  schedule: Schedule;
  at: Date;
  next?: (last: Date) => Date | undefined;
  timer?: ReturnType<typeof setTimeout>;
}

/** setTimeout's longest delay; a later time is reached in steps. */
const MAX_DELAY = 2 ** 31 - 1;

/** A positive 31-bit id, as Tauri gives a notification sent without one. */
export function randomId(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
}

/** One app's scheduled notifications; `show` shows one when its time comes. */
export class Scheduler {
  readonly #pending = new Map<number, Pending>();

  constructor(readonly show: (options: NotifyOptions & { id: number }) => void) {}

  /** Schedules `o` (an `invalid-body` error when its schedule cannot be kept). */
  add(o: NotifyOptions, schedule: Schedule): void {
    let when;
    try {
      when = plan(schedule, new Date());
    } catch (e) {
      if (e instanceof ScheduleError) throw new InvokeError(e.message, undefined, "invalid-body");
      throw e;
    }
    const id = o.id ?? randomId();
    this.cancel([id]); // the same id again replaces it, as a shown one is replaced
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
    this.show(now);
  }

  /** Cancels the scheduled notifications `ids` (all when undefined). */
  cancel(ids?: number[]): void {
    for (const id of ids ?? [...this.#pending.keys()]) {
      clearTimeout(this.#pending.get(id)?.timer);
      this.#pending.delete(id);
    }
  }

  /** The scheduled notifications (Tauri's `PendingNotification`). */
  list(): Array<{ id: number; title: string; body?: string; schedule: Schedule }> {
    return [...this.#pending.values()].map((p) => ({
      id: p.options.id,
      title: p.options.title,
      body: p.options.body ?? undefined,
      schedule: p.schedule,
    }));
  }
}
