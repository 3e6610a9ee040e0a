// Properties of the billing core (fast-check) against INDEPENDENT references written differently:
// rounding by walking the grid from zero, allocation by greedily handing out units to the line with the
// largest deficit (plain Number arithmetic on small values), clock rounding on the local seconds of the
// day read back from Date fields, rate precedence by scanning levels from most to least specific, and
// retainer conservation over random contracts. Sized for 2 loaded cores (~1 s for the file).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateAmounts,
  type BillingEntry,
  formatRatio,
  type ContractInput,
  parseContract,
  priceEntries,
  resolveRate,
  roundClock,
  roundEntries,
  roundSeconds,
  ROUNDING_INTERVALS,
  type RoundingMode,
} from '../../../shared/billing';
import { civilFromDays, daysFromCivil } from '../../../shared/billing/civil';

const RUNS = { numRuns: 250 };
const mode = fc.constantFrom<RoundingMode>('up', 'down', 'nearest');
const interval = fc.constantFrom(...ROUNDING_INTERVALS);

/** Reference rounding: walk the multiples of step from 0. */
function refRound(s: number, step: number, m: RoundingMode): number {
  let lo = 0;
  while (lo + step <= s) lo += step;
  if (lo === s) return s;
  const hi = lo + step;
  if (m === 'down') return lo;
  if (m === 'up') return hi;
  return s - lo < hi - s ? lo : hi;
}

/** Reference allocation: floors, then one unit at a time to the line with the largest deficit. */
function refAllocate(seconds: number[], rate: number): { lines: number[]; total: number } {
  const nums = seconds.map((s) => s * rate); // small enough to be exact doubles
  const sum = nums.reduce((a, b) => a + b, 0);
  let total = Math.floor(sum / 3600);
  if (2 * (sum - total * 3600) >= 3600) total++;
  const lines = nums.map((n) => Math.floor(n / 3600));
  let given = lines.reduce((a, b) => a + b, 0);
  while (given < total) {
    let best = -1;
    for (let i = 0; i < nums.length; i++) {
      if (best < 0 || nums[i]! - 3600 * lines[i]! > nums[best]! - 3600 * lines[best]!) best = i;
    }
    lines[best]!++;
    given++;
  }
  return { lines, total };
}

describe('duration rounding', () => {
  it('matches the grid-walking reference', () => {
    fc.assert(
      fc.property(fc.nat(40_000), mode, interval, (s, m, i) => {
        expect(roundSeconds(s, m, i)).toBe(refRound(s, i * 60, m));
      }),
      RUNS,
    );
  });

  it('is monotonic, idempotent and within one interval (half of one for nearest)', () => {
    fc.assert(
      fc.property(fc.nat(200_000), fc.nat(200_000), mode, interval, (a, b, m, i) => {
        const [x, y] = a <= b ? [a, b] : [b, a];
        const rx = roundSeconds(x, m, i);
        expect(rx).toBeLessThanOrEqual(roundSeconds(y, m, i));
        expect(roundSeconds(rx, m, i)).toBe(rx);
        expect(rx % (i * 60)).toBe(0);
        expect(Math.abs(rx - x)).toBeLessThanOrEqual(m === 'nearest' ? i * 30 : i * 60 - 1);
      }),
      RUNS,
    );
  });

  it('per entry vs per group', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20_000), { maxLength: 12 }), mode, interval, (xs, m, i) => {
        const raw = xs.reduce((a, b) => a + b, 0);
        const e = roundEntries(xs, { mode: m, intervalMinutes: i, scope: 'entry' });
        const g = roundEntries(xs, { mode: m, intervalMinutes: i, scope: 'group' });
        expect(g.roundedEntriesSeconds).toBeNull();
        expect(e.roundedEntriesSeconds).toEqual(xs.map((s) => refRound(s, i * 60, m)));
        expect(e.totalSeconds).toBe(e.roundedEntriesSeconds!.reduce((a, b) => a + b, 0));
        expect(g.totalSeconds).toBe(refRound(raw, i * 60, m));
        if (m === 'down') expect(e.totalSeconds).toBeLessThanOrEqual(g.totalSeconds);
        if (m === 'up') expect(e.totalSeconds).toBeGreaterThanOrEqual(g.totalSeconds);
        if (m === 'nearest')
          expect(Math.abs(e.totalSeconds - raw)).toBeLessThanOrEqual(xs.length * i * 30);
        const onGrid = xs.map((s) => s - (s % (i * 60)));
        expect(
          roundEntries(onGrid, { mode: m, intervalMinutes: i, scope: 'entry' }).totalSeconds,
        ).toBe(roundEntries(onGrid, { mode: m, intervalMinutes: i, scope: 'group' }).totalSeconds);
      }),
      RUNS,
    );
  });
});

