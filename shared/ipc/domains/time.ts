// shared/ipc/domains: the time room of the contract — time capture (heartbeats, timer, manual
// entries, idle reviews), client contracts, periods and their approval, and exports. Durations are
// whole raw seconds; rounding and money happen only in reports and exports (shared/billing).
import { z } from 'zod';
import { ContractSchema } from '../../billing/contract';
import { Id, Instant } from '../../domain/entities';
import { defineEvents, defineMethods } from '../define';

/** An activity id: triage, reply, moderation (inferred) or any of the contract's own (reporting, call…). */
export const Activity = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'an activity id (lower-case letters, digits, -)');
/** The activities the UI offers; contracts may name others. */
export const STANDARD_ACTIVITIES = [
  'triage',
  'reply',
  'moderation',
  'reporting',
  'call',
  'planning',
  'admin',
] as const;
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
export const IsoDay = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date YYYY-MM-DD');
export const Role = z.enum(['agent', 'team_lead', 'account_manager']);
export type Role = z.infer<typeof Role>;
export const EntryOrigin = z.enum(['auto', 'timer', 'manual', 'idle-kept']);
export const PeriodStateSchema = z.enum(['open', 'submitted', 'approved', 'invoiced']);
export const Reason = z.string().trim().min(1, 'a reason is required').max(500);
export const ExportFormatName = z.enum(['harvest', 'toggl', 'clockify', 'csv', 'xlsx']);

export const TimeEntry = z.object({
  id: Id,
  agentId: Id,
  agentName: z.string(),
  clientId: Id,
  clientName: z.string(),
  conversationId: Id.nullable(),
  conversationTitle: z.string().nullable(),
  sourceId: Id.nullable(),
  activity: Activity,
  billable: z.boolean(),
  origin: EntryOrigin,
  start: Instant,
  end: Instant,
  seconds: z.number().int().min(0),
  note: z.string(),
  running: z.boolean(),
  /** The client's period state for the entry's month; approved and invoiced entries are locked. */
  periodState: PeriodStateSchema,
});
export type TimeEntry = z.infer<typeof TimeEntry>;

export const IdleReview = z.object({
  id: Id,
  start: Instant,
  end: Instant,
  seconds: z.number().int().positive(),
  clientId: Id.nullable(),
  clientName: z.string().nullable(),
  conversationId: Id.nullable(),
  conversationTitle: z.string().nullable(),
  activity: Activity,
});
export type IdleReview = z.infer<typeof IdleReview>;

export const TrackerStatus = z.object({
  /** What the heartbeats are doing now. */
  tracking: z.enum(['none', 'auto', 'timer', 'idle', 'locked']),
  /** The open automatic segment, if any. */
  segment: TimeEntry.nullable(),
  /** The running timer, if any (automatic capture pauses while it runs). */
  timer: TimeEntry.nullable(),
  pendingIdle: z.number().int().min(0),
});
export type TrackerStatus = z.infer<typeof TrackerStatus>;

export const TimeProfile = z.object({
  agentId: Id,
  role: Role,
  idleThresholdMinutes: z.number().int().min(1).max(240),
});
export type TimeProfile = z.infer<typeof TimeProfile>;

export const WeekCell = z.object({
  rawSeconds: z.number().int(),
  roundedSeconds: z.number().int(),
});
export const WeekView = z.object({
  days: z.array(IsoDay),
  rows: z.array(
    z.object({ clientId: Id, clientName: z.string(), days: z.array(WeekCell), total: WeekCell }),
  ),
  totals: z.array(WeekCell),
  entries: z.array(TimeEntry),
});
export type WeekView = z.infer<typeof WeekView>;

export const PeriodRow = z.object({
  clientId: Id,
  clientName: z.string(),
  month: Month,
  state: PeriodStateSchema,
  entries: z.number().int(),
  rawSeconds: z.number().int(),
  billedSeconds: z.number().int(),
  totalMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  exponent: z.number().int().nullable(),
  /** Why the period cannot be priced (no contract, a billable entry without a rate…). */
  problem: z.string().nullable(),
});
export type PeriodRow = z.infer<typeof PeriodRow>;

