// electron/core/connectors: a per-source rate limiter. A token bucket at the platform's documented
// budget, plus pauses the platform itself asks for (429 Retry-After, Discourse `wait_seconds`,
// X-RateLimit-Remaining/Reset where a platform sends them).
import type { Clock } from '../ports';
import { systemClock } from '../ports';
import type { RateLimiter } from './types';

export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export function createRateLimiter(o: { perMinute: number; clock?: Clock; sleep?: (ms: number, signal?: AbortSignal) => Promise<void> }): RateLimiter {
  const clock = o.clock ?? systemClock;
  const capacity = Math.max(1, o.perMinute);
  const refillPerMs = capacity / 60_000;
  let tokens = capacity;
  let last = clock.now();
  let pausedUntil = 0;
  const sleep =
    o.sleep ??
    ((ms: number, signal?: AbortSignal) =>
      new Promise<void>((ok, fail) => {
        const t = setTimeout(ok, ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(t);
          fail(signal.reason ?? new Error('aborted'));
        }, { once: true });
      }));

  const refill = () => {
    const now = clock.now();
    tokens = Math.min(capacity, tokens + (now - last) * refillPerMs);
    last = now;
  };

  const limiter: RateLimiter = {
    delayMs() {
      refill();
      const now = clock.now();
      const pause = Math.max(0, pausedUntil - now);
      const bucket = tokens >= 1 ? 0 : Math.ceil((1 - tokens) / refillPerMs);
      return Math.max(pause, bucket);
    },
    async acquire(signal) {
      for (;;) {
        signal?.throwIfAborted();
        const wait = limiter.delayMs();
        if (wait <= 0) {
          tokens -= 1;
          return;
        }
        await sleep(Math.min(wait, 60_000), signal);
      }
    },
    observe(status, headers, bodyWaitSeconds) {
      const now = clock.now();
      if (status === 429) {
        const fromHeader = parseRetryAfter(headers.get('retry-after'), now);
        const fromBody = bodyWaitSeconds != null && Number.isFinite(bodyWaitSeconds) ? bodyWaitSeconds * 1000 : undefined;
        const wait = Math.max(fromHeader ?? 0, fromBody ?? 0) || 10_000;
        pausedUntil = Math.max(pausedUntil, now + wait);
        tokens = 0;
        return;
      }
      const remaining = headers.get('x-ratelimit-remaining');
      const reset = headers.get('x-ratelimit-reset');
      if (remaining != null && Number(remaining) <= 0 && reset != null) {
        const r = Number(reset);
        // Seconds until reset (Reddit) or an epoch in seconds (GitHub-style): tell them apart by size.
        const ms = r > 1e9 ? r * 1000 - now : r * 1000;
        if (Number.isFinite(ms) && ms > 0) pausedUntil = Math.max(pausedUntil, now + ms);
      }
    },
  };
  return limiter;
}
