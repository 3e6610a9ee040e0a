// electron/demo/simulators/reddit: a local Reddit simulator. A plain node:http server on 127.0.0.1
// that speaks Reddit's OAuth API wire format closely enough that a connector cannot tell it from
// oauth.reddit.com: the token endpoint (`POST /api/v1/access_token`, HTTP Basic client auth,
// password and refresh_token grants, `{"error":"invalid_grant"}` in a 200), bearer auth with expiring
// tokens (401 `{"message":"Unauthorized","error":401}`), Listing/Thing JSON (t1/t3/t4, `after`/`before`
// fullname paging, `limit` ≤ 100, `replies` Listing or ""), `X-Ratelimit-Used/Remaining/Reset` on every
// API response with a 10-minute window per client id and 429 beyond it, write results
// `{"json":{"errors":[…],"data":{"things":[…]}}}` (RATELIMIT, TOO_LONG, DELETED_COMMENT,
// THREAD_LOCKED), moderation endpoints and new modmail. The token endpoint lives on the same host
// (the connector derives it from the base URL when it is not oauth.reddit.com).
//
// It has no imports from the connector. It serves the tests (fault injection: 429 storms, a write
// applied whose response is lost, 5xx, token expiry, malformed items, RATELIMIT bodies) and the demo
// (member traffic and reports on demand or on a timer from a seeded PRNG). It records the account's
// replies and every moderation action, and keeps a request log that never stores a secret (no
// Authorization header, no password, token or client secret; token requests log only the grant type).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readStateFile, writeStateFile } from '../stateFile';

export type ThingKind = 't1' | 't3' | 't4';
export type MalformedField = 'created' | 'name' | 'body' | 'kind';
export type SimThing = {
  kind: ThingKind;
  id: string;
  name: string;
  seq: number;
  /** Seconds (whole, as Reddit sends them). */
  created: number;
  edited: false | number;
  author: string;
  subreddit: string | null;
  body: string;
  title?: string;
  url?: string | null;
  linkId?: string;
  parentId?: string | null;
  subject?: string;
  dest?: string;
  firstMessageName?: string | null;
  /** For inbox entries: comment_reply, post_reply, username_mention. */
  inboxType?: string | null;
  userReports: Map<string, number>;
  modReports: Array<[string, string]>;
  filteredBy: string | null;
  removed: boolean;
  spam: boolean;
  approved: boolean;
  locked: boolean;
  deleted: boolean;
  malformed?: MalformedField;
};
export type ModmailMessage = {
  id: string;
  author: string;
  isMod: boolean;
  markdown: string;
  date: number;
  isInternal: boolean;
};
export type ModmailConversation = {
  id: string;
  subject: string;
  subreddit: string;
  participant: string;
  messages: ModmailMessage[];
  lastUpdated: number;
};
export type ModAction = {
  action: string;
  target: string;
  at: number;
  details: Record<string, unknown>;
};
export type SimRequest = {
  method: string;
  path: string;
  query: string;
  at: number;
  /** HTTP status answered; -2 = applied, then the connection was destroyed (response lost). */
  status: number;
  userAgent: string | null;
  auth: 'bearer' | 'basic' | null;
  /** Non-secret form/JSON fields of a POST (token requests: grant_type only). */
  body?: Record<string, unknown>;
};
export type FailSpec = {
  status: number;
  times?: number;
  method?: 'GET' | 'POST';
  path?: string | RegExp;
  afterApply?: boolean;
  retryAfterSec?: number;
};
export type RedditSimOptions = {
  port?: number;
  /** Clock (ms); tests inject one to control token expiry and rate-limit windows. */
  now?: () => number;
  clientId: string;
  /** Empty for an installed app. */
  clientSecret: string;
  username: string;
  password?: string;
  /** Refresh tokens the simulator accepts (installed apps). */
  refreshTokens?: string[];
  subreddits: string[];
  tokenTtlSec?: number;
  /** Requests per 10-minute window per client id (Reddit's free tier: 1000). */
  windowLimit?: number;
  seed?: number;
  /** The demo: keep things, modmail, actions and bans in this JSON file (restored on start, written on every change). */
  stateFile?: string;
};

type SavedThing = Omit<SimThing, 'userReports'> & { userReports: [string, number][] };
type SavedReddit = {
  things: SavedThing[];
  counters: Record<ThingKind, number>;
  seq: number;
  modmailConv: number;
  modmailMsg: number;
  conversations: ModmailConversation[];
  actions: ModAction[];
  bans: Array<{
    name: string;
    subreddit: string;
    days: number | null;
    reason: string | null;
    note: string | null;
  }>;
};

export type RedditSimulator = {
  url: string;
  readonly username: string;
  // member traffic
  post(o: {
    subreddit?: string;
    author: string;
    title: string;
    selftext?: string;
    url?: string;
  }): SimThing;
  comment(o: { parent: string; author: string; body: string }): SimThing;
  /** A private message to the account (a new chain, or a reply in one with `parent`). */
  message(o: { from: string; subject?: string; body: string; parent?: string }): SimThing;
  report(fullname: string, reason: string, o?: { count?: number; moderator?: string }): void;
  /** The spam filter / AutoModerator holds an item for review (mod queue). */
  filter(fullname: string, by?: string): void;
  edit(fullname: string, body: string): void;
  /** The author deletes it: body and author become "[deleted]". */
  deleteByAuthor(fullname: string): void;
  modmail(o: {
    from: string;
    subject: string;
    body: string;
    subreddit?: string;
    conversationId?: string;
    isMod?: boolean;
  }): { conversationId: string; messageId: string };
  // observations
  thing(fullname: string): SimThing | undefined;
  things(): SimThing[];
  /** Comments and messages the connected account wrote. */
  replies(): SimThing[];
  actions(): ModAction[];
  bans(subreddit?: string): Array<{
    name: string;
    subreddit: string;
    days: number | null;
    reason: string | null;
    note: string | null;
  }>;
  conversation(id: string): ModmailConversation | undefined;
  requests(): SimRequest[];
  clearRequests(): void;
  /** Tokens issued so far (for tests that check refresh). */
  tokensIssued(): number;
  // faults
  failNext(o: FailSpec): void;
  /** The next `times` API requests get 429 with the window's X-Ratelimit-* headers (reset = resetSec). */
  storm429(o: { times: number; resetSec: number }): void;
  /** The next `times` writes answer 200 with a RATELIMIT error (`json.ratelimit` = seconds). */
  ratelimitNext(o: { seconds: number; times?: number }): void;
  /** The next `times` writes (matching `path`) are applied, then the connection is destroyed. */
  loseResponse(o?: { times?: number; path?: string | RegExp }): void;
  /** Every issued access token expires now (the next API call gets 401). */
  expireTokens(): void;
  /** The next `n` created things are served with a broken field. */
  malformedNext(n: number, field?: MalformedField): void;
  setWindowLimit(limit: number): void;
  // demo
  trafficTick(): void;
  startTraffic(o: { intervalMs: number }): void;
  stopTraffic(): void;
  close(): Promise<void>;
};

