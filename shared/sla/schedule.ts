// shared/sla: the business schedule document (import/export JSON) and its validation.
//
//   { "timezone": "Europe/Copenhagen",
//     "weekly": { "mon": [["09:00","12:00"],["13:00","17:00"]], ..., "sun": [] },
//     "holidays": ["2026-12-24", "2026-12-25"] }
//
// - timezone: an IANA zone name.
// - weekly: per weekday (mon..sun; a missing day is closed) a list of local intervals
//   ["HH:MM","HH:MM"], start inclusive, end exclusive. "24:00" is the next local midnight.
//   An overnight shift is written as one interval that ends earlier than it starts, e.g. Monday
//   ["22:00","06:00"]; it is split at midnight: Mon 22:00–24:00 plus 00:00–06:00 *belonging to
//   Tuesday* (for holidays as well: see below). Such a shift may be at most 12 hours long; a longer
//   "wrapped" interval (e.g. ["13:00","12:00"]) is reported as reversed, because it is almost
//   always a typo — write the two halves explicitly if you mean it.
// - holidays: local dates (YYYY-MM-DD). On a holiday every interval STARTING that date is
//   dropped: the day's own intervals (the evening half of its overnight shift included), and the
//   after-midnight half of the previous day's overnight shift (it starts at 00:00 on the holiday).
//   The after-midnight half of the holiday's own shift belongs to the next day: it is kept unless
//   that day is a holiday too.
// - Intervals of a day (after splitting overnight shifts) must not overlap; touching is fine.
import { z } from 'zod';
import { isValidZone, parseDate } from './tz';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type Interval = [string, string];
export type Schedule = {
  /** IANA time zone, e.g. "Europe/Copenhagen". */
  timezone: string;
  /** Local business intervals per weekday; "24:00" is the next local midnight; an interval ending before it starts is an overnight shift. */
  weekly: Record<Weekday, Interval[]>;
  /** Local dates (YYYY-MM-DD) on which every interval starting that date is dropped. */
  holidays: string[];
};

export type ScheduleIssue = { field: string; message: string };

export class ScheduleError extends Error {
  readonly field: string;
  readonly issues: ScheduleIssue[];
  constructor(issues: ScheduleIssue[]) {
    const first = issues[0] ?? { field: '(schedule)', message: 'invalid' };
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    this.name = 'ScheduleError';
    this.field = first.field;
    this.issues = issues;
  }
}

/** Bounds of a schedule document (validation is linear in them; nothing larger is even walked). */
export const MAX_INTERVALS_PER_DAY = 48;
export const MAX_HOLIDAYS = 2000;

/** The longest overnight shift written as one wrapped interval. */
export const MAX_OVERNIGHT_MINUTES = 12 * 60;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
/** "HH:MM" -> minutes since local midnight ("24:00" -> 1440). No validation. */
export const minutesOf = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * A weekday's effective intervals in minutes of that local day [start, end) (end <= 1440), after
 * splitting overnight shifts; `day`/`index` say which written interval it came from and `spill`
 * whether it is the after-midnight half of the previous day's overnight shift.
 */
export type DayPart = { start: number; end: number; day: Weekday; index: number; spill: boolean };

/** Splits a weekly table into per-weekday parts (the after-midnight halves go to the next day); null entries are skipped. */
export function dayParts(
  weekly: Partial<Record<Weekday, ReadonlyArray<readonly [string, string] | null>>>,
): DayPart[][] {
  const out: DayPart[][] = WEEKDAYS.map(() => []);
  WEEKDAYS.forEach((day, w) => {
    (weekly[day] ?? []).forEach((iv, index) => {
      if (!iv) return;
      const s = minutesOf(iv[0]),
        e = minutesOf(iv[1]);
      if (e > s) out[w]!.push({ start: s, end: e, day, index, spill: false });
      else {
        out[w]!.push({ start: s, end: 1440, day, index, spill: false });
        if (e > 0) out[(w + 1) % 7]!.push({ start: 0, end: e, day, index, spill: true });
      }
    });
  });
  for (const list of out) list.sort((x, y) => x.start - y.start || x.end - y.end);
  return out;
}

