// The business-time calculator (shared/sla), hand-checked examples: 9–17 Mon–Fri in Copenhagen
// (CET, +01:00, in early March 2026), split days, holidays, pauses, overnight shifts, "24:00",
// calendar time, the live-countdown helper, and the epoch-ms hot path.
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  addBusinessMs,
  ALWAYS,
  businessIntervals,
  businessMinutesBetween,
  businessMsBetween,
  compileSchedule,
  expandHolidays,
  isBusinessMs,
  isBusinessTime,
  nextBusinessChange,
  nextBusinessTransition,
  normalizePauses,
  type Schedule,
} from '../../../shared/sla';
import { iso, ms, nineToFive, weekly, workdays } from './helpers';

const CPH = nineToFive('Europe/Copenhagen');
// 2026-03-02 is a Monday; 2026-03-06 a Friday.

describe('addBusinessMinutes', () => {
  it('a target that exactly fills the day ends at its close the same day, not at the next opening', () => {
    expect(addBusinessMinutes(CPH, '2026-03-02T09:00:00+01:00', 480)).toBe(
      '2026-03-02T16:00:00.000Z',
    ); // 17:00 local
    expect(addBusinessMinutes(CPH, '2026-03-02T09:00:00+01:00', 479)).toBe(
      '2026-03-02T15:59:00.000Z',
    );
    expect(addBusinessMinutes(CPH, '2026-03-02T09:00:00+01:00', 481)).toBe(
      '2026-03-03T08:01:00.000Z',
    ); // Tue 09:01
  });

  it('Friday 16:00 + 120 min = Monday 10:00', () => {
    expect(addBusinessMinutes(CPH, '2026-03-06T16:00:00+01:00', 120)).toBe(
      '2026-03-09T09:00:00.000Z',
    );
  });

  it('a start outside business hours counts from the next opening', () => {
    expect(addBusinessMinutes(CPH, '2026-03-07T12:00:00+01:00', 30)).toBe(
      '2026-03-09T08:30:00.000Z',
    ); // Sat -> Mon 09:30
    expect(addBusinessMinutes(CPH, '2026-03-02T06:00:00+01:00', 60)).toBe(
      '2026-03-02T09:00:00.000Z',
    ); // Mon 10:00
    expect(addBusinessMinutes(CPH, '2026-03-02T17:00:00+01:00', 1)).toBe(
      '2026-03-03T08:01:00.000Z',
    ); // at the close: Tue 09:01
  });

  it('adding 0 returns the start itself, even outside business hours', () => {
    expect(addBusinessMinutes(CPH, '2026-03-07T23:10:00+01:00', 0)).toBe(
      '2026-03-07T23:10:00+01:00',
    );
    expect(
      addBusinessMinutes(CPH, '2026-03-02T10:00:00+01:00', 0, {
        pauses: [['2026-03-02T09:00:00+01:00', '2026-03-02T11:00:00+01:00']],
      }),
    ).toBe('2026-03-02T10:00:00+01:00');
  });

  it('split days: the lunch break does not count, and filling the morning ends at 12:00', () => {
    const s = workdays('Europe/Copenhagen', [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ]);
    expect(addBusinessMinutes(s, '2026-03-02T11:30:00+01:00', 60)).toBe('2026-03-02T12:30:00.000Z'); // 13:30
    expect(addBusinessMinutes(s, '2026-03-02T11:00:00+01:00', 60)).toBe('2026-03-02T11:00:00.000Z'); // 12:00, not 13:00
    expect(addBusinessMinutes(s, '2026-03-02T12:30:00+01:00', 1)).toBe('2026-03-02T12:01:00.000Z'); // 13:01
    expect(
      businessMinutesBetween(s, '2026-03-02T08:00:00+01:00', '2026-03-02T18:00:00+01:00'),
    ).toBe(420);
  });

  it('fractional minutes (seconds, even milliseconds)', () => {
    expect(addBusinessMinutes(CPH, '2026-03-02T09:00:00+01:00', 0.5)).toBe(
      '2026-03-02T08:00:30.000Z',
    );
    expect(addBusinessMinutes(CPH, '2026-03-02T09:00:00+01:00', 1.25)).toBe(
      '2026-03-02T08:01:15.000Z',
    );
    expect(addBusinessMinutes(CPH, '2026-03-02T09:00:00+01:00', 1 / 60_000)).toBe(
      '2026-03-02T08:00:00.001Z',
    );
    expect(addBusinessMinutes(CPH, '2026-03-02T16:59:30+01:00', 1)).toBe(
      '2026-03-03T08:00:30.000Z',
    ); // 30 s today, 30 s tomorrow
    expect(
      businessMinutesBetween(CPH, '2026-03-02T09:00:30+01:00', '2026-03-02T09:02:00+01:00'),
    ).toBe(1.5);
    expect(addBusinessMinutes(CPH, '2026-03-02T09:00:00.250+01:00', 10)).toBe(
      '2026-03-02T08:10:00.250Z',
    );
  });

  it('accepts any offset form for the same instant', () => {
    for (const start of [
      '2026-03-02T08:00:00Z',
      '2026-03-02T09:00:00+01:00',
      '2026-03-02T09:00:00+0100',
      '2026-03-02T03:00:00-05:00',
      '2026-03-02t08:00z',
      '2026-03-02 08:00:00.000+00:00',
    ]) {
      expect(addBusinessMinutes(CPH, start, 60)).toBe('2026-03-02T09:00:00.000Z');
    }
  });

  it('rejects an instant without an offset, an unreal date and bad minutes, naming the argument', () => {
    expect(() => addBusinessMinutes(CPH, '2026-03-02T09:00:00', 10)).toThrow(/^start: .*offset/);
    expect(() => addBusinessMinutes(CPH, '2026-03-02', 10)).toThrow(/offset/);
    expect(() => addBusinessMinutes(CPH, '2026-02-30T09:00:00Z', 10)).toThrow(/start/);
    expect(() => addBusinessMinutes(CPH, '2026-03-02T24:00:00Z', 10)).toThrow(/start/);
    expect(() => businessMinutesBetween(CPH, '2026-03-02T09:00:00Z', 'tomorrow')).toThrow(/^end: /);
    expect(() => isBusinessTime(CPH, 1234 as unknown as string)).toThrow(/^at: /);
    expect(() => addBusinessMinutes(CPH, '2026-03-02T09:00:00Z', -1)).toThrow(/^minutes: /);
    expect(() => addBusinessMinutes(CPH, '2026-03-02T09:00:00Z', Number.NaN)).toThrow(/^minutes: /);
    expect(() => addBusinessMinutes(CPH, '2026-03-02T09:00:00Z', Infinity)).toThrow(/^minutes: /);
    expect(() =>
      addBusinessMinutes(CPH, '2026-03-02T09:00:00Z', 10, {
        pauses: [['2026-03-02T10:00:00', '2026-03-02T11:00:00Z']],
      }),
    ).toThrow(/^pauses\[0\]\[0\]: /);
  });

  it('rejects an invalid schedule with a ScheduleError naming the field', () => {
    const bad = { timezone: 'Europe/Kopenhagen', weekly: CPH.weekly, holidays: [] } as Schedule;
    expect(() => addBusinessMinutes(bad, '2026-03-02T09:00:00Z', 10)).toThrow(
      /^timezone: unknown IANA time zone "Europe\/Kopenhagen"/,
    );
  });
});

