// Duration and clock rounding (shared/billing/rounding): hand-checked examples, vendors' documented
// cases (Kimai's ClosestRounding tests, Clockify / Toggl / Harvest help pages) and validation.
import { describe, expect, it } from 'vitest';
import { BillingError, roundClock, roundEntries, roundSeconds } from '../../../shared/billing';

const MIN = 60;

describe('roundEntries', () => {
  it('per entry rounds each entry, then sums; per group rounds the sum once', () => {
    const entries = [7 * MIN, 8 * MIN, 22 * MIN + 30];
    expect(roundEntries(entries, { mode: 'up', intervalMinutes: 15, scope: 'entry' })).toEqual({
      roundedEntriesSeconds: [900, 900, 1800],
      totalSeconds: 3600,
    });
    expect(roundEntries(entries, { mode: 'up', intervalMinutes: 15, scope: 'group' })).toEqual({
      roundedEntriesSeconds: null,
      totalSeconds: 2700,
    });
    expect(roundEntries(entries, { mode: 'down', intervalMinutes: 15, scope: 'entry' })).toEqual({
      roundedEntriesSeconds: [0, 0, 900],
      totalSeconds: 900,
    });
    expect(roundEntries(entries, { mode: 'nearest', intervalMinutes: 15, scope: 'entry' })).toEqual(
      { roundedEntriesSeconds: [0, 900, 1800], totalSeconds: 2700 },
    );
    expect(
      roundEntries(entries, { mode: 'nearest', intervalMinutes: 15, scope: 'group' }).totalSeconds,
    ).toBe(2700); // 37:30 -> 45 (tie up)
  });

  it('ties in nearest round up; a second less rounds down', () => {
    expect(roundSeconds(7 * MIN + 30, 'nearest', 15)).toBe(900);
    expect(roundSeconds(7 * MIN + 29, 'nearest', 15)).toBe(0);
    expect(roundSeconds(3 * MIN, 'nearest', 6)).toBe(360);
    expect(roundSeconds(30, 'nearest', 1)).toBe(60);
    expect(roundSeconds(29, 'nearest', 1)).toBe(0);
    expect(roundSeconds(30 * MIN, 'nearest', 60)).toBe(3600);
  });

  it('0 stays 0 and exact multiples are unchanged in every mode', () => {
    for (const mode of ['up', 'down', 'nearest'] as const) {
      expect(roundSeconds(0, mode, 15)).toBe(0);
      expect(roundSeconds(3600, mode, 12)).toBe(3600);
    }
    expect(roundEntries([], { mode: 'up', intervalMinutes: 6, scope: 'entry' })).toEqual({
      roundedEntriesSeconds: [],
      totalSeconds: 0,
    });
    expect(roundEntries([], { mode: 'up', intervalMinutes: 6, scope: 'group' })).toEqual({
      roundedEntriesSeconds: null,
      totalSeconds: 0,
    });
  });

  // Clockify Help, "Time rounding": to the nearest minute 00:10:56 is shown as 00:11:00; round down with a
  // 30 min interval shows a 1-29 min entry as 0 min; rounding is applied to each entry, then added up.
  it('Clockify documented cases', () => {
    expect(roundSeconds(10 * MIN + 56, 'nearest', 1)).toBe(11 * MIN);
    for (const m of [1, 15, 29]) expect(roundSeconds(m * MIN, 'down', 30)).toBe(0);
    expect(roundSeconds(31 * MIN, 'up', 30)).toBe(60 * MIN);
  });

  // Productive / Harvest style: "round up to 15 minutes: 13 min -> 15; round down to 6 minutes: 14 min -> 12".
  // Harvest Help, "How does time rounding work?": each entry is rounded before the entries are totaled.
  it('Harvest-style per-entry totals and documented up/down examples', () => {
    expect(roundSeconds(13 * MIN, 'up', 15)).toBe(15 * MIN);
    expect(roundSeconds(14 * MIN, 'down', 6)).toBe(12 * MIN);
    expect(
      roundEntries([13 * MIN, 13 * MIN], { mode: 'up', intervalMinutes: 6, scope: 'entry' })
        .totalSeconds,
    ).toBe(36 * MIN);
  });

  // Toggl support, "Rounding": individual entries are rounded separately; grouped entries are totalled
  // as is, then the rounding is applied to that sub-total.
  it('Toggl individual vs grouped', () => {
    const six = Array(6).fill(MIN);
    expect(
      roundEntries(six, { mode: 'up', intervalMinutes: 15, scope: 'entry' }).totalSeconds,
    ).toBe(90 * MIN);
    expect(
      roundEntries(six, { mode: 'up', intervalMinutes: 15, scope: 'group' }).totalSeconds,
    ).toBe(15 * MIN);
  });

  it('refuses bad rules and entries with the field named', () => {
    const rule = { mode: 'up' as const, intervalMinutes: 15, scope: 'entry' as const };
    expect(() => roundEntries([60], { ...rule, intervalMinutes: 7 })).toThrow(
      /rule.intervalMinutes: 7 is not one of 1, 5, 6, 10, 12, 15, 30, 60/,
    );
    expect(() => roundEntries([60], { ...rule, intervalMinutes: 240 })).toThrow(BillingError);
    expect(() => roundEntries([60], { ...rule, intervalMinutes: 15.5 })).toThrow(/intervalMinutes/);
    expect(() => roundEntries([60], { ...rule, mode: 'ceil' as 'up' })).toThrow(/rule.mode/);
    expect(() => roundEntries([60], { ...rule, scope: 'day' as 'entry' })).toThrow(/rule.scope/);
    expect(() => roundEntries([60, -1], rule)).toThrow(/entriesSeconds\[1\]/);
    expect(() => roundEntries([1.5], rule)).toThrow(/entriesSeconds\[0\]/);
    expect(() => roundEntries([Number.NaN], rule)).toThrow(BillingError);
    expect(() => roundSeconds(60, 'up', 4)).toThrow(/intervalMinutes/);
  });
});

