// The Slack connector's Web API side against the simulator: the catch-up poll (oldest first, bounded,
// `more`, threads, no duplicate), send exactly once with metadata, a lost response -> unknown_outcome ->
// findSent finds it (0 duplicates, 0 losses over randomized fault sequences), findSent null only when
// sure, 429 / `ratelimited` storms honoured with no request before the reset, errors mapped with
// reasons, delete needing the user token, test = auth.test.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../electron/core/connectors/rateLimiter';
import { slackConnector } from '../../../electron/core/connectors/slack';
import type { ConnectorError, OutboundReply } from '../../../electron/core/connectors/types';
import { startSlackSimulator, type SlackSimulator } from '../../../electron/demo/simulators/slack';
import { catchUpPoll, slackCtx } from './slack.helpers';

let sim: SlackSimulator;
let help: string;
beforeEach(async () => {
  sim = await startSlackSimulator();
  help = sim.addChannel('help');
});
afterEach(async () => {
  await sim.close();
});

const err = async (p: Promise<unknown>) =>
  (await p.then(
    () => null,
    (e: unknown) => e,
  )) as ConnectorError;
let n = 0;
function reply(
  conversationExternalId: string,
  markdown: string,
  o: Partial<OutboundReply> = {},
): OutboundReply {
  n++;
  return {
    outboxId: n,
    conversationExternalId,
    replyToExternalId: null,
    body: markdown,
    content: { markdown },
    idempotencyKey: `outbox-${n}-${Math.random().toString(36).slice(2)}`,
    queuedAt: Date.now(),
    ...o,
  };
}

describe('Slack catch-up poll', () => {
  it('reads a large gap oldest first in bounded polls (more: true), with thread replies, each message once', async () => {
    const ann = sim.addUser('ann');
    const ctx = slackCtx(sim, [help], { config: { historyLimit: 5, maxRequestsPerPoll: 4 } });
    const first = await catchUpPoll(ctx, null);
    expect(first.items).toEqual([]);
    const posted = Array.from({ length: 23 }, (_, i) =>
      sim.post(help, ann, `message ${i}`, { silent: true }),
    );
    const r1 = sim.post(help, ann, 'reply one', { threadTs: posted[3]!.ts, silent: true });
    const r2 = sim.post(help, ann, 'reply two', { threadTs: posted[3]!.ts, silent: true });
    const up = await catchUpPoll(ctx, first.cursor);
    expect(up.polls).toBeGreaterThan(2);
    const ids = up.items.map((i) => i.message.externalId);
    expect(ids.slice(0, 23)).toEqual(posted.map((m) => `${help}:${m.ts}`));
    expect(ids.slice(23)).toEqual([`${help}:${r1.ts}`, `${help}:${r2.ts}`]);
    expect(up.items.at(-1)!.conversation.externalId).toBe(`${help}:${posted[3]!.ts}`);
    // Nothing new: the next catch-up delivers nothing (no duplicate).
    expect((await catchUpPoll(ctx, up.cursor)).items).toEqual([]);
    // Every history request is bounded by the budget.
    expect(
      sim.requests
        .filter((q) => q.method === 'conversations.history')
        .every((q) => Number(q.params.limit) === 5),
    ).toBe(true);
  });

  it('quarantines a malformed message and still delivers the rest of the page', async () => {
    const ann = sim.addUser('ann');
    const ctx = slackCtx(sim, [help]);
    const start = await catchUpPoll(ctx, null);
    const a = sim.post(help, ann, 'good one', { silent: true });
    const bad = sim.post(help, ann, 'bad one', { silent: true });
    (bad as Record<string, unknown>).user = { id: 'not a string' };
    const b = sim.post(help, ann, 'good two', { silent: true });
    const r = await slackConnector.poll(ctx, start.cursor);
    expect(r.items.map((i) => i.message.externalId)).toEqual([
      `${help}:${a.ts}`,
      `${help}:${b.ts}`,
    ]);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.reason).toBe(
      `Slack message ${bad.ts} rejected: user is not a Slack user id`,
    );
  });
});

