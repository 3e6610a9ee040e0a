// Ingest on a real SQLite file: idempotent, keeps edits, quarantines bad items, reopens, deadlines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngester, type Ingester } from '../../../electron/core/domains/ingest/ingest';
import { makeCore, type TestCore } from '../../helpers/core';
import { item, T0 } from '../../helpers/items';

let core: TestCore;
let src: { id: number; clientId: number };
let ingest: Ingester['ingest'];

/** Client Acme with one Discourse source, in `c`. */
function acmeForum(c: TestCore, timezone: string, briefing: string) {
  const client = c.internals.repos.clients.insert(
    { name: 'Acme', color: '#112233', timezone, firstReplyMinutes: 90, briefing, isDemo: false },
    T0,
  );
  const s = c.internals.repos.sources.insert(
    {
      clientId: client.id,
      platform: 'discourse',
      name: 'Forum',
      baseUrl: 'http://127.0.0.1:9',
      config: { apiUsername: 'bot' },
      secretRef: null,
    },
    T0,
  );
  return { id: s.id, clientId: client.id };
}

beforeEach(async () => {
  core = await makeCore();
  const { db } = core.internals;
  src = acmeForum(core, 'Europe/Copenhagen', 'be nice');
  // Calendar-time first and next reply of 90 minutes for these tests.
  db.prepare(
    `INSERT INTO sla_policies (client_id, name, position, targets_json, pauses_json, created_at, updated_at) VALUES (?, 'p', 0, ?, '[]', 0, 0)`,
  ).run(
    src.clientId,
    JSON.stringify({
      first_reply: { normal: { minutes: 90, mode: 'calendar' } },
      next_reply: { normal: { minutes: 90, mode: 'calendar' } },
    }),
  );
  ingest = core.internals.ingester.ingest;
});
afterEach(async () => {
  await core.close();
});

const count = (sql: string) => (core.internals.db.prepare(sql).get() as { n: number }).n;

