// electron/core/connectors/reddit: the Reddit connector (OAuth2 script app or installed app; polling
// only — Reddit has no webhooks or push for third-party apps).
//
// CONVERSATION MODEL
//   - A submission and its whole comment tree is ONE conversation (externalId = the submission's
//     fullname `t3_…`, kind `thread`). The submission is its first message; every comment is a
//     message with `replyToExternalId` = its `parent_id` (the comment or submission it answers).
//     A reply targets the comment it answers: `send` posts to `/api/comment` with
//     `thing_id = replyToExternalId` (or the submission when there is none).
//   - A private-message chain is ONE conversation (externalId = the chain's first message
//     `first_message_name`, or the message itself when it starts a chain; kind `private_message`).
//   - A modmail thread is ONE conversation (externalId `modmail:<conversation id>`, kind `modmail`;
//     messages `modmail:<conversation id>:<message id>`); replies go to the modmail reply endpoint.
//     Internal moderator notes arrive as staff messages with `meta.internal = true`.
//   - Inbox comment replies and username mentions belong to the submission they were written under
//     (from `context`), so they join that thread's conversation.
//   - Message ids are fullnames (`t1_`, `t3_`, `t4_`), unique across Reddit.
//   - Reported, filtered or held items (mod queue) arrive as items with `moderation` set; the same
//     message may have been delivered before without it (the core files the moderation item then).
//
// CURSOR (the only memory; stored by the core after the batch is committed)
//   { v: 1, me, subs, inbox, posts, comments, modqueue, modmail }
//   - inbox (`/message/inbox`: PMs, comment replies, mentions), posts (`/r/a+b/new`) and comments
//     (`/r/a+b/comments`) are listings, newest first. Per stream:
//       { since: created_utc (s) of the newest delivered item, seen: fullnames at exactly `since`,
//         anchors: the newest delivered fullnames (≤ 5), catchUp }.
//     A quiet poll reads the newest page (limit 100) once: if it reaches `since` (or is short), the
//     items newer than the watermark are delivered. If more than a page arrived (after a night
//     offline), the stream switches to catch-up and walks FORWARD from the anchor with
//     `before=<anchor>` (Reddit's "newer than" paging), oldest page first, at most
//     `maxPagesPerPoll` pages per poll, `more: true` until a short page says it is caught up. If the
//     anchors were deleted (`before` then returns nothing), it walks back from the newest page with
//     `after` down to the watermark (bounded). First sync: the newest `initialItems` per stream.
//   - `subs` is the subreddit set the post/comment cursors belong to; a changed set restarts them.
//   - modqueue (`/r/a+b/about/modqueue`, reported + spam-filtered + held items, not time-ordered):
//     every poll reads the first page; an item is delivered when it is new to the queue or its
//     reports changed (`seen`: fullname -> signature of state, count and reasons, bounded).
//   - modmail (`/api/mod/conversations?entity=a,b&sort=recent`): conversations whose `lastUpdated`
//     is after the watermark `since` (plus `sinceIds` at exactly `since`) are read in full
//     (`/api/mod/conversations/{id}`), oldest update first, at most MODMAIL_DETAILS per poll, and
//     the watermark follows them, so nothing is skipped when a poll stops early.
//   - `me`: the account name (from the credentials, or `/api/v1/me` once).
//
// REPLIES: Markdown, at most 10,000 characters (Reddit's comment, message and modmail limit).
// `/api/comment` (thing_id = target fullname, text) and `POST /api/mod/conversations/{id}` (body).
// Reddit has no idempotency key; after an unknown outcome `findSent` reads the account's recent
// comments (`/user/{me}/comments`), its sent messages (`/message/sent`) or the modmail thread for a
// reply to the same target created after `queuedAt` (minus 2 minutes of skew) with the same text
// (whitespace-normalized). It returns null only after reading the whole window.
//
// MODERATION: approve (`/api/approve`), remove with a reason (`/api/remove` spam=false, then
// `/api/v1/modactions/removal_reasons` with the reason as the mod note, ≤ 100 characters, and a
// removal reason id from `meta.removalReasonId` when the subreddit has one), lock / unlock
// (`/api/lock`, `/api/unlock`), ban with duration (days, 1–999; null = permanent) and reason
// (`/r/{sub}/api/friend` type=banned), unban (`/r/{sub}/api/unfriend`). All of them are idempotent
// on Reddit (a repeated approve/remove/lock/ban leaves the same state).
import { z } from 'zod';
import type {
  Connector,
  ItemBatch,
  ModerationRequest,
  ModerationResult,
  NormalizedItem,
  OutboundContent,
  OutboundReply,
  PollResult,
  RejectedItem,
  RenderResult,
  SentReceipt,
  SourceContext,
} from '../types';
import { recordedBodies } from '../recorded';
import { ConnectorError } from '../types';
import { knownAccount, redditRequest, rememberAccount, webOrigin } from './client';
import {
  flattenThings,
  mapModmail,
  mapPayload,
  mapThing,
  parseIsoDate,
  type ItemSource,
  type MapContext,
  type MapResult,
} from './mapper';
import { isObj } from '../../../../shared/guards';

export { mapPayload, mapThing, mapModmail } from './mapper';

