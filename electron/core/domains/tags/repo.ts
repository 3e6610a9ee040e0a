// electron/core/domains/tags: the tag catalogue repository (migration 0011) — a client's tags with
// their use counts, conversation tags (conversation_tags, with conversations.tags_json kept as the
// derived sorted list of keys the SLA matching reads), merges, and feedback items on messages.
import type { FeedbackItem, FeedbackKind, Tag } from '../../../../shared/domain/tags';
import type { Db } from '../../db/open';
import { iso } from '../../db/rows';

type TagRow = {
  id: number;
  client_id: number;
  name: string;
  name_key: string;
  kind: string | null;
  builtin: number;
  archived_at: number | null;
  merged_into_id: number | null;
  conversations: number;
  feedback_items: number;
};
const toTag = (r: TagRow): Tag => ({
  id: r.id,
  clientId: r.client_id,
  name: r.name,
  key: r.name_key,
  kind: r.kind as FeedbackKind | null,
  builtin: r.builtin === 1,
  archived: r.archived_at != null,
  mergedIntoId: r.merged_into_id,
  conversations: r.conversations,
  feedbackItems: r.feedback_items,
});
const SELECT = `SELECT t.*, (SELECT count(*) FROM conversation_tags ct WHERE ct.tag_id = t.id) AS conversations,
  (SELECT count(*) FROM feedback_items f WHERE f.tag_id = t.id) AS feedback_items FROM tags t`;
// Built-ins in picker order (the kinds' order), then themes by name.
const ORDER = `ORDER BY t.builtin DESC, CASE t.kind WHEN 'bug' THEN 1 WHEN 'feature_request' THEN 2 WHEN 'praise' THEN 3
  WHEN 'complaint' THEN 4 WHEN 'question' THEN 5 ELSE 6 END, t.name_key, t.id`;

type FeedbackRow = {
  id: number;
  message_id: number;
  conversation_id: number;
  tag_id: number;
  name: string;
  kind: string;
  builtin: number;
  tagged_by_id: number | null;
  tagged_by_name: string | null;
  tagged_at: number;
};
const toFeedback = (r: FeedbackRow): FeedbackItem => ({
  id: r.id,
  messageId: r.message_id,
  conversationId: r.conversation_id,
  tagId: r.tag_id,
  tagName: r.name,
  kind: r.kind as FeedbackKind,
  builtin: r.builtin === 1,
  taggedById: r.tagged_by_id,
  taggedByName: r.tagged_by_name,
  taggedAt: iso(r.tagged_at),
});

