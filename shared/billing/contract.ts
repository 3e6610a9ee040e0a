// shared/billing: a client's contract (zod schema) and hourly-rate resolution.
//
// Rate precedence — ONE rule, the most specific rate in force wins:
//   1. only rates in force on the entry's start DATE count (the local date in the contract's time
//      zone; a rate is in force from `effectiveFrom` inclusive until `effectiveTo` exclusive, if set);
//   2. among those, the most specific key wins: agent+activity > agent > activity > default;
//   3. for the same key, the latest `effectiveFrom` wins (a rate change applies from its date on;
//      entries before that date keep the older rate).
// So a later change of a less specific rate never overrides a more specific one in force, and a
// specific rate not yet in force does not hide a general one that is. Two rates with the same key and
// the same `effectiveFrom` are refused as ambiguous. A billable entry with no rate in force is an error.
//
// Other terms: `nonBillableActivities` (every other activity is billable); `rounding` of billable
// durations (null = none); `clockRounding` of start and end (Kimai-style, null = none); a minimum
// billed duration per entry with time (applied after rounding); a monthly `retainer`.
import { z } from 'zod';
import { isValidZone, offsetAt } from '../sla/tz';
import { isoDateOf } from './civil';
import { CurrencySchema, currencyExponent } from './currency';
import { BillingError } from './errors';
import { ROUNDING_INTERVALS } from './rounding';

const MAX_MINOR = Number.MAX_SAFE_INTEGER;

const IsoDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, 'not a calendar date');

const Mode = z.enum(['up', 'down', 'nearest']);
const Interval = z.union(
  ROUNDING_INTERVALS.map((n) => z.literal(n)) as unknown as [
    z.ZodLiteral<1>,
    z.ZodLiteral<5>,
    ...z.ZodLiteral<number>[],
  ],
);
const Id = z.string().min(1).max(200);

export const RateSchema = z.object({
  /** Minor units of the contract's currency per hour. */
  ratePerHourMinor: z.number().int().min(0).max(MAX_MINOR),
  effectiveFrom: IsoDate,
  /** Exclusive end date; omitted = open-ended. */
  effectiveTo: IsoDate.optional(),
  agentId: Id.optional(),
  activity: Id.optional(),
});

export const RoundingRuleSchema = z.object({
  mode: Mode,
  intervalMinutes: Interval,
  scope: z.enum(['entry', 'group']),
});
export const ClockRoundingRuleSchema = z.object({
  start: Mode,
  end: Mode,
  intervalMinutes: Interval,
});

export const RetainerSchema = z.object({
  /** The fixed monthly fee in minor units. */
  monthlyFeeMinor: z.number().int().min(0).max(MAX_MINOR),
  /** Billable (rounded) time the fee covers each month. */
  includedMinutes: z.number().int().min(0).max(1_000_000),
  /** Rate for time beyond the included minutes; null = each entry's rate from the rate card. */
  overageRatePerHourMinor: z.number().int().min(0).max(MAX_MINOR).nullable(),
  /** Unused minutes: lost at month end, or rolled over into the next month up to a cap. */
  unused: z.discriminatedUnion('policy', [
    z.object({ policy: z.literal('lose') }),
    z.object({ policy: z.literal('rollover'), capMinutes: z.number().int().min(0).max(1_000_000) }),
  ]),
});

export const ContractSchema = z
  .object({
    currency: CurrencySchema,
    /** IANA zone for entry dates (rate effective dates, months). */
    timeZone: z.string().refine((zone) => isValidZone(zone), 'not an IANA time zone'),
    rates: z.array(RateSchema).max(10_000).default([]),
    nonBillableActivities: z.array(Id).default([]),
    rounding: RoundingRuleSchema.nullable().default(null),
    clockRounding: ClockRoundingRuleSchema.nullable().default(null),
    /** Billed minimum for an entry with any time (0 = none); applied after rounding. */
    minimumPerEntryMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(0),
    retainer: RetainerSchema.nullable().default(null),
  })
  .superRefine((c, ctx) => {
    const seen = new Map<string, number>();
    c.rates.forEach((r, i) => {
      if (r.effectiveTo !== undefined && r.effectiveTo <= r.effectiveFrom) {
        ctx.addIssue({
          code: 'custom',
          path: ['rates', i, 'effectiveTo'],
          message: 'must be after effectiveFrom',
        });
      }
      const key = JSON.stringify([r.agentId ?? null, r.activity ?? null, r.effectiveFrom]);
      const j = seen.get(key);
      if (j !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['rates', i],
          message: `same agent, activity and effectiveFrom as rates[${j}]`,
        });
      else seen.set(key, i);
    });
  });

export type ContractInput = z.input<typeof ContractSchema>;
export type Contract = z.output<typeof ContractSchema>;
export type Rate = z.output<typeof RateSchema>;
export type Retainer = z.output<typeof RetainerSchema>;

/** Validates a contract; BillingError naming the first field at fault (`rates[2].effectiveTo: ...`). */
export function parseContract(input: unknown): Contract & { exponent: number } {
  const r = ContractSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.reduce<string>(
      (acc, p) =>
        typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p),
      '',
    );
    throw new BillingError(field || 'contract', issue.message);
  }
  return { ...r.data, exponent: currencyExponent(r.data.currency) };
}

export type RateLevel = 'agent+activity' | 'agent' | 'activity' | 'default';
export type ResolvedRate = {
  ratePerHourMinor: number;
  level: RateLevel;
  effectiveFrom: string;
  index: number;
};

const LEVEL_RANK: Record<RateLevel, number> = {
  'agent+activity': 3,
  agent: 2,
  activity: 1,
  default: 0,
};

export function rateLevel(r: Pick<Rate, 'agentId' | 'activity'>): RateLevel {
  if (r.agentId !== undefined) return r.activity !== undefined ? 'agent+activity' : 'agent';
  return r.activity !== undefined ? 'activity' : 'default';
}

/** The local calendar date (YYYY-MM-DD) of an instant in an IANA zone. */
export function localDate(ms: number, timeZone: string): string {
  return isoDateOf(ms + offsetAt(timeZone, ms));
}

/** The rate in force for an agent's activity on a local date (see the precedence above), or null. */
export function resolveRate(
  rates: readonly Rate[],
  agentId: string,
  activity: string,
  date: string,
): ResolvedRate | null {
  let best: ResolvedRate | null = null;
  rates.forEach((r, index) => {
    if (r.effectiveFrom > date || (r.effectiveTo !== undefined && date >= r.effectiveTo)) return;
    if (
      (r.agentId !== undefined && r.agentId !== agentId) ||
      (r.activity !== undefined && r.activity !== activity)
    )
      return;
    const level = rateLevel(r);
    if (best) {
      const d = LEVEL_RANK[level] - LEVEL_RANK[best.level];
      if (d < 0 || (d === 0 && r.effectiveFrom <= best.effectiveFrom)) return;
    }
    best = { ratePerHourMinor: r.ratePerHourMinor, level, effectiveFrom: r.effectiveFrom, index };
  });
  return best;
}

export function requireRate(
  rates: readonly Rate[],
  agentId: string,
  activity: string,
  date: string,
  field: string,
): ResolvedRate {
  const r = resolveRate(rates, agentId, activity, date);
  if (!r)
    throw new BillingError(
      field,
      `no rate in force on ${date} for agent ${JSON.stringify(agentId)} and activity ${JSON.stringify(activity)}`,
    );
  return r;
}
