// Helpers for the connector tests: fixtures, a SourceContext against the simulator or a scripted fetch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRateLimiter } from '../../../electron/core/connectors/rateLimiter';
import type { SourceContext } from '../../../electron/core/connectors/types';
import type { DiscourseSimulator } from '../../../electron/demo/simulators/discourse';
import { silentLogger } from '../../../electron/core/ports';

const here = fileURLToPath(new URL('.', import.meta.url));
export const FIXTURES = join(here, '..', '..', 'fixtures', 'discourse');
/** The recorded payload corpus next to the repo (absent on machines without it). */
export const SHARED = join(here, '..', '..', '..', '..', 'shared', 'payloads', 'discourse');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixture = (f: string): any => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8'));

export const KEY = 'sim-key-7f3e9a1c55b04d2e';
export const USER = 'support_bot';

export type TestCtx = SourceContext & { logged: string[] };

/** A context for the simulator site `slug` (real fetch, a generous limiter unless given one). */
export function simCtx(
  sim: DiscourseSimulator,
  slug: string,
  o: Partial<SourceContext> & { config?: Record<string, unknown> } = {},
): TestCtx {
  const logged: string[] = [];
  const log = (level: string) => (msg: string, data?: Record<string, unknown>) =>
    void logged.push(`${level} ${msg} ${data ? JSON.stringify(data) : ''}`);
  return {
    sourceId: 1,
    baseUrl: sim.siteUrl(slug),
    secret: KEY,
    secrets: { apiKey: KEY },
    persistSecret: () => {},
    now: () => Date.now(),
    http: (url, init) => fetch(url, init),
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    limiter: createRateLimiter({ perMinute: 6000 }),
    ...o,
    // The post streams' tests count requests per poll: the review queue (its own tests:
    // discourse.review.test.ts, core/moderation.discourse.test.ts) is off unless a test turns it on.
    config: { apiUsername: USER, reviewQueue: false, ...(o.config ?? {}) },
    logged,
  };
}

export type Call = { url: string; init?: RequestInit };
/** A context whose fetch answers from a script (a function per call, or Responses in order). */
export function scriptedCtx(
  script: ((call: Call, n: number) => Response | Promise<Response>) | Response[],
  o: Partial<SourceContext> = {},
): SourceContext & { calls: Call[] } {
  const calls: Call[] = [];
  const queue = Array.isArray(script) ? [...script] : null;
  return {
    sourceId: 1,
    baseUrl: 'https://forum.example',
    config: { apiUsername: USER, reviewQueue: false },
    secret: KEY,
    secrets: { apiKey: KEY },
    persistSecret: () => {},
    now: () => Date.now(),
    logger: silentLogger,
    limiter: createRateLimiter({ perMinute: 6000 }),
    ...o,
    http: async (url, init) => {
      const call = { url, init };
      calls.push(call);
      if (queue) {
        const r = queue.shift();
        if (!r)
          throw Object.assign(new TypeError('fetch failed'), {
            cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
          });
        return r;
      }
      return (script as (call: Call, n: number) => Response | Promise<Response>)(
        call,
        calls.length,
      );
    },
    calls,
  };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });

/** Adds `n` member topics to the simulator site, returns their first posts. */
export function addTopics(sim: DiscourseSimulator, slug: string, n: number, prefix = 'Question') {
  return Array.from({ length: n }, (_, i) =>
    sim.addMemberPost(slug, {
      title: `${prefix} number ${i + 1} about my order`,
      raw: `${prefix} ${i + 1}: where is my parcel?`,
      username: `member${i % 7}`,
    }),
  );
}
