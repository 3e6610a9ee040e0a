// shared/billing: calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian),
// after Howard Hinnant's days_from_civil / civil_from_days. Exports touch a million rows: this avoids
// a Date object per row for parsing and formatting.

export const DAY_MS = 86_400_000;

/** Day number of a calendar date (month 1-12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Calendar date of a day number. */
export function civilFromDays(n: number): { y: number; m: number; d: number } {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

export const daysInMonth = (y: number, m: number): number =>
  m === 2
    ? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(m)
      ? 30
      : 31;

const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Wall-clock fields of local epoch milliseconds (an instant plus its offset). */
export function wallClock(localMs: number): {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
} {
  const day = Math.floor(localMs / DAY_MS);
  let rest = localMs - day * DAY_MS;
  const { y, m, d } = civilFromDays(day);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  return { y, mo: m, d, h, mi, s, ms: rest - s * 1000 };
}

/** "YYYY-MM-DD" of local epoch milliseconds (years 0-9999). */
export function isoDateOf(localMs: number): string {
  const { y, m, d } = civilFromDays(Math.floor(localMs / DAY_MS));
  return `${String(y).padStart(4, '0')}-${p2(m)}-${p2(d)}`;
}