describe('clock rounding', () => {
  const offsets = fc.constantFrom(0, 60, -300, 330, 345, -210, 765, 600);
  const fmtOffset = (o: number) =>
    o === 0
      ? 'Z'
      : `${o < 0 ? '-' : '+'}${String(Math.floor(Math.abs(o) / 60)).padStart(2, '0')}:${String(Math.abs(o) % 60).padStart(2, '0')}`;
  const iso = (ms: number, o: number) =>
    `${new Date(ms + o * 60_000).toISOString().slice(0, 19)}${fmtOffset(o)}`;
  /** Reference: round the local seconds of the day read from Date fields. */
  const refClock = (ms: number, o: number, m: RoundingMode, i: number) => {
    const d = new Date(ms + o * 60_000);
    const sod = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
    return ms + (refRound(sod, i * 60, m) - sod) * 1000;
  };

  it('matches the reference, lands on the local grid and keeps end >= start', () => {
    const t0 = Date.UTC(1960, 0, 1) / 1000;
    fc.assert(
      fc.property(
        fc.integer({ min: t0, max: t0 + 3e9 }),
        fc.nat(200_000),
        offsets,
        offsets,
        mode,
        mode,
        interval,
        (s, len, o1, o2, m1, m2, i) => {
          const a = s * 1000;
          const b = a + len * 1000;
          const r = roundClock(iso(a, o1), iso(b, o2), { start: m1, end: m2, intervalMinutes: i });
          const ra = refClock(a, o1, m1, i);
          const rb = Math.max(ra, refClock(b, o2, m2, i));
          expect([Date.parse(r.start), Date.parse(r.end), r.totalSeconds]).toEqual([
            ra,
            rb,
            (rb - ra) / 1000,
          ]);
          expect(r.start.endsWith(fmtOffset(o1))).toBe(true);
          expect(Number(r.start.slice(14, 16)) % i).toBe(0);
        },
      ),
      RUNS,
    );
  });
});

describe('allocation', () => {
  it('matches the greedy reference: lines sum to the total, each within one unit, total rounded once', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(100_000), { maxLength: 15 }), fc.nat(200_000), (secs, rate) => {
        const r = allocateAmounts(secs, rate);
        const ref = refAllocate(secs, rate);
        expect(r).toEqual({ linesMinor: ref.lines, totalMinor: ref.total });
        expect(r.linesMinor.reduce((a, b) => a + b, 0)).toBe(r.totalMinor);
        secs.forEach((s, i) =>
          expect(Math.abs(3600 * r.linesMinor[i]! - s * rate)).toBeLessThan(3600),
        );
      }),
      RUNS,
    );
  });

  it('moves with the lines when they are permuted (distinct remainders)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 3599 }), { maxLength: 10 }), (secs) => {
        const rev = [...secs].reverse();
        expect(allocateAmounts(rev, 1).linesMinor).toEqual(
          allocateAmounts(secs, 1).linesMinor.reverse(),
        );
      }),
      RUNS,
    );
  });
});

describe('calendar arithmetic', () => {
  it('day numbers agree with Date.UTC both ways (years 1901-9999)', () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.UTC(1, 0, 1) / 86_400_000,
          max: Date.UTC(9999, 11, 31) / 86_400_000,
        }),
        (n) => {
          const d = new Date(n * 86_400_000);
          expect(civilFromDays(n)).toEqual({
            y: d.getUTCFullYear(),
            m: d.getUTCMonth() + 1,
            d: d.getUTCDate(),
          });
          expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(n);
        },
      ),
      RUNS,
    );
  });
});

