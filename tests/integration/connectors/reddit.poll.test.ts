// Reddit polling against the simulator: first sync, incremental polls, ties within a second, forward
// catch-up paging with `before` after a backlog, vanished anchors, the mod queue, modmail, malformed
// items quarantined while the rest is delivered, cursor round trips.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PAGE_LIMIT,
  redditConnector as reddit,
  type RedditCursor,
} from '../../../electron/core/connectors/reddit';
import type { PollResult } from '../../../electron/core/connectors/types';
import type { RedditSimulator } from '../../../electron/demo/simulators/reddit';
import { simCtx, startSim, USER } from './reddit.helpers';

let sim: RedditSimulator;
beforeEach(async () => {
  sim = await startSim();
});
afterEach(async () => {
  await sim.close();
});

const ids = (r: PollResult) => r.items.map((i) => i.message.externalId);
/** Polls until `more` is false (bounded), collecting every item. */
async function drain(ctx: ReturnType<typeof simCtx>, cursor: unknown, max = 50) {
  const all: string[] = [];
  let c = cursor;
  for (let n = 0; n < max; n++) {
    const r = await reddit.poll(ctx, c);
    all.push(...ids(r));
    c = JSON.parse(JSON.stringify(r.cursor)); // the core stores it as JSON
    if (!r.more) return { all, cursor: c, polls: n + 1 };
  }
  throw new Error('poll never finished');
}

