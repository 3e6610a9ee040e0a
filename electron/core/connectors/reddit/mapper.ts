// electron/core/connectors/reddit: Reddit JSON -> NormalizedItem (pure, no I/O). Inbound content is
// hostile: every field we rely on is validated with zod; an item that fails becomes a RejectedItem
// with the field and the problem (quarantined by the core), never an exception.
//
// Shapes handled (all from the recorded API, see PLATFORM-APIS.md §2):
//   - Things `{kind, data}`: t1 comment (subreddit listings, inbox replies/mentions, mod queues,
//     `/api/comment` results), t3 submission, t4 private message; `more` stubs are skipped.
//   - Listings `{kind:"Listing", data:{children, after, before}}`, arrays of Listings (a submission
//     page `/comments/{id}`), nested `replies` (a Listing, or "" when there are none).
//   - Write results `{json:{errors, data:{things}}}`.
//   - New modmail: one conversation `{conversation, messages, modActions, user}` and the list
//     `{conversations, messages, conversationIds, viewerId}`.
// Conventions: fullnames (`t1_`/`t3_`/`t4_` + base-36 id) are the message ids; `edited` is `false` or
// an epoch in seconds (the edit time becomes the platform version, so a later edit replaces the text);
// `[deleted]`/`[removed]` bodies mark the message deleted; `body_html` is kept as Reddit sends it,
// decoded once when it arrives entity-escaped (a request without `raw_json=1`).
import { z } from 'zod';
import type { NormalizedItem, RejectedItem } from '../types';
import { isObj } from '../../../../shared/guards';

export type MapResult = { item: NormalizedItem } | { rejected: RejectedItem } | { skipped: string };

/** Where an item was read: mod queues mark every item as moderation work. */
export type ItemSource = 'listing' | 'inbox' | 'modqueue' | 'spam';
export type MapContext = {
  /** The connected account (lower-cased comparison): its posts are outbound. */
  me: string | null;
  /** Web origin for permalinks (https://www.reddit.com, or the simulator's). */
  webOrigin: string;
  source?: ItemSource;
};

/** Largest body we accept (characters); Reddit's own limit is 40,000 for posts, 10,000 for comments. */
export const MAX_BODY_CHARS = 200_000;
const MAX_TITLE_CHARS = 1_000;
/** Hostile nesting and sizes are bounded: at most this many things out of one payload. */
export const MAX_THINGS = 20_000;
const MAX_DEPTH = 200;

const FULLNAME = /^t[1-6]_[0-9a-z]{1,13}$/;
const ID36 = /^[0-9a-z]{1,13}$/;
/** Seconds since the epoch, 2005-01-01 .. 2100-01-01 (Reddit launched in 2005). */
const Epoch = z.number().finite().min(1_104_537_600).max(4_102_444_800);
const Fullname = z.string().regex(FULLNAME, 'is not a Reddit fullname');
const Id36 = z.string().regex(ID36, 'is not a base-36 id');
const optStr = (max = 10_000) => z.string().max(max).nullish().catch(null);

/** Report arrays: user_reports `[[reason, count, snoozed?, canSnooze?]]`, mod_reports `[[reason, moderator]]`. */
const ReportList = z.array(z.array(z.unknown())).max(1000).nullish().catch(null);

const Common = {
  id: Id36,
  name: Fullname,
  author: z.string().min(1).max(100).nullable(),
  author_fullname: z
    .string()
    .regex(/^t2_[0-9a-z]{1,13}$/)
    .nullish()
    .catch(null),
  created_utc: Epoch,
  edited: z.union([z.boolean(), Epoch]).default(false),
  subreddit: z.string().max(100).nullish().catch(null),
  distinguished: optStr(32),
  permalink: optStr(2000),
  user_reports: ReportList,
  mod_reports: ReportList,
  num_reports: z.number().int().min(0).nullish().catch(null),
  banned_by: z
    .union([z.string().max(100), z.boolean()])
    .nullish()
    .catch(null),
  removed_by_category: optStr(64),
  removal_reason: optStr(1000),
  removed: z.boolean().nullish().catch(null),
  approved: z.boolean().nullish().catch(null),
  spam: z.boolean().nullish().catch(null),
  locked: z.boolean().nullish().catch(null),
};

