// electron/core/connectors/discourse: Discourse's review queue (`GET /review.json`) -> moderation
// items (pure). The queue is served with Discourse's REST serializer: each reviewable carries ids
// (`created_by_id`, `target_created_by_id`, `topic_id`, `reviewable_score_ids`, `bundled_action_ids`)
// and the records they point to are side-loaded at the root (`users`, `topics`, `reviewable_scores`,
// `bundled_actions`). Types we file:
//   - ReviewableFlaggedPost: a post flagged by members (or the system): state `flagged`, one report
//     per score, reasons = the scores' flag types ("Spam", "Inappropriate", ...) and their texts;
//   - ReviewableQueuedPost: a post held for approval (not on the forum yet: no post id, so the
//     message is `queued:<reviewable id>`, a new topic is conversation `queued:<reviewable id>`):
//     state `held`, reasons = why it was held;
//   - any other reviewable whose target is a Post (e.g. a spam filter plugin's): state `filtered`.
// Reviewables of users (sign-up approval) are skipped. Inbound content is hostile: every field is
// checked, a reviewable that cannot be trusted is rejected with the reason, never thrown.
import type { NormalizedItem, RejectedItem } from '../types';
import { htmlToText } from '../../text/html';
import { mapPost, quarantineCopy, type MapContext } from './mapper';
import { isObj } from '../../../../shared/guards';

/** Discourse's reviewable statuses (`Reviewable.statuses`). */
export const REVIEW_STATUS = {
  pending: 0,
  approved: 1,
  rejected: 2,
  ignored: 3,
  deleted: 4,
} as const;
const STATUS_NAMES = ['pending', 'approved', 'rejected', 'ignored', 'deleted'] as const;
export type ReviewStatus = (typeof STATUS_NAMES)[number];

/** PostActionType ids of flags, for scores that come without their type's title. */
const FLAG_TYPES: Record<number, string> = {
  3: 'Off-Topic',
  4: 'Inappropriate',
  6: 'Send a message',
  7: 'Something Else',
  8: 'Spam',
  10: 'Illegal',
};
const MAX_REASONS = 10;
const MAX_REASON_CHARS = 200;

type Obj = Record<string, unknown>;
const posInt = (v: unknown): number | null =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A reviewable's status as a name (Discourse sends the integer; a few versions send the name). */
export function reviewStatus(v: unknown): ReviewStatus | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < STATUS_NAMES.length)
    return STATUS_NAMES[v]!;
  return typeof v === 'string' && (STATUS_NAMES as readonly string[]).includes(v)
    ? (v as ReviewStatus)
    : null;
}

/** The side-loaded records of a /review.json or /review/{id}.json answer, by id. */
export type ReviewIndex = {
  users: Map<number, Obj>;
  topics: Map<number, Obj>;
  scores: Map<number, Obj>;
  bundles: Map<string, Obj>;
};

export function indexReview(body: unknown): ReviewIndex {
  const b = isObj(body) ? body : {};
  const byId = (list: unknown) => {
    const m = new Map<number, Obj>();
    for (const x of Array.isArray(list) ? list : []) {
      const id = isObj(x) ? posInt(x.id) : null;
      if (id !== null) m.set(id, x as Obj);
    }
    return m;
  };
  const bundles = new Map<string, Obj>();
  for (const x of Array.isArray(b.bundled_actions) ? b.bundled_actions : [])
    if (isObj(x) && typeof x.id === 'string') bundles.set(x.id, x);
  return {
    users: byId(b.users),
    topics: byId(b.topics),
    scores: byId(b.reviewable_scores),
    bundles,
  };
}

