// shared/billing: priceEntries — a contract applied to one billing period's time entries, exactly.
//
// Pipeline per entry (entries are first sorted by start, then id, so input order never matters):
//   raw seconds (stored)
//   -> clock rounding of start and end, if the contract has one (roundClock's rule; end = start + raw)
//   -> duration rounding: per entry, each entry; per group, the sum of a group's entries is rounded
//      once and spread back over its entries in proportion (largest remainder, whole seconds, ties to
//      the earlier entry). A group is the entries of one activity at one hourly rate (one invoice line)
//      and the same billability.
//   -> the minimum per entry: an entry with any raw time is billed at least the minimum. Per entry it
//      applies after rounding; per group it applies to each entry before the group's sum is rounded.
//   = rounded (billed) seconds. Non-billable activities get rounded seconds too (for reports) but no
//     money and no retainer use.
// Retainer (monthly; all entries must fall in one calendar month of the contract's zone):
//   available = included minutes + rollover from the previous month (`rolloverInSeconds`);
//   billable rounded seconds use it in chronological order, the rest is overage, charged at the
//   overage rate (or, when that is null, each entry's rate from the rate card).
//   used + overage = billable rounded; used + unused = available; rolledOver + lost = unused, with
//   rolledOver <= cap (policy 'rollover') or 0 (policy 'lose').
// Money: every line's charged seconds × its rate / 3600 is an exact rational; the time total is their
// sum rounded ONCE half up, and the lines are allocated by largest remainder (see money.ts). The
// retainer fee is added to the total as its own figure.
import { BillingError, nonNegativeInt } from './errors';
import {
  type Contract,
  type ContractInput,
  localDate,
  parseContract,
  requireRate,
  resolveRate,
  type ResolvedRate,
} from './contract';
import { allocateExact, toSafeNumber } from './money';
import { parseIsoWithOffset, roundClockMs, roundToStep } from './rounding';

export type BillingEntry = {
  id: string;
  /** ISO-8601 with offset. */
  start: string;
  /** Raw seconds as stored. */
  seconds: number;
  agentId: string;
  activity: string;
};

export type PricedLine = {
  id: string;
  start: string;
  /** Local date of the start in the contract's zone (YYYY-MM-DD). */
  date: string;
  agentId: string;
  activity: string;
  billable: boolean;
  rawSeconds: number;
  /** After clock rounding (= raw without it). */
  clockSeconds: number;
  /** Billed duration after rounding and the minimum. */
  roundedSeconds: number;
  /** The rate card's rate in force for this entry (null: none). */
  rate: ResolvedRate | null;
  /** Seconds covered by the retainer. */
  retainerSeconds: number;
  /** Seconds charged at chargedRatePerHourMinor (= rounded - retainer for billable lines, else 0). */
  chargedSeconds: number;
  chargedRatePerHourMinor: number | null;
  amountMinor: number;
};

export type RetainerUsage = {
  includedSeconds: number;
  rolloverInSeconds: number;
  availableSeconds: number;
  usedSeconds: number;
  overageSeconds: number;
  unusedSeconds: number;
  rolloverOutSeconds: number;
  lostSeconds: number;
  feeMinor: number;
};

export type PricedPeriod = {
  currency: string;
  /** Minor-unit digits of the currency. */
  exponent: number;
  lines: PricedLine[];
  totals: {
    rawSeconds: number;
    billableRawSeconds: number;
    nonBillableRawSeconds: number;
    /** Billable rounded seconds. */
    billedSeconds: number;
    chargedSeconds: number;
    /** Sum of line amounts (time charged). */
    timeMinor: number;
    retainerFeeMinor: number;
    /** timeMinor + retainerFeeMinor. */
    totalMinor: number;
  };
  retainer: RetainerUsage | null;
};

type Work = PricedLine & { startMs: number; base: number; groupKey: string };

function checkEntry(e: BillingEntry, i: number): { startMs: number; offset: number } {
  const f = `entries[${i}]`;
  if (e === null || typeof e !== 'object') throw new BillingError(f, 'is not an object');
  for (const k of ['id', 'agentId', 'activity'] as const) {
    if (typeof e[k] !== 'string' || e[k].length === 0)
      throw new BillingError(`${f}.${k}`, 'must be a non-empty string');
  }
  nonNegativeInt(e.seconds, `${f}.seconds`);
  const p = parseIsoWithOffset(e.start, `${f}.start`);
  return { startMs: p.ms, offset: p.offsetMinutes };
}