describe('Reddit poll: streams', () => {
  it('first sync delivers posts, comments, inbox, mod queue and modmail; the next quiet poll delivers nothing', async () => {
    const post = sim.post({
      author: 'fjord_fan',
      title: 'Lid is stuck',
      selftext: 'How do I open it?',
    });
    const comment = sim.comment({ parent: post.name, author: 'kettle_kid', body: 'Twist left.' });
    const pm = sim.message({ from: 'nordlys', subject: 'Refund', body: 'Where is my refund?' });
    const mm = sim.modmail({ from: 'pixel_pia', subject: 'Ban appeal', body: 'Please unban me' });
    const ctx = simCtx(sim);
    const first = await reddit.poll(ctx, null);
    expect(new Set(ids(first))).toEqual(
      new Set([post.name, comment.name, pm.name, `modmail:${mm.conversationId}:${mm.messageId}`]),
    );
    expect(first.more).toBe(false);
    const cur = first.cursor as RedditCursor;
    expect(cur.me).toBe(USER);
    expect(cur.posts?.anchors[0]).toBe(post.name);

    sim.clearRequests();
    const second = await reddit.poll(ctx, JSON.parse(JSON.stringify(first.cursor)));
    expect(second.items).toEqual([]);
    // One request per stream on a quiet poll: inbox, posts, comments, modqueue, modmail list.
    expect(sim.requests().map((r) => r.path)).toEqual([
      '/message/inbox',
      '/r/brandhelp+brandnews/new',
      '/r/brandhelp+brandnews/comments',
      '/r/brandhelp+brandnews/about/modqueue',
      '/api/mod/conversations',
    ]);
  });

  it('incremental: only newer items, including several created in the same second as the watermark', async () => {
    const ctx = simCtx(sim);
    const p1 = sim.post({ author: 'a1', title: 'First', selftext: 'x' });
    const r1 = await reddit.poll(ctx, null);
    expect(ids(r1)).toContain(p1.name);
    // Same second as p1 (the simulator stamps whole seconds): must still be delivered, once.
    const p2 = sim.post({ author: 'a2', title: 'Second', selftext: 'y' });
    p2.created = p1.created;
    const c1 = sim.comment({ parent: p1.name, author: 'a3', body: 'reply' });
    const r2 = await reddit.poll(ctx, r1.cursor);
    expect(ids(r2).sort()).toEqual([c1.name, p2.name].sort());
    const r3 = await reddit.poll(ctx, r2.cursor);
    expect(r3.items).toEqual([]);
  });

  it('a backlog larger than a page is caught up oldest first with `before`, bounded per poll, each item once', async () => {
    const ctx = simCtx(sim, {
      config: { inbox: false, modQueue: false, modmail: false, maxPagesPerPoll: 2 },
    });
    const seed = sim.post({ author: 'a', title: 'Seed', selftext: 's' });
    const r0 = await reddit.poll(ctx, null);
    expect(ids(r0)).toEqual([seed.name]);
    const made = Array.from(
      { length: 5 * PAGE_LIMIT + 17 },
      (_, i) =>
        sim.post({ author: `m${i % 9}`, title: `Backlog ${i}`, selftext: `body ${i}` }).name,
    );
    sim.clearRequests();
    const first = await reddit.poll(ctx, r0.cursor);
    expect(first.more).toBe(true);
    // Oldest first: the first delivered page starts right after the seed.
    expect(ids(first)[0]).toBe(made[0]);
    const beforeParams = sim
      .requests()
      .map((r) => new URLSearchParams(r.query).get('before'))
      .filter(Boolean);
    expect(beforeParams[0]).toBe(seed.name);
    const rest = await drain(ctx, first.cursor);
    const all = [...ids(first), ...rest.all];
    expect(all).toHaveLength(made.length);
    expect(new Set(all)).toEqual(new Set(made));
    expect(all).toEqual([...made]); // creation order preserved across polls
  });

  it('vanished anchors: when `before` returns nothing, it walks back from the newest page to the watermark', async () => {
    const ctx = simCtx(sim, {
      config: { inbox: false, modQueue: false, modmail: false, maxPagesPerPoll: 4 },
    });
    sim.post({ author: 'a', title: 'Seed', selftext: 's' });
    const r0 = await reddit.poll(ctx, null);
    const made = Array.from(
      { length: PAGE_LIMIT + 30 },
      (_, i) => sim.post({ author: 'b', title: `T${i}`, selftext: 'x' }).name,
    );
    // The anchors disappear from the listing (e.g. removed as spam): `before=<anchor>` now answers empty.
    const cur = structuredClone(r0.cursor) as RedditCursor;
    cur.posts!.anchors = ['t3_zzzzz1', 't3_zzzzz2'];
    const r1 = await reddit.poll(ctx, cur);
    expect(new Set(ids(r1))).toEqual(new Set(made));
    expect(r1.more).toBe(false);
    expect((r1.cursor as RedditCursor).posts!.catchUp).toBe(false);
  });

  it('malformed items are quarantined with their reason, once, and the rest is delivered', async () => {
    const ctx = simCtx(sim, { config: { inbox: false, modQueue: false, modmail: false } });
    const r0 = await reddit.poll(ctx, null);
    const good1 = sim.post({ author: 'a', title: 'Good one', selftext: 'ok' });
    sim.malformedNext(1, 'created');
    const bad = sim.post({ author: 'mallory', title: 'Broken', selftext: 'x' });
    const good2 = sim.post({ author: 'b', title: 'Good two', selftext: 'ok' });
    const r1 = await reddit.poll(ctx, r0.cursor);
    expect(ids(r1)).toEqual([good1.name, good2.name]);
    expect(r1.rejected).toHaveLength(1);
    expect(r1.rejected[0]!.reason).toContain(bad.name);
    expect(r1.rejected[0]!.reason).toContain('created_utc');
    const r2 = await reddit.poll(ctx, r1.cursor);
    expect(r2.rejected).toEqual([]);
  });

  it('an unreadable cursor is a first sync (logged), and a changed subreddit set restarts those streams', async () => {
    sim.post({ author: 'a', title: 'P', selftext: 'x', subreddit: 'brandnews' });
    const ctx = simCtx(sim, { config: { inbox: false, modQueue: false, modmail: false } });
    const r = await reddit.poll(ctx, { v: 99, junk: true });
    expect(r.items).toHaveLength(1);
    expect(ctx.logged.some((l) => l.includes('unreadable cursor'))).toBe(true);
    const narrowed = simCtx(sim, {
      config: { inbox: false, modQueue: false, modmail: false, subreddits: ['brandhelp'] },
    });
    const r2 = await reddit.poll(narrowed, r.cursor);
    expect((r2.cursor as RedditCursor).subs).toBe('brandhelp');
    expect(r2.items).toEqual([]); // nothing in brandhelp
  });
});

