/** When Tauri's notification schedules fire (plugins/notification/schedule.ts), in local time. */
import { assertEquals, assertMatch, assertThrows } from "./support/assert.ts";
import { plan, type Schedule } from "../plugins/notification/schedule.ts";

const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  new Date(y, mo - 1, d, h, mi, s);
const interval = (fields: Record<string, number>): Schedule => ({ interval: { interval: fields } });

Deno.test("schedule: at fires at its date, once or every gap since it was scheduled", () => {
  const now = at(2026, 3, 10, 12);
  const once = plan({ at: { date: at(2026, 3, 10, 12, 0, 30).toISOString() } }, now);
  assertEquals(once.first, at(2026, 3, 10, 12, 0, 30));
  assertEquals(once.next, undefined);
  const again = plan({ at: { date: at(2026, 3, 10, 12, 5).toISOString(), repeating: true } }, now);
  assertEquals(again.next!(again.first), at(2026, 3, 10, 12, 10));
  assertMatch(
    assertThrows(() => plan({ at: { date: at(2026, 3, 10, 11).toISOString() } }, now)).message,
    /must be in the future/,
  );
  assertMatch(
    assertThrows(() => plan({ at: { date: "soon" } }, now)).message,
    /is not a date/,
  );
});

Deno.test("schedule: interval fires when every field set matches", () => {
  const now = at(2026, 3, 10, 12, 30, 15); // a Tuesday
  assertEquals(plan(interval({ second: 40 }), now).first, at(2026, 3, 10, 12, 30, 40));
  assertEquals(plan(interval({ second: 10 }), now).first, at(2026, 3, 10, 12, 31, 10));
  assertEquals(plan(interval({ hour: 9, minute: 0 }), now).first, at(2026, 3, 11, 9, 0, 0));
  const daily = plan(interval({ hour: 9, minute: 0, second: 0 }), now);
  assertEquals(daily.first, at(2026, 3, 11, 9));
  assertEquals(daily.next!(daily.first), at(2026, 3, 12, 9));
  // weekday 1 = Sunday: the next Sunday at 08:00.
  assertEquals(plan(interval({ weekday: 1, hour: 8 }), now).first, at(2026, 3, 15, 8));
  assertEquals(plan(interval({ month: 2, day: 29 }), now).first, at(2028, 2, 29));
  assertEquals(plan(interval({ year: 2027, month: 1, day: 2 }), now).first, at(2027, 1, 2));
  for (const bad of [{ month: 2, day: 31 }, { year: 2025 }] as Record<string, number>[]) {
    assertMatch(assertThrows(() => plan(interval(bad), now)).message, /never matches/);
  }
  assertMatch(assertThrows(() => plan(interval({}), now)).message, /at least one field/);
});

Deno.test("schedule: every counts calendar units from when it was scheduled", () => {
  const now = at(2026, 1, 31, 8);
  const monthly = plan({ every: { interval: "month", count: 1 } }, now);
  assertEquals(monthly.first, new Date(2026, 1, 31, 8)); // JS rolls Feb 31 over, as setMonth does
  const twoWeeks = plan({ every: { interval: "twoWeeks", count: 1 } }, now);
  assertEquals(twoWeeks.first, at(2026, 2, 14, 8));
  const seconds = plan({ every: { interval: "second", count: 5 } }, now);
  assertEquals(seconds.next!(seconds.first), at(2026, 1, 31, 8, 0, 10));
  assertMatch(assertThrows(() => plan({}, now)).message, /exactly one of at, interval, every/);
});
