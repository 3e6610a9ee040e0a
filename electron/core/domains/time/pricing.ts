// electron/core/domains/time: one client's month priced under its contract (shared/billing
// priceEntries), for the period view and the exports. Entries the agent marked non-billable are
// priced on their own as non-billable (rounded for reports, no money, no retainer use); the rest
// under the contract, whose non-billable activities still apply. Rolled-over retainer time from
// the previous month is not carried in automatically (rolloverInSeconds = 0).
import type { Contract } from '../../../../shared/billing/contract';
import {
  priceEntries,
  type BillingEntry,
  type PricedLine,
  type PricedPeriod,
} from '../../../../shared/billing/pricing';
import { formatWithOffset } from '../../../../shared/billing/rounding';
import { offsetAt } from '../../../../shared/sla/tz';
import type { ExportEntryRow } from './repo';

export type PricedClientMonth = {
  /** Lines in the rows' order (start, id). */
  lines: PricedLine[];
  totals: PricedPeriod['totals'];
  /** Retainer use of the billable entries (null without a retainer). */
  retainer: PricedPeriod['retainer'];
  currency: string;
  exponent: number;
};

/** ISO start with the zone's offset at that instant (the wall clock clock rounding works on). */
export function isoInZone(ms: number, zone: string): string {
  return formatWithOffset(ms, Math.round(offsetAt(zone, ms) / 60_000), false);
}

/** What pricing reads of an entry (an ExportEntryRow, or a streamed export's raw row). */
export type PricingRow = Pick<
  ExportEntryRow,
  'id' | 'startAt' | 'seconds' | 'agentId' | 'activity' | 'billable'
>;

export function priceClientMonth(
  contract: Contract,
  rows: readonly PricingRow[],
): PricedClientMonth {
  const billable: BillingEntry[] = [];
  const nonBillable: BillingEntry[] = [];
  const nbActivities = new Set<string>();
  for (const r of rows) {
    const e: BillingEntry = {
      id: String(r.id),
      start: isoInZone(r.startAt, contract.timeZone),
      seconds: r.seconds,
      agentId: String(r.agentId),
      activity: r.activity,
    };
    if (r.billable) billable.push(e);
    else {
      nonBillable.push(e);
      nbActivities.add(r.activity);
    }
  }
  const a = priceEntries(contract, billable);
  const lines = new Map<string, PricedLine>();
  for (const l of a.lines) lines.set(l.id, l);
  let totals = a.totals;
  if (nonBillable.length > 0) {
    const b = priceEntries(
      { ...contract, rates: [], retainer: null, nonBillableActivities: [...nbActivities] },
      nonBillable,
    );
    for (const l of b.lines) lines.set(l.id, l);
    totals = {
      ...totals,
      rawSeconds: totals.rawSeconds + b.totals.rawSeconds,
      nonBillableRawSeconds: totals.nonBillableRawSeconds + b.totals.nonBillableRawSeconds,
    };
  }
  return {
    lines: rows.map((r) => lines.get(String(r.id))!),
    totals,
    retainer: a.retainer,
    currency: a.currency,
    exponent: a.exponent,
  };
}
