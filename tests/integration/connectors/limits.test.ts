// The per-source rate limiter and the retry backoff every connector relies on (pure; fake clock).
import { describe, expect, it } from 'vitest';
import {
  backoffCapMs,
  backoffMs,
  backoffWithFloor,
  decorrelatedBackoffMs,
} from '../../../electron/core/connectors/backoff';
import {
  createRateLimiter,
  DEFAULT_429_PAUSE_MS,
  parseRetryAfter,
} from '../../../electron/core/connectors/rateLimiter';

function clockAndSleep(start = 1_000_000) {
  const t = { now: start };
  const slept: number[] = [];
  return {
    clock: { now: () => t.now },
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      t.now += ms;
    },
    t,
    slept,
  };
}
const h = (o: Record<string, string> = {}) => new Headers(o);

describe('rate limiter: token bucket', () => {
  it('allows a burst of perMinute, then spaces requests at 60 000 / perMinute ms', async () => {
    const f = clockAndSleep();
    const l = createRateLimiter({ perMinute: 60, clock: f.clock, sleep: f.sleep });
    for (let i = 0; i < 60; i++) await l.acquire();
    expect(f.slept).toEqual([]);
    expect(l.delayMs()).toBe(1000);
    await l.acquire();
    expect(f.slept).toEqual([1000]);
    await l.acquire();
    expect(f.slept).toEqual([1000, 1000]);
  });

  it('refills over time up to the bucket size, never beyond', async () => {
    const f = clockAndSleep();
    const l = createRateLimiter({ perMinute: 30, clock: f.clock, sleep: f.sleep });
    for (let i = 0; i < 30; i++) await l.acquire();
    f.t.now += 10 * 60_000;
    expect(l.tokens()).toBe(30);
    f.t.now += 6000;
    expect(l.tokens()).toBe(30);
  });

  it('acquire is abortable while waiting', async () => {
    const l = createRateLimiter({ perMinute: 1 });
    await l.acquire();
    const ac = new AbortController();
    const p = l.acquire(ac.signal);
    ac.abort(new Error('shutting down'));
    await expect(p).rejects.toThrow('shutting down');
  });
});

