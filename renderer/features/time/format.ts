// renderer/features/time: durations, hours and money formatted for the UI language with Intl, and
// the week arithmetic of the time view (ISO weeks start on Monday).
import { formatMinor } from '../../../shared/billing/money';

/** "1 h 05 min" style: hours and minutes in the locale's unit formatting. */
export function formatDuration(seconds: number, locale: string): string {
  const m = Math.floor(seconds / 60);
  const h = Math.floor(m / 60);
  const unit = (value: number, u: 'hour' | 'minute') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(value);
  return h > 0 ? `${unit(h, 'hour')} ${unit(m % 60, 'minute')}` : unit(m, 'minute');
}

/** A running clock "1:05:09" (digits in the locale's numbering). */
export function formatClock(seconds: number, locale: string): string {
  const n = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const s = Math.max(0, Math.floor(seconds));
  return `${new Intl.NumberFormat(locale, { useGrouping: false }).format(Math.floor(s / 3600))}:${n.format(Math.floor((s % 3600) / 60))}:${n.format(s % 60)}`;
}

/** Decimal hours with two places, as invoices show them ("1,25" in Danish). */
export function formatHours(seconds: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(seconds / 3600);
}

/** Minor units of an ISO 4217 currency, exact (from the integer), in the locale's currency format. */
export function formatMoney(
  minor: number,
  currency: string,
  exponent: number,
  locale: string,
): string {
  const nf = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl takes a decimal string exactly (no float rounding) where supported.
  return nf.format(formatMinor(minor, exponent) as unknown as number);
}

const DAY = 86_400_000;
/** The Monday (YYYY-MM-DD) of the week containing a local calendar date. */
export function mondayOf(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  const wd = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - wd * DAY).toISOString().slice(0, 10);
}
export const addDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** Today's local date in a zone. */
export function todayIn(timeZone: string, now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
