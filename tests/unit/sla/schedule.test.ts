// The schedule document: validation naming the field, the zod schema, normalization, overnight
// shifts, and the named holiday calendars (date-holidays).
import { describe, expect, it } from 'vitest';
import {
  ALWAYS,
  expandHolidays,
  HolidayError,
  holidayCountries,
  parseSchedule,
  ScheduleError,
  ScheduleSchema,
  validateSchedule,
} from '../../../shared/sla';
import { weekly } from './helpers';

const doc = (o: Record<string, unknown>) => ({
  timezone: 'Europe/Copenhagen',
  weekly: { mon: [['09:00', '17:00']] },
  holidays: [],
  ...o,
});

describe('validateSchedule / parseSchedule name the field', () => {
  it.each([
    [doc({ timezone: 'Mars/Base' }), 'timezone', /unknown IANA time zone "Mars\/Base"/],
    [doc({ timezone: '+01:00' }), 'timezone', /unknown IANA time zone/],
    [doc({ timezone: 42 }), 'timezone', /unknown IANA time zone 42/],
    [{ weekly: { mon: [['09:00', '17:00']] } }, 'timezone', /required/],
    [
      doc({
        weekly: {
          mon: [
            ['09:00', '12:00'],
            ['13:00', '12:00'],
          ],
        },
      }),
      'weekly.mon[1]',
      /^interval 13:00–12:00 is reversed/,
    ],
    [doc({ weekly: { mon: [['10:00', '09:00']] } }), 'weekly.mon[0]', /is reversed/],
    [
      doc({ weekly: { mon: [['17:00', '09:00']] } }),
      'weekly.mon[0]',
      /is reversed .*at most 12 hours/,
    ],
    [
      doc({ weekly: { mon: [['10:00', '10:00']] } }),
      'weekly.mon[0]',
      /interval 10:00–10:00 is empty/,
    ],
    [
      doc({
        weekly: {
          tue: [
            ['09:00', '12:00'],
            ['11:00', '13:00'],
          ],
        },
      }),
      'weekly.tue[1]',
      /interval 11:00–13:00 overlaps weekly\.tue\[0\] \(09:00–12:00\)/,
    ],
    [
      doc({
        weekly: {
          tue: [
            ['11:00', '13:00'],
            ['09:00', '12:00'],
          ],
        },
      }),
      'weekly.tue[0]',
      /overlaps weekly\.tue\[1\]/,
    ],
    [
      doc({ weekly: { mon: [['22:00', '06:00']], tue: [['05:00', '09:00']] } }),
      'weekly.tue[0]',
      /overlaps the after-midnight part of weekly\.mon\[0\] \(22:00–06:00\)/,
    ],
    [
      doc({ weekly: { sun: [['22:00', '06:00']], mon: [['05:00', '09:00']] } }),
      'weekly.mon[0]',
      /after-midnight part of weekly\.sun\[0\]/,
    ],
    [doc({ weekly: { wed: [['9am', '12:00']] } }), 'weekly.wed[0][0]', /"9am" is not a start time/],
    [doc({ weekly: { wed: [['24:00', '12:00']] } }), 'weekly.wed[0][0]', /not a start time/],
    [
      doc({ weekly: { wed: [['09:00', '24:30']] } }),
      'weekly.wed[0][1]',
      /"24:30" is not an end time/,
    ],
    [doc({ weekly: { wed: [['09:00', '12:60']] } }), 'weekly.wed[0][1]', /not an end time/],
    [doc({ weekly: { wed: [['9:00', '12:00']] } }), 'weekly.wed[0][0]', /not a start time/],
    [doc({ weekly: { wed: [['09:00']] } }), 'weekly.wed[0]', /must be \["HH:MM","HH:MM"\]/],
    [doc({ weekly: { wed: '09:00-17:00' } }), 'weekly.wed', /must be a list/],
    [
      doc({ weekly: { funday: [], mon: [['09:00', '17:00']] } }),
      'weekly.funday',
      /unknown weekday "funday"/,
    ],
    [doc({ weekly: { Monday: [['09:00', '17:00']] } }), 'weekly.Monday', /unknown weekday/],
    [doc({ weekly: [] }), 'weekly', /required/],
    [doc({ weekly: { mon: [], sat: [] } }), 'weekly', /no business hours on any day/],
    [
      doc({ holidays: ['2026-12-24', '2026-02-30'] }),
      'holidays[1]',
      /"2026-02-30" is not a real date/,
    ],
    [doc({ holidays: ['2026-2-3'] }), 'holidays[0]', /not a real date/],
    [doc({ holidays: [20261224] }), 'holidays[0]', /not a real date/],
    [doc({ holidays: '2026-12-24' }), 'holidays', /must be a list/],
    [doc({ holiday: ['2026-12-24'] }), 'holiday', /unknown field/],
    [null, '(schedule)', /must be an object/],
    [[], '(schedule)', /must be an object/],
  ])('%j -> %s', (input, field, message) => {
    const issues = validateSchedule(input);
    const issue = issues.find((i) => i.field === field);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.message).toMatch(message);
    try {
      parseSchedule(input);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScheduleError);
      expect((e as ScheduleError).message).toContain(`${field}: `);
      expect((e as ScheduleError).issues).toEqual(issues);
      expect((e as ScheduleError).field).toBe(issues[0]!.field);
    }
  });

  it('reports every problem at once', () => {
    const issues = validateSchedule({
      timezone: 'Nowhere',
      weekly: {
        mon: [
          ['10:00', '09:00'],
          ['x', '11:00'],
        ],
        fri: [['09:00', '17:00']],
      },
      holidays: ['2026-13-01'],
    });
    expect(issues.map((i) => i.field)).toEqual([
      'timezone',
      'weekly.mon[0]',
      'weekly.mon[1][0]',
      'holidays[0]',
    ]);
  });

  it('the brief’s example message, verbatim as a prefix', () => {
    expect(() =>
      parseSchedule(
        doc({
          weekly: {
            mon: [
              ['09:00', '12:00'],
              ['13:00', '12:00'],
            ],
          },
        }),
      ),
    ).toThrow(/^weekly\.mon\[1\]: interval 13:00–12:00 is reversed/);
  });

  it('accepts 24:00 as the next midnight, touching intervals, and overnight shifts up to 12 hours', () => {
    expect(
      validateSchedule(doc({ weekly: { fri: [['22:00', '24:00']], sat: [['00:00', '06:00']] } })),
    ).toEqual([]);
    expect(
      validateSchedule(
        doc({
          weekly: {
            mon: [
              ['09:00', '12:00'],
              ['12:00', '17:00'],
            ],
          },
        }),
      ),
    ).toEqual([]);
    expect(
      validateSchedule(doc({ weekly: { mon: [['22:00', '06:00']], tue: [['06:00', '09:00']] } })),
    ).toEqual([]);
    expect(validateSchedule(doc({ weekly: { mon: [['18:00', '06:00']] } }))).toEqual([]); // exactly 12 h
    expect(validateSchedule(doc({ weekly: { mon: [['22:00', '00:00']] } }))).toEqual([]); // = 22:00–24:00
  });
});

