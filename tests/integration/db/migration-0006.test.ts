// Migration 0006 (moderation): conversations get a work kind (support by default) and meta; messages
// the v2 fields; the clock event log is rebuilt to accept time_to_action with its rows, ids and its
// append-only trigger kept; moderation items and actions have their constraints.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('0005 -> 0006 keeps conversations (as support) and every clock event, and accepts time_to_action', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 5);
  db.exec(`INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'C', '#000000', 'UTC', 60, 0);
    INSERT INTO sources (id, client_id, platform, name, base_url, created_at) VALUES (1, 1, 'discourse', 'F', 'http://x', 0);
    INSERT INTO conversations (id, client_id, source_id, external_id, title, created_at, last_message_at) VALUES (1, 1, 1, '10', 'T', 0, 0);
    INSERT INTO messages (id, conversation_id, source_id, external_id, direction, author_name, body_html, body_text, created_at) VALUES (1, 1, 1, '100', 'inbound', 'm', '', 'x', 0);
    INSERT INTO sla_clock_events (id, conversation_id, metric, kind, at, recorded_at) VALUES (7, 1, 'first_reply', 'activate', 0, 0), (9, 1, 'first_reply', 'fulfil', 5, 5);`);
  expect(() =>
    db
      .prepare(
        `INSERT INTO sla_clock_events (conversation_id, metric, kind, at, recorded_at) VALUES (1, 'time_to_action', 'activate', 0, 0)`,
      )
      .run(),
  ).toThrow(/CHECK/);
  migrate(db, 6);
  expect(currentVersion(db)).toBe(6);
  expect(db.prepare('SELECT id, work_kind, meta_json FROM conversations').all()).toEqual([
    { id: 1, work_kind: 'support', meta_json: null },
  ]);
  expect(
    db.prepare('SELECT meta_json, reply_to_external_id, attachments_json FROM messages').all(),
  ).toEqual([{ meta_json: null, reply_to_external_id: null, attachments_json: null }]);
  expect(db.prepare('SELECT id, metric, kind, at FROM sla_clock_events ORDER BY id').all()).toEqual(
    [
      { id: 7, metric: 'first_reply', kind: 'activate', at: 0 },
      { id: 9, metric: 'first_reply', kind: 'fulfil', at: 5 },
    ],
  );
  db.prepare(
    `INSERT INTO sla_clock_events (conversation_id, metric, kind, at, recorded_at) VALUES (1, 'time_to_action', 'activate', 0, 0)`,
  ).run();
  expect(() =>
    db
      .prepare(
        `INSERT INTO sla_clock_events (conversation_id, metric, kind, at, recorded_at) VALUES (1, 'other', 'activate', 0, 0)`,
      )
      .run(),
  ).toThrow(/CHECK/);
  expect(() => db.prepare('UPDATE sla_clock_events SET at = 1 WHERE id = 7').run()).toThrow(
    /append-only/,
  );
  expect(() => db.prepare(`UPDATE conversations SET work_kind = 'other'`).run()).toThrow(/CHECK/);
  db.prepare(
    `INSERT INTO moderation_items (conversation_id, source_id, message_id, message_external_id, state, filed_at, updated_at) VALUES (1, 1, 1, '100', 'reported', 0, 0)`,
  ).run();
  expect(() =>
    db
      .prepare(
        `INSERT INTO moderation_items (conversation_id, source_id, message_external_id, state, filed_at, updated_at) VALUES (1, 1, '101', 'reported', 0, 0)`,
      )
      .run(),
  ).toThrow(/UNIQUE/);
  expect(() =>
    db
      .prepare(
        `INSERT INTO moderation_actions (conversation_id, source_id, client_id, kind, idempotency_key, state, next_attempt_at, actor_name, created_at, updated_at) VALUES (1, 1, 1, 'remove', 'k', 'weird', 0, 'a', 0, 0)`,
      )
      .run(),
  ).toThrow(/CHECK/);
  // Deleting a conversation takes its clock events along (the rebuilt table kept its foreign key).
  db.prepare('DELETE FROM conversations WHERE id = 1').run();
  expect(db.prepare('SELECT count(*) AS n FROM sla_clock_events').get()).toEqual({ n: 0 });
  db.close();
});
