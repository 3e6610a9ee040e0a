// shared/ipc/domains: the conversations room of the contract — one conversation: thread, status, priority, tags, assignment, drafts and notes.
import { z } from 'zod';
import {
  Client,
  Conversation,
  ConversationStatus,
  Id,
  Member,
  Message,
  Priority,
  Source,
} from '../../domain/entities';
import { ModerationInfo } from '../../domain/moderation';
import { defineEvents, defineMethods } from '../define';

export const ConversationDetail = z.object({
  conversation: Conversation,
  client: Client,
  source: Source,
  member: Member.nullable(),
  /** The thread; for a moderation item: the flagged message. */
  messages: z.array(Message),
  draft: z.string(),
  /** A moderation item's state and reasons (null for support conversations). */
  moderation: ModerationInfo.nullable(),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

const ById = z.object({ id: Id });

export const methods = defineMethods({
  'conversations.get': { read: true, input: ById, output: ConversationDetail },
  'conversations.setStatus': {
    input: z.object({ id: Id, status: ConversationStatus }),
    output: Conversation,
  },
  'conversations.setPriority': {
    input: z.object({ id: Id, priority: Priority }),
    output: Conversation,
  },
  'conversations.setTags': {
    input: z.object({ id: Id, tags: z.array(z.string().trim().min(1).max(40)).max(20) }),
    output: Conversation,
  },
  'conversations.assign': {
    input: z.object({ id: Id, assigneeId: Id.nullable() }),
    output: Conversation,
  },
  'drafts.save': {
    input: z.object({ conversationId: Id, body: z.string().max(100000) }),
    output: z.object({ savedAt: z.string() }),
  },
  'notes.add': {
    input: z.object({ conversationId: Id, body: z.string().trim().min(1).max(32000) }),
    output: Message,
  },
});

export const events = defineEvents({
  'conversation.changed': z.object({ id: Id }),
});
