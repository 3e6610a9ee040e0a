// The business-time calculator (shared/sla): hand-checked examples in several zones across DST,
// validation naming fields, and properties against an independent minute-by-minute reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  ALWAYS,
  businessMinutesBetween,
  compileSchedule,
  expandHolidays,
  isBusinessTime,
  parseSchedule,
  ScheduleError,
  validateSchedule,
  addBusinessMs,
  businessMsBetween,
  type Schedule,
  type Weekday,
} from '../../../shared/sla';

const NINE_TO_FIVE = (timezone: string, holidays: string[] = []): Schedule => ({
  timezone,
  weekly: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
    sat: [],
    sun: [],
  },
  holidays,
});
const ALL_DAY = (timezone: string): Schedule => ({
  timezone,
  weekly: {
    mon: [['00:00', '24:00']],
    tue: [['00:00', '24:00']],
    wed: [['00:00', '24:00']],
    thu: [['00:00', '24:00']],
    fri: [['00:00', '24:00']],
    sat: [['00:00', '24:00']],
    sun: [['00:00', '24:00']],
  },
  holidays: [],
});
const CPH = NINE_TO_FIVE('Europe/Copenhagen');

describe('addBusinessMinutes — examples', () => {
  it('a target that exactly fills the day ends at its close, not the next opening', () => {
    expect(addBusinessMinutes(CPH, '2026-03-02T09:00:00+01:00', 480)).toBe(
      '2026-03-02T16:00:00.000Z',
    ); // 17:00 local
  });
  it('adding 0 returns the start unchanged', () => {
    expect(addBusinessMinutes(CPH, '2026-03-07T23:10:00+01:00', 0)).toBe(
      '2026-03-07T23:10:00+01:00',
    );
  });
  it('Friday 16:00 + 2 h = Monday 10:00; outside hours starts at the next opening', () => {
    expect(addBusinessMinutes(CPH, '2026-03-06T16:00:00+01:00', 120)).toBe(
      '2026-03-09T09:00:00.000Z',
    );
    expect(addBusinessMinutes(CPH, '2026-03-07T12:00:00+01:00', 30)).toBe(
      '2026-03-09T08:30:00.000Z',
    );
  });
  it('skips holidays (Christmas in Denmark from the named calendar)', () => {
    const dk = expandHolidays({ country: 'DK', years: [2026] });
    expect(dk).toContain('2026-12-25');
    expect(dk).toContain('2026-12-26');
    const s = NINE_TO_FIVE('Europe/Copenhagen', dk);
    // Thu 24 Dec 16:00 (+ Dec 24 itself is a working day per DK public calendar? check both ways)
    const due = addBusinessMinutes(s, '2026-12-23T16:00:00+01:00', 120);
    const expected = dk.includes('2026-12-24')
      ? '2026-12-28T09:00:00.000Z'
      : '2026-12-24T09:00:00.000Z';
    expect(due).toBe(expected);
  });
  it('split days: lunch does not count', () => {
    const s: Schedule = {
      timezone: 'Europe/Copenhagen',
      weekly: {
        mon: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
        tue: [],
        wed: [],
        thu: [],
        fri: [],
        sat: [],
        sun: [],
      },
      holidays: [],
    };
    expect(addBusinessMinutes(s, '2026-03-02T11:30:00+01:00', 60)).toBe('2026-03-02T12:30:00.000Z'); // 13:30 local
    expect(
      businessMinutesBetween(s, '2026-03-02T08:00:00+01:00', '2026-03-02T18:00:00+01:00'),
    ).toBe(420);
  });
  it('sub-minute starts and fractional results', () => {
    expect(
      businessMinutesBetween(CPH, '2026-03-02T09:00:30+01:00', '2026-03-02T09:02:00+01:00'),
    ).toBe(1.5);
    expect(addBusinessMinutes(CPH, '2026-03-02T16:59:30+01:00', 1)).toBe(
      '2026-03-03T08:00:30.000Z',
    );
  });
  it('rejects an instant without an offset', () => {
    expect(() => addBusinessMinutes(CPH, '2026-03-02T09:00:00', 10)).toThrow(/offset/);
  });
});

