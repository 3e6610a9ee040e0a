// shared/sla: named public-holiday calendars per country (date-holidays, a pure library), expanded
// into the schedule's list of local dates.
//
// Notes on date-holidays' data: holidays have a type (public, bank, optional, school, observance);
// by default only `public` ones are taken (e.g. in Denmark 2026-12-25 and -26 are public, while
// Christmas Eve 2026-12-24 is an `observance`). A holiday that lasts several days (e.g. Russia's
// New Year holidays) contributes every local date it covers; one that starts in the afternoon
// (e.g. Germany's Heiliger Abend from 14:00, a `bank` holiday) counts as its whole date, since a
// schedule's holidays are whole local dates.
import Holidays from 'date-holidays';
import { DAY_MS, formatDate, parseDate } from './tz';

export type HolidayType = 'public' | 'bank' | 'optional' | 'school' | 'observance';
const TYPES: readonly HolidayType[] = ['public', 'bank', 'optional', 'school', 'observance'];

export type HolidayOptions = {
  /** ISO 3166-1 alpha-2 country code, e.g. "DK", "US". */
  country: string;
  /** State / region code within the country, e.g. "NSW" for Australia (optional). */
  state?: string;
  years: readonly number[];
  /** Which holiday types count (default: public only). */
  types?: readonly HolidayType[];
};

export class HolidayError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'HolidayError';
  }
}

/** Local dates (YYYY-MM-DD), sorted and unique, of the country's holidays in the given years. */
export function expandHolidays(o: HolidayOptions): string[] {
  const hd = new Holidays();
  const country = String(o.country ?? '').toUpperCase();
  if (!hd.getCountries()[country])
    throw new HolidayError(
      'country',
      `no holiday calendar for ${JSON.stringify(o.country)} (use an ISO country code such as "DK")`,
    );
  const state = o.state?.toUpperCase();
  if (state && !(hd.getStates(country) ?? {})[state])
    throw new HolidayError(
      'state',
      `no holiday calendar for ${JSON.stringify(o.state)} in ${country}`,
    );
  const types = new Set<string>(o.types ?? ['public']);
  for (const t of types)
    if (!(TYPES as readonly string[]).includes(t))
      throw new HolidayError(
        'types',
        `unknown holiday type ${JSON.stringify(t)} (use ${TYPES.join(', ')})`,
      );
  if (
    !Array.isArray(o.years) ||
    o.years.some((y) => !Number.isInteger(y) || y < 1900 || y > 2200)
  ) {
    throw new HolidayError('years', 'must be a list of years from 1900 to 2200');
  }
  if (state) hd.init(country, state);
  else hd.init(country);
  const out = new Set<string>();
  for (const y of o.years) {
    for (const h of hd.getHolidays(y) ?? []) {
      if (!types.has(h.type)) continue;
      const first = parseDate(h.date.slice(0, 10));
      if (Number.isNaN(first)) continue;
      // Whole local dates covered, from the local start time and the (real) duration, with an
      // hour's margin for daylight saving: a 25-hour Easter Sunday is one date, a 120-hour holiday
      // five, an afternoon-only one its date.
      const startMs = /\d{2}:\d{2}/.test(h.date.slice(11, 16))
        ? (Number(h.date.slice(11, 13)) * 60 + Number(h.date.slice(14, 16))) * 60_000
        : 0;
      const days = Math.max(
        1,
        Math.ceil((startMs + (h.end.getTime() - h.start.getTime()) - 3_600_000) / DAY_MS),
      );
      for (let k = 0; k < days; k++) out.add(formatDate(first + k));
    }
  }
  return [...out].sort();
}

/** Countries with a holiday calendar: code -> name. */
export function holidayCountries(): Record<string, string> {
  return new Holidays().getCountries();
}
