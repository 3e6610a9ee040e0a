// electron/core/connectors/discourse: Discourse post JSON -> NormalizedItem (pure). Inbound content
// is hostile: every field we use is validated; a post that fails is rejected with a precise reason
// (quarantined by the core), never thrown. Shapes: `GET /posts.json` and `/private-posts.json`
// entries (with `topic_title`, `topic_slug`, `raw`), topic `post_stream.posts` entries (no
// `topic_title`, no `raw`: the topic's own fields are passed in as a TopicHint), `GET /posts/:id.json`.
import { z } from 'zod';
import { parseInstantMs } from '../../../../shared/domain/time';
import type { NormalizedItem, RejectedItem } from '../types';
import { htmlToText } from '../../text/html';

export { htmlToText } from '../../text/html';

/** post_type values: 1 regular, 2 moderator action, 3 small action (system), 4 whisper (staff-only). */
export const POST_TYPE = { regular: 1, moderatorAction: 2, smallAction: 3, whisper: 4 } as const;
/** Largest rendered body we accept (characters); larger posts are rejected with the reason. */
export const MAX_BODY_CHARS = 1_000_000;
const MAX_TITLE_CHARS = 1_000;

/**
 * ISO-8601 date-time with an explicit offset (`Z`, `-04:00`, `+0100`, `+01`) -> ms epoch; NaN when
 * it is not one. The one instant parser of shared/domain/time (stricter than Date.parse, which
 * accepts "Tuesday" or a bare "2026").
 */
export const parseTimestamp = (s: string): number => parseInstantMs(s.trim());

const Timestamp = z
  .string()
  .max(64)
  .refine((s) => Number.isFinite(parseTimestamp(s)), {
    message: 'is not an ISO-8601 date-time with an offset',
  });

/**
 * The fields of a Discourse post we rely on. Identity, author, time and body are required and
 * checked; a descriptive field of an unexpected type (e.g. `raw` as a structured array, as some
 * topic payloads send it) is treated as absent rather than rejecting the post. Unknown fields are ignored.
 */
export const DiscoursePost = z.object({
  id: z.number().int().positive(),
  topic_id: z.number().int().positive(),
  post_number: z.number().int().positive(),
  post_type: z.number().int().default(1),
  username: z.string().min(1).max(200),
  created_at: Timestamp,
  cooked: z.string(),
  user_id: z.number().int().nullish().catch(null),
  name: z.string().max(1000).nullish().catch(null),
  avatar_template: z.string().max(4000).nullish().catch(null),
  updated_at: Timestamp.nullish().catch(null),
  raw: z.string().nullish().catch(null),
  version: z.number().int().min(0).default(1).catch(1),
  topic_title: z.string().nullish().catch(null),
  topic_slug: z.string().max(1000).nullish().catch(null),
  archetype: z.string().max(64).nullish().catch(null),
  staff: z.boolean().nullish().catch(null),
  admin: z.boolean().nullish().catch(null),
  moderator: z.boolean().nullish().catch(null),
  hidden: z.boolean().nullish().catch(null),
  deleted_at: z.string().max(64).nullish().catch(null),
  user_deleted: z.boolean().nullish().catch(null),
  reply_to_post_number: z.number().int().nullish().catch(null),
});
export type DiscoursePost = z.infer<typeof DiscoursePost>;

/** What the caller knows about the post's topic (from `/t/:id.json`, or the endpoint it came from). */
export type TopicHint = {
  title?: string | null;
  slug?: string | null;
  archetype?: string | null;
  createdAt?: string | null;
};
export type MapContext = { baseUrl: string; apiUsername: string };
export type MapResult = { item: NormalizedItem } | { rejected: RejectedItem } | { skipped: string };

const POST_TYPE_NAMES: Record<number, string> = {
  2: 'moderator action',
  3: 'small action',
  4: 'whisper',
};

/** A copy of a raw item small enough to quarantine (long strings cut, with a note). */
export function quarantineCopy(raw: unknown, limit = 4000): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return typeof raw === 'string' && raw.length > limit
      ? `${raw.slice(0, limit)}… [${raw.length} chars]`
      : raw;
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (++n > 200) break;
    if (typeof v === 'string' && v.length > limit)
      out[k] = `${v.slice(0, limit)}… [${v.length} chars]`;
    else if (v !== null && typeof v === 'object') {
      const json = JSON.stringify(v) ?? '';
      out[k] =
        json.length > limit
          ? `[${Array.isArray(v) ? 'array' : 'object'} of ${json.length} chars]`
          : v;
    } else out[k] = v;
  }
  return out;
}

