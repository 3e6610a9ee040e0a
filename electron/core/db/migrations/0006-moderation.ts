// Migration 0006: moderation as queue work, and the v2 item fields.
// - conversations.work_kind ('support' | 'moderation'): a moderation item is a queue entry of its own;
//   conversations.meta_json: the connector's conversation meta (handed back when replying).
// - messages: meta_json, reply_to_external_id, attachments_json (metadata only, never content).
// - moderation_items: one per flagged message (state, reasons, report count), linked to its queue
//   conversation; moderation_actions: the durable action log the sender executes (like the outbox).
// - sla_clock_events is rebuilt with 'time_to_action' in its metric CHECK (SQLite cannot alter a CHECK);
//   its rows, ids, index and append-only trigger are kept.
import type { Migration } from './index';

const m: Migration = {
  version: 6,
  name: 'moderation',
  up(db) {
    db.exec(`
      ALTER TABLE conversations ADD COLUMN work_kind TEXT NOT NULL DEFAULT 'support' CHECK (work_kind IN ('support','moderation'));
      ALTER TABLE conversations ADD COLUMN meta_json TEXT;
      CREATE INDEX conversations_work_queue ON conversations(work_kind, status, due_at, id);

      ALTER TABLE messages ADD COLUMN meta_json TEXT;
      ALTER TABLE messages ADD COLUMN reply_to_external_id TEXT;
      ALTER TABLE messages ADD COLUMN attachments_json TEXT;

      CREATE TABLE moderation_items (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL UNIQUE REFERENCES conversations(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        message_external_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('reported','flagged','filtered','held')),
        reasons_json TEXT NOT NULL DEFAULT '[]',
        report_count INTEGER NOT NULL DEFAULT 0,
        filed_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        -- First action done on the platform in the current cycle (fulfils time_to_action).
        actioned_at INTEGER,
        UNIQUE (source_id, message_external_id)
      ) STRICT;

      CREATE TABLE moderation_actions (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        kind TEXT NOT NULL,
        reason TEXT,
        duration_minutes INTEGER,
        idempotency_key TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('queued','sending','unknown','done','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        platform_response TEXT,
        actor_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,
        actor_name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        done_at INTEGER
      ) STRICT;
      CREATE INDEX moderation_actions_conv ON moderation_actions(conversation_id, id);
      CREATE INDEX moderation_actions_due ON moderation_actions(state, next_attempt_at);
      CREATE INDEX moderation_actions_report ON moderation_actions(client_id, done_at, kind);

      CREATE TABLE sla_clock_events_new (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        metric TEXT NOT NULL CHECK (metric IN ('first_reply','next_reply','periodic_update','resolution','time_to_action')),
        kind TEXT NOT NULL CHECK (kind IN ('activate','pause','resume','fulfil','cancel','retarget','breach')),
        at INTEGER NOT NULL,
        policy_id INTEGER,
        target_minutes REAL,
        mode TEXT,
        recorded_at INTEGER NOT NULL
      ) STRICT;
      INSERT INTO sla_clock_events_new (id, conversation_id, metric, kind, at, policy_id, target_minutes, mode, recorded_at)
        SELECT id, conversation_id, metric, kind, at, policy_id, target_minutes, mode, recorded_at FROM sla_clock_events;
      DROP TABLE sla_clock_events;
      ALTER TABLE sla_clock_events_new RENAME TO sla_clock_events;
      CREATE INDEX sla_events_conv ON sla_clock_events(conversation_id, metric, id);
      CREATE TRIGGER sla_events_no_update BEFORE UPDATE ON sla_clock_events BEGIN
        SELECT RAISE(ABORT, 'sla_clock_events is append-only');
      END;
    `);
  },
};
export default m;
