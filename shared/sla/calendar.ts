// shared/sla: the compiled business calendar and the hot-path arithmetic on epoch milliseconds.
//
// A compiled schedule converts local days to UTC lazily, 32 local days at a time ("chunks"): each
// chunk holds the UTC instant of every local midnight, every day's business intervals in UTC ms
// and the running total of business ms, so:
// - adding business time walks at most the partial first day, skips whole chunks and whole days
//   with the running totals and ends in one day's intervals;
// - business time between two instants is two partial days plus chunk totals;
// - no Intl call happens once the chunks (and the zone's offsets, see tz.ts) are cached.
// Conventions: see index.ts.
import { dayParts, parseSchedule, type Schedule } from './schedule';
import { DAY_MS, formatDate, parseDate, weekdayOf, zoneClock, type ZoneClock } from './tz';

/** A pause of the clock: [from, to) in epoch ms. */
export type Pause = readonly [number, number];

const K = 32; // local days per chunk
const MAX_CHUNKS = Math.ceil((366 * 200) / K); // a walk never goes further than 200 years (HORIZON_YEARS)

/** @internal */
export type Chunk = {
  readonly n: number;
  /** First local day number of the chunk. */
  readonly d0: number;
  /** K + 1 local midnights in UTC ms (starts[K] is the next chunk's first). */
  readonly starts: Float64Array;
  /** Day i's intervals are iv[idx[i]] .. iv[idx[i + 1] - 1], as [start, end, start, end, ...]. */
  readonly idx: Int32Array;
  readonly iv: Float64Array;
  /** Business ms of the chunk's days before day i; cum[K] is the chunk's total. */
  readonly cum: Float64Array;
};

export class CompiledSchedule {
  /** The validated, normalized schedule. */
  readonly schedule: Schedule;
  readonly timezone: string;
  /** Business minutes in a whole week without holidays. */
  readonly weeklyMinutes: number;
  /** Open around the clock with no holidays (calendar time): the arithmetic is plain subtraction. */
  readonly always: boolean;
  private readonly zc: ZoneClock;
  private readonly holidays: ReadonlySet<number>;
  /** Per weekday (0 = Monday), merged [start, end] minutes of the local day, end <= 1440. */
  private readonly pattern: Int32Array[];
  private readonly chunks = new Map<number, Chunk>();
  private last: Chunk | undefined;

  constructor(input: Schedule) {
    const schedule = parseSchedule(input);
    this.schedule = schedule;
    this.timezone = schedule.timezone;
    this.zc = zoneClock(schedule.timezone);
    this.holidays = new Set(schedule.holidays.map(parseDate));
    this.pattern = dayParts(schedule.weekly).map((parts) => {
      const merged: number[] = [];
      for (const p of parts) {
        const n = merged.length;
        if (n > 0 && p.start <= merged[n - 1]!) merged[n - 1] = Math.max(merged[n - 1]!, p.end);
        else merged.push(p.start, p.end);
      }
      return Int32Array.from(merged);
    });
    let week = 0;
    for (const p of this.pattern) for (let k = 0; k < p.length; k += 2) week += p[k + 1]! - p[k]!;
    this.weeklyMinutes = week;
    this.always =
      this.holidays.size === 0 &&
      this.pattern.every((p) => p.length === 2 && p[0] === 0 && p[1] === 1440);
  }

  /** Local day number (days since 1970-01-01 local) containing instant t. */
  dayOf(t: number): number {
    return this.zc.localDay(t);
  }

  /** @internal The chunk with number n (local days n*K .. n*K + K - 1), built on first use. */
  chunk(n: number): Chunk {
    const l = this.last;
    if (l !== undefined && l.n === n) return l;
    let c = this.chunks.get(n);
    if (c === undefined) {
      if (this.chunks.size > 20_000) this.chunks.clear();
      c = this.build(n);
      this.chunks.set(n, c);
    }
    this.last = c;
    return c;
  }

  /** @internal */
  chunkOfDay(day: number): Chunk {
    return this.chunk(Math.floor(day / K));
  }

