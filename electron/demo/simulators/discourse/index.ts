// electron/demo/simulators/discourse: a local Discourse simulator. A plain node:http server on 127.0.0.1
// that speaks the Discourse REST API's wire format (paths, Api-Key/Api-Username auth, the JSON shapes
// of posts, topics, errors, 403/404/422/429 bodies and headers) closely enough that the connector
// cannot tell it from a real forum. Several forums ("sites") live in one server under path prefixes,
// like Discourse subfolder installs: http://127.0.0.1:PORT/s/<slug> is a site's base URL.
//
// Endpoints per site: GET /posts.json[?before=] (public regular posts, newest first, 50 per page,
// `before` exclusive), GET /private-posts.json[?before=], GET /latest.json[?page=], GET /t/:id.json
// (and /t/:slug/:id.json; first 20 posts inline + the full `stream`), GET /t/:id/posts.json?post_ids[]=,
// GET /posts/:id.json, POST /posts.json (JSON or form-encoded: reply, new topic, new private message).
//
// Used by the demo workspace (seeded history + member traffic from a seeded PRNG, state optionally
// persisted to a JSON file, durably on every change) and by tests (fault injection, per-site request log).
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname } from 'node:path';
import {
  FOLLOW_UPS,
  HOSTILE,
  MEMBERS,
  PRIVATE_MESSAGES,
  QUESTIONS,
  SPAM,
  STAFF_REPLIES,
} from './content';
import { cook, escapeHtml } from './cook';
import { flagPost as addFlag, handleReview, type SimModAction, type SimReviewable } from './review';

export { cook } from './cook';
export type { SimModAction, SimReviewable, SimScore } from './review';

export type SimPost = {
  id: number;
  topic_id: number;
  post_number: number;
  user_id: number;
  username: string;
  name: string | null;
  raw: string;
  cooked: string;
  created_at: string;
  updated_at: string;
  post_type: number;
  version: number;
  reply_to_post_number: number | null;
  staff: boolean;
  admin: boolean;
  moderator: boolean;
  trust_level: number;
  hidden: boolean;
  deleted_at: string | null;
  action_code?: string | null;
  /** Served broken (fault injection): which field. */
  malformed?: MalformedField;
};
export type SimTopic = {
  id: number;
  title: string;
  slug: string;
  created_at: string;
  archetype: 'regular' | 'private_message';
  category_id: number | null;
  user_id: number;
  closed: boolean;
  allowed_users?: string[];
};
export type SimRequest = {
  method: string;
  /** Path below the site prefix, without the query string (e.g. "/posts.json"). */
  path: string;
  /** The query string without "?" ("" when none). */
  query: string;
  at: number;
  /** HTTP status answered; -1 = connection destroyed (site down); -2 = applied, response lost. */
  status: number;
  apiUsername: string | null;
  /** Request headers, lower-case, without Api-Key / User-Api-Key (Authorization redacted). */
  headers: Record<string, string>;
  /** Parsed body of a POST/PUT. */
  body?: Record<string, unknown>;
};
export type MalformedField = 'both' | 'created_at' | 'id' | 'cooked';
export type SiteOptions = {
  slug: string;
  apiKey: string;
  apiUsername: string;
  title: string;
  /** Discourse's min_post_length (site default 20); the demo default here is 1. */
  minPostLength?: number;
  /** Discourse's max_post_length (default 32000). */
  maxPostLength?: number;
  /** Real Discourse memoizes identical API POSTs for 120 s (same payload -> same post). 0 = off (default). */
  memoizeSeconds?: number;
};
/** A hostile forum (tests): echoes the API key it received in many encodings, or redirects to a host named after it. */
export type HostileSpec = {
  mode: 'echo-key' | 'redirect-key';
  status?: number;
  method?: 'GET' | 'POST';
};
export type FailSpec = {
  status: number;
  retryAfterSec?: number;
  times?: number;
  afterApply?: boolean;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
};
/** Flag types a member can raise (Discourse's PostActionType names). */
export type FlagType = 'spam' | 'inappropriate' | 'off_topic' | 'something_else';
const FLAG_TYPE_IDS: Record<FlagType, number> = {
  off_topic: 3,
  inappropriate: 4,
  something_else: 7,
  spam: 8,
};

