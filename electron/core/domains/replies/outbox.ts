// electron/core/services: the outbox sender. A reply is written with its outbox row (durably) before
// any network I/O; this sender delivers it, records the platform's id, and after a crash resumes.
// An attempt whose outcome is unknown is reconciled against the platform before any resend:
// never a duplicate post, never a lost reply.
//
// Once the platform accepted a post, nothing local can turn it into a resend:
//   1. receipt: the row and the message become 'sent' with the platform id, alone in one durable
//      transaction (a colliding platform id is reconciled there, not retried);
//   2. follow-up: conversation marked replied + SLA hook, a durable job of its own
//      (outbox.followup_pending) retried with backoff by this sender when it fails.
// A crash between the send and the receipt leaves the row 'sending': start() makes it 'unknown',
// which is reconciled with connector.findSent. A failure to record the receipt does the same.
import { withReason } from '../../../../shared/reasons';
import { backoffMs } from '../../connectors/backoff';
import { getConnector } from '../../connectors/registry';
import { redactSecrets } from '../../connectors/redact';
import { ConnectorError, type OutboundReply, type SourceContext } from '../../connectors/types';
import { durable, type Db } from '../../db/open';
import type { ConversationsRepo } from '../conversations/repo';
import type { MessagesRepo } from '../conversations/messagesRepo';
import type { OutboxRepo, OutboxRow } from './outboxRepo';
import type { SourcesRepo } from '../sources/repo';
import type { Clock, Logger } from '../../ports';
import type { EventBus } from '../../events';
import { createDrainLoop } from '../drainLoop';

export type OutboxOptions = {
  db: Db;
  outbox: OutboxRepo;
  messages: MessagesRepo;
  conversations: ConversationsRepo;
  sources: SourcesRepo;
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  contextFor(sourceId: number, signal: AbortSignal): SourceContext | null;
  /** A reply reached the platform at `at` (the SLA engine fulfils reply clocks). */
  onSent?(conversationId: number, at: number): void;
  /**
   * How long after an attempt left its request may still be applied by the platform (a connector's
   * request timeout plus the platform's own processing): a negative reconciliation within this
   * window does not allow a resend yet.
   */
  inFlightMs?: number;
  /** Attempts before a transiently failing reply is marked failed (the agent can retry it). */
  maxAttempts?: number;
  random?: () => number;
};

/** Default in-flight window: connectors time requests out after 20 s; 30 s leaves the platform 10 s more. */
export const IN_FLIGHT_MS = 30_000;

