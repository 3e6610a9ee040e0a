// Discourse replies: send() and the reconciliation after an unknown outcome (findSent), against the
// local Discourse simulator and scripted responses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discourseConnector, FIND_SENT_SKEW_MS } from '../../../electron/core/connectors/discourse';
import { ConnectorError, type OutboundReply } from '../../../electron/core/connectors/types';
import {
  startDiscourseSimulator,
  type DiscourseSimulator,
  type SimPost,
} from '../../../electron/demo/simulators/discourse';
import { fixture, json, KEY, scriptedCtx, simCtx, USER } from './helpers';

let sim: DiscourseSimulator;
let topic: SimPost;
beforeEach(async () => {
  sim = await startDiscourseSimulator({ seed: 11 });
  sim.addSite({ slug: 'acme', apiKey: KEY, apiUsername: USER, title: 'Acme Forum' });
  topic = sim.addMemberPost('acme', {
    title: 'Where is my parcel? Tracking stuck',
    raw: 'Tracking has not moved for a week.',
    username: 'maria_k',
  });
});
afterEach(async () => {
  await sim.close();
});

let seq = 0;
const reply = (o: Partial<OutboundReply> = {}): OutboundReply => ({
  outboxId: ++seq,
  conversationExternalId: String(topic.topic_id),
  replyToExternalId: null,
  body: 'Thanks for waiting! The carrier confirmed it will arrive tomorrow.',
  idempotencyKey: `key-${seq}`,
  queuedAt: Date.now(),
  ...o,
});
const posts = () =>
  sim.requests('acme').filter((r) => r.method === 'POST' && r.path === '/posts.json');
const ours = () => sim.posts('acme').filter((p) => p.username === USER);
const errorOf = async (p: Promise<unknown>): Promise<ConnectorError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
};

