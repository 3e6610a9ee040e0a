// shared/billing: the one error type of the billing core. Every refusal names the field at fault
// (`rule.intervalMinutes: 7 is not one of 1, 5, 6, 10, 12, 15, 30, 60`) so a caller can show it as is.

export class BillingError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'BillingError';
    this.field = field;
  }
}

/** A non-negative safe integer, or a BillingError naming `field`. */
export function nonNegativeInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new BillingError(field, `${JSON.stringify(value)} is not a non-negative whole number`);
  }
  return value;
}
