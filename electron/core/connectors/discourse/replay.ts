// electron/core/connectors/discourse: replay — the connector's own normalizers on a recorded payload,
// no network (`npm run replay -- --platform discourse <file>`). Accepts a response body of
// /posts.json (`latest_posts`), /private-posts.json (`private_posts`), a topic (`post_stream.posts`,
// titles from the topic), a single post, /review.json (`reviewables`: moderation items), or a
// VCR/Betamax cassette whose recorded response bodies are any of those.
import type { ItemBatch, NormalizedItem, RejectedItem } from '../types';
import { mapPost, type MapContext, type MapResult, type TopicHint } from './mapper';
import { recordedBodies } from '../recorded';
import { mapReviewQueue } from './review';
import { isObj } from '../../../../shared/guards';

const CTX: MapContext = { baseUrl: 'https://forum.example', apiUsername: 'replay' };

export function replayDiscourse(payload: unknown): ItemBatch & { skipped: number } {
  const items: NormalizedItem[] = [];
  const rejected: RejectedItem[] = [];
  let skipped = 0;
  const take = (r: MapResult) => {
    if ('item' in r) items.push(r.item);
    else if ('rejected' in r) rejected.push(r.rejected);
    else skipped++;
  };
  for (const body of recordedBodies(payload)) {
    if (!isObj(body)) {
      skipped++;
      continue;
    }
    const list = Array.isArray(body.latest_posts)
      ? body.latest_posts
      : Array.isArray(body.private_posts)
        ? body.private_posts
        : null;
    if (list) {
      const hint: TopicHint = Array.isArray(body.private_posts)
        ? { archetype: 'private_message' }
        : {};
      for (const p of list) take(mapPost(p, CTX, hint));
    } else if (isObj(body.post_stream) && Array.isArray(body.post_stream.posts)) {
      const hint: TopicHint = {
        title: typeof body.title === 'string' ? body.title : null,
        slug: typeof body.slug === 'string' ? body.slug : null,
        archetype: typeof body.archetype === 'string' ? body.archetype : null,
        createdAt: typeof body.created_at === 'string' ? body.created_at : null,
      };
      for (const p of body.post_stream.posts) take(mapPost(p, CTX, hint));
    } else if (Array.isArray(body.reviewables)) {
      for (const e of mapReviewQueue(body, CTX)) take(e.result);
    } else if (typeof body.id === 'number' && typeof body.cooked === 'string') {
      take(mapPost(body, CTX));
    } else {
      skipped++;
    }
  }
  return { items, rejected, skipped };
}
