// shared/sla: the compiled business calendar and the hot-path arithmetic on epoch milliseconds.
// Each local day's business intervals are converted to UTC once and cached, so adding business
// time walks cached arrays without touching Intl.
import { minutesOf, parseSchedule, WEEKDAYS, type Schedule } from './schedule';
import { DAY_MS, localToUtc, offsetAt, parseDate, weekdayOf } from './tz';

export type Pause = readonly [number, number];

export type CompiledSchedule = {
  readonly schedule: Schedule;
  /** Business intervals of local day `day` as a flat [start, end, start, end, ...] in UTC ms. */
  day(day: number): Float64Array;
  /** Local day number containing instant t. */
  dayOf(t: number): number;
  /** Business minutes in a whole week with no holidays (0 = the schedule never opens). */
  readonly weeklyMinutes: number;
  /** Business ms from a fixed reference day to the start of local day `day` (prefix sums, cached). */
  cumBefore(day: number): number;
};

const EMPTY = new Float64Array(0);

export function compileSchedule(input: Schedule): CompiledSchedule {
  const schedule = parseSchedule(input);
  const zone = schedule.timezone;
  const holidays = new Set(schedule.holidays.map(parseDate));
  const perWeekday = WEEKDAYS.map((d) => schedule.weekly[d].map(([a, b]) => [minutesOf(a), minutesOf(b)] as const));
  const weeklyMinutes = perWeekday.reduce((s, list) => s + list.reduce((x, [a, b]) => x + (b - a), 0), 0);
  const days = new Map<number, Float64Array>();
  const starts = new Map<number, number>();

  const dayStart = (day: number): number => {
    let s = starts.get(day);
    if (s === undefined) {
      s = localToUtc(zone, day * DAY_MS);
      starts.set(day, s);
    }
    return s;
  };

  const cum: number[] = [];
  let cumBase = 0;
  const dayTotal = (d: number) => {
    const iv = compiled.day(d);
    let t = 0;
    for (let k = 0; k < iv.length; k += 2) t += iv[k + 1]! - iv[k]!;
    return t;
  };

  const compiled: CompiledSchedule = {
    schedule,
    weeklyMinutes,
    day(day) {
      let arr = days.get(day);
      if (arr) return arr;
      const list = holidays.has(day) ? [] : perWeekday[weekdayOf(day)]!;
      if (list.length === 0) arr = EMPTY;
      else {
        arr = new Float64Array(list.length * 2);
        let n = 0;
        for (const [a, b] of list) {
          const s = localToUtc(zone, day * DAY_MS + a * 60_000);
          const e = b === 1440 ? dayStart(day + 1) : localToUtc(zone, day * DAY_MS + b * 60_000);
          // A DST gap can swallow an interval (e.g. 02:00–02:30 on spring-forward day): drop it.
          if (e > s && (n === 0 || s >= arr[n - 1]!)) {
            arr[n++] = s;
            arr[n++] = e;
          } else if (e > s && n > 0) {
            arr[n - 1] = Math.max(arr[n - 1]!, e);
          }
        }
        arr = n === arr.length ? arr : arr.slice(0, n);
      }
      if (days.size > 200_000) days.clear();
      days.set(day, arr);
      return arr;
    },
    cumBefore(day) {
      // Prefix sums over whole days, extended lazily in both directions: spans of months or years
      // cost O(1) after the first use instead of a walk over every day.
      if (cum.length === 0) {
        cumBase = day;
        cum.push(0);
      }
      while (day < cumBase) {
        const prev = cumBase - 1;
        const total = dayTotal(prev);
        for (let i = 0; i < cum.length; i++) cum[i]! += total;
        cum.unshift(0);
        cumBase = prev;
      }
      while (day - cumBase >= cum.length) {
        const last = cumBase + cum.length - 1;
        cum.push(cum[cum.length - 1]! + dayTotal(last));
      }
      return cum[day - cumBase]!;
    },
    dayOf(t) {
      // Guess from the current offset, then fix with the cached day starts (no Intl after warm-up).
      let d = Math.floor(t / DAY_MS);
      if (dayStart(d) > t) d--;
      else if (dayStart(d + 1) <= t) d++;
      if (dayStart(d) > t) d--;
      return d;
    },
  };
  void offsetAt;
  return compiled;
}