export const RedditComment = z.object({
  ...Common,
  body: z.string(),
  body_html: z.string().nullish().catch(null),
  link_id: Fullname.nullish(),
  parent_id: Fullname.nullish(),
  link_title: optStr(MAX_TITLE_CHARS * 4),
  link_permalink: optStr(2000),
  context: optStr(2000),
  type: optStr(64),
});
export const RedditSubmission = z.object({
  ...Common,
  title: z.string().max(MAX_TITLE_CHARS * 4),
  selftext: z.string().nullish().catch(null),
  selftext_html: z.string().nullish().catch(null),
  url: optStr(4000),
  is_self: z.boolean().nullish().catch(null),
});
export const RedditMessage = z.object({
  ...Common,
  // PMs sent by a subreddit have no author; system messages come from "reddit".
  author: z.string().min(1).max(100).nullish(),
  body: z.string(),
  body_html: z.string().nullish().catch(null),
  subject: z.string().max(MAX_TITLE_CHARS * 4),
  first_message_name: Fullname.nullish().catch(null),
  parent_id: Fullname.nullish().catch(null),
  dest: optStr(100),
  // Old messages carry `edited` nowhere; default false.
  edited: z.union([z.boolean(), Epoch]).default(false).catch(false),
});

const ModmailAuthor = z.object({
  name: z.string().min(1).max(100),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullish().catch(null),
  isMod: z.boolean().nullish().catch(null),
  isAdmin: z.boolean().nullish().catch(null),
  isDeleted: z.boolean().nullish().catch(null),
  isHidden: z.boolean().nullish().catch(null),
});
const IsoDate = z
  .string()
  .max(64)
  .refine((s) => Number.isFinite(parseIsoDate(s)), {
    message: 'is not an ISO-8601 date-time with an offset',
  });
