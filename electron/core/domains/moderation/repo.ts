// electron/core/domains/moderation: the moderation repository — moderation items (one per flagged
// message, each with its own queue conversation of kind 'moderation') and the durable action log the
// moderation sender executes (queued → sending → done | failed | unknown), with counts for reports.
import type {
  ModerationActionKind,
  ModerationActionState,
  ModerationAction,
  ModerationInfo,
  ModerationState,
} from '../../../../shared/domain/moderation';
import type { Db } from '../../db/open';
import { iso, isoOrNull, NO_DUE, parseJson } from '../../db/rows';

export type ModerationItemRow = {
  id: number;
  conversation_id: number;
  source_id: number;
  message_id: number | null;
  message_external_id: string;
  state: ModerationState;
  reasons_json: string;
  report_count: number;
  filed_at: number;
  updated_at: number;
  actioned_at: number | null;
};
export type ModerationActionRow = {
  id: number;
  conversation_id: number;
  source_id: number;
  client_id: number;
  message_id: number | null;
  kind: ModerationActionKind;
  reason: string | null;
  duration_minutes: number | null;
  idempotency_key: string;
  state: ModerationActionState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  platform_response: string | null;
  actor_id: number | null;
  actor_name: string;
  created_at: number;
  updated_at: number;
  done_at: number | null;
};

export const toModerationInfo = (r: ModerationItemRow): ModerationInfo => ({
  state: r.state,
  reasons: parseJson<string[]>(r.reasons_json, []),
  reportCount: r.report_count,
  filedAt: iso(r.filed_at),
  updatedAt: iso(r.updated_at),
  actionedAt: isoOrNull(r.actioned_at),
  messageId: r.message_id,
});

export const toModerationAction = (r: ModerationActionRow): ModerationAction => ({
  id: r.id,
  conversationId: r.conversation_id,
  messageId: r.message_id,
  kind: r.kind,
  reason: r.reason,
  durationMinutes: r.duration_minutes,
  state: r.state,
  attempts: r.attempts,
  error: r.last_error,
  platformResponse: r.platform_response,
  actorId: r.actor_id,
  actorName: r.actor_name,
  createdAt: iso(r.created_at),
  doneAt: isoOrNull(r.done_at),
});

