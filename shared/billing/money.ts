// shared/billing: exact money. Amounts are integer minor units (cents, öre, fils, yen); an exact
// amount is a rational numerator / denominator in BigInt, never a float.
//
// Allocation (largest remainder, Hamilton's method):
// - the total is the exact sum rounded ONCE, half up (x.5 -> x+1);
// - every line first gets the floor of its exact amount; the k = total - sum(floors) missing units go
//   one each to the k lines with the largest remainders (0 <= k <= number of lines with a remainder);
// - tie-break: equal remainders go to the EARLIER line (lower index). Deterministic for a given order;
//   priceEntries sorts its lines by (start, id) first, so its result does not depend on input order.
// So each line is the floor or the ceiling of its exact amount (within one minor unit, never more),
// the lines add up to the total exactly, and a line with an exact whole amount is never changed.
// Example (the issue's): six 1-minute lines at 100.00/h (10000 minor/h) are 166.67 minor each;
// total = 1000 (10.00), lines = [167, 167, 167, 167, 166, 166] — not Toggl's 6 × 1.67 = 10.02.
import { BillingError, nonNegativeInt } from './errors';

const SECONDS_PER_HOUR = 3600n;

/** floor((2n + d) / 2d) for n >= 0, d > 0: n/d rounded half up. */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** Allocates exact amounts numerators[i] / denominator (all >= 0) to whole units. */
export function allocateExact(
  numerators: readonly bigint[],
  denominator: bigint,
): { lines: bigint[]; total: bigint } {
  if (denominator <= 0n) throw new BillingError('denominator', 'must be positive');
  let sum = 0n;
  const lines: bigint[] = [];
  const rems: bigint[] = [];
  for (const n of numerators) {
    if (n < 0n) throw new BillingError('numerators', 'must not be negative');
    sum += n;
    lines.push(n / denominator);
    rems.push(n % denominator);
  }
  const total = divRoundHalfUp(sum, denominator);
  let floors = 0n;
  for (const l of lines) floors += l;
  let k = Number(total - floors);
  if (k > 0) {
    const order = rems.map((_, i) => i).filter((i) => rems[i]! > 0n);
    order.sort((a, b) => (rems[a]! === rems[b]! ? a - b : rems[a]! > rems[b]! ? -1 : 1));
    for (const i of order) {
      if (k === 0) break;
      lines[i] = lines[i]! + 1n;
      k--;
    }
  }
  return { lines, total };
}

/** A BigInt that must fit a safe JavaScript number (minor units stay numbers at the API). */
export function toSafeNumber(v: bigint, field: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new BillingError(field, 'amount is too large');
  return Number(v);
}

/**
 * Amounts for lines of whole seconds at one hourly rate (minor units per hour). The total is the exact
 * amount (sum of seconds × rate / 3600) rounded once, half up; the lines are whole minor units, each
 * within one unit of its exact value (largest remainder, ties to the earlier line), adding up to it.
 */
export function allocateAmounts(
  secondsPerLine: number[],
  ratePerHourMinor: number,
): { linesMinor: number[]; totalMinor: number } {
  if (!Array.isArray(secondsPerLine)) throw new BillingError('secondsPerLine', 'is not an array');
  const rate = BigInt(nonNegativeInt(ratePerHourMinor, 'ratePerHourMinor'));
  const nums = secondsPerLine.map(
    (s, i) => BigInt(nonNegativeInt(s, `secondsPerLine[${i}]`)) * rate,
  );
  const { lines, total } = allocateExact(nums, SECONDS_PER_HOUR);
  return {
    linesMinor: lines.map((l, i) => toSafeNumber(l, `linesMinor[${i}]`)),
    totalMinor: toSafeNumber(total, 'totalMinor'),
  };
}

/**
 * Minor units as a plain decimal string with the currency's exponent: (12345, 2) -> "123.45",
 * (-5, 2) -> "-0.05", (1500, 0) -> "1500", (1500, 3) -> "1.500". No grouping, "." as separator.
 */
export function formatMinor(minor: number | bigint, exponent: number): string {
  const neg = minor < 0;
  const digits = (neg ? -minor : minor).toString(); // integers only: a safe number prints exactly
  if (exponent === 0) return (neg ? '-' : '') + digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${neg ? '-' : ''}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/** numerator / denominator (>= 0) as a decimal string with `places` places, rounded half up: hours from seconds. */
export function formatRatio(
  numerator: number | bigint,
  denominator: number | bigint,
  places: number,
): string {
  if (typeof numerator === 'number' && typeof denominator === 'number') {
    const scale = 10 ** places;
    // Exact in doubles while every intermediate is a safe integer (seconds of any real period are).
    if (2 * numerator * scale + denominator <= Number.MAX_SAFE_INTEGER) {
      return formatMinor(
        Math.floor((2 * numerator * scale + denominator) / (2 * denominator)),
        places,
      );
    }
  }
  return formatMinor(
    divRoundHalfUp(BigInt(numerator) * 10n ** BigInt(places), BigInt(denominator)),
    places,
  );
}
