// The rate-limit part of the harness for Discord (a per-route storm, then a global one, on per-route
// buckets of 5 requests per 2 s) and Slack (every method, then the posting method with Slack's `ratelimited` body): a real
// core polls and replies through the storms, sends nothing before an advertised reset, and drains.
import { expect, it } from 'vitest';
import { rateLimitHarness } from '../../../build/harness/rateLimit';

it('Discord and Slack: 429 storms are waited out and the queues drain', async () => {
  const logs: string[] = [];
  const f = await rateLimitHarness({
    storms: 2,
    repliesPerStorm: 2,
    log: (m) => logs.push(m),
    platforms: ['discord', 'slack'],
  });
  expect(f.rate_storms).toBe(4);
  expect(f.rate_429s).toBeGreaterThanOrEqual(12);
  expect(f).toMatchObject({ requests_before_reset: 0, queues_drained: 4, queues_undrained: 0 });
}, 180_000);