export function createModerationRepo(db: Db) {
  const itemByMessage = db.prepare<[number, string], ModerationItemRow>(
    'SELECT * FROM moderation_items WHERE source_id = ? AND message_external_id = ?',
  );
  const itemByConv = db.prepare<[number], ModerationItemRow>(
    'SELECT * FROM moderation_items WHERE conversation_id = ?',
  );
  const convInsert = db.prepare(
    `INSERT INTO conversations (client_id, source_id, external_id, kind, work_kind, title, url, status, member_id,
       created_at, last_message_at, last_inbound_at, message_count, snippet, due_at)
     VALUES (?, ?, ?, ?, 'moderation', ?, ?, 'new', ?, ?, ?, ?, 1, ?, ?)`,
  );
  const itemInsert = db.prepare(
    `INSERT INTO moderation_items (conversation_id, source_id, message_id, message_external_id, state, reasons_json, report_count, filed_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const itemUpdate = db.prepare(
    `UPDATE moderation_items SET state = ?, reasons_json = ?, report_count = ?, updated_at = ?, message_id = COALESCE(message_id, ?) WHERE id = ?`,
  );
  const actionByKey = db.prepare<[string], ModerationActionRow>(
    'SELECT * FROM moderation_actions WHERE idempotency_key = ?',
  );
  const actionById = db.prepare<[number], ModerationActionRow>(
    'SELECT * FROM moderation_actions WHERE id = ?',
  );

  return {
    itemByMessage(sourceId: number, messageExternalId: string): ModerationItemRow | null {
      return itemByMessage.get(sourceId, messageExternalId) ?? null;
    },
    itemByConversation(conversationId: number): ModerationItemRow | null {
      return itemByConv.get(conversationId) ?? null;
    },
    /**
     * Files a new moderation item: its queue conversation (kind 'moderation', external id
     * `moderation:<message id>`, title and snippet from the flagged message) and the item row.
     * Returns the conversation id.
     */
    file(f: {
      clientId: number;
      sourceId: number;
      platformKind: string;
      messageId: number | null;
      messageExternalId: string;
      title: string;
      url: string | null;
      memberId: number;
      messageAt: number;
      snippet: string;
      state: ModerationState;
      reasons: string[];
      reportCount: number;
      now: number;
    }): number {
      const info = convInsert.run(
        f.clientId,
        f.sourceId,
        `moderation:${f.messageExternalId}`,
        f.platformKind,
        f.title,
        f.url,
        f.memberId,
        f.now,
        f.messageAt,
        f.messageAt,
        f.snippet,
        NO_DUE,
      );
      const convId = Number(info.lastInsertRowid);
      itemInsert.run(
        convId,
        f.sourceId,
        f.messageId,
        f.messageExternalId,
        f.state,
        JSON.stringify(f.reasons),
        f.reportCount,
        f.now,
        f.now,
      );
      return convId;
    },
    /** New state, reasons or report count from the platform (re-delivery of the same message). */
    update(
      id: number,
      u: {
        state: ModerationState;
        reasons: string[];
        reportCount: number;
        messageId: number | null;
        now: number;
      },
    ): void {
      itemUpdate.run(u.state, JSON.stringify(u.reasons), u.reportCount, u.now, u.messageId, id);
    },
    /** A new cycle after the item was solved (new reports): not actioned yet. */
    resetActioned(id: number): void {
      db.prepare('UPDATE moderation_items SET actioned_at = NULL WHERE id = ?').run(id);
    },
    /** The first action done in this cycle; returns whether this was the first. */
    markActioned(conversationId: number, at: number): boolean {
      return (
        db
          .prepare(
            'UPDATE moderation_items SET actioned_at = ? WHERE conversation_id = ? AND actioned_at IS NULL',
          )
          .run(at, conversationId).changes > 0
      );
    },

    // ---- actions
    insertAction(a: {
      conversationId: number;
      sourceId: number;
      clientId: number;
      messageId: number | null;
      kind: ModerationActionKind;
      reason: string | null;
      durationMinutes: number | null;
      idempotencyKey: string;
      actorId: number;
      actorName: string;
      now: number;
    }): number {
      const info = db
        .prepare(
          `INSERT INTO moderation_actions (conversation_id, source_id, client_id, message_id, kind, reason, duration_minutes, idempotency_key, state,
             next_attempt_at, actor_id, actor_name, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
        )
        .run(
          a.conversationId,
          a.sourceId,
          a.clientId,
          a.messageId,
          a.kind,
          a.reason,
          a.durationMinutes,
          a.idempotencyKey,
          a.now,
          a.actorId,
          a.actorName,
          a.now,
          a.now,
        );
      return Number(info.lastInsertRowid);
    },
    actionByKey(key: string): ModerationActionRow | null {
      return actionByKey.get(key) ?? null;
    },
    action(id: number): ModerationActionRow | null {
      return actionById.get(id) ?? null;
    },
    actionsFor(conversationId: number, limit = 200): ModerationActionRow[] {
      return db
        .prepare<[number, number], ModerationActionRow>(
          'SELECT * FROM moderation_actions WHERE conversation_id = ? ORDER BY id DESC LIMIT ?',
        )
        .all(conversationId, limit);
    },
    /** Actions ready for an attempt: queued or unknown, due now. */
    dueActions(now: number, limit = 20): ModerationActionRow[] {
      return db
        .prepare<[number, number], ModerationActionRow>(
          `SELECT * FROM moderation_actions WHERE state IN ('queued','unknown') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
        )
        .all(now, limit);
    },
    nextDueAt(): number | null {
      return (
        db
          .prepare<[], { t: number | null }>(
            `SELECT min(next_attempt_at) AS t FROM moderation_actions WHERE state IN ('queued','unknown')`,
          )
          .get()?.t ?? null
      );
    },
    setActionState(
      id: number,
      state: ModerationActionState,
      f: {
        now: number;
        error?: string | null;
        nextAttemptAt?: number;
        incAttempts?: boolean;
        response?: string | null;
      },
    ): void {
      db.prepare(
        `UPDATE moderation_actions SET state = ?, updated_at = ?, last_error = ?, next_attempt_at = COALESCE(?, next_attempt_at),
           attempts = attempts + ?, platform_response = COALESCE(?, platform_response), done_at = CASE WHEN ? = 'done' THEN ? ELSE done_at END
         WHERE id = ?`,
      ).run(
        state,
        f.now,
        f.error ?? null,
        f.nextAttemptAt ?? null,
        f.incAttempts ? 1 : 0,
        f.response ?? null,
        state,
        f.now,
        id,
      );
    },
    /** After a crash, an action left 'sending' may or may not have been applied: unknown, due now. */
    markInterruptedAsUnknown(now: number): number {
      return db
        .prepare(
          `UPDATE moderation_actions SET state = 'unknown', updated_at = ?, next_attempt_at = ?, last_error = 'interrupted (app stopped mid-action)' WHERE state = 'sending'`,
        )
        .run(now, now).changes;
    },
    /**
     * Actions done on the platform in [from, to), per client and per action kind (reports). An
     * action counts in the period in which it was done; failed, pending and unknown ones do not.
     */
    /** Done actions in [from, to) per client, platform and kind (`moderation.counts` sums the platforms). */
    counts(f: {
      clientId?: number;
      from: number;
      to: number;
    }): Array<{ clientId: number; platform: string; kind: ModerationActionKind; count: number }> {
      const where = f.clientId != null ? 'AND a.client_id = ?' : '';
      const params: unknown[] = [f.from, f.to];
      if (f.clientId != null) params.push(f.clientId);
      return db
        .prepare<
          unknown[],
          { clientId: number; platform: string; kind: ModerationActionKind; count: number }
        >(
          `SELECT a.client_id AS clientId, s.platform AS platform, a.kind AS kind, count(*) AS count
           FROM moderation_actions a JOIN sources s ON s.id = a.source_id
           WHERE a.state = 'done' AND a.done_at >= ? AND a.done_at < ? ${where}
           GROUP BY a.client_id, s.platform, a.kind ORDER BY a.client_id, s.platform, a.kind`,
        )
        .all(...params);
    },
  };
}
export type ModerationRepo = ReturnType<typeof createModerationRepo>;
