// shared/sla: the business-time calculator (pure TypeScript: Intl only, no Node, no DOM).
// Instants in are ISO-8601 strings WITH an offset ("2026-03-02T09:00:00+01:00", "...Z"); instants
// out are UTC with milliseconds ("2026-03-02T16:00:00.000Z"). The *Ms functions do the same on
// epoch milliseconds with a compiled schedule, for hot paths (the SLA engine).
//
// Conventions (also in shared/sla/README.md):
// - Elapsed time is real elapsed time: a 24-hour schedule counts 1,500 minutes on a 25-hour
//   daylight-saving day and 1,380 on a 23-hour day.
// - A local time that does not exist (spring-forward gap) moves forward by the gap: an interval
//   starting at 02:30 on that day starts at 03:30 (both ends of an interval move, so 02:00–02:45
//   is 03:00–03:45 that night). An ambiguous local time (fall-back overlap) takes the EARLIER
//   instant (the first 02:30). Both rules apply to the boundaries of a date's business hours, the
//   union of its intervals as wall-clock times (touching intervals join).
// - Intervals are half-open [open, close): the opening instant is business time, the closing one
//   is not. "24:00" is the next local midnight.
// - An overnight shift (Monday ["22:00","06:00"], at most 12 hours) is split at midnight; the part
//   after midnight belongs to the next day (Tuesday 00:00–06:00).
// - Holidays are local dates; every interval STARTING on a holiday is dropped (so a holiday drops
//   the after-midnight half of the previous evening's shift, and keeps the after-midnight half of
//   its own evening's shift for the next day).
// - addBusinessMinutes returns the EARLIEST instant at which the minutes have elapsed: a target that
//   exactly fills a period ends at that period's close (09:00 + 480 min on a 9–17 day = 17:00 the
//   same day, not the next opening). Adding 0 returns `start` itself (the same string).
//   Minutes may be fractional; they are rounded to the millisecond.
// - businessMinutesBetween counts [start, end) and is never negative: 0 when end <= start.
// - Pauses ([from, to] instants) stop the clock; they may overlap and come in any order.
// - A schedule object is compiled on first use and cached (WeakMap): treat it as immutable, or
//   pass a CompiledSchedule from compileSchedule().
// - Instants from year 1000 to 9999; a zone is assumed to change its offset at most once in any
//   24 hours (true of every zone since 1900).
import {
  addBusinessMs,
  BusinessTimeUnreachable,
  HORIZON_YEARS,
  businessIntervals,
  businessMsBetween,
  CompiledSchedule,
  compileSchedule,
  isBusinessMs,
  nextBusinessChange,
  normalizePauses,
  type Pause,
} from './calendar';
import type { Schedule } from './schedule';
import { parseIsoInstant } from './tz';

export * from './schedule';
export {
  expandHolidays,
  holidayCountries,
  HolidayError,
  type HolidayOptions,
  type HolidayType,
} from './holidays';
export {
  addBusinessMs,
  BusinessTimeUnreachable,
  HORIZON_YEARS,
  businessIntervals,
  businessMsBetween,
  CompiledSchedule,
  compileSchedule,
  isBusinessMs,
  nextBusinessChange,
  normalizePauses,
};
export type { Pause };
export { isValidZone, localToUtc, offsetAt } from './tz';

export type SlaOptions = {
  /** Instants [from, to] during which the clock is stopped; may overlap, any order. */
  pauses?: ReadonlyArray<readonly [string, string]>;
};

/** Parses an ISO-8601 instant; an input without an offset is rejected (it would be ambiguous). */
export function parseInstant(s: string, field = 'instant'): number {
  const t = typeof s === 'string' ? parseIsoInstant(s) : NaN;
  if (Number.isNaN(t)) {
    throw new RangeError(
      `${field}: ${JSON.stringify(s)} is not an ISO-8601 instant with an offset (e.g. "2026-03-02T09:00:00+01:00" or "2026-03-02T08:00:00Z")`,
    );
  }
  return t;
}

/** Epoch ms -> "2026-03-02T16:00:00.000Z". */
export const formatInstant = (t: number): string => new Date(t).toISOString();

const cache = new WeakMap<object, CompiledSchedule>();
/** The compiled form of a schedule (cached per schedule object). Throws ScheduleError when invalid. */
export function compiled(s: Schedule | CompiledSchedule): CompiledSchedule {
  if (s instanceof CompiledSchedule) return s;
  let c = cache.get(s);
  if (!c) {
    c = compileSchedule(s);
    cache.set(s, c);
  }
  return c;
}

function pausesMs(o: SlaOptions | undefined): Pause[] | undefined {
  const list = o?.pauses;
  if (!list || list.length === 0) return undefined;
  return list.map(
    ([a, b], i) =>
      [parseInstant(a, `pauses[${i}][0]`), parseInstant(b, `pauses[${i}][1]`)] as const,
  );
}

/** The earliest instant at which `minutes` business minutes have elapsed since `start`. */
export function addBusinessMinutes(
  schedule: Schedule | CompiledSchedule,
  start: string,
  minutes: number,
  options?: SlaOptions,
): string {
  const t = parseInstant(start, 'start');
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0)
    throw new RangeError(`minutes: ${String(minutes)} must be a finite number ≥ 0`);
  const c = compiled(schedule);
  const ms = Math.round(minutes * 60_000);
  if (ms === 0) return start;
  return formatInstant(addBusinessMs(c, t, ms, pausesMs(options)));
}

/** Business minutes (fractional below a minute) in [start, end); 0 when end <= start. */
export function businessMinutesBetween(
  schedule: Schedule | CompiledSchedule,
  start: string,
  end: string,
  options?: SlaOptions,
): number {
  const a = parseInstant(start, 'start');
  const b = parseInstant(end, 'end');
  return businessMsBetween(compiled(schedule), a, b, pausesMs(options)) / 60_000;
}

/** Is `at` business time? (Half-open: the opening instant is, the closing instant is not.) */
export function isBusinessTime(schedule: Schedule | CompiledSchedule, at: string): boolean {
  return isBusinessMs(compiled(schedule), parseInstant(at, 'at'));
}

/** The next instant after `at` at which business time opens or closes; null if none within 3 years. */
export function nextBusinessTransition(
  schedule: Schedule | CompiledSchedule,
  at: string,
): { at: string; opens: boolean } | null {
  const n = nextBusinessChange(compiled(schedule), parseInstant(at, 'at'));
  return n && { at: formatInstant(n.at), opens: n.opens };
}
