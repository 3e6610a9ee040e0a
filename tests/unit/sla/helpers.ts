// Schedules shared by the business-time tests.
import type { Interval, Schedule, Weekday } from '../../../shared/sla';

export const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function weekly(o: Partial<Record<Weekday, Interval[]>>): Schedule['weekly'] {
  return Object.fromEntries(DAYS.map((d) => [d, o[d] ?? []])) as Schedule['weekly'];
}

/** Every weekday (Mon–Fri) the same intervals. */
export function workdays(
  timezone: string,
  intervals: Interval[],
  holidays: string[] = [],
): Schedule {
  return {
    timezone,
    weekly: weekly({
      mon: intervals,
      tue: intervals,
      wed: intervals,
      thu: intervals,
      fri: intervals,
    }),
    holidays,
  };
}

export const nineToFive = (timezone: string, holidays: string[] = []): Schedule =>
  workdays(timezone, [['09:00', '17:00']], holidays);

/** Around the clock every day in a zone (a 25-hour day counts 1,500 minutes). */
export const allDay = (timezone: string): Schedule => ({
  timezone,
  weekly: weekly(Object.fromEntries(DAYS.map((d) => [d, [['00:00', '24:00']]]))),
  holidays: [],
});

/** The same intervals on one weekday only. */
export const only = (
  timezone: string,
  day: Weekday,
  intervals: Interval[],
  holidays: string[] = [],
): Schedule => ({ timezone, weekly: weekly({ [day]: intervals }), holidays });

export const ms = Date.parse;
export const iso = (t: number) => new Date(t).toISOString();
