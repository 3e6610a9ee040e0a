// Migration 0009 (queue counts): existing conversations are counted per (client, status, assignee),
// and the triggers keep the counts equal to a count(*) through inserts, status and assignee changes,
// client moves and deletes (including a source's conversations deleted by cascade).
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb, type Db } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

const truth = (db: Db) =>
  db
    .prepare(
      'SELECT client_id, status, coalesce(assignee_id, 0) AS assignee, count(*) AS n FROM conversations GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
    )
    .all();
const kept = (db: Db) =>
  db
    .prepare(
      'SELECT client_id, status, assignee, n FROM queue_counts WHERE n != 0 ORDER BY 1, 2, 3',
    )
    .all();

it('0008 -> 0009 counts existing conversations, and the triggers keep the counts exact', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 8);
  db.exec(`INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'A', '#000000', 'UTC', 60, 0), (2, 'B', '#000000', 'UTC', 60, 0);
    INSERT INTO sources (id, client_id, platform, name, base_url, created_at) VALUES (1, 1, 'discourse', 'S', 'http://x', 0), (2, 2, 'discourse', 'T', 'http://y', 0);
    INSERT INTO agents (id, name) VALUES (1, 'Me'), (2, 'Other');
    INSERT INTO conversations (id, client_id, source_id, external_id, title, status, assignee_id, created_at, last_message_at)
      VALUES (1, 1, 1, 'a', 't', 'new', NULL, 0, 0), (2, 1, 1, 'b', 't', 'new', NULL, 0, 0), (3, 1, 1, 'c', 't', 'open', 1, 0, 0),
             (4, 2, 2, 'd', 't', 'pending', 2, 0, 0), (5, 2, 2, 'e', 't', 'solved', NULL, 0, 0);`);
  migrate(db, 9);
  expect(currentVersion(db)).toBe(9);
  expect(kept(db)).toEqual(truth(db));
  expect(kept(db)).toContainEqual({ client_id: 1, status: 'new', assignee: 0, n: 2 });

  db.exec(
    `INSERT INTO conversations (id, client_id, source_id, external_id, title, created_at, last_message_at) VALUES (6, 2, 2, 'f', 't', 0, 0)`,
  );
  db.exec(`UPDATE conversations SET status = 'open' WHERE id = 1`);
  db.exec(`UPDATE conversations SET assignee_id = 2 WHERE id = 2`);
  db.exec(`UPDATE conversations SET assignee_id = NULL, status = 'solved' WHERE id = 3`);
  db.exec(`UPDATE conversations SET title = 'no count change', due_at = 5 WHERE id = 4`);
  db.exec(`DELETE FROM conversations WHERE id = 5`);
  expect(kept(db)).toEqual(truth(db));
  // Removing a source deletes its conversations by cascade: their counts go too.
  db.exec(`DELETE FROM sources WHERE id = 2`);
  expect(db.prepare('SELECT count(*) AS n FROM conversations WHERE client_id = 2').get()).toEqual({
    n: 0,
  });
  expect(kept(db)).toEqual(truth(db));
  db.close();
});
