// Migration 10: indexes for the reports room. reports.kpis reads a period's member messages and
// opened conversations by time, and asks per active member whether they wrote before the period;
// without these it scanned every message (600+ ms at 1M messages for a month and its previous one).
import type { Migration } from './index';

const m: Migration = {
  version: 10,
  name: 'report-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX messages_inbound_time ON messages(created_at, conversation_id) WHERE direction = 'inbound';
      CREATE INDEX messages_inbound_author ON messages(author_member_id, created_at) WHERE direction = 'inbound';
      CREATE INDEX conversations_created ON conversations(created_at);
    `);
  },
};
export default m;