export const ModmailMessage = z.object({
  id: Id36,
  body: z.string(),
  bodyMarkdown: z.string(),
  author: ModmailAuthor,
  date: IsoDate,
  isInternal: z.boolean().nullish().catch(null),
});
export const ModmailConversation = z.object({
  id: Id36,
  subject: z.string().max(MAX_TITLE_CHARS * 4),
  objIds: z.array(z.object({ id: z.string().max(32), key: z.string().max(32) })).max(10_000),
  owner: z
    .object({ displayName: z.string().max(100).nullish().catch(null) })
    .nullish()
    .catch(null),
  isInternal: z.boolean().nullish().catch(null),
  lastUpdated: IsoDate.nullish().catch(null),
});

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;
/** Modmail dates: `2017-03-07T15:28:19.342937+00:00` and `2023-07-11T20:33:14.617000+0000` -> ms; NaN otherwise. */
export function parseIsoDate(s: string): number {
  const m = ISO.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, sec, frac = '', off] = m;
  if (Number(y) < 2005) return NaN;
  const zone = off === 'Z' ? 'Z' : `${off!.slice(0, 3)}:${off!.slice(-2)}`;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}.${(frac + '000').slice(0, 3)}${zone}`);
  if (!Number.isFinite(t)) return NaN;
  // Reject dates JS would roll over (02-31 -> March).
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDate() === Number(d)
    ? t
    : NaN;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  '#x27': "'",
  apos: "'",
};
/** Reddit's entity escaping (what it sends without raw_json=1), undone once. */
export function unescapeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (_, e: string) => ENTITIES[e] ?? _);
}
/** body_html arrives escaped (`&lt;div class=&quot;md&quot;&gt;`) without raw_json=1; normal HTML otherwise. */
export function isEscapedHtml(html: string): boolean {
  return /^\s*&lt;(!--|div|p)\b/.test(html);
}

/** A copy of a raw item small enough to quarantine (long strings cut, nested objects summarised). */
export function quarantineCopy(raw: unknown, limit = 4000): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    if (typeof raw === 'string' && raw.length > limit)
      return `${raw.slice(0, limit)}… [${raw.length} chars]`;
    if (Array.isArray(raw)) return `[array of ${raw.length}]`;
    return raw;
  }
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (out.length >= 200) break;
    if (typeof v === 'string' && v.length > limit)
      out.push([k, `${v.slice(0, limit)}… [${v.length} chars]`]);
    else if (v !== null && typeof v === 'object') {
      let json: string;
      try {
        json = JSON.stringify(v) ?? '';
      } catch {
        json = '';
      }
      out.push([
        k,
        json.length > limit || json === ''
          ? `[${Array.isArray(v) ? 'array' : 'object'} of ${json.length} chars]`
          : v,
      ]);
    } else out.push([k, v]);
  }
  // fromEntries defines own properties: a "__proto__" key stays data, never a prototype.
  return Object.fromEntries(out);
}

const own = (o: Record<string, unknown>, k: string): unknown =>
  Object.hasOwn(o, k) ? o[k] : undefined;
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

function describe(kind: unknown, data: unknown): string {
  const name = isObj(data) ? own(data, 'name') : undefined;
  const id = isObj(data) ? own(data, 'id') : undefined;
  const label =
    typeof name === 'string'
      ? clip(name, 40)
      : id !== undefined
        ? `id ${clip(JSON.stringify(id) ?? String(id), 40)}`
        : '(no id)';
  const k = typeof kind === 'string' ? clip(kind, 10) : 'thing';
  return `Reddit ${k} ${label}`;
}

function reject(
  what: string,
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> | string,
  raw: unknown,
): MapResult {
  const why =
    typeof issues === 'string'
      ? issues
      : issues
          .slice(0, 3)
          .map((i) => `${i.path.map(String).join('.') || '(item)'} ${i.message}`)
          .join('; ');
  return { rejected: { reason: `${what} rejected: ${why}`, raw: quarantineCopy(raw) } };
}

/** Web URL for a permalink path (`/r/x/comments/...`); absolute http(s) URLs are kept; anything else -> null. */
export function webUrl(origin: string, path: string | null | undefined): string | null {
  if (!path) return null;
  try {
    const u = new URL(path, origin.endsWith('/') ? origin : `${origin}/`);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** The submission id in a comment's context/permalink (`/r/x/comments/<id>/slug/<comment>/`). */
export function linkIdFromPath(path: string | null | undefined): string | null {
  const m = /\/comments\/([0-9a-z]{1,13})(?:\/|$)/.exec(path ?? '');
  return m ? `t3_${m[1]}` : null;
}

const DELETED = new Set(['[deleted]', '[removed]']);

function reasonsOf(
  list: unknown[][] | null | undefined,
  countAt: number | null,
): { reasons: string[]; count: number } {
  const reasons: string[] = [];
  let count = 0;
  for (const r of list ?? []) {
    const reason =
      typeof r[0] === 'string' && r[0].trim() ? clip(r[0].trim(), 300) : 'no reason given';
    if (!reasons.includes(reason) && reasons.length < 50) reasons.push(reason);
    const n = countAt !== null ? r[countAt] : 1;
    count += typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? Math.min(n, 1_000_000) : 1;
  }
  return { reasons, count };
}

type CommonData = z.infer<z.ZodObject<typeof Common>>;

/** Reports -> `reported`; in the mod queue, unreported items were filtered (spam/AutoModerator) or held. */
export function moderationOf(
  d: CommonData,
  source: ItemSource,
): NormalizedItem['moderation'] | undefined {
  const user = reasonsOf(d.user_reports, 1);
  const mod = reasonsOf(d.mod_reports, null);
  const reasons = [...user.reasons, ...mod.reasons.filter((r) => !user.reasons.includes(r))];
  const count = Math.max(d.num_reports ?? 0, user.count + mod.count);
  // Outside the queues, reports on an item a moderator already removed or approved are settled work.
  const settled =
    d.removed === true ||
    d.approved === true ||
    d.spam === true ||
    (typeof d.banned_by === 'string' && d.banned_by !== '');
  if (count > 0 && source !== 'modqueue' && source !== 'spam' && settled) return undefined;
  if (count > 0)
    return {
      state: 'reported',
      reasons: reasons.length ? reasons : ['no reason given'],
      reportCount: count,
    };
  if (
    source === 'spam' ||
    (source === 'modqueue' && (d.banned_by || d.removed_by_category || d.spam))
  ) {
    const why =
      d.removed_by_category ??
      (typeof d.banned_by === 'string' ? `removed by ${d.banned_by}` : 'spam filter');
    return { state: 'filtered', reasons: [clip(why, 300)], reportCount: 0 };
  }
  if (source === 'modqueue') return { state: 'held', reasons: ['awaiting review'], reportCount: 0 };
  return undefined;
}

/** Seconds -> ms; the edit time doubles as the version (later edits are larger), a deletion bumps it. */
function versioning(
  created: number,
  edited: boolean | number,
  deleted: boolean,
): { editedAt: number | null; version: number } {
  const editedAt = typeof edited === 'number' && edited > 0 ? Math.round(edited * 1000) : null;
  let version = editedAt !== null ? Math.max(2, Math.floor(edited as number)) : 1;
  if (deleted) version = Math.max(version, Math.floor(created)) + 1;
  return { editedAt, version };
}

function member(
  author: string | null | undefined,
  fullname: string | null | undefined,
  ctx: MapContext,
  staffFlag: boolean,
  fallback: string,
) {
  const name = author && author.trim() ? author.trim() : fallback;
  const me = ctx.me?.trim().toLowerCase() ?? '';
  return {
    externalId: fullname ?? `u:${name.toLowerCase()}`,
    username: name,
    displayName: name,
    avatarUrl: null,
    isStaff: (me !== '' && name.toLowerCase() === me) || staffFlag,
  };
}

function bodies(
  html: string | null | undefined,
  markdown: string,
): { bodyHtml: string; bodyText: string } {
  const escaped = html ? isEscapedHtml(html) : false;
  // Without raw_json=1 the Markdown is escaped too (&amp; &lt; &gt;).
  const text = escaped ? unescapeEntities(markdown) : markdown;
  return { bodyHtml: html ? (escaped ? unescapeEntities(html) : html) : '', bodyText: text.trim() };
}

function titleOf(t: string | null | undefined, fallback: string): string {
  const s = (t ?? '').replace(/\s+/g, ' ').trim();
  return clip(s || fallback, MAX_TITLE_CHARS);
}

function mapComment(data: unknown, ctx: MapContext, source: ItemSource): MapResult {
  const p = RedditComment.safeParse(data);
  if (!p.success) return reject(describe('t1', data), p.error.issues, data);
  const c = p.data;
  if (c.name !== `t1_${c.id}`)
    return reject(describe('t1', data), `name ${clip(c.name, 20)} does not match id ${c.id}`, data);
  if (c.body.length > MAX_BODY_CHARS)
    return reject(
      describe('t1', data),
      `body is ${c.body.length} characters (limit ${MAX_BODY_CHARS})`,
      data,
    );
  const linkId =
    c.link_id ??
    linkIdFromPath(c.context) ??
    linkIdFromPath(c.permalink) ??
    (c.parent_id?.startsWith('t3_') ? c.parent_id : null);
  if (!linkId || !linkId.startsWith('t3_'))
    return reject(
      describe('t1', data),
      'the submission it belongs to is unknown (no link_id, context or t3 parent)',
      data,
    );
  const deleted = DELETED.has(c.body.trim()) || c.removed === true;
  const { editedAt, version } = versioning(c.created_utc, c.edited, deleted);
  const created = Math.round(c.created_utc * 1000);
  const sub = c.subreddit ?? null;
  const permalink = c.permalink ?? (c.context ? c.context.replace(/\?.*$/, '') : null);
  const threadUrl = webUrl(
    ctx.webOrigin,
    c.link_permalink ??
      (sub ? `/r/${sub}/comments/${linkId.slice(3)}/` : `/comments/${linkId.slice(3)}/`),
  );
  const item: NormalizedItem = {
    conversation: {
      externalId: linkId,
      title: titleOf(c.link_title, sub ? `Thread in r/${sub}` : 'Reddit thread'),
      url: threadUrl,
      // A comment's thread started no later than the comment (the submission's time is not in a comment).
      createdAt: created,
      kind: 'thread',
      meta: { subreddit: sub },
    },
    member: member(
      c.author,
      c.author_fullname,
      ctx,
      c.distinguished === 'moderator' || c.distinguished === 'admin',
      '[deleted]',
    ),
    message: {
      externalId: c.name,
      ...bodies(c.body_html, c.body),
      createdAt: created,
      editedAt,
      version,
      deleted,
      url: webUrl(ctx.webOrigin, permalink),
      replyToExternalId: c.parent_id ?? null,
      meta: {
        fullname: c.name,
        subreddit: sub,
        author: c.author,
        inboxType: source === 'inbox' ? (c.type ?? null) : null,
      },
    },
  };
  const mod = moderationOf(c, source);
  if (mod) item.moderation = mod;
  return { item };
}

function mapSubmission(data: unknown, ctx: MapContext, source: ItemSource): MapResult {
  const p = RedditSubmission.safeParse(data);
  if (!p.success) return reject(describe('t3', data), p.error.issues, data);
  const s = p.data;
  if (s.name !== `t3_${s.id}`)
    return reject(describe('t3', data), `name ${clip(s.name, 20)} does not match id ${s.id}`, data);
  const self = s.selftext ?? '';
  if (self.length > MAX_BODY_CHARS)
    return reject(
      describe('t3', data),
      `selftext is ${self.length} characters (limit ${MAX_BODY_CHARS})`,
      data,
    );
  const link = s.is_self === false && s.url ? webUrl(ctx.webOrigin, s.url) : null;
  const deleted = DELETED.has(self.trim()) || s.removed === true;
  const { editedAt, version } = versioning(s.created_utc, s.edited, deleted);
  const created = Math.round(s.created_utc * 1000);
  const b = bodies(s.selftext_html, self);
  // A link post's "body" is its link.
  const bodyText = b.bodyText || (link ?? '');
  const url = webUrl(
    ctx.webOrigin,
    s.permalink ?? (s.subreddit ? `/r/${s.subreddit}/comments/${s.id}/` : `/comments/${s.id}/`),
  );
  const item: NormalizedItem = {
    conversation: {
      externalId: s.name,
      title: titleOf(s.title, `Post ${s.id}`),
      url,
      createdAt: created,
      kind: 'thread',
      meta: { subreddit: s.subreddit ?? null },
    },
    member: member(
      s.author,
      s.author_fullname,
      ctx,
      s.distinguished === 'moderator' || s.distinguished === 'admin',
      '[deleted]',
    ),
    message: {
      externalId: s.name,
      bodyHtml:
        b.bodyHtml ||
        (link
          ? `<p><a href="${link.replace(/"/g, '&quot;')}">${link.replace(/</g, '&lt;')}</a></p>`
          : ''),
      bodyText: bodyText || titleOf(s.title, ''),
      createdAt: created,
      editedAt,
      version,
      deleted,
      url,
      replyToExternalId: null,
      meta: {
        fullname: s.name,
        subreddit: s.subreddit ?? null,
        author: s.author,
        locked: s.locked ?? false,
      },
    },
  };
  const mod = moderationOf(s, source);
  if (mod) item.moderation = mod;
  return { item };
}

