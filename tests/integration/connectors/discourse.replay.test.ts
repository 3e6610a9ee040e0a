// Discourse replay: the connector's own normalizers on recorded payloads with no network — a
// /posts.json page, a topic (titles from the topic), the review queue, a cassette's bodies — as the
// replay command runs them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discourseConnector } from '../../../electron/core/connectors/discourse';
import { FIXTURES, SHARED } from './helpers';

const replay = (payload: unknown, fileName = 'x.json') =>
  discourseConnector.replay!(payload, { fileName });
const fixtureText = (f: string) => readFileSync(join(FIXTURES, f), 'utf8');

describe('Discourse replay', () => {
  it('maps a /posts.json page and a topic from their text, like a live poll', () => {
    const posts = replay(fixtureText('posts_latest.json'));
    const page = JSON.parse(fixtureText('posts_latest.json')) as { latest_posts: unknown[] };
    expect(posts.items.length + posts.rejected.length + posts.skipped).toBe(
      page.latest_posts.length,
    );
    expect(posts.items.length).toBeGreaterThan(0);
    const topic = replay(fixtureText('topic.json'));
    expect(topic.items.length).toBeGreaterThan(0);
    expect(new Set(topic.items.map((i) => i.conversation.title)).size).toBe(1);
  });

  it('reads a cassette and skips what is not a Discourse body; garbage is skipped, not thrown', () => {
    const body = fixtureText('posts_latest.json');
    const cassette = {
      http_interactions: [
        { response: { body: { string: body } } },
        { response: { body: { string: '' } } },
        { response: { body: { string: '{"users":[]}' } } },
      ],
    };
    const r = replay(cassette);
    expect(r.items.length).toBe(replay(body).items.length);
    expect(r.skipped).toBe(replay(body).skipped + 2); // the empty body and the users list
    expect(replay('not json')).toMatchObject({ items: [], skipped: 1 });
    expect(replay(42)).toMatchObject({ items: [], skipped: 1 });
  });

  it('files the review queue as moderation items', () => {
    const r = replay(fixtureText('review_pending.json'));
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.every((i) => i.moderation)).toBe(true);
  });

  const recorded = join(SHARED, 'discourse_api-gem', 'posts_latest.json');
  it.skipIf(!existsSync(recorded))('maps the recorded /posts.json pages of the corpus', () => {
    const r = replay(readFileSync(recorded, 'utf8'));
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.rejected).toEqual([]);
  });
});
