// electron/core/connectors/discourse: moderation actions on a Discourse forum (admin API key).
//
//   approve  -> the review item's own action: a queued post `approve_post`, a flagged post `disagree`
//               (the flags were wrong; a hidden post is shown again), other reviewables their approve /
//               not-spam / ignore action: `PUT /review/{id}/perform/{action}.json?version=N`.
//   remove   -> a queued post `reject_post`; a flagged post `delete_and_agree` (deletes the post and
//               settles the flags); a post with no pending review item `DELETE /posts/{id}.json`.
//               Discourse takes no reason for a deletion: the reason stays in Steward's audit.
//   lock / unlock -> `PUT /t/{topic}/status.json { status: "closed", enabled }`.
//   silence  -> `PUT /admin/users/{id}/silence.json { reason, message, silenced_till }`.
//   suspend  -> `PUT /admin/users/{id}/suspend.json { reason, message, suspend_until }`.
//
// IDEMPOTENT RE-APPLY (the moderation sender re-applies after an unknown outcome; see sender.ts):
//   - approve/remove via the review queue first READ the reviewable (`GET /review/{id}.json`). If it
//     is no longer pending, the earlier attempt (or a colleague) settled it: when its status is the one
//     this action leads to, that is "already done"; when it was settled the other way, a permanent
//     error says so (nothing is overwritten). The perform carries the reviewable's `version`, so a
//     perform racing another change is refused by Discourse (409) instead of applied twice.
//   - DELETE of a post that is already deleted: the post is read back; gone or `deleted_at` set =
//     already done. A remove whose review item is settled makes sure the post is deleted the same way.
//   - lock/unlock set the topic's `closed` flag to a value; Discourse does nothing when it already has it.
//   - silence/suspend of an account that is already silenced/suspended: Discourse answers 409
//     (`already_silenced` / `already_suspended`), read as "already done" (the first attempt's end
//     time stays; nothing is extended).
// Errors are the client's classified ConnectorErrors (the key never appears in them).
import {
  ConnectorError,
  type ModerationRequest,
  type ModerationResult,
  type SourceContext,
} from '../types';
import { discourseRequest } from './client';
import { actionIdsOf, indexReview, reviewStatus, type ReviewStatus } from './review';

type Obj = Record<string, unknown>;
const posInt = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
};
const permanent = (message: string) =>
  new ConnectorError(message, 'permanent', undefined, undefined, 'config');

/** The reviewable's kind for choosing actions. */
type ReviewClass = 'queued' | 'flagged' | 'other';
const classOf = (type: unknown): ReviewClass =>
  type === 'ReviewableQueuedPost'
    ? 'queued'
    : type === 'ReviewableFlaggedPost'
      ? 'flagged'
      : 'other';

/** Action ids tried in order, per Steward action and reviewable kind (Discourse's own ids). */
const PREFER: Record<'approve' | 'remove', Record<ReviewClass, string[]>> = {
  approve: {
    queued: ['approve_post'],
    flagged: ['disagree', 'disagree_and_restore', 'ignore_and_do_nothing', 'ignore'],
    other: ['approve_post', 'approve', 'not_spam', 'disagree', 'ignore_and_do_nothing', 'ignore'],
  },
  remove: {
    queued: ['reject_post', 'reject'],
    flagged: ['delete_and_agree', 'agree_and_delete', 'delete_and_agree_replies'],
    other: ['reject_post', 'confirm_spam', 'delete_and_agree', 'reject'],
  },
};
/** Statuses a settled reviewable has after the action (for the "already done" check). */
const SETTLED_AS: Record<'approve' | 'remove', Record<ReviewClass, ReviewStatus[]>> = {
  approve: {
    queued: ['approved'],
    flagged: ['rejected', 'ignored'],
    other: ['approved', 'rejected', 'ignored'],
  },
  remove: {
    queued: ['rejected', 'deleted'],
    flagged: ['approved', 'deleted'],
    other: ['approved', 'rejected', 'deleted'],
  },
};

async function deletePost(ctx: SourceContext, postId: number): Promise<string> {
  try {
    await discourseRequest(ctx, 'DELETE', `/posts/${postId}.json`, { emptyOk: true });
    return `deleted post ${postId}`;
  } catch (err) {
    if (
      !(err instanceof ConnectorError) ||
      err.kind !== 'permanent' ||
      ![403, 404, 422].includes(err.status ?? 0)
    )
      throw err;
    // Refused: is it already gone (an earlier attempt whose answer was lost, or a colleague)?
    let post: Obj;
    try {
      post = await discourseRequest<Obj>(ctx, 'GET', `/posts/${postId}.json`);
    } catch (e) {
      if (
        e instanceof ConnectorError &&
        e.kind === 'permanent' &&
        (e.status === 404 || e.status === 410)
      )
        return `post ${postId} was already deleted`;
      throw e;
    }
    if (post.deleted_at != null || post.user_deleted === true)
      return `post ${postId} was already deleted`;
    throw err;
  }
}

