// shared/ipc/domains: the sla room of the contract — SLA schedules, policies, clocks, board and reports.
import { z } from 'zod';
import { Id, Instant, Priority } from '../../domain/entities';
import { SlaClock, SlaMetric, SlaPolicy, SlaPolicyInput } from '../../domain/sla';
import { defineEvents, defineMethods } from '../define';

export const SlaBoardRow = z.object({
  conversationId: Id,
  title: z.string(),
  clientId: Id,
  clientName: z.string(),
  clientColor: z.string(),
  clientTimezone: z.string(),
  assigneeId: Id.nullable(),
  assigneeName: z.string().nullable(),
  metric: SlaMetric,
  state: z.enum(['breaching_soon', 'breached', 'paused']),
  dueAt: z.string().nullable(),
  warnAt: z.string().nullable(),
  remainingMinutes: z.number().nullable(),
  mode: z.enum(['business', 'calendar']),
});
export type SlaBoardRow = z.infer<typeof SlaBoardRow>;

export const SlaMetricReport = z.object({
  metric: SlaMetric,
  /** Clocks that ended (fulfilled) or breached in the period. */
  total: z.number().int(),
  met: z.number().int(),
  breached: z.number().int(),
  /** met / total in percent; null when nothing was measured. */
  attainmentPct: z.number().nullable(),
  /** Counted minutes (business or calendar, as the policy says) of fulfilled clocks. */
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});
export type SlaMetricReport = z.infer<typeof SlaMetricReport>;

const Ok = z.object({ ok: z.literal(true) });
const ById = z.object({ id: Id });

export const methods = defineMethods({
  'sla.getSchedule': {
    input: z.object({ clientId: Id }),
    output: z.object({ schedule: z.unknown(), isDefault: z.boolean() }),
  },
  'sla.setSchedule': {
    /** Validated by shared/sla parseSchedule (bounded lists); errors name the field. null = back to the default. */
    input: z.object({ clientId: Id, schedule: z.unknown() }),
    output: z.object({ schedule: z.unknown(), isDefault: z.boolean() }),
  },
  'sla.holidays': {
    read: true,
    input: z.object({
      country: z.string().min(2).max(10),
      years: z.array(z.number().int().min(1970).max(2100)).min(1).max(10),
    }),
    output: z.array(z.string()),
  },
  'sla.policies': { read: true, input: z.object({ clientId: Id }), output: z.array(SlaPolicy) },
  'sla.savePolicy': {
    input: z.object({ clientId: Id, id: Id.optional(), policy: SlaPolicyInput }),
    output: SlaPolicy,
  },
  'sla.deletePolicy': { input: ById, output: Ok },
  'sla.preview': {
    input: z.object({
      clientId: Id,
      priority: Priority.default('normal'),
      at: Instant.optional(),
      /** The conversation's facts the policy conditions look at (platform, source, tags). */
      platform: z.string().max(40).optional(),
      sourceId: Id.optional(),
      tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
    }),
    output: z.array(
      z.object({
        metric: SlaMetric,
        dueAt: z.string(),
        targetMinutes: z.number(),
        mode: z.enum(['business', 'calendar']),
      }),
    ),
  },
  'sla.clocks': { read: true, input: z.object({ conversationId: Id }), output: z.array(SlaClock) },
  'sla.board': {
    read: true,
    input: z.object({
      soonMinutes: z.number().int().min(1).max(10080).default(60),
      clientIds: z.array(Id).max(500).optional(),
    }),
    output: z.array(SlaBoardRow),
  },
  'sla.report': {
    read: true,
    input: z.object({ clientId: Id, from: Instant, to: Instant }),
    output: z.array(SlaMetricReport),
  },
});

export const events = defineEvents({});