describe('parseSchedule normalizes', () => {
  it('fills missing weekdays, sorts intervals, sorts and dedupes holidays, keeps overnight shifts as written', () => {
    const s = parseSchedule({
      timezone: 'America/New_York',
      weekly: {
        mon: [
          ['13:00', '17:00'],
          ['09:00', '12:00'],
        ],
        fri: [['22:00', '06:00']],
      },
      holidays: ['2026-12-25', '2026-07-03', '2026-12-25'],
    });
    expect(s).toEqual({
      timezone: 'America/New_York',
      weekly: weekly({
        mon: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
        fri: [['22:00', '06:00']],
      }),
      holidays: ['2026-07-03', '2026-12-25'],
    });
    expect(parseSchedule(JSON.parse(JSON.stringify(s)))).toEqual(s); // export -> import round trip
  });
  it('holidays may be omitted', () => {
    expect(
      parseSchedule({ timezone: 'UTC', weekly: { mon: [['09:00', '17:00']] } }).holidays,
    ).toEqual([]);
  });
  it('ALWAYS is a valid schedule', () => {
    expect(validateSchedule(ALWAYS)).toEqual([]);
  });
});

describe('ScheduleSchema (zod)', () => {
  it('parses to the normalized schedule', () => {
    const r = ScheduleSchema.safeParse({
      timezone: 'Europe/Copenhagen',
      weekly: {
        tue: [
          ['13:00', '17:00'],
          ['09:00', '12:00'],
        ],
      },
    });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({
      timezone: 'Europe/Copenhagen',
      weekly: weekly({
        tue: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
      }),
      holidays: [],
    });
  });
  it('fails with one issue per problem, its path being the field', () => {
    const r = ScheduleSchema.safeParse({
      timezone: 'Europe/Copenhagen',
      weekly: {
        mon: [
          ['09:00', '12:00'],
          ['13:00', '12:00'],
        ],
        wed: [['9am', '10:00']],
      },
      holidays: ['2026-02-30'],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path, i.message.slice(0, 30)])).toEqual([
      [['weekly', 'mon', 1], 'interval 13:00–12:00 is revers'],
      [['weekly', 'wed', 0, 0], '"9am" is not a start time HH:M'],
      [['holidays', 0], '"2026-02-30" is not a real dat'],
    ]);
  });
});

