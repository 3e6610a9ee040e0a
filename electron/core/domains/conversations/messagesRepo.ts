// electron/core/db/repositories: messages (inbound, outbound, notes), their FTS index, revisions.
import type { DeliveryState, Message, MessageDirection } from '../../../../shared/domain/entities';
import type { Db } from '../../db/open';
import { iso, isoOrNull, parseJson } from '../../db/rows';

type MsgRow = {
  id: number;
  conversation_id: number;
  external_id: string | null;
  direction: string;
  author_name: string;
  body_html: string;
  body_text: string;
  created_at: number;
  edited_at: number | null;
  version: number;
  delivery_state: string | null;
  delivery_error: string | null;
  reply_to_external_id?: string | null;
  attachments_json?: string | null;
  meta_json?: string | null;
};
type Attachment = Message['attachments'][number];
const toMessage = (r: MsgRow): Message => ({
  id: r.id,
  conversationId: r.conversation_id,
  externalId: r.external_id,
  direction: r.direction as MessageDirection,
  authorName: r.author_name,
  bodyHtml: r.body_html,
  bodyText: r.body_text,
  createdAt: iso(r.created_at),
  editedAt: isoOrNull(r.edited_at),
  version: r.version,
  deliveryState: r.delivery_state as DeliveryState | null,
  deliveryError: r.delivery_error,
  replyToExternalId: r.reply_to_external_id ?? null,
  attachments: parseJson<Attachment[]>(r.attachments_json, []),
});

/** messagesRepo.search ranks by bm25 only a term with at most this many matches. */
export const RANKED_HITS = 200;