/** Sorted, merged, non-empty pauses. */
export function normalizePauses(pauses: ReadonlyArray<Pause> | undefined): Pause[] {
  if (!pauses || pauses.length === 0) return [];
  const s = pauses.filter(([a, b]) => b > a).map(([a, b]) => [a, b] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const p of s) {
    const last = out[out.length - 1];
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else out.push(p);
  }
  return out;
}

const MAX_DAYS = 366 * 200;

/**
 * The earliest instant at which `ms` business milliseconds have elapsed since `start`
 * (pauses excluded). 0 returns `start`. A target that exactly fills a period ends at its close.
 */
export function addBusinessMs(c: CompiledSchedule, start: number, ms: number, pauses?: ReadonlyArray<Pause>): number {
  if (!(ms > 0)) return start;
  if (c.weeklyMinutes === 0) throw new Error('The schedule has no business hours: a business-time target can never be reached');
  const ps = normalizePauses(pauses);
  let pi = 0;
  let left = ms;
  let d = c.dayOf(start);
  for (let guard = 0; guard < MAX_DAYS; guard++, d++) {
    const iv = c.day(d);
    for (let k = 0; k < iv.length; k += 2) {
      let a = iv[k]!;
      const b = iv[k + 1]!;
      if (b <= start) continue;
      if (a < start) a = start;
      // Walk the free parts of [a, b) between pauses.
      while (a < b) {
        while (pi < ps.length && ps[pi]![1] <= a) pi++;
        const p = ps[pi];
        let segEnd = b;
        if (p && p[0] <= a) {
          a = Math.min(b, p[1]);
          continue;
        }
        if (p && p[0] < b) segEnd = p[0];
        const len = segEnd - a;
        if (len >= left) return a + left;
        left -= len;
        a = segEnd;
      }
    }
  }
  throw new Error('Business-time target is more than 200 years away (are all days holidays?)');
}

/** Business milliseconds in [a, b), pauses excluded. 0 when b <= a. */
export function businessMsBetween(c: CompiledSchedule, a: number, b: number, pauses?: ReadonlyArray<Pause>): number {
  if (!(b > a)) return 0;
  let total = plainBetween(c, a, b);
  // Pauses are merged and disjoint: subtract the business time inside each (clipped to [a, b)).
  for (const [x, y] of normalizePauses(pauses)) {
    const s = Math.max(x, a), e = Math.min(y, b);
    if (e > s) total -= plainBetween(c, s, e);
  }
  return total;
}

function plainBetween(c: CompiledSchedule, a: number, b: number): number {
  const da = c.dayOf(a);
  const db = c.dayOf(b);
  const partial = (d: number) => {
    const iv = c.day(d);
    let t = 0;
    for (let k = 0; k < iv.length; k += 2) {
      const s = Math.max(iv[k]!, a);
      const e = Math.min(iv[k + 1]!, b);
      if (e > s) t += e - s;
    }
    return t;
  };
  if (db - da <= 1) return da === db ? partial(da) : partial(da) + partial(db);
  // First and last day partially, whole days between from the prefix sums. The lower bound first:
  // extending the table backwards rebases it, extending forwards does not.
  const lo = c.cumBefore(da + 1);
  const hi = c.cumBefore(db);
  return partial(da) + (hi - lo) + partial(db);
}

/** Intervals are half-open: the opening instant is business time, the closing one is not. */
export function isBusinessMs(c: CompiledSchedule, t: number): boolean {
  const iv = c.day(c.dayOf(t));
  for (let k = 0; k < iv.length; k += 2) if (t >= iv[k]! && t < iv[k + 1]!) return true;
  return false;
}

/** The next instant after `t` at which business time opens or closes (for live countdowns). */
export function nextBusinessChange(c: CompiledSchedule, t: number): number | null {
  let d = c.dayOf(t);
  for (let guard = 0; guard < 366 * 2; guard++, d++) {
    const iv = c.day(d);
    for (let k = 0; k < iv.length; k++) if (iv[k]! > t) return iv[k]!;
  }
  return null;
}
