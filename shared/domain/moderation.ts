// shared/domain: moderation items and actions as zod schemas (pure TS). A moderation item is a queue
// entry of kind 'moderation' for one reported, flagged, filtered or held message; an action is what
// an agent asked the platform to do with it, executed by the core's moderation sender.
import { z } from 'zod';
import { Id, Instant } from './entities';

export { WorkKind } from './entities';

export const ModerationState = z.enum(['reported', 'flagged', 'filtered', 'held']);
export type ModerationState = z.infer<typeof ModerationState>;

/** Every action a connector may list in `capabilities.moderation` (same list as the connectors' ModerationKind). */
export const ModerationActionKind = z.enum([
  'approve',
  'remove',
  'restore',
  'lock',
  'unlock',
  'ban',
  'unban',
  'timeout',
  'silence',
  'suspend',
  'delete',
]);
export type ModerationActionKind = z.infer<typeof ModerationActionKind>;

export { NEEDS_DURATION, REASON_REQUIRED, TAKES_DURATION } from '../moderation/rules';

export const ModerationActionState = z.enum(['queued', 'sending', 'unknown', 'done', 'failed']);
export type ModerationActionState = z.infer<typeof ModerationActionState>;

/** The moderation state of an item, as the platform last reported it. */
export const ModerationInfo = z.object({
  state: ModerationState,
  reasons: z.array(z.string()),
  reportCount: z.number().int(),
  filedAt: Instant,
  updatedAt: Instant,
  /** The first action done on the platform in the current cycle (null: not acted on yet). */
  actionedAt: Instant.nullable(),
  /** The flagged message (in this conversation's messages). */
  messageId: Id.nullable(),
});
export type ModerationInfo = z.infer<typeof ModerationInfo>;

export const ModerationAction = z.object({
  id: Id,
  conversationId: Id,
  messageId: Id.nullable(),
  kind: ModerationActionKind,
  reason: z.string().nullable(),
  durationMinutes: z.number().int().nullable(),
  state: ModerationActionState,
  attempts: z.number().int(),
  /** Why the last attempt failed (redacted). */
  error: z.string().nullable(),
  /** What the platform answered (redacted). */
  platformResponse: z.string().nullable(),
  actorId: Id.nullable(),
  actorName: z.string(),
  createdAt: Instant,
  doneAt: Instant.nullable(),
});
export type ModerationAction = z.infer<typeof ModerationAction>;