const TOP = new Set(['timezone', 'weekly', 'holidays']);

/** Every problem of a schedule document, each naming the field (e.g. "weekly.mon[1]"). Empty = valid. */
export function validateSchedule(input: unknown): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const add = (field: string, message: string) => void issues.push({ field, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    add('(schedule)', 'must be an object with timezone, weekly and holidays');
    return issues;
  }
  const doc = input as Record<string, unknown>;
  for (const key of Object.keys(doc)
    .filter((k) => !TOP.has(k))
    .slice(0, 10))
    add(key, 'unknown field (a schedule has timezone, weekly and holidays)');

  if (doc.timezone === undefined)
    add('timezone', 'required: an IANA time zone such as "Europe/Copenhagen"');
  else if (!isValidZone(doc.timezone))
    add(
      'timezone',
      `unknown IANA time zone ${JSON.stringify(doc.timezone)} (e.g. "Europe/Copenhagen", "America/New_York")`,
    );

  const weekly = doc.weekly;
  if (typeof weekly !== 'object' || weekly === null || Array.isArray(weekly)) {
    add(
      'weekly',
      'required: an object with keys mon, tue, wed, thu, fri, sat, sun, each a list of ["HH:MM","HH:MM"] intervals',
    );
  } else {
    const w = weekly as Record<string, unknown>;
    for (const key of Object.keys(w)
      .filter((k) => !(WEEKDAYS as readonly string[]).includes(k))
      .slice(0, 10)) {
      if (!(WEEKDAYS as readonly string[]).includes(key))
        add(
          `weekly.${key}`,
          `unknown weekday ${JSON.stringify(key)} (use mon, tue, wed, thu, fri, sat, sun)`,
        );
    }
    const good: Partial<Record<Weekday, ([string, string] | null)[]>> = {};
    let anyBad = false;
    for (const day of WEEKDAYS) {
      const list = w[day];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        add(`weekly.${day}`, 'must be a list of ["HH:MM","HH:MM"] intervals ([] = closed)');
        anyBad = true;
        continue;
      }
      if (list.length > MAX_INTERVALS_PER_DAY) {
        add(
          `weekly.${day}`,
          `has ${list.length} intervals; at most ${MAX_INTERVALS_PER_DAY} a day`,
        );
        anyBad = true;
        continue;
      }
      const ok: ([string, string] | null)[] = list.map(() => null);
      list.forEach((iv: unknown, i) => {
        const f = `weekly.${day}[${i}]`;
        if (!Array.isArray(iv) || iv.length !== 2)
          return void add(f, `must be ["HH:MM","HH:MM"], got ${JSON.stringify(iv)}`);
        const [a, b] = iv as unknown[];
        let bad = false;
        if (typeof a !== 'string' || !TIME.test(a) || a === '24:00') {
          add(`${f}[0]`, `${JSON.stringify(a)} is not a start time HH:MM from 00:00 to 23:59`);
          bad = true;
        }
        if (typeof b !== 'string' || !TIME.test(b)) {
          add(`${f}[1]`, `${JSON.stringify(b)} is not an end time HH:MM from 00:00 to 24:00`);
          bad = true;
        }
        if (bad) return;
        const s = minutesOf(a as string),
          e = minutesOf(b as string);
        if (e === s) return void add(f, `interval ${a}–${b} is empty`);
        if (e < s && 1440 - s + e > MAX_OVERNIGHT_MINUTES) {
          return void add(
            f,
            `interval ${a}–${b} is reversed (an overnight shift written as one interval may last at most ${MAX_OVERNIGHT_MINUTES / 60} hours; otherwise write ["${a}","24:00"] here and ["00:00","${b}"] on the next day)`,
          );
        }
        ok[i] = [a as string, b as string];
      });
      good[day] = ok;
    }
    // Overlaps, after splitting overnight shifts (so Monday's 22:00–06:00 can collide with Tuesday's 05:00–09:00).
    const parts = dayParts(good);
    let total = 0;
    parts.forEach((list) => {
      for (let k = 0; k < list.length; k++) {
        const p = list[k]!;
        total += p.end - p.start;
        const prev = k > 0 ? list.slice(0, k).reduce((m, q) => (q.end > m.end ? q : m)) : undefined;
        if (!prev || p.start >= prev.end) continue;
        const orig = (q: DayPart) => good[q.day]![q.index]!;
        const name = (q: DayPart) =>
          `${q.spill ? 'the after-midnight part of ' : ''}weekly.${q.day}[${q.index}] (${orig(q)[0]}–${orig(q)[1]})`;
        // Report on the interval written on this weekday (a spill can only collide with those).
        const [at, other] = p.spill ? [prev, p] : [p, prev];
        add(
          `weekly.${at.day}[${at.index}]`,
          `interval ${orig(at)[0]}–${orig(at)[1]} overlaps ${name(other)}`,
        );
      }
    });
    if (!anyBad && issues.every((i) => !i.field.startsWith('weekly')) && total === 0) {
      add(
        'weekly',
        'no business hours on any day: a business-time target could never be reached (use the calendar mode for around-the-clock targets)',
      );
    }
  }

  if (doc.holidays !== undefined) {
    if (!Array.isArray(doc.holidays)) add('holidays', 'must be a list of local dates YYYY-MM-DD');
    else if (doc.holidays.length > MAX_HOLIDAYS)
      add('holidays', `has ${doc.holidays.length} dates; at most ${MAX_HOLIDAYS}`);
    else
      doc.holidays.forEach((h: unknown, i) => {
        if (typeof h !== 'string' || Number.isNaN(parseDate(h)))
          add(`holidays[${i}]`, `${JSON.stringify(h)} is not a real date YYYY-MM-DD`);
      });
  }
  return issues;
}

