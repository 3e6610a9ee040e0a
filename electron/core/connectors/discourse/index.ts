// electron/core/connectors/discourse: the Discourse connector (admin API key + username).
//
// Polling reads `GET /posts.json` (public regular posts, newest first, 50 per page, `before=<id>`
// returns posts with a smaller id), and with `privateMessages: true` also `GET /private-posts.json`
// (same paging). Post ids grow with creation, so a stream is consumed by id:
//
//   cursor = { lastPostId, catchUp, pm, recentTopics, tick }
//   - lastPostId: every post with an id <= this was delivered (or was not public when read).
//   - normal poll: one request for the newest page. If it reaches lastPostId (or is the end of the
//     list), everything newer is delivered and lastPostId = the newest id. One request per poll.
//   - backlog (more than a page arrived since the last poll, e.g. after a night offline): switch to
//     catch-up, `catchUp = { top, stride }`: walk FORWARD from lastPostId in id windows
//     (lastPostId, lastPostId + stride], each read with `before = windowEnd + 1`. A window's page is
//     complete when it reaches lastPostId (or the list ends, or its oldest id is lastPostId + 1);
//     then the window is delivered and lastPostId = windowEnd. The stride doubles while windows are
//     sparse and shrinks when a window overflows a page (that page is discarded and re-read smaller).
//     So items arrive oldest first across polls, each exactly once, and a crash between polls loses
//     nothing (the core stores the cursor after ingesting). At most `maxPagesPerPoll` requests per
//     poll; `more: true` while catching up.
//   - first sync (cursor null): the newest `initialPages` pages (older history is not imported).
//
// Topic titles come from each post's `topic_title`; a post without one triggers `GET /t/{id}.json`.
// Edits: /posts.json lists posts by creation, so an edited older post never reappears there. Every
// EDIT_EVERY-th poll re-reads one recently active topic (round-robin over the last RECENT_TOPICS) and
// re-delivers its already-delivered posts that were edited (version > 1), hidden or deleted; the
// ingest stores a higher `version` as an edit. Webhooks (post_edited) would be the real-time path.
//
// Review queue (moderation; `reviewQueue`, on by default; needs a staff API user): every poll reads
// the first REVIEW_PAGES pages of `GET /review.json?status=pending` (flagged posts, posts held for
// approval; not time-ordered, like Reddit's modqueue). A reviewable is delivered as an item with
// `moderation` set when it is new to the queue or its state, reports, reasons or version changed
// (cursor `review.seen`: reviewable id -> signature, bounded). A 403/404 (not staff, or an old forum)
// sets `review.denied`; the queue is then tried again every EDIT_EVERY-th poll, and posts still
// sync. Any other failure of the queue (5xx, 429, a broken page) is logged and the posts are
// delivered; the queue is read again on the next poll. Mapping: review.ts; actions (approve, remove, lock, unlock, silence, suspend): moderate.ts.
//
// Replies: `POST /posts.json { topic_id, raw, reply_to_post_number? }`. Discourse has no idempotency
// key and we embed nothing in the post; after an unknown outcome, findSent() reads the topic's tail
// and looks for a post by our API user, created after the reply was queued (minus 2 minutes of
// clock skew), whose raw text equals the body (whitespace-normalized).
import { z } from 'zod';
import type {
  Connector,
  NormalizedItem,
  OutboundContent,
  OutboundReply,
  PollResult,
  RejectedItem,
  RenderResult,
  SentReceipt,
  SourceContext,
} from '../types';
import { ConnectorError } from '../types';
import { discourseRequest } from './client';
import { htmlToText, mapPost, parseTimestamp, topicUrl, type TopicHint } from './mapper';
import { moderateDiscourse } from './moderate';
import { replayDiscourse } from './replay';
import { mapReviewQueue } from './review';