/** Reddit's limit for comments, private messages and modmail (characters of Markdown). */
export const MAX_REPLY_LENGTH = 10_000;
export const PAGE_LIMIT = 100;
export const DEFAULT_INITIAL_ITEMS = 25;
export const DEFAULT_MAX_PAGES = 3;
/** Modmail conversations read in full per poll. */
export const MODMAIL_DETAILS = 10;
/** findSent considers replies created after queuedAt minus this (clock skew). */
export const FIND_SENT_SKEW_MS = 2 * 60_000;
const FIND_SENT_MAX_PAGES = 10;
const MODQUEUE_SEEN_MAX = 1000;
const SEEN_MAX = 200;
const ANCHORS = 5;

const SubredditName = z
  .string()
  .trim()
  .regex(/^(r\/)?[A-Za-z0-9][A-Za-z0-9_]{1,20}$/, 'is not a subreddit name')
  .transform((s) => s.replace(/^r\//, ''));

export const RedditConfig = z
  .object({
    authMode: z.enum(['script', 'installed']).default('script'),
    subreddits: z.array(SubredditName).max(100).default([]),
    inbox: z.boolean().optional(),
    modQueue: z.boolean().optional(),
    modmail: z.boolean().optional(),
    initialItems: z.number().int().min(1).max(100).optional(),
    maxPagesPerPoll: z.number().int().min(1).max(20).optional(),
    userAgent: z.string().trim().max(300).optional(),
    requestTimeoutMs: z.number().int().min(100).max(300_000).optional(),
  })
  .passthrough();

const StreamState = z.object({
  since: z.number().min(0),
  seen: z.array(z.string().max(20)).max(SEEN_MAX).default([]),
  anchors: z.array(z.string().max(20)).max(ANCHORS).default([]),
  catchUp: z.boolean().default(false),
});
type StreamState = z.infer<typeof StreamState>;
const Cursor = z.object({
  v: z.literal(1),
  me: z.string().max(100).nullable().default(null),
  subs: z.string().max(3000).default(''),
  inbox: StreamState.nullable().default(null),
  posts: StreamState.nullable().default(null),
  comments: StreamState.nullable().default(null),
  modqueue: z
    .object({
      seen: z.array(z.tuple([z.string().max(20), z.string().max(200)])).max(MODQUEUE_SEEN_MAX),
    })
    .nullable()
    .default(null),
  modmail: z
    .object({ since: z.number().nullable(), sinceIds: z.array(z.string().max(20)).max(200) })
    .nullable()
    .default(null),
});
export type RedditCursor = z.infer<typeof Cursor>;

type Cfg = {
  subs: string[];
  inbox: boolean;
  modQueue: boolean;
  modmail: boolean;
  initial: number;
  maxPages: number;
};
function config(ctx: SourceContext): Cfg {
  const c = ctx.config;
  const subs = Array.isArray(c.subreddits)
    ? c.subreddits
        .map((s) => SubredditName.safeParse(s))
        .filter((r) => r.success)
        .map((r) => r.data)
    : [];
  const int = (v: unknown, d: number, max: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 ? Math.min(v, max) : d;
  return {
    subs: [...new Set(subs)],
    inbox: c.inbox !== false,
    modQueue: c.modQueue !== false,
    modmail: c.modmail !== false,
    initial: int(c.initialItems, DEFAULT_INITIAL_ITEMS, PAGE_LIMIT),
    maxPages: int(c.maxPagesPerPoll, DEFAULT_MAX_PAGES, 20),
  };
}

type Listing = { kind?: unknown; data?: { children?: unknown; after?: unknown; before?: unknown } };
const norm = (s: string) => s.replace(/\r\n?/g, '\n').replace(/\s+/g, ' ').trim();
const FULLNAME = /^t[1-6]_[0-9a-z]{1,13}$/;

/** Name and created_utc of a listing child, when usable. */
function keyOf(child: unknown): { name: string; created: number } | null {
  const d = isObj(child) && isObj(child.data) ? child.data : null;
  if (
    !d ||
    typeof d.name !== 'string' ||
    !FULLNAME.test(d.name) ||
    typeof d.created_utc !== 'number' ||
    !Number.isFinite(d.created_utc)
  )
    return null;
  return { name: d.name, created: d.created_utc };
}

async function getListing(
  ctx: SourceContext,
  path: string,
  query: Record<string, string | number | undefined>,
): Promise<unknown[]> {
  const body = await redditRequest<Listing | null>(ctx, 'GET', path, { query });
  if (!isObj(body) || body.kind !== 'Listing' || !isObj(body.data))
    throw new ConnectorError(
      `Reddit sent something other than a Listing for ${path}`,
      'transient',
      undefined,
      200,
      'platform_error',
    );
  const children = body.data.children;
  if (!Array.isArray(children))
    throw new ConnectorError(
      `Reddit sent a Listing without children for ${path}`,
      'transient',
      undefined,
      200,
      'platform_error',
    );
  return children;
}

const newer = (s: StreamState, k: { name: string; created: number }) =>
  k.created > s.since || (k.created === s.since && !s.seen.includes(k.name));

/** Children of a newest-first page that are newer than the watermark (id-less ones by their older neighbour). */
function freshOf(page: unknown[], s: StreamState): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < page.length; i++) {
    const k = keyOf(page[i]);
    if (k) {
      if (newer(s, k)) out.push(page[i]);
      continue;
    }
    // A malformed child is delivered (and quarantined) once: when its older valid neighbour is new.
    let older: { name: string; created: number } | null = null;
    for (let j = i + 1; j < page.length && !older; j++) older = keyOf(page[j]);
    if (older && newer(s, older)) out.push(page[i]);
  }
  return out;
}

function advance(s: StreamState, delivered: unknown[]): StreamState {
  const keys = delivered
    .map(keyOf)
    .filter((k): k is { name: string; created: number } => k !== null);
  if (keys.length === 0) return s;
  const top = Math.max(s.since, ...keys.map((k) => k.created));
  const atTop = keys.filter((k) => k.created === top).map((k) => k.name);
  const seen = top === s.since ? [...new Set([...s.seen, ...atTop])] : atTop;
  const byNewest = [...keys].sort((a, b) => b.created - a.created).map((k) => k.name);
  const anchors = [...new Set([...byNewest, ...s.anchors])].slice(0, ANCHORS);
  return { since: top, seen: seen.slice(-SEEN_MAX), anchors, catchUp: s.catchUp };
}

type StreamRead = { raw: unknown[]; state: StreamState; more: boolean };

async function readStream(
  ctx: SourceContext,
  path: string,
  start: StreamState | null,
  cfg: Cfg,
): Promise<StreamRead> {
  if (!start) {
    const page = await getListing(ctx, path, { limit: cfg.initial });
    const state = advance({ since: 0, seen: [], anchors: [], catchUp: false }, page);
    return { raw: [...page].reverse(), state, more: false };
  }
  let s = start;
  let pages = 0;
  const raw: unknown[] = [];
  if (!s.catchUp) {
    const page = await getListing(ctx, path, { limit: PAGE_LIMIT });
    pages++;
    const fresh = freshOf(page, s);
    const complete =
      page.length < PAGE_LIMIT ||
      page.some((c) => {
        const k = keyOf(c);
        return k !== null && !newer(s, k);
      });
    // Listings are newest first; deliver oldest first (ties keep creation order).
    if (complete) return { raw: [...fresh].reverse(), state: advance(s, fresh), more: false };
    s = { ...s, catchUp: true };
  }
  while (pages < cfg.maxPages) {
    let page: unknown[] = [];
    for (const anchor of s.anchors) {
      page = await getListing(ctx, path, { limit: PAGE_LIMIT, before: anchor });
      pages++;
      if (page.length > 0 || pages >= cfg.maxPages) break;
    }
    if (page.length === 0) {
      // The anchors are gone (deleted/removed) or we are exactly caught up: walk back from the newest.
      const back: unknown[] = [];
      let after: string | undefined;
      let reached = false;
      while (pages < cfg.maxPages + 2 && !reached) {
        const p = await getListing(ctx, path, { limit: PAGE_LIMIT, after });
        pages++;
        back.push(...freshOf(p, s));
        const keys = p.map(keyOf).filter((k): k is { name: string; created: number } => k !== null);
        reached = p.length < PAGE_LIMIT || keys.some((k) => !newer(s, k));
        after = keys[keys.length - 1]?.name;
        if (!after) break;
      }
      if (!reached)
        ctx.logger.warn('reddit: a listing gap could not be read back to the watermark', {
          sourceId: ctx.sourceId,
          path,
        });
      raw.push(...back.reverse());
      return { raw, state: { ...advance(s, back), catchUp: false }, more: false };
    }
    const fresh = freshOf(page, s);
    raw.push(...[...fresh].reverse());
    // Forward paging: the page's newest items are the next anchors.
    const keys = page.map(keyOf).filter((k): k is { name: string; created: number } => k !== null);
    s = {
      ...advance(s, fresh),
      anchors: [...new Set([...keys.map((k) => k.name), ...s.anchors])].slice(0, ANCHORS),
    };
    if (page.length < PAGE_LIMIT) return { raw, state: { ...s, catchUp: false }, more: false };
  }
  return { raw, state: s, more: true };
}

/** Signature of an item's moderation state (what changes when it is reported again). */
function modSignature(it: NormalizedItem): string {
  const m = it.moderation;
  return m ? `${m.state}|${m.reportCount}|${m.reasons.join('\u0001')}`.slice(0, 200) : 'none';
}

async function resolveMe(ctx: SourceContext, hint: string | null = null): Promise<string> {
  const known = knownAccount(ctx) ?? hint;
  if (known) return known;
  const me = await redditRequest<{ name?: unknown }>(ctx, 'GET', '/api/v1/me');
  if (!isObj(me) || typeof me.name !== 'string' || !me.name)
    throw new ConnectorError(
      'Reddit did not say which account this is (/api/v1/me)',
      'transient',
      undefined,
      200,
      'platform_error',
    );
  rememberAccount(ctx, me.name);
  return me.name;
}

async function readModmail(
  ctx: SourceContext,
  cfg: Cfg,
  start: RedditCursor['modmail'],
): Promise<{ payloads: unknown[]; state: NonNullable<RedditCursor['modmail']>; more: boolean }> {
  type ConvRef = { id: string; at: number };
  const refs: ConvRef[] = [];
  let after: string | undefined;
  let reached = false;
  const since = start?.since ?? null;
  const sinceIds = start?.sinceIds ?? [];
  for (let pages = 0; pages < cfg.maxPages && !reached; pages++) {
    const body = await redditRequest<Record<string, unknown>>(
      ctx,
      'GET',
      '/api/mod/conversations',
      {
        query: {
          entity: cfg.subs.join(','),
          sort: 'recent',
          state: 'all',
          limit: since === null ? cfg.initial : PAGE_LIMIT,
          after,
        },
      },
    );
    const convs = isObj(body) && isObj(body.conversations) ? body.conversations : {};
    const ids =
      isObj(body) && Array.isArray(body.conversationIds)
        ? body.conversationIds.filter((x): x is string => typeof x === 'string')
        : Object.keys(convs);
    for (const id of ids) {
      const c = Object.hasOwn(convs, id) ? convs[id] : undefined;
      const at = isObj(c) && typeof c.lastUpdated === 'string' ? parseIsoDate(c.lastUpdated) : NaN;
      if (!/^[0-9a-z]{1,13}$/.test(id)) continue;
      if (!Number.isFinite(at)) {
        // Unusable date: read it (its messages are validated one by one) without moving the watermark.
        if (since === null || !sinceIds.includes(id)) refs.push({ id, at: since ?? 0 });
        continue;
      }
      if (since !== null && (at < since || (at === since && sinceIds.includes(id)))) {
        reached = true;
        continue;
      }
      refs.push({ id, at });
    }
    if (since === null) break; // first sync: the newest `initialItems` conversations only
    if (ids.length < PAGE_LIMIT) break;
    after = ids[ids.length - 1];
  }
  // Oldest update first, so the watermark only ever moves over conversations already read.
  refs.sort((a, b) => a.at - b.at);
  const todo = refs.slice(0, MODMAIL_DETAILS);
  const payloads: unknown[] = [];
  let state = { since, sinceIds };
  for (const r of todo) {
    try {
      payloads.push(await redditRequest<unknown>(ctx, 'GET', `/api/mod/conversations/${r.id}`));
    } catch (err) {
      // A conversation we may no longer see: skip it, keep the rest.
      if (!(
        err instanceof ConnectorError &&
        err.kind === 'permanent' &&
        (err.status === 403 || err.status === 404)
      ))
        throw err;
    }
    if (state.since === null || r.at > state.since) state = { since: r.at, sinceIds: [r.id] };
    else if (r.at === state.since)
      state = { since: r.at, sinceIds: [...new Set([...state.sinceIds, r.id])].slice(-200) };
  }
  if (state.since === null && since === null) state = { since: 0, sinceIds: [] };
  return {
    payloads,
    state: { since: state.since, sinceIds: state.sinceIds },
    more:
      refs.length > todo.length ||
      (!reached && since !== null && refs.length >= PAGE_LIMIT * cfg.maxPages),
  };
}

function collect(results: MapResult[], items: NormalizedItem[], rejected: RejectedItem[]): number {
  let skipped = 0;
  for (const r of results) {
    if ('item' in r) items.push(r.item);
    else if ('rejected' in r) rejected.push(r.rejected);
    else skipped++;
  }
  return skipped;
}

/** Markdown the way Reddit renders it: images become links (Reddit comments do not embed images). */
export function renderMarkdown(markdown: string): RenderResult {
  const text = markdown
    .replace(/\r\n?/g, '\n')
    .replace(
      /!\[([^\]\n]*)\]\(([^)\s]+)(?:\s+"[^"\n]*")?\)/g,
      (_, alt: string, url: string) => `[${alt.trim() || url}](${url})`,
    )
    // Angle-bracket autolinks are not Reddit Markdown; a bare URL is linked by Reddit itself.
    .replace(/<(https?:\/\/[^\s>]+)>/g, '$1')
    .trim();
  if (!text) return { ok: false, reason: 'empty', message: 'The reply is empty' };
  if (text.length > MAX_REPLY_LENGTH)
    return {
      ok: false,
      reason: 'too_long',
      message: `Reddit replies are limited to ${MAX_REPLY_LENGTH} characters (this one has ${text.length})`,
    };
  return { ok: true, text };
}