describe('Slack send and reconciliation', () => {
  it('posts once in the thread with the idempotency key as message metadata; findSent finds it; null when absent', async () => {
    const ann = sim.addUser('ann');
    const q = sim.post(help, ann, 'where is my parcel?');
    const ctx = slackCtx(sim, [help]);
    const rep = reply(
      `${help}:${q.ts}`,
      '**Sorry!** It ships _today_: [track it](https://t.example/1)',
    );
    const got = await slackConnector.send(ctx, rep);
    expect(sim.posted).toHaveLength(1);
    expect(sim.posted[0]).toMatchObject({
      thread_ts: q.ts,
      text: '*Sorry!* It ships _today_: <https://t.example/1|track it>',
      metadata: { event_type: 'steward_reply', event_payload: { key: rep.idempotencyKey } },
    });
    expect(got.externalId).toBe(`${help}:${sim.posted[0]!.ts}`);
    expect(await slackConnector.findSent(ctx, rep)).toEqual(got);
    expect(await slackConnector.findSent(ctx, reply(`${help}:${q.ts}`, 'never sent'))).toBeNull();
    const d = sim.dm(ann, 'private question');
    const dmReply = reply(`dm:${d.channel}`, 'answer in the DM');
    const sent = await slackConnector.send(ctx, dmReply);
    expect(sim.posted[1]).not.toHaveProperty('thread_ts');
    expect(await slackConnector.findSent(ctx, dmReply)).toEqual(sent);
  });

  it('a lost response is unknown_outcome and findSent finds the applied post; a 5xx before applying is not found', async () => {
    const q = sim.post(help, sim.addUser('ann'), 'hello?');
    const ctx = slackCtx(sim, [help]);
    const rep = reply(`${help}:${q.ts}`, 'on it');
    sim.failNext({ status: 0, times: 1, method: 'chat.postMessage', lose: true });
    const e = await err(slackConnector.send(ctx, rep));
    expect(e.kind).toBe('unknown_outcome');
    expect(sim.posted).toHaveLength(1);
    expect((await slackConnector.findSent(ctx, rep))?.externalId).toBe(
      `${help}:${sim.posted[0]!.ts}`,
    );
    const rep2 = reply(`${help}:${q.ts}`, 'second');
    sim.failNext({ status: 503, times: 1, method: 'chat.postMessage' });
    expect((await err(slackConnector.send(ctx, rep2))).kind).toBe('unknown_outcome');
    expect(await slackConnector.findSent(ctx, rep2)).toBeNull();
  });

  it('randomized fault sequences: the outbox protocol ends with every reply posted exactly once (0 duplicates, 0 losses)', async () => {
    const q = sim.post(help, sim.addUser('ann'), 'a thread for the fuzz');
    const ctx = slackCtx(sim, [help]);
    const fault = fc.constantFrom(
      'none',
      'lose',
      'lose-before',
      '500-after',
      '500',
      'ratelimited',
      'internal_error',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fault, { minLength: 1, maxLength: 6 }), async (faults) => {
        const rep = reply(`${help}:${q.ts}`, `reply ${n}`);
        const before = sim.posted.filter(
          (m) =>
            (m.metadata as { event_payload?: { key?: string } })?.event_payload?.key ===
            rep.idempotencyKey,
        ).length;
        expect(before).toBe(0);
        let done = false;
        let reconcile = false;
        for (const f of [...faults, 'none', 'none']) {
          if (f === 'lose')
            sim.failNext({ status: 0, times: 1, lose: true, method: 'chat.postMessage' });
          if (f === 'lose-before')
            sim.failNext({
              status: 0,
              times: 1,
              lose: true,
              afterApply: false,
              method: 'conversations.replies',
            });
          if (f === '500-after')
            sim.failNext({ status: 500, times: 1, afterApply: true, method: 'chat.postMessage' });
          if (f === '500') sim.failNext({ status: 500, times: 1, method: 'chat.postMessage' });
          if (f === 'internal_error')
            sim.failNext({
              status: 200,
              times: 1,
              error: 'internal_error',
              method: 'chat.postMessage',
            });
          if (f === 'ratelimited')
            sim.rateLimit({
              times: 1,
              retryAfterSec: 0,
              style: 'ratelimited',
              method: 'chat.postMessage',
            });
          try {
            if (reconcile) {
              const found = await slackConnector.findSent(ctx, rep);
              reconcile = false;
              if (found) {
                done = true;
                break;
              }
              continue;
            }
            await slackConnector.send(ctx, rep);
            done = true;
            break;
          } catch (e) {
            const ce = e as ConnectorError;
            if (ce.kind === 'unknown_outcome') reconcile = true;
            else if (ce.kind === 'transient' && reconcile) reconcile = true;
            else if (ce.kind !== 'rate_limited' && ce.kind !== 'transient') throw e;
          }
        }
        // Drain leftover faults for the next run.
        while (reconcile || !done) {
          try {
            if (reconcile) {
              const found = await slackConnector.findSent(ctx, rep);
              reconcile = false;
              if (found) done = true;
            } else {
              await slackConnector.send(ctx, rep);
              done = true;
            }
          } catch (e) {
            if ((e as ConnectorError).kind === 'unknown_outcome') reconcile = true;
          }
        }
        const copies = sim.posted.filter(
          (m) =>
            (m.metadata as { event_payload?: { key?: string } })?.event_payload?.key ===
            rep.idempotencyKey,
        ).length;
        expect(copies).toBe(1);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe('Slack rate limits and errors', () => {
  it('a 429 storm: rate_limited with Retry-After, the limiter pauses the source, no request before the reset', async () => {
    const limiter = createRateLimiter({ perMinute: 6000 });
    const ctx = slackCtx(sim, [help], { limiter });
    sim.rateLimit({ times: 3, retryAfterSec: 1, method: 'auth.test' });
    const e = await err(slackConnector.test(ctx));
    expect(e).toMatchObject({ kind: 'rate_limited', reason: 'rate_limited', retryAfterMs: 1000 });
    expect(limiter.delayMs()).toBeGreaterThan(900);
    // The next calls wait out the pause in the limiter (no request leaves before the reset), and get
    // the storm's next 429s; then the call goes through.
    expect((await err(slackConnector.test(ctx))).kind).toBe('rate_limited');
    expect((await err(slackConnector.test(ctx))).kind).toBe('rate_limited');
    await expect(slackConnector.test(ctx)).resolves.toEqual({ account: 'steward @ Sim Workspace' });
    expect(sim.requests.filter((r) => r.method === 'auth.test').map((r) => r.status)).toEqual([
      429, 429, 429, 200,
    ]);
    expect(sim.earlyRequests).toBe(0);
  }, 30_000);

  it('a `ratelimited` error body pauses the source like a 429', async () => {
    const limiter = createRateLimiter({ perMinute: 6000 });
    const ctx = slackCtx(sim, [help], { limiter });
    sim.rateLimit({
      times: 1,
      retryAfterSec: 30,
      style: 'ratelimited',
      method: 'conversations.history',
    });
    const e = await err(slackConnector.poll(ctx, null));
    expect(e).toMatchObject({ kind: 'rate_limited', reason: 'rate_limited' });
    expect(e.retryAfterMs).toBeGreaterThanOrEqual(29_000);
    const before = sim.requests.length;
    expect((await err(slackConnector.test(ctx))).kind).toBe('rate_limited');
    expect(sim.requests.length).toBe(before);
    expect(sim.earlyRequests).toBe(0);
  });

  it('maps platform errors with reasons and never shows a token', async () => {
    const bad = slackCtx(sim, [help], {
      secrets: { botToken: 'xoxb-wrong-token-1234', appToken: null, userToken: null },
      secret: 'xoxb-wrong-token-1234',
    });
    const e = await err(slackConnector.test(bad));
    expect(e).toMatchObject({ kind: 'permanent', reason: 'auth' });
    expect(e.message).not.toContain('xoxb-wrong-token-1234');
    const ctx = slackCtx(sim, [help]);
    expect(
      await err(slackConnector.send(ctx, reply('C07NOSUCH1:1767225600.000100', 'hi'))),
    ).toMatchObject({ kind: 'permanent', reason: 'not_found' });
    expect(await err(slackConnector.send(ctx, reply('not-a-slack-id', 'hi')))).toMatchObject({
      kind: 'permanent',
      reason: 'config',
    });
    expect(
      await err(slackConnector.send(ctx, reply(`${help}:1.000001`, 'x'.repeat(40_001)))),
    ).toMatchObject({ kind: 'permanent', reason: 'too_long' });
  });

  it('delete needs the user token: refused with a clear reason without one, applied (and idempotent) with one', async () => {
    const ann = sim.addUser('ann');
    const spam = sim.post(help, ann, 'buy cheap followers');
    const req = {
      kind: 'delete' as const,
      conversationExternalId: `${help}:${spam.ts}`,
      messageExternalId: `${help}:${spam.ts}`,
      memberExternalId: ann.id,
      reason: 'spam',
      durationMinutes: null,
      idempotencyKey: 'mod-1',
    };
    const e = await err(slackConnector.moderate!(slackCtx(sim, [help]), req));
    expect(e).toMatchObject({ kind: 'permanent', reason: 'config' });
    expect(e.message).toContain('user token');
    expect(sim.messagesIn(help).some((m) => m.ts === spam.ts)).toBe(true);
    const withUser = slackCtx(sim, [help], {
      secrets: { botToken: sim.botToken, appToken: sim.appToken, userToken: sim.userToken },
    });
    await expect(slackConnector.moderate!(withUser, req)).resolves.toMatchObject({
      platformResponse: expect.stringContaining('deleted'),
    });
    expect(sim.deleted).toEqual([{ channel: help, ts: spam.ts, by: 'user' }]);
    await expect(slackConnector.moderate!(withUser, req)).resolves.toMatchObject({
      platformResponse: expect.stringContaining('already'),
    });
    expect(slackConnector.capabilities.moderation).toEqual(['delete']);
  });
});
