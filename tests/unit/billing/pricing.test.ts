// Contracts and priceEntries (shared/billing/contract + pricing): validation with field names, rate
// precedence and effective dates, rounding + minimum, group scope, clock rounding, retainers.
import { describe, expect, it } from 'vitest';
import {
  type BillingEntry,
  type ContractInput,
  parseContract,
  priceEntries,
  resolveRate,
} from '../../../shared/billing';

const base: ContractInput = {
  currency: 'EUR',
  timeZone: 'Europe/Copenhagen',
  rates: [{ ratePerHourMinor: 10_000, effectiveFrom: '2026-01-01' }],
};
let n = 0;
const entry = (start: string, seconds: number, over: Partial<BillingEntry> = {}): BillingEntry => ({
  id: `e${++n}`,
  start,
  seconds,
  agentId: 'ann',
  activity: 'reply',
  ...over,
});

describe('contract', () => {
  it('applies defaults and derives the exponent', () => {
    const c = parseContract({ currency: 'JPY', timeZone: 'Asia/Tokyo' });
    expect(c).toMatchObject({
      exponent: 0,
      rates: [],
      nonBillableActivities: [],
      rounding: null,
      clockRounding: null,
      minimumPerEntryMinutes: 0,
      retainer: null,
    });
    expect(parseContract({ ...base, currency: 'KWD' }).exponent).toBe(3);
  });

  it('refuses bad contracts naming the field', () => {
    expect(() => parseContract({ ...base, currency: 'XAU' })).toThrow(/^currency: /);
    expect(() => parseContract({ ...base, timeZone: 'Mars/Olympus' })).toThrow(/^timeZone: /);
    expect(() =>
      parseContract({ ...base, rounding: { mode: 'up', intervalMinutes: 7, scope: 'entry' } }),
    ).toThrow(/^rounding\.intervalMinutes/);
    expect(() =>
      parseContract({ ...base, rates: [{ ratePerHourMinor: 1.5, effectiveFrom: '2026-01-01' }] }),
    ).toThrow(/^rates\[0\]\.ratePerHourMinor/);
    expect(() =>
      parseContract({ ...base, rates: [{ ratePerHourMinor: 1, effectiveFrom: '2026-02-30' }] }),
    ).toThrow(/^rates\[0\]\.effectiveFrom/);
    expect(() =>
      parseContract({
        ...base,
        rates: [{ ratePerHourMinor: 1, effectiveFrom: '2026-03-01', effectiveTo: '2026-03-01' }],
      }),
    ).toThrow(/^rates\[0\]\.effectiveTo: must be after/);
    expect(() =>
      parseContract({
        ...base,
        rates: [...base.rates!, { ratePerHourMinor: 2, effectiveFrom: '2026-01-01' }],
      }),
    ).toThrow(/^rates\[1\]: same agent, activity and effectiveFrom as rates\[0\]/);
    expect(() =>
      parseContract({
        ...base,
        retainer: {
          monthlyFeeMinor: 1,
          includedMinutes: 60,
          overageRatePerHourMinor: null,
          unused: { policy: 'keep' },
        },
      }),
    ).toThrow(/^retainer\.unused/);
  });

  it('resolves the most specific rate in force on the date', () => {
    const rates = parseContract({
      ...base,
      rates: [
        { ratePerHourMinor: 100, effectiveFrom: '2026-01-01' },
        { ratePerHourMinor: 200, effectiveFrom: '2026-01-01', activity: 'reply' },
        { ratePerHourMinor: 300, effectiveFrom: '2026-02-01', agentId: 'ann' },
        { ratePerHourMinor: 400, effectiveFrom: '2026-03-01', agentId: 'ann', activity: 'reply' },
        { ratePerHourMinor: 150, effectiveFrom: '2026-04-01' }, // a later default never beats a specific rate
        {
          ratePerHourMinor: 500,
          effectiveFrom: '2026-05-01',
          effectiveTo: '2026-06-01',
          agentId: 'ann',
          activity: 'reply',
        },
      ],
    }).rates;
    const r = (agent: string, act: string, d: string) => resolveRate(rates, agent, act, d);
    expect(r('bob', 'triage', '2025-12-31')).toBeNull();
    expect(r('bob', 'triage', '2026-01-15')).toMatchObject({
      ratePerHourMinor: 100,
      level: 'default',
    });
    expect(r('bob', 'reply', '2026-01-15')).toMatchObject({
      ratePerHourMinor: 200,
      level: 'activity',
    });
    expect(r('ann', 'reply', '2026-01-31')).toMatchObject({
      ratePerHourMinor: 200,
      level: 'activity',
    });
    expect(r('ann', 'reply', '2026-02-01')).toMatchObject({
      ratePerHourMinor: 300,
      level: 'agent',
    });
    expect(r('ann', 'reply', '2026-03-01')).toMatchObject({
      ratePerHourMinor: 400,
      level: 'agent+activity',
    });
    expect(r('ann', 'triage', '2026-04-02')).toMatchObject({
      ratePerHourMinor: 300,
      level: 'agent',
    });
    expect(r('bob', 'triage', '2026-04-02')).toMatchObject({
      ratePerHourMinor: 150,
      level: 'default',
      effectiveFrom: '2026-04-01',
    });
    expect(r('ann', 'reply', '2026-05-31')).toMatchObject({ ratePerHourMinor: 500 });
    expect(r('ann', 'reply', '2026-06-01')).toMatchObject({ ratePerHourMinor: 400 }); // 500 ended; 400 is in force again
  });
});