export function createOutboxSender(o: OutboxOptions) {
  const maxAttempts = o.maxAttempts ?? 8;
  const inFlightMs = o.inFlightMs ?? IN_FLIGHT_MS;
  const abort = new AbortController();

  function emit(row: OutboxRow, state: OutboxRow['state'], error: string | null) {
    o.bus.emit('outbox.changed', {
      messageId: row.message_id,
      conversationId: row.conversation_id,
      state,
      error,
    });
    o.bus.emit('conversation.changed', { id: row.conversation_id });
  }

  /** A delivery state other than 'sent' (a receipt goes through recordReceipt). */
  function setState(
    row: OutboxRow,
    state: Exclude<OutboxRow['state'], 'sent'>,
    f: { error?: string | null; nextAttemptAt?: number; incAttempts?: boolean },
  ) {
    const now = o.clock.now();
    durable(o.db, () => {
      o.outbox.setState(row.id, state, { now, ...f });
      o.messages.setDelivery(row.message_id, state, f.error ?? null);
    });
    emit(row, state, f.error ?? null);
  }

  /**
   * The receipt, in its own minimal durable transaction: the outbox row becomes 'sent' with the
   * platform's id, and so does the message. A platform id already stored in this source is
   * reconciled, never retried: a copy of our own post that polling stored first is replaced by our
   * reply (its conversation and SLA effects were already applied by the ingest, so no follow-up); any
   * other holder keeps the id and our reply is recorded as sent without it. Returns whether a
   * follow-up is due.
   */
  function recordReceipt(
    row: OutboxRow,
    receipt: { externalId: string; createdAt: number },
  ): boolean {
    const now = o.clock.now();
    return durable(o.db, () => {
      const current = o.outbox.get(row.id);
      if (!current || current.state === 'sent') return false; // polling matched our post first: already recorded
      let followup = true;
      let externalId: string | null = receipt.externalId;
      const holder = o.messages.externalHolder(row.source_id, receipt.externalId);
      if (holder && holder.id !== row.message_id) {
        if (
          holder.direction === 'outbound' &&
          !holder.fromOutbox &&
          holder.conversationId === row.conversation_id
        ) {
          o.messages.remove(holder.id);
          followup = false;
          o.logger.info('outbox: adopted the copy of our reply that polling stored first', {
            outboxId: row.id,
          });
        } else {
          externalId = null;
          o.logger.warn(
            'outbox: the platform id of a delivered reply is already held by another stored message; kept both',
            { outboxId: row.id, messageId: holder.id },
          );
        }
      }
      o.outbox.recordReceipt(row.id, {
        externalId: receipt.externalId,
        sentAt: receipt.createdAt,
        now,
        followup,
      });
      o.messages.setDelivery(row.message_id, 'sent', null, externalId, receipt.createdAt);
      return followup;
    });
  }

  /**
   * The follow-up of a delivered reply (conversation marked replied, SLA clocks fulfilled), one
   * transaction. Its failure is logged and retried with backoff on its own; it never touches the
   * delivery, so it can never cause a resend.
   */
  function runFollowup(id: number) {
    const row = o.outbox.get(id);
    if (!row || row.followup_pending !== 1) return;
    const at = row.sent_at ?? row.updated_at;
    try {
      durable(o.db, () => {
        o.conversations.markReplied(row.conversation_id, at);
        o.onSent?.(row.conversation_id, at);
        o.outbox.followupDone(row.id);
      });
    } catch (err) {
      const attempts = row.followup_attempts + 1;
      const message = redact((err as Error)?.message ?? String(err), row.source_id);
      try {
        o.outbox.followupFailed(
          row.id,
          message.slice(0, 500),
          o.clock.now() + backoffMs(attempts, { random: o.random, baseMs: 2000, maxMs: 3_600_000 }),
        );
      } catch (err2) {
        o.logger.error('outbox: could not record a failed follow-up', {
          outboxId: row.id,
          error: (err2 as Error)?.message,
        });
      }
      o.logger.warn(
        'outbox: follow-up of a delivered reply failed; will retry it (the reply is not sent again)',
        { outboxId: row.id, attempts, error: message.slice(0, 300) },
      );
      return;
    }
    o.bus.emit('conversation.changed', { id: row.conversation_id });
    o.bus.emit('queue.changed', { reason: 'reply-sent', conversationIds: [row.conversation_id] });
  }

  /** The platform has the post. From here on nothing may lead to a resend. */
  function accepted(
    row: OutboxRow,
    receipt: { externalId: string; createdAt: number },
    how: 'sent' | 'reconciled',
  ) {
    let followup: boolean;
    try {
      followup = recordReceipt(row, receipt);
    } catch (err) {
      // Not recorded (disk full, a bug): reconcile later (findSent finds the post), never resend.
      const message =
        `Delivered, but recording the delivery failed: ${redact((err as Error)?.message ?? String(err), row.source_id)}`.slice(
          0,
          500,
        );
      o.logger.error(
        'outbox: could not record a delivered reply; it will be reconciled, not resent',
        { outboxId: row.id, error: message },
      );
      try {
        setState(row, 'unknown', {
          error: message,
          nextAttemptAt:
            o.clock.now() +
            backoffMs(row.attempts + 1, { random: o.random, baseMs: 2000, maxMs: 300_000 }),
        });
      } catch (err2) {
        // The row stays 'sending': the next start marks it unknown and reconciles it.
        o.logger.error('outbox: could not mark the reply for reconciliation', {
          outboxId: row.id,
          error: (err2 as Error)?.message,
        });
      }
      return;
    }
    if (how === 'reconciled')
      o.logger.info('outbox reconciled: reply was already posted', { outboxId: row.id });
    emit(row, 'sent', null);
    if (followup) runFollowup(row.id);
    else
      o.bus.emit('queue.changed', { reason: 'reply-sent', conversationIds: [row.conversation_id] });
  }

  const redact = (text: string, sourceId: number) => {
    const ctx = o.contextFor(sourceId, abort.signal);
    return redactSecrets(text, [ctx?.secret]);
  };

  function toReply(row: OutboxRow): OutboundReply | null {
    const conv = o.conversations.raw(row.conversation_id);
    if (!conv) return null;
    // The message answered: the one the agent chose, else the latest inbound message; both with
    // the platform meta the connector stored (channel ids, post numbers, mail headers…).
    const target = row.reply_to_external_id
      ? {
          externalId: row.reply_to_external_id,
          meta: o.messages.metaByExternal(row.source_id, row.reply_to_external_id),
        }
      : o.messages.latestInbound(row.conversation_id);
    return {
      outboxId: row.id,
      conversationExternalId: conv.external_id,
      replyToExternalId: target?.externalId ?? null,
      conversationMeta: o.conversations.meta(row.conversation_id),
      replyToMeta: target?.meta,
      body: row.body,
      idempotencyKey: row.idempotency_key,
      queuedAt: row.created_at,
    };
  }

  async function processRow(row: OutboxRow): Promise<void> {
    const ctx = o.contextFor(row.source_id, abort.signal);
    const reply = toReply(row);
    if (!ctx || !reply) {
      setState(row, 'failed', { error: 'The source or conversation no longer exists' });
      return;
    }
    const connector = getConnector(o.sources.record(row.source_id)!.platform);

    if (row.state === 'unknown') {
      // Reconcile first: did the earlier attempt reach the platform?
      let found: Awaited<ReturnType<typeof connector.findSent>>;
      try {
        found = await connector.findSent(ctx, reply);
      } catch (err) {
        const next =
          o.clock.now() + backoffMs(row.attempts + 1, { random: o.random, baseMs: 2000 });
        setState(row, 'unknown', {
          error: `Checking whether the reply was posted: ${redactSecrets((err as Error).message, [ctx.secret])}`,
          nextAttemptAt: next,
        });
        return;
      }
      if (found) return accepted(row, found, 'reconciled');
      // Nothing found — but an attempt made moments ago (by a process that was killed mid-request,
      // or one that timed out) may still be applied by the platform after this read. Resend only
      // once that attempt can no longer be in flight.
      const settledAt = row.attempted_at == null ? 0 : row.attempted_at + inFlightMs;
      if (o.clock.now() < settledAt) {
        setState(row, 'unknown', {
          error: 'Waiting for an earlier attempt that may still reach the platform',
          nextAttemptAt: settledAt,
        });
        return;
      }
    }

    // Render for the platform before anything leaves: content it cannot take (too long, empty) fails
    // the reply with a translatable reason, and nothing is sent.
    reply.content = { markdown: reply.body };
    const rendered = connector.render(reply.content);
    if (!rendered.ok) {
      setState(row, 'failed', {
        error: withReason(rendered.reason, rendered.message).slice(0, 500),
      });
      return;
    }

    // Durably mark the attempt BEFORE the request leaves: a crash from here on reconciles on start.
    setState(row, 'sending', { incAttempts: true });
    let receipt: Awaited<ReturnType<typeof connector.send>>;
    try {
      receipt = await connector.send(ctx, reply);
    } catch (caught) {
      const err = caught instanceof Error ? caught : new Error(String(caught));
      err.message = redactSecrets(err.message, [ctx.secret]);
      const attempts = row.attempts + 1;
      const now = o.clock.now();
      if (err instanceof ConnectorError) {
        switch (err.kind) {
          case 'unknown_outcome':
            setState(row, 'unknown', {
              error: err.message,
              nextAttemptAt: now + backoffMs(1, { random: o.random, baseMs: 1000, maxMs: 30_000 }),
            });
            return;
          case 'rate_limited':
            setState(row, 'queued', {
              error: 'Rate limited; will retry',
              nextAttemptAt: now + Math.max(err.retryAfterMs ?? 0, 1000),
            });
            return;
          case 'permanent':
            setState(row, 'failed', { error: err.message });
            return;
          case 'transient':
            break;
        }
      }
      if (attempts >= maxAttempts) {
        setState(row, 'failed', {
          error: `Gave up after ${attempts} attempts: ${(err as Error).message}`,
        });
      } else {
        setState(row, 'queued', {
          error: (err as Error).message,
          nextAttemptAt: now + backoffMs(attempts, { random: o.random, baseMs: 1000 }),
        });
      }
      return;
    }
    // Outside the try above: whatever happens while recording, the send is never treated as failed.
    accepted(row, receipt, 'sent');
  }

  // Timers are armed only between start() and stop(); drain() can always be called directly.
  const loop = createDrainLoop<OutboxRow>({
    clock: o.clock,
    logger: o.logger,
    what: 'outbox row',
    due: (now, limit) => o.outbox.due(now, limit),
    nextDueAt: () => o.outbox.nextDueAt(),
    process: processRow,
    beforePass(seen, stopped) {
      for (const f of o.outbox.followupsDue(o.clock.now())) {
        if (stopped()) return;
        if (seen.has(f.id)) continue;
        seen.add(f.id);
        runFollowup(f.id);
      }
    },
  });

  return {
    /** Resume after a start or a crash: rows left 'sending' become 'unknown' and get reconciled. */
    start() {
      const n = durable(o.db, () => o.outbox.markInterruptedAsUnknown(o.clock.now()));
      for (const id of o.outbox.interruptedMessageIds())
        o.messages.setDelivery(id, 'unknown', 'interrupted (app stopped mid-send)');
      if (n > 0) o.logger.info('outbox: resuming interrupted sends', { count: n });
      loop.start();
    },
    kick() {
      void loop.drain();
    },
    /** Sends everything due. Concurrent calls share one run (which loops until nothing is due). */
    drain: loop.drain,
    async stop() {
      loop.stop();
      abort.abort();
    },
  };
}
export type OutboxSender = ReturnType<typeof createOutboxSender>;
