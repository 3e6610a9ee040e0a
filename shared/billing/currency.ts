// shared/billing: ISO 4217 currencies and their minor-unit exponents (JPY 0, EUR 2, KWD 3, CLF 4).
// The data comes from `currency-codes` (maintained, generated from the ISO 4217 maintenance agency's
// list one; `publishDate` says which edition). Codes whose ISO minor unit is "N.A." (precious metals,
// bond-market units, SDR, test and "no currency" codes) cannot be billed in and are refused.
import { code as currencyRecord, publishDate } from 'currency-codes';
import { z } from 'zod';
import { BillingError } from './errors';

/** ISO 4217 codes with no minor unit ("N.A." in the standard): not billing currencies. */
export const NON_BILLING_CODES: readonly string[] = [
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
];

/** The edition of ISO 4217 behind currencyExponent (from currency-codes). */
export const ISO_4217_EDITION: string = publishDate;

/** The number of minor-unit digits of an ISO 4217 currency, or null when it is not a billing currency. */
export function lookupExponent(currency: string): number | null {
  if (
    typeof currency !== 'string' ||
    !/^[A-Z]{3}$/.test(currency) ||
    NON_BILLING_CODES.includes(currency)
  )
    return null;
  let e = cache.get(currency);
  if (e === undefined) {
    e = currencyRecord(currency)?.digits ?? null;
    cache.set(currency, e);
  }
  return e;
}
/** Code -> exponent (lookups scan the ISO list; exports ask once per row). */
const cache = new Map<string, number | null>();

/** The exponent of a billing currency; BillingError for anything else. */
export function currencyExponent(currency: string, field = 'currency'): number {
  const e = lookupExponent(currency);
  if (e === null)
    throw new BillingError(
      field,
      `${JSON.stringify(currency)} is not an ISO 4217 currency code with a minor unit (e.g. "EUR", "JPY", "KWD")`,
    );
  return e;
}

/** zod: an upper-case ISO 4217 billing currency code. */
export const CurrencySchema = z.string().refine((c) => lookupExponent(c) !== null, {
  message: 'not an ISO 4217 currency code with a minor unit (e.g. "EUR", "JPY", "KWD")',
});