export function createMessagesRepo(db: Db) {
  const byId = db.prepare<[number], MsgRow>('SELECT * FROM messages WHERE id = ?');
  const newestHits = db.prepare<[string, number], { rowid: number }>(
    'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
  );
  const rankedHits = db.prepare<[string, number], { rowid: number }>(
    'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rank LIMIT ?',
  );
  return {
    get(id: number): Message | null {
      const r = byId.get(id);
      return r ? toMessage(r) : null;
    },
    forConversation(conversationId: number, limit = 500): Message[] {
      return db
        .prepare<[number, number], MsgRow>(
          `SELECT * FROM (SELECT * FROM messages WHERE conversation_id = ? ORDER BY created_at DESC, id DESC LIMIT ?)
           ORDER BY created_at, id`,
        )
        .all(conversationId, limit)
        .map(toMessage);
    },
    /** A local message (outbound reply or internal note) written by this agent. */
    insertLocal(m: {
      conversationId: number;
      sourceId: number;
      direction: 'outbound' | 'note';
      authorName: string;
      body: string;
      bodyHtml: string;
      at: number;
      deliveryState: DeliveryState | null;
    }): number {
      const info = db
        .prepare(
          `INSERT INTO messages (conversation_id, source_id, external_id, direction, author_name, body_html, body_text, created_at, delivery_state)
           VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          m.conversationId,
          m.sourceId,
          m.direction,
          m.authorName,
          m.bodyHtml,
          m.body,
          m.at,
          m.deliveryState,
        );
      return Number(info.lastInsertRowid);
    },
    setDelivery(
      id: number,
      state: DeliveryState,
      error: string | null,
      externalId?: string | null,
      createdAt?: number,
    ): void {
      db.prepare(
        `UPDATE messages SET delivery_state = ?, delivery_error = ?, external_id = COALESCE(?, external_id),
           created_at = COALESCE(?, created_at) WHERE id = ?`,
      ).run(state, error, externalId ?? null, createdAt ?? null, id);
    },
    /**
     * The stored message that already carries platform id `externalId` in this source (if any), and
     * whether it is a local reply of the outbox (else: a copy stored by polling, or a member post).
     */
    externalHolder(
      sourceId: number,
      externalId: string,
    ): {
      id: number;
      conversationId: number;
      direction: MessageDirection;
      fromOutbox: boolean;
    } | null {
      const r = db
        .prepare<
          [number, string],
          { id: number; conversation_id: number; direction: string; from_outbox: number }
        >(
          `SELECT m.id, m.conversation_id, m.direction, EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.id) AS from_outbox
           FROM messages m WHERE m.source_id = ? AND m.external_id = ?`,
        )
        .get(sourceId, externalId);
      return r
        ? {
            id: r.id,
            conversationId: r.conversation_id,
            direction: r.direction as MessageDirection,
            fromOutbox: r.from_outbox === 1,
          }
        : null;
    },
    /** The platform meta the connector stored with a message (handed back when replying or moderating). */
    meta(id: number): Record<string, unknown> | undefined {
      const r = db
        .prepare<[number], { meta_json: string | null }>(
          'SELECT meta_json FROM messages WHERE id = ?',
        )
        .get(id);
      return r?.meta_json
        ? parseJson<Record<string, unknown> | undefined>(r.meta_json, undefined)
        : undefined;
    },
    /** The stored meta of the message with platform id `externalId` in a source. */
    metaByExternal(sourceId: number, externalId: string): Record<string, unknown> | undefined {
      const r = db
        .prepare<[number, string], { meta_json: string | null }>(
          'SELECT meta_json FROM messages WHERE source_id = ? AND external_id = ?',
        )
        .get(sourceId, externalId);
      return r?.meta_json
        ? parseJson<Record<string, unknown> | undefined>(r.meta_json, undefined)
        : undefined;
    },
    /** Platform id, stored meta and author of a message (moderation requests). */
    platformRef(id: number): {
      externalId: string | null;
      meta: Record<string, unknown> | undefined;
      memberExternalId: string | null;
      conversationId: number;
    } | null {
      const r = db
        .prepare<
          [number],
          {
            external_id: string | null;
            meta_json: string | null;
            member_external_id: string | null;
            conversation_id: number;
          }
        >(
          `SELECT m.external_id, m.meta_json, mb.external_id AS member_external_id, m.conversation_id FROM messages m
           LEFT JOIN members mb ON mb.id = m.author_member_id WHERE m.id = ?`,
        )
        .get(id);
      return r
        ? {
            externalId: r.external_id,
            meta: r.meta_json
              ? parseJson<Record<string, unknown> | undefined>(r.meta_json, undefined)
              : undefined,
            memberExternalId: r.member_external_id,
            conversationId: r.conversation_id,
          }
        : null;
    },
    /** The latest inbound message with a platform id (the default reply target) and its meta. */
    latestInbound(
      conversationId: number,
    ): { externalId: string; meta: Record<string, unknown> | undefined } | null {
      const r = db
        .prepare<[number], { external_id: string; meta_json: string | null }>(
          `SELECT external_id, meta_json FROM messages WHERE conversation_id = ? AND direction = 'inbound' AND external_id IS NOT NULL
           ORDER BY created_at DESC, id DESC LIMIT 1`,
        )
        .get(conversationId);
      return r
        ? {
            externalId: r.external_id,
            meta: r.meta_json
              ? parseJson<Record<string, unknown> | undefined>(r.meta_json, undefined)
              : undefined,
          }
        : null;
    },
    /** Removes a message (its revisions follow; the FTS index follows through its trigger). */
    remove(id: number): void {
      db.prepare('DELETE FROM messages WHERE id = ?').run(id);
    },
    /**
     * Full-text search over messages (the benchmark and a future message search). Order: a term
     * with at most RANKED_HITS matches is ranked by bm25 (best match first); a more common one
     * returns its newest matches first (message id = arrival order). Newest-first walks the FTS
     * doclist backwards and stops after the page, O(page); bm25 must score every hit, O(hits), which
     * was 174 ms at 1M messages for a word in 10 % of them.
     */
    search(match: string, limit = 50): { id: number; conversationId: number }[] {
      const newest = newestHits.all(match, RANKED_HITS + 1);
      const ids =
        newest.length <= RANKED_HITS
          ? rankedHits.all(match, limit).map((r) => r.rowid)
          : newest.slice(0, limit).map((r) => r.rowid);
      return ids.map((id) => ({ id, conversationId: byId.get(id)!.conversation_id }));
    },
  };
}
export type MessagesRepo = ReturnType<typeof createMessagesRepo>;
