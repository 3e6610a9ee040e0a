// Message search order (messagesRepo.search): a term with few matches is ranked by bm25 (best match
// first); a term with more than RANKED_HITS matches returns its newest matches first, so a common
// word costs a page, not every hit. FTS syntax in the query is the caller's (toFtsQuery escapes it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RANKED_HITS } from '../../../electron/core/domains/conversations/messagesRepo';
import { makeCore, type TestCore } from '../../helpers/core';
import { item } from '../../helpers/items';

let core: TestCore;
const ids = new Map<string, number>();
beforeAll(async () => {
  core = await makeCore();
  const c = await core.call('clients.create', { name: 'Acme' });
  const db = core.internals.db;
  const src = core.internals.repos.sources.insert(
    {
      clientId: c.id,
      platform: 'discourse',
      name: 'S',
      baseUrl: 'http://x',
      config: {},
      secretRef: null,
    },
    0,
  );
  const items = [];
  // "parcel": three hits, of which the second says it most often (bm25's best), the first least.
  items.push(item({ topic: 1, post: 1, text: 'my parcel is late and the weather is nice today' }));
  items.push(item({ topic: 1, post: 2, text: 'parcel parcel parcel' }));
  items.push(
    item({
      topic: 2,
      post: 3,
      text: 'a parcel question among many other words in a long sentence about things',
    }),
  );
  // "order": in RANKED_HITS + 50 messages; the oldest ones say it most often.
  for (let i = 0; i < RANKED_HITS + 50; i++) {
    items.push(
      item({
        topic: 10 + Math.floor(i / 5),
        post: 100 + i,
        text:
          i < 10
            ? 'order order order order'
            : `order number ${i} with some more words to dilute it`,
      }),
    );
  }
  core.internals.ingester.ingest({ id: src.id, clientId: c.id }, items, [], Date.now());
  for (const r of db
    .prepare<[], { id: number; external_id: string }>('SELECT id, external_id FROM messages')
    .all())
    ids.set(r.external_id, r.id);
});
afterAll(async () => core.close());

describe('message search order', () => {
  it('ranks a rare term by bm25: the best match first', () => {
    const hits = core.internals.repos.messages.search('"parcel"', 10).map((h) => h.id);
    expect(hits).toEqual([ids.get('2'), ids.get('1'), ids.get('3')]);
  });
  it('returns a common term newest first (arrival order), one page', () => {
    const hits = core.internals.repos.messages.search('"order"', 20).map((h) => h.id);
    const newest = [...ids.entries()]
      .filter(([ext]) => Number(ext) >= 100)
      .map(([, id]) => id)
      .sort((a, b) => b - a)
      .slice(0, 20);
    expect(hits).toEqual(newest);
    // ...even though the oldest hits would rank best by bm25.
    expect(hits).not.toContain(ids.get('100'));
  });
  it('each hit names its conversation', () => {
    const [h] = core.internals.repos.messages.search('"parcel"', 1);
    expect(h!.conversationId).toBe(core.internals.repos.messages.get(h!.id)!.conversationId);
  });
});