export type DiscourseSimulator = {
  /** http://127.0.0.1:PORT */
  url: string;
  /** A site's base URL (what a connector is configured with). */
  siteUrl(slug: string): string;
  hasSite(slug: string): boolean;
  /** Adds a site; for an existing slug (a restored state file), updates its key and username. */
  addSite(o: SiteOptions): void;
  /** Initial history: `topics` questions with staggered created_at in the past, some answered by staff. */
  seed(slug: string, o: { topics: number; privateMessages?: number }): void;
  /** A member writes: a reply when topicId is given, else a new topic (a private message to the API user with privateMessage). */
  addMemberPost(
    slug: string,
    o: {
      topicId?: number;
      title?: string;
      raw: string;
      cooked?: string;
      username: string;
      name?: string | null;
      privateMessage?: boolean;
      postType?: number;
      createdAt?: Date;
    },
  ): SimPost;
  /** A member flags a post (default: spam, by a fresh member): a score on its pending review item. */
  flagPost(
    slug: string,
    postId: number,
    o?: { type?: FlagType; by?: string; reason?: string },
  ): SimReviewable;
  /** A member's post is held for approval (a reply with topicId, else a new topic). */
  queuePost(
    slug: string,
    o: { topicId?: number; title?: string; raw: string; username: string; reason?: string },
  ): SimReviewable;
  reviewables(slug: string): SimReviewable[];
  /** Moderation the forum applied (performed review actions, deletions, closes, silences, suspensions). */
  modActions(slug: string): SimModAction[];
  /** An account by username (its id, silence and suspension). */
  member(slug: string, username: string): User | undefined;
  /** Edits a post: new raw/cooked, version + 1, updated_at now. */
  editPost(slug: string, postId: number, raw: string): SimPost;
  /** Closes a topic the way Discourse does: a small-action post (post_type 3, action_code closed.enabled) by "system". */
  closeTopic(slug: string, topicId: number): SimPost;
  /** Soft-deletes a post (deleted_at set; gone from lists). */
  deletePost(slug: string, postId: number): void;
  posts(slug: string): SimPost[];
  topics(slug: string): SimTopic[];
  requests(slug: string): SimRequest[];
  clearRequests(slug: string): void;
  /** The next matching request(s) fail with `status` (429 with Retry-After and Discourse's rate_limit body).
   *  afterApply: a write (POST/PUT/DELETE) is applied first, then answered with the failure (e.g. a 502 from a proxy). */
  failNext(slug: string, o: FailSpec): void;
  /** The next `n` posts created on the site are served with a broken field (default: id and created_at). */
  malformedNext(slug: string, n: number, field?: MalformedField): void;
  /** The next POST is applied but its response is lost: the socket is destroyed, or with `hold` never answered. */
  hangAfterApply(slug: string, o?: { hold?: boolean }): void;
  /** The next matching request gets a hostile answer built from the API key it carried (see HostileSpec). */
  hostileNext(slug: string, o: HostileSpec): void;
  /** The site drops every connection (like a host that is down) until down(slug, false). */
  down(slug: string, isDown?: boolean): void;
  /** Per-site request limit per minute (429 + Retry-After + wait_seconds beyond it); null = off. */
  rateLimit(slug: string, perMinute: number | null): void;
  setMinPostLength(slug: string, n: number): void;
  /** Member traffic on every site every `intervalMs` (seeded PRNG). */
  startTraffic(o: { intervalMs: number }): void;
  stopTraffic(): void;
  /** One round of traffic now (what the timer does). */
  trafficTick(): void;
  close(): Promise<void>;
};

type User = {
  id: number;
  name: string | null;
  staff: boolean;
  silenced_till?: string | null;
  suspended_till?: string | null;
};
type Site = {
  slug: string;
  title: string;
  keyHash: string;
  apiUsername: string;
  minPostLength: number;
  maxPostLength: number;
  memoizeSeconds: number;
  topics: SimTopic[];
  posts: SimPost[];
  users: Map<string, User>;
  nextPostId: number;
  nextTopicId: number;
  nextUserId: number;
  reviewables: SimReviewable[];
  modActions: SimModAction[];
  nextReviewableId: number;
  nextScoreId: number;
  requests: SimRequest[];
  faults: {
    hostile: HostileSpec[];
    failNext: (FailSpec & { times: number })[];
    malformed: { n: number; field: MalformedField };
    hangAfterApply: number;
    hold: boolean;
    down: boolean;
  };
  rate: { perMinute: number; window: number[] } | null;
  memo: Map<string, { at: number; body: unknown }>;
};
type SavedSite = Omit<Site, 'users' | 'requests' | 'faults' | 'rate' | 'memo'> & {
  users: [string, User][];
};

const PAGE = 50;
const CHUNK = 20;
const NOT_FOUND = {
  errors: ['The requested URL or resource could not be found.'],
  error_type: 'not_found',
};
const INVALID_ACCESS = {
  errors: [
    'You are not permitted to view the requested resource. The API username or key is invalid.',
  ],
  error_type: 'invalid_access',
};

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** Discourse's default slug generation: ASCII words; a title without any gives "topic". */
const slugify = (t: string) =>
  t
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'topic';
const rateLimitBody = (wait: number) => ({
  errors: [
    `You’ve performed this action too many times. Please wait ${wait} seconds before trying again.`,
  ],
  error_type: 'rate_limit',
  extras: { wait_seconds: wait, time_left: `${wait} seconds` },
});