  private build(n: number): Chunk {
    const zc = this.zc;
    const d0 = n * K;
    const starts = new Float64Array(K + 1);
    for (let i = 0; i <= K; i++) starts[i] = zc.localToUtc((d0 + i) * DAY_MS);
    const idx = new Int32Array(K + 1);
    const cum = new Float64Array(K + 1);
    const iv: number[] = [];
    for (let i = 0; i < K; i++) {
      const d = d0 + i;
      idx[i] = iv.length;
      let total = 0;
      if (!this.holidays.has(d)) {
        const pat = this.pattern[weekdayOf(d)]!;
        // Map each boundary of the day's (merged, wall-clock) intervals to an instant. Both ends move
        // forward by a spring-forward gap, so an interval that starts in the gap and ends soon after
        // it collapses (02:45–03:10 becomes 03:45–03:10): drop it. Moving forward is not monotone
        // (02:15 -> 03:15 but 03:00 -> 03:00), so the mapped intervals are sorted, then merged.
        // Days without a transition (all but a couple a year): every boundary is local - offset.
        // "Just before the day starts" counts: where midnight itself is skipped (America/Santiago),
        // the transition is the day's first instant and 00:30 must still move forward by the gap.
        const off = zc.offsetAt(starts[i]! - 1);
        const plain = off === zc.offsetAt(starts[i + 1]! - 1);
        const at = (local: number) => (plain ? local - off : zc.localToUtc(local));
        let mapped: number[] = [];
        let sorted = true;
        for (let k = 0; k < pat.length; k += 2) {
          const a = pat[k]!,
            b = pat[k + 1]!;
          const s = a === 0 ? starts[i]! : at(d * DAY_MS + a * 60_000);
          const e = b === 1440 ? starts[i + 1]! : at(d * DAY_MS + b * 60_000);
          if (e <= s) continue;
          if (mapped.length > 0 && s < mapped[mapped.length - 2]!) sorted = false;
          mapped.push(s, e);
        }
        if (!sorted) {
          const pairs: [number, number][] = [];
          for (let k = 0; k < mapped.length; k += 2) pairs.push([mapped[k]!, mapped[k + 1]!]);
          pairs.sort((x, y) => x[0] - y[0]);
          mapped = pairs.flat();
        }
        const first = iv.length;
        for (let k = 0; k < mapped.length; k += 2) {
          const s = mapped[k]!,
            e = mapped[k + 1]!;
          const m = iv.length;
          if (m > first && s <= iv[m - 1]!) {
            const grow = Math.max(iv[m - 1]!, e);
            total += grow - iv[m - 1]!;
            iv[m - 1] = grow;
          } else {
            iv.push(s, e);
            total += e - s;
          }
        }
      }
      cum[i + 1] = cum[i]! + total;
    }
    idx[K] = iv.length;
    return { n, d0, starts, idx, iv: Float64Array.from(iv), cum };
  }

  /** Business intervals of one local date (YYYY-MM-DD or local day number) as UTC ms pairs. */
  intervalsOn(date: string | number): [number, number][] {
    const day = typeof date === 'number' ? date : parseDate(date);
    if (Number.isNaN(day))
      throw new Error(`date: ${JSON.stringify(date)} is not a real date YYYY-MM-DD`);
    const c = this.chunkOfDay(day);
    const i = day - c.d0;
    const out: [number, number][] = [];
    for (let k = c.idx[i]!; k < c.idx[i + 1]!; k += 2) out.push([c.iv[k]!, c.iv[k + 1]!]);
    return out;
  }

  /** The local date (YYYY-MM-DD) of an instant in the schedule's zone. */
  localDate(t: number): string {
    return formatDate(this.dayOf(t));
  }
}

export function compileSchedule(input: Schedule | CompiledSchedule): CompiledSchedule {
  return input instanceof CompiledSchedule ? input : new CompiledSchedule(input);
}

/** Sorted, merged (overlapping or touching), non-empty pauses. */
export function normalizePauses(pauses: ReadonlyArray<Pause> | undefined): Pause[] {
  if (!pauses || pauses.length === 0) return [];
  const s = pauses
    .filter(([a, b]) => b > a)
    .map(([a, b]) => [a, b] as [number, number])
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const p of s) {
    const last = out[out.length - 1];
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else out.push(p);
  }
  return out;
}

/** Instants from year 1000 to 9999 (Intl and the ISO form both stop somewhere out there). */
const MIN_T = -30_610_224_000_000,
  MAX_T = 253_402_300_799_999;
function finite(t: number, field: string): void {
  if (!(t >= MIN_T && t <= MAX_T))
    throw new RangeError(`${field}: ${t} is not an epoch-ms instant from year 1000 to 9999`);
}

