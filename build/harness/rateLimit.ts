// build/harness/rateLimit: the rate-limit part, per platform simulator: Discourse (429 + Retry-After +
// Discourse's rate_limit body), Reddit (429 with an exhausted X-Ratelimit-* window), Discord (per-route
// bucket 429s and global 429s with X-RateLimit-* headers, and small per-route buckets that the client
// must not exceed: X-RateLimit-Remaining 0 means wait for X-RateLimit-Reset-After) and Slack (HTTP 429
// with Retry-After on every method, on the posting method, and on the Tier 3 history method, plus
// Slack's `ratelimited` error body).
// A real core polls every 200 ms (Discord and Slack also hold their gateway / Socket Mode stream) while
// agents queue replies; the platform answers a 429 storm (3-6 answers per storm). For Discourse and
// Reddit, from the simulator's request log (arrival times and statuses): a request that arrives after a
// 429 was answered and before that 429's advertised reset counts in `requests_before_reset` (a grace of
// IN_FLIGHT_MS for a request already on the wire when the 429 went out); for Slack the same, per API
// method (Slack limits each method on its own). Discord's simulator counts early requests itself, per
// bucket as Discord scopes them (a request to another route during a per-route pause is not early; any
// request during a global one is), and every request beyond an exhausted bucket. Afterwards the outbox must drain (every reply on the
// platform exactly once) and polling must resume (a member message written after the storm is
// ingested): `queues_undrained` counts what did not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/core/index';
import { createKeyFileSecretStore } from '../../electron/core/secrets/keyFileSecretStore';
import { startDiscordSimulator } from '../../electron/demo/simulators/discord';
import { startDiscourseSimulator } from '../../electron/demo/simulators/discourse';
import { startSlackSimulator } from '../../electron/demo/simulators/slack';
import { startRedditSimulator } from '../../electron/demo/simulators/reddit';
import { addPlatformSource, contractCall } from './contract';

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
  /** The simulator's own count of early requests so far (per-bucket scoping); absent: read from the log. */
  early?(): number;
  earlyLog?(): string[];
  /** What a 429 pauses, for the log-based count: Slack limits each API method on its own; default: everything. */
  scope?(r: Req): string;
  /** A member writes something new (polling must pick it up after the storm); returns its text. */
  memberWrites(n: number): string;
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
    memberWrites: (n) => {
      const raw = `After storm ${n}: still there?`;
      sim.addMemberPost('r', { title: `Storm ${n} follow-up topic`, raw, username: 'maria_k' });
      return raw;
    },
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
    memberWrites: (n) => {
      const selftext = `After storm ${n}: still there?`;
      sim.post({ subreddit: 'brandhelp', author: 'member9', title: `After storm ${n}`, selftext });
      return selftext;
    },
    copies: (body) => sim.things().filter((t) => t.body === body).length,
    close: () => sim.close(),
  };
}

async function discord(): Promise<Scenario> {
  // Small per-route buckets (as Discord's 5 messages / 5 s per channel): exceeding one is counted too.
  const sim = await startDiscordSimulator({
    heartbeatIntervalMs: 41_250,
    bucket: { limit: 5, windowMs: 2000 },
  });
  const help = sim.addChannel('help');
  const members = ['maria', 'tomas', 'aiko', 'jo'].map((u) => sim.addMember(u, { globalName: u }));
  members.forEach((m, i) => sim.post(help, m, `Question ${i}: how do I do thing ${i}?`));
  let from = 0;
  let storms = 0;
  return {
    platform: 'discord',
    source: {
      baseUrl: sim.url,
      config: { guildId: sim.guildId, channelIds: [help] },
      secrets: { botToken: sim.token },
    },
    initial: 1,
    // Even storms: the reply route's bucket (per route); odd: the global limit (every route).
    storm: (times) =>
      storms++ % 2 === 0
        ? sim.rateLimit({
            retryAfterMs: RETRY_AFTER_SEC * 1000,
            times,
            method: 'POST',
            pathPrefix: `/channels/${help}/messages`,
          })
        : sim.rateLimit({ retryAfterMs: RETRY_AFTER_SEC * 1000, times, global: true }),
    requests: () => sim.requests().slice(from),
    clearRequests: () => void (from = sim.requests().length),
    early: () => sim.earlyRequests().count,
    earlyLog: () => sim.earlyRequests().log,
    memberWrites: (n) => {
      const text = `After storm ${n}: still there?`;
      sim.post(help, members[n % members.length]!, text);
      return text;
    },
    copies: (body) => sim.sent().filter((m) => m.content === body).length,
    close: () => sim.close(),
  };
}