describe('decimal hours', () => {
  it('formatRatio equals exact rational rounding half up (BigInt reference on digit strings)', () => {
    fc.assert(
      fc.property(
        fc.nat(Number.MAX_SAFE_INTEGER),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 6 }),
        (n, d, p) => {
          const scaled = (BigInt(n) * 10n ** BigInt(p) * 2n + BigInt(d)) / (2n * BigInt(d));
          const digits = scaled.toString().padStart(p + 1, '0');
          expect(formatRatio(n, d, p)).toBe(
            p === 0 ? digits : `${digits.slice(0, -p)}.${digits.slice(-p)}`,
          );
        },
      ),
      RUNS,
    );
  });
});

describe('rate precedence', () => {
  const dates = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'];
  const rate = fc
    .record({
      ratePerHourMinor: fc.nat(50_000),
      effectiveFrom: fc.constantFrom(...dates),
      effectiveTo: fc.option(fc.constantFrom('2026-03-15', '2026-05-01'), { nil: undefined }),
      agentId: fc.option(fc.constantFrom('ann', 'bob'), { nil: undefined }),
      activity: fc.option(fc.constantFrom('reply', 'triage'), { nil: undefined }),
    })
    .filter((r) => r.effectiveTo === undefined || r.effectiveTo > r.effectiveFrom);
  const card = fc.uniqueArray(rate, {
    maxLength: 14,
    selector: (r) => `${r.agentId}|${r.activity}|${r.effectiveFrom}`,
  });

  it('picks what a level-by-level scan picks', () => {
    fc.assert(
      fc.property(
        card,
        fc.constantFrom('ann', 'bob', 'cid'),
        fc.constantFrom('reply', 'triage', 'other'),
        fc.constantFrom('2025-12-31', '2026-01-15', '2026-02-01', '2026-03-20', '2026-06-01'),
        (rates, agent, act, date) => {
          const parsed = parseContract({ currency: 'EUR', timeZone: 'UTC', rates }).rates;
          const levels: [boolean, boolean][] = [
            [true, true],
            [true, false],
            [false, true],
            [false, false],
          ];
          let want: { rate: number; from: string } | null = null;
          for (const [byAgent, byActivity] of levels) {
            const here = rates.filter(
              (r) =>
                (r.agentId !== undefined) === byAgent &&
                (r.activity !== undefined) === byActivity &&
                (!byAgent || r.agentId === agent) &&
                (!byActivity || r.activity === act) &&
                r.effectiveFrom <= date &&
                (r.effectiveTo === undefined || date < r.effectiveTo),
            );
            if (here.length) {
              const latest = here.reduce((a, b) => (b.effectiveFrom > a.effectiveFrom ? b : a));
              want = { rate: latest.ratePerHourMinor, from: latest.effectiveFrom };
              break;
            }
          }
          const got = resolveRate(parsed, agent, act, date);
          expect(got && { rate: got.ratePerHourMinor, from: got.effectiveFrom }).toEqual(want);
        },
      ),
      RUNS,
    );
  });
});

