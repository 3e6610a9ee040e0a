// electron/core/connectors/discourse: the Discourse connector.
// Polling: GET /posts.json (latest posts across topics, newest first, paged with `before=<id>`).
// Cursor: { lastPostId } = the highest post id already ingested. A poll walks pages backwards from
// the newest until it reaches lastPostId (at most MAX_PAGES per poll; the rest next poll, with
// `more: true`), so nothing between two polls is skipped. The first sync takes `initialPages`.
// Replies: POST /posts.json { topic_id, raw }. After an unknown outcome, findSent() reads the
// topic's post stream and looks for our post.
import { z } from 'zod';
import type { Connector, NormalizedItem, OutboundReply, PollResult, RejectedItem, SentReceipt, SourceContext } from '../types';
import { ConnectorError } from '../types';
import { discourseRequest } from './client';
import { htmlToText, mapPost } from './mapper';

const MAX_PAGES = 5;
/** Every EDIT_EVERY-th poll also re-reads one recently active topic, so edits to older posts arrive. */
export const EDIT_EVERY = 6;
const RECENT_TOPICS = 20;

const Cursor = z.object({
  lastPostId: z.number().int().min(0),
  /** Catch-up state when more than MAX_PAGES arrived: continue below `before`, down to lastPostId. */
  pendingBefore: z.number().int().nullable().default(null),
  pendingTop: z.number().int().nullable().default(null),
  /** Recently active topics, newest first, re-read round-robin for edits. */
  recentTopics: z.array(z.number().int()).default([]),
  tick: z.number().int().default(0),
});
type Cursor = z.infer<typeof Cursor>;

type PostsPage = { latest_posts?: unknown[] };
type Topic = { post_stream?: { posts?: unknown[]; stream?: number[] }; title?: string };

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

