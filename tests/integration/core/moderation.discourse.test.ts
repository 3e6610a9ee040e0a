// Discourse moderation through the contract against the Discourse simulator (Discourse's wire format):
// flagged and held posts from the review queue are filed by the real sync path as moderation items
// (the queue's Moderation filter), more flags update the same item; every action (approve, remove,
// lock, unlock, silence, suspend) runs end to end through `moderation.act`, is applied once, and after
// a lost response (unknown) is re-applied once with the forum's state right; a 429 is honoured; a
// refused action fails with its reason and without the API key.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiscourseSimulator, SimPost } from '../../../electron/demo/simulators/discourse';
import { makeCore, type TestCore } from '../../helpers/core';
import { API_KEY, API_USER, startForum } from '../../helpers/forum';

let sim: DiscourseSimulator;
let core: TestCore;
let clock: { t: number };
beforeEach(async () => {
  sim = await startForum('acme', 0);
  // The simulator judges silences and suspensions by its own time: the core's clock starts there too.
  clock = { t: Math.floor(Date.now() / 1000) * 1000 };
  core = await makeCore({ clock: { now: () => clock.t } });
});
afterEach(async () => {
  await core.close();
  await sim.close();
});

async function setup() {
  const client = await core.call('clients.create', { name: 'Acme', timezone: 'UTC' });
  const source = await core.call('sources.add', {
    clientId: client.id,
    platform: 'discourse',
    name: 'Acme Forum',
    baseUrl: sim.siteUrl('acme'),
    config: { apiUsername: API_USER },
    secrets: { apiKey: API_KEY },
  });
  await core.internals.sync.stop(); // polls are driven by hand (request counts are asserted)
  const poll = () => core.internals.sync.runOnce(source.id);
  return { client, source, poll };
}

const modQueue = () => core.call('queue.list', { kind: 'moderation' });
const actions = async (conversationId: number) =>
  (await core.call('moderation.list', { conversationId })).actions;
const requests = (method: string, re: RegExp) =>
  sim.requests('acme').filter((r) => r.method === method && re.test(r.path));
const applied = (kind: string) => sim.modActions('acme').filter((a) => a.kind === kind);

let post: SimPost;
async function flagged(o: { flags?: number } = {}) {
  const env = await setup();
  post = sim.addMemberPost('acme', {
    title: 'Cheap toner for every printer',
    raw: 'Best prices at toner.example!!!',
    username: 'tonerdeals',
  });
  for (let i = 0; i < (o.flags ?? 1); i++)
    sim.flagPost('acme', post.id, { type: 'spam', by: `flagger${i}` });
  await env.poll();
  const row = (await modQueue()).rows[0]!;
  return { ...env, row };
}
/** Runs the moderation sender; with `after` the clock moves past the retry's backoff first. */
async function drain(afterMs = 0) {
  clock.t += afterMs;
  await core.internals.moderation.drain();
}

