// Migration 0012: the conversation status log. Every status a conversation takes is one row
// (conversation, at, status, acting agent or NULL for the member/platform/system), so reports can ask
// "what was open at the period's end" and "was it solved by then" about any past instant.
// - Written explicitly by the conversations repo's setStatus / markReplied and the ingest's re-open,
//   with the core's clock (the instant the change happened in Steward; a re-open by a member message
//   uses the message's time). Per conversation the log is monotonic: a row is never earlier than the
//   conversation's previous row.
// - An AFTER INSERT trigger logs the status a conversation is created with, at its created_at.
// - A safety net: an UPDATE of conversations.status that did not log first gets a row from a trigger
//   at the wall-clock time (any future code path that forgets to log still leaves a history).
// - Backfill for existing rows: the creation status 'new' at created_at, then every audited
//   `conversation.status` command (its `to`, at its time), then — if the last logged status is not the
//   current one (re-opens by member messages and moderation settlements were not audited) — the
//   current status at the conversation's last message time (never before the previous row).
import type { Migration } from './index';

export const STATUS_LOG_TRIGGERS = `
  CREATE TRIGGER conversation_status_log_insert AFTER INSERT ON conversations BEGIN
    INSERT INTO conversation_status_log (conversation_id, at, status, actor_id) VALUES (new.id, new.created_at, new.status, NULL);
  END;
  CREATE TRIGGER conversation_status_log_net AFTER UPDATE OF status ON conversations
  WHEN old.status <> new.status AND coalesce((SELECT l.status FROM conversation_status_log l
    WHERE l.conversation_id = new.id ORDER BY l.id DESC LIMIT 1), '') <> new.status BEGIN
    INSERT INTO conversation_status_log (conversation_id, at, status, actor_id)
      VALUES (new.id, max(CAST(unixepoch('subsec') * 1000 AS INTEGER),
        coalesce((SELECT max(at) FROM conversation_status_log WHERE conversation_id = new.id), 0)), new.status, NULL);
  END;
`;

const m: Migration = {
  version: 12,
  name: 'status-log',
  up(db) {
    db.exec(`
      CREATE TABLE conversation_status_log (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('new','open','pending','solved')),
        actor_id INTEGER REFERENCES agents(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX conversation_status_log_conv ON conversation_status_log(conversation_id, at, status);

      INSERT INTO conversation_status_log (conversation_id, at, status, actor_id)
        SELECT id, created_at, 'new', NULL FROM conversations ORDER BY id;
      INSERT INTO conversation_status_log (conversation_id, at, status, actor_id)
        SELECT c.id, max(e.at, c.created_at), json_extract(e.data_json, '$.to'), e.actor_id
        FROM audit_events e JOIN conversations c ON c.id = CAST(e.entity_id AS INTEGER)
        WHERE e.action = 'conversation.status' AND e.entity = 'conversation'
          AND json_extract(e.data_json, '$.to') IN ('new','open','pending','solved')
        ORDER BY e.at, e.id;
      INSERT INTO conversation_status_log (conversation_id, at, status, actor_id)
        SELECT c.id, max(c.last_message_at, (SELECT max(at) FROM conversation_status_log l WHERE l.conversation_id = c.id)), c.status, NULL
        FROM conversations c
        WHERE c.status <> (SELECT l.status FROM conversation_status_log l WHERE l.conversation_id = c.id ORDER BY l.at DESC, l.id DESC LIMIT 1)
        ORDER BY c.id;
      ${STATUS_LOG_TRIGGERS}
    `);
  },
};
export default m;
