// electron/core/connectors: retry delays. Exponential backoff with "full jitter" (a random delay
// between 0 and the exponential cap), which spreads retries of many sources apart.
export type BackoffOptions = { baseMs?: number; maxMs?: number; random?: () => number };

/** Delay before retry number `attempt` (1 = first retry): uniform in [0, min(max, base·2^(attempt-1))]. */
export function backoffMs(attempt: number, o: BackoffOptions = {}): number {
  const base = o.baseMs ?? 1000;
  const max = o.maxMs ?? 15 * 60_000;
  const random = o.random ?? Math.random;
  const cap = Math.min(max, base * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  // Never less than a tenth of the base, so a retry never spins.
  return Math.max(Math.round(base / 10), Math.round(random() * cap));
}

/** Backoff that never goes below what the server asked for (Retry-After). */
export function backoffWithFloor(attempt: number, retryAfterMs: number | undefined, o: BackoffOptions = {}): number {
  return Math.max(retryAfterMs ?? 0, backoffMs(attempt, o));
}
