// Properties of the business-time calculator (fast-check) on random schedules: random zones (DST
// in both hemispheres, half- and quarter-hour offsets, a zone whose midnight is skipped), random
// intervals on a quarter-hour grid (boundaries inside DST gaps and overlaps included), overnight
// shifts, random holidays and pauses; and a comparison with an independent reference that walks
// the real timeline and reads the wall clock with Intl, minute by minute.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  addBusinessMs,
  businessMinutesBetween,
  businessMsBetween,
  compileSchedule,
  isBusinessMs,
  nextBusinessChange,
  type CompiledSchedule,
  type Interval,
  type Pause,
  type Schedule,
} from '../../../shared/sla';
import { DAYS, weekly } from './helpers';

const MIN = 60_000;
const DAY = 86_400_000;

/** Zones and their 2026 transition dates (or an ordinary date for zones without DST). */
const TRANSITIONS: Record<string, string[]> = {
  'Europe/Copenhagen': ['2026-03-29', '2026-10-25'],
  'Europe/London': ['2026-03-29', '2026-10-25'],
  'America/New_York': ['2026-03-08', '2026-11-01'],
  'America/St_Johns': ['2026-03-08', '2026-11-01'], // -03:30 / -02:30
  'Australia/Sydney': ['2026-04-05', '2026-10-04'],
  'Australia/Lord_Howe': ['2026-04-05', '2026-10-04'], // 30-minute shift
  'Pacific/Chatham': ['2026-04-05', '2026-09-27'], // +13:45 / +12:45
  'America/Santiago': ['2026-04-05', '2026-09-06'], // the shift happens at midnight
  'Asia/Kolkata': ['2026-06-15'],
  'Asia/Kathmandu': ['2026-06-15'],
  UTC: ['2026-06-15'],
};
const ZONES = Object.keys(TRANSITIONS);
const hhmm = (q: number) =>
  `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`; // quarter-hours -> "HH:MM" (96 -> "24:00")

/** Random valid schedules on a quarter-hour grid (boundaries from quarter `lo` to `hi`), with optional overnight shifts and holidays. */
const arbScheduleIn = (lo: number, hi: number) =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      days: fc.array(fc.uniqueArray(fc.integer({ min: lo, max: hi }), { maxLength: 6 }), {
        minLength: 7,
        maxLength: 7,
      }),
      overnight: fc.array(
        fc.option(
          fc.record({
            start: fc.integer({ min: 72, max: 95 }),
            end: fc.integer({ min: 1, max: 24 }),
          }),
          { freq: 3 },
        ),
        { minLength: 7, maxLength: 7 },
      ),
      holidays: fc.uniqueArray(fc.integer({ min: -40, max: 1100 }), { maxLength: 12 }),
    })
    .map(({ zone, days, overnight, holidays }): Schedule => {
      const lists: [number, number][][] = days.map((pts) => {
        const p = [...pts].sort((a, b) => a - b);
        const out: [number, number][] = [];
        for (let k = 0; k + 1 < p.length; k += 2) out.push([p[k]!, p[k + 1]!]);
        return out;
      });
      // An overnight shift after the day's last interval; the next day's intervals that start before it ends are dropped.
      const wraps: ([number, number] | null)[] = lists.map((list, w) => {
        const o = overnight[w];
        if (!o || (list.length > 0 && list[list.length - 1]![1] > o.start)) return null;
        return [o.start, o.end];
      });
      wraps.forEach((wrap, w) => {
        if (wrap) lists[(w + 1) % 7] = lists[(w + 1) % 7]!.filter(([a]) => a >= wrap[1]);
      });
      const base = Date.UTC(2026, 0, 1);
      return {
        timezone: zone,
        weekly: weekly(
          Object.fromEntries(
            DAYS.map((d, w) => [
              d,
              [
                ...lists[w]!.map(([a, b]) => [hhmm(a), hhmm(b)] as Interval),
                ...(wraps[w] ? [[hhmm(wraps[w]![0]), hhmm(wraps[w]![1])] as Interval] : []),
              ],
            ]),
          ),
        ),
        holidays: holidays.map((h) => new Date(base + h * DAY).toISOString().slice(0, 10)),
      };
    })
    .filter((s) => DAYS.some((d) => s.weekly[d].length > 0));
