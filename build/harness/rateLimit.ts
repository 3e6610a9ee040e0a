// build/harness/rateLimit: the rate-limit part, per platform simulator a core can poll and send to
// over plain HTTP here: Discourse (429 + Retry-After + Discourse's rate_limit body) and Reddit (429 with
// an exhausted X-Ratelimit-* window). Discord and Slack need their gateway / Socket Mode set-up and keep
// their storm tests (with the simulators' own early-request counters) in tests/integration/connectors.
// A real core polls every 200 ms while agents queue replies; the platform answers a 429 storm (every
// request, GET and POST, 3-6 times in a row per storm). From the
// simulator's request log (arrival times and statuses): a request that arrives after a 429 was answered
// and before that 429's advertised reset counts in `requests_before_reset` (a grace of IN_FLIGHT_MS
// for a request already on the wire when the 429 went out). Afterwards the outbox must drain (every
// reply on the forum exactly once) and polling must resume (a member post written after the storm is
// ingested): `queues_undrained` counts what did not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/core/index';
import { createKeyFileSecretStore } from '../../electron/core/secrets/keyFileSecretStore';
import { startDiscourseSimulator } from '../../electron/demo/simulators/discourse';
import { startRedditSimulator } from '../../electron/demo/simulators/reddit';

const IN_FLIGHT_MS = 100;
const RETRY_AFTER_SEC = 1;

type Req = { method: string; path: string; at: number; status: number };
/** What the harness needs of one platform simulator. */
type Scenario = {
  platform: string;
  source: { baseUrl: string; config: Record<string, unknown>; secrets: Record<string, string> };
  /** Conversations in the queue after the first sync. */
  initial: number;
  /** The next `times` requests get 429 with a reset RETRY_AFTER_SEC ahead. */
  storm(times: number): void;
  requests(): Req[];
  clearRequests(): void;
  /** A member writes something new (polling must pick it up after the storm). */
  memberWrites(n: number): void;
  /** How many times a reply body is on the platform. */
  copies(body: string): number;
  close(): Promise<void>;
};

async function discourse(): Promise<Scenario> {
  const sim = await startDiscourseSimulator({ seed: 429 });
  const KEY = 'k-ratelimit-harness-0123456789';
  sim.addSite({ slug: 'r', apiKey: KEY, apiUsername: 'agent_bot', title: 'Rate Forum' });
  sim.seed('r', { topics: 4 });
  return {
    platform: 'discourse',
    source: {
      baseUrl: sim.siteUrl('r'),
      config: { apiUsername: 'agent_bot' },
      secrets: { apiKey: KEY },
    },
    initial: 4,
    storm: (times) => sim.failNext('r', { status: 429, retryAfterSec: RETRY_AFTER_SEC, times }),
    requests: () => sim.requests('r'),
    clearRequests: () => sim.clearRequests('r'),
    memberWrites: (n) =>
      void sim.addMemberPost('r', {
        title: `Storm ${n} follow-up topic`,
        raw: `After storm ${n}: still there?`,
        username: 'maria_k',
      }),
    copies: (body) => sim.posts('r').filter((p) => p.raw === body).length,
    close: () => sim.close(),
  };
}

async function reddit(): Promise<Scenario> {
  const secrets = {
    clientId: 'rl-client-7f3a',
    clientSecret: 'rl-secret-91c2d4',
    username: 'steward_mod',
    password: 'rl-pw-5d8e1b',
  };
  const sim = await startRedditSimulator({ ...secrets, subreddits: ['brandhelp'] });
  for (let i = 0; i < 4; i++)
    sim.post({
      subreddit: 'brandhelp',
      author: `member${i}`,
      title: `Question ${i}`,
      selftext: `How do I do thing ${i}?`,
    });
  return {
    platform: 'reddit',
    source: {
      baseUrl: sim.url,
      config: { authMode: 'script', subreddits: ['brandhelp'] },
      secrets,
    },
    initial: 4,
    storm: (times) => sim.storm429({ times, resetSec: RETRY_AFTER_SEC }),
    // The token endpoint is another host on the real Reddit and has no API window.
    requests: () => sim.requests().filter((r) => !r.path.includes('access_token')),
    clearRequests: () => sim.clearRequests(),
    memberWrites: (n) =>
      void sim.post({
        subreddit: 'brandhelp',
        author: 'member9',
        title: `After storm ${n}`,
        selftext: 'still there?',
      }),
    copies: (body) => sim.things().filter((t) => t.body === body).length,
    close: () => sim.close(),
  };
}

