// Moderation through the contract against the Reddit simulator (its real wire format): reported items
// polled by the real sync path file moderation items in the queue (Moderation filter), a re-delivery
// with new reports and the same version updates them, an action is queued as a durable row with its
// audit event, executed once (done, the platform's response stored), a lost response becomes unknown
// and the re-apply leaves one removal on the platform; counts per client and kind; time_to_action.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RedditSimulator } from '../../../electron/demo/simulators/reddit';
import { makeCore, type TestCore } from '../../helpers/core';
import { CLIENT_ID, CLIENT_SECRET, PASSWORD, startSim, USER } from '../connectors/reddit.helpers';

let sim: RedditSimulator;
let core: TestCore;
let clock: { t: number };
beforeEach(async () => {
  sim = await startSim();
  clock = { t: Date.UTC(2026, 10, 24, 10, 0, 0) };
  core = await makeCore({ clock: { now: () => clock.t } });
});
afterEach(async () => {
  await core.close();
  await sim.close();
});

async function setup(o: { timeToActionMinutes?: number } = {}) {
  const client = await core.call('clients.create', { name: 'Brand', timezone: 'UTC' });
  if (o.timeToActionMinutes) {
    await core.call('sla.savePolicy', {
      clientId: client.id,
      policy: {
        name: 'Moderation',
        targets: {
          time_to_action: { normal: { minutes: o.timeToActionMinutes, mode: 'calendar' } },
          first_reply: { normal: { minutes: 60, mode: 'calendar' } },
        },
      },
    });
  }
  const source = await core.call('sources.add', {
    clientId: client.id,
    platform: 'reddit',
    name: 'r/brandhelp',
    baseUrl: sim.url,
    config: { authMode: 'script', subreddits: ['brandhelp'] },
    secrets: {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      username: USER,
      password: PASSWORD,
    },
  });
  const poll = () => core.internals.sync.runOnce(source.id);
  return { client, source, poll };
}

const modQueue = () => core.call('queue.list', { kind: 'moderation' });
const supportQueue = () => core.call('queue.list', { kind: 'support' });