describe('send', () => {
  it('posts the raw body once, as JSON with the admin headers, and returns the created post as receipt', async () => {
    const r = reply({
      replyToExternalId: '9001',
      replyToMeta: { postNumber: 1 },
      body: 'Hi Maria,\n\nthe parcel is on its way. **Tracking**: [here](https://track.example/1)',
    });
    const receipt = await discourseConnector.send(simCtx(sim, 'acme'), r);
    expect(posts()).toHaveLength(1);
    const req = posts()[0]!;
    expect(req.body).toEqual({ topic_id: topic.topic_id, raw: r.body, reply_to_post_number: 1 });
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.headers.accept).toBe('application/json');
    expect(req.apiUsername).toBe(USER);
    expect(req.headers['api-key']).toBeUndefined();
    const created = ours();
    expect(created).toHaveLength(1);
    expect(created[0]!.raw).toBe(r.body);
    expect(created[0]!.reply_to_post_number).toBe(1);
    expect(receipt).toEqual({
      externalId: String(created[0]!.id),
      url: `${sim.siteUrl('acme')}/t/where-is-my-parcel-tracking-stuck/${topic.topic_id}/2`,
      createdAt: Date.parse(created[0]!.created_at),
    });
  });

  it("a 422 (body too short) is permanent with Discourse's own message, nothing posted", async () => {
    sim.setMinPostLength('acme', 20);
    const err = await errorOf(
      discourseConnector.send(simCtx(sim, 'acme'), reply({ body: 'Thanks!' })),
    );
    expect(err).toMatchObject({ kind: 'permanent', status: 422 });
    expect(err.message).toContain('Body is too short (minimum is 20 characters)');
    expect(ours()).toHaveLength(0);
  });

  it('a reply to a closed or missing topic is permanent', async () => {
    sim.closeTopic('acme', topic.topic_id);
    expect(
      (await errorOf(discourseConnector.send(simCtx(sim, 'acme'), reply()))).message,
    ).toContain('This topic is closed for new replies.');
    expect(
      (
        await errorOf(
          discourseConnector.send(simCtx(sim, 'acme'), reply({ conversationExternalId: '999999' })),
        )
      ).kind,
    ).toBe('permanent');
    expect(
      (
        await errorOf(
          discourseConnector.send(simCtx(sim, 'acme'), reply({ conversationExternalId: 'abc' })),
        )
      ).kind,
    ).toBe('permanent');
  });

  it('the response lost after the post was applied is an unknown outcome; findSent then finds it, no second POST', async () => {
    sim.hangAfterApply('acme');
    const r = reply();
    const ctx = simCtx(sim, 'acme');
    const err = await errorOf(discourseConnector.send(ctx, r));
    expect(err.kind).toBe('unknown_outcome');
    expect(ours()).toHaveLength(1);
    const found = await discourseConnector.findSent(ctx, r);
    expect(found).toEqual({
      externalId: String(ours()[0]!.id),
      url: `${sim.siteUrl('acme')}/t/where-is-my-parcel-tracking-stuck/${topic.topic_id}/2`,
      createdAt: Date.parse(ours()[0]!.created_at),
    });
    expect(posts()).toHaveLength(1);
  });

  it('a POST that times out while the server holds the response is an unknown outcome (then found)', async () => {
    sim.hangAfterApply('acme', { hold: true });
    const ctx = simCtx(sim, 'acme', { config: { requestTimeoutMs: 300 } });
    const r = reply();
    const started = Date.now();
    const err = await errorOf(discourseConnector.send(ctx, r));
    expect(err.kind).toBe('unknown_outcome');
    expect(err.message).toMatch(/timeout|TimeoutError/i);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await discourseConnector.findSent(ctx, r))?.externalId).toBe(String(ours()[0]!.id));
  });

  it('any 5xx to a post is an unknown outcome: a 502 after the post was applied is found; after a 503 before it nothing is', async () => {
    sim.failNext('acme', { status: 502, afterApply: true, method: 'POST' });
    const ctx = simCtx(sim, 'acme');
    const r = reply();
    expect((await errorOf(discourseConnector.send(ctx, r))).kind).toBe('unknown_outcome');
    expect(await discourseConnector.findSent(ctx, r)).not.toBeNull();
    sim.failNext('acme', { status: 503, method: 'POST' });
    const r2 = reply({ body: 'A second, different answer for the member.' });
    expect((await errorOf(discourseConnector.send(ctx, r2))).kind).toBe('unknown_outcome');
    expect(await discourseConnector.findSent(ctx, r2)).toBeNull();
    expect(ours().map((p) => p.raw)).toEqual([r.body]);
    sim.failNext('acme', { status: 500, afterApply: true, method: 'POST' });
    const r3 = reply({ body: 'A third answer, committed before the server failed.' });
    expect((await errorOf(discourseConnector.send(ctx, r3))).kind).toBe('unknown_outcome');
    expect(await discourseConnector.findSent(ctx, r3)).not.toBeNull();
  });

  it('a refused connection on POST is transient (nothing was sent); a 429 is rate_limited', async () => {
    const refused = scriptedCtx([]);
    expect((await errorOf(discourseConnector.send(refused, reply()))).kind).toBe('transient');
    sim.failNext('acme', { status: 429, retryAfterSec: 3, method: 'POST' });
    expect(await errorOf(discourseConnector.send(simCtx(sim, 'acme'), reply()))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 3000,
    });
    expect(ours()).toHaveLength(0);
  });

  it('a post queued for approval (action "enqueued") is permanent: a resend would queue a copy', async () => {
    const c = scriptedCtx([json(fixture('post_enqueued.json'))]);
    const err = await errorOf(discourseConnector.send(c, reply({ conversationExternalId: '512' })));
    expect(err.kind).toBe('permanent');
    expect(err.message).toContain('approval');
  });

  it('Discourse error bodies are permanent: 401 a fixed message with the status, 422 (a refused post) with its text', async () => {
    const e401 = await errorOf(
      discourseConnector.send(
        scriptedCtx([json(fixture('invalid_access.json'), 401)]),
        reply({ conversationExternalId: '512' }),
      ),
    );
    expect(e401).toMatchObject({ kind: 'permanent', status: 401 });
    expect(e401.message).toBe('Discourse refused the API key or username (HTTP 401)');
    const e422 = await errorOf(
      discourseConnector.send(
        scriptedCtx([json(fixture('create_post_too_short.json'), 422)]),
        reply({ conversationExternalId: '512' }),
      ),
    );
    expect(e422).toMatchObject({ kind: 'permanent', status: 422 });
    expect(e422.message).toContain('Body is too short (minimum is 20 characters)');
  });

  it('parses the recorded shape of a created post into the receipt', async () => {
    const c = scriptedCtx([json(fixture('post_created.json'))]);
    expect(await discourseConnector.send(c, reply({ conversationExternalId: '512' }))).toEqual({
      externalId: '7004',
      url: 'https://forum.example/t/invoice-address/512/4',
      createdAt: Date.parse('2026-10-04T11:22:33.444Z'),
    });
    expect(JSON.parse(String(c.calls[0]!.init!.body))).toEqual({
      topic_id: 512,
      raw: reply().body,
    });
    expect(c.calls[0]!.init!.method).toBe('POST');
  });

  it('an empty reply is refused before any request', async () => {
    const c = scriptedCtx([]);
    expect((await errorOf(discourseConnector.send(c, reply({ body: '  \n ' })))).kind).toBe(
      'permanent',
    );
    expect(c.calls).toHaveLength(0);
  });
});

