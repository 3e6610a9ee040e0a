// electron/core/connectors: a per-source rate limiter. A token bucket at the platform's documented
// budget (Discourse admin keys: 60 requests/min, shared by all admin keys of a forum), plus pauses the
// platform itself asks for: HTTP 429 `Retry-After` (seconds or an HTTP-date), Discourse's JSON body
// `extras.wait_seconds`, and generic `X-RateLimit-Remaining`/`X-RateLimit-Reset` where a platform
// sends them (Discourse does not; Reddit, GitHub-style APIs do).
import type { Clock } from '../ports';
import { systemClock } from '../ports';
import type { RateLimiter } from './types';

/** Pause after a 429 that says nothing about how long to wait. */
export const DEFAULT_429_PAUSE_MS = 10_000;
/** Never believe a server asking for more than a day (a bogus date, a hostile value). */
const MAX_PAUSE_MS = 24 * 3600_000;

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** `Retry-After` as ms from `now`: delta-seconds or an HTTP-date. undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.min(MAX_PAUSE_MS, Number(v) * 1000);
  // An HTTP-date (IMF-fixdate, e.g. "Wed, 21 Oct 2026 07:28:00 GMT"); never a bare number.
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.min(MAX_PAUSE_MS, Math.max(0, at - now)) : undefined;
}

/** The wait a 429 asks for: the larger of the header and the body hint; undefined when neither says. */
export function retryAfterMs(
  headers: Headers,
  bodyWaitSeconds: number | undefined,
  now: number,
): number | undefined {
  const fromHeader = parseRetryAfter(headers.get('retry-after'), now);
  const fromBody =
    typeof bodyWaitSeconds === 'number' && Number.isFinite(bodyWaitSeconds) && bodyWaitSeconds >= 0
      ? Math.min(MAX_PAUSE_MS, bodyWaitSeconds * 1000)
      : undefined;
  if (fromHeader === undefined && fromBody === undefined) return undefined;
  return Math.max(fromHeader ?? 0, fromBody ?? 0);
}

/** setTimeout as a promise that rejects (and clears its timer) when the signal aborts. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason ?? new Error('aborted'));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export type RateLimiterOptions = {
  /** Bucket size and refill: this many requests per minute (a burst of up to this many is allowed). */
  perMinute: number;
  clock?: Clock;
  sleep?: Sleep;
};

export function createRateLimiter(
  o: RateLimiterOptions,
): RateLimiter & { readonly pausedUntil: number; tokens(): number } {
  const clock = o.clock ?? systemClock;
  const sleep = o.sleep ?? abortableSleep;
  const capacity = Math.max(1, Number.isFinite(o.perMinute) ? o.perMinute : 60);
  const refillPerMs = capacity / 60_000;
  let tokens = capacity;
  let last = clock.now();
  let pausedUntil = 0;

  const refill = () => {
    const now = clock.now();
    if (now > last) tokens = Math.min(capacity, tokens + (now - last) * refillPerMs);
    last = Math.max(last, now);
  };
  const pause = (now: number, ms: number) => {
    pausedUntil = Math.max(pausedUntil, now + Math.min(MAX_PAUSE_MS, ms));
  };

  const limiter = {
    get pausedUntil() {
      return pausedUntil;
    },
    tokens() {
      refill();
      return tokens;
    },
    delayMs() {
      refill();
      const now = clock.now();
      const paused = Math.max(0, pausedUntil - now);
      const bucket = tokens >= 1 ? 0 : Math.ceil((1 - tokens) / refillPerMs);
      return Math.max(paused, bucket);
    },
    async acquire(signal?: AbortSignal) {
      for (;;) {
        signal?.throwIfAborted();
        const wait = limiter.delayMs();
        if (wait <= 0) {
          tokens -= 1;
          return;
        }
        // Re-check after at most a minute: a pause may have been extended or lifted meanwhile.
        await sleep(Math.min(wait, 60_000), signal);
      }
    },
    observe(status: number, headers: Headers, bodyWaitSeconds?: number) {
      const now = clock.now();
      if (status === 429) {
        pause(now, retryAfterMs(headers, bodyWaitSeconds, now) ?? DEFAULT_429_PAUSE_MS);
        refill();
        tokens = 0;
        return;
      }
      // 503 with Retry-After (maintenance, overload) is a pause request too.
      if (status === 503) {
        const ms = parseRetryAfter(headers.get('retry-after'), now);
        if (ms !== undefined) pause(now, ms);
      }
      const remaining = headers.get('x-ratelimit-remaining');
      const reset = headers.get('x-ratelimit-reset');
      if (remaining !== null && reset !== null && Number(remaining) < 1) {
        const r = Number(reset);
        if (Number.isFinite(r) && r > 0) {
          // Seconds until the reset (Reddit) or an epoch in seconds (GitHub-style): tell them apart by size.
          const ms = r > 1e9 ? r * 1000 - now : r * 1000;
          if (ms > 0) pause(now, ms);
        }
      }
    },
  };
  return limiter;
}