describe('moderation items from Reddit', () => {
  it('a reported post is filed once in the Moderation queue; a re-delivery with more reports (same version) updates it', async () => {
    const { poll } = await setup();
    const post = sim.post({
      subreddit: 'brandhelp',
      author: 'member1',
      title: 'Cheap watches here',
      selftext: 'visit scam.example',
    });
    const comment = sim.comment({ parent: post.name, author: 'member2', body: 'Is this legit?' });
    await poll();
    expect((await modQueue()).total).toBe(0);
    const support = await supportQueue();
    expect(support.rows.map((r) => r.kind)).toEqual(['support']);
    // v2 fields: message meta and the reply target are stored.
    const thread = await core.call('conversations.get', { id: support.rows[0]!.id });
    expect(thread.moderation).toBeNull();
    const c = thread.messages.find((m) => m.externalId === comment.name)!;
    expect(c.replyToExternalId).toBe(post.name);
    expect(
      core.internals.repos.messages.metaByExternal(thread.source.id, comment.name),
    ).toMatchObject({ fullname: comment.name, subreddit: 'brandhelp' });

    sim.report(post.name, 'Spam');
    await poll();
    const q = await modQueue();
    expect(q.total).toBe(1);
    const row = q.rows[0]!;
    expect(row).toMatchObject({ kind: 'moderation', status: 'new' });
    const detail = await core.call('conversations.get', { id: row.id });
    expect(detail.moderation).toMatchObject({
      state: 'reported',
      reasons: ['Spam'],
      reportCount: 1,
      actionedAt: null,
    });
    expect(detail.messages.map((m) => m.externalId)).toEqual([post.name]);
    // All = both kinds; the support conversation is still there.
    expect((await core.call('queue.list', {})).total).toBe(2);

    sim.report(post.name, 'Harassment', { count: 2 });
    clock.t += 60_000;
    await poll();
    const again = await modQueue();
    expect(again.total).toBe(1);
    const after = await core.call('conversations.get', { id: row.id });
    expect(after.moderation!.reportCount).toBe(3);
    expect(after.moderation!.reasons).toEqual(expect.arrayContaining(['Spam', 'Harassment']));
    expect(Date.parse(after.moderation!.updatedAt)).toBeGreaterThan(
      Date.parse(after.moderation!.filedAt),
    );
  });

  it('remove with a reason: one durable action + audit event, executed once, done with the platform response; the item is solved', async () => {
    const { client, poll } = await setup();
    const post = sim.post({
      subreddit: 'brandhelp',
      author: 'member1',
      title: 'Buy followers',
      selftext: 'cheap',
    });
    sim.report(post.name, 'Spam');
    await poll();
    const row = (await modQueue()).rows[0]!;
    const bad = await core.dispatch('moderation.act', {
      conversationId: row.id,
      kind: 'remove',
      idempotencyKey: 'key-remove-0001',
    });
    expect(bad.ok).toBe(false); // a reason is required to remove
    const timeout = await core.dispatch('moderation.act', {
      conversationId: row.id,
      kind: 'timeout',
      durationMinutes: 10,
      idempotencyKey: 'key-timeout-001',
    });
    expect(timeout.ok === false && timeout.error.message).toMatch(/cannot timeout/);

    const action = await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'remove',
      reason: 'Rule 2: no spam',
      idempotencyKey: 'key-remove-0002',
    });
    expect(action).toMatchObject({
      kind: 'remove',
      state: 'queued',
      reason: 'Rule 2: no spam',
      actorName: 'Test Agent',
    });
    // The same key again is the same action, not a second one.
    expect(
      (
        await core.call('moderation.act', {
          conversationId: row.id,
          kind: 'remove',
          reason: 'Rule 2: no spam',
          idempotencyKey: 'key-remove-0002',
        })
      ).id,
    ).toBe(action.id);
    await core.internals.moderation.drain();

    const list = await core.call('moderation.list', { conversationId: row.id });
    expect(list.actions).toHaveLength(1);
    expect(list.actions[0]).toMatchObject({ state: 'done', attempts: 1, error: null });
    expect(list.actions[0]!.platformResponse).toContain(post.name);
    expect(list.item!.actionedAt).not.toBeNull();
    expect(sim.thing(post.name)!.removed).toBe(true);
    expect(sim.actions().filter((a) => a.action === 'remove')).toHaveLength(1);
    expect((await core.call('conversations.get', { id: row.id })).conversation.status).toBe(
      'solved',
    );
    const audit = await core.call('audit.list', {
      entity: 'conversation',
      entityId: String(row.id),
    });
    const act = audit.find((e) => e.action === 'moderation.act')!;
    expect(act).toMatchObject({
      actor: 'Test Agent',
      data: { kind: 'remove', reason: 'Rule 2: no spam' },
    });
    expect(audit.find((e) => e.action === 'moderation.result')!.data).toMatchObject({
      outcome: 'done',
      kind: 'remove',
    });

    const from = new Date(clock.t - 3600_000).toISOString();
    const to = new Date(clock.t + 3600_000).toISOString();
    expect(await core.call('moderation.counts', { from, to })).toEqual([
      { clientId: client.id, kind: 'remove', count: 1 },
    ]);
    expect(await core.call('moderation.counts', { clientId: client.id + 1, from, to })).toEqual([]);
  });

  it('a lost response: unknown, retried once (idempotent re-apply), one removal on Reddit, counted once', async () => {
    const { client, poll } = await setup();
    const post = sim.post({
      subreddit: 'brandhelp',
      author: 'member1',
      title: 'Spam again',
      selftext: 'x',
    });
    sim.report(post.name, 'Spam');
    await poll();
    const row = (await modQueue()).rows[0]!;
    sim.loseResponse({ times: 1, path: '/api/remove' });
    await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'remove',
      reason: 'spam',
      idempotencyKey: 'key-lost-00001',
    });
    await core.internals.moderation.drain();
    let a = (await core.call('moderation.list', { conversationId: row.id })).actions[0]!;
    expect(a.state).toBe('unknown');
    expect(sim.thing(post.name)!.removed).toBe(true); // applied; the answer was lost
    clock.t += 60_000; // past the retry's backoff
    await core.internals.moderation.drain();
    a = (await core.call('moderation.list', { conversationId: row.id })).actions[0]!;
    expect(a).toMatchObject({ state: 'done', attempts: 2 });
    const removes = sim.requests().filter((r) => r.path === '/api/remove');
    expect(removes).toHaveLength(2); // the retry, and nothing more
    expect(sim.thing(post.name)).toMatchObject({ removed: true, approved: false });
    await core.internals.moderation.drain();
    expect(sim.requests().filter((r) => r.path === '/api/remove')).toHaveLength(2);
    const counts = await core.call('moderation.counts', {
      from: new Date(clock.t - 3600_000).toISOString(),
      to: new Date(clock.t + 3600_000).toISOString(),
    });
    expect(counts).toEqual([{ clientId: client.id, kind: 'remove', count: 1 }]);
  });

  it('a refused action fails with the reason and can be retried', async () => {
    const { poll } = await setup();
    const post = sim.post({
      subreddit: 'brandhelp',
      author: 'member1',
      title: 'Off-topic',
      selftext: 'x',
    });
    sim.report(post.name, 'Off-topic');
    await poll();
    const row = (await modQueue()).rows[0]!;
    sim.failNext({ status: 403, path: '/api/approve' });
    const a = await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'approve',
      idempotencyKey: 'key-approve-01',
    });
    await core.internals.moderation.drain();
    const failed = (await core.call('moderation.list', { conversationId: row.id })).actions[0]!;
    expect(failed.state).toBe('failed');
    expect(failed.error).toBeTruthy();
    expect(failed.error).not.toContain(CLIENT_SECRET);
    await core.call('moderation.retry', { actionId: a.id });
    await core.internals.moderation.drain();
    expect((await core.call('moderation.list', { conversationId: row.id })).actions[0]!.state).toBe(
      'done',
    );
    expect(sim.thing(post.name)!.approved).toBe(true);
  });

  it('time_to_action: starts when the item is filed, fulfilled by the first action done; shown in the clocks and the report', async () => {
    const { client, poll } = await setup({ timeToActionMinutes: 30 });
    const post = sim.post({
      subreddit: 'brandhelp',
      author: 'member1',
      title: 'Flag me',
      selftext: 'x',
    });
    sim.report(post.name, 'Spam');
    const filedAt = clock.t;
    await poll();
    const row = (await modQueue()).rows[0]!;
    expect(Date.parse(row.dueAt!)).toBe(filedAt + 30 * 60_000);
    let clocks = await core.call('sla.clocks', { conversationId: row.id });
    expect(clocks.map((c) => c.metric)).toEqual(['time_to_action']);
    expect(clocks[0]).toMatchObject({ status: 'running', breached: false });
    clock.t += 12 * 60_000;
    await core.call('moderation.act', {
      conversationId: row.id,
      kind: 'lock',
      idempotencyKey: 'key-lock-00001',
    });
    await core.internals.moderation.drain();
    clocks = await core.call('sla.clocks', { conversationId: row.id });
    expect(clocks[0]).toMatchObject({
      metric: 'time_to_action',
      status: 'fulfilled',
      breached: false,
    });
    expect(clocks[0]!.elapsedMinutes).toBeCloseTo(12, 5);
    const report = await core.call('sla.report', {
      clientId: client.id,
      from: new Date(filedAt - 3600_000).toISOString(),
      to: new Date(clock.t + 3600_000).toISOString(),
    });
    expect(report.find((m) => m.metric === 'time_to_action')).toMatchObject({
      met: 1,
      breached: 0,
    });
    // The support conversation got support clocks only.
    const support = (await supportQueue()).rows[0]!;
    expect(
      (await core.call('sla.clocks', { conversationId: support.id })).map((c) => c.metric),
    ).not.toContain('time_to_action');
  });

  it('a reply answers the latest member message by default (OutboundReply.replyToExternalId with its stored meta)', async () => {
    const { poll } = await setup();
    const post = sim.post({
      subreddit: 'brandhelp',
      author: 'member1',
      title: 'Login trouble',
      selftext: 'I cannot log in',
    });
    const comment = sim.comment({
      parent: post.name,
      author: 'member1',
      body: 'Still broken after reset',
    });
    await poll();
    const conv = (await supportQueue()).rows[0]!;
    await core.call('replies.send', {
      conversationId: conv.id,
      body: 'We are looking into it.',
      idempotencyKey: 'reply-key-0001',
    });
    await core.internals.outbox.drain();
    const ours = sim.replies();
    expect(ours).toHaveLength(1);
    expect(ours[0]!.parentId).toBe(comment.name);
  });
});
