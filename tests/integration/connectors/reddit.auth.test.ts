// Reddit OAuth and pacing against the simulator: password and refresh-token grants, refresh before
// expiry and after a 401, the new token persisted and reused after a restart, refused credentials,
// secrets absent from the request log, logs and errors; X-Ratelimit pacing, a 429 storm (no request
// before the advertised reset, on an injected clock) and RATELIMIT errors in a 200 body.
import { afterEach, describe, expect, it } from 'vitest';
import { redditConnector as reddit } from '../../../electron/core/connectors/reddit';
import { ConnectorError } from '../../../electron/core/connectors/types';
import type { RedditSimulator } from '../../../electron/demo/simulators/reddit';
import { ALL_SECRETS, CLIENT_ID, fakeTime, simCtx, startSim, USER } from './reddit.helpers';

let sim: RedditSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ConnectorError) return err;
    throw err;
  }
  throw new Error('expected a ConnectorError');
}

describe('Reddit OAuth', () => {
  it('script app: password grant with Basic client auth, bearer on the API, a descriptive User-Agent; the token is persisted', async () => {
    sim = await startSim();
    const ctx = simCtx(sim);
    expect(await reddit.test(ctx)).toEqual({ account: USER });
    const [tok, me] = sim.requests();
    expect(tok).toMatchObject({
      method: 'POST',
      path: '/api/v1/access_token',
      auth: 'basic',
      status: 200,
      body: { grant_type: 'password' },
    });
    expect(me).toMatchObject({ method: 'GET', path: '/api/v1/me', auth: 'bearer', status: 200 });
    expect(me!.query).toContain('raw_json=1');
    expect(me!.userAgent).toBe(`desktop:steward:0.1.0 (by /u/${USER})`);
    expect(ctx.persisted.map(([k]) => k)).toEqual(['accessToken']);
    const stored = JSON.parse(ctx.persisted[0]![1]) as { token: string; expiresAt: number };
    expect(stored.token).toMatch(/^sim-at-/);
    expect(stored.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
  });

  it('installed app: refresh-token grant (no client secret)', async () => {
    sim = await startSim({ clientSecret: '' });
    const ctx = simCtx(sim, { mode: 'installed' });
    expect(await reddit.test(ctx)).toEqual({ account: USER });
    expect(sim.requests()[0]).toMatchObject({
      path: '/api/v1/access_token',
      body: { grant_type: 'refresh_token' },
    });
  });

  it('refreshes 60 s before expiry without a 401, and after a 401 once, retrying the request; each new token is persisted', async () => {
    const ft = fakeTime();
    sim = await startSim({ now: ft.clock.now, tokenTtlSec: 3600 });
    const ctx = simCtx(sim, { now: ft.clock.now });
    await reddit.test(ctx);
    expect(sim.tokensIssued()).toBe(1);
    ft.t.now += 3600_000 - 59_000; // inside the skew window
    await reddit.test(ctx);
    expect(sim.tokensIssued()).toBe(2);
    expect(sim.requests().filter((r) => r.status === 401)).toEqual([]);
    sim.expireTokens(); // revoked early on the server
    await reddit.test(ctx);
    expect(sim.tokensIssued()).toBe(3);
    expect(sim.requests().filter((r) => r.status === 401)).toHaveLength(1);
    expect(ctx.persisted.filter(([k]) => k === 'accessToken')).toHaveLength(3);
  });

  it('a persisted token is reused after a restart (no new grant)', async () => {
    sim = await startSim();
    const first = simCtx(sim);
    await reddit.test(first);
    const restarted = simCtx(sim, { secrets: { ...first.store } }); // new limiter = new process state
    await reddit.test(restarted);
    expect(sim.tokensIssued()).toBe(1);
  });

  it('a wrong password is permanent/auth; a wrong client secret too; no secret in the message', async () => {
    sim = await startSim();
    const bad = simCtx(sim, {
      secrets: {
        clientId: CLIENT_ID,
        clientSecret: 'sim-secret-8c2e7a55f0',
        username: USER,
        password: 'wrong-password-123',
      },
    });
    const e1 = await failure(reddit.test(bad));
    expect(e1).toMatchObject({ kind: 'permanent', reason: 'auth' });
    expect(e1.message).toMatch(/wrong username or password/);
    expect(e1.message).not.toContain('wrong-password-123');
    const badClient = simCtx(sim, {
      secrets: {
        clientId: CLIENT_ID,
        clientSecret: 'nope-nope-nope',
        username: USER,
        password: 'x',
      },
    });
    expect(await failure(reddit.test(badClient))).toMatchObject({
      kind: 'permanent',
      reason: 'auth',
      status: 401,
    });
    const missing = simCtx(sim, { secrets: { clientId: CLIENT_ID } });
    expect(await failure(reddit.test(missing))).toMatchObject({
      kind: 'permanent',
      reason: 'config',
    });
  });

  it('secrets never reach the request log, the connector log or error messages', async () => {
    sim = await startSim();
    const ctx = simCtx(sim);
    const post = sim.post({ author: 'a', title: 'T', selftext: 'b' });
    await reddit.poll(ctx, null);
    await reddit.send(ctx, {
      outboxId: 1,
      conversationExternalId: post.name,
      replyToExternalId: null,
      body: 'Hi',
      idempotencyKey: 'k',
      queuedAt: Date.now(),
    });
    sim.expireTokens();
    sim.failNext({ status: 500, method: 'GET' });
    const err = await failure(reddit.poll(ctx, null));
    const token = (JSON.parse(ctx.store.accessToken!) as { token: string }).token;
    const everything = JSON.stringify(sim.requests()) + ctx.logged.join('\n') + err.message;
    for (const s of [...ALL_SECRETS, token]) expect(everything).not.toContain(s);
  });
});

describe('Reddit pacing and rate limits', () => {
  it('429 storm: no request leaves before the advertised reset', async () => {
    const ft = fakeTime();
    sim = await startSim({ now: ft.clock.now });
    const sent: Array<{ at: number; status?: number; reset?: number }> = [];
    const ctx = simCtx(sim, {
      now: ft.clock.now,
      limiter: ft.limiter(100),
      http: async (url, init) => {
        const rec: { at: number; status?: number; reset?: number } = { at: ft.t.now };
        const api = !url.includes('/access_token');
        if (api) sent.push(rec);
        const res = await fetch(url, init);
        rec.status = res.status;
        rec.reset = Number(res.headers.get('x-ratelimit-reset'));
        return res;
      },
    });
    await reddit.test(ctx);
    sim.storm429({ times: 4, resetSec: 137 });
    let ok = false;
    for (let attempt = 0; attempt < 8 && !ok; attempt++) {
      try {
        await reddit.test(ctx); // the scheduler's retry: the limiter waits (fake sleep) first
        ok = true;
      } catch (err) {
        expect(err).toMatchObject({ kind: 'rate_limited', status: 429 });
        expect((err as ConnectorError).retryAfterMs).toBeGreaterThanOrEqual(137_000);
      }
    }
    expect(ok).toBe(true);
    const limited = sent.filter((s) => s.status === 429);
    expect(limited).toHaveLength(4);
    for (let i = 1; i < sent.length; i++) {
      const prev = sent[i - 1]!;
      if (prev.status === 429)
        expect(sent[i]!.at - prev.at).toBeGreaterThanOrEqual(prev.reset! * 1000);
    }
  });

  it('few requests remaining: they are spread over the window, and none is sent into an exhausted one', async () => {
    const ft = fakeTime();
    sim = await startSim({ now: ft.clock.now, windowLimit: 12 });
    const seen: Array<{ at: number; remaining: number; reset: number }> = [];
    const ctx = simCtx(sim, {
      now: ft.clock.now,
      limiter: ft.limiter(100),
      http: async (url, init) => {
        const at = ft.t.now;
        const res = await fetch(url, init);
        if (!url.includes('/access_token'))
          seen.push({
            at,
            remaining: Number(res.headers.get('x-ratelimit-remaining')),
            reset: Number(res.headers.get('x-ratelimit-reset')),
          });
        return res;
      },
    });
    const start = ft.t.now;
    for (let i = 0; i < 30; i++) await reddit.test(ctx);
    expect(sim.requests().filter((r) => r.status === 429)).toEqual([]);
    // Each next request waits at least reset / remaining (the rest of the window spread evenly).
    for (let i = 1; i < seen.length; i++) {
      const prev = seen[i - 1]!;
      const due = prev.remaining >= 1 ? (prev.reset * 1000) / prev.remaining : prev.reset * 1000;
      expect(seen[i]!.at - prev.at).toBeGreaterThanOrEqual(Math.floor(due) - 1);
    }
    // 30 requests at 12 per 10-minute window need at least two window resets.
    expect(ft.t.now - start).toBeGreaterThanOrEqual(2 * 600_000 - 5_000);
  });

  it('RATELIMIT in a 200 body is rate_limited with the stated wait, nothing is posted, and the limiter pauses', async () => {
    const ft = fakeTime();
    sim = await startSim({ now: ft.clock.now });
    const limiter = ft.limiter(100);
    const ctx = simCtx(sim, { now: ft.clock.now, limiter });
    const post = sim.post({ author: 'a', title: 'T', selftext: 'b' });
    sim.ratelimitNext({ seconds: 312 });
    const err = await failure(
      reddit.send(ctx, {
        outboxId: 1,
        conversationExternalId: post.name,
        replyToExternalId: null,
        body: 'Hello there',
        idempotencyKey: 'k',
        queuedAt: ft.t.now,
      }),
    );
    expect(err).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 312_000,
      reason: 'rate_limited',
    });
    expect(sim.replies()).toEqual([]);
    expect(limiter.delayMs()).toBeGreaterThanOrEqual(311_000);
    const receipt = await reddit.send(ctx, {
      outboxId: 1,
      conversationExternalId: post.name,
      replyToExternalId: null,
      body: 'Hello there',
      idempotencyKey: 'k',
      queuedAt: ft.t.now,
    });
    expect(sim.replies().map((r) => r.name)).toEqual([receipt.externalId]);
  });
});