describe('priceEntries', () => {
  const contract = fc
    .record({
      rounding: fc.option(
        fc.record({
          mode,
          intervalMinutes: interval,
          scope: fc.constantFrom<'entry' | 'group'>('entry', 'group'),
        }),
        { nil: null },
      ),
      minimumPerEntryMinutes: fc.constantFrom(0, 0, 5, 15),
      agentRate: fc.nat(30_000),
      retainer: fc.option(
        fc.record({
          monthlyFeeMinor: fc.nat(1_000_000),
          includedMinutes: fc.nat(600),
          overageRatePerHourMinor: fc.option(fc.nat(40_000), { nil: null }),
          unused: fc.oneof(
            fc.constant({ policy: 'lose' as const }),
            fc.record({ policy: fc.constant('rollover' as const), capMinutes: fc.nat(300) }),
          ),
        }),
        { nil: null },
      ),
    })
    .map(({ agentRate, ...c }): ContractInput => ({
      currency: 'EUR',
      timeZone: 'Europe/Copenhagen',
      nonBillableActivities: ['internal'],
      rates: [
        { ratePerHourMinor: 10_000, effectiveFrom: '2026-01-01' },
        { ratePerHourMinor: agentRate, effectiveFrom: '2026-03-10', agentId: 'bob' },
      ],
      ...c,
    }));
  const entries = fc
    .uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 4 }),
        // 2026-03-01T00:00+01:00 .. 2026-03-28 (before the DST change), whole seconds
        startS: fc.integer({
          min: Date.UTC(2026, 1, 28, 23) / 1000,
          max: Date.UTC(2026, 2, 28) / 1000,
        }),
        seconds: fc.nat(20_000),
        agentId: fc.constantFrom('ann', 'bob'),
        activity: fc.constantFrom('reply', 'triage', 'internal'),
      }),
      { maxLength: 25, selector: (e) => e.id },
    )
    .map((xs) =>
      xs.map(({ startS, ...e }): BillingEntry => ({
        ...e,
        start: new Date(startS * 1000).toISOString(),
      })),
    );

  it('conserves time and money, and does not depend on input order', () => {
    fc.assert(
      fc.property(contract, entries, fc.nat(3000), (c, es, rollIn) => {
        const rolloverInSeconds = c.retainer?.unused.policy === 'rollover' ? rollIn : 0;
        const p = priceEntries(c, es, { rolloverInSeconds });
        expect(priceEntries(c, [...es].reverse(), { rolloverInSeconds })).toEqual(p);
        const billed = p.lines.filter((l) => l.billable);
        const min = (c.minimumPerEntryMinutes ?? 0) * 60;
        // rounding + minimum
        if (!c.rounding || c.rounding.scope === 'entry') {
          for (const l of p.lines) {
            const r = c.rounding
              ? refRound(l.clockSeconds, c.rounding.intervalMinutes * 60, c.rounding.mode)
              : l.clockSeconds;
            expect(l.roundedSeconds).toBe(l.rawSeconds > 0 ? Math.max(r, min) : r);
          }
        } else {
          const groups = new Map<string, typeof p.lines>();
          for (const l of p.lines) {
            const k = `${l.billable}|${l.activity}|${l.rate?.ratePerHourMinor}`;
            groups.set(k, [...(groups.get(k) ?? []), l]);
          }
          for (const g of groups.values()) {
            const baseSum = g.reduce(
              (s, l) => s + (l.rawSeconds > 0 ? Math.max(l.clockSeconds, min) : l.clockSeconds),
              0,
            );
            expect(g.reduce((s, l) => s + l.roundedSeconds, 0)).toBe(
              refRound(baseSum, c.rounding.intervalMinutes * 60, c.rounding.mode),
            );
          }
        }
        // retainer conservation
        const billedSeconds = billed.reduce((s, l) => s + l.roundedSeconds, 0);
        expect(p.totals.billedSeconds).toBe(billedSeconds);
        if (p.retainer) {
          const r = p.retainer;
          expect(r.usedSeconds + r.overageSeconds).toBe(billedSeconds);
          expect(r.usedSeconds + r.unusedSeconds).toBe(r.availableSeconds);
          expect(r.availableSeconds).toBe(r.includedSeconds + r.rolloverInSeconds);
          expect(r.rolloverOutSeconds + r.lostSeconds).toBe(r.unusedSeconds);
          const cap =
            c.retainer!.unused.policy === 'rollover' ? c.retainer!.unused.capMinutes * 60 : 0;
          expect(r.rolloverOutSeconds).toBeLessThanOrEqual(cap);
          expect(billed.reduce((s, l) => s + l.retainerSeconds, 0)).toBe(r.usedSeconds);
          expect(p.totals.chargedSeconds).toBe(r.overageSeconds);
        } else {
          expect(p.totals.chargedSeconds).toBe(billedSeconds);
        }
        // money: one rounding of the exact total, each line within one unit
        const exact = billed.reduce(
          (s, l) => s + BigInt(l.chargedSeconds) * BigInt(l.chargedRatePerHourMinor ?? 0),
          0n,
        );
        expect(BigInt(p.totals.timeMinor)).toBe((exact * 2n + 3600n) / 7200n);
        expect(p.lines.reduce((s, l) => s + l.amountMinor, 0)).toBe(p.totals.timeMinor);
        for (const l of billed)
          expect(
            Math.abs(3600 * l.amountMinor - l.chargedSeconds * (l.chargedRatePerHourMinor ?? 0)),
          ).toBeLessThan(3600);
        for (const l of p.lines.filter((x) => !x.billable)) expect(l.amountMinor).toBe(0);
        expect(p.totals.totalMinor).toBe(p.totals.timeMinor + p.totals.retainerFeeMinor);
      }),
      { numRuns: 150 },
    );
  });
});
