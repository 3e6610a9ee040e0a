// shared/ipc: THE contract between renderer and core. Every method: zod input -> zod output.
// Three transports speak it (Electron IPC, HTTP for browser mode, direct calls in tests); one
// dispatcher (dispatch.ts) validates every call. Adding a method: see ARCHITECTURE.md.
import { z } from 'zod';
import {
  Agent,
  AuditEvent,
  Client,
  Conversation,
  ConversationStatus,
  DeliveryState,
  Id,
  Member,
  Message,
  Priority,
  QuarantineItem,
  QueueRow,
  Source,
} from '../domain/entities';
import { SlaClock, SlaMetric, SlaPolicy, SlaPolicyInput } from '../domain/sla';

export const QueueQuery = z.object({
  clientIds: z.array(Id).max(500).optional(),
  statuses: z.array(ConversationStatus).optional(),
  /** 'me' = assigned to the current agent, 'unassigned', or any. */
  assignee: z.enum(['any', 'me', 'unassigned']).default('any'),
  /** Full-text search over message text (FTS5 syntax is escaped: plain words). */
  search: z.string().max(200).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type QueueQuery = z.input<typeof QueueQuery>;

export const QueuePage = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  rows: z.array(QueueRow),
});
export type QueuePage = z.infer<typeof QueuePage>;

export const ConversationDetail = z.object({
  conversation: Conversation,
  client: Client,
  source: Source,
  member: Member.nullable(),
  messages: z.array(Message),
  draft: z.string(),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

export const AddDiscourseSource = z.object({
  clientId: Id,
  name: z.string().min(1).max(100),
  baseUrl: z.url({ protocol: /^https?$/ }),
  apiUsername: z.string().min(1).max(100),
  /** Secret: goes straight to the encrypted secret store, never stored or returned in plain text. */
  apiKey: z.string().min(1).max(500),
});
export type AddDiscourseSource = z.input<typeof AddDiscourseSource>;

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'browser', 'test']),
  dataDir: z.string(),
  demo: z.boolean(),
  agent: Agent,
});
export type AppInfo = z.infer<typeof AppInfo>;

const Ok = z.object({ ok: z.literal(true) });

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
const ById = z.object({ id: Id });

/**
 * The method map: name -> { input, output, read? }. Names are `domain.verbNoun`. `read: true` marks
 * a pure SQL read (no in-memory cache a write invalidates): the hosts may answer it from a
 * read-only reader core, so reads never queue behind writes.
 */
