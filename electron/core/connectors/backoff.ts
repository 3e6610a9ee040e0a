// electron/core/connectors: retry delays. Exponential backoff with "full jitter" (AWS Architecture
// Blog, "Exponential Backoff And Jitter"): a uniformly random delay between 0 and the exponential
// cap, which spreads the retries of many sources apart. Pure functions; `random` is injectable.
export type BackoffOptions = { baseMs?: number; maxMs?: number; random?: () => number };

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** The exponential cap for retry number `attempt` (1 = first retry): min(max, base·2^(attempt-1)). */
export function backoffCapMs(attempt: number, o: BackoffOptions = {}): number {
  const base = Math.max(1, o.baseMs ?? 1000);
  const max = Math.max(base, o.maxMs ?? 15 * 60_000);
  const n = Number.isNaN(attempt) ? 0 : Math.max(0, Math.min(Math.floor(attempt) - 1, 40));
  return Math.min(max, base * 2 ** n);
}

/**
 * Delay before retry number `attempt` (1 = first retry): full jitter, uniform in
 * [base/10, cap]. The small floor (a tenth of the base) keeps a retry from ever spinning at 0 ms.
 */
export function backoffMs(attempt: number, o: BackoffOptions = {}): number {
  const cap = backoffCapMs(attempt, o);
  const floor = Math.round(Math.max(1, o.baseMs ?? 1000) / 10);
  return Math.max(floor, Math.round(clamp01((o.random ?? Math.random)()) * cap));
}

/**
 * "Decorrelated jitter" (same blog post): the next delay is uniform in [base, previous·3], capped.
 * For callers that keep the previous delay instead of an attempt count.
 */
export function decorrelatedBackoffMs(previousMs: number, o: BackoffOptions = {}): number {
  const base = Math.max(1, o.baseMs ?? 1000);
  const max = Math.max(base, o.maxMs ?? 15 * 60_000);
  const hi = Math.max(base, Math.min(max, (Number.isFinite(previousMs) ? previousMs : base) * 3));
  return Math.min(max, Math.round(base + clamp01((o.random ?? Math.random)()) * (hi - base)));
}

/** Backoff that never goes below what the server asked for (Retry-After, wait_seconds). */
export function backoffWithFloor(
  attempt: number,
  retryAfterMs: number | undefined,
  o: BackoffOptions = {},
): number {
  const floor =
    typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs)
      ? Math.max(0, retryAfterMs)
      : 0;
  return Math.max(floor, backoffMs(attempt, o));
}