function describeId(raw: unknown): string {
  const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  if (id === undefined) return 'Discourse post (no id)';
  return `Discourse post ${JSON.stringify(id)?.slice(0, 40) ?? String(id)}`;
}

/** Absolute http(s) URL for an avatar template/path, or null. Rooted paths resolve against the origin
 *  (Discourse already includes a subfolder install's prefix in them). */
function absoluteUrl(base: string, path: string): string | null {
  try {
    const u = new URL(
      path.startsWith('//') ? `https:${path}` : path,
      base.endsWith('/') ? base : `${base}/`,
    );
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

export function topicUrl(
  baseUrl: string,
  slug: string | null | undefined,
  topicId: number,
  postNumber?: number,
): string {
  const s = encodeURIComponent(slug && slug.trim() ? slug : 'topic');
  return `${baseUrl.replace(/\/+$/, '')}/t/${s}/${topicId}${postNumber ? `/${postNumber}` : ''}`;
}

/**
 * Maps one raw post. `skipped` for posts that are not member content (system/moderator actions,
 * whispers); `rejected` with the reason for posts that cannot be trusted.
 */
export function mapPost(raw: unknown, ctx: MapContext, topic: TopicHint = {}): MapResult {
  const parsed = DiscoursePost.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(post)'} ${i.message}`)
      .join('; ');
    return {
      rejected: { reason: `${describeId(raw)} rejected: ${why}`, raw: quarantineCopy(raw) },
    };
  }
  const p = parsed.data;
  if (p.post_type !== POST_TYPE.regular)
    return {
      skipped: `post ${p.id} is a ${POST_TYPE_NAMES[p.post_type] ?? `post_type ${p.post_type}`}`,
    };
  if (p.cooked.length > MAX_BODY_CHARS) {
    return {
      rejected: {
        reason: `Discourse post ${p.id} rejected: body is ${p.cooked.length} characters (limit ${MAX_BODY_CHARS})`,
        raw: quarantineCopy(raw),
      },
    };
  }
  const title = (p.topic_title ?? topic.title ?? '').trim();
  if (!title)
    return {
      rejected: {
        reason: `Discourse post ${p.id} rejected: the title of topic ${p.topic_id} is unknown`,
        raw: quarantineCopy(raw),
      },
    };

  const created = parseTimestamp(p.created_at);
  const updated = p.updated_at ? parseTimestamp(p.updated_at) : created;
  const topicCreated =
    p.post_number === 1 ? created : topic.createdAt ? parseTimestamp(topic.createdAt) : NaN;
  const slug = p.topic_slug ?? topic.slug ?? null;
  const archetype = p.archetype ?? topic.archetype ?? 'regular';
  const me = ctx.apiUsername.trim().toLowerCase();
  const isStaff =
    (me !== '' && p.username.toLowerCase() === me) ||
    p.staff === true ||
    p.admin === true ||
    p.moderator === true;
  const version = Math.max(1, p.version);
  const bodyText = htmlToText(p.cooked);

  return {
    item: {
      conversation: {
        externalId: String(p.topic_id),
        title: title.slice(0, MAX_TITLE_CHARS),
        url: topicUrl(ctx.baseUrl, slug, p.topic_id),
        createdAt: Number.isFinite(topicCreated) ? Math.min(topicCreated, created) : created,
        kind: archetype === 'private_message' ? 'private_message' : 'topic',
      },
      member: {
        externalId: p.user_id != null ? String(p.user_id) : `u:${p.username.toLowerCase()}`,
        username: p.username,
        displayName: p.name?.trim() || p.username,
        avatarUrl: p.avatar_template
          ? absoluteUrl(ctx.baseUrl, p.avatar_template.replace('{size}', '90'))
          : null,
        isStaff,
      },
      message: {
        externalId: String(p.id),
        bodyHtml: p.cooked,
        // An image-only or empty post still needs some text for the queue.
        bodyText: bodyText || (p.raw ?? '').trim().slice(0, 2000),
        createdAt: created,
        editedAt: version > 1 && Number.isFinite(updated) && updated > created ? updated : null,
        version,
        deleted: p.deleted_at != null || p.user_deleted === true || p.hidden === true,
        url: topicUrl(ctx.baseUrl, slug, p.topic_id, p.post_number),
        // The reply target of a post is its post number (send: reply_to_post_number).
        meta: { postNumber: p.post_number },
      },
    },
  };
}