/**
 * A business-time result the calculator cannot produce: the schedule has no hours, or the target
 * lies beyond the calculator's horizon. Callers treat it as "this clock is not computable" (a
 * validation error for a settings change; a flagged clock for stored activity), never as a crash.
 */
export class BusinessTimeUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusinessTimeUnreachable';
  }
}

/** How far (in years from its start) a business-time target may lie; beyond it the target is unreachable. */
export const HORIZON_YEARS = 200;

function noHours(): never {
  throw new BusinessTimeUnreachable(
    'The schedule has no business hours: a business-time target can never be reached',
  );
}

/** Earliest t with `ms` (> 0) business ms in [start, t), no pauses. */
function addPlain(c: CompiledSchedule, start: number, ms: number): number {
  if (c.always) return start + ms;
  if (c.weeklyMinutes === 0) noHours();
  // More business time than the schedule can hold in the whole walk (two extra hours a week cover
  // daylight-saving days; holidays only remove time): unreachable, without walking 200 years.
  if (ms > (c.weeklyMinutes + 120) * 60_000 * ((MAX_CHUNKS * K) / 7))
    throw new BusinessTimeUnreachable(
      `Business-time target is more than ${HORIZON_YEARS} years away`,
    );
  let left = ms;
  const d = c.dayOf(start);
  let ch = c.chunkOfDay(d);
  let i = d - ch.d0;
  // The partial first day.
  const iv0 = ch.iv;
  for (let k = ch.idx[i]!, end = ch.idx[i + 1]!; k < end; k += 2) {
    const e = iv0[k + 1]!;
    if (e <= start) continue;
    const s = iv0[k]!;
    const a = s > start ? s : start;
    const len = e - a;
    if (len >= left) return a + left;
    left -= len;
  }
  i++;
  // Whole chunks, then whole days from the running totals, then the intervals of the last day.
  for (let guard = 0; guard < MAX_CHUNKS; guard++) {
    if (i === K) {
      ch = c.chunk(ch.n + 1);
      i = 0;
    }
    const cum = ch.cum;
    const base = cum[i]!;
    if (cum[K]! - base < left) {
      left -= cum[K]! - base;
      i = K;
      continue;
    }
    let j = i;
    while (cum[j + 1]! - base < left) j++;
    left -= cum[j]! - base;
    const iv = ch.iv;
    for (let k = ch.idx[j]!, end = ch.idx[j + 1]!; k < end; k += 2) {
      const s = iv[k]!;
      const len = iv[k + 1]! - s;
      if (len >= left) return s + left;
      left -= len;
    }
    // Only reachable through floating-point rounding of fractional ms: the day's close.
    return iv[ch.idx[j + 1]! - 1]!;
  }
  throw new BusinessTimeUnreachable(
    `Business-time target is more than ${HORIZON_YEARS} years away`,
  );
}

/** Business ms of day i of chunk ch before instant t. */
function partial(ch: Chunk, i: number, t: number): number {
  let sum = 0;
  const iv = ch.iv;
  for (let k = ch.idx[i]!, end = ch.idx[i + 1]!; k < end; k += 2) {
    const s = iv[k]!;
    if (s >= t) break;
    const e = iv[k + 1]!;
    sum += (e < t ? e : t) - s;
  }
  return sum;
}

/** Business ms in [a, b), no pauses; 0 when b <= a. */
function betweenPlain(c: CompiledSchedule, a: number, b: number): number {
  if (!(b > a)) return 0;
  if (c.always) return b - a;
  const da = c.dayOf(a);
  const db = c.dayOf(b);
  const ca = c.chunkOfDay(da);
  const ia = da - ca.d0;
  const va = ca.cum[ia]! + partial(ca, ia, a);
  const cb = c.chunkOfDay(db);
  const ib = db - cb.d0;
  const vb = cb.cum[ib]! + partial(cb, ib, b);
  if (ca === cb) return vb - va;
  let total = ca.cum[K]! - va + vb;
  for (let n = ca.n + 1; n < cb.n; n++) total += c.chunk(n).cum[K]!;
  return total;
}

/**
 * The earliest instant at which `ms` business milliseconds have elapsed since `start`, with the
 * clock stopped during `pauses`. ms <= 0 returns `start`. A target that exactly fills a period ends
 * at that period's close (not at the next opening).
 */
