// MonthPricer (shared/billing/stream.ts) against the property-tested pure core: on random contracts
// (no or per-entry rounding, clock rounding, minimum, rates by agent/activity with effective dates,
// non-billable activities, retainers with an overage rate or the rate card, JPY/EUR/KWD, rates large
// enough for the BigInt path) and random entries (equal starts with ids such as 9 and 10, agent-flagged
// non-billable entries), the two passes must give every line and every total exactly as priceEntries
// does when called the way the time room calls it (billable entries under the contract, agent-flagged
// ones with no rates and no retainer). Errors: a billable entry without a rate names the entry.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BillingError,
  type BillingEntry,
  type ContractInput,
  parseContract,
  priceEntries,
} from '../../../shared/billing';
import { isoDateOf } from '../../../shared/billing/civil';
import { MonthPricer } from '../../../shared/billing/stream';
import { offsetAt } from '../../../shared/sla';

type Entry = {
  id: number;
  startMs: number;
  seconds: number;
  agentId: number;
  activity: string;
  flagged: boolean;
};

const ZONES = ['Europe/Copenhagen', 'Asia/Tokyo', 'America/St_Johns', 'Australia/Lord_Howe'];
// March 2026: the EU and North American DST changes (Lord Howe's half-hour one is in April).
const MONTH_START = Date.UTC(2026, 2, 1) - 14 * 3_600_000;
const MONTH_SPAN = 31 * 86_400_000 - 28 * 3_600_000;
const ACTIVITIES = ['triage', 'reply', 'moderation', 'admin'];

const contractArb = fc.record({
  currency: fc.constantFrom('EUR', 'JPY', 'KWD'),
  timeZone: fc.constantFrom(...ZONES),
  rounding: fc.option(
    fc.record({
      mode: fc.constantFrom('up' as const, 'down' as const, 'nearest' as const),
      intervalMinutes: fc.constantFrom(1, 5, 6, 10, 12, 15, 30, 60),
      scope: fc.constant('entry' as const),
    }),
  ),
  clockRounding: fc.option(
    fc.record({
      start: fc.constantFrom('up' as const, 'down' as const, 'nearest' as const),
      end: fc.constantFrom('up' as const, 'down' as const, 'nearest' as const),
      intervalMinutes: fc.constantFrom(1, 5, 15, 30, 60),
    }),
  ),
  minimumPerEntryMinutes: fc.constantFrom(0, 0, 5, 15),
  nonBillable: fc.subarray(['admin', 'moderation'], { maxLength: 1 }),
  big: fc.boolean(),
  retainer: fc.option(
    fc.record({
      monthlyFeeMinor: fc.integer({ min: 0, max: 500_000 }),
      includedMinutes: fc.integer({ min: 0, max: 3000 }),
      overageRatePerHourMinor: fc.option(fc.integer({ min: 1, max: 30_000 })),
      unused: fc.oneof(
        fc.constant({ policy: 'lose' as const }),
        fc.record({
          policy: fc.constant('rollover' as const),
          capMinutes: fc.integer({ min: 0, max: 600 }),
        }),
      ),
    }),
  ),
});

function contractOf(c: ContractArb): ContractInput {
  const scale = c.big ? 1_000_000_000 : 1;
  return {
    currency: c.currency,
    timeZone: c.timeZone,
    nonBillableActivities: c.nonBillable,
    rates: [
      { ratePerHourMinor: 9000 * scale, effectiveFrom: '2026-01-01' },
      { ratePerHourMinor: 9517 * scale, effectiveFrom: '2026-03-15' },
      { ratePerHourMinor: 12_001 * scale, activity: 'moderation', effectiveFrom: '2026-01-01' },
      {
        ratePerHourMinor: 7777,
        agentId: '2',
        effectiveFrom: '2026-03-10',
        effectiveTo: '2026-03-20',
      },
      { ratePerHourMinor: 15_000, agentId: '3', activity: 'reply', effectiveFrom: '2026-01-01' },
    ],
    rounding: c.rounding,
    clockRounding: c.clockRounding,
    minimumPerEntryMinutes: c.minimumPerEntryMinutes,
    retainer: c.retainer,
  };
}

type ContractArb = typeof contractArb extends fc.Arbitrary<infer T> ? T : never;

const entriesArb = fc
  .array(
    fc.record({
      startMs: fc.integer({ min: 0, max: MONTH_SPAN }),
      sameAsPrevious: fc.boolean(),
      seconds: fc.oneof(fc.integer({ min: 0, max: 4000 }), fc.constant(0), fc.constant(1800)),
      agentId: fc.integer({ min: 1, max: 4 }),
      activity: fc.constantFrom(...ACTIVITIES),
      flagged: fc.boolean(),
    }),
    { maxLength: 60 },
  )
  .map((xs) => {
    const out: Entry[] = [];
    xs.forEach((x, i) => {
      const startMs =
        MONTH_START + (x.sameAsPrevious && i > 0 ? out[i - 1]!.startMs - MONTH_START : x.startMs);
      out.push({
        id: i + 5,
        startMs,
        seconds: x.seconds,
        agentId: x.agentId,
        activity: x.activity,
        flagged: x.flagged,
      });
    });
    return out;
  });