describe('Reddit poll: inbox, mod queue, modmail', () => {
  it('inbox: PM chains, replies to our comments and mentions join their conversations', async () => {
    const ctx = simCtx(sim, { config: { modQueue: false, modmail: false } });
    const post = sim.post({ author: 'fjord_fan', title: 'Broken handle', selftext: 'Help' });
    const ours = sim.comment({ parent: post.name, author: USER, body: 'We can help.' });
    const r0 = await reddit.poll(ctx, null);
    expect(r0.items.find((i) => i.message.externalId === ours.name)!.member.isStaff).toBe(true);
    const reply = sim.comment({ parent: ours.name, author: 'fjord_fan', body: 'Thanks!' });
    const mention = sim.comment({
      parent: post.name,
      author: 'kettle_kid',
      body: `u/${USER} look here`,
    });
    const first = sim.message({ from: 'nordlys', subject: 'Warranty', body: 'Is it covered?' });
    const r1 = await reddit.poll(ctx, r0.cursor);
    const byId = new Map(r1.items.map((i) => [i.message.externalId, i]));
    expect(byId.get(reply.name)!.conversation.externalId).toBe(post.name);
    expect(byId.get(reply.name)!.message.replyToExternalId).toBe(ours.name);
    expect(byId.get(mention.name)!.conversation.externalId).toBe(post.name);
    expect(byId.get(first.name)!.conversation).toMatchObject({
      externalId: first.name,
      kind: 'private_message',
      title: 'Warranty',
    });
    const second = sim.message({ from: 'nordlys', body: 'Hello?', parent: first.name });
    const r2 = await reddit.poll(ctx, r1.cursor);
    expect(r2.items.map((i) => [i.message.externalId, i.conversation.externalId])).toEqual([
      [second.name, first.name],
    ]);
  });

  it('mod queue: new reports and filtered items arrive as moderation items; a new report re-delivers, an unchanged one does not', async () => {
    const ctx = simCtx(sim, { config: { inbox: false, modmail: false } });
    const post = sim.post({ author: 'a', title: 'Deals', selftext: 'cheap stuff' });
    const c = sim.comment({ parent: post.name, author: 'spammer', body: 'buy now' });
    const r0 = await reddit.poll(ctx, null);
    expect(r0.items.every((i) => !i.moderation)).toBe(true);
    sim.report(c.name, 'Spam');
    sim.filter(post.name);
    const r1 = await reddit.poll(ctx, r0.cursor);
    const mod = new Map(r1.items.map((i) => [i.message.externalId, i.moderation]));
    expect(mod.get(c.name)).toEqual({ state: 'reported', reasons: ['Spam'], reportCount: 1 });
    expect(mod.get(post.name)).toEqual({
      state: 'filtered',
      reasons: ['automod_filtered'],
      reportCount: 0,
    });
    const r2 = await reddit.poll(ctx, r1.cursor);
    expect(r2.items).toEqual([]);
    sim.report(c.name, 'Rude', { count: 2 });
    const r3 = await reddit.poll(ctx, r2.cursor);
    expect(r3.items.map((i) => [i.message.externalId, i.moderation])).toEqual([
      [c.name, { state: 'reported', reasons: ['Spam', 'Rude'], reportCount: 3 }],
    ]);
  });

  it('modmail: updated conversations are read in full, oldest update first; the watermark never skips one', async () => {
    const ctx = simCtx(sim, { config: { inbox: false, modQueue: false } });
    const a = sim.modmail({ from: 'p1', subject: 'A', body: 'a1' });
    const r0 = await reddit.poll(ctx, null);
    expect(ids(r0)).toEqual([`modmail:${a.conversationId}:${a.messageId}`]);
    const convs = Array.from({ length: 13 }, (_, i) =>
      sim.modmail({ from: `u${i}`, subject: `S${i}`, body: `m${i}` }),
    );
    await new Promise((r) => setTimeout(r, 2));
    const a2 = sim.modmail({
      from: 'p1',
      subject: 'A',
      body: 'a2',
      conversationId: a.conversationId,
    });
    const r1 = await reddit.poll(ctx, r0.cursor);
    expect(r1.more).toBe(true); // 14 updated, 10 read per poll
    const r2 = await reddit.poll(ctx, r1.cursor);
    const got = new Set([...ids(r1), ...ids(r2)]);
    for (const c of convs) expect(got.has(`modmail:${c.conversationId}:${c.messageId}`)).toBe(true);
    expect(got.has(`modmail:${a.conversationId}:${a2.messageId}`)).toBe(true);
    const r3 = await reddit.poll(ctx, r2.cursor);
    expect(r3.items).toEqual([]);
  });
});