export const contract = {
  'app.info': { input: z.object({}), output: AppInfo },
  'clients.list': { input: z.object({}), output: z.array(Client), read: true },
  'clients.create': {
    input: z.object({
      name: z.string().trim().min(1).max(100),
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#4b5563'),
      timezone: z.string().min(1).default('UTC'),
      firstReplyMinutes: z.number().int().positive().max(525600).default(240),
      briefing: z.string().max(20000).default(''),
    }),
    output: Client,
  },
  'clients.update': {
    input: z.object({
      id: Id,
      name: z.string().min(1).max(100).optional(),
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
      timezone: z.string().min(1).optional(),
      firstReplyMinutes: z.number().int().positive().max(525600).optional(),
      briefing: z.string().max(20000).optional(),
    }),
    output: Client,
  },
  'agents.list': { input: z.object({}), output: z.array(Agent) },
  'sources.list': { input: z.object({}), output: z.array(Source), read: true },
  'sources.addDiscourse': { input: AddDiscourseSource, output: Source },
  'sources.remove': { input: ById, output: Ok },
  'sources.syncNow': { input: ById, output: Ok },
  'sources.quarantine': {
    input: z.object({ sourceId: Id.optional(), limit: z.number().int().min(1).max(500).default(100) }),
    output: z.array(QuarantineItem),
  },
  'queue.list': { input: QueueQuery, output: QueuePage, read: true },
  'queue.counts': {
    input: z.object({}),
    output: z.object({ open: z.number().int(), breached: z.number().int(), mine: z.number().int() }),
    read: true,
  },
  'conversations.get': { input: ById, output: ConversationDetail, read: true },
  'conversations.setStatus': {
    input: z.object({ id: Id, status: ConversationStatus }),
    output: Conversation,
  },
  'conversations.setPriority': { input: z.object({ id: Id, priority: Priority }), output: Conversation },
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
  'replies.send': {
    input: z.object({
      conversationId: Id,
      body: z.string().trim().min(1).max(32000),
      /** Client-generated id: a retried Send with the same key never queues a second reply. */
      idempotencyKey: z.string().min(8).max(100),
      /** After sending, set the conversation to this status (e.g. pending). */
      thenStatus: ConversationStatus.optional(),
    }),
    output: Message,
  },
  'replies.retry': { input: z.object({ messageId: Id }), output: Message },
  'notes.add': {
    input: z.object({ conversationId: Id, body: z.string().trim().min(1).max(32000) }),
    output: Message,
  },
  'sla.getSchedule': {
    input: z.object({ clientId: Id }),
    output: z.object({ schedule: z.unknown(), isDefault: z.boolean() }),
  },
  'sla.setSchedule': {
    /** Validated by shared/sla parseSchedule; errors name the field. null = back to the default. */
    input: z.object({ clientId: Id, schedule: z.unknown() }),
    output: z.object({ schedule: z.unknown(), isDefault: z.boolean() }),
  },
  'sla.holidays': {
    input: z.object({ country: z.string().min(2).max(10), years: z.array(z.number().int().min(1970).max(2100)).min(1).max(10) }),
    output: z.array(z.string()),
  },
  'sla.policies': { input: z.object({ clientId: Id }), output: z.array(SlaPolicy) },
  'sla.savePolicy': {
    input: z.object({ clientId: Id, id: Id.optional(), policy: SlaPolicyInput }),
    output: SlaPolicy,
  },
  'sla.deletePolicy': { input: ById, output: Ok },
  'sla.preview': {
    input: z.object({ clientId: Id, priority: Priority.default('normal'), at: z.string().optional() }),
    output: z.array(z.object({ metric: SlaMetric, dueAt: z.string(), targetMinutes: z.number(), mode: z.enum(['business', 'calendar']) })),
  },
  'sla.clocks': { input: z.object({ conversationId: Id }), output: z.array(SlaClock), read: true },
  'sla.board': {
    input: z.object({ soonMinutes: z.number().int().min(1).max(10080).default(60), clientIds: z.array(Id).optional() }),
    output: z.array(SlaBoardRow),
    read: true,
  },
  'sla.report': {
    input: z.object({ clientId: Id, from: z.string(), to: z.string() }),
    output: z.array(SlaMetricReport),
    read: true,
  },
  'audit.list': {
    input: z.object({ entity: z.string().optional(), entityId: z.string().optional(), limit: z.number().int().min(1).max(1000).default(100) }),
    output: z.array(AuditEvent),
  },
} as const;

/** Events pushed core -> renderer (names are `domain.pastTense`). */
export const events = {
  'queue.changed': z.object({ reason: z.string(), conversationIds: z.array(Id).optional() }),
  'conversation.changed': z.object({ id: Id }),
  'outbox.changed': z.object({ messageId: Id, conversationId: Id, state: DeliveryState, error: z.string().nullable() }),
  'sources.changed': z.object({ sourceId: Id }),
  'sync.progress': z.object({ sourceId: Id, phase: z.enum(['started', 'page', 'done', 'failed']), items: z.number().int(), message: z.string().optional() }),
  /** The host restarted the core after it died (`restarts` so far); the renderer refetches and says so. */
  'app.reconnected': z.object({ restarts: z.number().int(), at: z.string() }),
  /** Desktop: the agent clicked a native notification; the window opens that conversation. */
  'notification.clicked': z.object({ conversationId: Id }),
  /** `title` is English (native notifications); renderers translate from `metric` and `client`. */
  'notify': z.object({ kind: z.enum(['info', 'warning', 'breach']), title: z.string(), body: z.string(), conversationId: Id.optional(), metric: SlaMetric.optional(), client: z.string().optional() }),
} as const;

/** The two IPC channels the preload forwards; adding a method never touches the preload. */
export { CHANNELS } from './channels';

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;
/** The parsed (defaults applied) input a core implementation receives. */
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export type CoreEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** What the renderer calls: one async function per method. */
export type CoreApi = { [M in Method]: (input: Input<M>) => Promise<Output<M>> };
/** What the core implements: receives validated input. */
export type CoreHandlers = { [M in Method]: (input: ParsedInput<M>) => Output<M> | Promise<Output<M>> };

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
