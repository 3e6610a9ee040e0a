// Exact money (shared/billing/money + currency): the example, Toggl's documented 10.02 case,
// hand-checked allocations, the tie-break, decimal formatting and ISO 4217 exponents.
import { describe, expect, it } from 'vitest';
import {
  allocateAmounts,
  allocateExact,
  BillingError,
  currencyExponent,
  CurrencySchema,
  formatMinor,
  formatRatio,
  lookupExponent,
} from '../../../shared/billing';

describe('allocateAmounts', () => {
  // The issue, and Toggl support "Why don't my Summary Report's billable amounts match the total?": six
  // 1-minute projects at €100/h are €1.6666… each; Toggl shows 1.67 × 6 = 10.02 against a total of 10.00.
  it('six 1-minute lines at 100.00/h: total 1000 minor and lines that add up to it', () => {
    const r = allocateAmounts([60, 60, 60, 60, 60, 60], 10_000);
    expect(r.totalMinor).toBe(1000);
    expect(r.linesMinor).toEqual([167, 167, 167, 167, 166, 166]);
    expect(r.linesMinor.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('rounds the total once, half up', () => {
    expect(allocateAmounts([18], 100).totalMinor).toBe(1); // 0.5 -> 1
    expect(allocateAmounts([17], 100).totalMinor).toBe(0); // 0.472 -> 0
    expect(allocateAmounts([9, 9], 100)).toEqual({ linesMinor: [1, 0], totalMinor: 1 }); // 0.25 + 0.25 = 0.5 -> 1; tie to the first
    expect(allocateAmounts([1800, 1800, 1], 3)).toEqual({ linesMinor: [2, 1, 0], totalMinor: 3 }); // 1.5 + 1.5 + 0.0008 -> 3
  });

  it('gives the missing units to the largest remainders, ties to the earlier line', () => {
    // exact: 0.3, 0.6, 0.9, 1.2 (rate 36/h: 1 s = 0.01) -> total 3.0
    expect(allocateAmounts([30, 60, 90, 120], 36)).toEqual({
      linesMinor: [0, 1, 1, 1],
      totalMinor: 3,
    });
    // a whole exact amount is never touched
    expect(allocateAmounts([3600, 20, 20, 20], 100)).toEqual({
      linesMinor: [100, 1, 1, 0],
      totalMinor: 102,
    }); // 100 + 3 × 0.5556 = 101.67
  });

  it('stays exact far beyond floating point', () => {
    const secs = Array(5).fill(9_000_000_001);
    const r = allocateAmounts(secs, 99_999_999);
    // 9_000_000_001 × 99_999_999 / 3600 = 249_999_997_527_777.7775 per line (a double has no such digits);
    // total = 5 × that = 1_249_999_987_638_888.8875 -> …889
    expect(r.totalMinor).toBe(1_249_999_987_638_889);
    expect(r.linesMinor).toEqual([
      249_999_997_527_778, 249_999_997_527_778, 249_999_997_527_778, 249_999_997_527_778,
      249_999_997_527_777,
    ]);
    expect(r.linesMinor.reduce((a, b) => a + b, 0)).toBe(r.totalMinor);
    expect(() => allocateAmounts([Number.MAX_SAFE_INTEGER], 10_000_000)).toThrow(/too large/);
  });

  it('empty, zero rate and validation', () => {
    expect(allocateAmounts([], 10_000)).toEqual({ linesMinor: [], totalMinor: 0 });
    expect(allocateAmounts([100, 200], 0)).toEqual({ linesMinor: [0, 0], totalMinor: 0 });
    expect(() => allocateAmounts([60, -60], 100)).toThrow(/secondsPerLine\[1\]/);
    expect(() => allocateAmounts([60], 99.5)).toThrow(/ratePerHourMinor/);
    expect(() => allocateAmounts([60], -1)).toThrow(BillingError);
    expect(() => allocateExact([1n], 0n)).toThrow(/denominator/);
  });
});

describe('formatting and currencies', () => {
  it('formats minor units with the exponent', () => {
    expect(formatMinor(12345, 2)).toBe('123.45');
    expect(formatMinor(5, 2)).toBe('0.05');
    expect(formatMinor(-5, 2)).toBe('-0.05');
    expect(formatMinor(1500, 0)).toBe('1500');
    expect(formatMinor(1500, 3)).toBe('1.500');
    expect(formatMinor(7, 4)).toBe('0.0007');
    expect(formatRatio(5400, 3600, 2)).toBe('1.50');
    expect(formatRatio(60, 3600, 2)).toBe('0.02'); // 0.01666… half up
    expect(formatRatio(18, 3600, 2)).toBe('0.01'); // exactly 0.005 -> up
    expect(formatRatio(17, 3600, 2)).toBe('0.00');
  });

  it('knows ISO 4217 minor units and refuses codes that are not billing currencies', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('DKK')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
    expect(currencyExponent('XOF')).toBe(0);
    for (const bad of ['XAU', 'XXX', 'XDR', 'eur', 'EURO', 'ABC', ''])
      expect(lookupExponent(bad)).toBeNull();
    expect(() => currencyExponent('XAU')).toThrow(
      /currency: "XAU" is not an ISO 4217 currency code/,
    );
    expect(CurrencySchema.safeParse('KWD').success).toBe(true);
    expect(CurrencySchema.safeParse('usd').success).toBe(false);
  });
});
