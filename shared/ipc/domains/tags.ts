// shared/ipc/domains: the tags room of the contract — a client's tag catalogue (the five built-in
// feedback kinds and the client's themes): list, create, rename, re-kind, merge, archive. Conversation
// tags (`conversations.setTags`) and feedback on member messages (`feedback.*`) use catalogue tags.
import { z } from 'zod';
import { Id } from '../../domain/entities';
import { FeedbackItem, FeedbackKind, Tag, TagName } from '../../domain/tags';
import { defineEvents, defineMethods } from '../define';

export const methods = defineMethods({
  /** The client's catalogue: built-ins first (picker order), then themes by name; merged tags never. */
  'tags.list': {
    read: true,
    input: z.object({ clientId: Id, includeArchived: z.boolean().default(false) }),
    output: z.array(Tag),
  },
  /** A new theme (kind: the feedback kind it belongs to, or null for a plain label). */
  'tags.create': {
    input: z.object({ clientId: Id, name: TagName, kind: FeedbackKind.nullable().default(null) }),
    output: Tag,
  },
  /** Renames a theme; conversations and SLA policy tag conditions follow the new name. */
  'tags.rename': { input: z.object({ id: Id, name: TagName }), output: Tag },
  /** Sets a theme's feedback kind (null: a plain label; refused while it has feedback items). */
  'tags.setKind': { input: z.object({ id: Id, kind: FeedbackKind.nullable() }), output: Tag },
  /**
   * Merges `id` into `intoId` (same client): its conversations and feedback items move to the
   * survivor, SLA policy conditions naming it name the survivor, and it is archived with a pointer
   * to the survivor. Returns the survivor.
   */
  'tags.merge': { input: z.object({ id: Id, intoId: Id }), output: Tag },
  /** Archives (hides from pickers; uses stay) or restores a theme. */
  'tags.archive': { input: z.object({ id: Id, archived: z.boolean() }), output: Tag },

  /** The feedback items on a conversation's messages (the pane shows them on each message). */
  'feedback.forConversation': {
    read: true,
    input: z.object({ conversationId: Id }),
    output: z.array(FeedbackItem),
  },
  /**
   * Tags a member message as feedback with a catalogue tag of its client that has a kind (a built-in
   * kind or a theme); tagging twice with one tag is one item.
   */
  'feedback.tag': { input: z.object({ messageId: Id, tagId: Id }), output: FeedbackItem },
  /** Removes a feedback item. */
  'feedback.untag': { input: z.object({ id: Id }), output: z.object({ ok: z.literal(true) }) },
});

export const events = defineEvents({
  /** A client's catalogue changed (pickers reload it). */
  'tags.changed': z.object({ clientId: Id }),
});