describe('businessMinutesBetween and isBusinessTime', () => {
  it('a whole week of 9–17 is 2,400 minutes; end before start is 0, never negative', () => {
    expect(
      businessMinutesBetween(CPH, '2026-03-02T00:00:00+01:00', '2026-03-09T00:00:00+01:00'),
    ).toBe(2400);
    expect(
      businessMinutesBetween(CPH, '2026-03-09T00:00:00+01:00', '2026-03-02T00:00:00+01:00'),
    ).toBe(0);
    expect(
      businessMinutesBetween(CPH, '2026-03-02T10:00:00+01:00', '2026-03-02T10:00:00+01:00'),
    ).toBe(0);
  });

  it('is half-open: the opening instant is business time, the closing instant is not', () => {
    expect(isBusinessTime(CPH, '2026-03-02T09:00:00+01:00')).toBe(true);
    expect(isBusinessTime(CPH, '2026-03-02T08:59:59.999+01:00')).toBe(false);
    expect(isBusinessTime(CPH, '2026-03-02T16:59:59.999+01:00')).toBe(true);
    expect(isBusinessTime(CPH, '2026-03-02T17:00:00+01:00')).toBe(false);
    expect(isBusinessTime(CPH, '2026-03-07T12:00:00+01:00')).toBe(false); // Saturday
  });

  it('spans of years work (ten years of whole weeks)', () => {
    const weeks = 520;
    const start = '2026-03-02T00:00:00+01:00'; // Monday
    const end = iso(ms(start) + weeks * 7 * 86_400_000); // Mon 2036-02-18 00:00 CET
    expect(end).toBe('2036-02-17T23:00:00.000Z');
    expect(businessMinutesBetween(CPH, start, end)).toBe(weeks * 2400);
    expect(addBusinessMinutes(CPH, start, weeks * 2400)).toBe('2036-02-15T16:00:00.000Z'); // the Friday before, 17:00
  });
});