describe('rate limiter: what the server says', () => {
  it('429 Retry-After in seconds pauses every request until then', async () => {
    const f = clockAndSleep();
    const l = createRateLimiter({ perMinute: 600, clock: f.clock, sleep: f.sleep });
    l.observe(429, h({ 'Retry-After': '12' }));
    expect(l.delayMs()).toBe(12_000);
    await l.acquire();
    expect(f.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(12_000);
  });

  it('429 Retry-After as an HTTP-date', () => {
    const f = clockAndSleep(Date.UTC(2026, 10, 20, 12, 0, 0));
    const l = createRateLimiter({ perMinute: 600, clock: f.clock, sleep: f.sleep });
    l.observe(429, h({ 'Retry-After': 'Fri, 20 Nov 2026 12:01:30 GMT' }));
    expect(l.delayMs()).toBe(90_000);
  });

  it('Discourse extras.wait_seconds counts, the larger of header and body wins; neither = a default pause', () => {
    const f = clockAndSleep();
    const l = createRateLimiter({ perMinute: 600, clock: f.clock, sleep: f.sleep });
    l.observe(429, h(), 42);
    expect(l.delayMs()).toBe(42_000);
    const l2 = createRateLimiter({ perMinute: 600, clock: f.clock, sleep: f.sleep });
    l2.observe(429, h({ 'Retry-After': '5' }), 9);
    expect(l2.delayMs()).toBe(9000);
    const l3 = createRateLimiter({ perMinute: 600, clock: f.clock, sleep: f.sleep });
    l3.observe(429, h());
    expect(l3.delayMs()).toBe(DEFAULT_429_PAUSE_MS);
  });

  it('a later shorter 429 does not shorten an existing pause; a 200 does not lift it', () => {
    const f = clockAndSleep();
    const l = createRateLimiter({ perMinute: 600, clock: f.clock, sleep: f.sleep });
    l.observe(429, h({ 'Retry-After': '30' }));
    l.observe(429, h({ 'Retry-After': '2' }));
    l.observe(200, h());
    expect(l.delayMs()).toBe(30_000);
    f.t.now += 30_000;
    expect(l.delayMs()).toBe(0);
  });

  it('generic X-RateLimit-Remaining 0 + Reset (seconds, or an epoch) pauses; remaining > 0 does not', () => {
    const f = clockAndSleep(1_700_000_000_000);
    const l = createRateLimiter({ perMinute: 600, clock: f.clock, sleep: f.sleep });
    l.observe(200, h({ 'X-RateLimit-Remaining': '3', 'X-RateLimit-Reset': '60' }));
    expect(l.delayMs()).toBe(0);
    l.observe(200, h({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '20' }));
    expect(l.delayMs()).toBe(20_000);
    const l2 = createRateLimiter({ perMinute: 600, clock: f.clock, sleep: f.sleep });
    l2.observe(
      200,
      h({ 'X-RateLimit-Remaining': '0.0', 'X-RateLimit-Reset': String(1_700_000_000 + 45) }),
    );
    expect(l2.delayMs()).toBe(45_000);
  });

  it('503 with Retry-After pauses too; absurd values are capped at a day', () => {
    const f = clockAndSleep();
    const l = createRateLimiter({ perMinute: 600, clock: f.clock, sleep: f.sleep });
    l.observe(503, h({ 'Retry-After': '3' }));
    expect(l.delayMs()).toBe(3000);
    l.observe(429, h({ 'Retry-After': '99999999999' }));
    expect(l.delayMs()).toBe(24 * 3600_000);
  });

  it('parseRetryAfter: seconds, dates, garbage', () => {
    expect(parseRetryAfter('12', 0)).toBe(12_000);
    expect(parseRetryAfter(' 1.5 ', 0)).toBe(1500);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter(new Date(0).toUTCString(), 60_000)).toBe(0);
    for (const bad of ['soon', '-5', '', null, undefined, '1e3'])
      expect(parseRetryAfter(bad, 0)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('full jitter: each attempt within [base/10, min(max, base·2^(n-1))]; the extremes are reachable', () => {
    for (let a = 1; a <= 30; a++) {
      const cap = Math.min(15 * 60_000, 1000 * 2 ** (a - 1));
      expect(backoffCapMs(a)).toBe(cap);
      expect(backoffMs(a, { random: () => 0 })).toBe(100);
      expect(backoffMs(a, { random: () => 1 })).toBe(cap);
      for (let k = 0; k < 20; k++) {
        const d = backoffMs(a);
        expect(d).toBeGreaterThanOrEqual(100);
        expect(d).toBeLessThanOrEqual(cap);
      }
    }
    expect(backoffMs(3, { random: () => 0.5 })).toBe(2000);
  });

  it('the cap is monotone in the attempt and saturates at maxMs; silly attempts are safe', () => {
    let prev = 0;
    for (let a = 1; a < 200; a++) {
      const c = backoffCapMs(a, { baseMs: 250, maxMs: 60_000 });
      expect(c).toBeGreaterThanOrEqual(prev);
      prev = c;
    }
    expect(prev).toBe(60_000);
    expect(backoffCapMs(0)).toBe(1000);
    expect(backoffCapMs(-3)).toBe(1000);
    expect(backoffCapMs(Number.NaN)).toBe(1000);
    expect(backoffMs(Infinity, { random: () => 1 })).toBe(15 * 60_000);
  });

  it('is actually random: delays for one attempt spread over the range', () => {
    const seen = new Set(Array.from({ length: 200 }, () => Math.floor(backoffMs(8) / 16_000)));
    expect(seen.size).toBeGreaterThanOrEqual(6);
  });

  it('decorrelated jitter stays in [base, min(max, 3·previous)]', () => {
    expect(decorrelatedBackoffMs(1000, { random: () => 0 })).toBe(1000);
    expect(decorrelatedBackoffMs(1000, { random: () => 1 })).toBe(3000);
    expect(decorrelatedBackoffMs(10 * 60_000, { random: () => 1 })).toBe(15 * 60_000);
    for (let i = 0, prev = 1000; i < 50; i++) {
      const d = decorrelatedBackoffMs(prev);
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThanOrEqual(Math.min(15 * 60_000, prev * 3));
      prev = d;
    }
  });

  it('a server-provided Retry-After is a floor, never lowered by jitter', () => {
    expect(backoffWithFloor(1, 30_000, { random: () => 0.5 })).toBe(30_000);
    expect(backoffWithFloor(12, 30_000, { random: () => 1 })).toBe(15 * 60_000);
    expect(backoffWithFloor(1, undefined, { random: () => 0 })).toBe(100);
    expect(backoffWithFloor(1, Number.NaN, { random: () => 0 })).toBe(100);
  });
});
