// electron/core/domains/moderation: the moderation room. `moderation.act` checks the action against
// the source's capabilities, writes the action row and its audit event (acting agent, what, when,
// why) in one command, and hands it to the moderation sender; the same idempotency key never queues
// a second action. `moderation.retry` re-queues a failed one; `list` and `counts` are reads.
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { TAKES_DURATION, type ModerationActionKind } from '../../../../shared/domain/moderation';
import type { HandlerDeps } from '../deps';
import { toModerationAction, toModerationInfo } from './repo';

type Methods = 'moderation.act' | 'moderation.retry' | 'moderation.list' | 'moderation.counts';

export function createModerationHandlers(d: HandlerDeps): RoomHandlers<Methods> {
  const { repos: r, bus } = d;
  const changed = (conversationId: number, reason: string) => {
    bus.emit('conversation.changed', { id: conversationId });
    bus.emit('queue.changed', { reason, conversationIds: [conversationId] });
  };
  return {
    'moderation.act': (input, call) => {
      const existing = r.moderation.actionByKey(input.idempotencyKey);
      if (existing) {
        if (existing.conversation_id !== input.conversationId || existing.kind !== input.kind)
          throw new AppError('conflict', 'This idempotency key was used for another action');
        return toModerationAction(existing); // a retried click: the same action, not a second one
      }
      const conv = r.conversations.get(input.conversationId);
      if (!conv) throw new AppError('not_found', `Conversation ${input.conversationId} not found`);
      const source = r.sources.get(conv.sourceId);
      if (!source) throw new AppError('not_found', `Source ${conv.sourceId} not found`);
      if (!source.capabilities.moderation.includes(input.kind)) {
        throw new AppError(
          'invalid_input',
          `kind: ${source.name} cannot ${input.kind} (it offers: ${source.capabilities.moderation.join(', ') || 'no moderation actions'})`,
        );
      }
      if (input.durationMinutes != null && !TAKES_DURATION.has(input.kind))
        throw new AppError('invalid_input', `durationMinutes: ${input.kind} takes no duration`);
      const item = conv.kind === 'moderation' ? r.moderation.itemByConversation(conv.id) : null;
      const messageId = input.messageId ?? item?.message_id ?? null;
      if (messageId != null) {
        const ref = r.messages.platformRef(messageId);
        const belongs = ref && (ref.conversationId === conv.id || messageId === item?.message_id);
        if (!belongs)
          throw new AppError(
            'invalid_input',
            `messageId: message ${messageId} is not part of conversation ${conv.id}`,
          );
        if (!ref.externalId)
          throw new AppError(
            'invalid_input',
            `messageId: message ${messageId} is not on the platform (a local reply or note)`,
          );
      }
      const id = d.commands.run(
        call,
        'moderation.act',
        { entity: 'conversation', id: conv.id },
        ({ actor, at }) =>
          r.moderation.insertAction({
            conversationId: conv.id,
            sourceId: conv.sourceId,
            clientId: conv.clientId,
            messageId,
            kind: input.kind,
            reason: input.reason || null,
            durationMinutes: input.durationMinutes ?? null,
            idempotencyKey: input.idempotencyKey,
            actorId: actor.id,
            actorName: actor.name,
            now: at,
          }),
        (actionId) => ({
          actionId,
          kind: input.kind,
          messageId,
          reason: input.reason || null,
          durationMinutes: input.durationMinutes ?? null,
        }),
      );
      d.moderation.kick();
      changed(conv.id, 'moderation-queued');
      return toModerationAction(r.moderation.action(id)!);
    },
    'moderation.retry': ({ actionId }, call) => {
      const row = r.moderation.action(actionId);
      if (!row) throw new AppError('not_found', `No moderation action ${actionId}`);
      if (row.state !== 'failed')
        throw new AppError('conflict', `Action ${actionId} is ${row.state}, not failed`);
      d.commands.run(
        call,
        'moderation.retry',
        { entity: 'conversation', id: row.conversation_id },
        ({ at }) => {
          r.moderation.setActionState(row.id, 'queued', {
            now: at,
            nextAttemptAt: at,
            error: null,
          });
        },
        () => ({ actionId, kind: row.kind }),
      );
      d.moderation.kick();
      changed(row.conversation_id, 'moderation-retry');
      return toModerationAction(r.moderation.action(actionId)!);
    },
    'moderation.list': ({ conversationId }) => {
      const item = r.moderation.itemByConversation(conversationId);
      return {
        item: item ? toModerationInfo(item) : null,
        actions: r.moderation.actionsFor(conversationId).map(toModerationAction),
      };
    },
    'moderation.counts': ({ clientId, from, to }) => {
      const a = Date.parse(from);
      const b = Date.parse(to);
      if (!(b > a)) throw new AppError('invalid_input', 'to: must be after from');
      // Summed over platforms, per client and kind (rows arrive ordered by client, platform, kind).
      const sum = new Map<
        string,
        { clientId: number; kind: ModerationActionKind; count: number }
      >();
      for (const c of r.moderation.counts({ clientId, from: a, to: b })) {
        const k = `${c.clientId}/${c.kind}`;
        const row = sum.get(k) ?? { clientId: c.clientId, kind: c.kind, count: 0 };
        row.count += c.count;
        sum.set(k, row);
      }
      return [...sum.values()].sort(
        (x, y) => x.clientId - y.clientId || x.kind.localeCompare(y.kind),
      );
    },
  };
}