describe('holidays', () => {
  it('skips Christmas from the Danish public calendar (Christmas Eve is an observance, not a public holiday)', () => {
    const dk = expandHolidays({ country: 'DK', years: [2026, 2027] });
    const s = nineToFive('Europe/Copenhagen', dk);
    // Wed 23 Dec 16:00 + 2 h: Thu 24 Dec is a working day in the public calendar -> Thu 10:00.
    expect(addBusinessMinutes(s, '2026-12-23T16:00:00+01:00', 120)).toBe(
      '2026-12-24T09:00:00.000Z',
    );
    // Thu 24 Dec 16:00 + 2 h: Fri 25 and the weekend are closed -> Mon 28 Dec 10:00.
    expect(addBusinessMinutes(s, '2026-12-24T16:00:00+01:00', 120)).toBe(
      '2026-12-28T09:00:00.000Z',
    );
    // 21 Dec .. 4 Jan: Dec 21–24 and Dec 28–31 (1 Jan is a holiday) = 8 days.
    expect(
      businessMinutesBetween(s, '2026-12-21T00:00:00+01:00', '2027-01-04T00:00:00+01:00'),
    ).toBe(8 * 480);
    // With observances too, Christmas Eve closes.
    const eve = nineToFive(
      'Europe/Copenhagen',
      expandHolidays({ country: 'DK', years: [2026], types: ['public', 'observance'] }),
    );
    expect(addBusinessMinutes(eve, '2026-12-23T16:00:00+01:00', 120)).toBe(
      '2026-12-28T09:00:00.000Z',
    );
  });

  it('an explicit holiday closes the whole local date', () => {
    const s = nineToFive('Europe/Copenhagen', ['2026-03-03']);
    expect(addBusinessMinutes(s, '2026-03-02T16:00:00+01:00', 120)).toBe(
      '2026-03-04T09:00:00.000Z',
    ); // Wed 10:00
    expect(isBusinessTime(s, '2026-03-03T12:00:00+01:00')).toBe(false);
  });
});

describe('pauses stop the clock', () => {
  it('overlapping, unsorted pauses are merged', () => {
    const pauses: [string, string][] = [
      ['2026-03-02T09:45:00+01:00', '2026-03-02T10:15:00+01:00'],
      ['2026-03-02T09:30:00+01:00', '2026-03-02T10:00:00+01:00'],
    ];
    expect(addBusinessMinutes(CPH, '2026-03-02T09:00:00+01:00', 60, { pauses })).toBe(
      '2026-03-02T09:45:00.000Z',
    ); // 10:45
    expect(
      businessMinutesBetween(CPH, '2026-03-02T09:00:00+01:00', '2026-03-02T12:00:00+01:00', {
        pauses,
      }),
    ).toBe(180 - 45);
  });
  it('a pause over the start, one outside business hours, one across the night', () => {
    expect(
      addBusinessMinutes(CPH, '2026-03-02T09:00:00+01:00', 60, {
        pauses: [['2026-03-02T08:00:00+01:00', '2026-03-02T09:30:00+01:00']],
      }),
    ).toBe('2026-03-02T09:30:00.000Z');
    expect(
      addBusinessMinutes(CPH, '2026-03-06T16:00:00+01:00', 120, {
        pauses: [['2026-03-07T00:00:00+01:00', '2026-03-08T00:00:00+01:00']],
      }),
    ).toBe('2026-03-09T09:00:00.000Z');
    expect(
      addBusinessMinutes(CPH, '2026-03-02T15:00:00+01:00', 120, {
        pauses: [['2026-03-02T16:00:00+01:00', '2026-03-03T10:00:00+01:00']],
      }),
    ).toBe('2026-03-03T10:00:00.000Z'); // Tue 11:00
  });
  it('the target met exactly when a pause begins ends there (the earliest instant)', () => {
    expect(
      addBusinessMinutes(CPH, '2026-03-02T09:00:00+01:00', 60, {
        pauses: [['2026-03-02T10:00:00+01:00', '2026-03-02T11:00:00+01:00']],
      }),
    ).toBe('2026-03-02T09:00:00.000Z');
  });
  it('normalizePauses sorts, merges touching and overlapping, drops empty ones', () => {
    expect(
      normalizePauses([
        [50, 60],
        [10, 20],
        [20, 30],
        [25, 27],
        [40, 40],
        [45, 41],
      ]),
    ).toEqual([
      [10, 30],
      [50, 60],
    ]);
  });
});

