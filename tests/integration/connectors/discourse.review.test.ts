// Discourse's review queue mapper (pure): a /review.json page in Discourse's REST-serializer shape
// (ids on each reviewable, users/topics/scores/bundles side-loaded) becomes moderation items: a
// flagged post (state, report count, flag reasons, the post itself), a post held for approval (no
// post id yet), user approvals skipped; hostile or broken reviewables are rejected with a reason.
import { describe, expect, it } from 'vitest';
import {
  actionIdsOf,
  indexReview,
  mapReviewable,
  mapReviewQueue,
  reviewStatus,
} from '../../../electron/core/connectors/discourse/review';
import {
  discourseConnector,
  type DiscourseCursor,
} from '../../../electron/core/connectors/discourse';
import { fixture, json, scriptedCtx, USER } from './helpers';

const ctx = { baseUrl: 'https://forum.example.com', apiUsername: 'support_bot' };

describe('mapReviewQueue', () => {
  it('maps a flagged post with its flag reasons and report count, and the reviewable id in the message meta', () => {
    const out = mapReviewQueue(fixture('review_pending.json'), ctx);
    const flagged = out.find((e) => e.reviewableId === 41)!;
    expect('item' in flagged.result).toBe(true);
    if (!('item' in flagged.result)) return;
    const it = flagged.result.item;
    expect(it.moderation).toEqual({
      state: 'flagged',
      reasons: ['Spam', 'Inappropriate'],
      reportCount: 2,
    });
    expect(it.message).toMatchObject({
      externalId: '5120',
      createdAt: Date.parse('2026-11-20T08:14:02.512Z'),
      url: 'https://forum.example.com/t/printer-jams-every-morning/310/4',
      meta: {
        postNumber: 4,
        reviewableId: 41,
        reviewableType: 'ReviewableFlaggedPost',
        userId: 91,
      },
    });
    expect(it.message.bodyText).toContain('Cheap toner');
    expect(it.conversation).toMatchObject({
      externalId: '310',
      title: 'Printer jams every morning',
      kind: 'topic',
    });
    expect(it.member).toMatchObject({
      externalId: '91',
      username: 'tonerdeals',
      displayName: 'tonerdeals',
      isStaff: false,
    });
  });

  it('maps a post held for approval as held, with the reason as text and its own ids; skips user approvals', () => {
    const out = mapReviewQueue(fixture('review_pending.json'), ctx);
    const queued = out.find((e) => e.reviewableId === 42)!;
    if (!('item' in queued.result)) throw new Error('queued post not mapped');
    const it = queued.result.item;
    expect(it.moderation).toEqual({
      state: 'held',
      reasons: ['Needs Approval', 'New users must have their first posts approved.'],
      reportCount: 0,
    });
    expect(it.message.externalId).toBe('queued:42');
    expect(it.message.meta).toMatchObject({ reviewableId: 42, queued: true, userId: 93 });
    expect(it.conversation).toMatchObject({
      externalId: 'queued:42',
      title: 'Admin password reset',
      url: null,
    });
    expect(it.message.bodyText).toContain('admin password');
    expect(out.find((e) => e.reviewableId === 43)!.result).toEqual({
      skipped: expect.stringContaining('not about a post'),
    });
  });

  it('the signature changes with a new flag; settled reviewables are skipped', () => {
    const body = fixture('review_pending.json');
    const before = mapReviewQueue(body, ctx).find((e) => e.reviewableId === 41)!.signature;
    body.reviewables[0].reviewable_score_ids.push(804);
    body.reviewables[0].version = 4;
    body.reviewable_scores.push({
      id: 804,
      user_id: 12,
      score_type: { id: 3, title: 'Off-Topic' },
      reason: null,
    });
    const after = mapReviewQueue(body, ctx).find((e) => e.reviewableId === 41)!;
    expect(after.signature).not.toBe(before);
    if ('item' in after.result) expect(after.result.item.moderation!.reportCount).toBe(3);
    body.reviewables[0].status = 2;
    expect(mapReviewQueue(body, ctx).find((e) => e.reviewableId === 41)!.result).toEqual({
      skipped: 'reviewable 41 is rejected',
    });
  });

  it('rejects broken reviewables with a reason and never throws on hostile shapes', () => {
    const body = fixture('review_pending.json');
    body.reviewables[0].target_created_at = 'yesterday';
    body.reviewables[1].payload = { raw: 42 };
    const out = mapReviewQueue(body, ctx);
    const r41 = out.find((e) => e.reviewableId === 41)!.result;
    expect('rejected' in r41 && r41.rejected.reason).toMatch(
      /reviewable 41 rejected: .*created_at/,
    );
    const r42 = out.find((e) => e.reviewableId === 42)!.result;
    expect('rejected' in r42 && r42.rejected.reason).toMatch(/reviewable 42 rejected/);
    for (const hostile of [
      null,
      7,
      'x',
      [],
      { reviewables: 'no' },
      { reviewables: [null, 1, { id: -1 }, { id: 5, type: { a: 1 } }] },
    ]) {
      expect(() => mapReviewQueue(hostile, ctx)).not.toThrow();
    }
    const proto = JSON.parse(
      '{"reviewables":[{"id":9,"__proto__":{"polluted":true},"type":"ReviewableFlaggedPost"}]}',
    );
    mapReviewQueue(proto, ctx);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads the offered actions from the bundles and the status by number or name', () => {
    const body = fixture('review_pending.json');
    const ix = indexReview(body);
    expect(actionIdsOf(body.reviewables[0], ix)).toEqual([
      'agree_and_keep',
      'delete_and_agree',
      'disagree',
      'ignore_and_do_nothing',
    ]);
    expect(actionIdsOf(body.reviewables[1], ix)).toEqual(['approve_post', 'reject_post']);
    expect([
      reviewStatus(0),
      reviewStatus(2),
      reviewStatus('ignored'),
      reviewStatus(9),
      reviewStatus('x'),
    ]).toEqual(['pending', 'rejected', 'ignored', null, null]);
    expect(
      mapReviewable({ id: 3, status: 0, type: 'ReviewableFlaggedPost' }, ix, ctx)!.result,
    ).toEqual({
      skipped: expect.stringContaining('not about a post'),
    });
  });
});