/** Every action id the reviewable offers (its bundles' `action_ids`, or inline `bundled_actions`). */
export function actionIdsOf(r: Obj, ix: ReviewIndex): string[] {
  const out: string[] = [];
  const add = (bundle: unknown) => {
    if (!isObj(bundle)) return;
    const ids = Array.isArray(bundle.action_ids) ? bundle.action_ids : [];
    for (const a of ids) if (typeof a === 'string') out.push(a);
    for (const a of Array.isArray(bundle.actions) ? bundle.actions : [])
      if (isObj(a) && typeof a.id === 'string') out.push(a.id);
  };
  for (const id of Array.isArray(r.bundled_action_ids) ? r.bundled_action_ids : [])
    if (typeof id === 'string') add(ix.bundles.get(id));
  for (const b of Array.isArray(r.bundled_actions) ? r.bundled_actions : []) add(b);
  return [...new Set(out)];
}

function scoresOf(r: Obj, ix: ReviewIndex): Obj[] {
  const out: Obj[] = [];
  for (const id of Array.isArray(r.reviewable_score_ids) ? r.reviewable_score_ids : []) {
    const s = posInt(id) !== null ? ix.scores.get(id as number) : undefined;
    if (s) out.push(s);
  }
  // Some versions embed the scores on the reviewable itself.
  for (const s of Array.isArray(r.reviewable_scores) ? r.reviewable_scores : [])
    if (isObj(s)) out.push(s);
  return out;
}

const clean = (s: string) => htmlToText(s).replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_CHARS);

function reasonsOf(scores: Obj[]): string[] {
  const out: string[] = [];
  for (const s of scores) {
    const t = isObj(s.score_type) ? s.score_type : null;
    const typeId = posInt(t?.id) ?? posInt(s.score_type_id) ?? posInt(s.reviewable_score_type);
    const title = str(t?.title) ?? (typeId !== null ? FLAG_TYPES[typeId] : undefined) ?? null;
    if (title && clean(title)) out.push(clean(title));
    const why = str(s.reason);
    if (why && clean(why)) out.push(clean(why));
  }
  return [...new Set(out)].slice(0, MAX_REASONS);
}

export type ReviewEntry = {
  reviewableId: number;
  /** What changes when the item is flagged again (state, count, reasons, version). */
  signature: string;
  result: { item: NormalizedItem } | { rejected: RejectedItem } | { skipped: string };
};

const reject = (r: unknown, reason: string) => ({
  rejected: { reason: `Discourse reviewable ${reason}`, raw: quarantineCopy(r) },
});