describe('ingest', () => {
  it('stores the same platform post once, however often it arrives', () => {
    const a = ingest(src, [item({ topic: 1, post: 10 }), item({ topic: 1, post: 11 })], [], T0);
    expect(a.inserted).toBe(2);
    const b = ingest(src, [item({ topic: 1, post: 10 }), item({ topic: 1, post: 11 })], [], T0);
    expect(b).toMatchObject({ inserted: 0, duplicates: 2 });
    expect(count('SELECT count(*) n FROM messages')).toBe(2);
    expect(count('SELECT count(*) n FROM conversations')).toBe(1);
    expect(count('SELECT message_count n FROM conversations')).toBe(2);
  });

  it('a poll page gives each conversation the same counts, times and snippet as its messages one at a time', async () => {
    // Several posts of a thread in one poll page, out of order, with a staff reply among them.
    const page = [
      item({ topic: 1, post: 13, text: 'third' }),
      item({ topic: 1, post: 11, text: 'first' }),
      item({ topic: 2, post: 20, text: 'other topic' }),
      item({ topic: 1, post: 14, staff: true, user: 'agent', text: 'staff answer' }),
      item({ topic: 1, post: 12, text: 'second' }),
      item({ topic: 2, post: 21, minute: 5, text: 'older post arriving late' }),
    ];
    const rows = () =>
      core.internals.db
        .prepare(
          'SELECT external_id, message_count, last_message_at, last_inbound_at, snippet, status FROM conversations ORDER BY external_id',
        )
        .all();
    const res = ingest(src, page, [], T0);
    expect(res.inserted).toBe(6);
    const batched = rows();
    // The same items one per ingest call, into a fresh core: the reference.
    await core.close();
    core = await makeCore();
    const one = acmeForum(core, 'UTC', '');
    for (const it of [...page].sort((a, b) => a.message.createdAt - b.message.createdAt))
      core.internals.ingester.ingest(one, [it], [], T0);
    expect(batched).toEqual(rows());
    const min = (m: number) => T0 + m * 60_000;
    expect(batched).toMatchObject([
      // 3 member posts and the staff answer; the newest member post's snippet.
      {
        external_id: '1',
        message_count: 4,
        last_inbound_at: min(13),
        last_message_at: min(14),
        snippet: 'third',
      },
      // The late, older post is counted but moves neither time nor snippet.
      {
        external_id: '2',
        message_count: 2,
        last_inbound_at: min(20),
        last_message_at: min(20),
        snippet: 'other topic',
      },
    ]);
  });

  it("writes a member only when new or changed, and takes a renamed topic's title with its next message", () => {
    const { db } = core.internals;
    // Every write to members, counted by a trigger of this connection only.
    db.exec(`CREATE TEMP TABLE member_writes (kind TEXT);
      CREATE TEMP TRIGGER mw_i AFTER INSERT ON main.members BEGIN INSERT INTO member_writes VALUES ('insert'); END;
      CREATE TEMP TRIGGER mw_u AFTER UPDATE ON main.members BEGIN INSERT INTO member_writes VALUES ('update'); END;`);
    const writes = () =>
      (db.prepare('SELECT kind FROM member_writes').all() as { kind: string }[]).map((r) => r.kind);
    ingest(
      src,
      [item({ topic: 1, post: 1, user: 'ann' }), item({ topic: 1, post: 2, user: 'ann' })],
      [],
      T0,
    );
    expect(writes()).toEqual(['insert']);
    // A second ingester (a restarted core: nothing cached) finds ann unchanged: no write.
    const fresh = createIngester(db, { opened() {}, memberMessage() {}, agentReply() {} });
    fresh.ingest(src, [item({ topic: 1, post: 3, user: 'ann' })], [], T0);
    expect(writes()).toEqual(['insert']);
    // A new display name is stored, once, by either.
    const renamed = { ...item({ topic: 1, post: 4, user: 'ann', title: 'Topic 1 (solved?)' }) };
    renamed.member = { ...renamed.member, displayName: 'Ann B.' };
    fresh.ingest(src, [renamed], [], T0);
    ingest(src, [{ ...renamed, message: { ...renamed.message, externalId: '5' } }], [], T0);
    expect(writes()).toEqual(['insert', 'update', 'update']);
    expect(db.prepare('SELECT display_name FROM members').all()).toEqual([
      { display_name: 'Ann B.' },
    ]);
    expect(db.prepare('SELECT title, message_count FROM conversations').get()).toEqual({
      title: 'Topic 1 (solved?)',
      message_count: 5,
    });
    expect(db.prepare('SELECT count(DISTINCT author_member_id) n FROM messages').get()).toEqual({
      n: 1,
    });
  });

  it('a batch rolled back as a whole leaves no member remembered that the database does not hold', () => {
    const { db } = core.internals;
    // The quarantine refuses writes: a malformed item makes the whole batch fail and roll back.
    db.exec(
      `CREATE TEMP TRIGGER q_fail BEFORE INSERT ON main.quarantine BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
    );
    // Malformed (no topic id) and newer than bo's post, so it is reached after bo is stored.
    const late = item({ topic: 9, post: 99 });
    const bad = { ...late, conversation: { ...late.conversation, externalId: '' } };
    expect(() => ingest(src, [item({ topic: 1, post: 1, user: 'bo' }), bad], [], T0)).toThrow(
      /disk full/,
    );
    expect(count('SELECT count(*) n FROM members')).toBe(0);
    db.exec('DROP TRIGGER q_fail');
    // bo's next message stores bo again instead of pointing at the row that was rolled back.
    const res = ingest(src, [item({ topic: 1, post: 2, user: 'bo' })], [], T0);
    expect(res).toMatchObject({ inserted: 1, quarantined: 0 });
    expect(
      db
        .prepare('SELECT m.username FROM messages x JOIN members m ON m.id = x.author_member_id')
        .all(),
    ).toEqual([{ username: 'bo' }]);
  });

  it('keeps edits: the newer version replaces the text, the old one is kept as a revision, search follows', async () => {
    ingest(src, [item({ topic: 1, post: 10, text: 'my parcel never arrived' })], [], T0);
    const e = ingest(
      src,
      [item({ topic: 1, post: 10, text: 'my parcel arrived broken', version: 2 })],
      [],
      T0,
    );
    expect(e.edited).toBe(1);
    const [conv] = (await core.call('queue.list', {})).rows;
    const detail = await core.call('conversations.get', { id: conv!.id });
    expect(detail.messages[0]).toMatchObject({ bodyText: 'my parcel arrived broken', version: 2 });
    expect(detail.messages[0]!.editedAt).not.toBeNull();
    expect(count('SELECT count(*) n FROM message_revisions')).toBe(1);
    expect((await core.call('queue.list', { search: 'broken' })).total).toBe(1);
    expect((await core.call('queue.list', { search: 'never' })).total).toBe(0);
    // An older version arriving late does not roll the text back.
    ingest(
      src,
      [item({ topic: 1, post: 10, text: 'my parcel never arrived', version: 1 })],
      [],
      T0,
    );
    expect((await core.call('conversations.get', { id: conv!.id })).messages[0]!.bodyText).toBe(
      'my parcel arrived broken',
    );
  });

  it('quarantines malformed items with a visible reason and stores the rest of the batch', async () => {
    const bad = item({ topic: 2, post: 20 });
    bad.message.createdAt = Number.NaN;
    const noId = item({ topic: 3, post: 30 });
    noId.message.externalId = '';
    const r = ingest(
      src,
      [item({ topic: 1, post: 10 }), bad, noId],
      [{ reason: 'post.id is not a number', raw: { id: 'x' } }],
      T0,
    );
    expect(r).toMatchObject({ inserted: 1, quarantined: 3 });
    const q = await core.call('sources.quarantine', { sourceId: src.id });
    expect(q.map((x) => x.reason).sort()).toEqual(
      [
        'message.createdAt is not a valid time (NaN)',
        'message.externalId is missing',
        'post.id is not a number',
      ].sort(),
    );
    const sources = await core.call('sources.list', {});
    expect(sources[0]!.health.quarantined).toBe(3);
  });

  it('sets the first-reply deadline from the policy target and orders the queue by it', async () => {
    ingest(src, [item({ topic: 5, post: 50 }), item({ topic: 2, post: 20 })], [], T0);
    const page = await core.call('queue.list', {});
    expect(page.rows.map((r) => r.externalId)).toEqual(['2', '5']);
    expect(page.rows[0]!.dueAt).toBe(new Date(T0 + 20 * 60_000 + 90 * 60_000).toISOString());
    expect(page.rows[0]).toMatchObject({
      clientName: 'Acme',
      platform: 'discourse',
      memberName: 'U1',
      status: 'new',
    });
  });

  it('a staff reply on the platform fulfils the first reply; a member follow-up reopens with a new deadline', async () => {
    ingest(
      src,
      [
        item({ topic: 1, post: 10, minute: 0 }),
        item({ topic: 1, post: 11, minute: 5, staff: true, user: 'bot' }),
      ],
      [],
      T0,
    );
    let conv = (await core.call('queue.list', {})).rows[0]!;
    expect(conv.firstRepliedAt).toBe(new Date(T0 + 5 * 60_000).toISOString());
    expect(conv.dueAt).toBeNull();
    await core.call('conversations.setStatus', { id: conv.id, status: 'solved' });
    ingest(src, [item({ topic: 1, post: 12, minute: 30, text: 'still broken' })], [], T0);
    conv = (await core.call('queue.list', {})).rows[0]!;
    expect(conv.status).toBe('open');
    expect(conv.dueAt).toBe(new Date(T0 + 30 * 60_000 + 90 * 60_000).toISOString());
  });

  it('treats hostile FTS syntax in a search as plain words', async () => {
    ingest(src, [item({ topic: 1, post: 10, text: 'NEAR the OR gate' })], [], T0);
    expect((await core.call('queue.list', { search: 'OR" NEAR(' })).total).toBe(1);
    expect((await core.call('queue.list', { search: '***' })).total).toBe(0);
  });
});