describe('overnight shifts and "24:00"', () => {
  const NIGHT = {
    timezone: 'Europe/Copenhagen',
    weekly: weekly(
      Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['22:00', '06:00']]]),
      ),
    ),
    holidays: [],
  } as Schedule;

  it('a 22:00–06:00 shift runs across midnight', () => {
    expect(addBusinessMinutes(NIGHT, '2026-03-02T22:00:00+01:00', 480)).toBe(
      '2026-03-03T05:00:00.000Z',
    ); // Tue 06:00
    expect(
      businessMinutesBetween(NIGHT, '2026-03-02T21:00:00+01:00', '2026-03-03T07:00:00+01:00'),
    ).toBe(480);
    expect(isBusinessTime(NIGHT, '2026-03-02T21:59:59+01:00')).toBe(false);
    expect(isBusinessTime(NIGHT, '2026-03-03T00:00:00+01:00')).toBe(true);
    expect(isBusinessTime(NIGHT, '2026-03-03T05:59:59+01:00')).toBe(true);
    expect(isBusinessTime(NIGHT, '2026-03-03T06:00:00+01:00')).toBe(false);
  });

  it('the after-midnight half belongs to the next day for holidays', () => {
    // Holiday Tue 3 Mar: drops Tue 00–06 (Monday's shift after midnight) and Tue 22–24; keeps Wed 00–06.
    const s = { ...NIGHT, holidays: ['2026-03-03'] };
    expect(addBusinessMinutes(s, '2026-03-02T22:00:00+01:00', 480)).toBe(
      '2026-03-04T05:00:00.000Z',
    ); // Wed 06:00
    // Holiday Mon 2 Mar: Sun 22–24 kept, Mon 00–06 and Mon 22–24 dropped, Tue 00–06 kept.
    const m = { ...NIGHT, holidays: ['2026-03-02'] };
    expect(
      businessMinutesBetween(m, '2026-03-01T12:00:00+01:00', '2026-03-03T12:00:00+01:00'),
    ).toBe(120 + 360);
  });

  it('"24:00" is the next midnight; a close and an opening at midnight are no change for the countdown', () => {
    const s: Schedule = {
      timezone: 'Europe/Copenhagen',
      weekly: weekly({ fri: [['22:00', '24:00']], sat: [['00:00', '06:00']] }),
      holidays: [],
    };
    expect(addBusinessMinutes(s, '2026-03-06T23:00:00+01:00', 120)).toBe(
      '2026-03-07T00:00:00.000Z',
    ); // Sat 01:00
    expect(nextBusinessTransition(s, '2026-03-06T23:00:00+01:00')).toEqual({
      at: '2026-03-07T05:00:00.000Z',
      opens: false,
    });
    expect(nextBusinessTransition(NIGHT, '2026-03-02T23:00:00+01:00')).toEqual({
      at: '2026-03-03T05:00:00.000Z',
      opens: false,
    });
  });
});

describe('calendar time (ALWAYS)', () => {
  it('counts every real minute', () => {
    expect(businessMinutesBetween(ALWAYS, '2026-01-01T00:00:00Z', '2029-01-01T00:00:00Z')).toBe(
      (365 * 3 + 1) * 1440,
    ); // 2028 is a leap year
    expect(addBusinessMinutes(ALWAYS, '2026-01-01T00:00:00Z', 1440 * 366)).toBe(
      '2027-01-02T00:00:00.000Z',
    );
    expect(addBusinessMinutes(ALWAYS, '2026-03-29T01:30:00+01:00', 60)).toBe(
      '2026-03-29T01:30:00.000Z',
    ); // 03:30 CEST: real time
    expect(isBusinessTime(ALWAYS, '2026-12-25T12:00:00Z')).toBe(true);
    expect(nextBusinessTransition(ALWAYS, '2026-12-25T12:00:00Z')).toBeNull();
  });
  it('pauses apply to calendar time too', () => {
    expect(
      addBusinessMinutes(ALWAYS, '2026-01-01T00:00:00Z', 60, {
        pauses: [['2026-01-01T00:30:00Z', '2026-01-01T01:00:00Z']],
      }),
    ).toBe('2026-01-01T01:30:00.000Z');
  });
  it('is frozen', () => {
    expect(
      Object.isFrozen(ALWAYS) &&
        Object.isFrozen(ALWAYS.weekly) &&
        Object.isFrozen(ALWAYS.weekly.mon),
    ).toBe(true);
  });
});