function replyText(reply: OutboundReply): string {
  const r = renderMarkdown(reply.content?.markdown ?? reply.body);
  if (!r.ok)
    throw new ConnectorError(
      r.message,
      'permanent',
      undefined,
      undefined,
      r.reason === 'too_long' ? 'too_long' : 'config',
    );
  return r.text;
}

type Target = { kind: 'modmail'; id: string } | { kind: 'thing'; thingId: string };
function targetOf(reply: OutboundReply): Target {
  const conv = String(reply.conversationExternalId);
  const mm = /^modmail:([0-9a-z]{1,13})$/.exec(conv);
  if (mm) return { kind: 'modmail', id: mm[1]! };
  const to = reply.replyToExternalId != null ? String(reply.replyToExternalId) : '';
  if (/^t[134]_[0-9a-z]{1,13}$/.test(to)) return { kind: 'thing', thingId: to };
  if (/^t[34]_[0-9a-z]{1,13}$/.test(conv)) return { kind: 'thing', thingId: conv };
  throw new ConnectorError(
    `Not a Reddit conversation or reply target: ${conv.slice(0, 40)}`,
    'permanent',
    undefined,
    undefined,
    'config',
  );
}

type ThingData = {
  name?: unknown;
  permalink?: unknown;
  created_utc?: unknown;
  link_id?: unknown;
  subreddit?: unknown;
  id?: unknown;
};
function receiptOfThing(ctx: SourceContext, d: ThingData): SentReceipt | null {
  if (typeof d.name !== 'string' || !FULLNAME.test(d.name)) return null;
  const origin = webOrigin(ctx);
  let url: string | null = null;
  if (typeof d.permalink === 'string' && d.permalink.startsWith('/'))
    url = `${origin}${d.permalink}`;
  else if (
    d.name.startsWith('t1_') &&
    typeof d.link_id === 'string' &&
    typeof d.subreddit === 'string'
  )
    url = `${origin}/r/${d.subreddit}/comments/${d.link_id.slice(3)}/_/${d.name.slice(3)}/`;
  else if (d.name.startsWith('t4_')) url = `${origin}/message/messages/${d.name.slice(3)}`;
  const at =
    typeof d.created_utc === 'number' && Number.isFinite(d.created_utc)
      ? Math.round(d.created_utc * 1000)
      : ctx.now();
  return { externalId: d.name, url, createdAt: at };
}