async function slack(): Promise<Scenario> {
  const sim = await startSlackSimulator({ pingIntervalMs: 0 });
  const help = sim.addChannel('help');
  const members = ['maria', 'tomas', 'aiko', 'jo'].map((u) =>
    sim.addUser(u, { realName: u, displayName: u }),
  );
  members.forEach((m, i) => sim.post(help, m, `Question ${i}: how do I do thing ${i}?`));
  let from = 0;
  let storms = 0;
  return {
    platform: 'slack',
    source: {
      baseUrl: sim.url,
      config: { channelIds: [help] },
      secrets: { botToken: sim.botToken, appToken: sim.appToken },
    },
    initial: 1,
    // Every method (HTTP 429); the posting method with Slack's `ratelimited` body; the Tier 3 history method.
    storm: (times) => {
      const k = storms++ % 3;
      sim.rateLimit({
        times,
        retryAfterSec: RETRY_AFTER_SEC,
        style: k === 1 ? 'ratelimited' : '429',
        method: k === 0 ? undefined : k === 1 ? 'chat.postMessage' : 'conversations.history',
      });
    },
    requests: () =>
      sim.requests.slice(from).map((r) => ({
        method: 'POST',
        path: r.method,
        at: r.at,
        status: r.error === 'ratelimited' ? 429 : r.status,
      })),
    clearRequests: () => void (from = sim.requests.length),
    scope: (r) => r.path,
    memberWrites: (n) => {
      const text = `After storm ${n}: still there?`;
      sim.post(help, members[n % members.length]!, text);
      return text;
    },
    copies: (body) => sim.posted.filter((m) => m.text === body).length,
    close: () => sim.close(),
  };
}

export async function rateLimitHarness(o: {
  storms: number;
  repliesPerStorm: number;
  log: (m: string) => void;
  /** Only these simulators (default: all four). */
  platforms?: string[];
}) {
  const figures = {
    rate_storms: 0,
    rate_429s: 0,
    requests_before_reset: 0,
    queues_drained: 0,
    queues_undrained: 0,
  };
  const all = { discourse, reddit, discord, slack };
  for (const [name, make] of Object.entries(all)) {
    if (o.platforms && !o.platforms.includes(name)) continue;
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
  const call = contractCall((m, i) => core.dispatch(m, i), 'rate-limit');
  // Slack's budget (50 requests/min, shared with polling every 200 ms) makes a storm's drain slow.
  const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 300_000) => {
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
    await addPlatformSource(call, sc, 'Rate client');
    const list = () =>
      call<{ total: number; rows: { id: number }[] }>('queue.list', { limit: 100 });
    await until(`${sc.platform}: the first sync`, async () => (await list()).total >= sc.initial);
    const ingested = (text: string) =>
      (
        core.internals.db
          .prepare('SELECT count(*) AS n FROM messages WHERE body_text LIKE ?')
          .get(`%${text}%`) as { n: number }
      ).n > 0;
    const ids = (await list()).rows.map((r) => r.id);

    for (let s = 0; s < o.storms; s++) {
      sc.clearRequests();
      const earlyBefore = sc.early?.() ?? 0;
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
      const written = sc.memberWrites(s);
      const posted = () => sentBodies.filter((b) => sc.copies(b) > 0).length;
      try {
        await until(
          `${sc.platform}: storm ${s} drained`,
          () => posted() >= sentBodies.length && ingested(written),
        );
      } catch (e) {
        undrained++;
        o.log(String(e));
      }
      o.log(`rate-limit: ${sc.platform}: storm ${s + 1}/${o.storms} drained`);
      const log = sc.requests();
      const resets: { at: number; reset: number; scope: string }[] = [];
      const scopeOf = (r: Req) => sc.scope?.(r) ?? '';
      if (sc.early) {
        const n = sc.early() - earlyBefore;
        early += n;
        if (n > 0)
          o.log(
            `rate-limit: ${sc.platform}: ${n} requests before the advertised reset or beyond a bucket ${JSON.stringify(sc.earlyLog?.().slice(-n) ?? [])}`,
          );
      }
      for (const r of log) {
        if (
          !sc.early &&
          resets.some((x) => x.scope === scopeOf(r) && r.at > x.at + IN_FLIGHT_MS && r.at < x.reset)
        ) {
          early++;
          o.log(
            `rate-limit: ${sc.platform}: ${r.method} ${r.path} arrived before the advertised reset`,
          );
        }
        if (r.status === 429) {
          rateLimited++;
          resets.push({ at: r.at, reset: r.at + RETRY_AFTER_SEC * 1000, scope: scopeOf(r) });
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
