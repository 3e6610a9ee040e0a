// electron/core/domains/moderation: the moderation sender. An action is written durably with its
// audit event before any network I/O (moderation.act); this sender executes it like the reply
// outbox: the row is durably 'sending' before the request leaves, then 'done' with the platform's
// response (redacted), 'failed' with the reason, or 'unknown' when the response was lost.
//
// Unknown outcomes are RE-APPLIED, not reconciled: every connector's `moderate` is idempotent on the
// platform (Reddit: approve/remove/lock/ban set a state, a repeat leaves the same state; Discord:
// DELETE of a deleted message and of a lifted ban answer 404, read as "already done", a timeout
// PATCH sets an absolute end time, a ban PUT and a reaction PUT are idempotent; Discourse: approve and
// remove read the review item before acting, a repeated delete/silence/suspend is read back as "already
// done", closing a closed topic changes nothing — see connectors/discourse/moderate.ts). So a retry after
// an unknown outcome cannot apply an action twice. Its local follow-up (the item's first action
// recorded, time_to_action fulfilled, the item solved after approve/remove/delete) runs in the same
// transaction as 'done', and never causes a resend.
import { backoffMs } from '../../connectors/backoff';
import { getConnector } from '../../connectors/registry';
import { redactSecrets } from '../../connectors/redact';
import {
  ConnectorError,
  type ModerationKind,
  type ModerationRequest,
  type SourceContext,
} from '../../connectors/types';
import { durable, type Db } from '../../db/open';
import type { EventBus } from '../../events';
import type { Clock, Logger } from '../../ports';
import { createDrainLoop } from '../drainLoop';
import type { AuditRepo } from '../audit/repo';
import type { MessagesRepo } from '../conversations/messagesRepo';
import type { ConversationsRepo } from '../conversations/repo';
import type { SlaEngine } from '../sla/engine';
import type { SourcesRepo } from '../sources/repo';
import type { ModerationActionRow, ModerationRepo } from './repo';

/** Actions that settle the flagged content: a moderation item is solved once one is done. */
const SETTLES: ReadonlySet<string> = new Set(['approve', 'remove', 'delete']);
const MAX_RESPONSE = 1000;

export type ModerationSenderOptions = {
  db: Db;
  moderation: ModerationRepo;
  messages: MessagesRepo;
  conversations: ConversationsRepo;
  sources: SourcesRepo;
  audit: AuditRepo;
  sla: SlaEngine;
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  contextFor(sourceId: number, signal: AbortSignal): SourceContext | null;
  maxAttempts?: number;
  random?: () => number;
};