function mapMessage(data: unknown, ctx: MapContext): MapResult {
  const p = RedditMessage.safeParse(data);
  if (!p.success) return reject(describe('t4', data), p.error.issues, data);
  const m = p.data;
  if (m.name !== `t4_${m.id}`)
    return reject(describe('t4', data), `name ${clip(m.name, 20)} does not match id ${m.id}`, data);
  if (m.body.length > MAX_BODY_CHARS)
    return reject(
      describe('t4', data),
      `body is ${m.body.length} characters (limit ${MAX_BODY_CHARS})`,
      data,
    );
  const root = m.first_message_name ?? m.name;
  const deleted = DELETED.has(m.body.trim());
  const { editedAt, version } = versioning(m.created_utc, m.edited, deleted);
  const created = Math.round(m.created_utc * 1000);
  const author = m.author ?? (m.subreddit ? `r/${m.subreddit}` : null);
  return {
    item: {
      conversation: {
        externalId: root,
        title: titleOf(m.subject.replace(/^(re:\s*)+/i, ''), 'Private message'),
        url: webUrl(ctx.webOrigin, `/message/messages/${root.slice(3)}`),
        createdAt: created,
        kind: 'private_message',
        meta: { subreddit: m.subreddit ?? null },
      },
      member: member(author, m.author_fullname, ctx, m.distinguished === 'admin', '[deleted]'),
      message: {
        externalId: m.name,
        ...bodies(m.body_html, m.body),
        createdAt: created,
        editedAt,
        version,
        deleted,
        url: webUrl(ctx.webOrigin, `/message/messages/${m.id}`),
        replyToExternalId: m.parent_id ?? null,
        meta: { fullname: m.name, author: m.author ?? null, dest: m.dest ?? null },
      },
    },
  };
}