describe('daylight saving and odd offsets', () => {
  it('a 24-hour schedule counts real time: 1,500 minutes on the 25-hour day, 1,380 on the 23-hour day', () => {
    expect(
      businessMinutesBetween(
        ALL_DAY('Europe/Copenhagen'),
        '2026-10-25T00:00:00+02:00',
        '2026-10-26T00:00:00+01:00',
      ),
    ).toBe(1500);
    expect(
      businessMinutesBetween(
        ALL_DAY('Europe/Copenhagen'),
        '2026-03-29T00:00:00+01:00',
        '2026-03-30T00:00:00+02:00',
      ),
    ).toBe(1380);
    expect(
      businessMinutesBetween(
        ALL_DAY('America/New_York'),
        '2026-11-01T00:00:00-04:00',
        '2026-11-02T00:00:00-05:00',
      ),
    ).toBe(1500);
    expect(
      businessMinutesBetween(
        ALL_DAY('Australia/Sydney'),
        '2026-04-05T00:00:00+11:00',
        '2026-04-06T00:00:00+10:00',
      ),
    ).toBe(1500);
    expect(
      businessMinutesBetween(
        ALL_DAY('Australia/Sydney'),
        '2026-10-04T00:00:00+10:00',
        '2026-10-05T00:00:00+11:00',
      ),
    ).toBe(1380);
  });
  it('a local time in the spring-forward gap moves forward by the gap (02:30 -> 03:30)', () => {
    const s: Schedule = {
      timezone: 'Europe/Copenhagen',
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [['02:30', '04:00']] },
      holidays: [],
    };
    expect(isBusinessTime(s, '2026-03-29T03:29:00+02:00')).toBe(false);
    expect(isBusinessTime(s, '2026-03-29T03:30:00+02:00')).toBe(true);
    expect(
      businessMinutesBetween(s, '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'),
    ).toBe(30);
  });
  it('an ambiguous fall-back time takes the earlier instant', () => {
    const s: Schedule = {
      timezone: 'Europe/Copenhagen',
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [['02:30', '04:00']] },
      holidays: [],
    };
    // 02:30 CEST (00:30Z) to 04:00 CET (03:00Z): 150 real minutes.
    expect(isBusinessTime(s, '2026-10-25T00:30:00Z')).toBe(true);
    expect(isBusinessTime(s, '2026-10-25T00:29:59Z')).toBe(false);
    expect(businessMinutesBetween(s, '2026-10-25T00:00:00Z', '2026-10-26T00:00:00Z')).toBe(150);
  });
  it('business hours follow the local clock across the transition (9-17 stays 9-17 local)', () => {
    const ny = NINE_TO_FIVE('America/New_York');
    expect(addBusinessMinutes(ny, '2026-03-06T16:00:00-05:00', 120)).toBe(
      '2026-03-09T14:00:00.000Z',
    ); // Mon 10:00 EDT
  });
  it('half- and quarter-hour zones: Kolkata +05:30, Kathmandu +05:45, Chatham +12:45/+13:45', () => {
    expect(addBusinessMinutes(NINE_TO_FIVE('Asia/Kolkata'), '2026-03-02T09:00:00+05:30', 60)).toBe(
      '2026-03-02T04:30:00.000Z',
    );
    expect(addBusinessMinutes(NINE_TO_FIVE('Asia/Kathmandu'), '2026-03-02T00:00:00Z', 60)).toBe(
      '2026-03-02T04:15:00.000Z',
    );
    expect(isBusinessTime(NINE_TO_FIVE('Pacific/Chatham'), '2026-03-01T20:15:00Z')).toBe(true); // Mon 09:00 +13:45
  });
  it('isBusinessTime is half-open: opening instant yes, closing instant no', () => {
    expect(isBusinessTime(CPH, '2026-03-02T09:00:00+01:00')).toBe(true);
    expect(isBusinessTime(CPH, '2026-03-02T17:00:00+01:00')).toBe(false);
    expect(isBusinessTime(CPH, '2026-03-02T16:59:59.999+01:00')).toBe(true);
  });
  it('pauses stop the clock, however they overlap', () => {
    const due = addBusinessMinutes(CPH, '2026-03-02T09:00:00+01:00', 60, {
      pauses: [
        ['2026-03-02T09:30:00+01:00', '2026-03-02T10:00:00+01:00'],
        ['2026-03-02T09:45:00+01:00', '2026-03-02T10:15:00+01:00'],
      ],
    });
    expect(due).toBe('2026-03-02T09:45:00.000Z'); // 10:45 local
  });
  it('spans of years (24/7 counts every real minute)', () => {
    expect(businessMinutesBetween(ALWAYS, '2026-01-01T00:00:00Z', '2029-01-01T00:00:00Z')).toBe(
      (365 * 3 + 1) * 1440,
    ); // 2028 is a leap year
    expect(addBusinessMinutes(ALWAYS, '2026-01-01T00:00:00Z', 1440 * 366)).toBe(
      '2027-01-02T00:00:00.000Z',
    );
  });
});

