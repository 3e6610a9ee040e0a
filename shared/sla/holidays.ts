// shared/sla: named public-holiday calendars per country (date-holidays), expanded into the
// schedule's list of local dates.
import Holidays from 'date-holidays';

export type HolidayOptions = { country: string; state?: string; years: number[]; types?: string[] };

/** Local dates (YYYY-MM-DD) of the country's holidays in the given years (public holidays by default). */
export function expandHolidays(o: HolidayOptions): string[] {
  const hd = o.state ? new Holidays(o.country, o.state) : new Holidays(o.country);
  if (!hd.getCountries()[o.country.toUpperCase()] && !hd.getCountries()[o.country]) {
    throw new Error(`country: no holiday calendar for "${o.country}"`);
  }
  const types = new Set(o.types ?? ['public']);
  const out = new Set<string>();
  for (const y of o.years) {
    for (const h of hd.getHolidays(y) ?? []) {
      if (types.has(h.type)) out.add(h.date.slice(0, 10));
    }
  }
  return [...out].sort();
}

/** Countries with a holiday calendar: code -> name. */
export function holidayCountries(): Record<string, string> {
  return new Holidays().getCountries();
}
