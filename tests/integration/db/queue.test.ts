// The unified queue's top-K merge returns exactly what a full sort would, for any filter and page;
// so does its text search, on both of its paths (a rare word: every matching conversation counted and
// sorted by deadline; a word in more than SEARCH_EXACT_HITS messages: conversations by their newest
// matching message, the total a lower bound whose exact value queueCount gives).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConversationsRepo,
  SEARCH_EXACT_HITS,
} from '../../../electron/core/domains/conversations/repo';
import { makeCore, type TestCore } from '../../helpers/core';

let core: TestCore;
const rows: { id: number; client: number; status: string; due: number; assignee: number | null }[] =
  [];
// Every message: its id, its conversation and its words (5 messages per conversation).
const msgs: { id: number; conv: number; words: string[] }[] = [];
beforeAll(async () => {
  core = await makeCore();
  const db = core.internals.db;
  db.exec(`INSERT INTO agents (id, name) VALUES (2, 'Other')`);
  for (let c = 1; c <= 4; c++) {
    db.prepare(
      `INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (?, ?, '#000000', 'UTC', 60, 0)`,
    ).run(c, `C${c}`);
    db.prepare(
      `INSERT INTO sources (id, client_id, platform, name, base_url, created_at) VALUES (?, ?, 'discourse', 'S', 'http://x', 0)`,
    ).run(c, c);
  }
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const statuses = ['new', 'open', 'pending', 'solved'];
  for (let i = 1; i <= 600; i++) {
    const r = {
      id: i,
      client: 1 + Math.floor(rnd() * 4),
      status: statuses[Math.floor(rnd() * 4)]!,
      due: rnd() < 0.2 ? 8.64e15 : Math.floor(rnd() * 50) * 1000,
      assignee: rnd() < 0.3 ? 1 : rnd() < 0.5 ? 2 : null,
    };
    rows.push(r);
    db.prepare(
      `INSERT INTO conversations (id, client_id, source_id, external_id, title, status, assignee_id, created_at, last_message_at, due_at) VALUES (?, ?, ?, ?, 'T', ?, ?, 0, 0, ?)`,
    ).run(r.id, r.client, r.client, `e${i}`, r.status, r.assignee, r.due);
  }
  // Messages: "common" in ~80 % of them (more than SEARCH_EXACT_HITS), "rarely" in ~2 %, "middle" in ~20 %.
  const insMsg = db.prepare(
    `INSERT INTO messages (conversation_id, source_id, external_id, direction, author_name, body_html, body_text, created_at, version) VALUES (?, ?, ?, 'inbound', 'm', '', ?, 0, 1)`,
  );
  db.transaction(() => {
    // Interleaved over conversations, as an ingest stores them: rowid order is not conversation order.
    for (let m = 0; m < 5; m++)
      for (const r of [...rows].sort(() => rnd() - 0.5)) {
        const body = ['hello'];
        const x = rnd();
        if (x < 0.8) body.push('common');
        if (x > 0.98) body.push('rarely');
        if (rnd() < 0.2) body.push('middle');
        const id = Number(
          insMsg.run(r.id, r.client, `m${r.id}-${m}`, body.join(' ')).lastInsertRowid,
        );
        msgs.push({ id, conv: r.id, words: body });
      }
  })();
});
afterAll(async () => core.close());