/** Discourse's page size for /posts.json and /private-posts.json (LatestPostsQuery::PAGE_SIZE). */
export const PAGE_SIZE = 50;
export const DEFAULT_MAX_PAGES = 5;
export const DEFAULT_INITIAL_PAGES = 2;
/** Every EDIT_EVERY-th poll also re-reads one recently active topic, so edits to older posts arrive. */
export const EDIT_EVERY = 6;
/** Discourse's default `max_post_length` site setting (characters of raw Markdown). */
export const MAX_POST_LENGTH = 32_000;
const RECENT_TOPICS = 20;
/** Pages of /review.json read per poll (Discourse serves 10-50 reviewables a page, by version). */
export const REVIEW_PAGES = 3;
/** Reviewables remembered in the cursor (what was delivered, with its signature). */
const REVIEW_SEEN_MAX = 1000;
const MAX_STRIDE = 10_000;
/** Topics fetched per poll for posts that came without a title. */
const MAX_TITLE_LOOKUPS = 10;
/** findSent: reconciliation considers posts created after queuedAt minus this (clock skew). */
export const FIND_SENT_SKEW_MS = 2 * 60_000;
/** findSent reads the topic's tail in chunks of this many post ids, at most FIND_SENT_MAX_CHUNKS. */
const FIND_SENT_CHUNK = 20;
const FIND_SENT_MAX_CHUNKS = 25;

const StreamState = z.object({
  lastPostId: z.number().int().min(0),
  catchUp: z
    .object({ top: z.number().int().min(0), stride: z.number().int().min(1) })
    .nullable()
    .default(null),
});
type StreamState = z.infer<typeof StreamState>;

const Cursor = z.object({
  lastPostId: z.number().int().min(0),
  catchUp: StreamState.shape.catchUp,
  /** Private messages stream (only with `privateMessages: true`); null = not yet synced. */
  pm: StreamState.nullable().default(null),
  /** Recently active topics, most recent first, re-read round-robin for edits. */
  recentTopics: z.array(z.number().int().positive()).max(100).default([]),
  tick: z.number().int().min(0).default(0),
  /** Review queue: delivered reviewables (id -> signature); denied = the API user may not read it. */
  review: z
    .object({
      seen: z.array(z.tuple([z.number().int().min(0), z.string().max(400)])).max(REVIEW_SEEN_MAX),
      denied: z.boolean().default(false),
    })
    .nullable()
    .default(null),
});
export type DiscourseCursor = z.infer<typeof Cursor>;

export const DiscourseConfig = z
  .object({
    apiUsername: z.string().trim().min(1).max(200),
    /** First sync: how many pages (of 50 posts) of recent history to import. */
    initialPages: z.number().int().min(1).max(50).optional(),
    /** Requests per poll and stream before the rest waits for the next poll (`more: true`). */
    maxPagesPerPoll: z.number().int().min(1).max(50).optional(),
    /** Also poll /private-posts.json (PMs the API user can see; an admin sees every PM). */
    privateMessages: z.boolean().optional(),
    /** Read the review queue (flagged and held posts) as moderation items; default true. */
    reviewQueue: z.boolean().optional(),
    requestTimeoutMs: z.number().int().min(100).max(300_000).optional(),
  })
  .passthrough();

type RawPost = Record<string, unknown>;
type PostsPage = Record<string, unknown>;
type Topic = {
  id?: unknown;
  title?: unknown;
  slug?: unknown;
  archetype?: unknown;
  created_at?: unknown;
  post_stream?: { posts?: unknown; stream?: unknown };
};

const validId = (p: unknown): number | null => {
  const id = p !== null && typeof p === 'object' ? (p as RawPost).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
};
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function topicHint(t: Topic): TopicHint {
  return {
    title: str(t.title),
    slug: str(t.slug),
    archetype: str(t.archetype),
    createdAt: str(t.created_at),
  };
}

/**
 * Posts of a newest-first page that belong to the id window (lo, hi]. A post without a usable id
 * (it will be rejected by the mapper, with its reason) is placed by its older neighbour's id `o`:
 * in the window when o >= lo (strictly o > lo for the open-ended newest window, so that a
 * malformed newest post is not re-delivered by every poll); at the bottom of a page it is left to
 * the page where it has a neighbour.
 */
function inWindow(page: unknown[], lo: number, hi: number, openEnded: boolean): unknown[] {
  const out: unknown[] = [];
  for (let k = 0; k < page.length; k++) {
    const id = validId(page[k]);
    if (id !== null) {
      if (id > lo && id <= hi) out.push(page[k]);
      continue;
    }
    let older: number | null = null;
    for (let m = k + 1; m < page.length && older === null; m++) older = validId(page[m]);
    if (older !== null && (openEnded ? older > lo : older >= lo) && older < hi) out.push(page[k]);
  }
  return out;
}