export function addBusinessMs(
  c: CompiledSchedule,
  start: number,
  ms: number,
  pauses?: ReadonlyArray<Pause>,
): number {
  finite(start, 'start');
  if (!(ms > 0)) return start;
  if (!pauses || pauses.length === 0) return addPlain(c, start, ms);
  // Walk the windows between pauses: the target is met in the first window with enough business time.
  let w0 = start;
  let left = ms;
  for (const [p0, p1] of normalizePauses(pauses)) {
    if (p1 <= w0) continue;
    if (p0 > w0) {
      const cap = betweenPlain(c, w0, p0);
      if (cap >= left) return addPlain(c, w0, left);
      left -= cap;
    }
    w0 = p1;
  }
  return addPlain(c, w0, left);
}

/**
 * Business milliseconds in [a, b), pauses excluded. Never negative: 0 when b <= a (a clock that
 * starts in the future, e.g. from a platform timestamp ahead of ours, has used nothing yet).
 */
export function businessMsBetween(
  c: CompiledSchedule,
  a: number,
  b: number,
  pauses?: ReadonlyArray<Pause>,
): number {
  finite(a, 'start');
  finite(b, 'end');
  if (!(b > a)) return 0;
  let total = betweenPlain(c, a, b);
  if (pauses && pauses.length > 0) {
    for (const [x, y] of normalizePauses(pauses)) {
      if (y <= a) continue;
      if (x >= b) break;
      total -= betweenPlain(c, x > a ? x : a, y < b ? y : b);
    }
  }
  return total;
}

/** Intervals are half-open: the opening instant is business time, the closing one is not. */
export function isBusinessMs(c: CompiledSchedule, t: number): boolean {
  finite(t, 'at');
  if (c.always) return true;
  const d = c.dayOf(t);
  const ch = c.chunkOfDay(d);
  const i = d - ch.d0;
  for (let k = ch.idx[i]!, end = ch.idx[i + 1]!; k < end; k += 2)
    if (t >= ch.iv[k]! && t < ch.iv[k + 1]!) return true;
  return false;
}

const LOOKAHEAD_CHUNKS = Math.ceil((366 * 3) / K);

/**
 * The next instant after `t` at which business time opens or closes (for live countdowns), with
 * which way it goes; null when nothing changes in the next 3 years (e.g. calendar time). A close
 * and an opening at the same instant (e.g. 22:00–24:00 followed by 00:00–06:00) is no change.
 */
export function nextBusinessChange(
  c: CompiledSchedule,
  t: number,
): { at: number; opens: boolean } | null {
  finite(t, 'at');
  if (c.always) return null;
  let open = false;
  let end = 0; // while open: the close of the run of intervals containing t
  const d = c.dayOf(t);
  let ch = c.chunkOfDay(d);
  let i = d - ch.d0;
  for (let guard = 0; guard < LOOKAHEAD_CHUNKS; guard++) {
    const iv = ch.iv;
    for (let k = ch.idx[i]!, stop = ch.idx[K]!; k < stop; k += 2) {
      const s = iv[k]!,
        e = iv[k + 1]!;
      if (e <= t) continue;
      if (open) {
        if (s > end) return { at: end, opens: false };
        end = e;
      } else if (s > t) return { at: s, opens: true };
      else {
        open = true;
        end = e;
      }
    }
    ch = c.chunk(ch.n + 1);
    i = 0;
  }
  return open ? { at: end, opens: false } : null;
}

/** Business intervals overlapping [from, to) as merged UTC ms pairs, clipped to the range. */
export function businessIntervals(
  c: CompiledSchedule,
  from: number,
  to: number,
): [number, number][] {
  finite(from, 'from');
  finite(to, 'to');
  const out: [number, number][] = [];
  if (!(to > from)) return out;
  if (c.always) return [[from, to]];
  const d = c.dayOf(from);
  let ch = c.chunkOfDay(d);
  let i = d - ch.d0;
  for (let guard = 0; guard <= MAX_CHUNKS; guard++) {
    const iv = ch.iv;
    for (let k = ch.idx[i]!, stop = ch.idx[K]!; k < stop; k += 2) {
      const s = Math.max(iv[k]!, from),
        e = Math.min(iv[k + 1]!, to);
      if (iv[k]! >= to) return out;
      if (e <= s) continue;
      const last = out[out.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else out.push([s, e]);
    }
    ch = c.chunk(ch.n + 1);
    i = 0;
  }
  return out;
}
