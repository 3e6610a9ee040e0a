// electron/core/demo/simulator: a local Discourse simulator. It speaks the Discourse REST API's
// real wire format (paths, Api-Key/Api-Username auth, JSON shapes of posts, topics and errors,
// 403/422/429 bodies) closely enough that the connector cannot tell it from a real forum. Several
// forums ("sites") live in one server under path prefixes (Discourse supports subfolder installs):
// http://127.0.0.1:PORT/s/<slug>. Used by the demo workspace and by the tests; fault injection
// (429, malformed posts, a POST applied whose response is lost, a site that is down) is for tests.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { FOLLOW_UPS, HOSTILE, MEMBERS, QUESTIONS, SPAM, STAFF_REPLIES } from './content';

export type SimPost = {
  id: number; topic_id: number; post_number: number; user_id: number; username: string; name: string | null;
  raw: string; cooked: string; created_at: string; updated_at: string; post_type: number; version: number;
  reply_to_post_number: number | null; staff: boolean; admin: boolean; moderator: boolean; trust_level: number;
  hidden: boolean; deleted_at: string | null; malformed?: boolean;
};
export type SimTopic = { id: number; title: string; slug: string; created_at: string; archetype: 'regular' | 'private_message'; category_id: number; user_id: number; closed: boolean };
export type SimRequest = { method: string; path: string; at: number; status: number; apiUsername: string | null };
type Site = {
  slug: string; title: string; keyHash: string; apiUsername: string; minPostLength: number;
  topics: SimTopic[]; posts: SimPost[]; users: Map<string, { id: number; name: string | null; staff: boolean }>;
  nextPostId: number; nextTopicId: number; nextUserId: number;
  requests: SimRequest[];
  faults: { failNext: { status: number; retryAfterSec?: number; times: number }[]; malformed: number; hangAfterApply: number; hold: boolean; down: boolean };
  rate: { perMinute: number; window: number[] } | null;
};

