// shared/billing: MonthPricer — one client-month priced as a stream, in constant memory, with the
// same numbers as the time room's priceClientMonth (priceEntries over the entries flagged billable,
// and over the agent-flagged non-billable ones with no rates and no retainer).
//
// Two passes over the same entries in the same order (start, then id as a string: priceEntries'
// order). Pass 1 (`observe`) prices every line and keeps only sums and a histogram of the money
// remainders; `settle` turns them into the totals and into the allocation's cut-off; pass 2 (`emit`)
// prices the lines again and gives each its whole amount. Why a histogram is enough: a line's exact
// amount is chargedSeconds × rate / 3600, so its remainder is an integer in [0, 3600). The exact total
// rounded once half up leaves k = floor((2·Σrem + 3600) / 7200) missing units, which go to the k
// largest remainders, ties to the earlier line (money.ts): every line whose remainder is above the
// cut-off bin gets one, and so do the first `tiesLeft` lines whose remainder is exactly the cut-off.
//
// Supported: no rounding or per-entry rounding, clock rounding, the minimum, rates with precedence and
// effective dates, non-billable activities, the retainer (chronological use, overage rate or rate
// card). Per-group rounding spreads each group's rounded sum back over its entries (remainders not
// bounded by 3600): `MonthPricer.supports` is false and the caller prices such months with
// priceEntries. Pure: integers only, BigInt only when a product leaves the safe range.
import { type Contract, requireRate, resolveRate, type ResolvedRate } from './contract';
import { DAY_MS, isoDateOf } from './civil';
import { BillingError } from './errors';
import { roundClockMs, roundToStep } from './rounding';
import type { PricedPeriod, RetainerUsage } from './pricing';
import { zoneClock, type ZoneClock } from '../sla/tz';

const MAX = Number.MAX_SAFE_INTEGER;

/** One priced line, as the exports need it (reused between calls: copy what you keep). */
export type StreamLine = {
  billable: boolean;
  rawSeconds: number;
  roundedSeconds: number;
  /** The charged rate, else the rate card's rate in force, else null (the exports' Rate column). */
  ratePerHourMinor: number | null;
  amountMinor: number;
  /** Local day number (days since 1970-01-01) of the start in the contract's zone. */
  day: number;
};

export type StreamTotals = PricedPeriod['totals'];

type PricedContract = Contract & { exponent: number };
/** An entry's or agent's id: numbers are read as their decimal string (priceEntries' ids). */
type Id = string | number;

export class MonthPricer {
  /** False for contracts this pricer does not stream (per-group rounding): use priceEntries. */
  static supports(c: Contract): boolean {
    return !c.rounding || c.rounding.scope === 'entry';
  }

  readonly line: StreamLine = {
    billable: false,
    rawSeconds: 0,
    roundedSeconds: 0,
    ratePerHourMinor: null,
    amountMinor: 0,
    day: 0,
  };
  private readonly nonBillable: Set<string>;
  private readonly step: number;
  private readonly min: number;
  private readonly overage: number | null | undefined;
  private readonly included: number;
  // Rates in force per agent, activity and local day (resolved once each).
  private readonly rates = new Map<
    string | number,
    Map<string, Map<number, ResolvedRate | null>>
  >();
  private readonly zone: ZoneClock;
  private readonly dates = new Map<number, string>();
  /** Months of the billable lines (a retainer is priced per month, as priceEntries checks). */
  private readonly months = new Set<string>();
  private lastMonthDay = NaN;
  // Pass state.
  private left = 0;
  private floor = 0;
  private rem = 0;
  private readonly hist = new Float64Array(3600);
  private sums = { raw: 0, billableRaw: 0, nbRaw: 0, billed: 0, floors: 0, rems: 0 };
  private cut = 3599;
  private tiesLeft = 0;
  private settled: { totals: StreamTotals; retainer: RetainerUsage | null } | null = null;

  constructor(private readonly c: PricedContract) {
    if (!MonthPricer.supports(c))
      throw new BillingError('rounding.scope', 'per-group rounding is priced with priceEntries');
    this.nonBillable = new Set(c.nonBillableActivities);
    this.step = c.rounding ? c.rounding.intervalMinutes * 60 : 0;
    this.min = c.minimumPerEntryMinutes * 60;
    this.overage = c.retainer?.overageRatePerHourMinor;
    this.included = c.retainer ? c.retainer.includedMinutes * 60 : 0;
    this.left = this.included;
    this.zone = zoneClock(c.timeZone);
  }

  /** "YYYY-MM-DD" of a local day number (cached). */
  date(day: number): string {
    let d = this.dates.get(day);
    if (d === undefined) this.dates.set(day, (d = isoDateOf(day * DAY_MS)));
    return d;
  }

  private rateFor(agentId: string | number, activity: string, day: number): ResolvedRate | null {
    let byAct = this.rates.get(agentId);
    if (!byAct) this.rates.set(agentId, (byAct = new Map()));
    let byDay = byAct.get(activity);
    if (!byDay) byAct.set(activity, (byDay = new Map()));
    let r = byDay.get(day);
    if (r === undefined)
      byDay.set(day, (r = resolveRate(this.c.rates, String(agentId), activity, this.date(day))));
    return r;
  }