type StreamRead = { posts: unknown[]; state: StreamState; more: boolean; pages: number };

async function getPage(
  ctx: SourceContext,
  endpoint: string,
  root: string,
  before: number | null,
): Promise<unknown[]> {
  const body = await discourseRequest<PostsPage>(ctx, 'GET', endpoint, {
    query: before !== null ? { before } : undefined,
  });
  const list = body[root];
  if (list !== undefined && !Array.isArray(list))
    throw new ConnectorError(
      `Discourse sent an unexpected ${endpoint} (\`${root}\` is not a list)`,
      'transient',
    );
  return asArray(list);
}

/** First sync: the newest `pages` pages, walking backwards with `before`. */
async function readInitial(
  ctx: SourceContext,
  endpoint: string,
  root: string,
  pages: number,
): Promise<StreamRead> {
  const posts: unknown[] = [];
  let before: number | null = null;
  let top = 0;
  let n = 0;
  while (n < pages) {
    const page = await getPage(ctx, endpoint, root, before);
    n++;
    const ids = page.map(validId).filter((x): x is number => x !== null);
    if (ids.length === 0) break;
    top = Math.max(top, ...ids);
    // Everything above the page's lowest valid id: an id-less post at the very bottom comes back on
    // the next page with a neighbour (or is old history).
    const low = Math.min(...ids);
    posts.push(...inWindow(page, low - 1, Infinity, false));
    if (page.length < PAGE_SIZE) break;
    before = low;
  }
  return { posts, state: { lastPostId: top, catchUp: null }, more: false, pages: n };
}

/** Later syncs: newest page if it reaches the cursor, else forward catch-up in id windows. */
async function readSince(
  ctx: SourceContext,
  endpoint: string,
  root: string,
  start: StreamState,
  budget: number,
): Promise<StreamRead> {
  const posts: unknown[] = [];
  let { lastPostId, catchUp } = start;
  let pages = 0;
  while (pages < budget) {
    if (!catchUp) {
      const page = await getPage(ctx, endpoint, root, null);
      pages++;
      const ids = page.map(validId).filter((x): x is number => x !== null);
      const top = ids.length ? Math.max(...ids) : lastPostId;
      const complete = page.length < PAGE_SIZE || ids.some((id) => id <= lastPostId);
      if (complete) {
        posts.push(...inWindow(page, lastPostId, Infinity, true));
        lastPostId = Math.max(lastPostId, top);
        return { posts, state: { lastPostId, catchUp: null }, more: false, pages };
      }
      // More than a page arrived: catch up oldest-first, up to the newest id seen now.
      catchUp = { top, stride: PAGE_SIZE };
      continue;
    }
    const lo = lastPostId;
    const hi = Math.min(lo + catchUp.stride, catchUp.top);
    const page = await getPage(ctx, endpoint, root, hi + 1);
    pages++;
    const ids = page.map(validId).filter((x): x is number => x !== null);
    const complete = page.length < PAGE_SIZE || ids.length === 0 || Math.min(...ids) <= lo + 1;
    if (!complete) {
      // The window holds more than a page: read a narrower one (this page is not delivered).
      catchUp = { top: catchUp.top, stride: Math.max(PAGE_SIZE, Math.floor(catchUp.stride / 4)) };
      continue;
    }
    const got = inWindow(page, lo, hi, false);
    posts.push(...got);
    lastPostId = hi;
    const stride =
      got.length < PAGE_SIZE / 2 ? Math.min(MAX_STRIDE, catchUp.stride * 2) : catchUp.stride;
    catchUp = hi >= catchUp.top ? null : { top: catchUp.top, stride };
    // Caught up: the next poll starts from the newest page again.
    if (!catchUp) return { posts, state: { lastPostId, catchUp: null }, more: true, pages };
  }
  return { posts, state: { lastPostId, catchUp }, more: true, pages };
}

function recentTopicsOf(items: NormalizedItem[], previous: number[]): number[] {
  const byRecency = [...items]
    .sort((a, b) => Number(b.message.externalId) - Number(a.message.externalId))
    .map((i) => Number(i.conversation.externalId));
  return [...new Set([...byRecency, ...previous])]
    .filter((n) => Number.isSafeInteger(n) && n > 0)
    .slice(0, RECENT_TOPICS);
}