export async function rateLimitHarness(o: {
  storms: number;
  repliesPerStorm: number;
  log: (m: string) => void;
}) {
  const figures = {
    rate_storms: 0,
    rate_429s: 0,
    requests_before_reset: 0,
    queues_drained: 0,
    queues_undrained: 0,
  };
  for (const make of [discourse, reddit]) {
    const f = await onePlatform(await make(), o);
    for (const k of Object.keys(figures) as (keyof typeof figures)[]) figures[k] += f[k];
  }
  return figures;
}

async function onePlatform(
  sc: Scenario,
  o: { storms: number; repliesPerStorm: number; log: (m: string) => void },
) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-ratelimit-'));
  const core = await createCore({
    dataDir: dir,
    mode: 'test',
    secrets: createKeyFileSecretStore(dir),
    agent: { name: 'Harness', email: 'harness@example.test' },
    pollIntervalMs: 200,
    backups: false,
  });
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await core.dispatch(method, input);
    if (!r.ok) throw new Error(`rate-limit harness: ${method}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(`rate-limit harness: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  let early = 0;
  let undrained = 0;
  let rateLimited = 0;
  const sentBodies: string[] = [];
  try {
    await core.start();
    const client = await call<{ id: number }>('clients.create', { name: 'Rate client' });
    await call('sources.add', {
      clientId: client.id,
      platform: sc.platform,
      name: sc.platform,
      ...sc.source,
    });
    const list = () =>
      call<{ total: number; rows: { id: number }[] }>('queue.list', { limit: 100 });
    await until('the first sync', async () => (await list()).total >= sc.initial);
    const ids = (await list()).rows.map((r) => r.id);

    for (let s = 0; s < o.storms; s++) {
      sc.clearRequests();
      sc.storm(3 + (s % 4));
      for (let i = 0; i < o.repliesPerStorm; i++) {
        const body = `Rate harness reply ${s}-${i}: thanks, we are on it.`;
        sentBodies.push(body);
        await call('replies.send', {
          conversationId: ids[i % ids.length],
          body,
          idempotencyKey: `rate-${s}-${i}`,
        });
      }
      // Polling must resume after the storm: a member writes now and it must reach the queue.
      sc.memberWrites(s);
      const posted = () => sentBodies.filter((b) => sc.copies(b) > 0).length;
      try {
        await until(`storm ${s} drained`, async () => {
          const q = await list();
          return (
            posted() >= sentBodies.length && q.rows.length > 0 && q.total >= ids.length + s + 1
          );
        });
      } catch (e) {
        undrained++;
        o.log(String(e));
      }
      o.log(`rate-limit: ${sc.platform}: storm ${s + 1}/${o.storms} drained`);
      const log = sc.requests();
      const resets: { at: number; reset: number }[] = [];
      for (const r of log) {
        if (resets.some((x) => r.at > x.at + IN_FLIGHT_MS && r.at < x.reset)) {
          early++;
          o.log(
            `rate-limit: ${sc.platform}: ${r.method} ${r.path} arrived before the advertised reset`,
          );
        }
        if (r.status === 429) {
          rateLimited++;
          resets.push({ at: r.at, reset: r.at + RETRY_AFTER_SEC * 1000 });
        }
      }
    }
    o.log(`rate-limit: ${sc.platform}: storms done`);
    const dup = sentBodies.filter((b) => sc.copies(b) !== 1).length;
    undrained += dup;
    o.log(
      `rate-limit: ${sc.platform}: ${o.storms} storms, ${rateLimited} answers 429, ${early} early requests, ${sentBodies.length} replies`,
    );
    return {
      rate_storms: o.storms,
      rate_429s: rateLimited,
      requests_before_reset: early,
      queues_drained: o.storms - Math.min(o.storms, undrained),
      queues_undrained: undrained,
    };
  } finally {
    await core.stop();
    await sc.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
