// shared/billing: duration rounding (per entry or per group) and Kimai-style clock-time rounding.
// Pure integer arithmetic on whole seconds (durations) and epoch milliseconds (clock times).
//
// Conventions:
// - Modes: 'up' (ceiling), 'down' (floor), 'nearest' (ties round UP: 7:30 to 15 minutes is 15:00).
//   Note: Kimai's "closest" rounds an exact tie DOWN (its test: remainder > half goes up); ours goes
//   up, as the issue specifies and as date-fns' roundToNearestMinutes does.
// - Intervals: 1, 5, 6, 10, 12, 15, 30 or 60 minutes (Toggl's list without its 4 hours; Harvest and
//   Clockify offer subsets). Anything else is refused with a BillingError.
// - 0 stays 0 in every mode (an empty entry is not rounded up to an interval).
// - Per entry: each entry is rounded, then summed (Harvest, Clockify and Toggl's "individual
//   entries"). Per group: the raw sum is rounded once (Toggl's "grouped entries").
// - Clock rounding (roundClock) rounds the start and the end instants on a grid aligned to the hour
//   of the wall clock written in each ISO string (its own UTC offset), as Kimai rounds timestamps; for
//   whole-hour offsets this is exactly Kimai's epoch alignment. Duration = rounded end - rounded start;
//   if rounding puts the end before the start, the end is moved to the start (duration 0).
import { DAY_MS, daysFromCivil, daysInMonth, wallClock } from './civil';
import { BillingError, nonNegativeInt } from './errors';

export const ROUNDING_INTERVALS = [1, 5, 6, 10, 12, 15, 30, 60] as const;
export type RoundingInterval = (typeof ROUNDING_INTERVALS)[number];
export type RoundingMode = 'up' | 'down' | 'nearest';
export const ROUNDING_MODES: readonly RoundingMode[] = ['up', 'down', 'nearest'];

export type RoundingRule = {
  mode: RoundingMode;
  intervalMinutes: number;
  scope: 'entry' | 'group';
};
export type ClockRoundingRule = { start: RoundingMode; end: RoundingMode; intervalMinutes: number };

export function checkInterval(value: unknown, field = 'rule.intervalMinutes'): number {
  if (!(ROUNDING_INTERVALS as readonly unknown[]).includes(value)) {
    throw new BillingError(
      field,
      `${JSON.stringify(value)} is not one of ${ROUNDING_INTERVALS.join(', ')}`,
    );
  }
  return value as number;
}

export function checkMode(value: unknown, field: string): RoundingMode {
  if (!(ROUNDING_MODES as readonly unknown[]).includes(value)) {
    throw new BillingError(field, `${JSON.stringify(value)} is not one of up, down, nearest`);
  }
  return value as RoundingMode;
}

/** Rounds a non-negative integer `value` to a multiple of `step` (a positive integer). */
export function roundToStep(value: number, step: number, mode: RoundingMode): number {
  const r = value % step;
  if (r === 0) return value;
  const below = value - r;
  if (mode === 'down') return below;
  if (mode === 'up') return below + step;
  return 2 * r >= step ? below + step : below;
}

/** Rounds whole seconds to the interval. */
export function roundSeconds(seconds: number, mode: RoundingMode, intervalMinutes: number): number {
  nonNegativeInt(seconds, 'seconds');
  checkMode(mode, 'mode');
  return roundToStep(seconds, 60 * checkInterval(intervalMinutes, 'intervalMinutes'), mode);
}

function checkRule(rule: RoundingRule): void {
  if (rule === null || typeof rule !== 'object') throw new BillingError('rule', 'is not an object');
  checkMode(rule.mode, 'rule.mode');
  checkInterval(rule.intervalMinutes);
  if (rule.scope !== 'entry' && rule.scope !== 'group') {
    throw new BillingError(
      'rule.scope',
      `${JSON.stringify(rule.scope)} is not one of entry, group`,
    );
  }
}

/**
 * Rounds entry durations (whole seconds). Per entry: each entry is rounded and the rounded list is
 * returned with its sum. Per group: the sum is rounded once and `roundedEntriesSeconds` is null.
 */
export function roundEntries(
  entriesSeconds: number[],
  rule: { mode: 'up' | 'down' | 'nearest'; intervalMinutes: number; scope: 'entry' | 'group' },
): { roundedEntriesSeconds: number[] | null; totalSeconds: number } {
  checkRule(rule);
  if (!Array.isArray(entriesSeconds)) throw new BillingError('entriesSeconds', 'is not an array');
  const step = rule.intervalMinutes * 60;
  let raw = 0;
  for (let i = 0; i < entriesSeconds.length; i++)
    raw += nonNegativeInt(entriesSeconds[i], `entriesSeconds[${i}]`);
  if (!Number.isSafeInteger(raw)) throw new BillingError('entriesSeconds', 'the sum is too large');
  if (rule.scope === 'group')
    return { roundedEntriesSeconds: null, totalSeconds: roundToStep(raw, step, rule.mode) };
  const rounded = entriesSeconds.map((s) => roundToStep(s, step, rule.mode));
  let total = 0;
  for (const s of rounded) total += s;
  if (!Number.isSafeInteger(total))
    throw new BillingError('entriesSeconds', 'the rounded sum is too large');
  return { roundedEntriesSeconds: rounded, totalSeconds: total };
}