  /** Prices one line into `this.line` (amount: the floor) and `this.rem`; advances the retainer. */
  private price(
    id: Id,
    startMs: number,
    seconds: number,
    agentId: Id,
    activity: string,
    flagged: boolean,
  ): void {
    const c = this.c;
    const l = this.line;
    const off = this.zone.offsetAt(startMs);
    const day = Math.floor((startMs + off) / DAY_MS);
    let clock = seconds;
    if (c.clockRounding) {
      // The start's wall clock at its whole-minute offset, as the ISO start priceEntries parses.
      const m = Math.round(off / 60_000);
      const [a, b] = roundClockMs(startMs, m, startMs + seconds * 1000, m, c.clockRounding);
      clock = (b - a) / 1000;
    }
    let rounded = c.rounding ? roundToStep(clock, this.step, c.rounding.mode) : clock;
    if (seconds > 0 && rounded < this.min) rounded = this.min;
    const billable = flagged && !this.nonBillable.has(activity);
    const rate = flagged ? this.rateFor(agentId, activity, day) : null;
    l.billable = billable;
    l.rawSeconds = seconds;
    l.roundedSeconds = rounded;
    l.day = day;
    l.ratePerHourMinor = rate ? rate.ratePerHourMinor : null;
    this.floor = 0;
    this.rem = 0;
    if (!billable) return;
    const retained = Math.min(this.left, rounded);
    this.left -= retained;
    const charged = rounded - retained;
    if (charged === 0) return;
    const r =
      this.overage ??
      (rate ?? requireRate(c.rates, String(agentId), activity, this.date(day), `entries[id=${id}]`))
        .ratePerHourMinor;
    l.ratePerHourMinor = r;
    const n = charged * r;
    if (n <= MAX) {
      this.rem = n % 3600;
      this.floor = (n - this.rem) / 3600;
    } else {
      const big = BigInt(charged) * BigInt(r);
      this.rem = Number(big % 3600n);
      const f = big / 3600n;
      if (f > BigInt(MAX))
        throw new BillingError(`entries[id=${id}].amountMinor`, 'amount is too large');
      this.floor = Number(f);
    }
  }

  /** Pass 1: one entry (in priceEntries' order). */
  observe(
    id: Id,
    startMs: number,
    seconds: number,
    agentId: Id,
    activity: string,
    flagged: boolean,
  ): void {
    if (this.settled) throw new BillingError('entries', 'observe after settle');
    this.price(id, startMs, seconds, agentId, activity, flagged);
    const s = this.sums;
    const l = this.line;
    s.raw += seconds;
    if (l.billable) {
      s.billableRaw += seconds;
      s.billed += l.roundedSeconds;
      s.floors += this.floor;
      s.rems += this.rem;
      if (this.rem > 0) this.hist[this.rem]!++;
      if (this.c.retainer && l.day !== this.lastMonthDay) {
        this.lastMonthDay = l.day;
        this.months.add(this.date(l.day).slice(0, 7));
      }
      if (s.floors > MAX) throw new BillingError('totals.timeMinor', 'amount is too large');
    } else s.nbRaw += seconds;
  }

  /** End of pass 1: the totals (as priceClientMonth's) and the retainer's use; arms pass 2. */
  settle(): { totals: StreamTotals; retainer: RetainerUsage | null } {
    if (this.settled) return this.settled;
    if (this.months.size > 1)
      throw new BillingError(
        'entries',
        `a retainer is priced per month; these entries span ${[...this.months].sort().join(', ')}`,
      );
    const s = this.sums;
    let k = Math.floor((2 * s.rems + 3600) / 7200);
    const timeMinor = s.floors + k;
    if (timeMinor > MAX) throw new BillingError('totals.timeMinor', 'amount is too large');
    this.cut = 3599;
    this.tiesLeft = 0;
    for (let b = 3599; b >= 1 && k > 0; b--) {
      const n = this.hist[b]!;
      if (n <= k) {
        k -= n;
        this.cut = b - 1;
      } else {
        this.cut = b;
        this.tiesLeft = k;
        k = 0;
      }
    }
    const r = this.c.retainer;
    let retainer: RetainerUsage | null = null;
    if (r) {
      const used = this.included - this.left;
      const rolloverOut =
        r.unused.policy === 'rollover' ? Math.min(this.left, r.unused.capMinutes * 60) : 0;
      retainer = {
        includedSeconds: this.included,
        rolloverInSeconds: 0,
        availableSeconds: this.included,
        usedSeconds: used,
        overageSeconds: s.billed - used,
        unusedSeconds: this.left,
        rolloverOutSeconds: rolloverOut,
        lostSeconds: this.left - rolloverOut,
        feeMinor: r.monthlyFeeMinor,
      };
    }
    const fee = retainer?.feeMinor ?? 0;
    if (timeMinor + fee > MAX) throw new BillingError('totals.totalMinor', 'amount is too large');
    this.settled = {
      totals: {
        rawSeconds: s.raw,
        billableRawSeconds: s.billableRaw,
        nonBillableRawSeconds: s.nbRaw,
        billedSeconds: s.billed,
        chargedSeconds: s.billed - (retainer?.usedSeconds ?? 0),
        timeMinor,
        retainerFeeMinor: fee,
        totalMinor: timeMinor + fee,
      },
      retainer,
    };
    this.left = this.included;
    return this.settled;
  }

  /** Pass 2: the same entry in the same order; `line` holds it priced, amount included. */
  emit(
    id: Id,
    startMs: number,
    seconds: number,
    agentId: Id,
    activity: string,
    flagged: boolean,
  ): StreamLine {
    if (!this.settled) throw new BillingError('entries', 'emit before settle');
    this.price(id, startMs, seconds, agentId, activity, flagged);
    const rem = this.rem;
    const up =
      rem > this.cut || (rem > 0 && rem === this.cut && this.tiesLeft > 0 && this.tiesLeft-- > 0);
    this.line.amountMinor = this.floor + (up ? 1 : 0);
    return this.line;
  }
}