/** xorshift32: a small seeded PRNG so demo traffic is reproducible. */
export function prng(seed: number): () => number {
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

function serializePost(site: Site, p: SimPost, shape: 'list' | 'topic' | 'single' | 'created') {
  const topic = site.topics.find((t) => t.id === p.topic_id);
  const base: Record<string, unknown> = {
    id: p.id,
    name: p.name,
    username: p.username,
    avatar_template: `/s/${site.slug}/letter_avatar_proxy/v4/letter/${(p.username[0] ?? 'x').toLowerCase()}/8797f3/{size}.png`,
    created_at: p.created_at,
    cooked: p.cooked,
    post_number: p.post_number,
    post_type: p.post_type,
    updated_at: p.updated_at,
    reply_count: 0,
    reply_to_post_number: p.reply_to_post_number,
    quote_count: 0,
    incoming_link_count: 0,
    reads: 1,
    readers_count: 0,
    score: 0,
    yours: p.username.toLowerCase() === site.apiUsername.toLowerCase(),
    topic_id: p.topic_id,
    topic_slug: topic?.slug ?? 'topic',
  };
  if (shape === 'list') {
    base.topic_title = topic?.title ?? '';
    base.topic_html_title = topic ? escapeHtml(topic.title) : '';
  }
  Object.assign(base, {
    category_id: topic?.category_id ?? null,
    display_username: p.name,
    primary_group_name: null,
    flair_name: null,
    version: p.version,
    can_edit: true,
    can_delete: true,
    can_recover: false,
    can_wiki: true,
    user_title: null,
    bookmarked: false,
  });
  if (shape === 'list' || shape === 'single') base.raw = p.raw;
  Object.assign(base, {
    actions_summary: [],
    moderator: p.moderator,
    admin: p.admin,
    staff: p.staff,
    user_id: p.user_id,
    hidden: p.hidden,
    trust_level: p.trust_level,
    deleted_at: p.deleted_at,
    user_deleted: false,
    edit_reason: null,
    can_view_edit_history: true,
    wiki: false,
  });
  if (p.action_code) base.action_code = p.action_code;
  switch (p.malformed) {
    case 'both':
      return { ...base, id: `post-${p.id}`, created_at: 'sometime last week' };
    case 'created_at':
      return { ...base, created_at: 'not a date' };
    case 'id': {
      const { id: _id, ...rest } = base;
      return rest;
    }
    case 'cooked':
      return { ...base, cooked: { html: p.cooked } };
    default:
      return base;
  }
}

function serializeTopic(site: Site, t: SimTopic) {
  const posts = site.posts.filter((p) => p.topic_id === t.id && !p.deleted_at);
  const regular = posts.filter((p) => p.post_type === 1);
  const last = regular[regular.length - 1];
  return {
    id: t.id,
    title: t.title,
    fancy_title: escapeHtml(t.title),
    slug: t.slug,
    posts_count: regular.length,
    reply_count: Math.max(0, regular.length - 1),
    highest_post_number: posts[posts.length - 1]?.post_number ?? 1,
    image_url: null,
    created_at: t.created_at,
    last_posted_at: last?.created_at ?? t.created_at,
    bumped: true,
    bumped_at: last?.created_at ?? t.created_at,
    archetype: t.archetype,
    unseen: false,
    pinned: false,
    unpinned: null,
    visible: true,
    closed: t.closed,
    archived: false,
    bookmarked: null,
    liked: null,
    views: posts.length * 3,
    like_count: 0,
    has_summary: false,
    last_poster_username: last?.username ?? '',
    category_id: t.category_id,
    pinned_globally: false,
    featured_link: null,
    posters: [],
  };
}

function readBody(req: IncomingMessage, limit = 2_000_000): Promise<Record<string, unknown>> {
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
      try {
        if (String(req.headers['content-type'] ?? '').includes('application/json')) {
          const v: unknown = text ? JSON.parse(text) : {};
          resolve(
            v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {},
          );
        } else resolve(Object.fromEntries(new URLSearchParams(text)));
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

export async function startDiscourseSimulator(
  opts: { port?: number; stateFile?: string; seed?: number } = {},
): Promise<DiscourseSimulator> {
  const sites = new Map<string, Site>();
  const rnd = prng(opts.seed ?? 20261122);
  const sockets = new Set<Socket>();
  const held = new Set<ServerResponse>();
  let trafficTimer: NodeJS.Timeout | null = null;

  const freshFaults = (): Site['faults'] => ({
    hostile: [],
    failNext: [],
    malformed: { n: 0, field: 'both' },
    hangAfterApply: 0,
    hold: false,
    down: false,
  });

  // ---- persistence (a demo restart keeps the same forums) ----
  if (opts.stateFile && existsSync(opts.stateFile)) {
    try {
      const saved = JSON.parse(readFileSync(opts.stateFile, 'utf8')) as { sites?: SavedSite[] };
      for (const s of saved.sites ?? []) {
        sites.set(s.slug, {
          ...s,
          minPostLength: s.minPostLength ?? 1,
          maxPostLength: s.maxPostLength ?? 32_000,
          memoizeSeconds: s.memoizeSeconds ?? 0,
          reviewables: s.reviewables ?? [],
          modActions: s.modActions ?? [],
          nextReviewableId: s.nextReviewableId ?? 1,
          nextScoreId: s.nextScoreId ?? 1,
          users: new Map(s.users),
          requests: [],
          faults: freshFaults(),
          rate: null,
          memo: new Map(),
        });
      }
    } catch {
      // A corrupt state file: start empty rather than refuse to start the demo.
    }
  }
  // Written durably and synchronously on every change, before the change is acknowledged to a
  // client: temp file + fsync, rename over the old state, fsync of the folder. A kill at any point
  // leaves either the old or the new state, so posts are never lost and ids never start again.
  const writeState = () => {
    if (!opts.stateFile) return;
    const data = {
      sites: [...sites.values()].map(
        ({ requests: _r, faults: _f, rate: _t, memo: _m, users, ...s }): SavedSite => ({
          ...s,
          users: [...users.entries()],
        }),
      ),
    };
    const dir = dirname(opts.stateFile);
    mkdirSync(dir, { recursive: true });
    const tmp = `${opts.stateFile}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(data));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, opts.stateFile);
    try {
      const dfd = openSync(dir, 'r');
      try {
        fsyncSync(dfd);
      } finally {
        closeSync(dfd);
      }
    } catch {
      // Some file systems cannot fsync a directory; the rename itself is atomic.
    }
  };
  // Inside batch() (seeding) one write at the end is enough: nothing was acknowledged in between.
  let batching = false;
  const save = () => {
    if (!batching) writeState();
  };
  const batch = (fn: () => void) => {
    batching = true;
    try {
      fn();
    } finally {
      batching = false;
    }
    writeState();
  };

  const site = (slug: string) => {
    const s = sites.get(slug);
    if (!s) throw new Error(`No simulated site "${slug}"`);
    return s;
  };
  const user = (s: Site, username: string, name: string | null, staff = false): User => {
    const key = username.toLowerCase();
    let u = s.users.get(key);
    if (!u) {
      u = { id: s.nextUserId++, name, staff };
      s.users.set(key, u);
    }
    return u;
  };

  type CreateOpts = {
    topicId?: number;
    title?: string;
    raw: string;
    cooked?: string;
    username: string;
    name?: string | null;
    at?: Date;
    replyTo?: number | null;
    privateMessage?: boolean;
    recipients?: string[];
    postType?: number;
    actionCode?: string;
  };
  function createPost(s: Site, o: CreateOpts): SimPost {
    const staff =
      o.username.toLowerCase() === s.apiUsername.toLowerCase() || o.username === 'system';
    const u = user(
      s,
      o.username,
      o.name ?? MEMBERS.find((m) => m.username === o.username)?.name ?? null,
      staff,
    );
    const at = (o.at ?? new Date()).toISOString();
    let topicId = o.topicId;
    if (topicId === undefined) {
      const title = o.title ?? o.raw.slice(0, 60);
      const t: SimTopic = {
        id: s.nextTopicId++,
        title,
        slug: slugify(title),
        created_at: at,
        archetype: o.privateMessage ? 'private_message' : 'regular',
        category_id: o.privateMessage ? null : 1 + (s.nextTopicId % 4),
        user_id: u.id,
        closed: false,
        ...(o.privateMessage
          ? { allowed_users: [o.username, ...(o.recipients ?? [s.apiUsername])] }
          : {}),
      };
      s.topics.push(t);
      topicId = t.id;
    }
    const inTopic = s.posts.filter((p) => p.topic_id === topicId);
    const p: SimPost = {
      id: s.nextPostId++,
      topic_id: topicId,
      post_number: (inTopic[inTopic.length - 1]?.post_number ?? 0) + 1,
      user_id: o.username === 'system' ? -1 : u.id,
      username: o.username,
      name: u.name,
      raw: o.raw,
      cooked: o.cooked ?? cook(o.raw),
      created_at: at,
      updated_at: at,
      post_type: o.postType ?? 1,
      version: 1,
      reply_to_post_number: o.replyTo ?? null,
      staff,
      admin: staff,
      moderator: staff,
      trust_level: staff ? 4 : 1,
      hidden: false,
      deleted_at: null,
      ...(o.actionCode ? { action_code: o.actionCode } : {}),
    };
    if (s.faults.malformed.n > 0) {
      s.faults.malformed.n--;
      p.malformed = s.faults.malformed.field;
    }
    s.posts.push(p);
    try {
      save();
    } catch (err) {
      // Not durable, so not created: undo, and let the caller see the failure (a 500 to a client).
      s.posts.pop();
      if (o.topicId === undefined) s.topics.pop();
      throw err;
    }
    return p;
  }

  // ---- HTTP ----
  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-cache, no-store',
      ...headers,
    });
    res.end(text);
  };
  const logHeaders = (req: IncomingMessage) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (k === 'api-key' || k === 'user-api-key') continue;
      out[k] =
        k === 'authorization' ? '[redacted]' : Array.isArray(v) ? v.join(', ') : String(v ?? '');
    }
    return out;
  };
  const publicPosts = (s: Site) =>
    s.posts.filter((p) => {
      if (p.post_type !== 1 || p.hidden || p.deleted_at) return false;
      return s.topics.find((t) => t.id === p.topic_id)?.archetype === 'regular';
    });
  const privatePosts = (s: Site) =>
    s.posts.filter(
      (p) =>
        !p.deleted_at && s.topics.find((t) => t.id === p.topic_id)?.archetype === 'private_message',
    );
  const before = (list: SimPost[], b: string | null) => {
    const n = Number(b);
    return list
      .filter((p) => !(b && Number.isFinite(n) && n > 0) || p.id < n)
      .sort((a, z) => z.id - a.id)
      .slice(0, PAGE);
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://sim');
    const m = /^\/s\/([^/]+)(\/.*)$/.exec(url.pathname);
    const s = m ? sites.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !s) return send(res, 404, NOT_FOUND);
    const path = m[2]!;
    const method = req.method ?? 'GET';
    const entry: SimRequest = {
      method,
      path,
      query: url.search.replace(/^\?/, ''),
      at: Date.now(),
      status: 0,
      apiUsername: (req.headers['api-username'] as string | undefined) ?? null,
      headers: logHeaders(req),
    };
    s.requests.push(entry);
    if (s.requests.length > 5000) s.requests.splice(0, s.requests.length - 5000);
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      send(res, status, body, headers);
    };
    if (s.faults.down) {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    // Auth: admin API key + username, as Discourse expects them (usernames are case-insensitive).
    const key = req.headers['api-key'];
    const who = req.headers['api-username'];
    if (
      typeof key !== 'string' ||
      sha(key) !== s.keyHash ||
      typeof who !== 'string' ||
      who.toLowerCase() !== s.apiUsername.toLowerCase()
    ) {
      return reply(403, INVALID_ACCESS);
    }
    const hi = s.faults.hostile.findIndex((h) => !h.method || h.method === method);
    if (hi >= 0) {
      const h = s.faults.hostile.splice(hi, 1)[0]!;
      const b = Buffer.from(key, 'utf8');
      if (h.mode === 'redirect-key')
        return reply(h.status ?? 302, {}, { Location: `http://${key}.host/s/${s.slug}${path}` });
      const forms = [
        key,
        key.toLowerCase(),
        key.toUpperCase(),
        b.toString('base64'),
        b.toString('base64url'),
        Buffer.from(`${who}:${key}`).toString('base64'),
        encodeURIComponent(key),
        [...b].map((x) => `%${x.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
        b.toString('hex'),
        b.toString('hex').toUpperCase(),
      ];
      return reply(h.status ?? 403, {
        errors: forms.map((f) => `Your key ${f} is not welcome at http://${key}.host/`),
        error_type: 'invalid_access',
      });
    }
    const idx = s.faults.failNext.findIndex((f) => !f.method || f.method === method);
    const injected = idx >= 0 ? s.faults.failNext[idx] : undefined;
    const fail = () => {
      if (!injected) return false;
      if (--injected.times <= 0) s.faults.failNext.splice(s.faults.failNext.indexOf(injected), 1);
      if (injected.status === 429) {
        const wait = injected.retryAfterSec ?? 30;
        reply(429, rateLimitBody(wait), {
          'Retry-After': String(wait),
          'Discourse-Rate-Limit-Error-Code': 'admin_api_key_rate_limit',
        });
      } else
        reply(injected.status, {
          errors: [injected.status >= 500 ? 'Something went wrong.' : 'The request failed.'],
          error_type: injected.status >= 500 ? 'server_error' : 'invalid_parameters',
        });
      return true;
    };
    if (injected && !(injected.afterApply && method !== 'GET') && fail()) return;
    if (s.rate) {
      const now = Date.now();
      s.rate.window = s.rate.window.filter((t) => t > now - 60_000);
      if (s.rate.window.length >= s.rate.perMinute) {
        const wait = Math.max(1, Math.ceil((s.rate.window[0]! + 60_000 - now) / 1000));
        return reply(429, rateLimitBody(wait), {
          'Retry-After': String(wait),
          'Discourse-Rate-Limit-Error-Code': 'admin_api_key_rate_limit',
        });
      }
      s.rate.window.push(now);
    }

    if (
      /^\/review[/.]|^\/admin\/users\/\d+\/|^\/t\/\d+\/status\.json$/.test(path) ||
      (method === 'DELETE' && /^\/posts\/\d+\.json$/.test(path))
    ) {
      let body: Record<string, unknown> | null = null;
      if (method === 'PUT') {
        try {
          body = await readBody(req);
        } catch {
          return reply(400, {
            errors: ['You supplied invalid parameters to the request: body'],
            error_type: 'invalid_parameters',
          });
        }
        entry.body = body;
      }
      const answer = handleReview(
        s,
        {
          createPost: (o) => createPost(s, o),
          setClosed: (topicId, closed) => {
            const t = s.topics.find((x) => x.id === topicId)!;
            createPost(s, {
              topicId,
              raw: '',
              cooked: '',
              username: 'system',
              postType: 3,
              actionCode: closed ? 'closed.enabled' : 'closed.disabled',
            });
            t.closed = closed;
          },
          save,
        },
        { method, path, params: url.searchParams, body },
        `${url.origin}/s/${s.slug}`,
      );
      if (answer) {
        if (injected?.afterApply && method !== 'GET' && answer.status < 300 && fail()) return;
        if (answer.body === '') {
          // Discourse answers a deletion with an empty 200 (`render body: nil`).
          entry.status = answer.status;
          res.writeHead(answer.status, { 'Content-Length': '0' });
          res.end();
          return;
        }
        return reply(answer.status, answer.body);
      }
    }

    let mm: RegExpExecArray | null;
    if (method === 'GET' && path === '/posts.json') {
      return reply(200, {
        latest_posts: before(publicPosts(s), url.searchParams.get('before')).map((p) =>
          serializePost(s, p, 'list'),
        ),
      });
    }
    if (method === 'GET' && path === '/private-posts.json') {
      return reply(200, {
        private_posts: before(privatePosts(s), url.searchParams.get('before')).map((p) =>
          serializePost(s, p, 'list'),
        ),
      });
    }
    if (method === 'GET' && path === '/session/current.json') {
      return reply(200, {
        current_user: {
          id: 1,
          username: s.apiUsername,
          name: s.apiUsername,
          admin: true,
          moderator: true,
        },
      });
    }
    if (method === 'GET' && path === '/latest.json') {
      const page = Math.max(0, Number(url.searchParams.get('page') ?? 0) || 0);
      const topics = s.topics.filter((t) => t.archetype === 'regular').sort((a, b) => b.id - a.id);
      const slice = topics.slice(page * 30, page * 30 + 30);
      return reply(200, {
        users: [],
        primary_groups: [],
        flair_groups: [],
        topic_list: {
          can_create_topic: true,
          per_page: 30,
          top_tags: [],
          topics: slice.map((t) => serializeTopic(s, t)),
          ...(topics.length > (page + 1) * 30
            ? { more_topics_url: `/latest?page=${page + 1}` }
            : {}),
        },
      });
    }
    if (method === 'GET' && (mm = /^\/t\/(\d+)\/posts\.json$/.exec(path))) {
      const t = s.topics.find((x) => x.id === Number(mm![1]));
      if (!t) return reply(404, NOT_FOUND);
      const ids = url.searchParams.getAll('post_ids[]').map(Number);
      const posts = s.posts.filter(
        (p) =>
          p.topic_id === t.id && !p.deleted_at && (ids.length === 0 ? true : ids.includes(p.id)),
      );
      return reply(200, {
        post_stream: {
          posts: (ids.length ? posts : posts.slice(0, CHUNK)).map((p) =>
            serializePost(s, p, 'topic'),
          ),
        },
        id: t.id,
      });
    }
    if (method === 'GET' && (mm = /^\/t\/(?:[^/]+\/)?(\d+)\.json$/.exec(path))) {
      const t = s.topics.find((x) => x.id === Number(mm![1]));
      if (!t) return reply(404, NOT_FOUND);
      const posts = s.posts.filter((p) => p.topic_id === t.id && !p.deleted_at);
      return reply(200, {
        post_stream: {
          posts: posts.slice(0, CHUNK).map((p) => serializePost(s, p, 'topic')),
          stream: posts.map((p) => p.id),
        },
        timeline_lookup: [],
        suggested_topics: [],
        tags: [],
        ...serializeTopic(s, t),
        chunk_size: CHUNK,
        details: {
          can_create_post: !t.closed,
          can_reply_as_new_topic: true,
          notification_level: 1,
          participants: [],
        },
      });
    }
    if (method === 'GET' && (mm = /^\/posts\/(\d+)\.json$/.exec(path))) {
      const p = s.posts.find((x) => x.id === Number(mm![1]) && !x.deleted_at);
      if (!p) return reply(404, NOT_FOUND);
      return reply(200, serializePost(s, p, 'single'));
    }
    if (method === 'POST' && path === '/posts.json') {
      let body: Record<string, unknown>;
      try {
        body = await readBody(req);
      } catch {
        return reply(400, {
          errors: ['You supplied invalid parameters to the request: body'],
          error_type: 'invalid_parameters',
        });
      }
      entry.body = body;
      const memoKey =
        s.memoizeSeconds > 0
          ? sha(JSON.stringify(Object.entries(body).sort(([a], [b]) => a.localeCompare(b))))
          : '';
      const memo = memoKey ? s.memo.get(memoKey) : undefined;
      if (memo && memo.at > Date.now() - s.memoizeSeconds * 1000) return reply(200, memo.body);
      const raw = typeof body.raw === 'string' ? body.raw : '';
      const len = raw.trim().length;
      if (len < s.minPostLength)
        return reply(422, {
          action: 'create_post',
          errors: [`Body is too short (minimum is ${s.minPostLength} characters)`],
        });
      if (len > s.maxPostLength)
        return reply(422, {
          action: 'create_post',
          errors: [`Body is limited to ${s.maxPostLength} characters; you entered ${len}.`],
        });
      let topicId: number | undefined;
      let pm = false;
      let recipients: string[] | undefined;
      if (body.topic_id !== undefined && body.topic_id !== null && body.topic_id !== '') {
        topicId = Number(body.topic_id);
        const t = s.topics.find((x) => x.id === topicId);
        if (!t) return reply(422, { action: 'create_post', errors: ['Topic not found'] });
        if (t.closed)
          return reply(422, {
            action: 'create_post',
            errors: ['This topic is closed for new replies.'],
          });
      } else {
        pm = body.archetype === 'private_message';
        // Discourse defaults: min_topic_title_length 15, min_personal_message_title_length 2.
        const minTitle = pm ? 2 : 15;
        if (typeof body.title !== 'string' || body.title.trim().length < minTitle)
          return reply(422, {
            action: 'create_post',
            errors: [`Title is too short (minimum is ${minTitle} characters)`],
          });
        if (pm) {
          recipients = String(body.target_recipients ?? body.target_usernames ?? '')
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean);
          if (recipients.length === 0)
            return reply(422, { action: 'create_post', errors: ['You must choose a valid user.'] });
        }
      }
      const replyTo =
        body.reply_to_post_number != null && body.reply_to_post_number !== ''
          ? Number(body.reply_to_post_number)
          : null;
      const p = createPost(s, {
        topicId,
        title: body.title as string | undefined,
        raw,
        username: s.apiUsername,
        replyTo: Number.isFinite(replyTo) ? replyTo : null,
        privateMessage: pm,
        recipients,
      });
      const out = serializePost(s, p, 'created');
      if (memoKey) s.memo.set(memoKey, { at: Date.now(), body: out });
      if (s.faults.hangAfterApply > 0) {
        // The post exists, but the response never arrives: an unknown outcome for the client.
        s.faults.hangAfterApply--;
        entry.status = -2;
        if (s.faults.hold) held.add(res);
        else req.socket.destroy();
        s.faults.hold = false;
        return;
      }
      if (injected?.afterApply && fail()) return;
      return reply(200, out);
    }
    return reply(404, NOT_FOUND);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(res, 500, { errors: ['Internal Server Error'], error_type: 'server_error' });
    });
  });
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

  function seedSite(slug: string, o: { topics: number; privateMessages?: number }) {
    const s = site(slug);
    const now = Date.now();
    for (let i = 0; i < o.topics; i++) {
      const q = QUESTIONS[(i + s.slug.length) % QUESTIONS.length]!;
      const member = MEMBERS[(i * 5 + s.slug.length) % MEMBERS.length]!;
      const at = new Date(now - (o.topics - i) * 23 * 60_000 - Math.floor(rnd() * 10 * 60_000));
      const p = createPost(s, {
        title: q.title,
        raw: q.raw,
        username: member.username,
        name: member.name,
        at,
      });
      if (i % 4 === 1) {
        createPost(s, {
          topicId: p.topic_id,
          raw: STAFF_REPLIES[i % STAFF_REPLIES.length]!,
          username: s.apiUsername,
          at: new Date(at.getTime() + 9 * 60_000),
          replyTo: 1,
        });
        if (i % 8 === 1)
          createPost(s, {
            topicId: p.topic_id,
            raw: FOLLOW_UPS[i % FOLLOW_UPS.length]!,
            username: member.username,
            at: new Date(at.getTime() + 15 * 60_000),
          });
      }
    }
    for (let i = 0; i < (o.privateMessages ?? 0); i++) {
      const pmsg = PRIVATE_MESSAGES[i % PRIVATE_MESSAGES.length]!;
      const member = MEMBERS[(i * 7 + 3) % MEMBERS.length]!;
      createPost(s, {
        title: pmsg.title,
        raw: pmsg.raw,
        username: member.username,
        name: member.name,
        privateMessage: true,
        at: new Date(now - (i + 1) * 17 * 60_000),
      });
    }
  }

  function trafficTick() {
    try {
      trafficRound();
    } catch {
      // A failed write drops that round's post (it was undone); the timer must not crash the host.
    }
  }

  function trafficRound() {
    for (const s of sites.values()) {
      if (rnd() < 0.35) continue; // not every forum is busy every tick
      const r = rnd();
      const member = pick(MEMBERS);
      const open = s.topics.filter((t) => !t.closed && t.archetype === 'regular');
      if (r < 0.45 || open.length === 0) {
        const q = pick(QUESTIONS);
        createPost(s, { title: q.title, raw: q.raw, username: member.username, name: member.name });
      } else if (r < 0.8) {
        const t = pick(open);
        const starter = s.posts.find((p) => p.topic_id === t.id && p.post_number === 1);
        createPost(s, {
          topicId: t.id,
          raw: pick(FOLLOW_UPS),
          username: starter?.username ?? member.username,
        });
      } else if (r < 0.85) {
        const pmsg = pick(PRIVATE_MESSAGES);
        createPost(s, {
          title: pmsg.title,
          raw: pmsg.raw,
          username: member.username,
          name: member.name,
          privateMessage: true,
        });
      } else if (r < 0.95) {
        const sp = pick(SPAM);
        createPost(s, {
          title: sp.title,
          raw: sp.raw,
          username: `promo${Math.floor(rnd() * 900 + 100)}`,
        });
      } else {
        const h = pick(HOSTILE);
        createPost(s, {
          title: h.title,
          raw: h.raw,
          cooked: h.cooked,
          username: member.username,
          name: member.name,
        });
      }
    }
  }

  return {
    url,
    siteUrl: (slug) => `${url}/s/${encodeURIComponent(slug)}`,
    hasSite: (slug) => sites.has(slug),
    addSite(o) {
      const existing = sites.get(o.slug);
      if (existing) {
        existing.keyHash = sha(o.apiKey);
        existing.apiUsername = o.apiUsername;
        if (o.minPostLength !== undefined) existing.minPostLength = o.minPostLength;
        if (o.maxPostLength !== undefined) existing.maxPostLength = o.maxPostLength;
        if (o.memoizeSeconds !== undefined) existing.memoizeSeconds = o.memoizeSeconds;
        save();
        return;
      }
      const s: Site = {
        slug: o.slug,
        title: o.title,
        keyHash: sha(o.apiKey),
        apiUsername: o.apiUsername,
        minPostLength: o.minPostLength ?? 1,
        maxPostLength: o.maxPostLength ?? 32_000,
        memoizeSeconds: o.memoizeSeconds ?? 0,
        topics: [],
        posts: [],
        users: new Map(),
        nextPostId: 1001,
        nextTopicId: 101,
        nextUserId: 2,
        reviewables: [],
        modActions: [],
        nextReviewableId: 1,
        nextScoreId: 1,
        requests: [],
        faults: freshFaults(),
        rate: null,
        memo: new Map(),
      };
      sites.set(o.slug, s);
      user(s, o.apiUsername, 'Support team', true);
      save();
    },
    seed(slug, o) {
      batch(() => seedSite(slug, o));
    },
    addMemberPost(slug, o) {
      return createPost(site(slug), {
        topicId: o.topicId,
        title: o.title,
        raw: o.raw,
        cooked: o.cooked,
        username: o.username,
        name: o.name,
        privateMessage: o.privateMessage,
        postType: o.postType,
        at: o.createdAt,
      });
    },
    flagPost(slug, postId, o = {}) {
      const s = site(slug);
      const by = user(s, o.by ?? `member${s.nextScoreId + 100}`, null);
      const r = addFlag(s, postId, {
        by,
        scoreType: FLAG_TYPE_IDS[o.type ?? 'spam'],
        reason: o.reason ?? null,
      });
      // Like Discourse's hide_post_sensitivity: enough flags hide the post from the public lists.
      if (r.scores.length >= 3) {
        const p = s.posts.find((x) => x.id === postId);
        if (p) p.hidden = true;
      }
      save();
      return r;
    },
    queuePost(slug, o) {
      const s = site(slug);
      const u = user(s, o.username, MEMBERS.find((m) => m.username === o.username)?.name ?? null);
      const r: SimReviewable = {
        id: s.nextReviewableId++,
        type: 'ReviewableQueuedPost',
        status: 0,
        version: 1,
        created_at: new Date().toISOString(),
        topic_id: o.topicId ?? null,
        post_id: null,
        created_by_id: u.id,
        target_created_by_id: u.id,
        scores: [
          {
            id: s.nextScoreId++,
            user_id: -1,
            score_type: 9,
            reason: o.reason ?? 'New users’ first posts need approval.',
            created_at: new Date().toISOString(),
          },
        ],
        payload: { raw: o.raw, ...(o.title ? { title: o.title } : {}) },
      };
      s.reviewables.push(r);
      save();
      return r;
    },
    reviewables: (slug) => site(slug).reviewables,
    modActions: (slug) => site(slug).modActions,
    member: (slug, username) => site(slug).users.get(username.toLowerCase()),
    editPost(slug, postId, raw) {
      const p = site(slug).posts.find((x) => x.id === postId);
      if (!p) throw new Error(`No post ${postId}`);
      p.raw = raw;
      p.cooked = cook(raw);
      p.version += 1;
      p.updated_at = new Date().toISOString();
      save();
      return p;
    },
    closeTopic(slug, topicId) {
      const s = site(slug);
      const t = s.topics.find((x) => x.id === topicId);
      if (!t) throw new Error(`No topic ${topicId}`);
      const p = createPost(s, {
        topicId,
        raw: '',
        cooked: '',
        username: 'system',
        postType: 3,
        actionCode: 'closed.enabled',
      });
      t.closed = true;
      save();
      return p;
    },
    deletePost(slug, postId) {
      const p = site(slug).posts.find((x) => x.id === postId);
      if (!p) throw new Error(`No post ${postId}`);
      p.deleted_at = new Date().toISOString();
      save();
    },
    posts: (slug) => site(slug).posts,
    topics: (slug) => site(slug).topics,
    requests: (slug) => site(slug).requests,
    clearRequests(slug) {
      site(slug).requests.length = 0;
    },
    hostileNext(slug, o) {
      site(slug).faults.hostile.push(o);
    },
    failNext(slug, o) {
      site(slug).faults.failNext.push({ ...o, times: Math.max(1, o.times ?? 1) });
    },
    malformedNext(slug, n, field = 'both') {
      site(slug).faults.malformed = { n: site(slug).faults.malformed.n + n, field };
    },
    hangAfterApply(slug, o) {
      site(slug).faults.hangAfterApply += 1;
      site(slug).faults.hold = o?.hold ?? false;
    },
    down(slug, isDown = true) {
      site(slug).faults.down = isDown;
    },
    rateLimit(slug, perMinute) {
      site(slug).rate = perMinute == null ? null : { perMinute, window: [] };
    },
    setMinPostLength(slug, n) {
      site(slug).minPostLength = n;
    },
    startTraffic({ intervalMs }) {
      if (trafficTimer) clearInterval(trafficTimer);
      trafficTimer = setInterval(trafficTick, Math.max(50, intervalMs));
      trafficTimer.unref?.();
    },
    stopTraffic() {
      if (trafficTimer) clearInterval(trafficTimer);
      trafficTimer = null;
    },
    trafficTick,
    async close() {
      if (trafficTimer) clearInterval(trafficTimer);
      trafficTimer = null;
      for (const res of held) res.destroy();
      held.clear();
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
