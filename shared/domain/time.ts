// shared/domain: the contract's one instant type. Every time that crosses the contract (in and out)
// is an ISO-8601 date-time WITH a zone ("2026-11-22T10:00:00Z", "...+01:00"), seconds and fractions
// optional, from 1970-01-01T00:00:00Z to the end of year 9999 (UTC). Anything else — a bare "1",
// a date without a zone, year 0999 — is refused at the door with a field-named error.
import { z } from 'zod';

export const MIN_INSTANT_MS = 0;
/** 9999-12-31T23:59:59.999Z */
export const MAX_INSTANT_MS = 253_402_300_799_999;

/** Epoch milliseconds of a valid contract instant, else NaN. */
export function instantMs(s: string): number {
  const t = Date.parse(s);
  return Number.isFinite(t) && t >= MIN_INSTANT_MS && t <= MAX_INSTANT_MS ? t : NaN;
}

export const Instant = z.iso
  .datetime({ offset: true })
  .refine((s) => !Number.isNaN(instantMs(s)), { message: 'must be an instant from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z' });