describe('nextBusinessTransition (live countdown)', () => {
  it.each([
    ['2026-03-02T08:00:00+01:00', '2026-03-02T08:00:00.000Z', true], // Mon before opening
    ['2026-03-02T09:00:00+01:00', '2026-03-02T16:00:00.000Z', false], // at the opening: next is the close
    ['2026-03-02T17:00:00+01:00', '2026-03-03T08:00:00.000Z', true], // at the close: Tue opening
    ['2026-03-06T17:00:00+01:00', '2026-03-09T08:00:00.000Z', true], // Fri close -> Mon
    ['2026-03-07T12:00:00+01:00', '2026-03-09T08:00:00.000Z', true], // Saturday
  ])('%s -> %s (opens %s)', (at, next, opens) => {
    expect(nextBusinessTransition(CPH, at)).toEqual({ at: next, opens });
  });
});

describe('epoch-ms hot path', () => {
  const c = compileSchedule(CPH);
  it('matches the ISO API', () => {
    const t = ms('2026-03-06T16:00:00+01:00');
    expect(iso(addBusinessMs(c, t, 120 * 60_000))).toBe('2026-03-09T09:00:00.000Z');
    expect(businessMsBetween(c, t, ms('2026-03-09T09:00:00Z'))).toBe(120 * 60_000);
    expect(isBusinessMs(c, ms('2026-03-09T08:00:00Z'))).toBe(true);
    expect(nextBusinessChange(c, ms('2026-03-09T08:00:00Z'))).toEqual({
      at: ms('2026-03-09T16:00:00Z'),
      opens: false,
    });
    expect(
      addBusinessMs(c, t, 60 * 60_000, [[ms('2026-03-06T15:30:00Z'), ms('2026-03-09T08:30:00Z')]]),
    ).toBe(ms('2026-03-09T09:00:00Z'));
    expect(addBusinessMs(c, t, 0)).toBe(t);
  });
  it('compiles once and reuses the cached days (a compiled schedule is accepted by the ISO API)', () => {
    expect(compileSchedule(c)).toBe(c);
    expect(addBusinessMinutes(c, '2026-03-06T16:00:00+01:00', 120)).toBe(
      '2026-03-09T09:00:00.000Z',
    );
    expect(c.intervalsOn('2026-03-02')).toEqual([
      [ms('2026-03-02T08:00:00Z'), ms('2026-03-02T16:00:00Z')],
    ]);
    expect(c.intervalsOn('2026-03-07')).toEqual([]);
    expect(c.localDate(ms('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
  });
  it('businessIntervals lists merged intervals in a range', () => {
    expect(businessIntervals(c, ms('2026-03-02T12:00:00Z'), ms('2026-03-03T09:00:00Z'))).toEqual([
      [ms('2026-03-02T12:00:00Z'), ms('2026-03-02T16:00:00Z')],
      [ms('2026-03-03T08:00:00Z'), ms('2026-03-03T09:00:00Z')],
    ]);
  });
  it('rejects non-finite instants', () => {
    expect(() => addBusinessMs(c, Number.NaN, 1)).toThrow(/start/);
    expect(() => businessMsBetween(c, 0, Infinity)).toThrow(/end/);
  });
  it('a few hundred thousand calls stay fast once warm', () => {
    const t0 = ms('2026-01-05T08:00:00Z');
    for (let i = 0; i < 1000; i++) addBusinessMs(c, t0 + i * 3_600_000, 90 * 60_000); // warm-up
    const start = performance.now();
    let x = 0;
    for (let i = 0; i < 200_000; i++)
      x += addBusinessMs(
        c,
        t0 + (i % 8760) * 3_600_000 + (i % 997) * 1000,
        ((i % 1440) + 15) * 60_000,
      );
    const elapsed = performance.now() - start;
    expect(x).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(2000); // typically ~100 ms; generous for loaded CI machines
  });
});