/** One Thing `{kind, data}` (not a Listing). */
export function mapThing(thing: unknown, ctx: MapContext): MapResult {
  if (!isObj(thing))
    return reject(
      'Reddit item',
      `is ${thing === null ? 'null' : Array.isArray(thing) ? 'an array' : typeof thing}, not a {kind, data} object`,
      thing,
    );
  const kind = own(thing, 'kind');
  const data = own(thing, 'data');
  const source = ctx.source ?? 'listing';
  // Relationship listings (banned/muted/contributors) hold bare `{date, note, name, id: "t2_…"}` entries.
  if (
    kind === undefined &&
    typeof own(thing, 'id') === 'string' &&
    /^t2_/.test(own(thing, 'id') as string)
  )
    return { skipped: 'a user relationship entry (ban/mute list), not a message' };
  if (!isObj(data)) return reject(describe(kind, data), 'data is not an object', thing);
  switch (kind) {
    case 't1':
      return mapComment(data, ctx, source);
    case 't3':
      return mapSubmission(data, ctx, source);
    case 't4':
      return mapMessage(data, ctx);
    case 'more':
      return {
        skipped: `"more" stub for ${Array.isArray(own(data, 'children')) ? (own(data, 'children') as unknown[]).length : 0} comments`,
      };
    case 't2':
    case 't5':
    case 't6':
      return { skipped: `${kind} is not a message` };
    default:
      return reject(
        describe(kind, data),
        `unknown kind ${clip(JSON.stringify(kind) ?? String(kind), 20)}`,
        thing,
      );
  }
}