describe('schedule validation names the field', () => {
  it.each([
    [{ timezone: 'Mars/Base', weekly: {}, holidays: [] }, 'timezone'],
    [{ timezone: 'UTC', weekly: { mon: [['10:00', '09:00']] }, holidays: [] }, 'weekly.mon[0]'],
    [
      {
        timezone: 'UTC',
        weekly: {
          tue: [
            ['09:00', '12:00'],
            ['11:00', '13:00'],
          ],
        },
        holidays: [],
      },
      'weekly.tue[1]',
    ],
    [{ timezone: 'UTC', weekly: { wed: [['9am', '12:00']] }, holidays: [] }, 'weekly.wed[0][0]'],
    [{ timezone: 'UTC', weekly: { funday: [] }, holidays: [] }, 'weekly.funday'],
    [{ timezone: 'UTC', weekly: {}, holidays: ['2026-02-30'] }, 'holidays[0]'],
  ])('%j -> %s', (doc, field) => {
    expect(validateSchedule(doc).map((i) => i.field)).toContain(field);
    try {
      parseSchedule(doc);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScheduleError);
      expect((e as ScheduleError).message).toContain(field);
    }
  });
  it('accepts 24:00 as the next midnight', () => {
    expect(
      validateSchedule({
        timezone: 'UTC',
        weekly: { fri: [['22:00', '24:00']], sat: [['00:00', '06:00']] },
        holidays: [],
      }),
    ).toEqual([]);
  });
});

// ---- properties ----
const ZONES = [
  'Europe/Copenhagen',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/Sao_Paulo',
  'Pacific/Auckland',
  'UTC',
  'Asia/Kathmandu',
];
const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const hhmm = (m: number) =>
  m === 1440
    ? '24:00'
    : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Random valid schedules; `safeHours` keeps boundaries away from DST transition hours. */
/** Business minutes in a week of the schedule (holidays aside). */
const weeklyMinutes = (s: Schedule): number =>
  Object.values(s.weekly)
    .flat()
    .reduce((sum, [a, b]) => {
      const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
      return sum + (m(b) - m(a));
    }, 0);

const arbSchedule = (safeHours: boolean) =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      days: fc.array(
        fc.uniqueArray(fc.integer({ min: safeHours ? 6 * 4 : 0, max: safeHours ? 22 * 4 : 96 }), {
          maxLength: 6,
        }),
        { minLength: 7, maxLength: 7 },
      ),
      holidays: fc.uniqueArray(fc.integer({ min: 0, max: 800 }), { maxLength: 10 }),
    })
    .map(({ zone, days, holidays }): Schedule => {
      const weekly = {} as Schedule['weekly'];
      DAYS.forEach((d, i) => {
        const pts = [...days[i]!].sort((a, b) => a - b);
        const iv: [string, string][] = [];
        for (let k = 0; k + 1 < pts.length; k += 2)
          if (pts[k + 1]! > pts[k]!) iv.push([hhmm(pts[k]! * 15), hhmm(pts[k + 1]! * 15)]);
        weekly[d] = iv;
      });
      const base = Date.UTC(2026, 0, 1);
      return {
        timezone: zone,
        weekly,
        holidays: holidays.map((h) => new Date(base + h * 86400_000).toISOString().slice(0, 10)),
      };
    })
    .filter((s) => DAYS.some((d) => s.weekly[d].length > 0));

