// renderer/features/reports: the pure parts of the Reports tab — a picked period (month, quarter or
// custom days) as the [from, to) instants `reports.kpis` takes, in one time zone (a client's contract
// zone, or UTC for all clients); the change against the previous period; and the number, percent and
// duration formatting of the figures with Intl in the UI language.
import { daysFromCivil, DAY_MS } from '../../../shared/billing/civil';
import { localToUtc } from '../../../shared/sla/tz';

export type PeriodKind = 'month' | 'quarter' | 'custom';
/**
 * month: "YYYY-MM"; quarter: "YYYY-Qn"; custom: two local dates "YYYY-MM-DD", both days included.
 */
export type PeriodPick =
  | { kind: 'month'; month: string }
  | { kind: 'quarter'; quarter: string }
  | { kind: 'custom'; fromDay: string; toDay: string };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a civil date (y, m, d may overflow: month 13 = next January) in a zone. */
function midnight(zone: string, y: number, m: number, d: number): number {
  const yy = y + Math.floor((m - 1) / 12);
  const mm = ((((m - 1) % 12) + 12) % 12) + 1;
  return localToUtc(zone, (daysFromCivil(yy, mm, 1) + d - 1) * DAY_MS);
}

function parseDay(s: string): [number, number, number] | null {
  const m = DAY.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Reject dates that do not exist (2026-02-30): the civil day must round-trip.
  const t = daysFromCivil(y, mo, d) * DAY_MS;
  if (new Date(t).toISOString().slice(0, 10) !== s) return null;
  return [y, mo, d];
}

/**
 * The instants [from, to) of a picked period in a zone, or an error key (reports.invalid.*) when the
 * pick cannot be a period (malformed, or a custom range that ends before it starts).
 */
export function periodBounds(
  pick: PeriodPick,
  zone: string,
): { from: string; to: string } | { error: 'format' | 'order' } {
  let from: number;
  let to: number;
  if (pick.kind === 'month') {
    const m = MONTH.exec(pick.month);
    if (!m) return { error: 'format' };
    from = midnight(zone, Number(m[1]), Number(m[2]), 1);
    to = midnight(zone, Number(m[1]), Number(m[2]) + 1, 1);
  } else if (pick.kind === 'quarter') {
    const q = QUARTER.exec(pick.quarter);
    if (!q) return { error: 'format' };
    const first = (Number(q[2]) - 1) * 3 + 1;
    from = midnight(zone, Number(q[1]), first, 1);
    to = midnight(zone, Number(q[1]), first + 3, 1);
  } else {
    const a = parseDay(pick.fromDay);
    const b = parseDay(pick.toDay);
    if (!a || !b) return { error: 'format' };
    from = midnight(zone, a[0], a[1], a[2]);
    to = midnight(zone, b[0], b[1], b[2] + 1);
    if (!(to > from)) return { error: 'order' };
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** Today's month ("YYYY-MM") and quarter ("YYYY-Qn") in a zone. */
export function currentMonth(zone: string, now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' })
    .format(now)
    .slice(0, 7);
}
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The local dates of [from, to) in a zone, "to" as the last day included (for the period line). */
export function shownDays(
  from: string,
  to: string,
  zone: string,
  lang: string,
): { first: string; last: string } {
  const f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: zone });
  return { first: f.format(Date.parse(from)), last: f.format(Date.parse(to) - 1) };
}

export type Direction = 'up' | 'down' | 'same' | 'none';
export type Delta = {
  direction: Direction;
  /** current − previous (null when either is missing). */
  diff: number | null;
  /** The change relative to the previous value, as a fraction (null when previous is 0 or missing). */
  ratio: number | null;
};

/** The change of a figure against the previous period's value. */
export function delta(current: number | null, previous: number | null): Delta {
  if (current == null || previous == null) return { direction: 'none', diff: null, ratio: null };
  const diff = current - previous;
  // Figures are computed from the same integers in both periods: a difference below a millionth is rounding.
  const direction: Direction = Math.abs(diff) < 1e-6 ? 'same' : diff > 0 ? 'up' : 'down';
  return {
    direction,
    diff: direction === 'same' ? 0 : diff,
    ratio: previous === 0 ? null : (direction === 'same' ? 0 : diff) / Math.abs(previous),
  };
}

const cache = new Map<string, Intl.NumberFormat>();
function nf(lang: string, key: string, o: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `${lang}|${key}`;
  let f = cache.get(k);
  if (!f) cache.set(k, (f = new Intl.NumberFormat(lang, o)));
  return f;
}

/** A count ("1,234" / "1.234" / "1 234"). */
export const formatCount = (n: number, lang: string): string =>
  nf(lang, 'count', { maximumFractionDigits: 0 }).format(n);

/** A percentage given in percent (87.5 → "87.5%"), at most one decimal. */
export const formatPct = (pct: number, lang: string): string =>
  nf(lang, 'pct', { style: 'percent', maximumFractionDigits: 1 }).format(pct / 100);

/** A signed count ("+12", "−3", "0"). */
export const formatSignedCount = (n: number, lang: string): string =>
  nf(lang, 'scount', { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(n);

/** A signed relative change (0.25 → "+25%"). */
export const formatSignedRatio = (r: number, lang: string): string =>
  nf(lang, 'sratio', {
    style: 'percent',
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  }).format(r);

/** A signed change in percentage points (+2.5 → "+2.5 pp" is built by the caller's i18n string). */
export const formatSignedPoints = (n: number, lang: string): string =>
  nf(lang, 'spts', { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(n);

/**
 * Minutes as a duration: under an hour in minutes with at most one decimal ("12.5 min"), else hours
 * and whole minutes ("3 h 5 min"), else days and hours ("2 d 4 h"), in the language's unit names.
 */
export function formatMinutes(minutes: number, lang: string): string {
  const neg = minutes < 0;
  const abs = Math.abs(minutes);
  const unit = (v: number, u: 'minute' | 'hour' | 'day', digits = 0) =>
    nf(lang, `u-${u}-${digits}`, {
      style: 'unit',
      unit: u,
      unitDisplay: 'short',
      maximumFractionDigits: digits,
    }).format(v);
  let s: string;
  if (abs < 60) s = unit(Math.round(abs * 10) / 10, 'minute', 1);
  else {
    const whole = Math.round(abs);
    const d = Math.floor(whole / 1440);
    const h = Math.floor((whole % 1440) / 60);
    const m = whole % 60;
    s = d > 0 ? `${unit(d, 'day')} ${unit(h, 'hour')}` : `${unit(h, 'hour')} ${unit(m, 'minute')}`;
  }
  return neg ? `−${s}` : s;
}

/** Seconds as decimal hours with at most one decimal ("12.5"), for charts and tables of effort. */
export const hoursOf = (seconds: number): number => Math.round(seconds / 360) / 10;
export const formatHoursShort = (seconds: number, lang: string): string =>
  nf(lang, 'hours', {
    style: 'unit',
    unit: 'hour',
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(hoursOf(seconds));