const arbSchedule = arbScheduleIn(0, 96);
/** Boundaries between 01:00 and 04:00: inside DST gaps and overlaps on transition days. */
const arbNightSchedule = arbScheduleIn(4, 16);

const arbStart = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) });
/** Up to 4 pauses, as fractions; placed by `pausesAt` over [around - span, around + 2 span]. */
const arbPauseFracs = fc.array(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
  { maxLength: 4 },
);
const pausesAt = (fracs: [number, number][], around: number, span: number): Pause[] =>
  fracs.map(([o, l]) => {
    const from = around - span + Math.floor(o * 3 * span);
    return [from, from + Math.floor(l * span)];
  });

/** Business ms of a compiled schedule in an average week. */
const weekMs = (c: CompiledSchedule) => c.weeklyMinutes * MIN;

describe('add and between are inverse', () => {
  it('between(start, add(start, m)) == m exactly, and add is the earliest such instant', () => {
    fc.assert(
      fc.property(
        arbSchedule,
        arbStart,
        fc.integer({ min: 0, max: 59_999 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (s, start, subMinute, frac, long) => {
          const c = compileSchedule(s);
          const t0 = start + subMinute;
          // Up to ~3 weeks of this schedule's business time, or up to ~3 years of it.
          const ms = Math.floor(frac * weekMs(c) * (long ? 156 : 3));
          const end = addBusinessMs(c, t0, ms);
          expect(end).toBeGreaterThanOrEqual(t0);
          expect(businessMsBetween(c, t0, end)).toBe(ms);
          if (ms > 0) {
            expect(businessMsBetween(c, t0, end - 1)).toBe(ms - 1); // earliest: one ms earlier is one ms short
            expect(isBusinessMs(c, end - 1)).toBe(true); // the last ms counted was business time
          } else expect(end).toBe(t0);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('with pauses: the target is met exactly, at the earliest instant, never while paused', () => {
    fc.assert(
      fc.property(
        arbSchedule,
        arbStart,
        fc.integer({ min: 1, max: 40 * 60 }),
        arbPauseFracs,
        (s, start, minutes, fracs) => {
          const c = compileSchedule(s);
          const pauses = pausesAt(fracs, start, 3 * DAY);
          const end = addBusinessMs(c, start, minutes * MIN, pauses);
          expect(businessMsBetween(c, start, end, pauses)).toBe(minutes * MIN);
          expect(businessMsBetween(c, start, end - 1, pauses)).toBe(minutes * MIN - 1);
          expect(pauses.some(([a, b]) => end - 1 >= a && end - 1 < b)).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the ISO API agrees with the epoch-ms API, whatever the input offset', () => {
    fc.assert(
      fc.property(
        arbSchedule,
        arbStart,
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: -14 * 4, max: 14 * 4 }),
        (s, start, minutes, offQ) => {
          const c = compileSchedule(s);
          const off = offQ * 15 * MIN;
          const a = Math.abs(offQ * 15);
          const isoStart = `${new Date(start + off).toISOString().slice(0, 23)}${offQ < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
          const due = addBusinessMinutes(s, isoStart, minutes);
          expect(Date.parse(due)).toBe(addBusinessMs(c, start, minutes * MIN));
          expect(businessMinutesBetween(s, isoStart, due)).toBe(minutes);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('algebra', () => {
  it('add is monotonic in the target', () => {
    fc.assert(
      fc.property(
        arbSchedule,
        arbStart,
        fc.integer({ min: 0, max: 30_000 }),
        fc.integer({ min: 0, max: 30_000 }),
        (s, start, m1, m2) => {
          const c = compileSchedule(s);
          const a = addBusinessMs(c, start, Math.min(m1, m2) * MIN);
          const b = addBusinessMs(c, start, Math.max(m1, m2) * MIN);
          expect(a).toBeLessThanOrEqual(b);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('between is additive: between(a,b) + between(b,c) == between(a,c), with or without pauses', () => {
    fc.assert(
      fc.property(
        arbSchedule,
        fc.array(fc.integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2029, 0, 1) }), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.option(arbPauseFracs),
        (s, pts, fracs) => {
          const c = compileSchedule(s);
          const [a, b, d] = [...pts].sort((x, y) => x - y) as [number, number, number];
          const pauses = fracs
            ? pausesAt(fracs, a, Math.max(DAY, Math.floor((d - a) / 2)))
            : undefined;
          expect(businessMsBetween(c, a, b, pauses) + businessMsBetween(c, b, d, pauses)).toBe(
            businessMsBetween(c, a, d, pauses),
          );
          expect(businessMsBetween(c, d, a, pauses)).toBe(0); // reversed: 0, never negative
          expect(businessMsBetween(c, a, d, pauses)).toBeLessThanOrEqual(d - a);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('isBusinessTime agrees with between over 1-ms and 1-minute windows and with nextBusinessChange', () => {
    fc.assert(
      fc.property(
        arbSchedule,
        arbStart,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (s, t, f) => {
          const c = compileSchedule(s);
          const open = isBusinessMs(c, t);
          expect(businessMsBetween(c, t, t + 1)).toBe(open ? 1 : 0);
          const next = nextBusinessChange(c, t);
          if (!next) return;
          expect(next.at).toBeGreaterThan(t);
          expect(next.opens).toBe(!open);
          expect(isBusinessMs(c, next.at)).toBe(next.opens);
          expect(isBusinessMs(c, next.at - 1)).toBe(open);
          // Nothing changes before it: the whole span is business time or none of it is.
          expect(businessMsBetween(c, t, next.at)).toBe(open ? next.at - t : 0);
          const mid = t + Math.floor(f * (next.at - t));
          expect(isBusinessMs(c, mid)).toBe(open);
          if (next.at - t >= MIN) expect(businessMsBetween(c, t, t + MIN)).toBe(open ? MIN : 0);
        },
      ),
      { numRuns: 250 },
    );
  });
});

// ---- the independent reference ----

/**
 * Wall-clock minutes (local days * 1440 + minute of day) of instant t in `zone`, from Intl alone.
 * Cached: the tests keep coming back to the same days.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const walls = new Map<string, number>();
function wall(zone: string, t: number): number {
  const key = `${zone}|${t}`;
  let w = walls.get(key);
  if (w === undefined) {
    let f = formatters.get(zone);
    if (!f)
      formatters.set(
        zone,
        (f = new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
        })),
      );
    const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
    w =
      Date.UTC(
        Number(p.year),
        Number(p.month) - 1,
        Number(p.day),
        Number(p.hour),
        Number(p.minute),
      ) / MIN;
    walls.set(key, w);
  }
  return w;
}

/**
 * Business minutes in [a, b) (both on the minute grid) by walking the real timeline. The local
 * wall time L of each boundary of a date's business hours (the union of its intervals) becomes an
 * instant by the documented conventions, found by
 * scanning the timeline (every quarter-hour of UTC: all offsets here are whole quarter-hours):
 * the earliest instant showing L; if none (a spring-forward gap), the instant showing L moved
 * forward by the gap, i.e. the jump's instant plus how far into the gap L lies.
 */
function reference(
  s: Schedule,
  a: number,
  b: number,
  pauses: Pause[] = [],
): { minutes: number; business: (t: number) => boolean } {
  const zone = s.timezone;
  const Q = 15 * MIN;
  const from = Math.floor((a - 3 * DAY) / Q) * Q;
  const to = b + 3 * DAY;
  const ts: number[] = [];
  const ls: number[] = [];
  for (let t = from; t <= to; t += Q) {
    ts.push(t);
    ls.push(wall(zone, t));
  }
  const resolve = (L: number): number => {
    for (let i = 0; i < ls.length; i++) if (ls[i] === L) return ts[i]!;
    const j = ls.findIndex((l) => l > L);
    const gapStart = ls[j - 1]! + 15; // the wall time that would have followed
    return ts[j]! + (L - gapStart) * MIN;
  };
  // Weekday table in minutes; an overnight shift's after-midnight part belongs to the next day.
  const parts: [number, number][][] = DAYS.map(() => []);
  const mins = (x: string) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3, 5));
  DAYS.forEach((d, w) => {
    for (const [x, y] of s.weekly[d]) {
      const sx = mins(x),
        ey = mins(y);
      if (ey > sx) parts[w]!.push([sx, ey]);
      else {
        parts[w]!.push([sx, 1440]);
        if (ey > 0) parts[(w + 1) % 7]!.push([0, ey]);
      }
    }
  });
  // A date's business hours are the union of its wall-clock intervals: touching ones join (the
  // boundaries of the union are what the conventions map to instants).
  for (const list of parts) {
    list.sort((p, q) => p[0] - q[0]);
    for (let k = list.length - 1; k > 0; k--) {
      if (list[k]![0] <= list[k - 1]![1]) {
        list[k - 1]![1] = Math.max(list[k - 1]![1], list[k]![1]);
        list.splice(k, 1);
      }
    }
  }
  const intervals: [number, number][] = [];
  const firstDay = Math.floor(wall(zone, a) / 1440) - 1;
  const lastDay = Math.floor(wall(zone, b) / 1440) + 1;
  for (let day = firstDay; day <= lastDay; day++) {
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    if (s.holidays.includes(date)) continue;
    const w = (new Date(day * DAY).getUTCDay() + 6) % 7; // Monday = 0
    for (const [x, y] of parts[w]!)
      intervals.push([resolve(day * 1440 + x), resolve(day * 1440 + y)]);
  }
  const business = (t: number) =>
    intervals.some(([x, y]) => t >= x && t < y) && !pauses.some(([x, y]) => t >= x && t < y);
  let minutes = 0;
  for (let t = a; t < b; t += MIN) if (business(t)) minutes++;
  return { minutes, business };
}

describe('against an independent minute-by-minute reference, across DST transitions', () => {
  it('between and add', () => {
    fc.assert(
      fc.property(
        fc.oneof(arbSchedule, arbNightSchedule),
        fc.nat(),
        fc.integer({ min: -1440, max: 2 * 1440 }),
        fc.integer({ min: 1, max: 2 * 1440 }),
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 2 * 1440 }), fc.integer({ min: 0, max: 600 })),
          { maxLength: 3 },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (s, pick, offMin, lenMin, rawPauses, f) => {
          const dates = TRANSITIONS[s.timezone]!;
          const anchor = Date.parse(`${dates[pick % dates.length]!}T00:00:00Z`);
          const a = anchor + offMin * MIN;
          const b = a + lenMin * MIN;
          const pauses = rawPauses.map(([o, l]): Pause => [a + o * MIN, a + (o + l) * MIN]);
          const c = compileSchedule(s);
          const ref = reference(s, a, b, pauses);
          expect(businessMsBetween(c, a, b, pauses) / MIN).toBe(ref.minutes);
          // Every minute's status, where nothing is paused.
          for (let t = a; t < b; t += 37 * MIN)
            if (!pauses.some(([x, y]) => t >= x && t < y))
              expect(isBusinessMs(c, t)).toBe(ref.business(t));
          if (ref.minutes > 0) {
            const m = 1 + Math.floor(f * (ref.minutes - 1));
            const due = addBusinessMs(c, a, m * MIN, pauses);
            expect(due).toBeLessThanOrEqual(b);
            expect(reference(s, a, due, pauses).minutes).toBe(m);
            expect(ref.business(due - MIN)).toBe(true);
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