describe('roundClock', () => {
  // Kimai tests/Timesheet/Rounding/ClosestRoundingTest.php: 12:17:35-13:32:52 with 15 min -> 12:15-13:30
  // (4500 s); with 1 min -> 12:18-13:33 (4500 s); no rounding keeps 4517 s.
  it("Kimai's documented closest-rounding cases", () => {
    expect(
      roundClock('2026-03-02T12:17:35Z', '2026-03-02T13:32:52Z', {
        start: 'nearest',
        end: 'nearest',
        intervalMinutes: 15,
      }),
    ).toEqual({ start: '2026-03-02T12:15:00Z', end: '2026-03-02T13:30:00Z', totalSeconds: 4500 });
    expect(
      roundClock('2026-03-02T12:17:35Z', '2026-03-02T13:32:52Z', {
        start: 'nearest',
        end: 'nearest',
        intervalMinutes: 1,
      }),
    ).toEqual({ start: '2026-03-02T12:18:00Z', end: '2026-03-02T13:33:00Z', totalSeconds: 4500 });
    // Kimai DefaultRounding: begin rounds down, end rounds up.
    expect(
      roundClock('2026-03-02T12:17:35Z', '2026-03-02T13:32:52Z', {
        start: 'down',
        end: 'up',
        intervalMinutes: 15,
      }),
    ).toEqual({ start: '2026-03-02T12:15:00Z', end: '2026-03-02T13:45:00Z', totalSeconds: 5400 });
    // Kimai: a record already on the grid is left alone.
    expect(
      roundClock('2026-03-02T12:27:00Z', '2026-03-02T12:27:00Z', {
        start: 'up',
        end: 'up',
        intervalMinutes: 1,
      }),
    ).toEqual({ start: '2026-03-02T12:27:00Z', end: '2026-03-02T12:27:00Z', totalSeconds: 0 });
  });

  it('aligns to the hour of the wall clock written in the string and keeps its offset', () => {
    const r = { start: 'down', end: 'up', intervalMinutes: 60 } as const;
    // India +05:30: local 09:40 -> 09:00 (an hour boundary locally, 03:30Z in UTC).
    expect(roundClock('2026-03-02T09:40:00+05:30', '2026-03-02T10:05:00+05:30', r)).toEqual({
      start: '2026-03-02T09:00:00+05:30',
      end: '2026-03-02T11:00:00+05:30',
      totalSeconds: 7200,
    });
    // Nepal +05:45 with 30 minutes.
    expect(
      roundClock('2026-03-02T09:50:00+05:45', '2026-03-02T10:10:00+05:45', {
        start: 'down',
        end: 'down',
        intervalMinutes: 30,
      }),
    ).toEqual({
      start: '2026-03-02T09:30:00+05:45',
      end: '2026-03-02T10:00:00+05:45',
      totalSeconds: 1800,
    });
    // Different offsets on the two ends (a DST change in between): duration is real elapsed time
    // (00:45Z to 01:15Z).
    expect(
      roundClock('2026-10-25T02:50:00+02:00', '2026-10-25T02:10:00+01:00', {
        start: 'down',
        end: 'up',
        intervalMinutes: 15,
      }),
    ).toEqual({
      start: '2026-10-25T02:45:00+02:00',
      end: '2026-10-25T02:15:00+01:00',
      totalSeconds: 1800,
    });
    // Negative offsets and times before 1970.
    expect(
      roundClock('1969-12-31T23:52:30-03:00', '1969-12-31T23:59:59-03:00', {
        start: 'nearest',
        end: 'nearest',
        intervalMinutes: 5,
      }),
    ).toEqual({
      start: '1969-12-31T23:55:00-03:00',
      end: '1970-01-01T00:00:00-03:00',
      totalSeconds: 300,
    });
  });

  it('ties round up; fractional seconds count; an end rounded before the start collapses to it', () => {
    expect(
      roundClock('2026-03-02T12:07:30Z', '2026-03-02T12:52:29.999Z', {
        start: 'nearest',
        end: 'nearest',
        intervalMinutes: 15,
      }),
    ).toEqual({ start: '2026-03-02T12:15:00Z', end: '2026-03-02T12:45:00Z', totalSeconds: 1800 });
    expect(
      roundClock('2026-03-02T12:01:00Z', '2026-03-02T12:09:00Z', {
        start: 'up',
        end: 'down',
        intervalMinutes: 10,
      }),
    ).toEqual({ start: '2026-03-02T12:10:00Z', end: '2026-03-02T12:10:00Z', totalSeconds: 0 });
    expect(
      roundClock('2026-03-02T12:01:00.250Z', '2026-03-02T12:09:00Z', {
        start: 'up',
        end: 'up',
        intervalMinutes: 1,
      }).start,
    ).toBe('2026-03-02T12:02:00Z');
  });

  it('refuses malformed instants, a reversed span and bad rules', () => {
    const rule = { start: 'up', end: 'up', intervalMinutes: 15 } as const;
    expect(() => roundClock('2026-03-02T12:00:00', '2026-03-02T13:00:00Z', rule)).toThrow(
      /startIso: .* with an offset/,
    );
    expect(() => roundClock('2026-02-30T12:00:00Z', '2026-03-02T13:00:00Z', rule)).toThrow(
      /startIso/,
    );
    expect(() => roundClock('2026-03-02T12:00:00Z', 'tomorrow', rule)).toThrow(/endIso/);
    expect(() => roundClock('2026-03-02T13:00:00Z', '2026-03-02T12:00:00Z', rule)).toThrow(
      /endIso: .* is before startIso/,
    );
    expect(() =>
      roundClock('2026-03-02T12:00:00Z', '2026-03-02T13:00:00Z', { ...rule, intervalMinutes: 20 }),
    ).toThrow(/rule.intervalMinutes/);
    expect(() =>
      roundClock('2026-03-02T12:00:00Z', '2026-03-02T13:00:00Z', {
        ...rule,
        end: 'closest' as 'up',
      }),
    ).toThrow(/rule.end/);
  });
});