export const discourseConnector: Connector = {
  platform: 'discourse',
  capabilities: { reply: true, platformNotes: false, moderation: ['hide', 'delete', 'lock', 'close', 'suspend', 'silence', 'flag'], webhooks: true },
  configSchema: z.object({ apiUsername: z.string().min(1), initialPages: z.number().int().min(1).max(50).optional() }).passthrough(),
  defaultRatePerMinute: 60,

  async poll(ctx: SourceContext, rawCursor: unknown): Promise<PollResult> {
    const parsedCursor = Cursor.safeParse(rawCursor);
    const cursor: Cursor | null = parsedCursor.success ? parsedCursor.data : null;
    const apiUsername = String(ctx.config.apiUsername ?? '');
    const initialPages = Number(ctx.config.initialPages ?? 2);
    const floor = cursor?.lastPostId ?? 0;
    const maxPages = cursor ? MAX_PAGES : initialPages;

    const collected: unknown[] = [];
    let before: number | null = cursor?.pendingBefore ?? null;
    let top = cursor?.pendingTop ?? null;
    let reachedFloor = false;
    let pages = 0;
    while (pages < maxPages) {
      const page = await discourseRequest<PostsPage>(ctx, 'GET', `/posts.json${before ? `?before=${before}` : ''}`);
      pages++;
      const posts = Array.isArray(page.latest_posts) ? page.latest_posts : [];
      if (posts.length === 0) {
        reachedFloor = true;
        break;
      }
      let minId = Infinity;
      for (const p of posts) {
        const id = Number((p as { id?: unknown })?.id);
        if (Number.isFinite(id)) {
          if (id <= floor) {
            reachedFloor = true;
            continue;
          }
          minId = Math.min(minId, id);
          if (top === null || id > top) top = id;
        }
        // Posts without a usable id still go to the mapper, which rejects them with a reason.
        collected.push(p);
      }
      if (reachedFloor || !Number.isFinite(minId)) {
        reachedFloor = true;
        break;
      }
      before = minId;
    }

    // Edits: Discourse lists posts by creation, so an edited older post never reappears in
    // /posts.json; re-read one recently active topic now and then (the ingest keeps the versions).
    const tick = (cursor?.tick ?? 0) + 1;
    const recent = cursor?.recentTopics ?? [];
    let topicTitle: string | undefined;
    if (cursor && recent.length > 0 && tick % EDIT_EVERY === 0) {
      const topicId = recent[Math.floor(tick / EDIT_EVERY) % recent.length]!;
      try {
        const topic = await discourseRequest<Topic>(ctx, 'GET', `/t/${topicId}.json`);
        topicTitle = topic.title;
        collected.push(...(Array.isArray(topic.post_stream?.posts) ? topic.post_stream!.posts! : []));
      } catch (err) {
        if (!(err instanceof ConnectorError) || err.kind !== 'permanent') throw err;
        // A deleted or now-private topic: drop it from the rotation.
      }
    }

    const items: NormalizedItem[] = [];
    const rejected: RejectedItem[] = [];
    const seen = new Set<string>();
    for (const raw of collected) {
      const r = mapPost(raw, { baseUrl: ctx.baseUrl, apiUsername }, topicTitle);
      if (!r) continue;
      if ('rejected' in r) rejected.push(r.rejected);
      else if (!seen.has(r.item.message.externalId)) {
        seen.add(r.item.message.externalId);
        items.push(r.item);
      }
    }

    const topics = [...new Set([...items.map((i) => Number(i.conversation.externalId)), ...recent])].slice(0, RECENT_TOPICS);
    // First sync stops after initialPages: everything older is history we do not import.
    const done = reachedFloor || !cursor;
    const next: Cursor = done
      ? { lastPostId: Math.max(floor, top ?? floor), pendingBefore: null, pendingTop: null, recentTopics: topics, tick }
      : { lastPostId: floor, pendingBefore: before, pendingTop: top, recentTopics: topics, tick };
    return { items, rejected, cursor: next, more: !done };
  },

  async send(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt> {
    const topicId = Number(reply.conversationExternalId);
    if (!Number.isInteger(topicId)) throw new ConnectorError(`Not a Discourse topic id: ${reply.conversationExternalId}`, 'permanent');
    const body: Record<string, unknown> = { topic_id: topicId, raw: reply.body };
    if (reply.replyToExternalId) body.reply_to_post_number = Number(reply.replyToExternalId);
    const post = await discourseRequest<{ id?: number; created_at?: string; topic_slug?: string; post_number?: number }>(ctx, 'POST', '/posts.json', body);
    if (typeof post.id !== 'number') throw new ConnectorError('Discourse did not return the created post', 'unknown_outcome');
    const at = Date.parse(post.created_at ?? '');
    return {
      externalId: String(post.id),
      url: `${ctx.baseUrl}/t/${post.topic_slug ?? 'topic'}/${topicId}/${post.post_number ?? ''}`,
      createdAt: Number.isFinite(at) ? at : Date.now(),
    };
  },

  async findSent(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt | null> {
    const topicId = Number(reply.conversationExternalId);
    const apiUsername = String(ctx.config.apiUsername ?? '').toLowerCase();
    const topic = await discourseRequest<Topic>(ctx, 'GET', `/t/${topicId}.json`);
    const inline = Array.isArray(topic.post_stream?.posts) ? topic.post_stream!.posts! : [];
    const stream = Array.isArray(topic.post_stream?.stream) ? topic.post_stream!.stream! : [];
    const have = new Set(inline.map((p) => Number((p as { id?: unknown }).id)));
    const missing = stream.filter((id) => !have.has(id)).slice(-200);
    const posts = [...inline];
    for (let i = 0; i < missing.length; i += 50) {
      const q = missing.slice(i, i + 50).map((id) => `post_ids[]=${id}`).join('&');
      const page = await discourseRequest<Topic>(ctx, 'GET', `/t/${topicId}/posts.json?${q}`);
      posts.push(...(page.post_stream?.posts ?? []));
    }
    const want = norm(reply.body);
    for (const raw of posts) {
      const p = raw as { id?: number; username?: string; raw?: string; cooked?: string; created_at?: string; topic_slug?: string; post_number?: number };
      if (typeof p.id !== 'number' || String(p.username ?? '').toLowerCase() !== apiUsername) continue;
      const at = Date.parse(p.created_at ?? '');
      if (Number.isFinite(at) && at < reply.queuedAt - 2 * 60_000) continue;
      const text = p.raw != null ? norm(p.raw) : norm(htmlToText(p.cooked ?? ''));
      if (text === want) return { externalId: String(p.id), url: `${ctx.baseUrl}/t/${p.topic_slug ?? 'topic'}/${topicId}/${p.post_number ?? ''}`, createdAt: Number.isFinite(at) ? at : Date.now() };
    }
    return null;
  },
};