async function readTopic(ctx: SourceContext, topicId: number): Promise<Topic | null> {
  try {
    return await discourseRequest<Topic>(ctx, 'GET', `/t/${topicId}.json`);
  } catch (err) {
    // A deleted topic, or one we may no longer see: nothing to read.
    if (
      err instanceof ConnectorError &&
      err.kind === 'permanent' &&
      (err.status === 404 || err.status === 403 || err.status === 410)
    )
      return null;
    throw err;
  }
}

type ReviewState = NonNullable<DiscourseCursor['review']>;

/** Reads the pending review queue (bounded) and returns what is new or changed since `seen`. */
async function readReview(
  ctx: SourceContext,
  apiUsername: string,
  seenBefore: ReviewState['seen'],
): Promise<{ items: NormalizedItem[]; rejected: RejectedItem[]; state: ReviewState }> {
  const prev = new Map(seenBefore);
  const items: NormalizedItem[] = [];
  const rejected: RejectedItem[] = [];
  const seen: ReviewState['seen'] = [];
  let offset = 0;
  try {
    for (let page = 0; page < REVIEW_PAGES; page++) {
      const body = await discourseRequest<RawPost>(ctx, 'GET', '/review.json', {
        query: { status: 'pending', offset: offset > 0 ? offset : undefined },
      });
      if (!Array.isArray(body.reviewables))
        throw new ConnectorError(
          'Discourse sent an unexpected /review.json (`reviewables` is not a list)',
          'transient',
        );
      for (const e of mapReviewQueue(body, { baseUrl: ctx.baseUrl, apiUsername })) {
        if ('skipped' in e.result) continue;
        const signature = 'rejected' in e.result ? 'rejected' : e.signature;
        seen.push([e.reviewableId, signature]);
        if (prev.get(e.reviewableId) === signature) continue;
        if ('rejected' in e.result) rejected.push(e.result.rejected);
        else items.push(e.result.item);
      }
      const meta = (body.meta ?? {}) as RawPost;
      const total =
        typeof meta.total_rows_reviewables === 'number' ? meta.total_rows_reviewables : 0;
      offset += body.reviewables.length;
      if (body.reviewables.length === 0 || !meta.load_more_reviewables || offset >= total) break;
    }
  } catch (err) {
    if (
      err instanceof ConnectorError &&
      err.kind === 'permanent' &&
      (err.status === 403 || err.status === 404)
    ) {
      ctx.logger.warn('discourse: the review queue is not readable with this API user', {
        sourceId: ctx.sourceId,
        status: err.status,
      });
      return { items: [], rejected: [], state: { seen: seenBefore, denied: true } };
    }
    // Any other failure (a 5xx, a 429, a broken page) must not stall the posts: they are delivered,
    // and the queue is read again from where it was on the next poll.
    if (err instanceof ConnectorError) {
      ctx.logger.warn('discourse: could not read the review queue this poll', {
        sourceId: ctx.sourceId,
        kind: err.kind,
        status: err.status,
      });
      return { items: [], rejected: [], state: { seen: seenBefore, denied: false } };
    }
    throw err;
  }
  return { items, rejected, state: { seen: seen.slice(0, REVIEW_SEEN_MAX), denied: false } };
}

/**
 * The source's settings through the one schema that also validates them at setup (sources.add):
 * what setup accepts is exactly what the connector runs with.
 */
function config(ctx: SourceContext) {
  const parsed = DiscourseConfig.safeParse(ctx.config);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new ConnectorError(
      `Discourse settings: ${i.path.join('.') || '(root)'}: ${i.message}`,
      'permanent',
      undefined,
      undefined,
      'config',
    );
  }
  const c = parsed.data;
  return {
    apiUsername: c.apiUsername,
    initialPages: c.initialPages ?? DEFAULT_INITIAL_PAGES,
    maxPages: c.maxPagesPerPoll ?? DEFAULT_MAX_PAGES,
    privateMessages: c.privateMessages === true,
    reviewQueue: c.reviewQueue !== false,
  };
}

