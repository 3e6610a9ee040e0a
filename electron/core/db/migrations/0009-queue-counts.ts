// Migration 9: queue counts. The unified queue's `total` was a count(*) over every matching
// conversation (10+ ms per page at 200,000 open conversations, on every refetch); triggers now keep
// a count per (client, status, assignee) so a page's total is a sum over a few rows.
import type { Migration } from './index';

const m: Migration = {
  version: 9,
  name: 'queue-counts',
  up(db) {
    db.exec(`
      -- assignee: the agent id, 0 for unassigned (a NULL would never conflict in the key).
      CREATE TABLE queue_counts (
        client_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        assignee INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (client_id, status, assignee)
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER conversations_count_ai AFTER INSERT ON conversations BEGIN
        INSERT INTO queue_counts (client_id, status, assignee, n) VALUES (new.client_id, new.status, coalesce(new.assignee_id, 0), 1)
          ON CONFLICT (client_id, status, assignee) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER conversations_count_ad AFTER DELETE ON conversations BEGIN
        UPDATE queue_counts SET n = n - 1 WHERE client_id = old.client_id AND status = old.status AND assignee = coalesce(old.assignee_id, 0);
      END;
      CREATE TRIGGER conversations_count_au AFTER UPDATE OF client_id, status, assignee_id ON conversations
        WHEN old.client_id IS NOT new.client_id OR old.status IS NOT new.status OR old.assignee_id IS NOT new.assignee_id
      BEGIN
        UPDATE queue_counts SET n = n - 1 WHERE client_id = old.client_id AND status = old.status AND assignee = coalesce(old.assignee_id, 0);
        INSERT INTO queue_counts (client_id, status, assignee, n) VALUES (new.client_id, new.status, coalesce(new.assignee_id, 0), 1)
          ON CONFLICT (client_id, status, assignee) DO UPDATE SET n = n + 1;
      END;

      INSERT INTO queue_counts (client_id, status, assignee, n)
        SELECT client_id, status, coalesce(assignee_id, 0), count(*) FROM conversations GROUP BY 1, 2, 3;
    `);
  },
};
export default m;