export function createTagsRepo(db: Db) {
  const refreshJson = db.prepare<[number]>(
    `UPDATE conversations SET tags_json = (SELECT json_group_array(k) FROM (SELECT t.name_key AS k
       FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.conversation_id = conversations.id ORDER BY k))
     WHERE id = ?`,
  );
  const get = (id: number): Tag | undefined => {
    const r = db.prepare<[number], TagRow>(`${SELECT} WHERE t.id = ?`).get(id);
    return r ? toTag(r) : undefined;
  };
  const conversationsOf = (tagId: number): number[] =>
    db
      .prepare<[number], { id: number }>(
        'SELECT conversation_id AS id FROM conversation_tags WHERE tag_id = ?',
      )
      .all(tagId)
      .map((r) => r.id);

  return {
    get,
    list(clientId: number, includeArchived: boolean): Tag[] {
      return db
        .prepare<[number], TagRow>(
          `${SELECT} WHERE t.client_id = ? AND t.merged_into_id IS NULL ${includeArchived ? '' : 'AND t.archived_at IS NULL'} ${ORDER}`,
        )
        .all(clientId)
        .map(toTag);
    },
    /** The tag a name's key means in a client's catalogue: the live tag, or a merged one's survivor. */
    byKey(clientId: number, key: string): Tag | undefined {
      const r = db
        .prepare<[number, string], { id: number; merged_into_id: number | null }>(
          'SELECT id, merged_into_id FROM tags WHERE client_id = ? AND name_key = ? ORDER BY merged_into_id IS NOT NULL, id DESC LIMIT 1',
        )
        .get(clientId, key);
      if (!r) return undefined;
      let id = r.id;
      // Follow a merge chain to its survivor (bounded: a cycle cannot be built, but never loop forever).
      for (let hop = 0, next = r.merged_into_id; next != null && hop < 100; hop++) {
        id = next;
        next =
          db
            .prepare<[number], { m: number | null }>(
              'SELECT merged_into_id AS m FROM tags WHERE id = ?',
            )
            .get(id)?.m ?? null;
      }
      return get(id);
    },
    /** Another live tag of the client with this key (a rename or create would collide with it). */
    clash(clientId: number, key: string, exceptId: number | null): Tag | undefined {
      const r = db
        .prepare<[number, string, number], { id: number }>(
          'SELECT id FROM tags WHERE client_id = ? AND name_key = ? AND merged_into_id IS NULL AND id <> ?',
        )
        .get(clientId, key, exceptId ?? 0);
      return r ? get(r.id) : undefined;
    },
    insert(
      clientId: number,
      name: string,
      key: string,
      kind: FeedbackKind | null,
      at: number,
    ): number {
      return Number(
        db
          .prepare(
            'INSERT INTO tags (client_id, name, name_key, kind, builtin, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
          )
          .run(clientId, name, key, kind, at, at).lastInsertRowid,
      );
    },
    /** Renames a tag and rewrites the derived tags_json of its conversations; returns them. */
    rename(id: number, name: string, key: string, at: number): number[] {
      db.prepare('UPDATE tags SET name = ?, name_key = ?, updated_at = ? WHERE id = ?').run(
        name,
        key,
        at,
        id,
      );
      const convs = conversationsOf(id);
      for (const c of convs) refreshJson.run(c);
      return convs;
    },
    setKind(id: number, kind: FeedbackKind | null, at: number): void {
      db.prepare('UPDATE tags SET kind = ?, updated_at = ? WHERE id = ?').run(kind, at, id);
    },
    setArchived(id: number, archivedAt: number | null, at: number): void {
      db.prepare('UPDATE tags SET archived_at = ?, updated_at = ? WHERE id = ?').run(
        archivedAt,
        at,
        id,
      );
    },
    /**
     * Moves the loser's conversations and feedback items to the survivor (a message or conversation
     * that had both keeps one), archives the loser pointing at the survivor, and rewrites tags_json.
     * Returns the conversations whose tags changed and the feedback items moved.
     */
    merge(
      loserId: number,
      survivorId: number,
      at: number,
    ): { conversations: number[]; feedbackMoved: number } {
      const convs = conversationsOf(loserId);
      db.prepare(
        'INSERT OR IGNORE INTO conversation_tags (conversation_id, tag_id) SELECT conversation_id, ? FROM conversation_tags WHERE tag_id = ?',
      ).run(survivorId, loserId);
      db.prepare('DELETE FROM conversation_tags WHERE tag_id = ?').run(loserId);
      const moved = db
        .prepare('UPDATE OR IGNORE feedback_items SET tag_id = ? WHERE tag_id = ?')
        .run(survivorId, loserId).changes;
      db.prepare('DELETE FROM feedback_items WHERE tag_id = ?').run(loserId); // duplicates of the survivor's
      db.prepare(
        'UPDATE tags SET merged_into_id = ?, archived_at = ?, updated_at = ? WHERE id = ?',
      ).run(survivorId, at, at, loserId);
      for (const c of convs) refreshJson.run(c);
      return { conversations: convs, feedbackMoved: moved };
    },
    /** Sets a conversation's tags to exactly these catalogue tags and rewrites its tags_json. */
    setConversationTags(conversationId: number, tagIds: number[]): void {
      db.prepare('DELETE FROM conversation_tags WHERE conversation_id = ?').run(conversationId);
      const ins = db.prepare(
        'INSERT OR IGNORE INTO conversation_tags (conversation_id, tag_id) VALUES (?, ?)',
      );
      for (const t of tagIds) ins.run(conversationId, t);
      refreshJson.run(conversationId);
    },

    // --- Feedback items ---
    /** What tagging a message needs to know about it. */
    messageFacts(messageId: number):
      | {
          conversationId: number;
          clientId: number;
          direction: string;
          createdAt: number;
          memberId: number | null;
        }
      | undefined {
      return db
        .prepare<
          [number],
          {
            conversationId: number;
            clientId: number;
            direction: string;
            createdAt: number;
            memberId: number | null;
          }
        >(
          `SELECT m.conversation_id AS conversationId, c.client_id AS clientId, m.direction, m.created_at AS createdAt,
             m.author_member_id AS memberId
           FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?`,
        )
        .get(messageId);
    },
    feedbackForConversation(conversationId: number): FeedbackItem[] {
      return db
        .prepare<[number], FeedbackRow>(
          `SELECT f.id, f.message_id, f.conversation_id, f.tag_id, t.name, t.kind, t.builtin, f.tagged_by_id,
             a.name AS tagged_by_name, f.tagged_at
           FROM feedback_items f JOIN tags t ON t.id = f.tag_id LEFT JOIN agents a ON a.id = f.tagged_by_id
           WHERE f.conversation_id = ? ORDER BY f.message_id, f.id`,
        )
        .all(conversationId)
        .map(toFeedback);
    },
    feedbackGet(id: number): FeedbackItem | undefined {
      const r = db
        .prepare<[number], FeedbackRow>(
          `SELECT f.id, f.message_id, f.conversation_id, f.tag_id, t.name, t.kind, t.builtin, f.tagged_by_id,
             a.name AS tagged_by_name, f.tagged_at
           FROM feedback_items f JOIN tags t ON t.id = f.tag_id LEFT JOIN agents a ON a.id = f.tagged_by_id WHERE f.id = ?`,
        )
        .get(id);
      return r ? toFeedback(r) : undefined;
    },
    /** Tags a message (idempotent: the same tag twice is one item); returns the item's id. */
    feedbackAdd(i: {
      clientId: number;
      conversationId: number;
      messageId: number;
      tagId: number;
      memberId: number | null;
      saidAt: number;
      agentId: number;
      at: number;
    }): number {
      db.prepare(
        `INSERT OR IGNORE INTO feedback_items (client_id, conversation_id, message_id, tag_id, member_id, said_at, tagged_by_id, tagged_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        i.clientId,
        i.conversationId,
        i.messageId,
        i.tagId,
        i.memberId,
        i.saidAt,
        i.agentId,
        i.at,
      );
      return this.feedbackIdOf(i.messageId, i.tagId)!;
    },
    /** The feedback item tagging this message with this tag, if there is one. */
    feedbackIdOf(messageId: number, tagId: number): number | null {
      return (
        db
          .prepare<[number, number], { id: number }>(
            'SELECT id FROM feedback_items WHERE message_id = ? AND tag_id = ?',
          )
          .get(messageId, tagId)?.id ?? null
      );
    },
    feedbackRemove(id: number): void {
      db.prepare('DELETE FROM feedback_items WHERE id = ?').run(id);
    },
  };
}
export type TagsRepo = ReturnType<typeof createTagsRepo>;