/** priceEntries' order: start, then the id as a string. */
const pricingOrder = (es: Entry[]) =>
  [...es].sort(
    (a, b) =>
      a.startMs - b.startMs ||
      (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0),
  );

function iso(ms: number, zone: string): string {
  const off = Math.round(offsetAt(zone, ms) / 60_000);
  const d = new Date(ms + off * 60_000).toISOString().slice(0, 23);
  const a = Math.abs(off);
  return `${d}${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The reference: priceEntries as the time room calls it (pricing.ts priceClientMonth). */
function reference(input: ContractInput, entries: Entry[]) {
  const c = parseContract(input);
  const toBilling = (e: Entry): BillingEntry => ({
    id: String(e.id),
    start: iso(e.startMs, c.timeZone),
    seconds: e.seconds,
    agentId: String(e.agentId),
    activity: e.activity,
  });
  const a = priceEntries(c, entries.filter((e) => e.flagged).map(toBilling));
  const nb = entries.filter((e) => !e.flagged);
  const b = priceEntries(
    {
      ...c,
      rates: [],
      retainer: null,
      nonBillableActivities: [...new Set(nb.map((e) => e.activity))],
    },
    nb.map(toBilling),
  );
  const lines = new Map([...a.lines, ...b.lines].map((l) => [l.id, l]));
  return {
    lines: entries.map((e) => {
      const l = lines.get(String(e.id))!;
      return {
        billable: l.billable,
        rawSeconds: l.rawSeconds,
        roundedSeconds: l.roundedSeconds,
        ratePerHourMinor: l.chargedRatePerHourMinor ?? l.rate?.ratePerHourMinor ?? null,
        amountMinor: l.amountMinor,
        date: l.date,
      };
    }),
    totals: {
      ...a.totals,
      rawSeconds: a.totals.rawSeconds + b.totals.rawSeconds,
      nonBillableRawSeconds: a.totals.nonBillableRawSeconds + b.totals.nonBillableRawSeconds,
    },
    retainer: a.retainer,
  };
}

function streamed(input: ContractInput, entries: Entry[]) {
  const p = new MonthPricer(parseContract(input));
  for (const e of entries) p.observe(e.id, e.startMs, e.seconds, e.agentId, e.activity, e.flagged);
  const settled = p.settle();
  const lines = entries.map((e) => {
    const l = p.emit(e.id, e.startMs, e.seconds, e.agentId, e.activity, e.flagged);
    const { day, ...rest } = l;
    return { ...rest, date: isoDateOf(day * 86_400_000) };
  });
  return { lines, totals: settled.totals, retainer: settled.retainer };
}

let compared = 0;
describe('MonthPricer', () => {
  it('gives every line and total exactly as priceEntries does', () => {
    fc.assert(
      fc.property(contractArb, entriesArb, (c, es) => {
        const input = contractOf(c);
        const ordered = pricingOrder(es);
        let ref: ReturnType<typeof reference>;
        try {
          ref = reference(input, ordered);
        } catch (e) {
          // Amounts too large for safe numbers: the stream refuses them too.
          expect(e).toBeInstanceOf(BillingError);
          expect(() => streamed(input, ordered)).toThrow(BillingError);
          return;
        }
        compared++;
        expect(streamed(input, ordered)).toEqual(ref);
      }),
      { numRuns: 300 },
    );
    // Most runs compare (the rest are refusals both sides agree on).
    expect(compared).toBeGreaterThan(200);
  });

  it('awards tied remainders to the earlier line, as allocateExact does', () => {
    // Six 1-minute lines at 100.00/h: 166.67 each, total 1000, the first four get the extra unit.
    const input: ContractInput = {
      currency: 'EUR',
      timeZone: 'UTC',
      rates: [{ ratePerHourMinor: 10_000, effectiveFrom: '2026-01-01' }],
    };
    const es = Array.from({ length: 6 }, (_, i) => ({
      id: i + 1,
      startMs: Date.UTC(2026, 2, 2, 9, i),
      seconds: 60,
      agentId: 1,
      activity: 'reply',
      flagged: true,
    }));
    const s = streamed(input, es);
    expect(s.lines.map((l) => l.amountMinor)).toEqual([167, 167, 167, 167, 166, 166]);
    expect(s.totals.timeMinor).toBe(1000);
  });

  it('names the entry that has no rate in force, and refuses per-group rounding', () => {
    const input: ContractInput = {
      currency: 'EUR',
      timeZone: 'UTC',
      rates: [{ ratePerHourMinor: 10_000, effectiveFrom: '2026-04-01' }],
    };
    const p = new MonthPricer(parseContract(input));
    expect(() => p.observe(42, Date.UTC(2026, 2, 2), 60, 1, 'reply', true)).toThrow(
      /entries\[id=42\].*no rate in force on 2026-03-02/,
    );
    const group = parseContract({
      ...input,
      rounding: { mode: 'up', intervalMinutes: 15, scope: 'group' },
    });
    expect(MonthPricer.supports(group)).toBe(false);
    expect(() => new MonthPricer(group)).toThrow(BillingError);
  });
});
