// Migration 0014 (time export index): a version-13 database with time entries gains the covering
// export index in place of time_entries_client_start, keeps every row, and the export's month read
// is answered from the index alone (no table lookup per row).
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('0013 -> 0014 replaces the client/start index with a covering one the export read uses', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 13);
  db.exec(`INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'A', '#000000', 'UTC', 60, 0);
    INSERT INTO agents (id, name) VALUES (1, 'Ann');
    INSERT INTO time_entries (agent_id, client_id, activity, origin, start_at, seconds, note, created_at, updated_at)
      VALUES (1, 1, 'reply', 'auto', 100, 60, '', 0, 0), (1, 1, 'reply', 'manual', 50, 30, 'call', 0, 0);
    INSERT INTO time_entries (agent_id, client_id, activity, origin, start_at, seconds, deleted_at, created_at, updated_at)
      VALUES (1, 1, 'reply', 'manual', 70, 30, 1, 0, 0);`);
  migrate(db, 14);
  expect(currentVersion(db)).toBe(14);
  const names = (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'time_entries'")
      .all() as {
      name: string;
    }[]
  ).map((r) => r.name);
  expect(names).toContain('time_entries_client_export');
  expect(names).not.toContain('time_entries_client_start');
  const read = `SELECT e.id, e.start_at, e.seconds, e.agent_id, e.activity, e.billable, e.conversation_id, e.source_id, e.note
    FROM time_entries e WHERE e.client_id = ? AND e.deleted_at IS NULL AND e.start_at >= ? AND e.start_at < ?
    ORDER BY e.start_at, e.id`;
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${read}`).all(1, 0, 1000) as { detail: string }[])
    .map((r) => r.detail)
    .join('\n');
  expect(plan).toContain('USING COVERING INDEX time_entries_client_export');
  expect(plan).not.toContain('TEMP B-TREE');
  expect(
    db
      .prepare(read)
      .all(1, 0, 1000)
      .map((r) => (r as { start_at: number }).start_at),
  ).toEqual([50, 100]);
  expect(db.prepare('SELECT count(*) AS n FROM time_entries').get()).toEqual({ n: 3 });
  db.close();
});