/** An instant parsed from ISO-8601 with its written UTC offset. */
export type ParsedInstant = { ms: number; offsetMinutes: number; utc: boolean };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

/** Strict ISO-8601 date-time WITH an offset ("2026-03-02T09:07:35+01:00", "...Z"); BillingError otherwise. */
export function parseIsoWithOffset(s: unknown, field: string): ParsedInstant {
  const m = typeof s === 'string' ? ISO.exec(s) : null;
  const bad = () =>
    new BillingError(
      field,
      `${JSON.stringify(s)} is not an ISO-8601 date-time with an offset (e.g. "2026-03-02T09:07:35+01:00")`,
    );
  if (!m) throw bad();
  const y = +m[1]!,
    mo = +m[2]!,
    d = +m[3]!,
    h = +m[4]!,
    mi = +m[5]!;
  const sec = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offH = m[10] ? Number(m[10]) : 0;
  const offM = m[11] ? Number(m[11]) : 0;
  if (
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > daysInMonth(y, mo) ||
    h > 23 ||
    mi > 59 ||
    sec > 59 ||
    offH > 23 ||
    offM > 59
  )
    throw bad();
  const offsetMinutes = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (offH * 60 + offM);
  return {
    ms:
      daysFromCivil(y, mo, d) * DAY_MS +
      ((h * 60 + mi) * 60 + sec) * 1000 +
      ms -
      offsetMinutes * 60_000,
    offsetMinutes,
    utc: Boolean(m[8]),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Formats an instant on the wall clock of the given offset: "2026-03-02T09:15:00+01:00" (or "...Z"). */
export function formatWithOffset(ms: number, offsetMinutes: number, utc: boolean): string {
  const l = wallClock(ms + offsetMinutes * 60_000);
  const frac = l.ms ? `.${pad(l.ms, 3)}` : '';
  const body = `${pad(l.y, 4)}-${pad(l.mo)}-${pad(l.d)}T${pad(l.h)}:${pad(l.mi)}:${pad(l.s)}${frac}`;
  if (utc) return `${body}Z`;
  const a = Math.abs(offsetMinutes);
  return `${body}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Rounds an instant (epoch ms) on the hour-aligned grid of the wall clock at `offsetMinutes`. */
export function roundInstantMs(
  ms: number,
  offsetMinutes: number,
  mode: RoundingMode,
  stepMs: number,
): number {
  const localMs = ms + offsetMinutes * 60_000;
  // Shift by a whole number of steps so the value is non-negative (instants before 1970).
  const shift = localMs < 0 ? Math.ceil(-localMs / stepMs) * stepMs : 0;
  return roundToStep(localMs + shift, stepMs, mode) - shift - offsetMinutes * 60_000;
}

/** Clock rounding on epoch ms: [start, end] rounded, end never before start. */
export function roundClockMs(
  startMs: number,
  startOffset: number,
  endMs: number,
  endOffset: number,
  rule: ClockRoundingRule,
): [number, number] {
  const stepMs = rule.intervalMinutes * 60_000;
  const start = roundInstantMs(startMs, startOffset, rule.start, stepMs);
  return [start, Math.max(start, roundInstantMs(endMs, endOffset, rule.end, stepMs))];
}

/**
 * Clock-time rounding of a start and an end (Kimai's rounding of begin and end). Each instant keeps
 * the offset it was written with; the result has no sub-second part when rounding moved it.
 */
export function roundClock(
  startIso: string,
  endIso: string,
  rule: {
    start: 'up' | 'down' | 'nearest';
    end: 'up' | 'down' | 'nearest';
    intervalMinutes: number;
  },
): { start: string; end: string; totalSeconds: number } {
  if (rule === null || typeof rule !== 'object') throw new BillingError('rule', 'is not an object');
  checkMode(rule.start, 'rule.start');
  checkMode(rule.end, 'rule.end');
  checkInterval(rule.intervalMinutes);
  const a = parseIsoWithOffset(startIso, 'startIso');
  const b = parseIsoWithOffset(endIso, 'endIso');
  if (b.ms < a.ms) throw new BillingError('endIso', `${endIso} is before startIso ${startIso}`);
  const [start, end] = roundClockMs(a.ms, a.offsetMinutes, b.ms, b.offsetMinutes, rule);
  return {
    start: formatWithOffset(start, a.offsetMinutes, a.utc),
    end: formatWithOffset(end, b.offsetMinutes, b.utc),
    totalSeconds: (end - start) / 1000,
  };
}
