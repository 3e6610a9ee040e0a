// electron/core/domains/conversations: one conversation — reading it, and the agent's commands on it
// (status, priority, tags, assignment, draft, internal note). Every command goes through the command
// runner: one durable transaction with its audit event naming the acting agent. SLA updates run
// through sla.guarded: clocks that cannot be computed flag the conversation (sla_error) instead of
// refusing the agent's change.
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { tagKey } from '../../../../shared/domain/tags';
import { AppError } from '../../../../shared/ipc/result';
import { textToHtml } from '../../text/agentText';
import { toModerationInfo } from '../moderation/repo';
import { conversationChanged, type HandlerDeps } from '../deps';

type Methods =
  | 'conversations.get'
  | 'conversations.setStatus'
  | 'conversations.setPriority'
  | 'conversations.setTags'
  | 'conversations.assign'
  | 'drafts.save'
  | 'notes.add';

export function createConversationsHandlers(d: HandlerDeps): RoomHandlers<Methods> {
  const { repos: r, bus } = d;
  const mustConversation = (id: number) => {
    const c = r.conversations.get(id);
    if (!c) throw new AppError('not_found', `Conversation ${id} not found`);
    return c;
  };
  const target = (id: number) => ({ entity: 'conversation', id });

  return {
    'conversations.get': ({ id }) => {
      const conversation = mustConversation(id);
      // A moderation item shows the flagged message (stored in its platform conversation).
      const item = conversation.kind === 'moderation' ? r.moderation.itemByConversation(id) : null;
      const flagged = item?.message_id != null ? r.messages.get(item.message_id) : null;
      return {
        conversation,
        client: r.clients.get(conversation.clientId)!,
        source: r.sources.get(conversation.sourceId)!,
        member: conversation.memberId ? r.conversations.member(conversation.memberId) : null,
        messages:
          conversation.kind === 'moderation'
            ? flagged
              ? [flagged]
              : []
            : r.messages.forConversation(id),
        draft: r.drafts.get(id),
        moderation: item ? toModerationInfo(item) : null,
      };
    },
    'conversations.setStatus': ({ id, status }, call) => {
      const before = mustConversation(id);
      d.commands.run(
        call,
        'conversation.status',
        target(id),
        ({ actor, at }) => {
          r.conversations.setStatus(id, status, at, actor.id);
          d.sla.guarded(id, () => d.sla.statusChanged(id, before.status, status, at));
        },
        () => ({ from: before.status, to: status }),
      );
      conversationChanged(bus, id, 'status');
      return mustConversation(id);
    },
    'conversations.setPriority': ({ id, priority }, call) => {
      const before = mustConversation(id);
      d.commands.run(
        call,
        'conversation.priority',
        target(id),
        ({ at }) => {
          r.conversations.setPriority(id, priority);
          d.sla.guarded(id, () => d.sla.retarget(id, at));
        },
        () => ({ from: before.priority, to: priority }),
      );
      conversationChanged(bus, id, 'priority');
      return mustConversation(id);
    },
    'conversations.setTags': ({ id, tags }, call) => {
      const before = mustConversation(id);
      // Tags come from the client's catalogue: a name is its catalogue tag (a merged tag's survivor;
      // an archived one is restored), a new name becomes a new theme of the catalogue (kind: none).
      const names = new Map<string, string>();
      for (const t of tags) {
        const name = t.normalize('NFKC').trim().replace(/\s+/g, ' ');
        if (name && !names.has(tagKey(name))) names.set(tagKey(name), name);
      }
      const created: string[] = [];
      const after = d.commands.run(
        call,
        'conversation.tags',
        target(id),
        ({ at }) => {
          const ids = [...names].map(([key, name]) => {
            const found = r.tags.byKey(before.clientId, key);
            if (found?.archived) r.tags.setArchived(found.id, null, at);
            if (found) return found.id;
            created.push(name);
            return r.tags.insert(before.clientId, name, key, null, at);
          });
          r.tags.setConversationTags(id, ids);
          // Tags can change which SLA policy applies.
          d.sla.guarded(id, () => d.sla.retarget(id, at));
          return mustConversation(id).tags;
        },
        (next) => ({ from: before.tags, to: next, created }),
      );
      if (created.length || after.length !== before.tags.length)
        bus.emit('tags.changed', { clientId: before.clientId });
      conversationChanged(bus, id, 'tags');
      return mustConversation(id);
    },
    'conversations.assign': ({ id, assigneeId }, call) => {
      const before = mustConversation(id);
      if (assigneeId != null && !r.agents.get(assigneeId))
        throw new AppError('not_found', `Agent ${assigneeId} not found`);
      d.commands.run(
        call,
        'conversation.assign',
        target(id),
        () => r.conversations.assign(id, assigneeId),
        () => ({ from: before.assigneeId, to: assigneeId }),
      );
      conversationChanged(bus, id, 'assign');
      return mustConversation(id);
    },
    'drafts.save': ({ conversationId, body }, call) => {
      mustConversation(conversationId);
      // Autosave runs every few hundred ms while typing: the draft itself is the record, so the audit
      // event is coalesced to one per conversation and agent per minute (the runner still names the agent).
      const at = d.commands.run(
        call,
        'draft.save',
        target(conversationId),
        ({ at }) => {
          r.drafts.save(conversationId, body, at);
          return at;
        },
        () => ({ length: body.length }),
        { coalesceMs: 60_000 },
      );
      return { savedAt: new Date(at).toISOString() };
    },
    'notes.add': ({ conversationId, body }, call) => {
      const conv = mustConversation(conversationId);
      const id = d.commands.run(
        call,
        'note.add',
        target(conversationId),
        ({ actor, at }) =>
          r.messages.insertLocal({
            conversationId,
            sourceId: conv.sourceId,
            direction: 'note',
            authorName: actor.name,
            body,
            bodyHtml: textToHtml(body),
            at,
            deliveryState: null,
          }),
        (mid) => ({ messageId: mid }),
      );
      conversationChanged(bus, conversationId, 'note');
      return r.messages.get(id)!;
    },
  };
}