function receiptOf(
  ctx: SourceContext,
  p: {
    id: number;
    topic_slug?: unknown;
    topic_id?: unknown;
    post_number?: unknown;
    created_at?: unknown;
  },
  topicId: number,
): SentReceipt {
  const at = typeof p.created_at === 'string' ? parseTimestamp(p.created_at) : NaN;
  const number = typeof p.post_number === 'number' ? p.post_number : undefined;
  return {
    externalId: String(p.id),
    url: topicUrl(ctx.baseUrl, str(p.topic_slug), topicId, number),
    createdAt: Number.isFinite(at) ? at : Date.now(),
  };
}

export const discourseConnector: Connector = {
  replay: (payload) => replayDiscourse(payload),
  platform: 'discourse',
  label: { en: 'Discourse', da: 'Discourse', ru: 'Discourse' },
  capabilities: {
    reply: true,
    platformNotes: false,
    moderation: ['approve', 'remove', 'lock', 'unlock', 'silence', 'suspend'],
    push: false,
    webhooks: false,
    replyFormat: 'markdown',
    maxReplyLength: MAX_POST_LENGTH,
  },
  fields: [
    {
      key: 'apiUsername',
      kind: 'text',
      required: true,
      label: { en: 'API username', da: 'API-brugernavn', ru: 'Имя пользователя API' },
      help: {
        en: 'The forum account replies are posted as (usually a staff account).',
        da: 'Den konto, svar sendes fra (normalt en staff-konto).',
        ru: 'Учётная запись, от имени которой публикуются ответы (обычно сотрудник).',
      },
    },
    {
      key: 'apiKey',
      kind: 'secret',
      required: true,
      label: { en: 'API key', da: 'API-nøgle', ru: 'Ключ API' },
      help: {
        en: 'Admin → API → New API key. Stored encrypted, never shown again.',
        da: 'Admin → API → Ny API-nøgle. Gemmes krypteret og vises aldrig igen.',
        ru: 'Админка → API → Новый ключ. Хранится в зашифрованном виде и больше не показывается.',
      },
    },
    {
      key: 'privateMessages',
      kind: 'boolean',
      required: false,
      label: {
        en: 'Also import private messages',
        da: 'Importér også private beskeder',
        ru: 'Импортировать и личные сообщения',
      },
      help: {
        en: 'An admin API user sees every private message on the forum.',
        da: 'En admin-API-bruger ser alle private beskeder på forummet.',
        ru: 'Администратор API видит все личные сообщения форума.',
      },
    },
  ],
  configSchema: DiscourseConfig,
  defaultRatePerMinute: 60,

  async test(ctx: SourceContext): Promise<{ account: string }> {
    const me = await discourseRequest<{ current_user?: { username?: unknown } }>(
      ctx,
      'GET',
      '/session/current.json',
    );
    const name =
      typeof me.current_user?.username === 'string'
        ? me.current_user.username
        : config(ctx).apiUsername;
    return { account: name };
  },

  render(content: OutboundContent): RenderResult {
    const text = content.markdown.replace(/\r\n?/g, '\n').trim();
    if (!text) return { ok: false, reason: 'empty', message: 'The reply is empty' };
    if (text.length > MAX_POST_LENGTH)
      return {
        ok: false,
        reason: 'too_long',
        message: `Discourse posts are limited to ${MAX_POST_LENGTH} characters (this one has ${text.length})`,
      };
    return { ok: true, text };
  },

  async poll(ctx: SourceContext, rawCursor: unknown): Promise<PollResult> {
    const cfg = config(ctx);
    // An unreadable cursor (or none) is a first sync: recent pages only; the ingest ignores repeats.
    const parsed = rawCursor == null ? null : Cursor.safeParse(rawCursor);
    if (parsed && !parsed.success)
      ctx.logger.warn('discourse: unreadable cursor, starting a first sync', {
        sourceId: ctx.sourceId,
      });
    const cursor = parsed?.success ? parsed.data : null;

    type Batch = { raw: unknown; hint: TopicHint };
    const batch: Batch[] = [];

    const pub = cursor
      ? await readSince(
          ctx,
          '/posts.json',
          'latest_posts',
          { lastPostId: cursor.lastPostId, catchUp: cursor.catchUp },
          cfg.maxPages,
        )
      : await readInitial(ctx, '/posts.json', 'latest_posts', cfg.initialPages);
    for (const raw of pub.posts) batch.push({ raw, hint: {} });

    let pm: StreamRead | null = null;
    if (cfg.privateMessages) {
      pm = cursor?.pm
        ? await readSince(ctx, '/private-posts.json', 'private_posts', cursor.pm, cfg.maxPages)
        : await readInitial(ctx, '/private-posts.json', 'private_posts', cfg.initialPages);
      for (const raw of pm.posts) batch.push({ raw, hint: { archetype: 'private_message' } });
    }

    // Edits of older posts: now and then, re-read a recently active topic.
    const tick = (cursor?.tick ?? 0) + 1;
    const recent = cursor?.recentTopics ?? [];
    if (cursor && recent.length > 0 && tick % EDIT_EVERY === 0) {
      const topicId = recent[Math.floor(tick / EDIT_EVERY) % recent.length]!;
      const topic = await readTopic(ctx, topicId);
      // Only what changed since it was delivered: edited (version > 1), hidden or deleted posts that
      // the stream already passed. Newer posts are left to the stream, so order and counts hold.
      const delivered = pub.state.lastPostId;
      for (const raw of topic ? asArray(topic.post_stream?.posts) : []) {
        const p = raw as RawPost;
        const id = validId(p);
        if (id === null || id > delivered) continue;
        const changed =
          (typeof p.version === 'number' && p.version > 1) ||
          p.hidden === true ||
          p.user_deleted === true ||
          p.deleted_at != null;
        if (changed) batch.push({ raw, hint: topicHint(topic!) });
      }
    }

    // Posts without `topic_title` (older servers, topic payloads): read their topics, a few per poll.
    const untitled = new Set<number>();
    for (const b of batch) {
      const r = b.raw as RawPost | null;
      if (
        !b.hint.title &&
        r &&
        typeof r === 'object' &&
        typeof r.topic_id === 'number' &&
        !(typeof r.topic_title === 'string' && r.topic_title.trim())
      )
        untitled.add(r.topic_id);
    }
    const hints = new Map<number, TopicHint>();
    for (const topicId of [...untitled].slice(0, MAX_TITLE_LOOKUPS)) {
      const topic = await readTopic(ctx, topicId);
      if (topic) hints.set(topicId, topicHint(topic));
    }

    const items: NormalizedItem[] = [];
    const rejected: RejectedItem[] = [];
    const seen = new Set<string>();
    for (const b of batch) {
      const topicId = (b.raw as RawPost | null)?.topic_id;
      const hint = { ...(typeof topicId === 'number' ? hints.get(topicId) : undefined), ...b.hint };
      const r = mapPost(b.raw, { baseUrl: ctx.baseUrl, apiUsername: cfg.apiUsername }, hint);
      if ('rejected' in r) rejected.push(r.rejected);
      else if ('item' in r && !seen.has(r.item.message.externalId)) {
        seen.add(r.item.message.externalId);
        items.push(r.item);
      }
    }
    // Oldest first (post ids grow with creation), so a conversation opens with its first message.
    items.sort((a, b) => Number(a.message.externalId) - Number(b.message.externalId));
    const recentTopics = recentTopicsOf(items, recent);

    // The review queue: flagged and held posts, each delivered when new or changed.
    let review = cursor?.review ?? null;
    if (cfg.reviewQueue && (!review?.denied || tick % EDIT_EVERY === 0)) {
      const r = await readReview(ctx, cfg.apiUsername, review?.seen ?? []);
      review = r.state;
      rejected.push(...r.rejected);
      for (const it of r.items) {
        // The copy with its moderation state wins over the plain one from /posts.json.
        const at = items.findIndex((x) => x.message.externalId === it.message.externalId);
        if (at >= 0) items[at] = it;
        else items.push(it);
      }
    }

    const next: DiscourseCursor = {
      lastPostId: pub.state.lastPostId,
      catchUp: pub.state.catchUp,
      pm: pm ? pm.state : (cursor?.pm ?? null),
      recentTopics,
      tick,
      review,
    };
    return { items, rejected, cursor: next, more: pub.more || (pm?.more ?? false) };
  },

  moderate: moderateDiscourse,

  async send(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt> {
    const topicId = Number(reply.conversationExternalId);
    if (!Number.isSafeInteger(topicId) || topicId <= 0)
      throw new ConnectorError(
        `Not a Discourse topic id: ${String(reply.conversationExternalId).slice(0, 40)}`,
        'permanent',
      );
    if (!reply.body.trim()) throw new ConnectorError('The reply is empty', 'permanent');
    const body: Record<string, unknown> = { topic_id: topicId, raw: reply.body };
    // The core hands back the answered post's stored meta; its external id is the post id, not its number.
    const to = Number(reply.replyToMeta?.postNumber);
    if (Number.isSafeInteger(to) && to > 0) body.reply_to_post_number = to;
    const res = await discourseRequest<RawPost>(ctx, 'POST', '/posts.json', { body });
    const id = validId(res);
    if (id === null) {
      // Posts held for approval come back as { action: "enqueued", pending_post }: not on the forum yet,
      // and a resend would queue a second copy. A person has to look.
      if (res.action === 'enqueued')
        throw new ConnectorError(
          'Discourse queued the reply for moderator approval; it will appear once approved',
          'permanent',
          undefined,
          200,
        );
      throw new ConnectorError(
        'Discourse accepted the reply but did not return the created post',
        'unknown_outcome',
      );
    }
    return receiptOf(ctx, { ...res, id }, topicId);
  },

  async findSent(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt | null> {
    const topicId = Number(reply.conversationExternalId);
    if (!Number.isSafeInteger(topicId) || topicId <= 0)
      throw new ConnectorError(
        `Not a Discourse topic id: ${String(reply.conversationExternalId).slice(0, 40)}`,
        'permanent',
      );
    const me = config(ctx).apiUsername.toLowerCase();
    const since = reply.queuedAt - FIND_SENT_SKEW_MS;
    const want = norm(reply.body);

    const topic = await discourseRequest<Topic>(ctx, 'GET', `/t/${topicId}.json`);
    const inline = new Map<number, RawPost>();
    for (const p of asArray(topic.post_stream?.posts)) {
      const id = validId(p);
      if (id !== null) inline.set(id, p as RawPost);
    }
    const stream = asArray(topic.post_stream?.stream).filter(
      (x): x is number => typeof x === 'number' && Number.isSafeInteger(x),
    );
    const ids = stream.length > 0 ? stream : [...inline.keys()];

    // Walk the stream from its end (newest) in chunks, until a chunk reaches posts older than `since`.
    let end = ids.length;
    let chunks = 0;
    while (end > 0) {
      if (chunks >= FIND_SENT_MAX_CHUNKS) {
        throw new ConnectorError(
          `Could not read all recent posts of topic ${topicId} to check for the reply`,
          'transient',
        );
      }
      const chunkIds = ids.slice(Math.max(0, end - FIND_SENT_CHUNK), end);
      end -= chunkIds.length;
      const missing = chunkIds.filter((id) => !inline.has(id));
      const got = new Map<number, RawPost>();
      for (const id of chunkIds) if (inline.has(id)) got.set(id, inline.get(id)!);
      if (missing.length > 0) {
        chunks++;
        const page = await discourseRequest<Topic>(ctx, 'GET', `/t/${topicId}/posts.json`, {
          query: { 'post_ids[]': missing },
        });
        for (const p of asArray(page.post_stream?.posts)) {
          const id = validId(p);
          if (id !== null) got.set(id, p as RawPost);
        }
      }
      let reachedOlder = false;
      // Newest first within the chunk.
      for (const id of [...chunkIds].reverse()) {
        const p = got.get(id);
        if (!p) continue; // deleted or hidden since: not ours to find
        const at = typeof p.created_at === 'string' ? parseTimestamp(p.created_at) : NaN;
        if (Number.isFinite(at) && at < since) {
          reachedOlder = true;
          continue;
        }
        if (String(p.username ?? '').toLowerCase() !== me) continue;
        let raw = typeof p.raw === 'string' ? p.raw : null;
        if (raw === null) {
          // Topic payloads carry no `raw`: read the post itself (it does).
          const full = await discourseRequest<RawPost>(ctx, 'GET', `/posts/${id}.json`);
          raw = typeof full.raw === 'string' ? full.raw : null;
        }
        const text =
          raw !== null ? norm(raw) : norm(htmlToText(typeof p.cooked === 'string' ? p.cooked : ''));
        if (text === want) return receiptOf(ctx, { ...p, id }, topicId);
      }
      if (reachedOlder) break;
    }
    return null;
  },
};