const arbStart = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) });

describe('properties', () => {
  it('between(start, add(start, m)) == m, and add returns the earliest such instant', () => {
    fc.assert(
      fc.property(
        arbSchedule(false),
        arbStart,
        fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 2 * 365 * 1440 })),
        fc.integer({ min: 0, max: 59_999 }),
        (s, start, minutes, subMs) => {
          const c = compileSchedule(s);
          const t0 = start + subMs;
          const ms = minutes * 60_000;
          // A sparse schedule (15 minutes a week) puts a large target centuries away: the engine
          // refuses targets beyond 200 years (BusinessTimeUnreachable) instead of searching forever.
          const yearly = weeklyMinutes(s) * 52;
          if (minutes > yearly * 250) {
            expect(() => addBusinessMs(c, t0, ms)).toThrow(/200 years/);
            return;
          }
          fc.pre(minutes <= yearly * 150);
          const end = addBusinessMs(c, t0, ms);
          expect(businessMsBetween(c, t0, end)).toBe(ms);
          if (ms > 0) expect(businessMsBetween(c, t0, end - 1)).toBeLessThan(ms);
        },
      ),
      { numRuns: 120 },
    );
  }, 90_000);

  it('add is monotonic in the target; between is additive', () => {
    fc.assert(
      fc.property(
        arbSchedule(false),
        arbStart,
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        (s, start, m1, m2) => {
          const c = compileSchedule(s);
          const a = addBusinessMs(c, start, Math.min(m1, m2) * 60_000);
          const b = addBusinessMs(c, start, Math.max(m1, m2) * 60_000);
          expect(a).toBeLessThanOrEqual(b);
          const mid = start + (b - start) / 2;
          expect(businessMsBetween(c, start, mid) + businessMsBetween(c, mid, b)).toBe(
            businessMsBetween(c, start, b),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('matches an independent minute-by-minute reference across DST transitions', () => {
    // Reference: walk real minutes, read the local wall clock with Intl, check the weekly table.
    const fmt = new Map<string, Intl.DateTimeFormat>();
    const local = (zone: string, t: number) => {
      let f = fmt.get(zone);
      if (!f)
        fmt.set(
          zone,
          (f = new Intl.DateTimeFormat('en-GB', {
            timeZone: zone,
            hourCycle: 'h23',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            weekday: 'short',
          })),
        );
      const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      return {
        date: `${p.year}-${p.month}-${p.day}`,
        wd: String(p.weekday).toLowerCase().slice(0, 3) as Weekday,
        min: Number(p.hour) * 60 + Number(p.minute),
      };
    };
    const reference = (s: Schedule, a: number, b: number) => {
      let n = 0;
      for (let t = a; t < b; t += 60_000) {
        const l = local(s.timezone, t);
        if (s.holidays.includes(l.date)) continue;
        if (
          s.weekly[l.wd].some(([x, y]) => {
            const xm = Number(x.slice(0, 2)) * 60 + Number(x.slice(3));
            const ym = y === '24:00' ? 1440 : Number(y.slice(0, 2)) * 60 + Number(y.slice(3));
            return l.min >= xm && l.min < ym;
          })
        )
          n++;
      }
      return n;
    };
    const aroundDst = fc.constantFrom(
      Date.UTC(2026, 2, 27),
      Date.UTC(2026, 9, 23),
      Date.UTC(2026, 2, 6),
      Date.UTC(2026, 9, 30),
      Date.UTC(2026, 3, 3),
      Date.UTC(2026, 9, 2),
      Date.UTC(2026, 5, 10),
    );
    fc.assert(
      fc.property(
        arbSchedule(true),
        aroundDst,
        fc.integer({ min: 0, max: 3 * 1440 }),
        fc.integer({ min: 1, max: 3 * 1440 }),
        (s, day, offMin, lenMin) => {
          const c = compileSchedule(s);
          const a = day + offMin * 60_000;
          const b = a + lenMin * 60_000;
          expect(businessMsBetween(c, a, b) / 60_000).toBe(reference(s, a, b));
        },
      ),
      { numRuns: 40 },
    );
  }, 90_000);
});
