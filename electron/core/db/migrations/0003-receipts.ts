// Migration 3: delivery receipts apart from their follow-up work, and clocks that cannot be computed.
// - outbox.sent_at: when the platform says the reply was created (the receipt).
// - outbox.followup_*: the local work after a delivery (conversation marked replied, SLA clocks
//   fulfilled) is a durable job of its own, retried on its own: its failure never resends a reply.
// - conversations.sla_error: why the conversation's SLA clocks could not be computed (null = fine);
//   the post is stored anyway and the source's health says so.
import type { Migration } from './index';

const m: Migration = {
  version: 3,
  name: 'receipts',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN sent_at INTEGER;
      ALTER TABLE outbox ADD COLUMN followup_pending INTEGER NOT NULL DEFAULT 0 CHECK (followup_pending IN (0, 1));
      ALTER TABLE outbox ADD COLUMN followup_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN followup_next_at INTEGER;
      ALTER TABLE outbox ADD COLUMN followup_error TEXT;
      CREATE INDEX outbox_followup ON outbox(followup_next_at) WHERE followup_pending = 1;
      ALTER TABLE conversations ADD COLUMN sla_error TEXT;
    `);
    // Replies delivered before this version: their receipt time is the message's (set on delivery).
    db.exec(
      `UPDATE outbox SET sent_at = (SELECT m.created_at FROM messages m WHERE m.id = outbox.message_id) WHERE state = 'sent'`,
    );
  },
};
export default m;