/** Maps one reviewable of a /review.json answer (with its side-loaded records). */
export function mapReviewable(raw: unknown, ix: ReviewIndex, ctx: MapContext): ReviewEntry | null {
  if (!isObj(raw)) return null;
  const id = posInt(raw.id);
  if (id === null)
    return {
      reviewableId: 0,
      signature: '',
      result: reject(raw, '(no id) rejected: id is not a positive integer'),
    };
  const type = str(raw.type) ?? '';
  const status = reviewStatus(raw.status);
  const scores = scoresOf(raw, ix);
  const reasons = reasonsOf(scores);
  const version = typeof raw.version === 'number' ? raw.version : 0;
  const base = { reviewableId: id };
  if (status !== null && status !== 'pending')
    return { ...base, signature: '', result: { skipped: `reviewable ${id} is ${status}` } };
  const targetType = str(raw.target_type);
  const postId = posInt(raw.post_id) ?? (targetType === 'Post' ? posInt(raw.target_id) : null);
  const authorId = posInt(raw.target_created_by_id) ?? posInt(raw.created_by_id);
  const author = authorId !== null ? ix.users.get(authorId) : undefined;
  const topicId = posInt(raw.topic_id) ?? posInt(raw.removed_topic_id);
  const topic = topicId !== null ? ix.topics.get(topicId) : undefined;
  const meta = { reviewableId: id, reviewableType: type.slice(0, 60), userId: authorId };

  if (type === 'ReviewableQueuedPost') {
    const payload = isObj(raw.payload) ? raw.payload : {};
    const text = str(payload.raw) ?? str(raw.raw);
    const username = str(author?.username);
    const created = str(raw.created_at);
    if (!text || !username || !created) {
      const why = `${id} rejected: a queued post needs payload.raw, its author and created_at`;
      return { ...base, signature: '', result: reject(raw, why) };
    }
    const title = str(payload.title) ?? str(topic?.title) ?? null;
    const conv = topicId !== null ? String(topicId) : `queued:${id}`;
    const mapped = mapPost(
      {
        id: 1, // placeholder: a queued post has no post id yet (replaced below)
        topic_id: topicId ?? 1,
        post_number: 1,
        username,
        user_id: authorId,
        name: str(author?.name),
        avatar_template: str(author?.avatar_template),
        created_at: created,
        cooked: `<p>${text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`,
        raw: text,
        topic_title: title,
        topic_slug: str(topic?.slug),
      },
      ctx,
    );
    if (!('item' in mapped)) {
      const result =
        'rejected' in mapped ? reject(raw, `${id} rejected: ${mapped.rejected.reason}`) : mapped;
      return { ...base, signature: '', result };
    }
    const it = mapped.item;
    const item: NormalizedItem = {
      ...it,
      conversation: {
        ...it.conversation,
        externalId: conv,
        url: topicId !== null ? it.conversation.url : null,
      },
      message: {
        ...it.message,
        externalId: `queued:${id}`,
        url: null,
        meta: { ...meta, queued: true },
      },
      moderation: {
        state: 'held',
        reasons: reasons.length ? reasons : ['Held for approval'],
        reportCount: 0,
      },
    };
    return { ...base, signature: sig(item, version), result: { item } };
  }

  if (postId === null)
    return {
      ...base,
      signature: '',
      result: {
        skipped: `reviewable ${id} (${type.slice(0, 60) || 'no type'}) is not about a post`,
      },
    };
  const created = str(raw.target_created_at) ?? str(raw.created_at);
  const mapped = mapPost(
    {
      id: postId,
      topic_id: topicId,
      post_number: raw.post_number,
      username: str(author?.username),
      user_id: authorId,
      name: str(author?.name),
      avatar_template: str(author?.avatar_template),
      created_at: created,
      cooked: str(raw.cooked) ?? '',
      raw: str(raw.raw),
      topic_title: str(topic?.title) ?? str(topic?.fancy_title),
      topic_slug: str(topic?.slug),
      archetype: str(topic?.archetype),
      deleted_at: str(raw.target_deleted_at),
    },
    ctx,
  );
  if ('rejected' in mapped)
    return {
      ...base,
      signature: '',
      result: reject(raw, `${id} rejected: ${mapped.rejected.reason}`),
    };
  if ('skipped' in mapped) return { ...base, signature: '', result: mapped };
  const state = type === 'ReviewableFlaggedPost' ? 'flagged' : 'filtered';
  const item: NormalizedItem = {
    ...mapped.item,
    message: { ...mapped.item.message, meta: { ...mapped.item.message.meta, ...meta } },
    moderation: {
      state,
      reasons: reasons.length ? reasons : [state === 'flagged' ? 'Flagged' : 'Filtered'],
      reportCount: state === 'flagged' ? scores.length : 0,
    },
  };
  return { ...base, signature: sig(item, version), result: { item } };
}

function sig(it: NormalizedItem, version: number): string {
  const m = it.moderation!;
  return `${m.state}|${m.reportCount}|${version}|${m.reasons.join('\u0001')}`.slice(0, 300);
}

/** Maps a whole /review.json page. */
export function mapReviewQueue(body: unknown, ctx: MapContext): ReviewEntry[] {
  const b = isObj(body) ? body : {};
  const list = Array.isArray(b.reviewables) ? b.reviewables : [];
  const ix = indexReview(body);
  const out: ReviewEntry[] = [];
  for (const r of list) {
    const e = mapReviewable(r, ix, ctx);
    if (e) out.push(e);
  }
  return out;
}
