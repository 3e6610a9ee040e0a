// Migration 0013 (client report): a version-12 database with a client and a conversation gains the
// clients' report language (en/da/ru or NULL, anything else refused) and the per-month notable
// conversations (ordered, one conversation once per month, removed with their conversation).
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('0012 -> 0013 adds the report language and the notable conversations, keeping the data', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 12);
  db.exec(`INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'A', '#123456', 'UTC', 60, 0);
    INSERT INTO sources (id, client_id, platform, name, base_url, created_at) VALUES (1, 1, 'discourse', 'S', 'http://x', 0);
    INSERT INTO conversations (id, client_id, source_id, external_id, title, created_at, last_message_at) VALUES (1, 1, 1, 'a', 't', 5, 5), (2, 1, 1, 'b', 'u', 5, 5);`);
  migrate(db, 13);
  expect(currentVersion(db)).toBe(13);
  expect(db.prepare('SELECT color, report_language FROM clients').get()).toEqual({
    color: '#123456',
    report_language: null,
  });
  db.prepare("UPDATE clients SET report_language = 'da'").run();
  expect(() => db.prepare("UPDATE clients SET report_language = 'de'").run()).toThrow(/CHECK/);
  const add = db.prepare(
    'INSERT INTO report_notables (client_id, month, position, conversation_id, note) VALUES (1, ?, ?, ?, ?)',
  );
  add.run('2026-11', 0, 2, 'praise');
  add.run('2026-11', 1, 1, '');
  expect(() => add.run('2026-11', 2, 1, 'again')).toThrow(/UNIQUE/);
  expect(() => add.run('2026-13x', 0, 1, '')).toThrow(/CHECK/);
  db.pragma('foreign_keys = ON');
  db.prepare('DELETE FROM conversations WHERE id = 2').run();
  expect(db.prepare('SELECT conversation_id FROM report_notables').all()).toEqual([
    { conversation_id: 1 },
  ]);
  db.close();
});
