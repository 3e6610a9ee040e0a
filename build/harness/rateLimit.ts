// build/harness/rateLimit: the rate-limit part, against the Discourse simulator (the only platform whose
// simulator a full core can poll and send to here without a gateway or OAuth set-up; Reddit, Discord
// and Slack keep their rate-limit tests in tests/integration/connectors). A real core polls the forum
// every 200 ms while agents queue replies; the forum answers a 429 storm (every request, GET and POST,
// gets 429 with Retry-After and Discourse's rate_limit body, `storm` times in a row). From the
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

const IN_FLIGHT_MS = 100;
const RETRY_AFTER_SEC = 1;

export async function rateLimitHarness(o: { storms: number; repliesPerStorm: number; log: (m: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-ratelimit-'));
  const sim = await startDiscourseSimulator({ seed: 429 });
  const KEY = 'k-ratelimit-harness-0123456789';
  sim.addSite({ slug: 'r', apiKey: KEY, apiUsername: 'agent_bot', title: 'Rate Forum' });
  sim.seed('r', { topics: 4 });
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
      platform: 'discourse',
      name: 'Forum',
      baseUrl: sim.siteUrl('r'),
      config: { apiUsername: 'agent_bot' },
      secrets: { apiKey: KEY },
    });
    const list = () => call<{ total: number; rows: { id: number }[] }>('queue.list', { limit: 100 });
    await until('the first sync', async () => (await list()).total >= 4);
    const ids = (await list()).rows.map((r) => r.id);

    for (let s = 0; s < o.storms; s++) {
      sim.clearRequests('r');
      sim.failNext('r', { status: 429, retryAfterSec: RETRY_AFTER_SEC, times: 3 + (s % 4) });
      for (let i = 0; i < o.repliesPerStorm; i++) {
        const body = `Rate harness reply ${s}-${i}: thanks, we are on it.`;
        sentBodies.push(body);
        await call('replies.send', { conversationId: ids[i % ids.length], body, idempotencyKey: `rate-${s}-${i}` });
      }
      // Polling must resume after the storm: a member writes now and it must reach the queue.
      const marker = `After storm ${s}: still there?`;
      sim.addMemberPost('r', { title: `Storm ${s} follow-up topic`, raw: marker, username: 'maria_k' });
      const posted = () => sim.posts('r').filter((p) => sentBodies.includes(p.raw)).length;
      try {
        await until(`storm ${s} drained`, async () => {
          const q = await list();
          return posted() >= sentBodies.length && q.rows.length > 0 && q.total >= ids.length + s + 1;
        });
      } catch (e) {
        undrained++;
        o.log(String(e));
      }
      const log = sim.requests('r');
      const resets: { at: number; reset: number }[] = [];
      for (const r of log) {
        if (resets.some((x) => r.at > x.at + IN_FLIGHT_MS && r.at < x.reset)) {
          early++;
          o.log(`rate-limit: ${r.method} ${r.path} arrived before the advertised reset`);
        }
        if (r.status === 429) {
          rateLimited++;
          resets.push({ at: r.at, reset: r.at + RETRY_AFTER_SEC * 1000 });
        }
      }
    }
    const dup = sentBodies.filter((b) => sim.posts('r').filter((p) => p.raw === b).length !== 1).length;
    undrained += dup;
    o.log(`rate-limit: ${o.storms} storms, ${rateLimited} answers 429, ${early} early requests, ${sentBodies.length} replies`);
    return {
      rate_storms: o.storms,
      rate_429s: rateLimited,
      requests_before_reset: early,
      queues_drained: o.storms - Math.min(o.storms, undrained),
      queues_undrained: undrained,
    };
  } finally {
    await core.stop();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