/** Prices one billing period's entries under a contract (validated here; BillingError when invalid). */
export function priceEntries(
  contractInput: ContractInput | Contract,
  entries: readonly BillingEntry[],
  options: { rolloverInSeconds?: number } = {},
): PricedPeriod {
  const c = parseContract(contractInput);
  if (!Array.isArray(entries)) throw new BillingError('entries', 'is not an array');
  const rolloverIn = nonNegativeInt(options.rolloverInSeconds ?? 0, 'rolloverInSeconds');
  if (rolloverIn > 0 && c.retainer?.unused.policy !== 'rollover') {
    throw new BillingError(
      'rolloverInSeconds',
      'the contract has no retainer that rolls unused time over',
    );
  }
  const nonBillable = new Set(c.nonBillableActivities);
  const ids = new Set<string>();
  const work: Work[] = entries.map((e, i) => {
    const { startMs, offset } = checkEntry(e, i);
    if (ids.has(e.id))
      throw new BillingError(`entries[${i}].id`, `duplicate id ${JSON.stringify(e.id)}`);
    ids.add(e.id);
    const date = localDate(startMs, c.timeZone);
    const billable = !nonBillable.has(e.activity);
    let clockSeconds = e.seconds;
    if (c.clockRounding) {
      const [a, b] = roundClockMs(
        startMs,
        offset,
        startMs + e.seconds * 1000,
        offset,
        c.clockRounding,
      );
      clockSeconds = (b - a) / 1000;
    }
    const rate = resolveRate(c.rates, e.agentId, e.activity, date);
    return {
      id: e.id,
      start: e.start,
      date,
      agentId: e.agentId,
      activity: e.activity,
      billable,
      rawSeconds: e.seconds,
      clockSeconds,
      roundedSeconds: 0,
      rate,
      retainerSeconds: 0,
      chargedSeconds: 0,
      chargedRatePerHourMinor: null,
      amountMinor: 0,
      startMs,
      base: 0,
      groupKey: `${billable ? 1 : 0}|${rate?.ratePerHourMinor ?? ''}|${e.activity}`,
    };
  });
  work.sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  applyRounding(work, c);

  const billed = work.filter((w) => w.billable);
  const retainer = c.retainer ? applyRetainer(billed, c, rolloverIn) : null;
  for (const w of billed) {
    w.chargedSeconds = w.roundedSeconds - w.retainerSeconds;
    if (w.chargedSeconds === 0) continue;
    const overage = c.retainer?.overageRatePerHourMinor;
    w.chargedRatePerHourMinor =
      overage ??
      requireRate(c.rates, w.agentId, w.activity, w.date, `entries[id=${w.id}]`).ratePerHourMinor;
  }
  const { lines, total } = allocateExact(
    billed.map((w) => BigInt(w.chargedSeconds) * BigInt(w.chargedRatePerHourMinor ?? 0)),
    3600n,
  );
  billed.forEach(
    (w, i) => (w.amountMinor = toSafeNumber(lines[i]!, `entries[id=${w.id}].amountMinor`)),
  );

  const sum = (xs: Work[], f: (w: Work) => number) => xs.reduce((s, w) => s + f(w), 0);
  const timeMinor = toSafeNumber(total, 'totals.timeMinor');
  const fee = retainer?.feeMinor ?? 0;
  return {
    currency: c.currency,
    exponent: c.exponent,
    lines: work.map(({ startMs: _s, base: _b, groupKey: _g, ...line }) => line),
    totals: {
      rawSeconds: sum(work, (w) => w.rawSeconds),
      billableRawSeconds: sum(billed, (w) => w.rawSeconds),
      nonBillableRawSeconds: sum(work, (w) => (w.billable ? 0 : w.rawSeconds)),
      billedSeconds: sum(billed, (w) => w.roundedSeconds),
      chargedSeconds: sum(billed, (w) => w.chargedSeconds),
      timeMinor,
      retainerFeeMinor: fee,
      totalMinor: toSafeNumber(BigInt(timeMinor) + BigInt(fee), 'totals.totalMinor'),
    },
    retainer,
  };
}

function applyRounding(work: Work[], c: Contract): void {
  const min = c.minimumPerEntryMinutes * 60;
  const withMin = (w: Work, s: number) => (w.rawSeconds > 0 ? Math.max(s, min) : s);
  const rule = c.rounding;
  if (!rule || rule.scope === 'entry') {
    for (const w of work)
      w.roundedSeconds = withMin(
        w,
        rule ? roundToStep(w.clockSeconds, rule.intervalMinutes * 60, rule.mode) : w.clockSeconds,
      );
    return;
  }
  const groups = new Map<string, Work[]>();
  for (const w of work) {
    w.base = withMin(w, w.clockSeconds);
    const g = groups.get(w.groupKey);
    if (g) g.push(w);
    else groups.set(w.groupKey, [w]);
  }
  for (const g of groups.values()) {
    const raw = g.reduce((s, w) => s + w.base, 0);
    const target = roundToStep(raw, rule.intervalMinutes * 60, rule.mode);
    if (raw === 0) continue; // every entry is 0 and so is the target
    const { lines } = allocateExact(
      g.map((w) => BigInt(w.base) * BigInt(target)),
      BigInt(raw),
    );
    g.forEach((w, i) => (w.roundedSeconds = Number(lines[i]!)));
  }
}

function applyRetainer(billed: Work[], c: Contract, rolloverIn: number): RetainerUsage {
  const r = c.retainer!;
  const months = new Set(billed.map((w) => w.date.slice(0, 7)));
  if (months.size > 1)
    throw new BillingError(
      'entries',
      `a retainer is priced per month; these entries span ${[...months].sort().join(', ')}`,
    );
  const included = r.includedMinutes * 60;
  const available = included + rolloverIn;
  let left = available;
  for (const w of billed) {
    w.retainerSeconds = Math.min(left, w.roundedSeconds);
    left -= w.retainerSeconds;
  }
  const used = available - left;
  const billedTotal = billed.reduce((s, w) => s + w.roundedSeconds, 0);
  const rolloverOut = r.unused.policy === 'rollover' ? Math.min(left, r.unused.capMinutes * 60) : 0;
  return {
    includedSeconds: included,
    rolloverInSeconds: rolloverIn,
    availableSeconds: available,
    usedSeconds: used,
    overageSeconds: billedTotal - used,
    unusedSeconds: left,
    rolloverOutSeconds: rolloverOut,
    lostSeconds: left - rolloverOut,
    feeMinor: r.monthlyFeeMinor,
  };
}
