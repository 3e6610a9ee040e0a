// shared/sla: the business schedule document (import/export JSON) and its validation.
import { z } from 'zod';
import { isValidZone, parseDate } from './tz';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type Interval = [string, string];
export type Schedule = {
  /** IANA time zone, e.g. "Europe/Copenhagen". */
  timezone: string;
  /** Local business intervals per weekday; "24:00" is the next local midnight. */
  weekly: Record<Weekday, Interval[]>;
  /** Local dates (YYYY-MM-DD) on which every interval starting that day is dropped. */
  holidays: string[];
};

export class ScheduleError extends Error {
  constructor(
    public readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ScheduleError';
  }
}

export type ScheduleIssue = { field: string; message: string };

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Structural schema (the semantic checks — zone, overlaps, order, dates — are in validateSchedule). */
export const ScheduleSchema = z.object({
  timezone: z.string(),
  weekly: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
  holidays: z.array(z.string()).default([]),
});

/** Every problem of a schedule document, each naming the field. Empty = valid. */
export function validateSchedule(input: unknown): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [{ field: '(schedule)', message: 'must be an object with timezone, weekly and holidays' }];
  const doc = input as Record<string, unknown>;
  if (typeof doc.timezone !== 'string' || !isValidZone(doc.timezone)) {
    issues.push({ field: 'timezone', message: `unknown IANA time zone ${JSON.stringify(doc.timezone)}` });
  }
  const weekly = doc.weekly;
  if (typeof weekly !== 'object' || weekly === null || Array.isArray(weekly)) {
    issues.push({ field: 'weekly', message: 'must be an object with keys mon..sun' });
  } else {
    for (const key of Object.keys(weekly)) {
      if (!(WEEKDAYS as readonly string[]).includes(key)) issues.push({ field: `weekly.${key}`, message: 'unknown weekday (use mon, tue, wed, thu, fri, sat, sun)' });
    }
    for (const day of WEEKDAYS) {
      const list = (weekly as Record<string, unknown>)[day];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        issues.push({ field: `weekly.${day}`, message: 'must be a list of ["HH:MM","HH:MM"] intervals' });
        continue;
      }
      const ok: [number, number, number][] = [];
      list.forEach((iv, i) => {
        const f = `weekly.${day}[${i}]`;
        if (!Array.isArray(iv) || iv.length !== 2 || typeof iv[0] !== 'string' || typeof iv[1] !== 'string') {
          issues.push({ field: f, message: 'must be ["HH:MM","HH:MM"]' });
          return;
        }
        const [a, b] = iv as [string, string];
        if (!TIME.test(a) || a === '24:00') return void issues.push({ field: `${f}[0]`, message: `"${a}" is not a time from 00:00 to 23:59` });
        if (!TIME.test(b)) return void issues.push({ field: `${f}[1]`, message: `"${b}" is not a time from 00:01 to 24:00` });
        const s = minutesOf(a), e = minutesOf(b);
        if (e <= s) {
          return void issues.push({ field: f, message: `interval ${a}–${b} is reversed or empty (split an overnight shift at midnight: ["${a}","24:00"] and ["00:00","${b}"] on the next day)` });
        }
        ok.push([s, e, i]);
      });
      ok.sort((x, y) => x[0] - y[0]);
      for (let k = 1; k < ok.length; k++) {
        if (ok[k]![0] < ok[k - 1]![1]) issues.push({ field: `weekly.${day}[${ok[k]![2]}]`, message: `overlaps weekly.${day}[${ok[k - 1]![2]}]` });
      }
    }
  }
  if (doc.holidays !== undefined) {
    if (!Array.isArray(doc.holidays)) issues.push({ field: 'holidays', message: 'must be a list of YYYY-MM-DD dates' });
    else doc.holidays.forEach((h, i) => {
      if (typeof h !== 'string' || Number.isNaN(parseDate(h))) issues.push({ field: `holidays[${i}]`, message: `${JSON.stringify(h)} is not a real date (YYYY-MM-DD)` });
    });
  }
  return issues;
}

/** Validates and normalizes (missing weekdays = closed, holidays sorted and unique). Throws ScheduleError. */
export function parseSchedule(input: unknown): Schedule {
  const issues = validateSchedule(input);
  if (issues.length > 0) throw new ScheduleError(issues[0]!.field, issues.map((i) => (i === issues[0] ? i.message : `${i.field}: ${i.message}`)).join('; '));
  const doc = input as { timezone: string; weekly: Partial<Record<Weekday, Interval[]>>; holidays?: string[] };
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, [...(doc.weekly[d] ?? [])].map(([a, b]) => [a, b] as Interval).sort((x, y) => minutesOf(x[0]) - minutesOf(y[0]))])) as Record<Weekday, Interval[]>;
  return { timezone: doc.timezone, weekly, holidays: [...new Set(doc.holidays ?? [])].sort() };
}

/** Around the clock in UTC: calendar time through the same API. */
export const ALWAYS: Schedule = {
  timezone: 'UTC',
  weekly: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']], wed: [['00:00', '24:00']], thu: [['00:00', '24:00']], fri: [['00:00', '24:00']], sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] },
  holidays: [],
};