describe('moderation items from the Discourse review queue', () => {
  it('a flagged post is filed once under the Moderation filter; more flags update it; a held post is filed as held', async () => {
    const { poll } = await setup();
    post = sim.addMemberPost('acme', {
      title: 'Printer jams every morning',
      raw: 'It jams daily.',
      username: 'maria_k',
    });
    await poll();
    expect((await modQueue()).total).toBe(0);
    expect((await core.call('queue.list', { kind: 'support' })).total).toBe(1);

    sim.flagPost('acme', post.id, { type: 'inappropriate', by: 'carla_m' });
    await poll();
    const q = await modQueue();
    expect(q.total).toBe(1);
    const detail = await core.call('conversations.get', { id: q.rows[0]!.id });
    expect(detail.moderation).toMatchObject({
      state: 'flagged',
      reasons: ['Inappropriate'],
      reportCount: 1,
    });
    expect(detail.messages.map((m) => m.externalId)).toEqual([String(post.id)]);

    await poll(); // nothing changed: nothing re-filed
    sim.flagPost('acme', post.id, { type: 'spam', by: 'sam_t' });
    clock.t += 60_000;
    await poll();
    expect((await modQueue()).total).toBe(1);
    const after = await core.call('conversations.get', { id: q.rows[0]!.id });
    expect(after.moderation!.reportCount).toBe(2);
    expect(after.moderation!.reasons).toEqual(['Inappropriate', 'Spam']);

    sim.queuePost('acme', {
      title: 'Admin password reset help',
      raw: 'How do I reset it?',
      username: 'newbie_jo',
    });
    await poll();
    const both = await modQueue();
    expect(both.total).toBe(2);
    const held = await Promise.all(
      both.rows.map((r) => core.call('conversations.get', { id: r.id })),
    );
    expect(held.map((d) => d.moderation!.state).sort()).toEqual(['flagged', 'held']);
    // The queue was read with its own part of the cursor: one /review.json per poll.
    expect(requests('GET', /^\/review\.json$/)).toHaveLength(5);
  });

  it('pages through a long queue, bounded per poll', async () => {
    const { poll } = await setup();
    for (let i = 0; i < 25; i++) {
      const p = sim.addMemberPost('acme', {
        title: `Spam topic number ${i}`,
        raw: `spam ${i}`,
        username: `promo${i}`,
      });
      sim.flagPost('acme', p.id);
    }
    await poll();
    expect((await modQueue()).total).toBe(25);
    expect(requests('GET', /^\/review\.json$/).map((r) => r.query)).toEqual([
      'status=pending',
      'status=pending&offset=10',
      'status=pending&offset=20',
    ]);
  });
});