describe('named holiday calendars (date-holidays)', () => {
  it('Denmark 2026: Christmas Day and Boxing Day are public; Christmas Eve only an observance', () => {
    const dk = expandHolidays({ country: 'DK', years: [2026] });
    expect(dk).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-04-03',
        '2026-04-06',
        '2026-05-14',
        '2026-12-25',
        '2026-12-26',
      ]),
    );
    expect(dk).not.toContain('2026-12-24');
    expect(
      expandHolidays({ country: 'dk', years: [2026], types: ['public', 'observance'] }),
    ).toContain('2026-12-24');
    expect(dk).toEqual([...dk].sort());
  });
  it('United States 2026: Independence Day on Saturday 4 July is observed on Friday 3 July', () => {
    const us = expandHolidays({ country: 'US', years: [2026] });
    expect(us).toContain('2026-07-03');
    expect(us).toContain('2026-07-04');
    expect(us).toContain('2026-11-26'); // Thanksgiving
  });
  it('a state calendar (Australia, New South Wales) and several years', () => {
    const nsw = expandHolidays({ country: 'AU', state: 'NSW', years: [2026, 2027] });
    expect(nsw).toEqual(
      expect.arrayContaining(['2026-01-26', '2026-04-03', '2026-10-05', '2027-01-26']),
    );
  });
  it('a holiday lasting several days covers each date (Russia: New Year holidays 2–6 January 2026)', () => {
    const ru = expandHolidays({ country: 'RU', years: [2026] });
    expect(ru).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-01-02',
        '2026-01-03',
        '2026-01-04',
        '2026-01-05',
        '2026-01-06',
        '2026-01-07',
        '2026-01-08',
      ]),
    );
  });
  it('the result is a valid holidays list for a schedule', () => {
    expect(
      validateSchedule({
        timezone: 'Europe/Copenhagen',
        weekly: { mon: [['09:00', '17:00']] },
        holidays: expandHolidays({ country: 'DK', years: [2026, 2027, 2028] }),
      }),
    ).toEqual([]);
  });
  it('errors name the field', () => {
    expect(() => expandHolidays({ country: 'XX', years: [2026] })).toThrow(HolidayError);
    expect(() => expandHolidays({ country: 'XX', years: [2026] })).toThrow(/^country: /);
    expect(() => expandHolidays({ country: 'AU', state: 'ZZ', years: [2026] })).toThrow(/^state: /);
    expect(() =>
      expandHolidays({ country: 'DK', years: [2026], types: ['public', 'nap' as 'public'] }),
    ).toThrow(/^types: /);
    expect(() => expandHolidays({ country: 'DK', years: [26] })).toThrow(/^years: /);
  });
  it('lists the countries', () => {
    expect(holidayCountries()).toMatchObject({ DK: expect.any(String), US: expect.any(String) });
  });
});
