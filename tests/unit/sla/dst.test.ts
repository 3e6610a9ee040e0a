// Daylight saving and odd offsets, hand-checked against the tz database facts for 2026:
// - Europe/Copenhagen: CET +01 -> CEST +02 on Sun 29 Mar at 02:00; back on Sun 25 Oct at 03:00.
// - America/New_York: EST -05 -> EDT -04 on Sun 8 Mar at 02:00; back on Sun 1 Nov at 02:00.
// - Australia/Sydney (southern hemisphere): AEDT +11 -> AEST +10 on Sun 5 Apr at 03:00;
//   forward again on Sun 4 Oct at 02:00.
// - Asia/Kolkata +05:30 and Asia/Kathmandu +05:45, no DST.
// - Pacific/Chatham +13:45 -> +12:45 on Sun 5 Apr at 03:45. Australia/Lord_Howe: a 30-minute
//   shift (+11 -> +10:30) on Sun 5 Apr at 02:00.
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  compileSchedule,
  isBusinessTime,
  localToUtc,
  nextBusinessTransition,
  offsetAt,
} from '../../../shared/sla';
import { allDay, ms, nineToFive, only } from './helpers';

describe('elapsed time is real time', () => {
  it.each([
    ['Europe/Copenhagen', '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 1500],
    ['Europe/Copenhagen', '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 1380],
    ['America/New_York', '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', 1500],
    ['America/New_York', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 1380],
    ['Australia/Sydney', '2026-04-05T00:00:00+11:00', '2026-04-06T00:00:00+10:00', 1500],
    ['Australia/Sydney', '2026-10-04T00:00:00+10:00', '2026-10-05T00:00:00+11:00', 1380],
    ['Pacific/Chatham', '2026-04-05T00:00:00+13:45', '2026-04-06T00:00:00+12:45', 1500],
    ['Australia/Lord_Howe', '2026-04-05T00:00:00+11:00', '2026-04-06T00:00:00+10:30', 1470],
    ['Asia/Kolkata', '2026-03-29T00:00:00+05:30', '2026-03-30T00:00:00+05:30', 1440],
  ])('a 24-hour schedule in %s: %s .. %s = %i minutes', (zone, a, b, minutes) => {
    expect(businessMinutesBetween(allDay(zone), a, b)).toBe(minutes);
    // The same local day, walked as "the next midnight" by adding the minutes.
    expect(addBusinessMinutes(allDay(zone), a, minutes)).toBe(new Date(ms(b)).toISOString());
  });

  it('a 24-hour schedule in Copenhagen reaches 23:00 local after 1,440 minutes on the 25-hour day', () => {
    expect(addBusinessMinutes(allDay('Europe/Copenhagen'), '2026-10-25T00:00:00+02:00', 1440)).toBe(
      '2026-10-25T22:00:00.000Z',
    ); // 23:00 CET
  });

  it('sub-minute spans over the spring-forward instant', () => {
    expect(
      businessMinutesBetween(
        allDay('Europe/Copenhagen'),
        '2026-03-29T01:59:30+01:00',
        '2026-03-29T03:00:30+02:00',
      ),
    ).toBe(1);
  });
});

describe('business hours follow the local clock across transitions', () => {
  it.each([
    // zone, Friday 16:00 local, Monday 10:00 local (UTC)
    ['Europe/Copenhagen', '2026-03-27T16:00:00+01:00', '2026-03-30T08:00:00.000Z'],
    ['Europe/Copenhagen', '2026-10-23T16:00:00+02:00', '2026-10-26T09:00:00.000Z'],
    ['America/New_York', '2026-03-06T16:00:00-05:00', '2026-03-09T14:00:00.000Z'],
    ['America/New_York', '2026-10-30T16:00:00-04:00', '2026-11-02T15:00:00.000Z'],
    ['Australia/Sydney', '2026-04-03T16:00:00+11:00', '2026-04-06T00:00:00.000Z'],
    ['Australia/Sydney', '2026-10-02T16:00:00+10:00', '2026-10-04T23:00:00.000Z'],
  ])('%s: Friday 16:00 (%s) + 120 min = Monday 10:00 (%s)', (zone, start, due) => {
    expect(addBusinessMinutes(nineToFive(zone), start, 120)).toBe(due);
    expect(businessMinutesBetween(nineToFive(zone), start, due)).toBe(120);
  });

  it('Kolkata (+05:30) and Kathmandu (+05:45)', () => {
    expect(addBusinessMinutes(nineToFive('Asia/Kolkata'), '2026-03-02T09:00:00+05:30', 60)).toBe(
      '2026-03-02T04:30:00.000Z',
    );
    expect(addBusinessMinutes(nineToFive('Asia/Kolkata'), '2026-03-02T16:30:00+05:30', 60)).toBe(
      '2026-03-03T04:00:00.000Z',
    ); // Tue 09:30
    expect(isBusinessTime(nineToFive('Asia/Kolkata'), '2026-03-02T03:30:00Z')).toBe(true); // 09:00 IST
    expect(isBusinessTime(nineToFive('Asia/Kolkata'), '2026-03-02T03:29:59Z')).toBe(false);
    expect(addBusinessMinutes(nineToFive('Asia/Kathmandu'), '2026-03-02T00:00:00Z', 60)).toBe(
      '2026-03-02T04:15:00.000Z',
    ); // 05:45 local -> 10:00
  });

  it('Chatham: Monday 09:00 is 19:15Z the day before at +13:45 and 20:15Z at +12:45', () => {
    const s = nineToFive('Pacific/Chatham');
    expect(isBusinessTime(s, '2026-03-01T19:15:00Z')).toBe(true);
    expect(isBusinessTime(s, '2026-03-01T19:14:59Z')).toBe(false);
    expect(isBusinessTime(s, '2026-04-05T20:15:00Z')).toBe(true); // Mon 6 Apr 09:00 +12:45
    expect(isBusinessTime(s, '2026-04-05T20:14:59Z')).toBe(false);
    expect(nextBusinessTransition(s, '2026-04-03T04:00:00Z')).toEqual({
      at: '2026-04-05T20:15:00.000Z',
      opens: true,
    }); // from Fri 17:45 local
  });
});

describe('a local time that does not exist moves forward by the gap (02:30 -> 03:30)', () => {
  it('Copenhagen, Sunday 29 March: 02:30–04:00 becomes 03:30–04:00 CEST', () => {
    const s = only('Europe/Copenhagen', 'sun', [['02:30', '04:00']]);
    expect(isBusinessTime(s, '2026-03-29T03:29:59+02:00')).toBe(false);
    expect(isBusinessTime(s, '2026-03-29T03:30:00+02:00')).toBe(true);
    expect(
      businessMinutesBetween(s, '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'),
    ).toBe(30);
    expect(
      businessMinutesBetween(s, '2026-03-22T00:00:00+01:00', '2026-03-23T00:00:00+01:00'),
    ).toBe(90); // an ordinary Sunday
    expect(addBusinessMinutes(s, '2026-03-29T00:00:00+01:00', 10)).toBe('2026-03-29T01:40:00.000Z'); // 03:40 CEST
  });
  it('an end in the gap moves too: 01:00–02:30 is 01:00 CET .. 03:30 CEST = 90 real minutes', () => {
    const s = only('Europe/Copenhagen', 'sun', [['01:00', '02:30']]);
    expect(
      businessMinutesBetween(s, '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'),
    ).toBe(90);
    expect(isBusinessTime(s, '2026-03-29T03:29:00+02:00')).toBe(true);
  });
  it('both ends move: 02:00–02:45 becomes 03:00–03:45 CEST; 02:45–03:10 (03:45–03:10) is empty that day', () => {
    const inGap = only('Europe/Copenhagen', 'sun', [['02:00', '02:45']]);
    expect(compileSchedule(inGap).intervalsOn('2026-03-29')).toEqual([
      [ms('2026-03-29T01:00:00Z'), ms('2026-03-29T01:45:00Z')],
    ]);
    expect(
      businessMinutesBetween(inGap, '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'),
    ).toBe(45);
    const across = only('Europe/Copenhagen', 'sun', [['02:45', '03:10']]);
    expect(
      businessMinutesBetween(across, '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'),
    ).toBe(0);
    expect(compileSchedule(across).intervalsOn('2026-03-29')).toEqual([]);
    expect(addBusinessMinutes(across, '2026-03-29T00:00:00+01:00', 10)).toBe(
      '2026-04-05T00:55:00.000Z',
    ); // next Sunday 02:55 CEST
  });
  it("a date's hours are the union of its intervals, and the union's ends are what move", () => {
    // Saturday's 18:00–02:45 shift alone: its end, 02:45 on Sunday 29 March, is missing -> 03:45 CEST.
    const alone = only('Europe/Copenhagen', 'sat', [['18:00', '02:45']]);
    expect(
      businessMinutesBetween(alone, '2026-03-28T12:00:00+01:00', '2026-03-29T12:00:00+02:00'),
    ).toBe(6 * 60 + 105 + 60); // 18–24, 00–02 CET, 03–03:45 CEST
    // Followed by Sunday 02:45–03:00, it is one stretch until 03:00, which exists: 03:00 CEST.
    const joined = {
      ...alone,
      weekly: { ...alone.weekly, sun: [['02:45', '03:00']] as [string, string][] },
    };
    expect(
      businessMinutesBetween(joined, '2026-03-28T12:00:00+01:00', '2026-03-29T12:00:00+02:00'),
    ).toBe(6 * 60 + 120);
    expect(isBusinessTime(joined, '2026-03-29T03:00:00+02:00')).toBe(false);
  });
  it('moving forward is not monotone: 02:15–02:30 lands at 03:15–03:30, after 03:00–03:15, and they join', () => {
    const s = only('Europe/Copenhagen', 'sun', [
      ['01:00', '01:15'],
      ['02:15', '02:30'],
      ['03:00', '03:15'],
    ]);
    expect(compileSchedule(s).intervalsOn('2026-03-29')).toEqual([
      [ms('2026-03-29T00:00:00Z'), ms('2026-03-29T00:15:00Z')],
      [ms('2026-03-29T01:00:00Z'), ms('2026-03-29T01:30:00Z')],
    ]);
    expect(
      businessMinutesBetween(s, '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'),
    ).toBe(45);
  });
  it('New York, 8 March, and Sydney, 4 October', () => {
    expect(
      businessMinutesBetween(
        only('America/New_York', 'sun', [['02:30', '04:00']]),
        '2026-03-08T00:00:00-05:00',
        '2026-03-09T00:00:00-04:00',
      ),
    ).toBe(30);
    expect(
      isBusinessTime(only('America/New_York', 'sun', [['02:30', '04:00']]), '2026-03-08T07:30:00Z'),
    ).toBe(true); // 03:30 EDT
    expect(
      businessMinutesBetween(
        only('Australia/Sydney', 'sun', [['02:30', '04:00']]),
        '2026-10-04T00:00:00+10:00',
        '2026-10-05T00:00:00+11:00',
      ),
    ).toBe(30);
  });
  it('localToUtc: the missing 02:30 is the instant 03:30 CEST reads', () => {
    const local = Date.UTC(2026, 2, 29, 2, 30); // wall time as if UTC
    expect(new Date(localToUtc('Europe/Copenhagen', local)).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(offsetAt('Europe/Copenhagen', ms('2026-03-29T01:00:00Z'))).toBe(2 * 3_600_000);
    expect(offsetAt('Europe/Copenhagen', ms('2026-03-29T00:59:59Z'))).toBe(3_600_000);
  });
});

describe('an ambiguous local time (fall-back) takes the earlier instant', () => {
  it('Copenhagen, Sunday 25 October: 02:30–04:00 starts at the first 02:30 (CEST) = 150 real minutes', () => {
    const s = only('Europe/Copenhagen', 'sun', [['02:30', '04:00']]);
    expect(isBusinessTime(s, '2026-10-25T00:29:59Z')).toBe(false);
    expect(isBusinessTime(s, '2026-10-25T00:30:00Z')).toBe(true); // 02:30 CEST
    expect(isBusinessTime(s, '2026-10-25T01:30:00Z')).toBe(true); // 02:30 CET, inside
    expect(
      businessMinutesBetween(s, '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00'),
    ).toBe(150);
  });
  it('an end at an ambiguous time is the earlier instant too: 00:00–02:30 ends at 02:30 CEST', () => {
    const s = only('Europe/Copenhagen', 'sun', [['00:00', '02:30']]);
    expect(
      businessMinutesBetween(s, '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00'),
    ).toBe(150);
    expect(isBusinessTime(s, '2026-10-25T02:29:00+02:00')).toBe(true);
    expect(isBusinessTime(s, '2026-10-25T02:00:00+01:00')).toBe(false); // the repeated hour comes after the end
  });
  it('New York, 1 November (01:00–02:00 repeats) and Sydney, 5 April (02:00–03:00 repeats)', () => {
    expect(
      businessMinutesBetween(
        only('America/New_York', 'sun', [['01:30', '03:00']]),
        '2026-11-01T00:00:00-04:00',
        '2026-11-02T00:00:00-05:00',
      ),
    ).toBe(150);
    expect(
      isBusinessTime(only('America/New_York', 'sun', [['01:30', '03:00']]), '2026-11-01T05:30:00Z'),
    ).toBe(true); // 01:30 EDT
    expect(
      businessMinutesBetween(
        only('Australia/Sydney', 'sun', [['02:30', '04:00']]),
        '2026-04-05T00:00:00+11:00',
        '2026-04-06T00:00:00+10:00',
      ),
    ).toBe(150);
    expect(
      isBusinessTime(only('Australia/Sydney', 'sun', [['02:30', '04:00']]), '2026-04-04T15:30:00Z'),
    ).toBe(true); // 02:30 AEDT
  });
  it('localToUtc: the ambiguous 02:30 is the CEST one', () => {
    expect(
      new Date(localToUtc('Europe/Copenhagen', Date.UTC(2026, 9, 25, 2, 30))).toISOString(),
    ).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('zones whose midnight itself is skipped or repeated', () => {
  it('America/Santiago (clocks skip 00:00 -> 01:00 on Sun 6 Sep 2026): that day starts at 01:00 and is 23 hours long', () => {
    const s = allDay('America/Santiago');
    expect(compileSchedule(s).intervalsOn('2026-09-06')).toEqual([
      [ms('2026-09-06T04:00:00Z'), ms('2026-09-07T03:00:00Z')],
    ]);
    expect(
      businessMinutesBetween(s, '2026-09-05T00:00:00-04:00', '2026-09-07T00:00:00-03:00'),
    ).toBe(1440 + 1380);
    // 00:30 does not exist that day either: it moves forward by the gap to 01:30 -03.
    const early = {
      ...s,
      weekly: { ...s.weekly, sun: [['00:30', '02:00']] as [string, string][] },
    };
    expect(compileSchedule(early).intervalsOn('2026-09-06')).toEqual([
      [ms('2026-09-06T04:30:00Z'), ms('2026-09-06T05:00:00Z')],
    ]);
  });
});
