// Migration 0010 (report indexes): a version-9 database with messages and conversations gains the
// reports room's indexes, keeps every row, and the reports' period query on messages uses the new
// time index instead of walking every conversation of the client.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('0009 -> 0010 adds the report indexes, keeps the data, and the period query uses them', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 9);
  db.exec(`INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'A', '#000000', 'UTC', 60, 0);
    INSERT INTO sources (id, client_id, platform, name, base_url, created_at) VALUES (1, 1, 'discourse', 'S', 'http://x', 0);
    INSERT INTO conversations (id, client_id, source_id, external_id, title, created_at, last_message_at) VALUES (1, 1, 1, 'a', 't', 5, 5);
    INSERT INTO messages (conversation_id, source_id, direction, author_name, body_html, body_text, created_at)
      VALUES (1, 1, 'inbound', 'm', '', 'hi', 5), (1, 1, 'outbound', 'agent', '', 'hello', 6);`);
  migrate(db, 10);
  expect(currentVersion(db)).toBe(10);
  const names = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]
  ).map((r) => r.name);
  expect(names).toEqual(
    expect.arrayContaining([
      'messages_inbound_time',
      'messages_inbound_author',
      'conversations_created',
    ]),
  );
  expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 2 });
  const plan = (
    db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.direction = 'inbound' AND m.created_at >= 0 AND m.created_at < 10 AND +c.client_id = 1`,
      )
      .all() as { detail: string }[]
  ).map((r) => r.detail);
  expect(plan.join('\n')).toContain('messages_inbound_time');
  db.close();
});
