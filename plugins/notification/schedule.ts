/**
 * Tauri's notification `Schedule` (`Schedule.at`, `.interval`, `.every`) and when it fires next.
 * The desktop's notification server shows notifications at once, so panes keeps the schedule
 * in the host process (plugins/notification/scheduler.ts); times are local, as on Tauri's mobile.
 * @module
 */

import { z } from "zod";

const units = ["year", "month", "twoWeeks", "week", "day", "hour", "minute", "second"] as const;

/** The schedule as the guest package sends it (a `Date` arrives as its ISO string). */
export const scheduleSchema = z.object({
  at: z.object({
    date: z.union([z.string(), z.number()]),
    repeating: z.boolean().nullish(),
    allowWhileIdle: z.boolean().nullish(),
  }).nullish(),
  interval: z.object({
    interval: z.object({
      year: z.number().int().nullish(),
      month: z.number().int().min(1).max(12).nullish(),
      day: z.number().int().min(1).max(31).nullish(),
      // 1 = Sunday … 7 = Saturday, as Tauri (and iOS) count them.
      weekday: z.number().int().min(1).max(7).nullish(),
      hour: z.number().int().min(0).max(23).nullish(),
      minute: z.number().int().min(0).max(59).nullish(),
      second: z.number().int().min(0).max(59).nullish(),
    }),
    allowWhileIdle: z.boolean().nullish(),
  }).nullish(),
  every: z.object({
    interval: z.enum(units),
    count: z.number().int().min(1),
    allowWhileIdle: z.boolean().nullish(),
  }).nullish(),
}).passthrough();

/** A notification's schedule. */
export type Schedule = z.infer<typeof scheduleSchema>;

/** Why a schedule cannot be kept: the caller turns it into an `invalid-body` error. */
export class ScheduleError extends Error {}

/** `t` moved by `n` calendar units (months and years keep the day where the month has it). */
function add(t: Date, unit: (typeof units)[number], n: number): Date {
  const d = new Date(t);
  switch (unit) {
    case "year":
      d.setFullYear(d.getFullYear() + n);
      break;
    case "month":
      d.setMonth(d.getMonth() + n);
      break;
    case "twoWeeks":
      d.setDate(d.getDate() + 14 * n);
      break;
    case "week":
      d.setDate(d.getDate() + 7 * n);
      break;
    case "day":
      d.setDate(d.getDate() + n);
      break;
    case "hour":
      d.setHours(d.getHours() + n);
      break;
    case "minute":
      d.setMinutes(d.getMinutes() + n);
      break;
    case "second":
      d.setSeconds(d.getSeconds() + n);
  }
  return d;
}

type Fields = NonNullable<Schedule["interval"]>["interval"];

/**
 * The first second after `from` whose local date matches every field set, searched by jumping
 * to the start of the next month, day, hour or minute whenever a coarser field does not match;
 * undefined when none does within eight years (a 31st of February, a year gone by).
 */
function nextMatch(f: Fields, from: Date): Date | undefined {
  const t = new Date(from);
  t.setMilliseconds(0);
  t.setSeconds(t.getSeconds() + 1);
  const horizon = from.getTime() + 8 * 366 * 86_400_000;
  while (t.getTime() <= horizon) {
    if (f.year != null && t.getFullYear() !== f.year) {
      if (t.getFullYear() > f.year) return undefined;
      t.setFullYear(f.year, 0, 1);
      t.setHours(0, 0, 0);
    } else if (f.month != null && t.getMonth() + 1 !== f.month) {
      t.setMonth(t.getMonth() + 1, 1);
      t.setHours(0, 0, 0);
    } else if (
      (f.day != null && t.getDate() !== f.day) ||
      (f.weekday != null && t.getDay() + 1 !== f.weekday)
    ) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0, 0);
    } else if (f.hour != null && t.getHours() !== f.hour) {
      t.setHours(t.getHours() + 1, 0, 0);
    } else if (f.minute != null && t.getMinutes() !== f.minute) {
      t.setMinutes(t.getMinutes() + 1, 0);
    } else if (f.second != null && t.getSeconds() !== f.second) {
      t.setSeconds(t.getSeconds() + 1);
    } else return t;
  }
  return undefined;
}

/**
 * When a schedule fires first, and how to find each later time (undefined: once only).
 * `scheduledAt` is when the page asked (a repeating `at` repeats with the gap from then to its date).
 */
export function plan(
  s: Schedule,
  scheduledAt: Date,
): { first: Date; next?: (last: Date) => Date | undefined } {
  const kinds = [s.at, s.interval, s.every].filter((k) => k != null).length;
  if (kinds !== 1) throw new ScheduleError("a schedule needs exactly one of at, interval, every");
  if (s.at) {
    const first = new Date(s.at.date);
    if (Number.isNaN(first.getTime())) {
      throw new ScheduleError(`schedule.at.date is not a date: ${JSON.stringify(s.at.date)}`);
    }
    const gap = first.getTime() - scheduledAt.getTime();
    if (gap <= 0) throw new ScheduleError("schedule.at.date must be in the future");
    return {
      first,
      next: s.at.repeating ? (last) => new Date(last.getTime() + gap) : undefined,
    };
  }
  if (s.interval) {
    const fields = s.interval.interval;
    if (Object.values(fields).every((v) => v == null)) {
      throw new ScheduleError("schedule.interval needs at least one field");
    }
    const first = nextMatch(fields, scheduledAt);
    if (!first) throw new ScheduleError("schedule.interval never matches a coming date");
    return { first, next: (last) => nextMatch(fields, last) };
  }
  const every = s.every!;
  return {
    first: add(scheduledAt, every.interval, every.count),
    next: (last) => add(last, every.interval, every.count),
  };
}
