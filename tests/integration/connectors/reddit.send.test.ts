// Reddit replies and moderation against the simulator: /api/comment to a submission, a comment and a
// private message, modmail replies, limits refused before sending, platform refusals, reconciliation
// after a lost response (findSent), randomized fault sequences with 0 duplicates and 0 losses, and every
// moderation action the capabilities list.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_REPLY_LENGTH,
  redditConnector as reddit,
} from '../../../electron/core/connectors/reddit';
import { ConnectorError, type OutboundReply } from '../../../electron/core/connectors/types';
import type { RedditSimulator } from '../../../electron/demo/simulators/reddit';
import { fakeTime, simCtx, startSim, USER } from './reddit.helpers';

const ft = fakeTime(Date.now());
let sim: RedditSimulator;
beforeAll(async () => {
  sim = await startSim({ now: ft.clock.now });
});
afterAll(async () => {
  await sim.close();
});
const ctxOf = () => simCtx(sim, { now: ft.clock.now, limiter: ft.limiter(100) });
let outboxId = 0;
const reply = (
  conversationExternalId: string,
  replyToExternalId: string | null,
  body: string,
  o: Partial<OutboundReply> = {},
): OutboundReply => ({
  outboxId: ++outboxId,
  conversationExternalId,
  replyToExternalId,
  body,
  content: { markdown: body },
  idempotencyKey: `k${outboxId}`,
  queuedAt: ft.t.now,
  ...o,
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

describe('Reddit send', () => {
  it('a reply to a submission and to a comment: exactly one comment each, parent = target, receipt with permalink', async () => {
    const ctx = ctxOf();
    const post = sim.post({
      author: 'fjord_fan',
      title: 'Where is my order?',
      selftext: 'Order 1234',
    });
    const comment = sim.comment({ parent: post.name, author: 'kettle_kid', body: 'Same question' });
    const before = sim.replies().length;
    const r1 = await reddit.send(ctx, reply(post.name, null, 'We are on it.'));
    const r2 = await reddit.send(ctx, reply(post.name, comment.name, 'Checking yours too.'));
    const created = sim.replies().slice(before);
    expect(created.map((c) => [c.name, c.parentId, c.body])).toEqual([
      [r1.externalId, post.name, 'We are on it.'],
      [r2.externalId, comment.name, 'Checking yours too.'],
    ]);
    expect(r1.url).toBe(
      `${sim.url}/r/brandhelp/comments/${post.id}/where_is_my_order/${r1.externalId.slice(3)}/`,
    );
    expect(sim.requests().filter((r) => r.path === '/api/comment')).toHaveLength(2);
    const form = sim.requests().find((r) => r.path === '/api/comment')!.body;
    expect(form).toMatchObject({ api_type: 'json', thing_id: post.name, text: 'We are on it.' });
  });

  it('a private message chain: the reply answers the message (t4 thing_id)', async () => {
    const pm = sim.message({ from: 'nordlys', subject: 'Refund', body: 'Where is my refund?' });
    const r = await reddit.send(ctxOf(), reply(pm.name, pm.name, 'Refund sent today.'));
    const t = sim.thing(r.externalId)!;
    expect(t).toMatchObject({
      kind: 't4',
      parentId: pm.name,
      dest: 'nordlys',
      firstMessageName: pm.name,
      author: USER,
    });
  });

  it('modmail: the reply endpoint, public (not internal); receipt is the new message', async () => {
    const mm = sim.modmail({ from: 'pixel_pia', subject: 'Ban appeal', body: 'Please' });
    const r = await reddit.send(
      ctxOf(),
      reply(`modmail:${mm.conversationId}`, null, 'We have reviewed it.'),
    );
    const conv = sim.conversation(mm.conversationId)!;
    const last = conv.messages[conv.messages.length - 1]!;
    expect(r.externalId).toBe(`modmail:${mm.conversationId}:${last.id}`);
    expect(last).toMatchObject({
      author: USER,
      isMod: true,
      isInternal: false,
      markdown: 'We have reviewed it.',
    });
  });

  it('render: Reddit Markdown within 10,000 characters; too long is refused before any request', async () => {
    expect(
      reddit.render({
        markdown: 'See ![diagram](https://example.org/d.png) and <https://example.org>\r\n',
      }),
    ).toEqual({
      ok: true,
      text: 'See [diagram](https://example.org/d.png) and https://example.org',
    });
    expect(reddit.render({ markdown: '   ' })).toMatchObject({ ok: false, reason: 'empty' });
    expect(reddit.render({ markdown: 'x'.repeat(MAX_REPLY_LENGTH) })).toMatchObject({ ok: true });
    expect(reddit.render({ markdown: 'x'.repeat(MAX_REPLY_LENGTH + 1) })).toMatchObject({
      ok: false,
      reason: 'too_long',
    });
    const post = sim.post({ author: 'a', title: 'T', selftext: 'b' });
    sim.clearRequests();
    expect(
      await failure(reddit.send(ctxOf(), reply(post.name, null, 'y'.repeat(MAX_REPLY_LENGTH + 1)))),
    ).toMatchObject({ kind: 'permanent', reason: 'too_long' });
    expect(sim.requests().filter((r) => r.path === '/api/comment')).toEqual([]);
  });

  it('platform refusals in json.errors are permanent with the code (deleted parent, locked thread)', async () => {
    const ctx = ctxOf();
    const post = sim.post({ author: 'a', title: 'T', selftext: 'b' });
    const c = sim.comment({ parent: post.name, author: 'b', body: 'c' });
    sim.deleteByAuthor(c.name);
    const e1 = await failure(reddit.send(ctx, reply(post.name, c.name, 'hello')));
    expect(e1).toMatchObject({ kind: 'permanent', reason: 'platform_error' });
    expect(e1.message).toContain('DELETED_COMMENT');
    await reddit.moderate!(ctx, {
      kind: 'lock',
      conversationExternalId: post.name,
      messageExternalId: post.name,
      memberExternalId: null,
      reason: null,
      durationMinutes: null,
      idempotencyKey: 'l',
    });
    expect((await failure(reddit.send(ctx, reply(post.name, null, 'hello')))).message).toContain(
      'THREAD_LOCKED',
    );
  });
});

describe('Reddit reconciliation after an unknown outcome', () => {
  it('a lost response is unknown_outcome, and findSent finds the reply before any resend', async () => {
    const ctx = ctxOf();
    const post = sim.post({ author: 'a', title: 'Lost', selftext: 'b' });
    const r = reply(post.name, null, 'This reply  was\nposted.');
    sim.loseResponse({ path: '/api/comment' });
    expect(await failure(reddit.send(ctx, r))).toMatchObject({ kind: 'unknown_outcome' });
    const mine = sim.replies().filter((t) => t.parentId === post.name);
    expect(mine).toHaveLength(1);
    expect(await reddit.findSent(ctx, r)).toMatchObject({ externalId: mine[0]!.name });
  });

  it('findSent returns null when nothing was posted, ignores the same text to another target or before queuedAt', async () => {
    const ctx = ctxOf();
    const a = sim.post({ author: 'a', title: 'A', selftext: 'b' });
    const b = sim.post({ author: 'a', title: 'B', selftext: 'b' });
    await reddit.send(ctx, reply(b.name, null, 'Same words'));
    expect(await reddit.findSent(ctx, reply(a.name, null, 'Same words'))).toBeNull();
    ft.t.now += 10 * 60_000;
    expect(
      await reddit.findSent(ctx, reply(b.name, null, 'Same words', { queuedAt: ft.t.now })),
    ).toBeNull();
    const pm = sim.message({ from: 'x1', subject: 's', body: 'b' });
    expect(await reddit.findSent(ctx, reply(pm.name, pm.name, 'Not sent'))).toBeNull();
    const mm = sim.modmail({ from: 'x2', subject: 's', body: 'b' });
    expect(
      await reddit.findSent(ctx, reply(`modmail:${mm.conversationId}`, null, 'Not sent')),
    ).toBeNull();
  });

  type Fault =
    | 'none'
    | 'lose'
    | 'bad_gateway_after_apply'
    | 'server_error'
    | 'rate_limit_body'
    | 'too_many'
    | 'token_expired'
    | 'lose_find';
  const FAULTS: Fault[] = [
    'none',
    'lose',
    'bad_gateway_after_apply',
    'server_error',
    'rate_limit_body',
    'too_many',
    'token_expired',
    'lose_find',
  ];

  /** What the outbox does: send; on unknown_outcome reconcile with findSent before any resend; retry the rest. */
  async function deliver(r: OutboundReply, faults: Fault[]): Promise<string> {
    const ctx = ctxOf();
    let unknown = false;
    for (let attempt = 0; attempt < 40; attempt++) {
      const f = faults[attempt] ?? 'none';
      if (unknown) {
        if (f === 'lose_find') sim.failNext({ status: 503, method: 'GET' });
        try {
          const found = await reddit.findSent(ctx, r);
          if (found) return found.externalId;
          unknown = false;
        } catch (err) {
          if (!(err instanceof ConnectorError) || err.kind === 'permanent') throw err;
          continue;
        }
      }
      if (f === 'lose') sim.loseResponse({ path: /^\/api\/(comment|mod\/conversations\/\w+)$/ });
      if (f === 'bad_gateway_after_apply')
        sim.failNext({ status: 502, method: 'POST', afterApply: true });
      if (f === 'server_error') sim.failNext({ status: 500, method: 'POST' });
      if (f === 'rate_limit_body') sim.ratelimitNext({ seconds: 30 });
      if (f === 'too_many') sim.storm429({ times: 1, resetSec: 20 });
      if (f === 'token_expired') sim.expireTokens();
      try {
        return (await reddit.send(ctx, r)).externalId;
      } catch (err) {
        if (!(err instanceof ConnectorError)) throw err;
        if (err.kind === 'unknown_outcome') unknown = true;
        else if (err.kind === 'permanent') throw err;
      }
    }
    throw new Error('not delivered');
  }

  it('randomized fault sequences: every reply lands exactly once (0 duplicates, 0 losses)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...FAULTS), { maxLength: 6 }),
        fc.constantFrom('comment', 'pm', 'modmail'),
        async (faults, where) => {
          n++;
          const text = `Reply number ${n}: ${faults.join(',') || 'clean'}`;
          let r: OutboundReply;
          let count: () => number;
          if (where === 'modmail') {
            const mm = sim.modmail({ from: `m${n}`, subject: 'Q', body: 'q' });
            r = reply(`modmail:${mm.conversationId}`, null, text);
            count = () =>
              sim
                .conversation(mm.conversationId)!
                .messages.filter((m) => m.author === USER && m.markdown === text).length;
          } else if (where === 'pm') {
            const pm = sim.message({ from: `m${n}`, subject: 'Q', body: 'q' });
            r = reply(pm.name, pm.name, text);
            count = () =>
              sim.replies().filter((t) => t.parentId === pm.name && t.body === text).length;
          } else {
            const post = sim.post({ author: `m${n}`, title: `Q${n}`, selftext: 'q' });
            r = reply(post.name, null, text);
            count = () =>
              sim.replies().filter((t) => t.parentId === post.name && t.body === text).length;
          }
          const id = await deliver(r, faults);
          expect(count()).toBe(1);
          if (where !== 'modmail') expect(sim.thing(id)?.body).toBe(text);
        },
      ),
      { numRuns: 60, seed: 20261124 },
    );
  });
});

