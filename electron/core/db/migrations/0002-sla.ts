// Migration 2: SLA engine. Client business schedules, per-client policies, an append-only clock
// event log and a derived clock table (the queue's due time comes from it). Existing conversations
// get first-reply clocks from their stored first-reply deadline, so nothing already promised changes.
import type { Migration } from './index';

const m: Migration = {
  version: 2,
  name: 'sla',
  up(db) {
    db.exec(`
      ALTER TABLE clients ADD COLUMN schedule_json TEXT;
      ALTER TABLE conversations ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]';

      CREATE TABLE sla_policies (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        conditions_json TEXT NOT NULL DEFAULT '{}',
        targets_json TEXT NOT NULL,
        warn_ratio REAL NOT NULL DEFAULT 0.75,
        pauses_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sla_policies_client ON sla_policies(client_id, position, id);

      -- Append-only: the audit trail every SLA number is derived from.
      CREATE TABLE sla_clock_events (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        metric TEXT NOT NULL CHECK (metric IN ('first_reply','next_reply','periodic_update','resolution')),
        kind TEXT NOT NULL CHECK (kind IN ('activate','pause','resume','fulfil','cancel','retarget','breach')),
        at INTEGER NOT NULL,
        policy_id INTEGER,
        target_minutes REAL,
        mode TEXT,
        recorded_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sla_events_conv ON sla_clock_events(conversation_id, metric, id);
      CREATE TRIGGER sla_events_no_update BEFORE UPDATE ON sla_clock_events BEGIN
        SELECT RAISE(ABORT, 'sla_clock_events is append-only');
      END;

      -- Derived from the events (recomputable at any time).
      CREATE TABLE sla_clocks (
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        metric TEXT NOT NULL,
        client_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        policy_id INTEGER,
        started_at INTEGER,
        due_at INTEGER,
        warn_at INTEGER,
        ended_at INTEGER,
        target_minutes REAL,
        mode TEXT NOT NULL,
        elapsed_minutes REAL NOT NULL DEFAULT 0,
        breached INTEGER NOT NULL DEFAULT 0,
        breached_at INTEGER,
        -- Notifications already raised for this cycle (1 = warning, 2 = breach).
        notified INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (conversation_id, metric)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX sla_clocks_due ON sla_clocks(status, due_at);
      CREATE INDEX sla_clocks_client ON sla_clocks(client_id, metric, ended_at);
    `);
    // Carry over the skeleton's first-reply deadlines as calendar-time clocks.
    db.exec(`
      INSERT INTO sla_clock_events (conversation_id, metric, kind, at, policy_id, target_minutes, mode, recorded_at)
        SELECT c.id, 'first_reply', 'activate', c.created_at, NULL, (c.first_reply_due_at - c.created_at) / 60000.0, 'calendar', c.created_at
        FROM conversations c WHERE c.first_reply_due_at IS NOT NULL;
      INSERT INTO sla_clock_events (conversation_id, metric, kind, at, policy_id, target_minutes, mode, recorded_at)
        SELECT c.id, 'first_reply', 'fulfil', c.first_replied_at, NULL, NULL, NULL, c.first_replied_at
        FROM conversations c WHERE c.first_reply_due_at IS NOT NULL AND c.first_replied_at IS NOT NULL;
      INSERT INTO sla_clocks (conversation_id, metric, client_id, status, started_at, due_at, ended_at, target_minutes, mode, elapsed_minutes, breached, breached_at)
        SELECT c.id, 'first_reply', c.client_id,
          CASE WHEN c.first_replied_at IS NULL THEN 'running' ELSE 'fulfilled' END,
          c.created_at, c.first_reply_due_at, c.first_replied_at, (c.first_reply_due_at - c.created_at) / 60000.0, 'calendar',
          CASE WHEN c.first_replied_at IS NULL THEN 0 ELSE (c.first_replied_at - c.created_at) / 60000.0 END,
          CASE WHEN c.first_replied_at > c.first_reply_due_at THEN 1 ELSE 0 END,
          CASE WHEN c.first_replied_at > c.first_reply_due_at THEN c.first_reply_due_at ELSE NULL END
        FROM conversations c WHERE c.first_reply_due_at IS NOT NULL;
    `);
  },
};
export default m;
