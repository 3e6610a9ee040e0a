// shared/ipc/domains: the moderation room of the contract — actions on reported, flagged, filtered
// or held content, executed by the core's moderation sender (queued → sending → done | failed |
// unknown), each audited, never applied twice (idempotency key), counted for the reports.
import { z } from 'zod';
import { Id, Instant } from '../../domain/entities';
import {
  ModerationAction,
  ModerationActionKind,
  ModerationActionState,
  ModerationInfo,
  NEEDS_DURATION,
  REASON_REQUIRED,
} from '../../domain/moderation';
import { defineEvents, defineMethods } from '../define';

/** Longest duration the contract accepts (about 3 years; each connector enforces its platform's own limit). */
export const MAX_DURATION_MINUTES = 1440 * 1000;

export const ModerationActInput = z
  .object({
    conversationId: Id,
    /** The message acted on (default: the moderation item's flagged message). */
    messageId: Id.optional(),
    kind: ModerationActionKind,
    reason: z.string().trim().max(1000).optional(),
    /** ban/timeout length; omitted for a permanent ban. */
    durationMinutes: z.number().int().min(1).max(MAX_DURATION_MINUTES).optional(),
    /** Client-generated: the same key never queues a second action. */
    idempotencyKey: z.string().min(8).max(100),
  })
  .superRefine((v, ctx) => {
    if (REASON_REQUIRED.has(v.kind) && !v.reason)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: `a reason is required to ${v.kind}`,
      });
    if (NEEDS_DURATION.has(v.kind) && v.durationMinutes == null)
      ctx.addIssue({
        code: 'custom',
        path: ['durationMinutes'],
        message: `a duration is required to ${v.kind}`,
      });
  });
export type ModerationActInput = z.input<typeof ModerationActInput>;

export const ModerationCount = z.object({
  clientId: Id,
  kind: ModerationActionKind,
  count: z.number().int(),
});
export type ModerationCount = z.infer<typeof ModerationCount>;

export const methods = defineMethods({
  'moderation.act': { input: ModerationActInput, output: ModerationAction },
  'moderation.retry': { input: z.object({ actionId: Id }), output: ModerationAction },
  'moderation.list': {
    read: true,
    input: z.object({ conversationId: Id }),
    output: z.object({ item: ModerationInfo.nullable(), actions: z.array(ModerationAction) }),
  },
  /** Actions done on the platform in [from, to), per client and per action kind. */
  'moderation.counts': {
    read: true,
    input: z.object({ clientId: Id.optional(), from: Instant, to: Instant }),
    output: z.array(ModerationCount),
  },
});

export const events = defineEvents({
  'moderation.changed': z.object({
    actionId: Id,
    conversationId: Id,
    state: ModerationActionState,
    error: z.string().nullable(),
  }),
});