describe('Reddit moderation', () => {
  it('capabilities list exactly the actions moderate performs', () => {
    expect(reddit.capabilities.moderation).toEqual([
      'approve',
      'remove',
      'lock',
      'unlock',
      'ban',
      'unban',
    ]);
    expect(reddit.capabilities).toMatchObject({
      reply: true,
      push: false,
      replyFormat: 'markdown',
      maxReplyLength: 10_000,
    });
  });

  it('approve, remove with a reason (mod note + removal reason id), lock and unlock', async () => {
    const ctx = ctxOf();
    const post = sim.post({ author: 'spam_bot', title: 'Cheap deals', selftext: 'x' });
    const c = sim.comment({ parent: post.name, author: 'spam_bot', body: 'buy' });
    sim.report(c.name, 'Spam');
    const base = {
      conversationExternalId: post.name,
      memberExternalId: null,
      durationMinutes: null,
      idempotencyKey: 'm',
    };
    const n = sim.actions().length;
    await reddit.moderate!(ctx, {
      ...base,
      kind: 'approve',
      messageExternalId: post.name,
      reason: null,
    });
    const rm = await reddit.moderate!(ctx, {
      ...base,
      kind: 'remove',
      messageExternalId: c.name,
      reason: 'Rule 3: no advertising',
      meta: { removalReasonId: '110nhral8vygf' },
    });
    expect(rm.platformResponse).toContain('Rule 3');
    await reddit.moderate!(ctx, { ...base, kind: 'lock', messageExternalId: null, reason: null });
    await reddit.moderate!(ctx, { ...base, kind: 'unlock', messageExternalId: null, reason: null });
    expect(
      sim
        .actions()
        .slice(n)
        .map((a) => [a.action, a.target, a.details]),
    ).toEqual([
      ['approve', post.name, {}],
      ['remove', c.name, { spam: false }],
      [
        'removal_reason',
        c.name,
        { mod_note: 'Rule 3: no advertising', reason_id: '110nhral8vygf' },
      ],
      ['lock', post.name, {}],
      ['unlock', post.name, {}],
    ]);
    expect(sim.thing(c.name)).toMatchObject({ removed: true });
    const ctx2 = ctxOf();
    const r = await reddit.poll(ctx2, null);
    expect(r.items.find((i) => i.message.externalId === c.name)?.moderation).toBeUndefined(); // removed: out of the queue
  });

  it('ban with a duration (minutes -> days, 1..999) and reason, permanent ban, unban; the member from the item when meta lacks it', async () => {
    const ctx = ctxOf();
    const post = sim.post({
      author: 'troll_99',
      title: 'Rude',
      selftext: 'x',
      subreddit: 'brandnews',
    });
    const base = {
      conversationExternalId: post.name,
      messageExternalId: post.name,
      idempotencyKey: 'b',
    };
    const res = await reddit.moderate!(ctx, {
      ...base,
      kind: 'ban',
      memberExternalId: 'u:troll_99',
      reason: 'Harassment',
      durationMinutes: 3 * 1440 + 1,
      meta: { subreddit: 'brandnews' },
    });
    expect(res.platformResponse).toBe('banned u/troll_99 from r/brandnews for 4 days');
    expect(sim.bans('brandnews')).toEqual([
      {
        name: 'troll_99',
        subreddit: 'brandnews',
        days: 4,
        reason: 'Harassment',
        note: 'Harassment',
      },
    ]);
    // No meta: subreddit and author are read from the item (/api/info).
    await reddit.moderate!(ctx, {
      ...base,
      kind: 'ban',
      memberExternalId: null,
      reason: 'x'.repeat(150),
      durationMinutes: null,
    });
    expect(sim.bans('brandnews')[0]).toMatchObject({
      days: null,
      reason: 'x'.repeat(100),
      note: 'x'.repeat(150),
    });
    await reddit.moderate!(ctx, {
      ...base,
      kind: 'ban',
      memberExternalId: 'u:troll_99',
      reason: null,
      durationMinutes: 5_000 * 1440,
      meta: { subreddit: 'brandnews' },
    });
    expect(sim.bans('brandnews')[0]!.days).toBe(999);
    await reddit.moderate!(ctx, {
      ...base,
      kind: 'unban',
      memberExternalId: 'u:troll_99',
      reason: null,
      durationMinutes: null,
      meta: { subreddit: 'brandnews' },
    });
    expect(sim.bans('brandnews')).toEqual([]);
  });

  it('an action it does not perform, or without a target, is a clear permanent error', async () => {
    const ctx = ctxOf();
    const base = {
      conversationExternalId: 'modmail:abc',
      messageExternalId: null,
      memberExternalId: null,
      reason: null,
      durationMinutes: null,
      idempotencyKey: 'x',
    };
    expect(await failure(reddit.moderate!(ctx, { ...base, kind: 'timeout' }))).toMatchObject({
      kind: 'permanent',
      reason: 'config',
    });
    expect(await failure(reddit.moderate!(ctx, { ...base, kind: 'approve' }))).toMatchObject({
      kind: 'permanent',
      reason: 'config',
    });
    expect(
      await failure(
        reddit.moderate!(ctx, {
          ...base,
          kind: 'ban',
          memberExternalId: 'u:x',
          meta: { subreddit: 'a+b' },
        }),
      ),
    ).toMatchObject({ kind: 'permanent' });
  });
});