const EntryPatch = {
  clientId: Id.optional(),
  conversationId: Id.nullable().optional(),
  activity: Activity.optional(),
  start: Instant.optional(),
  seconds: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .optional(),
  note: z.string().max(2000).optional(),
  billable: z.boolean().optional(),
};

export const methods = defineMethods({
  /**
   * The renderer reports what is on screen at least every 15 s and at once on every change; the
   * desktop's power monitor reports idle, lock, suspend and resume (omitting what it does not know:
   * the last known conversation, activity and focus stay).
   */
  'time.heartbeat': {
    input: z.object({
      conversationId: Id.nullable().optional(),
      activity: Activity.optional(),
      focused: z.boolean().optional(),
      active: z.boolean(),
      /** Seconds since the agent's last input, when known (powerMonitor, the page's input events). */
      idleSeconds: z
        .number()
        .int()
        .min(0)
        .max(10 * 365 * 86400)
        .optional(),
    }),
    output: TrackerStatus,
  },
  'time.status': { input: z.object({}), output: TrackerStatus },
  'time.timerStart': {
    input: z.object({ clientId: Id, activity: Activity, note: z.string().max(2000).default('') }),
    output: TimeEntry,
  },
  'time.timerStop': { input: z.object({}), output: TimeEntry.nullable() },
  'time.addEntry': {
    input: z.object({
      clientId: Id,
      conversationId: Id.nullable().default(null),
      activity: Activity,
      start: Instant,
      seconds: z
        .number()
        .int()
        .min(1)
        .max(24 * 3600),
      note: z.string().max(2000).default(''),
      billable: z.boolean().optional(),
    }),
    output: TimeEntry,
  },
  'time.updateEntry': {
    input: z.object({ id: Id, ...EntryPatch, reason: Reason }),
    output: TimeEntry,
  },
  'time.deleteEntry': { input: z.object({ id: Id, reason: Reason }), output: z.object({ id: Id }) },
  'time.week': {
    read: true,
    input: z.object({
      weekStart: IsoDay,
      timeZone: z.string().min(1).max(100),
      agentId: Id.nullable().optional(),
    }),
    output: WeekView,
  },
  'time.idleReviews': { read: true, input: z.object({}), output: z.array(IdleReview) },
  'time.resolveIdle': {
    input: z.object({
      id: Id,
      action: z.enum(['discard', 'keep', 'reassign']),
      clientId: Id.optional(),
      activity: Activity.optional(),
    }),
    output: z.object({ entry: TimeEntry.nullable() }),
  },
  'time.profile': { read: true, input: z.object({}), output: TimeProfile },
  'time.setProfile': {
    input: z.object({
      role: Role.optional(),
      idleThresholdMinutes: z.number().int().min(1).max(240).optional(),
    }),
    output: TimeProfile,
  },
  'time.contract': {
    read: true,
    input: z.object({ clientId: Id }),
    output: z.object({ contract: ContractSchema.nullable() }),
  },
  /** Validated with shared/billing's ContractSchema; refused with the field named. */
  'time.setContract': {
    input: z.object({ clientId: Id, contract: z.unknown() }),
    output: z.object({ contract: ContractSchema }),
  },
  'time.periods': { read: true, input: z.object({ month: Month }), output: z.array(PeriodRow) },
  'time.setPeriod': {
    input: z.object({
      clientId: Id,
      month: Month,
      action: z.enum(['submit', 'approve', 'invoice', 'unlock']),
      reason: z.string().trim().max(500).optional(),
    }),
    output: PeriodRow,
  },
  /** Writes the export into the data folder's exports/ and returns its path; progress as time.exportProgress. */
  'time.export': {
    input: z.object({
      clientId: Id.nullable(),
      month: Month,
      format: ExportFormatName,
      exportId: z.string().min(1).max(64),
    }),
    output: z.object({ path: z.string(), rows: z.number().int(), bytes: z.number().int() }),
  },
});

export const events = defineEvents({
  /** Time entries, idle reviews, periods or contracts changed (refetch the time views). */
  'time.changed': z.object({ reason: z.string() }),
  'time.exportProgress': z.object({
    exportId: z.string(),
    rows: z.number().int(),
    total: z.number().int(),
    done: z.boolean(),
  }),
});