type ModmailBody = { conversation?: { objIds?: unknown }; messages?: unknown };
function modmailMessages(
  body: unknown,
): Array<{ id: string; author: string; date: number; markdown: string }> {
  const out: Array<{ id: string; author: string; date: number; markdown: string }> = [];
  const b = body as ModmailBody | null;
  const msgs = isObj(b?.messages) ? (b!.messages as Record<string, unknown>) : {};
  const order = Array.isArray(b?.conversation?.objIds)
    ? (b!.conversation!.objIds as unknown[])
    : [];
  for (const o of order) {
    if (!isObj(o) || o.key !== 'messages' || typeof o.id !== 'string' || !Object.hasOwn(msgs, o.id))
      continue;
    const m = msgs[o.id];
    if (
      !isObj(m) ||
      !isObj(m.author) ||
      typeof m.author.name !== 'string' ||
      typeof m.date !== 'string' ||
      typeof m.bodyMarkdown !== 'string'
    )
      continue;
    out.push({
      id: o.id,
      author: m.author.name,
      date: parseIsoDate(m.date),
      markdown: m.bodyMarkdown,
    });
  }
  return out;
}

async function thingInfo(
  ctx: SourceContext,
  fullname: string,
): Promise<{ subreddit: string | null; author: string | null }> {
  const body = await redditRequest<Listing>(ctx, 'GET', '/api/info', { query: { id: fullname } });
  const child = Array.isArray(body?.data?.children) ? body.data.children[0] : undefined;
  const d = isObj(child) && isObj(child.data) ? child.data : {};
  return {
    subreddit: typeof d.subreddit === 'string' ? d.subreddit : null,
    author: typeof d.author === 'string' ? d.author : null,
  };
}

