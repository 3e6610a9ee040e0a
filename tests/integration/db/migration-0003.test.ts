// Migration 0003 (receipts): delivered replies keep their receipt time, nothing is left with a
// pending follow-up, and conversations get an empty sla_error.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('0002 -> 0003 adds receipt and follow-up columns, carrying sent replies over as done', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 2);
  db.exec(`INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'C', '#000000', 'UTC', 60, 0);
    INSERT INTO sources (id, client_id, platform, name, base_url, created_at) VALUES (1, 1, 'discourse', 'S', 'http://x', 0);
    INSERT INTO conversations (id, client_id, source_id, external_id, title, created_at, last_message_at, due_at) VALUES (1, 1, 1, 'a', 't', 0, 0, 8640000000000000);
    INSERT INTO messages (id, conversation_id, source_id, external_id, direction, author_name, body_html, body_text, created_at, delivery_state)
      VALUES (1, 1, 1, '77', 'outbound', 'me', '<p>x</p>', 'x', 5000, 'sent'), (2, 1, 1, NULL, 'outbound', 'me', '<p>y</p>', 'y', 6000, 'queued');
    INSERT INTO outbox (id, message_id, conversation_id, source_id, idempotency_key, body, state, next_attempt_at, external_id, created_at, updated_at)
      VALUES (1, 1, 1, 1, 'k1', 'x', 'sent', 0, '77', 1000, 9000), (2, 2, 1, 1, 'k2', 'y', 'queued', 0, NULL, 2000, 2000);`);
  migrate(db, 3);
  expect(currentVersion(db)).toBe(3);
  expect(
    db
      .prepare(
        'SELECT id, state, sent_at, followup_pending, followup_attempts, followup_next_at, followup_error FROM outbox ORDER BY id',
      )
      .all(),
  ).toEqual([
    {
      id: 1,
      state: 'sent',
      sent_at: 5000,
      followup_pending: 0,
      followup_attempts: 0,
      followup_next_at: null,
      followup_error: null,
    },
    {
      id: 2,
      state: 'queued',
      sent_at: null,
      followup_pending: 0,
      followup_attempts: 0,
      followup_next_at: null,
      followup_error: null,
    },
  ]);
  expect(db.prepare('SELECT sla_error FROM conversations').get()).toEqual({ sla_error: null });
  expect(() => db.prepare('UPDATE outbox SET followup_pending = 2 WHERE id = 1').run()).toThrow(
    /CHECK/,
  );
  const plan = db
    .prepare(
      'EXPLAIN QUERY PLAN SELECT * FROM outbox WHERE followup_pending = 1 AND followup_next_at <= 5',
    )
    .all()
    .map((r) => (r as { detail: string }).detail)
    .join(' ');
  expect(plan).toMatch(/outbox_followup/);
  db.close();
});
