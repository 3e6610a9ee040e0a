// Migration 0012 (status log): a version-11 database gets its history backfilled — each conversation's
// creation as 'new', every audited status command, and the current status where the audit log does
// not end in it — and from then on inserts and unlogged updates are logged by the triggers.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('0011 -> 0012 backfills the status history from creation, the audit log and the current status', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 11);
  db.exec(`INSERT INTO agents (id, name) VALUES (7, 'Ann');
    INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'A', '#000000', 'UTC', 60, 0);
    INSERT INTO sources (id, client_id, platform, name, base_url, created_at) VALUES (1, 1, 'discourse', 'S', 'http://x', 0);
    -- 1: solved and re-opened by audited commands, still open; 2: solved by a command, then re-opened by a member (not audited);
    -- 3: untouched, still new.
    INSERT INTO conversations (id, client_id, source_id, external_id, title, status, created_at, last_message_at) VALUES
      (1, 1, 1, 'a', 't', 'open', 100, 900), (2, 1, 1, 'b', 't', 'open', 200, 800), (3, 1, 1, 'c', 't', 'new', 300, 300);
    INSERT INTO audit_events (at, actor, actor_id, action, entity, entity_id, data_json) VALUES
      (400, 'Ann', 7, 'conversation.status', 'conversation', '1', '{"from":"new","to":"solved"}'),
      (500, 'Ann', 7, 'conversation.status', 'conversation', '1', '{"from":"solved","to":"open"}'),
      (450, 'Ann', 7, 'conversation.status', 'conversation', '2', '{"from":"new","to":"solved"}'),
      (460, 'Ann', 7, 'conversation.priority', 'conversation', '2', '{"from":"normal","to":"high"}');`);
  migrate(db, 12);
  expect(currentVersion(db)).toBe(12);
  const rows = () =>
    db
      .prepare(
        'SELECT conversation_id AS c, at, status, actor_id AS actor FROM conversation_status_log ORDER BY c, at, id',
      )
      .all();
  expect(rows()).toEqual([
    { c: 1, at: 100, status: 'new', actor: null },
    { c: 1, at: 400, status: 'solved', actor: 7 },
    { c: 1, at: 500, status: 'open', actor: 7 },
    { c: 2, at: 200, status: 'new', actor: null },
    { c: 2, at: 450, status: 'solved', actor: 7 },
    { c: 2, at: 800, status: 'open', actor: null },
    { c: 3, at: 300, status: 'new', actor: null },
  ]);
  // The triggers: a new conversation logs its first status at its creation time.
  db.exec(
    `INSERT INTO conversations (id, client_id, source_id, external_id, title, status, created_at, last_message_at) VALUES (4, 1, 1, 'd', 't', 'solved', 1000, 1000)`,
  );
  expect(
    db.prepare('SELECT at, status FROM conversation_status_log WHERE conversation_id = 4').all(),
  ).toEqual([{ at: 1000, status: 'solved' }]);
  db.close();
});
