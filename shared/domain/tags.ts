// shared/domain: the tag catalogue of a client and feedback items (pure TS). A client's catalogue
// holds the five built-in feedback kinds (one tag each) and the client's own themes; conversation
// tags and feedback on member messages both refer to catalogue tags. See ARCHITECTURE.md "Tags and
// feedback".
import { z } from 'zod';
import { Id, Instant } from './entities';
import { normalizeTagName } from '../tagNames';

export { normalizeTagName, tagKey } from '../tagNames';

/** The built-in feedback kinds, in picker order (keys 1–5). */
export const FeedbackKind = z.enum(['bug', 'feature_request', 'praise', 'complaint', 'question']);
export type FeedbackKind = z.infer<typeof FeedbackKind>;
export const FEEDBACK_KINDS = FeedbackKind.options;

/** The stored (English) name of each built-in kind's tag; the UI shows the kind translated. */
export const BUILTIN_TAG_NAMES: Record<FeedbackKind, string> = {
  bug: 'bug',
  feature_request: 'feature request',
  praise: 'praise',
  complaint: 'complaint',
  question: 'question',
};

/** A tag name as typed: trimmed, inner whitespace collapsed, 1–40 characters. */
export const TagName = z
  .string()
  .transform(normalizeTagName)
  .pipe(z.string().min(1, 'a tag name is required').max(40, 'a tag name is at most 40 characters'));

export const Tag = z.object({
  id: Id,
  clientId: Id,
  name: z.string(),
  /** The name's key (lower case): what conversations carry and SLA policy conditions match. */
  key: z.string(),
  /** The feedback kind a theme belongs to (null: a plain label, not usable as feedback). */
  kind: FeedbackKind.nullable(),
  /** One of the client's five built-in kind tags (cannot be renamed, merged away or archived). */
  builtin: z.boolean(),
  archived: z.boolean(),
  /** The survivor this tag was merged into (then also archived). */
  mergedIntoId: Id.nullable(),
  /** Conversations and feedback items using the tag. */
  conversations: z.number().int(),
  feedbackItems: z.number().int(),
});
export type Tag = z.infer<typeof Tag>;

export const FeedbackItem = z.object({
  id: Id,
  messageId: Id,
  conversationId: Id,
  tagId: Id,
  tagName: z.string(),
  kind: FeedbackKind,
  builtin: z.boolean(),
  taggedById: Id.nullable(),
  taggedByName: z.string().nullable(),
  taggedAt: Instant,
});
export type FeedbackItem = z.infer<typeof FeedbackItem>;
