// electron/core/db/repositories: the prepared statements of the ingest hot path.
import type { Db } from '../../db/open';

export type ExistingMessage = { id: number; version: number; body_html: string; body_text: string; conversation_id: number; direction: string };

export function createIngestRepo(db: Db) {
  const s = {
    memberUpsert: db.prepare(
      `INSERT INTO members (source_id, external_id, username, display_name, avatar_url, is_staff)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_id, external_id) DO UPDATE SET username = excluded.username,
         display_name = excluded.display_name, avatar_url = excluded.avatar_url, is_staff = excluded.is_staff
       RETURNING id`,
    ),
    convFind: db.prepare<[number, string], { id: number; status: string; first_replied_at: number | null; first_reply_due_at: number | null; created_at: number; member_id: number | null; due_at: number; title: string }>(
      'SELECT id, status, first_replied_at, first_reply_due_at, created_at, member_id, due_at, title FROM conversations WHERE source_id = ? AND external_id = ?',
    ),
    convInsert: db.prepare(
      `INSERT INTO conversations (client_id, source_id, external_id, kind, title, url, status, member_id,
         created_at, last_message_at, first_reply_due_at, due_at)
       VALUES (?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?)`,
    ),
    // Touches no indexed column: a member message must not rewrite the queue indexes.
    convInbound: db.prepare(
      `UPDATE conversations SET message_count = message_count + 1, last_message_at = max(last_message_at, ?),
         last_inbound_at = max(coalesce(last_inbound_at, 0), ?), snippet = ?
       WHERE id = ?`,
    ),
    convReopen: db.prepare(`UPDATE conversations SET status = 'open' WHERE id = ?`),
    convRetitle: db.prepare(`UPDATE conversations SET title = ? WHERE id = ?`),
    convOutbound: db.prepare(
      `UPDATE conversations SET message_count = message_count + 1, last_message_at = max(last_message_at, ?),
         first_replied_at = CASE WHEN first_replied_at IS NULL OR first_replied_at > ? THEN ? ELSE first_replied_at END,
         status = CASE WHEN status = 'new' THEN 'open' ELSE status END
       WHERE id = ?`,
    ),
    msgFind: db.prepare<[number, string], ExistingMessage>(
      'SELECT id, version, body_html, body_text, conversation_id, direction FROM messages WHERE source_id = ? AND external_id = ?',
    ),
    msgInsert: db.prepare(
      `INSERT INTO messages (conversation_id, source_id, external_id, direction, author_member_id, author_name,
         body_html, body_text, created_at, edited_at, version, deleted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    msgInsertIgnore: db.prepare(
      `INSERT INTO messages (conversation_id, source_id, external_id, direction, author_member_id, author_name,
         body_html, body_text, created_at, edited_at, version, deleted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_id, external_id) WHERE external_id IS NOT NULL DO NOTHING`,
    ),
    msgRevision: db.prepare(
      'INSERT INTO message_revisions (message_id, version, body_html, body_text, replaced_at) VALUES (?, ?, ?, ?, ?)',
    ),
    msgEdit: db.prepare(
      'UPDATE messages SET body_html = ?, body_text = ?, edited_at = ?, version = ?, deleted = ? WHERE id = ?',
    ),
    /** A reply we sent whose outcome was unknown may come back through polling before we learn its id. */
    pendingOutboundMatch: db.prepare<[number, string], { message_id: number; outbox_id: number }>(
      `SELECT o.message_id, o.id AS outbox_id FROM outbox o
       WHERE o.conversation_id = ? AND o.state IN ('sending','unknown','queued') AND o.body = ? ORDER BY o.id LIMIT 1`,
    ),
    quarantine: db.prepare('INSERT INTO quarantine (source_id, received_at, reason, payload) VALUES (?, ?, ?, ?)'),
  };
  return s;
}
export type IngestRepo = ReturnType<typeof createIngestRepo>;
