// shared/billing: the pure billing core (no Node, no DOM, no database): duration and clock rounding,
// exact money allocation, client contracts and rates, pricing of a period's entries, and the rows of
// the Harvest / Toggl Track / Clockify / detailed CSV exports. Every number is an integer: seconds,
// epoch milliseconds, minor units of the currency; exact fractions are BigInt numerators.
// Conventions: README.md, "Billing arithmetic". Errors: BillingError with the field at fault.
export {
  roundEntries,
  roundClock,
  roundSeconds,
  roundToStep,
  ROUNDING_INTERVALS,
  ROUNDING_MODES,
  parseIsoWithOffset,
} from './rounding';
export type { RoundingMode, RoundingRule, ClockRoundingRule, RoundingInterval } from './rounding';
export { allocateAmounts, allocateExact, divRoundHalfUp, formatMinor, formatRatio } from './money';
export { BillingError } from './errors';
export {
  CurrencySchema,
  currencyExponent,
  lookupExponent,
  ISO_4217_EDITION,
  NON_BILLING_CODES,
} from './currency';
export {
  ContractSchema,
  RateSchema,
  RetainerSchema,
  RoundingRuleSchema,
  ClockRoundingRuleSchema,
  parseContract,
  resolveRate,
  rateLevel,
  localDate,
} from './contract';
export type { Contract, ContractInput, Rate, Retainer, RateLevel, ResolvedRate } from './contract';
export { priceEntries } from './pricing';
export type { BillingEntry, PricedLine, PricedPeriod, RetainerUsage } from './pricing';
export {
  DecimalCell,
  decimal,
  neutralizeFormula,
  renderCell,
  clockDuration,
  exportRow,
  exportRows,
  CSV_STRINGIFY_OPTIONS,
  EXPORT_FORMATS,
  harvestFormat,
  togglFormat,
  clockifyFormat,
  detailedFormat,
} from './exports';
export type {
  Cell,
  ExportLine,
  ExportOptions,
  ExportFormat,
  ClockifyOptions,
  PeriodState,
} from './exports';