/**
 * All Things in a payload, depth-first, parents before their replies: Listings, arrays of Listings,
 * Things with `replies` Listings, `{json:{data:{things}}}`. Bounded (depth and count) for hostile input.
 */
export function flattenThings(payload: unknown): unknown[] {
  const out: unknown[] = [];
  // Explicit stack (no recursion): deep hostile nesting cannot overflow the call stack.
  const stack: Array<{ v: unknown; depth: number }> = [{ v: payload, depth: 0 }];
  while (stack.length > 0 && out.length < MAX_THINGS) {
    const { v, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) continue;
    if (Array.isArray(v)) {
      for (let i = Math.min(v.length, MAX_THINGS) - 1; i >= 0; i--)
        stack.push({ v: v[i], depth: depth + 1 });
      continue;
    }
    if (!isObj(v)) {
      if (depth > 0) out.push(v); // a non-object child of a listing: rejected with its reason
      continue;
    }
    const kind = own(v, 'kind');
    const data = own(v, 'data');
    if (kind === 'Listing') {
      const children = isObj(data) ? own(data, 'children') : undefined;
      if (Array.isArray(children)) stack.push({ v: children, depth: depth + 1 });
      else if (depth > 0 || children !== undefined) out.push(v);
      continue;
    }
    const json = own(v, 'json');
    if (kind === undefined && isObj(json)) {
      const things = isObj(own(json, 'data'))
        ? own(own(json, 'data') as Record<string, unknown>, 'things')
        : undefined;
      if (Array.isArray(things)) stack.push({ v: things, depth: depth + 1 });
      continue;
    }
    out.push(v);
    const replies = isObj(data) ? own(data, 'replies') : undefined;
    if (isObj(replies)) stack.push({ v: replies, depth: depth + 1 });
  }
  return out;
}