export const redditConnector: Connector = {
  platform: 'reddit',
  label: { en: 'Reddit', da: 'Reddit', ru: 'Reddit' },
  capabilities: {
    reply: true,
    platformNotes: false,
    moderation: ['approve', 'remove', 'lock', 'unlock', 'ban', 'unban'],
    push: false,
    webhooks: false,
    replyFormat: 'markdown',
    maxReplyLength: MAX_REPLY_LENGTH,
  },
  fields: [
    {
      key: 'authMode',
      kind: 'select',
      required: true,
      label: { en: 'Reddit app type', da: 'Reddit-apptype', ru: 'Тип приложения Reddit' },
      help: {
        en: 'A "script" app signs in as the agency\'s moderator account; an installed app uses a refresh token.',
        da: 'En "script"-app logger ind som bureauets moderatorkonto; en installeret app bruger et refresh-token.',
        ru: 'Приложение «script» входит под учётной записью модератора агентства; установленное приложение использует refresh-токен.',
      },
      options: [
        {
          value: 'script',
          label: {
            en: 'Script app (username and password)',
            da: 'Script-app (brugernavn og adgangskode)',
            ru: 'Приложение script (имя и пароль)',
          },
        },
        {
          value: 'installed',
          label: {
            en: 'Installed app (refresh token)',
            da: 'Installeret app (refresh-token)',
            ru: 'Установленное приложение (refresh-токен)',
          },
        },
      ],
    },
    {
      key: 'subreddits',
      kind: 'list',
      required: true,
      label: { en: 'Subreddits', da: 'Subreddits', ru: 'Сабреддиты' },
      help: {
        en: "The client's subreddits (without r/): new posts, comments, the mod queue and modmail are read from these.",
        da: 'Kundens subreddits (uden r/): nye opslag, kommentarer, mod-køen og modmail læses herfra.',
        ru: 'Сабреддиты клиента (без r/): отсюда читаются новые посты, комментарии, очередь модерации и modmail.',
      },
      placeholder: 'examplebrand',
    },
    {
      key: 'inbox',
      kind: 'boolean',
      required: false,
      label: {
        en: "Import the account's inbox (messages, replies, mentions)",
        da: 'Importér kontoens indbakke (beskeder, svar, omtaler)',
        ru: 'Импортировать входящие (сообщения, ответы, упоминания)',
      },
    },
    {
      key: 'modQueue',
      kind: 'boolean',
      required: false,
      label: {
        en: 'Import the mod queue and reports',
        da: 'Importér mod-køen og rapporteringer',
        ru: 'Импортировать очередь модерации и жалобы',
      },
    },
    {
      key: 'modmail',
      kind: 'boolean',
      required: false,
      label: { en: 'Import modmail', da: 'Importér modmail', ru: 'Импортировать modmail' },
    },
    {
      key: 'clientId',
      kind: 'secret',
      required: true,
      label: { en: 'Client id', da: 'Klient-id', ru: 'ID клиента' },
      help: {
        en: 'reddit.com/prefs/apps → your app → the id under its name.',
        da: "reddit.com/prefs/apps → din app → id'et under navnet.",
        ru: 'reddit.com/prefs/apps → ваше приложение → id под названием.',
      },
    },
    {
      key: 'clientSecret',
      kind: 'secret',
      required: false,
      when: { key: 'authMode', in: ['script'] },
      label: { en: 'Client secret', da: 'Klienthemmelighed', ru: 'Секрет клиента' },
      help: {
        en: 'Stored encrypted, never shown again.',
        da: 'Gemmes krypteret og vises aldrig igen.',
        ru: 'Хранится в зашифрованном виде и больше не показывается.',
      },
    },
    {
      key: 'username',
      kind: 'secret',
      required: false,
      when: { key: 'authMode', in: ['script'] },
      label: {
        en: 'Moderator account username',
        da: 'Moderatorkontoens brugernavn',
        ru: 'Имя учётной записи модератора',
      },
    },
    {
      key: 'password',
      kind: 'secret',
      required: false,
      when: { key: 'authMode', in: ['script'] },
      label: {
        en: 'Moderator account password',
        da: 'Moderatorkontoens adgangskode',
        ru: 'Пароль учётной записи модератора',
      },
    },
    {
      key: 'refreshToken',
      kind: 'secret',
      required: false,
      when: { key: 'authMode', in: ['installed'] },
      label: { en: 'Refresh token', da: 'Refresh-token', ru: 'Refresh-токен' },
      help: {
        en: 'From the OAuth authorization of the installed app (duration=permanent).',
        da: 'Fra OAuth-godkendelsen af den installerede app (duration=permanent).',
        ru: 'Из OAuth-авторизации установленного приложения (duration=permanent).',
      },
    },
  ],
  configSchema: RedditConfig,
  // Reddit's free tier: about 100 queries per minute per OAuth client id (averaged over 10 minutes).
  defaultRatePerMinute: 100,

  async test(ctx: SourceContext): Promise<{ account: string }> {
    const me = await redditRequest<{ name?: unknown }>(ctx, 'GET', '/api/v1/me');
    if (!isObj(me) || typeof me.name !== 'string' || !me.name)
      throw new ConnectorError(
        'Reddit did not say which account this is',
        'transient',
        undefined,
        200,
        'platform_error',
      );
    rememberAccount(ctx, me.name);
    return { account: me.name };
  },

  render(content: OutboundContent): RenderResult {
    return renderMarkdown(content.markdown);
  },

  async poll(ctx: SourceContext, rawCursor: unknown): Promise<PollResult> {
    const cfg = config(ctx);
    const parsed = rawCursor == null ? null : Cursor.safeParse(rawCursor);
    if (parsed && !parsed.success)
      ctx.logger.warn('reddit: unreadable cursor, starting a first sync', {
        sourceId: ctx.sourceId,
      });
    const cursor = parsed?.success ? parsed.data : null;
    const me = await resolveMe(ctx, cursor?.me ?? null);
    const subsKey = cfg.subs
      .map((s) => s.toLowerCase())
      .sort()
      .join('+');
    const sameSubs = cursor?.subs === subsKey;
    const mctx = (source: ItemSource): MapContext => ({ me, webOrigin: webOrigin(ctx), source });

    const items: NormalizedItem[] = [];
    const rejected: RejectedItem[] = [];
    let more = false;
    const next: RedditCursor = {
      v: 1,
      me,
      subs: subsKey,
      inbox: cursor?.inbox ?? null,
      posts: sameSubs ? (cursor?.posts ?? null) : null,
      comments: sameSubs ? (cursor?.comments ?? null) : null,
      modqueue: sameSubs ? (cursor?.modqueue ?? null) : null,
      modmail: sameSubs ? (cursor?.modmail ?? null) : null,
    };
    const take = (raw: unknown[], source: ItemSource) =>
      collect(
        raw.map((t) => mapThing(t, mctx(source))),
        items,
        rejected,
      );

    if (cfg.inbox) {
      const r = await readStream(ctx, '/message/inbox', next.inbox, cfg);
      take(r.raw, 'inbox');
      next.inbox = r.state;
      more ||= r.more;
    }
    if (cfg.subs.length > 0) {
      const multi = cfg.subs.join('+');
      const posts = await readStream(ctx, `/r/${multi}/new`, next.posts, cfg);
      take(posts.raw, 'listing');
      next.posts = posts.state;
      const comments = await readStream(ctx, `/r/${multi}/comments`, next.comments, cfg);
      take(comments.raw, 'listing');
      next.comments = comments.state;
      more ||= posts.more || comments.more;

      if (cfg.modQueue) {
        const page = await getListing(ctx, `/r/${multi}/about/modqueue`, { limit: PAGE_LIMIT });
        const prev = new Map(next.modqueue?.seen ?? []);
        const seen: Array<[string, string]> = [];
        for (const child of flattenThings(page)) {
          const r = mapThing(child, mctx('modqueue'));
          if ('item' in r) {
            const sig = modSignature(r.item);
            seen.push([r.item.message.externalId, sig]);
            if (prev.get(r.item.message.externalId) !== sig) items.push(r.item);
          } else if ('rejected' in r) {
            const k = keyOf(child);
            // A malformed queue entry is quarantined once, not on every poll.
            if (!k || !prev.has(k.name)) rejected.push(r.rejected);
            if (k) seen.push([k.name, 'rejected']);
          }
        }
        next.modqueue = { seen: seen.slice(0, MODQUEUE_SEEN_MAX) };
      }
      if (cfg.modmail) {
        const mm = await readModmail(ctx, cfg, next.modmail);
        for (const p of mm.payloads) collect(mapModmail(p, mctx('listing')), items, rejected);
        next.modmail = mm.state;
        more ||= mm.more;
      }
    }
    // One item per message (a reported comment is in the comment stream and the mod queue: keep the
    // copy with its moderation state), oldest first so a conversation opens with its first message.
    const byId = new Map<string, NormalizedItem>();
    for (const it of items) {
      const prev = byId.get(it.message.externalId);
      if (!prev || (it.moderation && !prev.moderation)) byId.set(it.message.externalId, it);
    }
    const unique = [...byId.values()].sort((a, b) => a.message.createdAt - b.message.createdAt);
    return { items: unique, rejected, cursor: next, more };
  },

  async send(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt> {
    const text = replyText(reply);
    const target = targetOf(reply);
    if (target.kind === 'modmail') {
      const body = await redditRequest<ModmailBody>(
        ctx,
        'POST',
        `/api/mod/conversations/${target.id}`,
        { form: { body: text, isAuthorHidden: false, isInternal: false } },
      );
      const msgs = modmailMessages(body);
      const me = (knownAccount(ctx) ?? '').toLowerCase();
      // The created message is the newest one by us with this text (the response is the whole thread).
      const mine = [...msgs]
        .reverse()
        .find((m) => norm(m.markdown) === norm(text) && (!me || m.author.toLowerCase() === me));
      if (!mine)
        throw new ConnectorError(
          'Reddit accepted the modmail reply but did not return it',
          'unknown_outcome',
          undefined,
          201,
          'platform_error',
        );
      return {
        externalId: `modmail:${target.id}:${mine.id}`,
        url: `${webOrigin(ctx).replace('://www.', '://mod.')}/mail/perma/${target.id}/${mine.id}`,
        createdAt: Number.isFinite(mine.date) ? mine.date : ctx.now(),
      };
    }
    const res = await redditRequest<{ json?: { data?: { things?: unknown } } }>(
      ctx,
      'POST',
      '/api/comment',
      { form: { thing_id: target.thingId, text } },
    );
    const things = res?.json?.data?.things;
    const first = Array.isArray(things) ? things[0] : undefined;
    const receipt =
      isObj(first) && isObj(first.data) ? receiptOfThing(ctx, first.data as ThingData) : null;
    if (!receipt)
      throw new ConnectorError(
        'Reddit accepted the reply but did not return the created comment',
        'unknown_outcome',
        undefined,
        200,
        'platform_error',
      );
    return receipt;
  },

  async findSent(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt | null> {
    const text = norm(replyText(reply));
    const target = targetOf(reply);
    const since = reply.queuedAt - FIND_SENT_SKEW_MS;
    const me = await resolveMe(ctx);
    if (target.kind === 'modmail') {
      const body = await redditRequest<ModmailBody>(
        ctx,
        'GET',
        `/api/mod/conversations/${target.id}`,
      );
      const hit = modmailMessages(body).find(
        (m) =>
          m.author.toLowerCase() === me.toLowerCase() &&
          (!Number.isFinite(m.date) || m.date >= since) &&
          norm(m.markdown) === text,
      );
      return hit
        ? {
            externalId: `modmail:${target.id}:${hit.id}`,
            url: `${webOrigin(ctx).replace('://www.', '://mod.')}/mail/perma/${target.id}/${hit.id}`,
            createdAt: Number.isFinite(hit.date) ? hit.date : ctx.now(),
          }
        : null;
    }
    // Comments live in the account's comment history; replies to private messages in its sent box.
    const path = target.thingId.startsWith('t4_')
      ? '/message/sent'
      : `/user/${encodeURIComponent(me)}/comments`;
    let after: string | undefined;
    for (let page = 0; page < FIND_SENT_MAX_PAGES; page++) {
      const children = await getListing(ctx, path, {
        limit: PAGE_LIMIT,
        sort: path.startsWith('/user/') ? 'new' : undefined,
        after,
      });
      let older = false;
      for (const c of children) {
        const d = isObj(c) && isObj(c.data) ? c.data : null;
        if (!d) continue;
        const created = typeof d.created_utc === 'number' ? d.created_utc * 1000 : NaN;
        if (Number.isFinite(created) && created < since) {
          older = true;
          continue;
        }
        if (d.parent_id !== target.thingId) continue;
        if (typeof d.author === 'string' && d.author.toLowerCase() !== me.toLowerCase()) continue;
        if (typeof d.body === 'string' && norm(d.body) === text) {
          const receipt = receiptOfThing(ctx, d as ThingData);
          if (receipt) return receipt;
        }
      }
      const last = children
        .map(keyOf)
        .filter((k) => k !== null)
        .pop();
      if (older || children.length < PAGE_LIMIT || !last) return null;
      after = last.name;
    }
    throw new ConnectorError(
      "Could not read all of the account's recent replies to check for the reply",
      'transient',
      undefined,
      undefined,
      'platform_error',
    );
  },

  async moderate(ctx: SourceContext, action: ModerationRequest): Promise<ModerationResult> {
    const meta = action.meta ?? {};
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    const thing =
      [action.messageExternalId, action.conversationExternalId]
        .map((x) => (x == null ? '' : String(x)))
        .find((x) => /^t[13]_[0-9a-z]{1,13}$/.test(x)) ?? null;
    const needThing = () => {
      if (!thing)
        throw new ConnectorError(
          'This moderation action needs a Reddit post or comment',
          'permanent',
          undefined,
          undefined,
          'config',
        );
      return thing;
    };
    const reason = action.reason?.trim() || null;
    switch (action.kind) {
      case 'approve':
        await redditRequest(ctx, 'POST', '/api/approve', { form: { id: needThing() } });
        return { platformResponse: `approved ${thing}` };
      case 'remove': {
        const id = needThing();
        await redditRequest(ctx, 'POST', '/api/remove', { form: { id, spam: false } });
        const reasonId = str(meta.removalReasonId);
        if (reason || reasonId) {
          await redditRequest(ctx, 'POST', '/api/v1/modactions/removal_reasons', {
            form: {
              json: JSON.stringify({
                item_ids: [id],
                mod_note: (reason ?? '').slice(0, 100),
                reason_id: reasonId,
              }),
            },
          });
        }
        return {
          platformResponse: `removed ${id}${reason ? ` (mod note: ${reason.slice(0, 100)})` : ''}${reasonId ? ` [removal reason ${reasonId}]` : ''}`,
        };
      }
      case 'lock':
      case 'unlock':
        await redditRequest(ctx, 'POST', `/api/${action.kind}`, { form: { id: needThing() } });
        return { platformResponse: `${action.kind}ed ${thing}` };
      case 'ban':
      case 'unban': {
        let subreddit = str(meta.subreddit);
        const member = action.memberExternalId ?? '';
        let username =
          str(meta.username) ??
          str(meta.author) ??
          (member.startsWith('u:') ? member.slice(2) : null);
        if ((!subreddit || !username) && thing) {
          const info = await thingInfo(ctx, thing);
          subreddit ??= info.subreddit;
          username ??= info.author;
        }
        const subs = config(ctx).subs;
        if (!subreddit && subs.length === 1) subreddit = subs[0]!;
        if (!subreddit || !SubredditName.safeParse(subreddit).success)
          throw new ConnectorError(
            'Which subreddit to ban from is unknown',
            'permanent',
            undefined,
            undefined,
            'config',
          );
        if (!username || !/^[\w-]{1,40}$/.test(username) || username === '[deleted]')
          throw new ConnectorError(
            'Which account to ban is unknown',
            'permanent',
            undefined,
            undefined,
            'config',
          );
        if (action.kind === 'unban') {
          await redditRequest(ctx, 'POST', `/r/${subreddit}/api/unfriend`, {
            form: { name: username, type: 'banned' },
          });
          return { platformResponse: `unbanned u/${username} from r/${subreddit}` };
        }
        // Reddit bans last 1–999 days, or forever when no duration is sent.
        const days =
          action.durationMinutes == null
            ? null
            : Math.min(999, Math.max(1, Math.ceil(action.durationMinutes / 1440)));
        await redditRequest(ctx, 'POST', `/r/${subreddit}/api/friend`, {
          form: {
            name: username,
            type: 'banned',
            duration: days ?? undefined,
            ban_reason: reason?.slice(0, 100),
            note: reason?.slice(0, 300),
          },
        });
        return {
          platformResponse: `banned u/${username} from r/${subreddit} ${days === null ? 'permanently' : `for ${days} day${days === 1 ? '' : 's'}`}`,
        };
      }
      default:
        throw new ConnectorError(
          `Reddit moderation does not support "${action.kind}"`,
          'permanent',
          undefined,
          undefined,
          'config',
        );
    }
  },

  replay(payload: unknown, hint: { fileName: string }): ItemBatch & { skipped: number } {
    const items: NormalizedItem[] = [];
    const rejected: RejectedItem[] = [];
    let skipped = 0;
    const ctx: MapContext = {
      me: null,
      webOrigin: 'https://www.reddit.com',
      source: /modqueue|reports|spam/i.test(hint.fileName)
        ? 'modqueue'
        : /inbox|message/i.test(hint.fileName)
          ? 'inbox'
          : 'listing',
    };
    for (const body of recordedBodies(payload)) {
      if (body === undefined) {
        skipped++;
        continue;
      }
      skipped += collect(mapPayload(body, ctx), items, rejected);
    }
    return { items, rejected, skipped };
  },
};
