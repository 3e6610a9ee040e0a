// Migration 0002 (SLA) moves data: conversations with a first-reply deadline from the skeleton get
// an append-only clock log and derived clocks that keep the promised deadline.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('0001 -> 0002 carries first-reply deadlines over as clocks (running and fulfilled, breached or met)', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 1);
  db.exec(`INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'C', '#000000', 'UTC', 60, 0);
    INSERT INTO sources (id, client_id, platform, name, base_url, created_at) VALUES (1, 1, 'discourse', 'S', 'http://x', 0);
    INSERT INTO conversations (id, client_id, source_id, external_id, title, created_at, last_message_at, first_reply_due_at, first_replied_at, due_at)
      VALUES (1, 1, 1, 'a', 'open one', 0, 0, 3600000, NULL, 3600000),
             (2, 1, 1, 'b', 'met', 0, 0, 3600000, 1800000, 8640000000000000),
             (3, 1, 1, 'c', 'late', 0, 0, 3600000, 7200000, 8640000000000000),
             (4, 1, 1, 'd', 'no target', 0, 0, NULL, NULL, 8640000000000000);`);
  migrate(db, 2);
  expect(currentVersion(db)).toBe(2);
  const clocks = db
    .prepare(
      'SELECT conversation_id, status, due_at, breached, elapsed_minutes FROM sla_clocks ORDER BY conversation_id',
    )
    .all();
  expect(clocks).toEqual([
    { conversation_id: 1, status: 'running', due_at: 3600000, breached: 0, elapsed_minutes: 0 },
    { conversation_id: 2, status: 'fulfilled', due_at: 3600000, breached: 0, elapsed_minutes: 30 },
    { conversation_id: 3, status: 'fulfilled', due_at: 3600000, breached: 1, elapsed_minutes: 120 },
  ]);
  const events = db
    .prepare(
      'SELECT conversation_id, kind, at, target_minutes FROM sla_clock_events ORDER BY conversation_id, id',
    )
    .all();
  expect(events).toEqual([
    { conversation_id: 1, kind: 'activate', at: 0, target_minutes: 60 },
    { conversation_id: 2, kind: 'activate', at: 0, target_minutes: 60 },
    { conversation_id: 2, kind: 'fulfil', at: 1800000, target_minutes: null },
    { conversation_id: 3, kind: 'activate', at: 0, target_minutes: 60 },
    { conversation_id: 3, kind: 'fulfil', at: 7200000, target_minutes: null },
  ]);
  // New columns exist with their defaults, and the board's index is used.
  expect(db.prepare('SELECT tags_json FROM conversations WHERE id = 4').get()).toEqual({
    tags_json: '[]',
  });
  const plan = db
    .prepare("EXPLAIN QUERY PLAN SELECT * FROM sla_clocks WHERE status = 'running' AND due_at <= 5")
    .all()
    .map((r) => (r as { detail: string }).detail)
    .join(' ');
  expect(plan).toMatch(/sla_clocks_due/);
  db.close();
});
