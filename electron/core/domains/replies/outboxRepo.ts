// electron/core/db/repositories: the durable outbox of replies waiting to reach a platform.
import type { DeliveryState } from '../../../../shared/domain/entities';
import type { Db } from '../../db/open';

export type OutboxRow = {
  id: number;
  message_id: number;
  conversation_id: number;
  source_id: number;
  idempotency_key: string;
  body: string;
  reply_to_external_id: string | null;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  external_id: string | null;
  created_at: number;
  updated_at: number;
  /** When the last attempt left (null: never sent). */
  attempted_at: number | null;
  /** When the platform created the post (set with the receipt). */
  sent_at: number | null;
  /** 1 = the receipt is recorded but its local follow-up (conversation, SLA) has not run yet. */
  followup_pending: number;
  followup_attempts: number;
  followup_next_at: number | null;
  followup_error: string | null;
};

export function createOutboxRepo(db: Db) {
  return {
    insert(o: {
      messageId: number;
      conversationId: number;
      sourceId: number;
      idempotencyKey: string;
      body: string;
      replyToExternalId: string | null;
      now: number;
    }): number {
      const info = db
        .prepare(
          `INSERT INTO outbox (message_id, conversation_id, source_id, idempotency_key, body, reply_to_external_id, state, next_attempt_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
        )
        .run(
          o.messageId,
          o.conversationId,
          o.sourceId,
          o.idempotencyKey,
          o.body,
          o.replyToExternalId,
          o.now,
          o.now,
          o.now,
        );
      return Number(info.lastInsertRowid);
    },
    byKey(key: string): OutboxRow | null {
      return (
        db
          .prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE idempotency_key = ?')
          .get(key) ?? null
      );
    },
    byMessage(messageId: number): OutboxRow | null {
      return (
        db
          .prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE message_id = ?')
          .get(messageId) ?? null
      );
    },
    get(id: number): OutboxRow | null {
      return db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?').get(id) ?? null;
    },
    /** Rows ready for an attempt: queued or unknown (needs reconciling), due now. */
    due(now: number, limit = 20): OutboxRow[] {
      return db
        .prepare<[number, number], OutboxRow>(
          `SELECT * FROM outbox WHERE state IN ('queued','unknown') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
        )
        .all(now, limit);
    },
    /** After a crash, anything left 'sending' may or may not have reached the platform. */
    markInterruptedAsUnknown(now: number): number {
      const n = db
        .prepare(
          `UPDATE outbox SET state = 'unknown', updated_at = ?, last_error = 'interrupted (app stopped mid-send)' WHERE state = 'sending'`,
        )
        .run(now).changes;
      // Reconcile every unknown outcome right after a restart rather than after its backoff.
      db.prepare(
        `UPDATE outbox SET next_attempt_at = min(next_attempt_at, ?) WHERE state = 'unknown'`,
      ).run(now);
      return n;
    },
    interruptedMessageIds(): number[] {
      return db
        .prepare<[], { message_id: number }>(
          `SELECT message_id FROM outbox WHERE state = 'unknown'`,
        )
        .all()
        .map((r) => r.message_id);
    },
    setState(
      id: number,
      state: DeliveryState,
      f: {
        now: number;
        error?: string | null;
        nextAttemptAt?: number;
        externalId?: string | null;
        incAttempts?: boolean;
      },
    ): void {
      db.prepare(
        `UPDATE outbox SET state = ?, updated_at = ?, last_error = ?, next_attempt_at = COALESCE(?, next_attempt_at),
           external_id = COALESCE(?, external_id), attempts = attempts + ?,
           attempted_at = CASE WHEN ? = 'sending' THEN ? ELSE attempted_at END WHERE id = ?`,
      ).run(
        state,
        f.now,
        f.error ?? null,
        f.nextAttemptAt ?? null,
        f.externalId ?? null,
        f.incAttempts ? 1 : 0,
        state,
        f.now,
        id,
      );
    },
    /**
     * The receipt: the platform accepted the reply as `externalId` at `sentAt`. Only a row that is
     * not already sent is updated (polling may have matched our post first); returns whether it was.
     */
    recordReceipt(
      id: number,
      r: { externalId: string; sentAt: number; now: number; followup: boolean },
    ): boolean {
      return (
        db
          .prepare(
            `UPDATE outbox SET state = 'sent', external_id = ?, sent_at = ?, last_error = NULL, updated_at = ?,
               followup_pending = ?, followup_next_at = ?, followup_error = NULL WHERE id = ? AND state != 'sent'`,
          )
          .run(r.externalId, r.sentAt, r.now, r.followup ? 1 : 0, r.followup ? r.now : null, id)
          .changes > 0
      );
    },
    /** A reply of ours not yet recorded as sent whose text equals `body` (it may come back through polling first). */
    pendingMatch(
      conversationId: number,
      body: string,
    ): { messageId: number; outboxId: number; conversationId: number } | null {
      const r = db
        .prepare<[number, string], { message_id: number; outbox_id: number }>(
          `SELECT o.message_id, o.id AS outbox_id FROM outbox o
           WHERE o.conversation_id = ? AND o.state IN ('sending','unknown','queued') AND o.body = ? ORDER BY o.id LIMIT 1`,
        )
        .get(conversationId, body);
      return r ? { messageId: r.message_id, outboxId: r.outbox_id, conversationId } : null;
    },
    /**
     * Polling brought our own post back before the sender recorded it: the row is delivered as
     * `externalId` at `sentAt`, with its follow-up done by the caller (the ingest, same transaction).
     */
    adoptPolled(id: number, r: { externalId: string; sentAt: number; now: number }): void {
      db.prepare(
        `UPDATE outbox SET state = 'sent', external_id = ?, sent_at = ?, last_error = NULL, updated_at = ?, followup_pending = 0,
           followup_next_at = NULL, followup_error = NULL WHERE id = ?`,
      ).run(r.externalId, r.sentAt, r.now, id);
    },
    /** Delivered replies whose follow-up is due. */
    followupsDue(now: number, limit = 50): OutboxRow[] {
      return db
        .prepare<[number, number], OutboxRow>(
          `SELECT * FROM outbox WHERE followup_pending = 1 AND followup_next_at <= ? ORDER BY followup_next_at, id LIMIT ?`,
        )
        .all(now, limit);
    },
    followupDone(id: number): void {
      db.prepare(
        'UPDATE outbox SET followup_pending = 0, followup_error = NULL, followup_next_at = NULL WHERE id = ?',
      ).run(id);
    },
    followupFailed(id: number, error: string, nextAt: number): void {
      db.prepare(
        'UPDATE outbox SET followup_attempts = followup_attempts + 1, followup_error = ?, followup_next_at = ? WHERE id = ? AND followup_pending = 1',
      ).run(error, nextAt, id);
    },
    nextDueAt(): number | null {
      const r = db
        .prepare<[], { t: number | null }>(
          `SELECT min(t) AS t FROM (SELECT min(next_attempt_at) AS t FROM outbox WHERE state IN ('queued','unknown')
             UNION ALL SELECT min(followup_next_at) FROM outbox WHERE followup_pending = 1)`,
        )
        .get();
      return r?.t ?? null;
    },
  };
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
