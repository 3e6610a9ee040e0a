// electron/core/domains/tags: the tag catalogue's contract methods. Every change is a named command
// (one durable transaction with its audit event). A rename or merge also rewrites the SLA policy tag
// conditions naming the tag and goes through applySlaChange (all or nothing, the open clocks of the
// client re-targeted), so a policy that matched by the old name keeps matching the same work.
import { tagKey, type FeedbackKind } from '../../../../shared/domain/tags';
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import type { HandlerDeps } from '../deps';
import { applySlaChange } from '../sla/handlers';

type Methods =
  | 'tags.list'
  | 'tags.create'
  | 'tags.rename'
  | 'tags.setKind'
  | 'tags.merge'
  | 'tags.archive'
  | 'feedback.forConversation'
  | 'feedback.tag'
  | 'feedback.untag';

export function createTagsHandlers(d: HandlerDeps): RoomHandlers<Methods> {
  const { repos: r, bus } = d;
  const must = (id: number, field = 'id') => {
    const t = r.tags.get(id);
    if (!t) throw new AppError('not_found', `${field}: tag ${id} not found`);
    return t;
  };
  const theme = (id: number, what: string) => {
    const t = must(id);
    if (t.builtin)
      throw new AppError('invalid_input', `id: a built-in feedback kind cannot be ${what}`);
    if (t.mergedIntoId != null)
      throw new AppError('invalid_input', `id: tag ${id} was merged into tag ${t.mergedIntoId}`);
    return t;
  };
  const noClash = (clientId: number, key: string, exceptId: number | null) => {
    const other = r.tags.clash(clientId, key, exceptId);
    if (other)
      throw new AppError(
        'conflict',
        `name: the client already has the tag "${other.name}"${other.archived ? ' (archived)' : ''}; merge instead`,
      );
  };
  const changed = (clientId: number, conversations: number[] = []) => {
    bus.emit('tags.changed', { clientId });
    for (const id of conversations) bus.emit('conversation.changed', { id });
    if (conversations.length)
      bus.emit('queue.changed', { reason: 'tags', conversationIds: conversations });
  };
  /** Runs `apply` (which may rewrite SLA policy conditions) as an SLA change of the client. */
  const asSlaChange = (clientId: number, apply: () => void) =>
    applySlaChange(
      { db: d.db, sla: d.sla, clock: d.clock, bus, clients: r.clients },
      clientId,
      'tags',
      apply,
    );

  return {
    'tags.list': ({ clientId, includeArchived }) => {
      if (!r.clients.get(clientId))
        throw new AppError('not_found', `clientId: client ${clientId} not found`);
      return r.tags.list(clientId, includeArchived);
    },
    'tags.create': ({ clientId, name, kind }, call) => {
      if (!r.clients.get(clientId))
        throw new AppError('not_found', `clientId: client ${clientId} not found`);
      const key = tagKey(name);
      noClash(clientId, key, null);
      const id = d.commands.run(
        call,
        'tag.create',
        { entity: 'client', id: clientId },
        ({ at }) => r.tags.insert(clientId, name, key, kind, at),
        (tagId) => ({ tagId, name, kind }),
      );
      changed(clientId);
      return must(id);
    },
    'tags.rename': ({ id, name }, call) => {
      const t = theme(id, 'renamed');
      const key = tagKey(name);
      noClash(t.clientId, key, id);
      let convs: number[] = [];
      d.commands.run(
        call,
        'tag.rename',
        { entity: 'tag', id },
        ({ at }) => {
          if (key === t.key) convs = r.tags.rename(id, name, key, at);
          else
            asSlaChange(t.clientId, () => {
              convs = r.tags.rename(id, name, key, at);
              d.sla.repo.replacePolicyTag(t.clientId, t.key, key, at);
            });
        },
        () => ({ from: t.name, to: name }),
      );
      changed(t.clientId, convs);
      return must(id);
    },
    'tags.setKind': ({ id, kind }, call) => {
      const t = theme(id, 'changed');
      if (kind == null && t.feedbackItems > 0)
        throw new AppError(
          'invalid_input',
          `kind: the tag has ${t.feedbackItems} feedback items and needs a feedback kind`,
        );
      d.commands.run(
        call,
        'tag.kind',
        { entity: 'tag', id },
        ({ at }) => r.tags.setKind(id, kind, at),
        () => ({ from: t.kind, to: kind }),
      );
      changed(t.clientId);
      return must(id);
    },
    'tags.merge': ({ id, intoId }, call) => {
      const loser = theme(id, 'merged into another tag');
      const survivor = must(intoId, 'intoId');
      if (survivor.id === loser.id)
        throw new AppError('invalid_input', 'intoId: a tag cannot be merged into itself');
      if (survivor.clientId !== loser.clientId)
        throw new AppError('invalid_input', "intoId: the survivor is another client's tag");
      if (survivor.mergedIntoId != null)
        throw new AppError(
          'invalid_input',
          `intoId: tag ${intoId} was itself merged into tag ${survivor.mergedIntoId}`,
        );
      // Feedback items need a kind: a kind-less survivor takes the merged tag's kind.
      const kind: FeedbackKind | null =
        survivor.kind ?? (loser.feedbackItems > 0 ? loser.kind : null);
      let moved = { conversations: [] as number[], feedbackMoved: 0 };
      d.commands.run(
        call,
        'tag.merge',
        { entity: 'tag', id },
        ({ at }) =>
          asSlaChange(loser.clientId, () => {
            if (kind !== survivor.kind) r.tags.setKind(survivor.id, kind, at);
            moved = r.tags.merge(loser.id, survivor.id, at);
            d.sla.repo.replacePolicyTag(loser.clientId, loser.key, survivor.key, at);
          }),
        () => ({
          name: loser.name,
          into: { id: survivor.id, name: survivor.name },
          conversations: moved.conversations.length,
          feedbackItems: moved.feedbackMoved,
        }),
      );
      changed(loser.clientId, moved.conversations);
      return must(intoId);
    },
    'tags.archive': ({ id, archived }, call) => {
      const t = theme(id, 'archived');
      d.commands.run(
        call,
        archived ? 'tag.archive' : 'tag.restore',
        { entity: 'tag', id },
        ({ at }) => r.tags.setArchived(id, archived ? at : null, at),
        () => ({ name: t.name }),
      );
      changed(t.clientId);
      return must(id);
    },
    'feedback.forConversation': ({ conversationId }) => {
      if (!r.conversations.get(conversationId))
        throw new AppError('not_found', `conversationId: conversation ${conversationId} not found`);
      return r.tags.feedbackForConversation(conversationId);
    },
    'feedback.tag': ({ messageId, tagId }, call) => {
      const m = r.tags.messageFacts(messageId);
      if (!m) throw new AppError('not_found', `messageId: message ${messageId} not found`);
      if (m.direction !== 'inbound')
        throw new AppError(
          'invalid_input',
          'messageId: only a member message can be tagged as feedback',
        );
      const t = must(tagId, 'tagId');
      if (t.clientId !== m.clientId)
        throw new AppError('invalid_input', "tagId: the tag belongs to another client's catalogue");
      if (t.mergedIntoId != null)
        throw new AppError(
          'invalid_input',
          `tagId: tag ${tagId} was merged into tag ${t.mergedIntoId}`,
        );
      if (t.archived) throw new AppError('invalid_input', `tagId: "${t.name}" is archived`);
      if (t.kind == null)
        throw new AppError(
          'invalid_input',
          `tagId: "${t.name}" has no feedback kind; set one first`,
        );
      // Tagged already: the same item, and no second audit event for a change that did not happen.
      const already = r.tags.feedbackIdOf(messageId, tagId);
      if (already != null) return r.tags.feedbackGet(already)!;
      const id = d.commands.run(
        call,
        'feedback.tag',
        { entity: 'message', id: messageId },
        ({ actor, at }) =>
          r.tags.feedbackAdd({
            clientId: m.clientId,
            conversationId: m.conversationId,
            messageId,
            tagId,
            memberId: m.memberId,
            saidAt: m.createdAt,
            agentId: actor.id,
            at,
          }),
        (itemId) => ({ itemId, tagId, name: t.name, kind: t.kind }),
      );
      bus.emit('conversation.changed', { id: m.conversationId });
      return r.tags.feedbackGet(id)!;
    },
    'feedback.untag': ({ id }, call) => {
      const item = r.tags.feedbackGet(id);
      if (!item) throw new AppError('not_found', `id: feedback item ${id} not found`);
      d.commands.run(
        call,
        'feedback.untag',
        { entity: 'message', id: item.messageId },
        () => r.tags.feedbackRemove(id),
        () => ({ itemId: id, tagId: item.tagId, name: item.tagName, kind: item.kind }),
      );
      bus.emit('conversation.changed', { id: item.conversationId });
      return { ok: true as const };
    },
  };
}
