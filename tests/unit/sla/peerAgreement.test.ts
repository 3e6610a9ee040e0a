// Our calculator against moment-business-time (the peer in build/bench/sla.ts) on a small sample of
// the benchmark's realistic inputs, and hand-checked examples of where and why they differ.
import moment from 'moment-timezone';
import 'moment-business-time';
import { describe, expect, it } from 'vitest';
import {
  agreement,
  compareWithPeer,
  realisticSchedules,
  slaInputs,
} from '../../../build/bench/sla';
import { addBusinessMinutes, type Schedule } from '../../../shared/sla';
import { weekly } from './helpers';

describe('agreement with moment-business-time', () => {
  it('returns the same instant on every sampled input where the conventions agree', () => {
    const schedules = realisticSchedules();
    const list = slaInputs(400, schedules, 2024);
    const a = agreement(list, compareWithPeer(list, schedules));
    expect(a.sla_agreement_inputs).toBeGreaterThan(300); // most inputs are comparable
    expect(a.sla_agreement).toBeGreaterThanOrEqual(0.99); // measured: 1.0 on 17,532 of 20,000 bench inputs
  });
});

type Moment = moment.Moment & { addWorkingTime(n: number, unit: string): Moment };
function peer(zone: string, start: string, minutes: number): string {
  // Every day 00:00–02:30 and 18:00–24:00: the night desk's 18:00–02:30 shift as per-day segments.
  const hours = Object.fromEntries(
    [0, 1, 2, 3, 4, 5, 6].map((i) => [i, ['00:00:00', '02:30:00', '18:00:00', '24:00:00']]),
  );
  (moment as unknown as { updateLocale(l: string, d: unknown): void }).updateLocale('en', {
    workinghours: hours,
    holidays: [],
  });
  return (moment.tz(start, zone) as Moment).addWorkingTime(minutes, 'minutes').toISOString();
}
const night = (timezone: string): Schedule => ({
  timezone,
  weekly: weekly(
    Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['18:00', '02:30']]]),
    ),
  ),
  holidays: [],
});

describe('where they differ (documented in build/bench/sla.ts)', () => {
  it('at a 24:00 seam the peer counts the seconds past midnight twice', () => {
    // Wed 4 Mar 19:37:58 EST + 458 min: 262 min 2 s to midnight, 150 min Thursday 00:00–02:30,
    // 45 min 58 s from Thursday 18:00 -> 18:45:58 EST.
    expect(addBusinessMinutes(night('America/New_York'), '2026-03-05T00:37:58.000Z', 458)).toBe(
      '2026-03-05T23:45:58.000Z',
    );
    expect(peer('America/New_York', '2026-03-05T00:37:58.000Z', 458)).toBe(
      '2026-03-05T23:46:56.000Z',
    ); // 58 s late
  });
  it('when 02:30 does not exist (Sydney, Sunday 4 October 2026) the peer skips the shortened segment', () => {
    // From 01:30:48 AEST: 29 min 12 s to 02:00 AEST, then 03:00–03:30 AEDT (02:30 moved forward by
    // the gap) = 59.2 min; the remaining 273.8 min from 18:00 AEDT end at 22:33:48 AEDT.
    expect(addBusinessMinutes(night('Australia/Sydney'), '2026-10-04T01:30:48+10:00', 333)).toBe(
      '2026-10-04T11:33:48.000Z',
    );
    expect(peer('Australia/Sydney', '2026-10-04T01:30:48+10:00', 333)).toBe(
      '2026-10-04T12:33:00.000Z',
    );
  });
  it('otherwise, including a result exactly at a period close, they agree', () => {
    const cph: Schedule = {
      timezone: 'Europe/Copenhagen',
      weekly: weekly({ mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] }),
      holidays: [],
    };
    (moment as unknown as { updateLocale(l: string, d: unknown): void }).updateLocale('en', {
      workinghours: {
        0: null,
        1: ['09:00:00', '17:00:00'],
        2: ['09:00:00', '17:00:00'],
        3: null,
        4: null,
        5: null,
        6: null,
      },
      holidays: [],
    });
    for (const [start, minutes] of [
      ['2026-03-02T08:00:00Z', 480],
      ['2026-03-02T12:34:56Z', 700],
      ['2026-03-01T10:00:00Z', 15],
    ] as const) {
      expect(addBusinessMinutes(cph, start, minutes)).toBe(
        (moment.tz(start, 'Europe/Copenhagen') as Moment)
          .addWorkingTime(minutes, 'minutes')
          .toISOString(),
      );
    }
  });
});