/**
 * Validates and normalizes: every weekday present (missing = closed), each day's intervals sorted
 * by start, holidays sorted and unique. Intervals are kept as written (an overnight shift stays
 * one interval), so an exported schedule reads like the imported one. Throws ScheduleError.
 */
export function parseSchedule(input: unknown): Schedule {
  const issues = validateSchedule(input);
  if (issues.length > 0) throw new ScheduleError(issues);
  const doc = input as {
    timezone: string;
    weekly: Partial<Record<Weekday, Interval[]>>;
    holidays?: string[];
  };
  const weekly = {} as Record<Weekday, Interval[]>;
  for (const d of WEEKDAYS)
    weekly[d] = (doc.weekly[d] ?? [])
      .map(([a, b]) => [a, b] as Interval)
      .sort((x, y) => minutesOf(x[0]) - minutesOf(y[0]));
  return { timezone: doc.timezone, weekly, holidays: [...new Set(doc.holidays ?? [])].sort() };
}

/** "weekly.mon[1][0]" from a zod-style path. */
export function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || '(schedule)';
}

function toPath(field: string): (string | number)[] {
  if (field === '(schedule)') return [];
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/**
 * The schedule document as a zod schema: the same checks and messages as validateSchedule (each
 * issue's path is the field), output normalized as by parseSchedule.
 */
export const ScheduleSchema = z.unknown().transform((value, ctx): Schedule => {
  const issues = validateSchedule(value);
  if (issues.length === 0) return parseSchedule(value);
  for (const i of issues)
    ctx.issues.push({ code: 'custom', path: toPath(i.field), message: i.message, input: value });
  return z.NEVER;
});

/** Around the clock in UTC: "calendar time" through the same API (every real minute counts). */
export const ALWAYS: Schedule = Object.freeze({
  timezone: 'UTC',
  weekly: Object.freeze(
    Object.fromEntries(
      WEEKDAYS.map((d) => [d, Object.freeze([Object.freeze(['00:00', '24:00'])])]),
    ),
  ),
  holidays: Object.freeze([]),
}) as unknown as Schedule;
