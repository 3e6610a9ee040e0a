// shared/sla: the business-time calculator (pure). Instants in and out are ISO-8601 strings with an
// offset; the *Ms functions are the same on epoch milliseconds for hot paths.
//
// Conventions (also in README → "SLA and business time"):
// - Elapsed time is real elapsed time: a 24-hour schedule on a 25-hour daylight-saving day counts
//   1,500 minutes, on a 23-hour day 1,380.
// - A local time that does not exist (spring-forward gap) moves forward by the gap (02:30 -> 03:30);
//   an ambiguous local time (fall-back) takes the earlier instant.
// - Intervals are half-open [open, close): the opening instant is business time, the closing one not.
// - "24:00" is the next local midnight. An interval must end after it starts: split an overnight
//   shift at midnight (["22:00","24:00"] on Monday, ["00:00","06:00"] on Tuesday).
// - Holidays are local dates; every interval starting on a holiday is dropped.
// - addBusinessMinutes returns the EARLIEST instant at which the minutes have elapsed: a target that
//   exactly fills a period ends at that period's close (09:00 + 8 h on a 9–17 day = 17:00), and
//   adding 0 returns the start unchanged.
// - businessMinutesBetween counts [start, end) and returns 0 when end <= start.
// - Pauses ([from, to] instants) stop the clock; they may overlap and come in any order.
import {
  addBusinessMs,
  businessMsBetween,
  compileSchedule,
  isBusinessMs,
  nextBusinessChange,
  normalizePauses,
  type CompiledSchedule,
  type Pause,
} from './calendar';
import type { Schedule } from './schedule';

export * from './schedule';
export { expandHolidays, holidayCountries } from './holidays';
export { addBusinessMs, businessMsBetween, compileSchedule, isBusinessMs, nextBusinessChange, normalizePauses };
export type { CompiledSchedule, Pause };

export type SlaOptions = { pauses?: ReadonlyArray<readonly [string, string]> };

const OFFSET = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;
/** Parses an ISO-8601 instant; an input without an offset is rejected (it would be ambiguous). */
export function parseInstant(s: string, field = 'instant'): number {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) || !OFFSET.test(s)) {
    throw new Error(`${field}: ${JSON.stringify(s)} is not an ISO-8601 instant with an offset (e.g. 2026-03-02T09:00:00+01:00)`);
  }
  const t = Date.parse(s);
  if (!Number.isFinite(t)) throw new Error(`${field}: ${JSON.stringify(s)} is not a valid time`);
  return t;
}

const cache = new WeakMap<object, CompiledSchedule>();
function compiled(s: Schedule | CompiledSchedule): CompiledSchedule {
  if ('day' in s && typeof s.day === 'function') return s;
  const key = s as Schedule;
  let c = cache.get(key);
  if (!c) {
    c = compileSchedule(key);
    cache.set(key, c);
  }
  return c;
}
const pausesMs = (o?: SlaOptions): Pause[] => (o?.pauses ?? []).map(([a, b], i) => [parseInstant(a, `pauses[${i}][0]`), parseInstant(b, `pauses[${i}][1]`)] as const);
const out = (t: number) => new Date(t).toISOString();

/** The earliest instant at which `minutes` business minutes have elapsed since `start`. */
export function addBusinessMinutes(schedule: Schedule | CompiledSchedule, start: string, minutes: number, options?: SlaOptions): string {
  const t = parseInstant(start, 'start');
  if (!Number.isFinite(minutes) || minutes < 0) throw new Error(`minutes: ${minutes} must be a finite number ≥ 0`);
  if (minutes === 0) return start;
  return out(addBusinessMs(compiled(schedule), t, Math.round(minutes * 60_000), pausesMs(options)));
}

/** Business minutes (fractional for seconds) in [start, end); 0 when end <= start. */
export function businessMinutesBetween(schedule: Schedule | CompiledSchedule, start: string, end: string, options?: SlaOptions): number {
  return businessMsBetween(compiled(schedule), parseInstant(start, 'start'), parseInstant(end, 'end'), pausesMs(options)) / 60_000;
}

/** Is `at` business time? (Half-open intervals: the opening instant is, the closing one is not.) */
export function isBusinessTime(schedule: Schedule | CompiledSchedule, at: string): boolean {
  return isBusinessMs(compiled(schedule), parseInstant(at, 'at'));
}
