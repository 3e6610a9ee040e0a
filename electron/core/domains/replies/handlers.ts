// electron/core/domains/replies: replies go to the durable outbox first (message + outbox row + the
// optional status change, one transaction), then the sender delivers them; retry reconciles first.
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { textToHtml } from '../../text/agentText';
import { conversationChanged, type HandlerDeps } from '../deps';
import { checkReply, languageDetector } from '../guidelines/check';

export function createRepliesHandlers(
  d: HandlerDeps,
): RoomHandlers<'replies.send' | 'replies.retry'> {
  const { repos: r, bus } = d;
  return {
    'replies.send': async (
      { conversationId, body, idempotencyKey, thenStatus, override },
      call,
    ) => {
      // The only await, first: from here on the send is synchronous, so a retried Send finds the first.
      await languageDetector();
      const conv = r.conversations.get(conversationId);
      if (!conv) throw new AppError('not_found', `Conversation ${conversationId} not found`);
      const existing = r.outbox.byKey(idempotencyKey);
      if (existing) return r.messages.get(existing.message_id)!; // a retried Send: same reply, not a second
      // The source's connector decides at the door: replies at all, and its length limit.
      const caps = r.sources.get(conv.sourceId)?.capabilities;
      if (!caps?.reply)
        throw new AppError(
          'invalid_input',
          'body: replies to this conversation are made on the platform itself',
        );
      if (caps.maxReplyLength > 0 && body.length > caps.maxReplyLength) {
        throw new AppError(
          'invalid_input',
          `body: ${body.length} characters; this platform allows at most ${caps.maxReplyLength}`,
        );
      }
      // The core is the authority on the client's guideline: an error finding blocks the reply
      // unless the agent overrides it with a reason (recorded below with the reply, same transaction).
      const check = checkReply(r, conversationId, body);
      const overridden = check.blocks
        ? [...new Set(check.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId))]
        : [];
      if (check.blocks && !override) {
        throw new AppError(
          'guideline_blocked',
          `The client's guideline blocks this reply: ${check.findings
            .filter((f) => f.severity === 'error')
            .map((f) => `${f.message} [${f.ruleId}]`)
            .join('; ')}`,
        );
      }
      const messageId = d.commands.run(
        call,
        'reply.queue',
        { entity: 'conversation', id: conversationId },
        ({ actor, at }) => {
          const mid = r.messages.insertLocal({
            conversationId,
            sourceId: conv.sourceId,
            direction: 'outbound',
            authorName: actor.name,
            body,
            bodyHtml: textToHtml(body),
            at,
            deliveryState: 'queued',
          });
          r.outbox.insert({
            messageId: mid,
            conversationId,
            sourceId: conv.sourceId,
            idempotencyKey,
            body,
            replyToExternalId: null,
            now: at,
          });
          r.drafts.save(conversationId, '', at);
          if (overridden.length)
            r.guidelines.addOverride({
              clientId: conv.clientId,
              conversationId,
              messageId: mid,
              agentId: actor.id,
              at,
              reason: override!.reason,
              ruleIds: overridden,
            });
          if (thenStatus && thenStatus !== conv.status) {
            r.conversations.setStatus(conversationId, thenStatus, at, actor.id);
            d.sla.guarded(conversationId, () =>
              d.sla.statusChanged(conversationId, conv.status, thenStatus, at),
            );
          }
          return mid;
        },
        (mid) => ({
          messageId: mid,
          thenStatus: thenStatus ?? null,
          ...(overridden.length
            ? { guidelineOverride: { reason: override!.reason, ruleIds: overridden } }
            : {}),
        }),
      );
      const queued = r.messages.get(messageId)!;
      d.outbox.kick();
      conversationChanged(bus, conversationId, 'reply-queued');
      return queued;
    },
    'replies.retry': ({ messageId }, call) => {
      const row = r.outbox.byMessage(messageId);
      if (!row) throw new AppError('not_found', `No outbound reply ${messageId}`);
      if (row.state !== 'failed')
        throw new AppError('conflict', `Reply ${messageId} is ${row.state}, not failed`);
      d.commands.run(
        call,
        'reply.retry',
        { entity: 'conversation', id: row.conversation_id },
        ({ at }) => {
          // Reconcile before resending: a "failed" attempt may still have reached the platform.
          r.outbox.setState(row.id, 'unknown', { now: at, nextAttemptAt: at, error: null });
          r.messages.setDelivery(messageId, 'unknown', null);
        },
        () => ({ messageId }),
      );
      const msg = r.messages.get(messageId)!;
      d.outbox.kick();
      conversationChanged(bus, row.conversation_id, 'reply-retry');
      return msg;
    },
  };
}
