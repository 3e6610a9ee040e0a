// electron/core/connectors/discourse: Discourse post JSON -> NormalizedItem (pure). Inbound content
// is hostile: every field is validated; a post that fails is rejected with a precise reason.
import { z } from 'zod';
import type { NormalizedItem, RejectedItem } from '../types';

const Timestamp = z.string().refine((s) => Number.isFinite(Date.parse(s)), { message: 'is not an ISO-8601 time' });

/** The fields of a Discourse post we rely on (from /posts.json, /t/:id.json, /posts/:id.json). */
export const DiscoursePost = z.object({
  id: z.number().int().positive(),
  topic_id: z.number().int().positive(),
  post_number: z.number().int().positive(),
  post_type: z.number().int().default(1),
  username: z.string().min(1).max(200),
  user_id: z.number().int().nullish(),
  name: z.string().max(500).nullish(),
  avatar_template: z.string().max(2000).nullish(),
  created_at: Timestamp,
  updated_at: Timestamp.nullish(),
  cooked: z.string(),
  raw: z.string().nullish(),
  version: z.number().int().positive().default(1),
  topic_title: z.string().nullish(),
  topic_slug: z.string().nullish(),
  staff: z.boolean().nullish(),
  admin: z.boolean().nullish(),
  moderator: z.boolean().nullish(),
  hidden: z.boolean().nullish(),
  deleted_at: z.string().nullish(),
  user_deleted: z.boolean().nullish(),
  reply_to_post_number: z.number().int().nullish(),
});
export type DiscoursePost = z.infer<typeof DiscoursePost>;

/** post_type values: 1 regular, 2 moderator action, 3 small action (system), 4 whisper (staff-only). */
export const POST_TYPE = { regular: 1, moderatorAction: 2, smallAction: 3, whisper: 4 } as const;
const MAX_BODY = 1_000_000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Rendered HTML -> plain text for search and snippets (no DOM: tags stripped, entities decoded). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|pre|tr)>/gi, '\n')
    .replace(/<img[^>]*alt="([^"]*)"[^>]*>/gi, ' $1 ')
    // Inline markup joins its text to the words around it; other tags separate words.
    .replace(/<\/?(?:a|em|strong|b|i|u|s|span|code|small|sup|sub|mark|abbr|kbd|del|ins)\b[^>]*>/gi, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t\f\v\r]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export type MapContext = { baseUrl: string; apiUsername: string };

/** Maps one raw post. Returns null for posts that are not member content (system/moderator actions, whispers). */
export function mapPost(raw: unknown, ctx: MapContext, topicTitle?: string): { item: NormalizedItem } | { rejected: RejectedItem } | null {
  const parsed = DiscoursePost.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const id = (raw as { id?: unknown } | null)?.id;
    return { rejected: { reason: `Discourse post ${id !== undefined ? JSON.stringify(id).slice(0, 40) + ' ' : ''}rejected: ${issue.path.join('.') || '(post)'} ${issue.message}`, raw } };
  }
  const p = parsed.data;
  if (p.post_type !== POST_TYPE.regular) return null;
  if (p.cooked.length > MAX_BODY) return { rejected: { reason: `Discourse post ${p.id} rejected: body is ${p.cooked.length} characters (limit ${MAX_BODY})`, raw: { ...p, cooked: p.cooked.slice(0, 2000) } } };
  const title = p.topic_title ?? topicTitle;
  if (!title) return { rejected: { reason: `Discourse post ${p.id} rejected: topic ${p.topic_id} has no title`, raw } };
  const created = Date.parse(p.created_at);
  const updated = p.updated_at ? Date.parse(p.updated_at) : created;
  const slug = p.topic_slug ?? 'topic';
  const avatar = p.avatar_template ? absolute(ctx.baseUrl, p.avatar_template.replace('{size}', '90')) : null;
  return {
    item: {
      conversation: {
        externalId: String(p.topic_id),
        title,
        url: `${ctx.baseUrl}/t/${encodeURIComponent(slug)}/${p.topic_id}`,
        createdAt: created,
        kind: 'topic',
      },
      member: {
        externalId: p.user_id != null ? String(p.user_id) : `u:${p.username.toLowerCase()}`,
        username: p.username,
        displayName: p.name?.trim() || p.username,
        avatarUrl: avatar,
        isStaff: p.username.toLowerCase() === ctx.apiUsername.toLowerCase() || p.staff === true || p.admin === true || p.moderator === true,
      },
      message: {
        externalId: String(p.id),
        bodyHtml: p.cooked,
        bodyText: htmlToText(p.cooked),
        createdAt: created,
        editedAt: p.version > 1 && updated > created ? updated : null,
        version: p.version,
        deleted: p.deleted_at != null || p.user_deleted === true || p.hidden === true,
      },
    },
  };
}

function absolute(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  if (path.startsWith('//')) return `https:${path}`;
  return `${base.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
}
