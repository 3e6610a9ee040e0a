// Migration 1: the walking-skeleton schema. Times are integer milliseconds since the epoch (UTC).
import type { Migration } from './index';

const m: Migration = {
  version: 1,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE agents (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL
      ) STRICT;

      CREATE TABLE clients (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        color TEXT NOT NULL,
        timezone TEXT NOT NULL,
        first_reply_minutes INTEGER NOT NULL,
        briefing TEXT NOT NULL DEFAULT '',
        is_demo INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        platform TEXT NOT NULL,
        name TEXT NOT NULL,
        base_url TEXT NOT NULL,
        config_json TEXT NOT NULL DEFAULT '{}',
        cursor_json TEXT,
        secret_ref TEXT,
        enabled INTEGER NOT NULL DEFAULT 1,
        health_status TEXT NOT NULL DEFAULT 'ok',
        last_sync_at INTEGER,
        last_error TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE members (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        external_id TEXT NOT NULL,
        username TEXT NOT NULL,
        display_name TEXT NOT NULL,
        avatar_url TEXT,
        is_staff INTEGER NOT NULL DEFAULT 0,
        UNIQUE (source_id, external_id)
      ) STRICT;

      CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        external_id TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'topic',
        title TEXT NOT NULL,
        url TEXT,
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','open','pending','solved')),
        priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
        assignee_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,
        member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        last_message_at INTEGER NOT NULL,
        last_inbound_at INTEGER,
        first_reply_due_at INTEGER,
        first_replied_at INTEGER,
        -- The queue's sort key: the next deadline across SLA clocks; NO_DUE (8.64e15, the largest
        -- JS date) when nothing is due, so one index serves the sorted queue without NULL handling.
        due_at INTEGER NOT NULL DEFAULT 8640000000000000,
        message_count INTEGER NOT NULL DEFAULT 0,
        snippet TEXT NOT NULL DEFAULT '',
        UNIQUE (source_id, external_id)
      ) STRICT;
      -- The unified queue: open work by due time, across or within clients.
      CREATE INDEX conversations_queue ON conversations(status, due_at, id);
      CREATE INDEX conversations_client_queue ON conversations(client_id, status, due_at, id);
      CREATE INDEX conversations_assignee ON conversations(assignee_id, status);

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL,
        external_id TEXT,
        direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound','note')),
        author_member_id INTEGER,
        author_name TEXT NOT NULL,
        body_html TEXT NOT NULL,
        body_text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        edited_at INTEGER,
        version INTEGER NOT NULL DEFAULT 1,
        deleted INTEGER NOT NULL DEFAULT 0,
        delivery_state TEXT,
        delivery_error TEXT
      ) STRICT;
      -- Idempotent ingest: one row per platform message per source.
      CREATE UNIQUE INDEX messages_external ON messages(source_id, external_id) WHERE external_id IS NOT NULL;
      CREATE INDEX messages_conversation ON messages(conversation_id, created_at);

      -- Earlier versions of edited messages (edits are kept, not overwritten away).
      CREATE TABLE message_revisions (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        body_html TEXT NOT NULL,
        body_text TEXT NOT NULL,
        replaced_at INTEGER NOT NULL
      ) STRICT;

      CREATE VIRTUAL TABLE messages_fts USING fts5(
        body_text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, body_text) VALUES (new.id, new.body_text);
      END;
      CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, body_text) VALUES ('delete', old.id, old.body_text);
      END;
      CREATE TRIGGER messages_au AFTER UPDATE OF body_text ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, body_text) VALUES ('delete', old.id, old.body_text);
        INSERT INTO messages_fts(rowid, body_text) VALUES (new.id, new.body_text);
      END;

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
        conversation_id INTEGER NOT NULL,
        source_id INTEGER NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL,
        reply_to_external_id TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued','sending','unknown','sent','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        external_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

      CREATE TABLE drafts (
        conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        data_json TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX audit_entity ON audit_events(entity, entity_id, at);

      CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        received_at INTEGER NOT NULL,
        reason TEXT NOT NULL,
        payload TEXT NOT NULL
      ) STRICT;
      CREATE INDEX quarantine_source ON quarantine(source_id, received_at);
    `);
  },
};
export default m;
