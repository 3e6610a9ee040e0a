// electron/core/services: the outbox sender. A reply is written with its outbox row (durably) before
// any network I/O; this sender delivers it, records the platform's id, and after a crash resumes.
// An attempt whose outcome is unknown is reconciled against the platform before any resend:
// never a duplicate post, never a lost reply.
import { backoffMs } from '../../connectors/backoff';
import { getConnector } from '../../connectors/registry';
import { ConnectorError, type OutboundReply, type SourceContext } from '../../connectors/types';
import { durable, type Db } from '../../db/open';
import type { ConversationsRepo } from '../conversations/repo';
import type { MessagesRepo } from '../conversations/messagesRepo';
import type { OutboxRepo, OutboxRow } from './outboxRepo';
import type { SourcesRepo } from '../sources/repo';
import type { Clock, Logger } from '../../ports';
import type { EventBus } from '../../events';

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
  /** Attempts before a transiently failing reply is marked failed (the agent can retry it). */
  maxAttempts?: number;
  random?: () => number;
};

export function createOutboxSender(o: OutboxOptions) {
  const maxAttempts = o.maxAttempts ?? 8;
  let timer: NodeJS.Timeout | null = null;
  let again = false;
  // Timers are armed only between start() and stop(); drain() can always be called directly.
  let stopped = false;
  let started = false;
  const abort = new AbortController();

  function emit(row: OutboxRow, state: OutboxRow['state'], error: string | null) {
    o.bus.emit('outbox.changed', { messageId: row.message_id, conversationId: row.conversation_id, state, error });
    o.bus.emit('conversation.changed', { id: row.conversation_id });
  }

  function setState(row: OutboxRow, state: OutboxRow['state'], f: { error?: string | null; nextAttemptAt?: number; externalId?: string | null; incAttempts?: boolean; sentAt?: number }) {
    const now = o.clock.now();
    durable(o.db, () => {
      o.outbox.setState(row.id, state, { now, ...f });
      o.messages.setDelivery(row.message_id, state, f.error ?? null, f.externalId ?? null, state === 'sent' ? f.sentAt : undefined);
      if (state === 'sent') {
        o.conversations.markReplied(row.conversation_id, f.sentAt ?? now);
        o.onSent?.(row.conversation_id, f.sentAt ?? now);
      }
    });
    emit(row, state, f.error ?? null);
    if (state === 'sent') o.bus.emit('queue.changed', { reason: 'reply-sent', conversationIds: [row.conversation_id] });
  }

  function toReply(row: OutboxRow): OutboundReply | null {
    const conv = o.conversations.raw(row.conversation_id);
    if (!conv) return null;
    return {
      outboxId: row.id,
      conversationExternalId: conv.external_id,
      replyToExternalId: row.reply_to_external_id,
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
      try {
        const found = await connector.findSent(ctx, reply);
        if (found) {
          setState(row, 'sent', { externalId: found.externalId, sentAt: found.createdAt });
          o.logger.info('outbox reconciled: reply was already posted', { outboxId: row.id });
          return;
        }
      } catch (err) {
        const next = o.clock.now() + backoffMs(row.attempts + 1, { random: o.random, baseMs: 2000 });
        setState(row, 'unknown', { error: `Checking whether the reply was posted: ${(err as Error).message}`, nextAttemptAt: next });
        return;
      }
    }

    // Durably mark the attempt BEFORE the request leaves: a crash from here on reconciles on start.
    setState(row, 'sending', { incAttempts: true });
    try {
      const receipt = await connector.send(ctx, reply);
      setState(row, 'sent', { externalId: receipt.externalId, sentAt: receipt.createdAt });
    } catch (err) {
      const attempts = row.attempts + 1;
      const now = o.clock.now();
      if (err instanceof ConnectorError) {
        switch (err.kind) {
          case 'unknown_outcome':
            setState(row, 'unknown', { error: err.message, nextAttemptAt: now + backoffMs(1, { random: o.random, baseMs: 1000, maxMs: 30_000 }) });
            return;
          case 'rate_limited':
            setState(row, 'queued', { error: 'Rate limited; will retry', nextAttemptAt: now + Math.max(err.retryAfterMs ?? 0, 1000) });
            return;
          case 'permanent':
            setState(row, 'failed', { error: err.message });
            return;
          case 'transient':
            break;
        }
      }
      if (attempts >= maxAttempts) {
        setState(row, 'failed', { error: `Gave up after ${attempts} attempts: ${(err as Error).message}` });
      } else {
        setState(row, 'queued', { error: (err as Error).message, nextAttemptAt: now + backoffMs(attempts, { random: o.random, baseMs: 1000 }) });
      }
    }
  }

  let current: Promise<void> | null = null;
  /** Sends everything due. Concurrent calls share one run (which loops until nothing is due). */
  function drain(): Promise<void> {
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      // Yield first: `current` must be assigned before this body (and its finally) runs.
      await Promise.resolve();
      try {
        do {
          again = false;
          const rows = o.outbox.due(o.clock.now());
          for (const row of rows) {
            if (stopped) return;
            try {
              await processRow(row);
            } catch (err) {
              o.logger.error('outbox row failed unexpectedly', { outboxId: row.id, error: (err as Error).message });
            }
          }
          if (rows.length > 0) again = true;
        } while (again && !stopped);
      } finally {
        current = null;
        arm();
      }
    })();
    return current;
  }

  function arm() {
    if (stopped || !started) return;
    if (timer) clearTimeout(timer);
    const next = o.outbox.nextDueAt();
    if (next == null) return;
    timer = setTimeout(() => void drain(), Math.max(0, Math.min(next - o.clock.now(), 60_000)));
    timer.unref?.();
  }

  return {
    /** Resume after a start or a crash: rows left 'sending' become 'unknown' and get reconciled. */
    start() {
      stopped = false;
      started = true;
      const n = durable(o.db, () => o.outbox.markInterruptedAsUnknown(o.clock.now()));
      for (const id of o.outbox.interruptedMessageIds()) o.messages.setDelivery(id, 'unknown', 'interrupted (app stopped mid-send)');
      if (n > 0) o.logger.info('outbox: resuming interrupted sends', { count: n });
      void drain();
    },
    kick() {
      void drain();
    },
    drain,
    async stop() {
      stopped = true;
      abort.abort();
      if (timer) clearTimeout(timer);
    },
  };
}
export type OutboxSender = ReturnType<typeof createOutboxSender>;