describe('priceEntries', () => {
  it('a rate change applies from its local date; older entries keep their rate', () => {
    const c: ContractInput = {
      ...base,
      rates: [
        { ratePerHourMinor: 10_000, effectiveFrom: '2026-01-01' },
        { ratePerHourMinor: 12_000, effectiveFrom: '2026-03-15' },
      ],
    };
    // 2026-03-14T23:30Z is 00:30 on the 15th in Copenhagen: the new rate.
    const p = priceEntries(c, [
      entry('2026-03-14T22:30:00Z', 3600),
      entry('2026-03-14T23:30:00Z', 3600),
    ]);
    expect(p.lines.map((l) => [l.date, l.chargedRatePerHourMinor, l.amountMinor])).toEqual([
      ['2026-03-14', 10_000, 10_000],
      ['2026-03-15', 12_000, 12_000],
    ]);
    expect(p.totals).toMatchObject({
      rawSeconds: 7200,
      billedSeconds: 7200,
      timeMinor: 22_000,
      totalMinor: 22_000,
    });
  });

  it("the issue's six 1-minute entries at 100.00/h total 10.00 exactly", () => {
    const p = priceEntries(
      base,
      Array.from({ length: 6 }, (_, i) => entry(`2026-03-02T09:0${i}:00+01:00`, 60)),
    );
    expect(p.totals.timeMinor).toBe(1000);
    expect(p.lines.map((l) => l.amountMinor)).toEqual([167, 167, 167, 167, 166, 166]);
  });

  it('per-entry rounding, then the minimum; non-billable activities cost nothing', () => {
    const c: ContractInput = {
      ...base,
      rounding: { mode: 'up', intervalMinutes: 6, scope: 'entry' },
      minimumPerEntryMinutes: 15,
      nonBillableActivities: ['internal'],
    };
    const p = priceEntries(c, [
      entry('2026-03-02T09:00:00+01:00', 125), // 2:05 -> 6:00 -> min 15:00
      entry('2026-03-02T10:00:00+01:00', 16 * 60 + 1), // 16:01 -> 18:00
      entry('2026-03-02T11:00:00+01:00', 0), // empty: no minimum
      entry('2026-03-02T12:00:00+01:00', 600, { activity: 'internal' }),
    ]);
    expect(p.lines.map((l) => [l.roundedSeconds, l.billable, l.amountMinor])).toEqual([
      [900, true, 2500],
      [1080, true, 3000],
      [0, true, 0],
      [900, false, 0],
    ]);
    expect(p.totals).toMatchObject({
      rawSeconds: 125 + 961 + 600,
      billableRawSeconds: 1086,
      nonBillableRawSeconds: 600,
      billedSeconds: 1980,
      timeMinor: 5500,
    });
  });

  it('group scope rounds the sum of one activity at one rate and spreads it back', () => {
    const c: ContractInput = {
      ...base,
      rounding: { mode: 'up', intervalMinutes: 15, scope: 'group' },
    };
    const p = priceEntries(c, [
      entry('2026-03-02T09:00:00+01:00', 300),
      entry('2026-03-02T09:10:00+01:00', 300),
      entry('2026-03-02T09:20:00+01:00', 400),
      entry('2026-03-02T10:00:00+01:00', 60, { activity: 'triage' }),
    ]);
    // reply: 1000 s -> 1800 s spread 300:300:400 = 540, 540, 720; triage: 60 -> 900
    expect(p.lines.map((l) => l.roundedSeconds)).toEqual([540, 540, 720, 900]);
    expect(p.totals.billedSeconds).toBe(2700);
    expect(p.totals.timeMinor).toBe(7500);
  });

  it('clock rounding uses the start and end written with the entry offset', () => {
    const c: ContractInput = {
      ...base,
      clockRounding: { start: 'down', end: 'up', intervalMinutes: 15 },
    };
    const p = priceEntries(c, [entry('2026-03-02T12:17:35+01:00', 4517)]); // 12:17:35-13:32:52 -> 12:15-13:45
    expect(p.lines[0]).toMatchObject({
      rawSeconds: 4517,
      clockSeconds: 5400,
      roundedSeconds: 5400,
      amountMinor: 15_000,
    });
  });

  it('a retainer covers its minutes chronologically and charges overage; unused time rolls over up to the cap', () => {
    const c: ContractInput = {
      ...base,
      retainer: {
        monthlyFeeMinor: 500_000,
        includedMinutes: 120,
        overageRatePerHourMinor: 15_000,
        unused: { policy: 'rollover', capMinutes: 30 },
      },
    };
    const entries = [
      entry('2026-03-03T09:00:00+01:00', 5400),
      entry('2026-03-02T09:00:00+01:00', 3600, { id: 'first' }),
    ];
    const p = priceEntries(c, entries, { rolloverInSeconds: 1200 });
    expect(p.lines.map((l) => [l.id, l.retainerSeconds, l.chargedSeconds, l.amountMinor])).toEqual([
      ['first', 3600, 0, 0],
      [entries[0]!.id, 4800, 600, 2500],
    ]);
    expect(p.retainer).toEqual({
      includedSeconds: 7200,
      rolloverInSeconds: 1200,
      availableSeconds: 8400,
      usedSeconds: 8400,
      overageSeconds: 600,
      unusedSeconds: 0,
      rolloverOutSeconds: 0,
      lostSeconds: 0,
      feeMinor: 500_000,
    });
    expect(p.totals).toMatchObject({
      timeMinor: 2500,
      retainerFeeMinor: 500_000,
      totalMinor: 502_500,
    });
    const quiet = priceEntries(c, [entry('2026-03-05T09:00:00+01:00', 1800)]);
    expect(quiet.retainer).toMatchObject({
      usedSeconds: 1800,
      unusedSeconds: 5400,
      rolloverOutSeconds: 1800,
      lostSeconds: 3600,
    });
  });

  it('overage without an overage rate uses the rate card; policy lose refuses a rollover', () => {
    const c: ContractInput = {
      ...base,
      retainer: {
        monthlyFeeMinor: 0,
        includedMinutes: 60,
        overageRatePerHourMinor: null,
        unused: { policy: 'lose' },
      },
    };
    const p = priceEntries(c, [entry('2026-03-02T09:00:00+01:00', 5400)]);
    expect(p.lines[0]).toMatchObject({
      retainerSeconds: 3600,
      chargedSeconds: 1800,
      chargedRatePerHourMinor: 10_000,
      amountMinor: 5000,
    });
    expect(() => priceEntries(c, [], { rolloverInSeconds: 60 })).toThrow(/^rolloverInSeconds: /);
    expect(() =>
      priceEntries(c, [
        entry('2026-03-31T22:00:00+02:00', 60),
        entry('2026-04-01T00:30:00+02:00', 60),
      ]),
    ).toThrow(/span 2026-03, 2026-04/);
  });

  it('refuses bad entries and a billable entry without a rate, naming it', () => {
    expect(() => priceEntries(base, [entry('2026-03-02T09:00:00', 60)])).toThrow(
      /^entries\[0\]\.start/,
    );
    expect(() => priceEntries(base, [entry('2026-03-02T09:00:00Z', -1)])).toThrow(
      /^entries\[0\]\.seconds/,
    );
    expect(() => priceEntries(base, [entry('2026-03-02T09:00:00Z', 60, { agentId: '' })])).toThrow(
      /^entries\[0\]\.agentId/,
    );
    expect(() =>
      priceEntries(base, [
        entry('2026-03-02T09:00:00Z', 60, { id: 'x' }),
        entry('2026-03-02T09:00:00Z', 60, { id: 'x' }),
      ]),
    ).toThrow(/duplicate id "x"/);
    expect(() => priceEntries(base, [entry('2025-12-31T09:00:00Z', 60, { id: 'old' })])).toThrow(
      /^entries\[id=old\]: no rate in force on 2025-12-31/,
    );
    expect(() => priceEntries({ ...base, currency: 'eur' }, [])).toThrow(/^currency/);
  });
});