export function createModerationSender(o: ModerationSenderOptions) {
  const maxAttempts = o.maxAttempts ?? 6;
  const abort = new AbortController();

  function emit(
    row: ModerationActionRow,
    state: ModerationActionRow['state'],
    error: string | null,
  ) {
    o.bus.emit('moderation.changed', {
      actionId: row.id,
      conversationId: row.conversation_id,
      state,
      error,
    });
    o.bus.emit('conversation.changed', { id: row.conversation_id });
  }

  function setState(
    row: ModerationActionRow,
    state: 'queued' | 'sending' | 'unknown' | 'failed',
    f: { error?: string | null; nextAttemptAt?: number; incAttempts?: boolean },
  ) {
    durable(o.db, () => {
      o.moderation.setActionState(row.id, state, { now: o.clock.now(), ...f });
      if (state === 'failed') audit(row, 'failed', f.error ?? null, null);
    });
    emit(row, state, f.error ?? null);
  }

  function audit(
    row: ModerationActionRow,
    outcome: 'done' | 'failed',
    error: string | null,
    response: string | null,
  ) {
    o.audit.add({
      at: o.clock.now(),
      actorId: row.actor_id,
      actor: row.actor_name,
      action: 'moderation.result',
      entity: 'conversation',
      entityId: row.conversation_id,
      data: { actionId: row.id, kind: row.kind, outcome, error, platformResponse: response },
    });
  }

  /** The platform applied the action: done + its follow-up, one durable transaction. */
  function done(row: ModerationActionRow, response: string) {
    const at = o.clock.now();
    let solved = false;
    durable(o.db, () => {
      o.moderation.setActionState(row.id, 'done', { now: at, response });
      audit(row, 'done', null, response);
      const conv = o.conversations.raw(row.conversation_id);
      if (conv?.work_kind === 'moderation') {
        if (o.moderation.markActioned(row.conversation_id, at))
          o.sla.guarded(row.conversation_id, () => o.sla.actioned(row.conversation_id, at));
        if (SETTLES.has(row.kind) && conv.status !== 'solved') {
          o.conversations.setStatus(row.conversation_id, 'solved', at, row.actor_id);
          o.sla.guarded(row.conversation_id, () =>
            o.sla.statusChanged(row.conversation_id, conv.status as 'new', 'solved', at),
          );
          solved = true;
        }
      }
    });
    emit(row, 'done', null);
    o.bus.emit('queue.changed', {
      reason: solved ? 'moderation-solved' : 'moderation-done',
      conversationIds: [row.conversation_id],
    });
  }

  /** What the connector is asked to do: the platform ids and the stored meta of the message and its conversation. */
  function requestOf(row: ModerationActionRow): ModerationRequest | null {
    const conv = o.conversations.raw(row.conversation_id);
    if (!conv) return null;
    const ref = row.message_id != null ? o.messages.platformRef(row.message_id) : null;
    // A moderation item's own conversation is Steward's; the platform's is the flagged message's.
    const platformConvId = ref ? ref.conversationId : row.conversation_id;
    const platformConv = o.conversations.raw(platformConvId);
    const member = conv.member_id != null ? o.conversations.member(conv.member_id) : null;
    return {
      kind: row.kind as ModerationKind,
      conversationExternalId: platformConv?.external_id ?? conv.external_id,
      messageExternalId: ref?.externalId ?? null,
      memberExternalId: ref?.memberExternalId ?? member?.externalId ?? null,
      reason: row.reason,
      durationMinutes: row.duration_minutes,
      idempotencyKey: row.idempotency_key,
      meta: { ...(o.conversations.meta(platformConvId) ?? {}), ...(ref?.meta ?? {}) },
    };
  }

  async function processRow(row: ModerationActionRow): Promise<void> {
    const rec = o.sources.record(row.source_id);
    const ctx = rec ? o.contextFor(row.source_id, abort.signal) : null;
    const req = requestOf(row);
    if (!rec || !ctx || !req)
      return setState(row, 'failed', { error: 'The source or conversation no longer exists' });
    const connector = getConnector(rec.platform);
    if (!connector.moderate || !connector.capabilities.moderation.includes(req.kind)) {
      return setState(row, 'failed', { error: `This source cannot ${row.kind}` });
    }
    const secrets = [ctx.secret, ...Object.values(ctx.secrets ?? {})];
    setState(row, 'sending', { incAttempts: true });
    let response: string;
    try {
      response = (await connector.moderate(ctx, req)).platformResponse;
    } catch (caught) {
      const message = redactSecrets(
        caught instanceof Error ? caught.message : String(caught),
        secrets,
      ).slice(0, 500);
      const attempts = row.attempts + 1;
      const now = o.clock.now();
      if (caught instanceof ConnectorError) {
        if (caught.kind === 'unknown_outcome')
          return setState(row, 'unknown', {
            error: message,
            nextAttemptAt: now + backoffMs(1, { random: o.random, baseMs: 1000, maxMs: 30_000 }),
          });
        if (caught.kind === 'rate_limited')
          return setState(row, 'queued', {
            error: 'Rate limited; will retry',
            nextAttemptAt: now + Math.max(caught.retryAfterMs ?? 0, 1000),
          });
        if (caught.kind === 'permanent') return setState(row, 'failed', { error: message });
      }
      if (attempts >= maxAttempts)
        return setState(row, 'failed', { error: `Gave up after ${attempts} attempts: ${message}` });
      return setState(row, 'queued', {
        error: message,
        nextAttemptAt: now + backoffMs(attempts, { random: o.random, baseMs: 1000 }),
      });
    }
    try {
      done(row, redactSecrets(String(response ?? ''), secrets).slice(0, MAX_RESPONSE));
    } catch (err) {
      // Applied, but not recorded: unknown, and the re-apply is idempotent on the platform.
      o.logger.error(
        'moderation: could not record a done action; it will be re-applied (idempotent)',
        { actionId: row.id, error: (err as Error)?.message },
      );
      try {
        setState(row, 'unknown', {
          error: 'Applied, but recording it failed',
          nextAttemptAt: o.clock.now() + 5000,
        });
      } catch {
        // Left 'sending': the next start marks it unknown.
      }
    }
  }

  const loop = createDrainLoop<ModerationActionRow>({
    clock: o.clock,
    logger: o.logger,
    what: 'moderation action',
    due: (now, limit) => o.moderation.dueActions(now, limit),
    nextDueAt: () => o.moderation.nextDueAt(),
    process: processRow,
  });

  return {
    /** After a crash, actions left 'sending' become 'unknown' (re-applied: idempotent on the platform). */
    start() {
      const n = durable(o.db, () => o.moderation.markInterruptedAsUnknown(o.clock.now()));
      if (n > 0) o.logger.info('moderation: resuming interrupted actions', { count: n });
      loop.start();
    },
    kick() {
      void loop.drain();
    },
    drain: loop.drain,
    async stop() {
      loop.stop();
      abort.abort();
    },
  };
}
export type ModerationSender = ReturnType<typeof createModerationSender>;
