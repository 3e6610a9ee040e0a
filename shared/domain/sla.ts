// shared/domain: SLA policies (per client) as zod schemas. The business-time math is in shared/sla.
import { z } from 'zod';
import { Id, Platform, Priority } from './entities';

/** time_to_action: a moderation item, from when it was filed to the first moderation action done on the platform. */
export const SlaMetric = z.enum([
  'first_reply',
  'next_reply',
  'periodic_update',
  'resolution',
  'time_to_action',
]);
export type SlaMetric = z.infer<typeof SlaMetric>;

export const SlaTarget = z.object({
  minutes: z
    .number()
    .positive()
    .max(60 * 24 * 365),
  /** business = on the client's schedule (hours, holidays, time zone); calendar = around the clock. */
  mode: z.enum(['business', 'calendar']),
});
export type SlaTarget = z.infer<typeof SlaTarget>;

/** Per priority; a missing priority means the metric is not tracked for it. */
export const SlaTargetsByPriority = z.object({
  low: SlaTarget.optional(),
  normal: SlaTarget.optional(),
  high: SlaTarget.optional(),
  urgent: SlaTarget.optional(),
});

// Every list in the contract is bounded (a hostile or broken caller must not stall the core).
export const SlaConditions = z.object({
  platforms: z.array(Platform).max(20).optional(),
  sourceIds: z.array(Id).max(500).optional(),
  tags: z.array(z.string().max(40)).max(50).optional(),
  priorities: z.array(Priority).max(4).optional(),
});
export type SlaConditions = z.infer<typeof SlaConditions>;

export const SlaPolicyInput = z.object({
  name: z.string().trim().min(1).max(100),
  /** The first policy (lowest position) whose conditions all match applies. */
  position: z.number().int().min(0).default(0),
  conditions: SlaConditions.default({}),
  targets: z.object({
    first_reply: SlaTargetsByPriority.optional(),
    next_reply: SlaTargetsByPriority.optional(),
    periodic_update: SlaTargetsByPriority.optional(),
    resolution: SlaTargetsByPriority.optional(),
    time_to_action: SlaTargetsByPriority.optional(),
  }),
  /** Warn when this share of the target has elapsed (0.75 = 75 %). */
  warnRatio: z.number().min(0.05).max(0.99).default(0.75),
  /** Clocks stopped while the conversation is pending (waiting on the member). */
  pausesOnPending: z
    .array(SlaMetric)
    .max(5)
    .default(['first_reply', 'next_reply', 'periodic_update', 'resolution']),
});
export type SlaPolicyInput = z.input<typeof SlaPolicyInput>;

export const SlaPolicy = SlaPolicyInput.extend({ id: Id, clientId: Id, updatedAt: z.string() });
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const SlaClock = z.object({
  metric: SlaMetric,
  status: z.enum(['inactive', 'running', 'paused', 'fulfilled', 'cancelled']),
  policyId: Id.nullable(),
  startedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  targetMinutes: z.number().nullable(),
  mode: z.enum(['business', 'calendar']),
  elapsedMinutes: z.number(),
  remainingMinutes: z.number().nullable(),
  breached: z.boolean(),
  breachedAt: z.string().nullable(),
  warnAt: z.string().nullable(),
});
export type SlaClock = z.infer<typeof SlaClock>;