describe('moderation actions on Discourse', () => {
  it('approve: the flags are rejected on the forum (disagree), applied once; the item is solved', async () => {
    const { row } = await flagged({ flags: 3 });
    expect(sim.posts('acme').find((p) => p.id === post.id)!.hidden).toBe(true);
    await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'approve',
      idempotencyKey: 'dq-approve-0001',
    });
    await drain();
    const [a] = await actions(row.id);
    expect(a).toMatchObject({ state: 'done', attempts: 1, error: null });
    expect(a!.platformResponse).toContain('disagree');
    expect(sim.reviewables('acme')[0]!.status).toBe(2);
    expect(sim.posts('acme').find((p) => p.id === post.id)!.hidden).toBe(false);
    expect(applied('perform').map((x) => x.detail)).toEqual(['disagree']);
    expect((await core.call('conversations.get', { id: row.id })).conversation.status).toBe(
      'solved',
    );
  });

  it('remove with a lost response: unknown, re-applied once (the settled review item is read back), the post deleted once', async () => {
    const { row } = await flagged();
    sim.failNext('acme', { status: 502, afterApply: true, method: 'PUT' });
    await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'remove',
      reason: 'Spam',
      idempotencyKey: 'dq-remove-0001',
    });
    await drain();
    expect((await actions(row.id))[0]).toMatchObject({ state: 'unknown' });
    expect(sim.posts('acme').find((p) => p.id === post.id)!.deleted_at).not.toBeNull();
    await drain(60_000);
    const [a] = await actions(row.id);
    expect(a).toMatchObject({ state: 'done', attempts: 2 });
    expect(a!.platformResponse).toMatch(/already/);
    expect(applied('perform').map((x) => x.detail)).toEqual(['delete_and_agree']);
    expect(requests('PUT', /perform/)).toHaveLength(1);
    expect(applied('delete_post')).toHaveLength(0);
    await drain(60_000);
    expect(sim.modActions('acme')).toHaveLength(1);
  });

  it('remove of a post outside the review queue: DELETE /posts/{id}.json; a lost response is re-applied as "already deleted"', async () => {
    const { poll } = await setup();
    post = sim.addMemberPost('acme', {
      title: 'Rude reply in the thread',
      raw: 'You are all idiots',
      username: 'grumpy',
    });
    await poll();
    const conv = (await core.call('queue.list', { kind: 'support' })).rows[0]!;
    const messageId = (await core.call('conversations.get', { id: conv.id })).messages[0]!.id;
    sim.failNext('acme', { status: 504, afterApply: true, method: 'DELETE' });
    await core.call('moderation.act', {
      conversationId: conv.id,
      messageId,
      kind: 'remove',
      reason: 'Rude',
      idempotencyKey: 'dq-delete-0001',
    });
    await drain();
    expect((await actions(conv.id))[0]!.state).toBe('unknown');
    await drain(60_000);
    const [a] = await actions(conv.id);
    expect(a).toMatchObject({
      state: 'done',
      attempts: 2,
      platformResponse: `post ${post.id} was already deleted`,
    });
    expect(applied('delete_post')).toHaveLength(1);
    expect(requests('DELETE', /^\/posts\//)).toHaveLength(2);
  });

  it('lock and unlock: the topic is closed and reopened once each, also after a lost response', async () => {
    const { row } = await flagged();
    sim.failNext('acme', { status: 502, afterApply: true, method: 'PUT' });
    await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'lock',
      idempotencyKey: 'dq-lock-000001',
    });
    await drain();
    expect((await actions(row.id))[0]!.state).toBe('unknown');
    await drain(60_000);
    expect((await actions(row.id))[0]).toMatchObject({ state: 'done', attempts: 2 });
    expect(sim.topics('acme').find((t) => t.id === post.topic_id)!.closed).toBe(true);
    expect(requests('PUT', /^\/t\/\d+\/status\.json$/).map((r) => r.body)).toEqual([
      { status: 'closed', enabled: 'true' },
      { status: 'closed', enabled: 'true' },
    ]);
    await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'unlock',
      idempotencyKey: 'dq-unlock-00001',
    });
    await drain();
    expect(sim.topics('acme').find((t) => t.id === post.topic_id)!.closed).toBe(false);
    expect(applied('topic_status').map((x) => x.detail)).toEqual(['closed=true', 'closed=false']);
  });

  it('silence and suspend with reason and end time; a lost response is re-applied once (409 already = done)', async () => {
    const { row } = await flagged();
    const member = sim.member('acme', 'tonerdeals')!;
    sim.failNext('acme', { status: 502, afterApply: true, method: 'PUT' });
    await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'silence',
      reason: 'Spamming links',
      durationMinutes: 60 * 24,
      idempotencyKey: 'dq-silence-0001',
    });
    await drain();
    expect((await actions(row.id))[0]!.state).toBe('unknown');
    await drain(60_000);
    let [a] = await actions(row.id);
    expect(a).toMatchObject({
      state: 'done',
      attempts: 2,
      platformResponse: `user ${member.id} was already silenced`,
    });
    expect(applied('silence')).toHaveLength(1);
    const sil = requests('PUT', /silence\.json$/);
    expect(sil).toHaveLength(2);
    expect(sil[0]!.path).toBe(`/admin/users/${member.id}/silence.json`);
    expect(sil[0]!.body).toMatchObject({
      reason: 'Spamming links',
      silenced_till: new Date(clock.t - 60_000 + 86_400_000).toISOString(),
    });
    expect(member.silenced_till).toBe(sil[0]!.body!.silenced_till);

    await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'suspend',
      reason: 'Repeated spam',
      durationMinutes: 60 * 24 * 7,
      idempotencyKey: 'dq-suspend-0001',
    });
    await drain();
    a = (await actions(row.id)).find((x) => x.kind === 'suspend')!;
    expect(a).toMatchObject({ state: 'done', attempts: 1 });
    expect(requests('PUT', /suspend\.json$/)[0]!.body).toMatchObject({
      reason: 'Repeated spam',
      suspend_until: new Date(clock.t + 7 * 86_400_000).toISOString(),
    });
    expect(member.suspended_till).not.toBeNull();
    expect(applied('suspend')).toHaveLength(1);
  });

  it('held posts: approve publishes the post once; remove rejects it', async () => {
    const { poll } = await setup();
    sim.queuePost('acme', {
      title: 'First post from a new member',
      raw: 'Hello, how do I export?',
      username: 'newbie_jo',
    });
    sim.queuePost('acme', {
      title: 'Buy cheap followers today',
      raw: 'followers.example',
      username: 'promo9',
    });
    await poll();
    const rows = (await modQueue()).rows;
    const byTitle = (t: string) => rows.find((r) => r.title.startsWith(t))!;
    sim.failNext('acme', { status: 502, afterApply: true, method: 'PUT' });
    await core.call('moderation.act', {
      conversationId: byTitle('First post').id,
      kind: 'approve',
      idempotencyKey: 'dq-approve-q01',
    });
    await core.call('moderation.act', {
      conversationId: byTitle('Buy cheap').id,
      kind: 'remove',
      reason: 'spam',
      idempotencyKey: 'dq-remove-q001',
    });
    await drain();
    await drain(60_000);
    expect((await actions(byTitle('First post').id))[0]).toMatchObject({
      state: 'done',
      attempts: 2,
    });
    expect((await actions(byTitle('Buy cheap').id))[0]).toMatchObject({
      state: 'done',
      attempts: 1,
    });
    expect(sim.posts('acme').filter((p) => p.raw === 'Hello, how do I export?')).toHaveLength(1);
    expect(sim.reviewables('acme').map((r) => r.status)).toEqual([1, 2]);
    expect(
      applied('perform')
        .map((x) => x.detail)
        .sort(),
    ).toEqual(['approve_post', 'reject_post']);
  });

  it('a 429 is honoured: nothing is sent before the advertised wait, then the action is applied once', async () => {
    const { row } = await flagged();
    sim.failNext('acme', { status: 429, retryAfterSec: 30, method: 'PUT' });
    await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'lock',
      idempotencyKey: 'dq-429-0000001',
    });
    await drain();
    expect((await actions(row.id))[0]).toMatchObject({
      state: 'queued',
      error: 'Rate limited; will retry',
    });
    const sent = requests('PUT', /status\.json$/).length;
    await drain(20_000);
    expect(requests('PUT', /status\.json$/)).toHaveLength(sent);
    await drain(11_000);
    expect((await actions(row.id))[0]).toMatchObject({ state: 'done' });
    expect(applied('topic_status')).toHaveLength(1);
  });

  it('refused or impossible actions fail with a reason, never with the key; settled-by-someone-else is not overwritten', async () => {
    const { row } = await flagged();
    // A colleague kept the post and agreed with the flag on the forum itself.
    const r = sim.reviewables('acme')[0]!;
    r.status = 1;
    await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'approve',
      idempotencyKey: 'dq-settled-001',
    });
    sim.failNext('acme', { status: 403, method: 'PUT' });
    await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'lock',
      idempotencyKey: 'dq-refused-001',
    });
    await drain();
    const list = await actions(row.id);
    const approve = list.find((x) => x.kind === 'approve')!;
    expect(approve).toMatchObject({ state: 'failed' });
    expect(approve.error).toMatch(/already settled on the forum \(approved\)/);
    const lock = list.find((x) => x.kind === 'lock')!;
    expect(lock.state).toBe('failed');
    expect(lock.error).toMatch(/HTTP 403/);
    for (const x of list) expect(x.error ?? '').not.toContain(API_KEY);
    expect(sim.modActions('acme')).toHaveLength(0);
    const bad = await core.dispatch('moderation.act', {
      conversationId: row.id,
      kind: 'ban',
      reason: 'spam',
      idempotencyKey: 'dq-ban-0000001',
    });
    expect(bad.ok === false && bad.error.message).toMatch(/cannot ban/);
  });
});
