// shared/domain: the one instant type and the one instant parser. Every time that crosses the
// contract (in and out), that a connector reads from a platform, or that the SLA calculator takes
// is an ISO-8601 / RFC 3339 date-time WITH an offset ("2026-11-22T10:00:00Z", "...+01:00",
// "+0100", "+01"), seconds and fractions optional. The contract also bounds it to 1970-01-01T00:00Z
// .. the end of year 9999 (UTC). Anything else — a bare "1", a date without a zone, year 0999,
// "Tuesday" — is refused with a field-named error. (`parseIsoInstant` lives with the calendar
// arithmetic in shared/sla/tz.ts; everything parses through it.)
import { z } from 'zod';
import { parseIsoInstant } from '../sla/tz';

export const MIN_INSTANT_MS = 0;
/** 9999-12-31T23:59:59.999Z */
export const MAX_INSTANT_MS = 253_402_300_799_999;

/** ISO-8601 instant with an offset -> epoch ms; NaN when it is not one (no range check). */
export const parseInstantMs = (s: string): number =>
  typeof s === 'string' && s.length <= 64 ? parseIsoInstant(s) : NaN;

/** Epoch milliseconds of a valid contract instant (parsed and within 1970..9999), else NaN. */
export function instantMs(s: string): number {
  const t = parseInstantMs(s);
  return t >= MIN_INSTANT_MS && t <= MAX_INSTANT_MS ? t : NaN;
}

export const Instant = z
  .string()
  .max(64)
  .refine((s) => !Number.isNaN(instantMs(s)), {
    message:
      'must be an ISO-8601 instant with an offset, from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z',
  });