export type DiscourseSimulator = {
  url: string;
  siteUrl(slug: string): string;
  hasSite(slug: string): boolean;
  addSite(o: { slug: string; apiKey: string; apiUsername: string; title: string; minPostLength?: number }): void;
  seed(slug: string, o: { topics: number }): void;
  addMemberPost(slug: string, o: { topicId?: number; title?: string; raw: string; cooked?: string; username: string }): SimPost;
  editPost(slug: string, postId: number, raw: string): SimPost;
  posts(slug: string): SimPost[];
  topics(slug: string): SimTopic[];
  requests(slug: string): SimRequest[];
  failNext(slug: string, o: { status: number; retryAfterSec?: number; times?: number }): void;
  malformedNext(slug: string, n: number): void;
  /** The next POST is applied but its response is lost: the socket is reset, or with `hold` never answered. */
  hangAfterApply(slug: string, o?: { hold?: boolean }): void;
  down(slug: string, isDown?: boolean): void;
  rateLimit(slug: string, perMinute: number | null): void;
  startTraffic(o: { intervalMs: number }): void;
  stopTraffic(): void;
  close(): Promise<void>;
};

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const slugify = (t: string) => t.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || 'topic';
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A tiny Markdown-ish cooker: paragraphs and line breaks, like Discourse's output for plain text. */
export const cook = (raw: string) => raw.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`).join('\n');

function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

/** The post as Discourse serializes it (GET /posts.json, /t/:id.json, /posts/:id.json). */
function serializePost(site: Site, p: SimPost) {
  const topic = site.topics.find((t) => t.id === p.topic_id);
  const base = {
    id: p.id, name: p.name, username: p.username,
    avatar_template: `/letter_avatar_proxy/v4/letter/${p.username[0] ?? 'x'}/8797f3/{size}.png`,
    created_at: p.created_at, cooked: p.cooked, post_number: p.post_number, post_type: p.post_type,
    updated_at: p.updated_at, reply_count: 0, reply_to_post_number: p.reply_to_post_number, quote_count: 0,
    incoming_link_count: 0, reads: 1, readers_count: 0, score: 0, yours: false, topic_id: p.topic_id,
    topic_slug: topic?.slug ?? 'topic', topic_title: topic?.title ?? '', topic_html_title: topic ? escapeHtml(topic.title) : '',
    category_id: topic?.category_id ?? 1, display_username: p.name, primary_group_name: null, flair_name: null,
    version: p.version, can_edit: false, can_delete: false, can_recover: false, can_wiki: false, user_title: null,
    bookmarked: false, raw: p.raw, actions_summary: [], moderator: p.moderator, admin: p.admin, staff: p.staff,
    user_id: p.user_id, hidden: p.hidden, trust_level: p.trust_level, deleted_at: p.deleted_at, user_deleted: false,
    edit_reason: null, can_view_edit_history: true, wiki: false,
  };
  if (p.malformed) return { ...base, id: `post-${p.id}`, created_at: 'sometime last week' };
  return base;
}

function serializeTopic(site: Site, t: SimTopic) {
  const posts = site.posts.filter((p) => p.topic_id === t.id);
  const last = posts[posts.length - 1];
  return {
    id: t.id, title: t.title, fancy_title: escapeHtml(t.title), slug: t.slug, posts_count: posts.length, reply_count: Math.max(0, posts.length - 1),
    highest_post_number: last?.post_number ?? 1, image_url: null, created_at: t.created_at, last_posted_at: last?.created_at ?? t.created_at,
    bumped: true, bumped_at: last?.created_at ?? t.created_at, archetype: t.archetype, unseen: false, pinned: false, unpinned: null,
    visible: true, closed: t.closed, archived: false, bookmarked: null, liked: null, views: posts.length * 3, like_count: 0,
    has_summary: false, last_poster_username: last?.username ?? '', category_id: t.category_id, pinned_globally: false, featured_link: null,
    posters: [],
  };
}

export async function startDiscourseSimulator(opts: { port?: number; stateFile?: string; seed?: number } = {}): Promise<DiscourseSimulator> {
  const sites = new Map<string, Site>();
  const rnd = prng(opts.seed ?? 20261122);
  const sockets = new Set<Socket>();
  let trafficTimer: NodeJS.Timeout | null = null;
  let saveTimer: NodeJS.Timeout | null = null;

  // ---- persistence (demo restarts keep the same forums) ----
  if (opts.stateFile && existsSync(opts.stateFile)) {
    try {
      const saved = JSON.parse(readFileSync(opts.stateFile, 'utf8')) as { sites: (Omit<Site, 'users' | 'requests' | 'faults' | 'rate'> & { users: [string, { id: number; name: string | null; staff: boolean }][] })[] };
      for (const s of saved.sites) {
        sites.set(s.slug, { ...s, users: new Map(s.users), requests: [], faults: { failNext: [], malformed: 0, hangAfterApply: 0, hold: false, down: false }, rate: null });
      }
    } catch {
      // A corrupt state file: start empty rather than refuse to start the demo.
    }
  }
  const save = () => {
    if (!opts.stateFile || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      const data = { sites: [...sites.values()].map((s) => ({ ...s, users: [...s.users.entries()], requests: undefined, faults: undefined, rate: undefined })) };
      const tmp = `${opts.stateFile}.tmp`;
      writeFileSync(tmp, JSON.stringify(data));
      renameSync(tmp, opts.stateFile!);
    }, 200);
    saveTimer.unref?.();
  };

  const site = (slug: string) => {
    const s = sites.get(slug);
    if (!s) throw new Error(`No simulated site "${slug}"`);
    return s;
  };
  const user = (s: Site, username: string, name: string | null, staff = false) => {
    let u = s.users.get(username);
    if (!u) {
      u = { id: s.nextUserId++, name, staff };
      s.users.set(username, u);
    }
    return u;
  };

  function createPost(s: Site, o: { topicId?: number; title?: string; raw: string; cooked?: string; username: string; name?: string | null; at?: Date; replyTo?: number | null }): SimPost {
    const staff = o.username === s.apiUsername;
    const u = user(s, o.username, o.name ?? MEMBERS.find((m) => m.username === o.username)?.name ?? null, staff);
    const at = (o.at ?? new Date()).toISOString();
    let topicId = o.topicId;
    if (topicId === undefined) {
      const t: SimTopic = { id: s.nextTopicId++, title: o.title ?? o.raw.slice(0, 60), slug: slugify(o.title ?? o.raw), created_at: at, archetype: 'regular', category_id: 1 + (s.nextTopicId % 4), user_id: u.id, closed: false };
      s.topics.push(t);
      topicId = t.id;
    }
    const number = s.posts.filter((p) => p.topic_id === topicId).length + 1;
    const p: SimPost = {
      id: s.nextPostId++, topic_id: topicId, post_number: number, user_id: u.id, username: o.username, name: u.name,
      raw: o.raw, cooked: o.cooked ?? cook(o.raw), created_at: at, updated_at: at, post_type: 1, version: 1,
      reply_to_post_number: o.replyTo ?? null, staff, admin: staff, moderator: staff, trust_level: staff ? 4 : 1, hidden: false, deleted_at: null,
    };
    if (s.faults.malformed > 0) {
      s.faults.malformed--;
      p.malformed = true;
    }
    s.posts.push(p);
    save();
    return p;
  }

  // ---- HTTP ----
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (String(req.headers['content-type'] ?? '').includes('application/json')) return text ? JSON.parse(text) : {};
    return Object.fromEntries(new URLSearchParams(text));
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://sim');
    const m = url.pathname.match(/^\/s\/([^/]+)(\/.*)$/);
    const s = m ? sites.get(m[1]!) : undefined;
    if (!m || !s) return send(res, 404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
    const path = m[2]!;
    const entry: SimRequest = { method: req.method ?? 'GET', path, at: Date.now(), status: 0, apiUsername: (req.headers['api-username'] as string) ?? null };
    s.requests.push(entry);
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      send(res, status, body, headers);
    };
    if (s.faults.down) {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    // Auth: admin API key + username, as Discourse expects them.
    const key = req.headers['api-key'];
    if (typeof key !== 'string' || sha(key) !== s.keyHash || req.headers['api-username'] !== s.apiUsername) {
      return reply(403, { errors: ['You are not permitted to view the requested resource. The API username or key is invalid.'], error_type: 'invalid_access' });
    }
    const injected = s.faults.failNext[0];
    if (injected) {
      if (--injected.times <= 0) s.faults.failNext.shift();
      if (injected.status === 429) {
        const wait = injected.retryAfterSec ?? 30;
        return reply(429, { errors: [`You've performed this action too many times. Please wait ${wait} seconds before trying again.`], error_type: 'rate_limit', extras: { wait_seconds: wait, time_left: `${wait} seconds` } }, { 'Retry-After': String(wait), 'Discourse-Rate-Limit-Error-Code': 'admin_api_key_rate_limit' });
      }
      return reply(injected.status, { errors: ['Something went wrong.'], error_type: 'unknown' });
    }
    if (s.rate) {
      const now = Date.now();
      s.rate.window = s.rate.window.filter((t) => t > now - 60_000);
      if (s.rate.window.length >= s.rate.perMinute) {
        const wait = Math.max(1, Math.ceil((s.rate.window[0]! + 60_000 - now) / 1000));
        return reply(429, { errors: [`You've performed this action too many times. Please wait ${wait} seconds before trying again.`], error_type: 'rate_limit', extras: { wait_seconds: wait, time_left: `${wait} seconds` } }, { 'Retry-After': String(wait) });
      }
      s.rate.window.push(now);
    }

    const visible = () => s.posts.filter((p) => p.post_type === 1 || p.post_type === 4 || p.post_type === 2 || p.post_type === 3);
    let mm: RegExpMatchArray | null;
    if (req.method === 'GET' && path === '/posts.json') {
      const before = url.searchParams.get('before');
      const list = visible().filter((p) => !before || p.id < Number(before)).sort((a, b) => b.id - a.id).slice(0, 50);
      return reply(200, { latest_posts: list.map((p) => serializePost(s, p)) });
    }
    if (req.method === 'GET' && path === '/latest.json') {
      const page = Number(url.searchParams.get('page') ?? 0);
      const topics = [...s.topics].sort((a, b) => b.id - a.id);
      const slice = topics.slice(page * 30, page * 30 + 30);
      return reply(200, { users: [], primary_groups: [], topic_list: { can_create_topic: true, per_page: 30, topics: slice.map((t) => serializeTopic(s, t)), ...(topics.length > (page + 1) * 30 ? { more_topics_url: `/latest?page=${page + 1}` } : {}) } });
    }
    if (req.method === 'GET' && (mm = path.match(/^\/t\/(\d+)\/posts\.json$/))) {
      const t = s.topics.find((x) => x.id === Number(mm![1]));
      if (!t) return reply(404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
      const ids = url.searchParams.getAll('post_ids[]').map(Number);
      const posts = s.posts.filter((p) => p.topic_id === t.id && (ids.length === 0 || ids.includes(p.id)));
      return reply(200, { post_stream: { posts: posts.map((p) => serializePost(s, p)) }, id: t.id });
    }
    if (req.method === 'GET' && (mm = path.match(/^\/t\/(?:[^/]+\/)?(\d+)\.json$/))) {
      const t = s.topics.find((x) => x.id === Number(mm![1]));
      if (!t) return reply(404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
      const posts = s.posts.filter((p) => p.topic_id === t.id);
      return reply(200, { post_stream: { posts: posts.slice(0, 20).map((p) => serializePost(s, p)), stream: posts.map((p) => p.id) }, ...serializeTopic(s, t), details: { can_create_post: true } });
    }
    if (req.method === 'GET' && (mm = path.match(/^\/posts\/(\d+)\.json$/))) {
      const p = s.posts.find((x) => x.id === Number(mm![1]));
      if (!p) return reply(404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
      return reply(200, serializePost(s, p));
    }
    if (req.method === 'POST' && path === '/posts.json') {
      let body: Record<string, unknown>;
      try {
        body = await readBody(req);
      } catch {
        return reply(400, { errors: ['Invalid JSON'], error_type: 'invalid_parameters' });
      }
      const raw = String(body.raw ?? '');
      if (raw.trim().length < s.minPostLength) return reply(422, { action: 'create_post', errors: [`Body is too short (minimum is ${s.minPostLength} characters)`] });
      let topicId: number | undefined;
      if (body.topic_id !== undefined) {
        topicId = Number(body.topic_id);
        const t = s.topics.find((x) => x.id === topicId);
        if (!t) return reply(422, { action: 'create_post', errors: ['Topic does not exist'] });
        if (t.closed) return reply(422, { action: 'create_post', errors: ['This topic is closed for new replies.'] });
      } else if (!body.title) {
        return reply(422, { action: 'create_post', errors: ['Title can\'t be blank'] });
      }
      const p = createPost(s, { topicId, title: body.title as string | undefined, raw, username: s.apiUsername, replyTo: body.reply_to_post_number != null ? Number(body.reply_to_post_number) : null });
      if (s.faults.hangAfterApply > 0) {
        // The post exists, but the response never arrives: an unknown outcome for the client.
        s.faults.hangAfterApply--;
        entry.status = -2;
        if (!s.faults.hold) req.socket.destroy();
        s.faults.hold = false;
        return;
      }
      return reply(200, serializePost(s, p));
    }
    return reply(404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { errors: ['Internal Server Error'], error_type: 'server_error' });
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

  function trafficTick() {
    for (const s of sites.values()) {
      if (rnd() < 0.35) continue; // not every forum is busy every tick
      const r = rnd();
      const member = MEMBERS[Math.floor(rnd() * MEMBERS.length)]!;
      const open = s.topics.filter((t) => !t.closed);
      if (r < 0.5 || open.length === 0) {
        const q = QUESTIONS[Math.floor(rnd() * QUESTIONS.length)]!;
        createPost(s, { title: q.title, raw: q.raw, username: member.username, name: member.name });
      } else if (r < 0.85) {
        const t = open[Math.floor(rnd() * open.length)]!;
        const starter = s.posts.find((p) => p.topic_id === t.id && p.post_number === 1);
        const fu = FOLLOW_UPS[Math.floor(rnd() * FOLLOW_UPS.length)]!;
        createPost(s, { topicId: t.id, raw: fu.replace(/<[^>]+>/g, ''), cooked: `<p>${fu}</p>`, username: starter?.username ?? member.username });
      } else if (r < 0.95) {
        const sp = SPAM[Math.floor(rnd() * SPAM.length)]!;
        createPost(s, { title: sp.title, raw: sp.raw, username: `promo${Math.floor(rnd() * 900 + 100)}` });
      } else {
        createPost(s, { title: HOSTILE.title, raw: HOSTILE.raw, cooked: HOSTILE.cooked, username: member.username, name: member.name });
      }
    }
  }

  return {
    url,
    siteUrl: (slug) => `${url}/s/${slug}`,
    hasSite: (slug) => sites.has(slug),
    addSite(o) {
      const existing = sites.get(o.slug);
      if (existing) {
        existing.keyHash = sha(o.apiKey);
        existing.apiUsername = o.apiUsername;
        return;
      }
      sites.set(o.slug, {
        slug: o.slug, title: o.title, keyHash: sha(o.apiKey), apiUsername: o.apiUsername, minPostLength: o.minPostLength ?? 1,
        topics: [], posts: [], users: new Map(), nextPostId: 1001, nextTopicId: 101, nextUserId: 2, requests: [],
        faults: { failNext: [], malformed: 0, hangAfterApply: 0, hold: false, down: false }, rate: null,
      });
      user(sites.get(o.slug)!, o.apiUsername, 'Support team', true);
      save();
    },
    seed(slug, o) {
      const s = site(slug);
      const now = Date.now();
      for (let i = 0; i < o.topics; i++) {
        const q = QUESTIONS[(i + s.slug.length) % QUESTIONS.length]!;
        const member = MEMBERS[(i * 5 + s.slug.length) % MEMBERS.length]!;
        const at = new Date(now - (o.topics - i) * 23 * 60_000 - Math.floor(rnd() * 10 * 60_000));
        const p = createPost(s, { title: q.title, raw: q.raw, username: member.username, name: member.name, at });
        if (i % 4 === 1) {
          createPost(s, { topicId: p.topic_id, raw: STAFF_REPLIES[i % STAFF_REPLIES.length]!, username: s.apiUsername, at: new Date(at.getTime() + 9 * 60_000) });
          if (i % 8 === 1) createPost(s, { topicId: p.topic_id, raw: FOLLOW_UPS[i % FOLLOW_UPS.length]!.replace(/<[^>]+>/g, ''), username: member.username, at: new Date(at.getTime() + 15 * 60_000) });
        }
      }
    },
    addMemberPost(slug, o) {
      return createPost(site(slug), { topicId: o.topicId, title: o.title, raw: o.raw, cooked: o.cooked, username: o.username });
    },
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
    posts: (slug) => site(slug).posts,
    topics: (slug) => site(slug).topics,
    requests: (slug) => site(slug).requests,
    failNext(slug, o) {
      site(slug).faults.failNext.push({ status: o.status, retryAfterSec: o.retryAfterSec, times: o.times ?? 1 });
    },
    malformedNext(slug, n) {
      site(slug).faults.malformed += n;
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
    startTraffic({ intervalMs }) {
      if (trafficTimer) clearInterval(trafficTimer);
      trafficTimer = setInterval(trafficTick, intervalMs);
      trafficTimer.unref?.();
    },
    stopTraffic() {
      if (trafficTimer) clearInterval(trafficTimer);
      trafficTimer = null;
    },
    async close() {
      if (trafficTimer) clearInterval(trafficTimer);
      if (saveTimer) {
        clearTimeout(saveTimer);
        saveTimer = null;
        if (opts.stateFile) {
          const data = { sites: [...sites.values()].map((s) => ({ ...s, users: [...s.users.entries()], requests: undefined, faults: undefined, rate: undefined })) };
          writeFileSync(`${opts.stateFile}.tmp`, JSON.stringify(data));
          renameSync(`${opts.stateFile}.tmp`, opts.stateFile);
        }
      }
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
