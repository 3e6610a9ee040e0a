// The unified queue's top-K merge returns exactly what a full sort would, for any filter and page.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationsRepo } from '../../../electron/core/domains/conversations/repo';
import { makeCore, type TestCore } from '../../helpers/core';

let core: TestCore;
const rows: { id: number; client: number; status: string; due: number; assignee: number | null }[] =
  [];
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
});