describe('findSent', () => {
  it('returns null when the reply is not on the forum (the whole recent window was read)', async () => {
    for (let i = 0; i < 45; i++)
      sim.addMemberPost('acme', {
        topicId: topic.topic_id,
        raw: `Me too (${i})`,
        username: `m${i}`,
      });
    const r = reply();
    expect(await discourseConnector.findSent(simCtx(sim, 'acme'), r)).toBeNull();
    const reads = sim.requests('acme').filter((q) => q.path === `/t/${topic.topic_id}/posts.json`);
    // 46 posts: 20 inline, 26 fetched by id in chunks of 20 from the end.
    expect(reads).toHaveLength(2);
    expect(reads[0]!.query.split('&').every((kv) => kv.startsWith('post_ids%5B%5D='))).toBe(true);
  });

  it('finds our post beyond the first 20 inline posts, reading its raw from /posts/{id}.json', async () => {
    for (let i = 0; i < 30; i++)
      sim.addMemberPost('acme', {
        topicId: topic.topic_id,
        raw: `Same here (${i})`,
        username: `m${i}`,
      });
    const r = reply({ body: 'Fixed:\n\n- step **one**\n- step two' });
    const receipt = await discourseConnector.send(simCtx(sim, 'acme'), r);
    sim.addMemberPost('acme', { topicId: topic.topic_id, raw: 'Thanks!', username: 'maria_k' });
    sim.clearRequests('acme');
    // Whitespace differences do not matter; the Markdown is compared as written.
    const found = await discourseConnector.findSent(simCtx(sim, 'acme'), {
      ...r,
      body: 'Fixed:\n- step **one**\n- step two  ',
    });
    expect(found?.externalId).toBe(receipt.externalId);
    expect(sim.requests('acme').map((q) => q.path)).toEqual([
      `/t/${topic.topic_id}.json`,
      `/t/${topic.topic_id}/posts.json`,
      `/posts/${receipt.externalId}.json`,
    ]);
  });

  it('ignores the same text by someone else, our other replies, and our identical reply from before the window', async () => {
    const body = 'We have refunded the second charge.';
    sim.addMemberPost('acme', { topicId: topic.topic_id, raw: body, username: 'copycat' });
    sim.addMemberPost('acme', {
      topicId: topic.topic_id,
      raw: 'A different answer from us.',
      username: USER,
    });
    sim.addMemberPost('acme', {
      topicId: topic.topic_id,
      raw: body,
      username: USER,
      createdAt: new Date(Date.now() - FIND_SENT_SKEW_MS - 60_000),
    });
    expect(await discourseConnector.findSent(simCtx(sim, 'acme'), reply({ body }))).toBeNull();
    // Within the skew allowance (clocks differ) it counts.
    const recent = sim.addMemberPost('acme', {
      topicId: topic.topic_id,
      raw: body,
      username: USER,
      createdAt: new Date(Date.now() - FIND_SENT_SKEW_MS + 20_000),
    });
    expect(
      (await discourseConnector.findSent(simCtx(sim, 'acme'), reply({ body })))?.externalId,
    ).toBe(String(recent.id));
  });

  it('stops reading at posts older than the window instead of walking the whole topic', async () => {
    const old = new Date(Date.now() - 3600_000);
    for (let i = 0; i < 100; i++)
      sim.addMemberPost('acme', {
        topicId: topic.topic_id,
        raw: `Old post ${i}`,
        username: `o${i}`,
        createdAt: old,
      });
    sim.addMemberPost('acme', { topicId: topic.topic_id, raw: 'New post', username: 'n' });
    sim.clearRequests('acme');
    expect(await discourseConnector.findSent(simCtx(sim, 'acme'), reply())).toBeNull();
    expect(sim.requests('acme').filter((q) => q.path.endsWith('/posts.json'))).toHaveLength(1);
  });

  it('throws (instead of answering null) when the recent window is too long to read completely', async () => {
    const now = new Date().toISOString();
    const stream = Array.from({ length: 600 }, (_, i) => 10_000 + i);
    const post = (id: number) => ({
      id,
      topic_id: 512,
      post_number: id - 9999,
      post_type: 1,
      username: `m${id}`,
      created_at: now,
      cooked: '<p>hi</p>',
    });
    const c = scriptedCtx(({ url }) => {
      const u = new URL(url);
      if (u.pathname === '/t/512.json')
        return json({
          id: 512,
          title: 'Busy',
          post_stream: { posts: stream.slice(0, 20).map(post), stream },
        });
      return json({
        id: 512,
        post_stream: { posts: u.searchParams.getAll('post_ids[]').map((x) => post(Number(x))) },
      });
    });
    const err = await errorOf(
      discourseConnector.findSent(c, reply({ conversationExternalId: '512' })),
    );
    expect(err.kind).toBe('transient');
  });

  it('a topic that cannot be read is an error, not "not posted"', async () => {
    sim.down('acme');
    expect((await errorOf(discourseConnector.findSent(simCtx(sim, 'acme'), reply()))).kind).toBe(
      'transient',
    );
    sim.down('acme', false);
    expect(
      (
        await errorOf(
          discourseConnector.findSent(
            simCtx(sim, 'acme'),
            reply({ conversationExternalId: '424242' }),
          ),
        )
      ).status,
    ).toBe(404);
  });
});
