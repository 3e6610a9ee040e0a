// electron/core/domains/ingest: the prepared statements of the ingest hot path. (Marking a conversation
// replied is conversationsRepo.markReplied; adopting our own polled post is OutboxRepo's.)
import type { Db } from '../../db/open';

export type ExistingMessage = {
  id: number;
  version: number;
  body_html: string;
  body_text: string;
  conversation_id: number;
  direction: string;
  meta_json: string | null;
};

export function createIngestRepo(db: Db) {
  const s = {
    // Looked up before written: a member seen again with the same profile costs a read, not a
    // rewritten row (a dirty page in every commit).
    memberFind: db.prepare<
      [number, string],
      {
        id: number;
        username: string;
        display_name: string;
        avatar_url: string | null;
        is_staff: number;
      }
    >(
      'SELECT id, username, display_name, avatar_url, is_staff FROM members WHERE source_id = ? AND external_id = ?',
    ),
    memberInsert: db.prepare<
      [number, string, string, string, string | null, number],
      { id: number }
    >(
      `INSERT INTO members (source_id, external_id, username, display_name, avatar_url, is_staff)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    memberUpdate: db.prepare(
      'UPDATE members SET username = ?, display_name = ?, avatar_url = ?, is_staff = ? WHERE id = ?',
    ),
    convFind: db.prepare<
      [number, string],
      {
        id: number;
        status: string;
        first_replied_at: number | null;
        first_reply_due_at: number | null;
        created_at: number;
        member_id: number | null;
        due_at: number;
        title: string;
        meta_json: string | null;
        work_kind: string;
      }
    >(
      'SELECT id, status, first_replied_at, first_reply_due_at, created_at, member_id, due_at, title, meta_json, work_kind FROM conversations WHERE source_id = ? AND external_id = ?',
    ),
    convInsert: db.prepare(
      `INSERT INTO conversations (client_id, source_id, external_id, kind, title, url, status, member_id,
         created_at, last_message_at, first_reply_due_at, due_at, meta_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    convMeta: db.prepare('UPDATE conversations SET meta_json = ? WHERE id = ?'),
    /** An internal note by staff on the platform: one more message, no reply clock touched. */
    convNote: db.prepare(
      'UPDATE conversations SET message_count = message_count + 1, last_message_at = max(last_message_at, ?) WHERE id = ?',
    ),
    // Touches no indexed column: a member message must not rewrite the queue indexes. Also takes a
    // new title (null: unchanged), so a renamed topic costs no second statement.
    convInbound: db.prepare(
      `UPDATE conversations SET message_count = message_count + 1, last_message_at = max(last_message_at, ?),
         last_inbound_at = max(coalesce(last_inbound_at, 0), ?), snippet = ?, title = coalesce(?, title)
       WHERE id = ?`,
    ),
    convReopen: db.prepare(`UPDATE conversations SET status = 'open' WHERE id = ?`),
    /** The re-open's status log row (migration 0012), written before convReopen; never before the previous row. */
    convReopenLog: db.prepare<[{ id: number; at: number }]>(
      `INSERT INTO conversation_status_log (conversation_id, at, status, actor_id)
       SELECT id, max(@at, coalesce((SELECT max(at) FROM conversation_status_log WHERE conversation_id = @id), @at)), 'open', NULL
       FROM conversations WHERE id = @id AND status <> 'open'`,
    ),
    msgFind: db.prepare<[number, string], ExistingMessage>(
      'SELECT id, version, body_html, body_text, conversation_id, direction, meta_json FROM messages WHERE source_id = ? AND external_id = ?',
    ),
    msgInsert: db.prepare(
      `INSERT INTO messages (conversation_id, source_id, external_id, direction, author_member_id, author_name,
         body_html, body_text, created_at, edited_at, version, deleted, meta_json, reply_to_external_id, attachments_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    msgInsertIgnore: db.prepare(
      `INSERT INTO messages (conversation_id, source_id, external_id, direction, author_member_id, author_name,
         body_html, body_text, created_at, edited_at, version, deleted, meta_json, reply_to_external_id, attachments_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_id, external_id) WHERE external_id IS NOT NULL DO NOTHING`,
    ),
    msgMeta: db.prepare('UPDATE messages SET meta_json = ? WHERE id = ?'),
    /** A deletion known only by id: the message is marked deleted (its text is kept for the record). */
    msgMarkDeleted: db.prepare<[number, string], { conversation_id: number }>(
      'UPDATE messages SET deleted = 1 WHERE source_id = ? AND external_id = ? AND deleted = 0 RETURNING conversation_id',
    ),
    msgRevision: db.prepare(
      'INSERT INTO message_revisions (message_id, version, body_html, body_text, replaced_at) VALUES (?, ?, ?, ?, ?)',
    ),
    msgEdit: db.prepare(
      'UPDATE messages SET body_html = ?, body_text = ?, edited_at = ?, version = ?, deleted = ? WHERE id = ?',
    ),
    quarantine: db.prepare(
      'INSERT INTO quarantine (source_id, received_at, reason, payload) VALUES (?, ?, ?, ?)',
    ),
  };
  return s;
}
export type IngestRepo = ReturnType<typeof createIngestRepo>;