const BASE36 = (n: number) => n.toString(36);
const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
/** Markdown -> Reddit's HTML wrapper (paragraphs only; enough for the shapes). */
export function cookMarkdown(md: string, sc = true): string {
  const paras = md
    .split(/\n{2,}/)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br/>\n')}</p>`)
    .join('\n\n');
  const html = `<div class="md">${paras}\n</div>`;
  return sc ? `<!-- SC_OFF -->${html}<!-- SC_ON -->` : html;
}
/** Modmail dates: `2017-03-07T15:28:19.342937+00:00`. */
const modmailDate = (ms: number) =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');

/** xorshift32 (seeded demo traffic). */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function readBody(
  req: IncomingMessage,
  limit = 1_000_000,
): Promise<{ form: Record<string, string>; json: unknown }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (String(req.headers['content-type'] ?? '').includes('application/json')) {
        try {
          resolve({ form: {}, json: text ? JSON.parse(text) : null });
        } catch {
          resolve({ form: {}, json: null });
        }
      } else resolve({ form: Object.fromEntries(new URLSearchParams(text)), json: null });
    });
  });
}

const SECRET_FIELDS = new Set([
  'password',
  'refresh_token',
  'access_token',
  'client_secret',
  'code',
]);

export async function startRedditSimulator(o: RedditSimOptions): Promise<RedditSimulator> {
  const now = o.now ?? (() => Date.now());
  const me = o.username;
  const subs = o.subreddits.length ? o.subreddits : ['examplebrand'];
  const tokenTtl = o.tokenTtlSec ?? 3600;
  let windowLimit = o.windowLimit ?? 1000;
  const rnd = prng(o.seed ?? 7);

  const things = new Map<string, SimThing>();
  const order: SimThing[] = [];
  const counters: Record<ThingKind, number> = {
    t1: parseInt('n100000', 36),
    t3: parseInt('1m00000', 36),
    t4: parseInt('31a0000', 36),
  };
  let seq = 0;
  let modmailConv = parseInt('2c000', 36);
  let modmailMsg = parseInt('2d0000', 36);
  const conversations = new Map<string, ModmailConversation>();
  const actions: ModAction[] = [];
  const bans: Array<{
    name: string;
    subreddit: string;
    days: number | null;
    reason: string | null;
    note: string | null;
  }> = [];
  const tokens = new Map<string, number>(); // token -> expiresAt (ms)
  let issued = 0;
  let requests: SimRequest[] = [];
  const window = { start: now(), used: 0 };
  const faults = {
    fail: [] as Array<FailSpec & { times: number }>,
    storm: { times: 0, resetSec: 0 },
    ratelimit: { times: 0, seconds: 0 },
    lose: [] as Array<{ times: number; path?: string | RegExp }>,
    malformed: { n: 0, field: 'created' as MalformedField },
  };
  const sockets = new Set<Socket>();
  let traffic: ReturnType<typeof setInterval> | null = null;

  // ---- persistence (the demo only) ----
  const saved = readStateFile<SavedReddit>(o.stateFile);
  if (saved) {
    for (const t of saved.things) {
      const thing: SimThing = { ...t, userReports: new Map(t.userReports) };
      things.set(thing.name, thing);
      order.push(thing);
    }
    order.sort((a, b) => a.seq - b.seq);
    Object.assign(counters, saved.counters);
    seq = saved.seq;
    modmailConv = saved.modmailConv;
    modmailMsg = saved.modmailMsg;
    for (const c of saved.conversations) conversations.set(c.id, c);
    actions.push(...saved.actions);
    bans.push(...saved.bans);
  }
  const persist = () => {
    if (!o.stateFile) return;
    const data: SavedReddit = {
      things: order.map((t) => ({ ...t, userReports: [...t.userReports.entries()] })),
      counters,
      seq,
      modmailConv,
      modmailMsg,
      conversations: [...conversations.values()],
      actions,
      bans,
    };
    writeStateFile(o.stateFile, data);
  };

  const nowSec = () => Math.floor(now() / 1000);
  const matches = (p: string | RegExp | undefined, path: string) =>
    p === undefined || (typeof p === 'string' ? path === p : p.test(path));

  function add(
    t: Omit<
      SimThing,
      | 'id'
      | 'name'
      | 'seq'
      | 'created'
      | 'edited'
      | 'userReports'
      | 'modReports'
      | 'filteredBy'
      | 'removed'
      | 'spam'
      | 'approved'
      | 'locked'
      | 'deleted'
    > & { created?: number },
  ): SimThing {
    const id = BASE36(++counters[t.kind]);
    const thing: SimThing = {
      ...t,
      id,
      name: `${t.kind}_${id}`,
      seq: ++seq,
      created: t.created ?? nowSec(),
      edited: false,
      userReports: new Map(),
      modReports: [],
      filteredBy: null,
      removed: false,
      spam: false,
      approved: false,
      locked: false,
      deleted: false,
    };
    if (faults.malformed.n > 0) {
      faults.malformed.n--;
      thing.malformed = faults.malformed.field;
    }
    things.set(thing.name, thing);
    order.push(thing);
    return thing;
  }

  const mustGet = (fullname: string) => {
    const t = things.get(fullname);
    if (!t) throw new Error(`no such thing ${fullname}`);
    return t;
  };

  function reportsOf(t: SimThing) {
    const user = [...t.userReports.entries()].map(([r, n]) => [r, n, false, true]);
    const count = [...t.userReports.values()].reduce((a, b) => a + b, 0) + t.modReports.length;
    return {
      user_reports: user,
      mod_reports: t.modReports.map(([r, by]) => [r, by]),
      num_reports: count,
    };
  }

  /** A thing's `data` in the shape of the endpoint (`inbox` entries carry subject/type/context). */
  function serialize(t: SimThing, shape: 'listing' | 'inbox' = 'listing'): Record<string, unknown> {
    const link = t.kind === 't1' ? things.get(t.linkId ?? '') : t.kind === 't3' ? t : undefined;
    const linkSlug =
      (link?.title ?? 'post')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .slice(0, 50) || 'post';
    const permalink =
      t.kind === 't3'
        ? `/r/${t.subreddit}/comments/${t.id}/${linkSlug}/`
        : t.kind === 't1'
          ? `/r/${t.subreddit}/comments/${link?.id ?? ''}/${linkSlug}/${t.id}/`
          : null;
    const body = t.deleted ? '[deleted]' : t.body;
    const author = t.deleted ? '[deleted]' : t.author;
    const common: Record<string, unknown> = {
      id: t.id,
      name: t.name,
      author,
      author_fullname: t.deleted
        ? undefined
        : `t2_${BASE36(0x5a000 + ([...t.author].reduce((a, c) => a * 31 + c.charCodeAt(0), 7) % 0xfffff))}`,
      created: t.created,
      created_utc: t.created,
      subreddit: t.subreddit,
      subreddit_name_prefixed: t.subreddit ? `r/${t.subreddit}` : null,
      subreddit_id: t.subreddit ? `t5_${BASE36(0x2f000 + t.subreddit.length)}` : null,
      likes: null,
      distinguished: null,
    };
    let data: Record<string, unknown>;
    if (t.kind === 't4') {
      data = {
        first_message: t.firstMessageName ? parseInt(t.firstMessageName.slice(3), 36) : null,
        first_message_name: t.firstMessageName ?? null,
        ...common,
        replies: '',
        associated_awarding_id: null,
        score: 0,
        num_comments: null,
        parent_id: t.parentId ?? null,
        new: true,
        type: 'unknown',
        body,
        dest: t.dest ?? me,
        was_comment: false,
        body_html: cookMarkdown(body),
        subject: t.subject ?? '',
        context: '',
      };
    } else if (t.kind === 't1') {
      data = {
        ...common,
        ...reportsOf(t),
        approved_at_utc: null,
        banned_by: t.filteredBy ?? (t.removed ? me : null),
        removal_reason: null,
        link_id: t.linkId,
        replies: '',
        saved: false,
        gilded: 0,
        archived: false,
        no_follow: true,
        can_mod_post: true,
        send_replies: true,
        parent_id: t.parentId,
        score: 1,
        approved_by: t.approved ? me : null,
        controversiality: 0,
        body,
        edited: t.edited,
        is_submitter: link?.author === t.author,
        collapsed: false,
        body_html: cookMarkdown(body, false),
        stickied: false,
        spam: t.spam,
        removed: t.removed,
        approved: t.approved,
        locked: t.locked,
        score_hidden: false,
        permalink,
        link_title: link?.title ?? null,
        link_author: link?.author ?? null,
        link_permalink: link ? `/r/${link.subreddit}/comments/${link.id}/${linkSlug}/` : null,
        ups: 1,
        downs: 0,
        mod_note: null,
        removed_by_category: t.removed
          ? 'moderator'
          : t.filteredBy
            ? t.filteredBy === 'AutoModerator'
              ? 'automod_filtered'
              : 'reddit'
            : null,
        ignore_reports: false,
      };
      if (shape === 'inbox') {
        data = {
          first_message: null,
          first_message_name: null,
          ...common,
          replies: '',
          associated_awarding_id: null,
          score: 1,
          num_comments: 1,
          parent_id: t.parentId,
          new: true,
          type: t.inboxType ?? 'comment_reply',
          body,
          link_title: link?.title ?? null,
          dest: me,
          was_comment: true,
          body_html: cookMarkdown(body),
          subject:
            t.inboxType === 'username_mention'
              ? 'username mention'
              : t.inboxType === 'post_reply'
                ? 'post reply'
                : 'comment reply',
          context: `${permalink}?context=3`,
        };
      }
    } else {
      data = {
        ...common,
        ...reportsOf(t),
        approved_at_utc: null,
        selftext: body,
        selftext_html: t.url ? null : cookMarkdown(body),
        title: t.title,
        banned_by: t.filteredBy ?? (t.removed ? me : null),
        removal_reason: null,
        approved_by: t.approved ? me : null,
        removed_by_category: t.removed
          ? 'moderator'
          : t.filteredBy
            ? t.filteredBy === 'AutoModerator'
              ? 'automod_filtered'
              : 'reddit'
            : null,
        domain: t.url ? new URL(t.url).hostname : `self.${t.subreddit}`,
        is_self: !t.url,
        url: t.url ?? `https://www.reddit.com${permalink}`,
        permalink,
        edited: t.edited,
        locked: t.locked,
        spam: t.spam,
        removed: t.removed,
        approved: t.approved,
        num_comments: order.filter((c) => c.kind === 't1' && c.linkId === t.name).length,
        score: 1,
        ups: 1,
        downs: 0,
        over_18: false,
        stickied: false,
        hidden: false,
        thumbnail: 'self',
        link_flair_text: null,
        mod_note: null,
        ignore_reports: false,
      };
    }
    switch (t.malformed) {
      case 'created':
        return { ...data, created_utc: 'yesterday' };
      case 'name':
        return { ...data, name: 'not-a-fullname' };
      case 'body':
        return t.kind === 't3' ? { ...data, title: { text: t.title } } : { ...data, body: 42 };
      default:
        return data;
    }
  }

  const thingJson = (t: SimThing, shape: 'listing' | 'inbox' = 'listing') => ({
    kind: t.malformed === 'kind' ? 't9' : t.kind,
    data: serialize(t, shape),
  });

  function listing(all: SimThing[], q: URLSearchParams, shape: 'listing' | 'inbox' = 'listing') {
    const newest = [...all].sort((a, b) => b.seq - a.seq);
    const limit = Math.max(1, Math.min(100, Number(q.get('limit')) || 25));
    const after = q.get('after');
    const before = q.get('before');
    let start = 0;
    let end = Math.min(newest.length, limit);
    if (after) {
      const i = newest.findIndex((t) => t.name === after);
      start = i < 0 ? newest.length : i + 1;
      end = Math.min(newest.length, start + limit);
    } else if (before) {
      // The `limit` items immediately newer than the anchor (an unknown anchor gives nothing).
      const i = newest.findIndex((t) => t.name === before);
      end = i < 0 ? 0 : i;
      start = Math.max(0, end - limit);
    }
    const page = newest.slice(start, end);
    return {
      kind: 'Listing',
      data: {
        after: end < newest.length && page.length ? page[page.length - 1]!.name : null,
        dist: page.length,
        modhash: null,
        geo_filter: '',
        children: page.map((t) => thingJson(t, shape)),
        before: start > 0 && page.length ? page[0]!.name : null,
      },
    };
  }

  const inSubs = (multi: string) => {
    const names = multi.toLowerCase().split('+');
    return (t: SimThing) => t.subreddit !== null && names.includes(t.subreddit.toLowerCase());
  };
  const inInbox = (t: SimThing) =>
    (t.kind === 't4' && t.dest?.toLowerCase() === me.toLowerCase()) ||
    (t.kind === 't1' && !!t.inboxType);
  const inModqueue = (t: SimThing) =>
    t.kind !== 't4' &&
    !t.approved &&
    !t.removed &&
    (t.filteredBy !== null || reportsOf(t).num_reports > 0);

  function serializeConversation(c: ModmailConversation) {
    const author = (m: ModmailMessage) => ({
      isMod: m.isMod,
      isAdmin: false,
      name: m.author,
      isOp: m === c.messages[0],
      isParticipant: m.author === c.participant,
      isApproved: false,
      isHidden: false,
      id: 5_000_000 + ((m.author.length * 7919) % 100_000),
      isDeleted: false,
    });
    return {
      isAuto: false,
      participant: {
        isMod: false,
        isAdmin: false,
        name: c.participant,
        isOp: true,
        isParticipant: true,
        isApproved: false,
        isHidden: false,
        id: 5_000_000,
        isDeleted: false,
      },
      objIds: c.messages.map((m) => ({ id: m.id, key: 'messages' })),
      isRepliable: true,
      lastUserUpdate: modmailDate(
        Math.max(...c.messages.filter((m) => !m.isMod).map((m) => m.date), 0) || c.lastUpdated,
      ),
      isInternal: false,
      lastModUpdate: modmailDate(c.lastUpdated),
      authors: [...new Map(c.messages.map((m) => [m.author, author(m)])).values()],
      lastUpdated: modmailDate(c.lastUpdated),
      state: 1,
      conversationType: 'sr_user',
      lastUnread: null,
      owner: {
        displayName: c.subreddit,
        type: 'subreddit',
        id: `t5_${BASE36(0x2f000 + c.subreddit.length)}`,
      },
      subject: c.subject,
      id: c.id,
      isHighlighted: false,
      numMessages: c.messages.length,
      _messages: Object.fromEntries(
        c.messages.map((m) => [
          m.id,
          {
            body: cookMarkdown(m.markdown),
            author: author(m),
            isInternal: m.isInternal,
            date: modmailDate(m.date),
            bodyMarkdown: m.markdown,
            id: m.id,
            participatingAs: m.isMod ? 'moderator' : 'participant_user',
          },
        ]),
      ),
    };
  }
  function conversationBody(c: ModmailConversation) {
    const { _messages, ...conversation } = serializeConversation(c);
    return {
      conversation,
      messages: _messages,
      user: {
        name: c.participant,
        id: 't2_sim',
        banStatus: { isBanned: false, isPermanent: false, endDate: null, reason: '' },
        muteStatus: { isMuted: false, endDate: null, reason: '' },
      },
      modActions: {},
    };
  }

  function newComment(parent: SimThing, author: string, body: string): SimThing {
    const linkId = parent.kind === 't3' ? parent.name : parent.linkId!;
    let inboxType: string | null = null;
    if (author.toLowerCase() !== me.toLowerCase()) {
      if (parent.author.toLowerCase() === me.toLowerCase())
        inboxType = parent.kind === 't3' ? 'post_reply' : 'comment_reply';
      else if (new RegExp(`(^|\\W)/?u/${me}\\b`, 'i').test(body)) inboxType = 'username_mention';
    }
    return add({
      kind: 't1',
      author,
      subreddit: parent.subreddit,
      body,
      linkId,
      parentId: parent.name,
      inboxType,
    });
  }
  function newMessage(
    from: string,
    to: string,
    body: string,
    subject: string | undefined,
    parent: SimThing | undefined,
  ): SimThing {
    const root = parent ? (parent.firstMessageName ?? parent.name) : null;
    return add({
      kind: 't4',
      author: from,
      subreddit: null,
      body,
      subject: parent ? `re: ${parent.subject?.replace(/^re: /, '')}` : (subject ?? '(no subject)'),
      dest: to,
      parentId: parent?.name ?? null,
      firstMessageName: root,
    });
  }

  // ---------- HTTP ----------
  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=UTF-8',
      'Content-Length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  };
  const rlHeaders = (): Record<string, string> => {
    const reset = Math.max(0, Math.ceil((window.start + 600_000 - now()) / 1000));
    return {
      'x-ratelimit-used': String(window.used),
      'x-ratelimit-remaining': `${Math.max(0, windowLimit - window.used)}.0`,
      'x-ratelimit-reset': String(reset),
    };
  };
  const writeResult = (
    things: Array<{ kind: string; data: unknown }> | null,
    errors: unknown[] = [],
  ) => ({ json: { errors, ...(things ? { data: { things } } : {}) } });

  async function handle(req: IncomingMessage, res: ServerResponse, log: SimRequest): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    log.path = path;
    log.query = url.search.slice(1);
    log.userAgent =
      typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null;
    const authz = String(req.headers.authorization ?? '');
    log.auth = /^basic /i.test(authz) ? 'basic' : /^bearer /i.test(authz) ? 'bearer' : null;
    const { form, json } = method === 'POST' ? await readBody(req) : { form: {}, json: null };
    if (method === 'POST') {
      const safe: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(form))
        if (!SECRET_FIELDS.has(k) && !(path === '/api/v1/access_token' && k !== 'grant_type'))
          safe[k] = v;
      if (json !== null) safe.json = json;
      log.body = safe;
    }
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.status = status;
      send(res, status, body, headers);
    };

    // Token endpoint (www.reddit.com in production).
    if (path === '/api/v1/access_token' && method === 'POST') {
      const basic = /^basic (.+)$/i.exec(authz)?.[1];
      const [cid, csecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
      if (cid !== o.clientId || (csecret ?? '') !== o.clientSecret)
        return reply(401, { message: 'Unauthorized', error: 401 });
      const grant = form.grant_type;
      const ok =
        (grant === 'password' &&
          form.username?.toLowerCase() === me.toLowerCase() &&
          o.password !== undefined &&
          form.password === o.password) ||
        (grant === 'refresh_token' &&
          !!form.refresh_token &&
          (o.refreshTokens ?? []).includes(form.refresh_token));
      if (!ok)
        return reply(200, {
          error:
            grant === 'password' || grant === 'refresh_token'
              ? 'invalid_grant'
              : 'unsupported_grant_type',
        });
      const token = `sim-at-${randomBytes(12).toString('hex')}`;
      tokens.set(token, now() + tokenTtl * 1000);
      issued++;
      return reply(200, {
        access_token: token,
        token_type: 'bearer',
        expires_in: tokenTtl,
        scope: '*',
        ...(grant === 'refresh_token' ? { refresh_token: form.refresh_token } : {}),
      });
    }

    // Everything else is the OAuth API: bearer token, then the rate-limit window.
    const bearer = /^bearer (.+)$/i.exec(authz)?.[1];
    const exp = bearer ? tokens.get(bearer) : undefined;
    if (exp === undefined || exp <= now())
      return reply(
        401,
        { message: 'Unauthorized', error: 401 },
        { 'www-authenticate': 'Bearer realm="reddit", error="invalid_token"' },
      );
    if (now() >= window.start + 600_000) {
      window.start = now();
      window.used = 0;
    }
    if (faults.storm.times > 0) {
      faults.storm.times--;
      // As Reddit reports an exhausted window: nothing remains until the stated reset.
      const h = {
        'x-ratelimit-used': String(windowLimit),
        'x-ratelimit-remaining': '0.0',
        'x-ratelimit-reset': String(faults.storm.resetSec),
      };
      return reply(429, { message: 'Too Many Requests', error: 429 }, h);
    }
    window.used++;
    if (window.used > windowLimit)
      return reply(429, { message: 'Too Many Requests', error: 429 }, rlHeaders());
    const isWrite = method === 'POST';
    const failIdx = faults.fail.findIndex(
      (f) => (!f.method || f.method === method) && matches(f.path, path),
    );
    let afterApplyFail: FailSpec | null = null;
    if (failIdx >= 0) {
      const f = faults.fail[failIdx]!;
      if (--f.times <= 0) faults.fail.splice(failIdx, 1);
      if (!f.afterApply || !isWrite)
        return reply(
          f.status,
          { message: f.status >= 500 ? 'Internal Server Error' : 'Error', error: f.status },
          {
            ...rlHeaders(),
            ...(f.retryAfterSec !== undefined ? { 'retry-after': String(f.retryAfterSec) } : {}),
          },
        );
      afterApplyFail = f;
    }
    if (isWrite && faults.ratelimit.times > 0 && /^\/api\/(comment|compose)$/.test(path)) {
      faults.ratelimit.times--;
      const s = faults.ratelimit.seconds;
      return reply(
        200,
        {
          json: {
            ratelimit: s,
            errors: [
              [
                'RATELIMIT',
                `Looks like you've been doing that a lot. Take a break for ${Math.max(1, Math.ceil(s / 60))} minutes before trying again.`,
                'ratelimit',
              ],
            ],
          },
        },
        rlHeaders(),
      );
    }
    const loseIdx = isWrite ? faults.lose.findIndex((l) => matches(l.path, path)) : -1;

    const result = route(method, path, q, form, json);
    if (isWrite && path !== '/api/v1/access_token') persist();
    if (loseIdx >= 0) {
      const l = faults.lose[loseIdx]!;
      if (--l.times <= 0) faults.lose.splice(loseIdx, 1);
      log.status = -2;
      res.socket?.destroy();
      return;
    }
    if (afterApplyFail)
      return reply(
        afterApplyFail.status,
        { message: 'Bad Gateway', error: afterApplyFail.status },
        rlHeaders(),
      );
    return reply(result.status, result.body, rlHeaders());
  }

  function route(
    method: string,
    path: string,
    q: URLSearchParams,
    form: Record<string, string>,
    json: unknown,
  ): { status: number; body: unknown } {
    const ok = (body: unknown, status = 200) => ({ status, body });
    const notFound = { status: 404, body: { message: 'Not Found', error: 404 } };
    let m: RegExpExecArray | null;
    if (method === 'GET') {
      if (path === '/api/v1/me')
        return ok({
          name: me,
          id: 'simme1',
          is_mod: true,
          created_utc: 1_552_433_444,
          has_mod_mail: true,
          inbox_count: 0,
          features: {},
        });
      if (path === '/message/inbox' || path === '/message/unread')
        return ok(listing(order.filter(inInbox), q, 'inbox'));
      if (path === '/message/messages')
        return ok(
          listing(
            order.filter((t) => t.kind === 't4' && (t.dest === me || t.author === me)),
            q,
            'inbox',
          ),
        );
      if (path === '/message/sent')
        return ok(
          listing(
            order.filter((t) => t.kind === 't4' && t.author.toLowerCase() === me.toLowerCase()),
            q,
            'inbox',
          ),
        );
      if ((m = /^\/user\/([\w-]+)\/comments$/.exec(path)))
        return ok(
          listing(
            order.filter(
              (t) =>
                t.kind === 't1' && !t.deleted && t.author.toLowerCase() === m![1]!.toLowerCase(),
            ),
            q,
          ),
        );
      if ((m = /^\/r\/([\w+]+)\/new$/.exec(path)))
        return ok(
          listing(
            order.filter((t) => t.kind === 't3' && inSubs(m![1]!)(t) && !t.spam),
            q,
          ),
        );
      if ((m = /^\/r\/([\w+]+)\/comments$/.exec(path)))
        return ok(
          listing(
            order.filter((t) => t.kind === 't1' && inSubs(m![1]!)(t) && !t.spam),
            q,
          ),
        );
      if ((m = /^\/r\/([\w+]+)\/about\/(modqueue|reports|spam)$/.exec(path))) {
        const f = inSubs(m[1]!);
        const only = q.get('only');
        const kindOk = (t: SimThing) =>
          only === 'comments' ? t.kind === 't1' : only === 'links' ? t.kind === 't3' : true;
        const pick =
          m[2] === 'modqueue'
            ? inModqueue
            : m[2] === 'reports'
              ? (t: SimThing) => !t.approved && reportsOf(t).num_reports > 0
              : (t: SimThing) => t.removed || t.spam || t.filteredBy !== null;
        return ok(
          listing(
            order.filter((t) => t.kind !== 't4' && f(t) && kindOk(t) && pick(t)),
            q,
          ),
        );
      }
      if (path === '/api/info') {
        const ids = (q.get('id') ?? '').split(',');
        return ok({
          kind: 'Listing',
          data: {
            after: null,
            dist: null,
            modhash: null,
            geo_filter: '',
            children: ids
              .map((i) => things.get(i))
              .filter((t): t is SimThing => !!t)
              .map((t) => thingJson(t)),
            before: null,
          },
        });
      }
      if ((m = /^\/comments\/([0-9a-z]+)$/.exec(path))) {
        const post = things.get(`t3_${m[1]}`);
        if (!post) return notFound;
        const kids = (parent: string): unknown[] =>
          order
            .filter((t) => t.kind === 't1' && t.parentId === parent)
            .map((t) => {
              const replies = kids(t.name);
              return {
                kind: 't1',
                data: {
                  ...serialize(t),
                  replies: replies.length
                    ? {
                        kind: 'Listing',
                        data: {
                          after: null,
                          dist: null,
                          modhash: null,
                          geo_filter: '',
                          children: replies,
                          before: null,
                        },
                      }
                    : '',
                },
              };
            });
        return ok([
          {
            kind: 'Listing',
            data: {
              after: null,
              dist: 1,
              modhash: null,
              geo_filter: '',
              children: [thingJson(post)],
              before: null,
            },
          },
          {
            kind: 'Listing',
            data: {
              after: null,
              dist: null,
              modhash: null,
              geo_filter: '',
              children: kids(post.name),
              before: null,
            },
          },
        ]);
      }
      if (path === '/api/mod/conversations') {
        const entity = (q.get('entity') ?? '').toLowerCase().split(',').filter(Boolean);
        const all = [...conversations.values()]
          .filter((c) => entity.length === 0 || entity.includes(c.subreddit.toLowerCase()))
          .sort((a, b) => b.lastUpdated - a.lastUpdated || (a.id < b.id ? 1 : -1));
        const limit = Math.max(1, Math.min(100, Number(q.get('limit')) || 25));
        const after = q.get('after');
        const start = after ? all.findIndex((c) => c.id === after) + 1 : 0;
        const page = start <= 0 && after ? [] : all.slice(start, start + limit);
        const convs: Record<string, unknown> = {};
        const msgs: Record<string, unknown> = {};
        for (const c of page) {
          const { _messages, ...conv } = serializeConversation(c);
          const last = c.messages[c.messages.length - 1]!;
          convs[c.id] = { ...conv, objIds: [{ id: last.id, key: 'messages' }] };
          msgs[last.id] = _messages[last.id];
        }
        return ok({
          conversations: convs,
          messages: msgs,
          viewerId: 't2_simme1',
          conversationIds: page.map((c) => c.id),
        });
      }
      if ((m = /^\/api\/mod\/conversations\/([0-9a-z]+)$/.exec(path))) {
        const c = conversations.get(m[1]!);
        return c ? ok(conversationBody(c)) : notFound;
      }
      return notFound;
    }
    // POST
    if (path === '/api/comment') {
      const parent = things.get(form.thing_id ?? '');
      const text = form.text ?? '';
      if (!parent || parent.deleted || parent.removed)
        return ok(
          writeResult(null, [
            [
              parent?.kind === 't4' ? 'NO_THING_ID' : 'DELETED_COMMENT',
              'that comment has been deleted',
              'parent',
            ],
          ]),
        );
      if (!text.trim())
        return ok(writeResult(null, [['NO_TEXT', 'we need something here', 'text']]));
      if (text.length > 10_000)
        return ok(writeResult(null, [['TOO_LONG', 'this is too long (max: 10000)', 'text']]));
      const linkLocked =
        parent.kind === 't3'
          ? parent.locked
          : parent.kind === 't1'
            ? (things.get(parent.linkId ?? '')?.locked ?? false) || parent.locked
            : false;
      if (linkLocked)
        return ok(writeResult(null, [['THREAD_LOCKED', 'Comments are locked.', 'parent']]));
      const created =
        parent.kind === 't4'
          ? newMessage(
              me,
              parent.author === me ? (parent.dest ?? '') : parent.author,
              text,
              undefined,
              parent,
            )
          : newComment(parent, me, text);
      return ok(writeResult([thingJson(created, created.kind === 't4' ? 'inbox' : 'listing')]));
    }
    if (
      path === '/api/approve' ||
      path === '/api/remove' ||
      path === '/api/lock' ||
      path === '/api/unlock' ||
      path === '/api/ignore_reports'
    ) {
      const t = things.get(form.id ?? '');
      if (!t) return ok({});
      const action = path.slice(5);
      if (action === 'approve')
        Object.assign(t, { approved: true, removed: false, spam: false, filteredBy: null });
      if (action === 'remove')
        Object.assign(t, {
          removed: true,
          approved: false,
          spam: form.spam === 'true' || form.spam === 'True',
        });
      if (action === 'lock') t.locked = true;
      if (action === 'unlock') t.locked = false;
      actions.push({
        action,
        target: t.name,
        at: now(),
        details: action === 'remove' ? { spam: t.spam } : {},
      });
      return ok({});
    }
    if (path === '/api/v1/modactions/removal_reasons') {
      let payload: unknown = json;
      if (payload === null && form.json) {
        try {
          payload = JSON.parse(form.json);
        } catch {
          return { status: 400, body: { message: 'Bad Request', error: 400 } };
        }
      }
      const p = (payload ?? {}) as { item_ids?: unknown; mod_note?: unknown; reason_id?: unknown };
      if (!Array.isArray(p.item_ids))
        return { status: 400, body: { message: 'Bad Request', error: 400 } };
      if (typeof p.mod_note === 'string' && p.mod_note.length > 100)
        return {
          status: 400,
          body: { message: 'Bad Request', error: 400, explanation: 'mod_note is too long' },
        };
      for (const id of p.item_ids)
        actions.push({
          action: 'removal_reason',
          target: String(id),
          at: now(),
          details: { mod_note: p.mod_note ?? null, reason_id: p.reason_id ?? null },
        });
      return { status: 200, body: undefined };
    }
    if ((m = /^\/r\/(\w+)\/api\/(friend|unfriend)$/.exec(path))) {
      const subreddit = m[1]!;
      if (form.type !== 'banned' && form.type !== 'muted')
        return ok(writeResult(null, [['INVALID_OPTION', 'that option is not valid', 'type']]));
      const name = form.name ?? '';
      const i = bans.findIndex(
        (b) =>
          b.name.toLowerCase() === name.toLowerCase() &&
          b.subreddit.toLowerCase() === subreddit.toLowerCase(),
      );
      if (m[2] === 'friend') {
        const days = form.duration ? Number(form.duration) : null;
        if (days !== null && (!Number.isInteger(days) || days < 1 || days > 999))
          return ok(
            writeResult(null, [['BAD_NUMBER', 'that number is out of range (1-999)', 'duration']]),
          );
        if (typeof form.ban_reason === 'string' && form.ban_reason.length > 100)
          return ok(writeResult(null, [['TOO_LONG', 'this is too long (max: 100)', 'ban_reason']]));
        const ban = {
          name,
          subreddit,
          days,
          reason: form.ban_reason ?? null,
          note: form.note ?? null,
        };
        if (i >= 0) bans[i] = ban;
        else bans.push(ban);
        actions.push({
          action: 'ban',
          target: name,
          at: now(),
          details: { subreddit, days, reason: ban.reason },
        });
        return ok({ json: { errors: [] } });
      }
      if (i >= 0) bans.splice(i, 1);
      actions.push({ action: 'unban', target: name, at: now(), details: { subreddit } });
      return ok({});
    }
    if ((m = /^\/api\/mod\/conversations\/([0-9a-z]+)$/.exec(path))) {
      const c = conversations.get(m[1]!);
      if (!c) return notFound;
      const body = form.body ?? '';
      if (!body.trim() || body.length > 10_000)
        return {
          status: 422,
          body: {
            message: 'Unprocessable Entity',
            error: 422,
            fields: ['body'],
            explanation: body.trim()
              ? 'This field must be under 10000 characters'
              : 'This field is required',
          },
        };
      const msg: ModmailMessage = {
        id: BASE36(++modmailMsg),
        author: me,
        isMod: true,
        markdown: body,
        date: now(),
        isInternal: form.isInternal === 'true' || form.isInternal === 'True',
      };
      c.messages.push(msg);
      c.lastUpdated = msg.date;
      return ok(conversationBody(c), 201);
    }
    return notFound;
  }

  const server = createServer((req, res) => {
    const log: SimRequest = {
      method: req.method ?? 'GET',
      path: '',
      query: '',
      at: now(),
      status: 0,
      userAgent: null,
      auth: null,
    };
    requests.push(log);
    if (requests.length > 20_000) requests = requests.slice(-10_000);
    handle(req, res, log).catch((err: unknown) => {
      log.status = 500;
      if (!res.headersSent)
        send(res, 500, {
          message: 'Internal Server Error',
          error: 500,
          detail: String((err as Error)?.message ?? err).slice(0, 200),
        });
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A taken port rejects (EADDRINUSE) instead of crashing the process with an unhandled 'error'.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const MEMBERS = [
    'fjord_fan',
    'kettle_kid',
    'nordlys',
    'pixel_pia',
    'oak_and_ash',
    'brightside77',
  ];
  const QUESTIONS = [
    [
      'Order arrived damaged, what now?',
      'The box was crushed and the lid is cracked. Do I send photos here or to support?',
    ],
    [
      'Discount code not working',
      'The code from the newsletter says "expired" but the mail came yesterday.',
    ],
    ['Which size should I get?', 'Between the M and the L, which one fits a family of four?'],
    [
      'App keeps logging me out',
      'Since the last update I have to log in every time I open the app.',
    ],
  ];
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;

  const sim: RedditSimulator = {
    url: `http://127.0.0.1:${port}`,
    username: me,
    post: (p) =>
      add({
        kind: 't3',
        author: p.author,
        subreddit: p.subreddit ?? subs[0]!,
        body: p.url ? '' : (p.selftext ?? ''),
        title: p.title,
        url: p.url ?? null,
      }),
    comment: (c) => newComment(mustGet(c.parent), c.author, c.body),
    message: (m) =>
      newMessage(m.from, me, m.body, m.subject, m.parent ? mustGet(m.parent) : undefined),
    report(fullname, reason, r = {}) {
      const t = mustGet(fullname);
      t.approved = false;
      if (r.moderator) t.modReports.push([reason, r.moderator]);
      else t.userReports.set(reason, (t.userReports.get(reason) ?? 0) + (r.count ?? 1));
    },
    filter(fullname, by = 'AutoModerator') {
      const t = mustGet(fullname);
      t.filteredBy = by;
      t.approved = false;
    },
    edit(fullname, body) {
      const t = mustGet(fullname);
      t.body = body;
      t.edited = Math.max(nowSec(), t.created + 1);
    },
    deleteByAuthor(fullname) {
      mustGet(fullname).deleted = true;
    },
    modmail(mm) {
      let c = mm.conversationId ? conversations.get(mm.conversationId) : undefined;
      if (!c) {
        c = {
          id: BASE36(++modmailConv),
          subject: mm.subject,
          subreddit: mm.subreddit ?? subs[0]!,
          participant: mm.from,
          messages: [],
          lastUpdated: now(),
        };
        conversations.set(c.id, c);
      }
      const msg: ModmailMessage = {
        id: BASE36(++modmailMsg),
        author: mm.from,
        isMod: mm.isMod ?? false,
        markdown: mm.body,
        date: now(),
        isInternal: false,
      };
      c.messages.push(msg);
      c.lastUpdated = msg.date;
      return { conversationId: c.id, messageId: msg.id };
    },
    thing: (f) => things.get(f),
    things: () => [...order],
    replies: () =>
      order.filter((t) => t.author.toLowerCase() === me.toLowerCase() && t.kind !== 't3'),
    actions: () => [...actions],
    bans: (sub) => bans.filter((b) => !sub || b.subreddit.toLowerCase() === sub.toLowerCase()),
    conversation: (id) => conversations.get(id),
    requests: () => [...requests],
    clearRequests() {
      requests = [];
    },
    tokensIssued: () => issued,
    failNext(f) {
      faults.fail.push({ ...f, times: f.times ?? 1 });
    },
    storm429(s) {
      faults.storm = { times: s.times, resetSec: s.resetSec };
    },
    ratelimitNext(r) {
      faults.ratelimit = { times: r.times ?? 1, seconds: r.seconds };
    },
    loseResponse(l = {}) {
      faults.lose.push({ times: l.times ?? 1, path: l.path });
    },
    expireTokens() {
      for (const k of tokens.keys()) tokens.set(k, now() - 1);
    },
    malformedNext(n, field = 'created') {
      faults.malformed = { n, field };
    },
    setWindowLimit(limit) {
      windowLimit = limit;
    },
    trafficTick() {
      const r = rnd();
      const posts = order.filter((t) => t.kind === 't3');
      if (r < 0.35 || posts.length === 0) {
        const [title, body] = pick(QUESTIONS);
        sim.post({ author: pick(MEMBERS), title: title!, selftext: body!, subreddit: pick(subs) });
      } else if (r < 0.7) {
        const parent = pick(order.filter((t) => t.kind !== 't4' && !t.deleted));
        sim.comment({
          parent: parent.name,
          author: pick(MEMBERS),
          body: pick([
            'Same here, following.',
            'Any update on this?',
            `Thanks u/${me}, that worked!`,
            'Still broken for me.',
          ]),
        });
      } else if (r < 0.82) {
        sim.report(
          pick(order.filter((t) => t.kind !== 't4')).name,
          pick(['Spam', 'Rude or harassing', 'Breaks r/ rules: self-promotion']),
        );
      } else if (r < 0.92) {
        sim.message({
          from: pick(MEMBERS),
          subject: 'Question about my account',
          body: 'Hi, can a moderator help me with my order number?',
        });
      } else {
        sim.modmail({
          from: pick(MEMBERS),
          subject: 'Why was my post removed?',
          body: 'My post disappeared, which rule did it break?',
          subreddit: pick(subs),
        });
      }
    },
    startTraffic({ intervalMs }) {
      sim.stopTraffic();
      if (intervalMs > 0) traffic = setInterval(() => sim.trafficTick(), intervalMs);
    },
    stopTraffic() {
      if (traffic) clearInterval(traffic);
      traffic = null;
    },
    close() {
      sim.stopTraffic();
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  // Every member-side change is saved too (a no-op without a state file).
  for (const k of [
    'post',
    'comment',
    'message',
    'report',
    'filter',
    'edit',
    'deleteByAuthor',
    'modmail',
  ] as const) {
    const f = sim[k] as (...a: unknown[]) => unknown;
    (sim as Record<string, unknown>)[k] = (...a: unknown[]) => {
      const r = f(...a);
      persist();
      return r;
    };
  }
  return sim;
}