/** Modmail: one conversation payload, or the list payload -> one result per message. */
export function mapModmail(payload: unknown, ctx: MapContext): MapResult[] {
  if (!isObj(payload)) return [reject('Reddit modmail payload', 'is not an object', payload)];
  const messages = own(payload, 'messages');
  const msgs = isObj(messages) ? messages : {};
  const convs: unknown[] = [];
  const single = own(payload, 'conversation');
  if (single !== undefined) convs.push(single);
  const list = own(payload, 'conversations');
  // Some write results (highlight, mute) put ONE conversation under `conversations`.
  if (isObj(list) && Array.isArray(own(list, 'objIds'))) convs.push(list);
  else if (isObj(list)) {
    const ids = own(payload, 'conversationIds');
    const keys = Array.isArray(ids)
      ? ids.filter((k): k is string => typeof k === 'string')
      : Object.keys(list);
    for (const k of keys.slice(0, MAX_THINGS)) if (Object.hasOwn(list, k)) convs.push(list[k]);
  }
  const out: MapResult[] = [];
  for (const raw of convs) {
    const p = ModmailConversation.safeParse(raw);
    if (!p.success) {
      out.push(reject(describe('modmail', raw), p.error.issues, raw));
      continue;
    }
    const c = p.data;
    const sub = c.owner?.displayName ?? null;
    const convMessages: Array<{ raw: unknown; at: number }> = [];
    for (const o of c.objIds) {
      if (o.key !== 'messages') continue;
      // Only the conversation's own messages present in this payload (the list carries the latest one).
      if (!Object.hasOwn(msgs, o.id)) continue;
      const rawMsg = msgs[o.id];
      const date =
        isObj(rawMsg) && typeof own(rawMsg, 'date') === 'string'
          ? parseIsoDate(own(rawMsg, 'date') as string)
          : NaN;
      convMessages.push({ raw: rawMsg, at: date });
    }
    const times = convMessages.map((m) => m.at).filter(Number.isFinite);
    const started = times.length ? Math.min(...times) : NaN;
    for (const { raw: rm } of convMessages) {
      const mp = ModmailMessage.safeParse(rm);
      if (!mp.success) {
        out.push(
          reject(
            `Reddit modmail message ${isObj(rm) && typeof own(rm, 'id') === 'string' ? clip(own(rm, 'id') as string, 20) : '(no id)'} in ${c.id}`,
            mp.error.issues,
            rm,
          ),
        );
        continue;
      }
      const m = mp.data;
      if (m.bodyMarkdown.length > MAX_BODY_CHARS) {
        out.push(
          reject(
            `Reddit modmail message ${m.id}`,
            `body is ${m.bodyMarkdown.length} characters (limit ${MAX_BODY_CHARS})`,
            rm,
          ),
        );
        continue;
      }
      const at = parseIsoDate(m.date);
      const deleted = m.author.isDeleted === true && DELETED.has(m.bodyMarkdown.trim());
      const fullname =
        m.author.id != null && m.author.id > 0 ? `t2_${m.author.id.toString(36)}` : null;
      out.push({
        item: {
          conversation: {
            externalId: `modmail:${c.id}`,
            title: titleOf(c.subject, 'Modmail'),
            url: webUrl(ctx.webOrigin.replace('://www.', '://mod.'), `/mail/perma/${c.id}`),
            createdAt: Number.isFinite(started) ? Math.min(started, at) : at,
            kind: 'modmail',
            meta: { modmailId: c.id, subreddit: sub, internal: c.isInternal ?? false },
          },
          member: member(
            m.author.isDeleted ? '[deleted]' : m.author.name,
            m.author.isDeleted ? null : fullname,
            ctx,
            m.author.isMod === true || m.author.isAdmin === true,
            '[deleted]',
          ),
          message: {
            externalId: `modmail:${c.id}:${m.id}`,
            bodyHtml: m.body,
            bodyText: m.bodyMarkdown.trim(),
            createdAt: at,
            editedAt: null,
            version: 1,
            deleted,
            url: webUrl(ctx.webOrigin.replace('://www.', '://mod.'), `/mail/perma/${c.id}/${m.id}`),
            replyToExternalId: null,
            meta: {
              modmailId: c.id,
              messageId: m.id,
              internal: m.isInternal ?? false,
              author: m.author.name,
            },
          },
        },
      });
    }
  }
  return out;
}

/** Is this a modmail payload (one conversation or the list)? */
export function isModmailPayload(v: unknown): boolean {
  return (
    isObj(v) &&
    isObj(own(v, 'messages')) &&
    (own(v, 'conversation') !== undefined || isObj(own(v, 'conversations')))
  );
}

/**
 * Any recorded or live response body -> results. Listings and Things map per item; modmail per
 * message; bodies that carry no messages (`/api/v1/me`, tokens, `{}`) are one `skipped`.
 */
export function mapPayload(payload: unknown, ctx: MapContext): MapResult[] {
  if (isModmailPayload(payload)) return mapModmail(payload, ctx);
  const isThingish = (v: unknown) =>
    Array.isArray(v) ||
    (isObj(v) &&
      ((typeof own(v, 'kind') === 'string' && own(v, 'data') !== undefined) ||
        (own(v, 'kind') === undefined &&
          isObj(own(v, 'json')) &&
          isObj(own(own(v, 'json') as Record<string, unknown>, 'data')))));
  if (!isThingish(payload)) {
    const what = isObj(payload)
      ? `keys ${Object.keys(payload).slice(0, 5).join(', ') || '(none)'}`
      : payload === null
        ? 'null'
        : typeof payload;
    return [{ skipped: `not a Listing, Thing or modmail payload (${clip(what, 80)})` }];
  }
  return flattenThings(payload).map((t) => mapThing(t, ctx));
}