describe('the review queue in poll', () => {
  const posts = { latest_posts: [] as unknown[] };
  const post = {
    id: 5000,
    topic_id: 300,
    post_number: 1,
    username: 'maria_k',
    created_at: '2026-11-20T08:00:00.000Z',
    cooked: '<p>Printer jams</p>',
    topic_title: 'Printer jams every morning',
    topic_slug: 'printer-jams-every-morning',
  };

  it('delivers new and changed reviewables once; a failing queue never stalls the posts; 403 marks it denied', async () => {
    let review: () => Response = () => json(fixture('review_pending.json'));
    const ctx = scriptedCtx(
      (call) => {
        const u = new URL(call.url);
        if (u.pathname === '/posts.json') return json({ ...posts, latest_posts: [post] });
        if (u.pathname === '/review.json') return review();
        return json({ errors: ['not found'] }, 404);
      },
      { config: { apiUsername: USER } },
    );
    const first = await discourseConnector.poll(ctx, null);
    expect(first.items.map((i) => i.message.externalId)).toEqual(['5000', '5120', 'queued:42']);
    expect((first.cursor as DiscourseCursor).review).toMatchObject({
      denied: false,
      seen: [
        [41, expect.any(String)],
        [42, expect.any(String)],
      ],
    });
    const second = await discourseConnector.poll(ctx, first.cursor);
    expect(second.items).toEqual([]); // nothing changed on the queue or the stream

    review = () => json({ errors: ['Something went wrong.'] }, 500);
    const failing = await discourseConnector.poll(ctx, second.cursor);
    expect((failing.cursor as DiscourseCursor).review).toEqual(
      (second.cursor as DiscourseCursor).review,
    );

    review = () => json({ errors: ['You are not permitted to view the requested resource.'] }, 403);
    const denied = await discourseConnector.poll(ctx, failing.cursor);
    expect((denied.cursor as DiscourseCursor).review!.denied).toBe(true);
    const calls = ctx.calls.length;
    await discourseConnector.poll(ctx, denied.cursor); // tick 5: not retried
    expect(ctx.calls.filter((c) => c.url.includes('/review.json')).length).toBe(4);
    expect(ctx.calls.length).toBe(calls + 1);
  });
});