async function viaReview(
  ctx: SourceContext,
  kind: 'approve' | 'remove',
  reviewableId: number,
  postId: number | null,
): Promise<string> {
  const body = await discourseRequest<Obj>(ctx, 'GET', `/review/${reviewableId}.json`);
  const r = body.reviewable;
  if (r === null || typeof r !== 'object' || Array.isArray(r))
    throw new ConnectorError(
      `Discourse sent an unexpected /review/${reviewableId}.json`,
      'transient',
    );
  const rv = r as Obj;
  const cls = classOf(rv.type);
  const status = reviewStatus(rv.status);
  if (status !== 'pending') {
    if (status !== null && SETTLED_AS[kind][cls].includes(status)) {
      // A settled flag whose post should go: make sure it is gone (idempotent).
      if (kind === 'remove' && cls !== 'queued' && postId !== null)
        return `${await deletePost(ctx, postId)} (review item ${reviewableId} already ${status})`;
      return `review item ${reviewableId} was already ${status}`;
    }
    throw permanent(
      `The review item was already settled on the forum (${status ?? 'unknown status'}); nothing was changed`,
    );
  }
  const offered = actionIdsOf(rv, indexReview(body));
  const choice = PREFER[kind][cls].find((a) => offered.includes(a));
  if (!choice) {
    if (kind === 'remove' && cls !== 'queued' && postId !== null) return deletePost(ctx, postId);
    throw permanent(
      `The review item offers no ${kind} action to this account (it offers: ${offered.join(', ').slice(0, 200) || 'none'})`,
    );
  }
  const version =
    typeof rv.version === 'number' && Number.isSafeInteger(rv.version) ? rv.version : 0;
  try {
    await discourseRequest(ctx, 'PUT', `/review/${reviewableId}/perform/${choice}.json`, {
      query: { version },
    });
  } catch (err) {
    // 409: the review item changed since it was read (a colleague, or our own earlier attempt): read again.
    if (err instanceof ConnectorError && err.status === 409)
      throw new ConnectorError(
        'The review item changed on the forum meanwhile; it will be read again',
        'transient',
        undefined,
        409,
      );
    throw err;
  }
  return `${choice} on review item ${reviewableId}${postId !== null ? ` (post ${postId})` : ''}`;
}

async function restrictUser(ctx: SourceContext, action: ModerationRequest): Promise<string> {
  const meta = action.meta ?? {};
  const userId = posInt(action.memberExternalId) ?? posInt(meta.userId);
  if (userId === null)
    throw permanent('Which forum account to act on is unknown (no Discourse user id)');
  const reason = action.reason?.trim();
  if (!reason) throw permanent(`Discourse needs a reason to ${action.kind} an account`);
  const minutes = action.durationMinutes;
  // Without a duration: Discourse's "forever" (its UI sends a date 1000 years ahead).
  const until = new Date(
    ctx.now() + (minutes != null && minutes > 0 ? minutes * 60_000 : 1000 * 365.25 * 86_400_000),
  ).toISOString();
  const silence = action.kind === 'silence';
  const body = silence
    ? { reason: reason.slice(0, 300), message: reason.slice(0, 1000), silenced_till: until }
    : { reason: reason.slice(0, 300), message: reason.slice(0, 1000), suspend_until: until };
  try {
    await discourseRequest(ctx, 'PUT', `/admin/users/${userId}/${action.kind}.json`, { body });
  } catch (err) {
    // Discourse: 409 `already_silenced` / `already_suspended`. The state we asked for holds.
    if (err instanceof ConnectorError && err.status === 409)
      return `user ${userId} was already ${silence ? 'silenced' : 'suspended'}`;
    throw err;
  }
  return `${silence ? 'silenced' : 'suspended'} user ${userId} until ${until}`;
}

export async function moderateDiscourse(
  ctx: SourceContext,
  action: ModerationRequest,
): Promise<ModerationResult> {
  const meta = action.meta ?? {};
  const reviewableId = posInt(meta.reviewableId);
  const postId = posInt(action.messageExternalId);
  switch (action.kind) {
    case 'approve':
      if (reviewableId === null)
        throw permanent(
          "This post is not in the forum's review queue: there is nothing to approve",
        );
      return { platformResponse: await viaReview(ctx, 'approve', reviewableId, postId) };
    case 'remove':
      if (reviewableId !== null)
        return { platformResponse: await viaReview(ctx, 'remove', reviewableId, postId) };
      if (postId === null) throw permanent('This moderation action needs a Discourse post');
      return { platformResponse: await deletePost(ctx, postId) };
    case 'lock':
    case 'unlock': {
      const topicId = posInt(action.conversationExternalId);
      if (topicId === null)
        throw permanent(
          'This moderation action needs a Discourse topic (a held post has none yet)',
        );
      await discourseRequest(ctx, 'PUT', `/t/${topicId}/status.json`, {
        body: { status: 'closed', enabled: action.kind === 'lock' ? 'true' : 'false' },
      });
      return {
        platformResponse: `${action.kind === 'lock' ? 'closed' : 'reopened'} topic ${topicId}`,
      };
    }
    case 'silence':
    case 'suspend':
      return { platformResponse: await restrictUser(ctx, action) };
    default:
      throw permanent(`Discourse moderation does not support "${action.kind}"`);
  }
}