describe('queue paging', () => {
  it('matches a full sort for random filters, offsets and page sizes', () => {
    const repo = createConversationsRepo(core.internals.db);
    fc.assert(
      fc.property(
        fc.subarray([1, 2, 3, 4]),
        fc.subarray(['new', 'open', 'pending', 'solved'] as const),
        fc.constantFrom('any', 'me', 'unassigned') as fc.Arbitrary<'any' | 'me' | 'unassigned'>,
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 120 }),
        (clients, statuses, assignee, offset, limit) => {
          const st = statuses.length ? statuses : ['new', 'open', 'pending'];
          const expected = rows
            .filter(
              (r) =>
                st.includes(r.status as never) &&
                (clients.length === 0 || clients.includes(r.client)) &&
                (assignee === 'any' ||
                  (assignee === 'me' ? r.assignee === 1 : r.assignee === null)),
            )
            .sort((a, b) => a.due - b.due || a.id - b.id);
          const page = repo.queue({
            clientIds: clients,
            statuses: [...statuses],
            assignee,
            selfId: 1,
            offset,
            limit,
          });
          expect(page.total).toBe(expected.length);
          expect(page.rows.map((r) => r.id)).toEqual(
            expected.slice(offset, offset + limit).map((r) => r.id),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a text search pages in its order on both paths (deadline; newest match for a common word, whose total is a lower bound and queueCount exact)', () => {
    const repo = createConversationsRepo(core.internals.db);
    const hits = (q: string) =>
      (
        core.internals.db
          .prepare('SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH ?')
          .get(q) as { n: number }
      ).n;
    expect(hits('"common"')).toBeGreaterThan(SEARCH_EXACT_HITS);
    expect(hits('"rarely"')).toBeLessThanOrEqual(SEARCH_EXACT_HITS);
    const paths = new Set<boolean>();
    let partials = 0;
    fc.assert(
      fc.property(
        fc.subarray([1, 2, 3, 4]),
        fc.subarray(['new', 'open', 'pending', 'solved'] as const),
        fc.constantFrom('any', 'me', 'unassigned') as fc.Arbitrary<'any' | 'me' | 'unassigned'>,
        fc.constantFrom(
          ['common', '"common"'],
          ['comm', '"comm"*'],
          ['rarely', '"rarely"'],
          ['middle', '"middle"'],
        ),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 120 }),
        (clients, statuses, assignee, [word, match], offset, limit) => {
          const st = statuses.length ? statuses : ['new', 'open', 'pending'];
          // Each conversation's newest matching message.
          const newest = new Map<number, number>();
          for (const m of msgs)
            if (m.words.some((w) => w.startsWith(word)))
              newest.set(m.conv, Math.max(newest.get(m.conv) ?? 0, m.id));
          const common = hits(match) > SEARCH_EXACT_HITS;
          const expected = rows
            .filter(
              (r) =>
                st.includes(r.status as never) &&
                (clients.length === 0 || clients.includes(r.client)) &&
                (assignee === 'any' ||
                  (assignee === 'me' ? r.assignee === 1 : r.assignee === null)) &&
                newest.has(r.id),
            )
            .sort((a, b) =>
              common ? newest.get(b.id)! - newest.get(a.id)! : a.due - b.due || a.id - b.id,
            );
          const f = {
            clientIds: clients,
            statuses: [...statuses],
            assignee,
            selfId: 1,
            match,
            offset,
            limit,
          };
          const page = repo.queue(f);
          expect(page.rows.map((r) => r.id)).toEqual(
            expected.slice(offset, offset + limit).map((r) => r.id),
          );
          expect(repo.queueCount(f)).toBe(expected.length);
          if (page.partialTotal) {
            expect(common).toBe(true);
            expect(page.total).toBe(offset + limit + 1); // offset + rows + more to come
            expect(page.total).toBeLessThanOrEqual(expected.length);
          } else {
            expect(page.total).toBe(expected.length);
          }
          paths.add(common);
          if (page.partialTotal) partials++;
        },
      ),
      { numRuns: 200 },
    );
    expect([...paths].sort()).toEqual([false, true]); // both paths ran
    expect(partials).toBeGreaterThan(0); // and some common pages had more to come
  });

  it('through the contract: queue.list flags a common word’s partial total and queue.count answers the exact one', async () => {
    const page = await core.call('queue.list', {
      search: 'comm',
      limit: 10,
      offset: 0,
      assignee: 'any',
    });
    expect(page.partialTotal).toBe(true);
    expect(page.rows).toHaveLength(10);
    const { total } = await core.call('queue.count', { search: 'comm', assignee: 'any' });
    expect(total).toBe(
      rows.filter(
        (r) =>
          r.status !== 'solved' && msgs.some((m) => m.conv === r.id && m.words.includes('common')),
      ).length,
    );
    const rare = await core.call('queue.list', {
      search: 'rarely',
      limit: 500,
      offset: 0,
      assignee: 'any',
    });
    expect(rare.partialTotal).toBeUndefined();
    expect((await core.call('queue.count', { search: 'rarely', assignee: 'any' })).total).toBe(
      rare.total,
    );
  });
});
