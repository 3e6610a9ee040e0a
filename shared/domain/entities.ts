// shared/domain: the domain entities as zod schemas with inferred types (pure TS, runs anywhere).
import { z } from 'zod';
import { Instant } from './time';

/**
 * A platform id ('discourse', 'reddit', …). The connector registry in the core is the one list of
 * platforms; nothing outside a connector's folder enumerates them.
 */
export const Platform = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'a platform id (lower-case letters, digits, -)');
export type Platform = z.infer<typeof Platform>;

export const ConversationStatus = z.enum(['new', 'open', 'pending', 'solved']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;

/** The kinds of work in the unified queue: a support conversation, or a moderation item. */
export const WorkKind = z.enum(['support', 'moderation']);
export type WorkKind = z.infer<typeof WorkKind>;

export const MessageDirection = z.enum(['inbound', 'outbound', 'note']);
export type MessageDirection = z.infer<typeof MessageDirection>;

/** Delivery state of an outbound reply, driven by the outbox. */
export const DeliveryState = z.enum(['queued', 'sending', 'unknown', 'sent', 'failed']);
export type DeliveryState = z.infer<typeof DeliveryState>;

/** ISO-8601 instant with offset, e.g. 2026-11-22T10:00:00.000Z (years 1970..9999): see ./time. */
export { Instant };

export const Id = z.number().int().positive();

export const Client = z.object({
  id: Id,
  name: z.string(),
  color: z.string(),
  timezone: z.string(),
  firstReplyMinutes: z.number().int().positive(),
  briefing: z.string(),
  isDemo: z.boolean(),
});
export type Client = z.infer<typeof Client>;

/** `connecting` and `live`: a source with a push stream (its stream's state; polling pauses while live). */
export const SourceHealthStatus = z.enum([
  'ok',
  'syncing',
  'degraded',
  'failing',
  'disabled',
  'connecting',
  'live',
]);
export const SourceHealth = z.object({
  status: SourceHealthStatus,
  lastSyncAt: Instant.nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  nextAttemptAt: Instant.nullable(),
  quarantined: z.number().int(),
});
export type SourceHealth = z.infer<typeof SourceHealth>;

/** Text in every UI language Steward ships (connector labels; the renderer picks the agent's). */
export const Localized = z.object({ en: z.string(), da: z.string(), ru: z.string() });
export type Localized = z.infer<typeof Localized>;

/** What a source's connector can do: the UI offers exactly this (composer, notes, moderation). */
export const SourceCapabilities = z.object({
  reply: z.boolean(),
  platformNotes: z.boolean(),
  moderation: z.array(z.string()),
  push: z.boolean(),
  replyFormat: z.string(),
  maxReplyLength: z.number().int(),
});
export type SourceCapabilities = z.infer<typeof SourceCapabilities>;

export const Source = z.object({
  id: Id,
  clientId: Id,
  platform: Platform,
  name: z.string(),
  baseUrl: z.string(),
  /** Non-secret settings (e.g. the Discourse username the key acts as). Never contains secrets. */
  config: z.record(z.string(), z.unknown()),
  health: SourceHealth,
  hasSecret: z.boolean(),
  /** The connector's display name and capabilities (from the connector registry). */
  platformLabel: Localized,
  capabilities: SourceCapabilities,
  enabled: z.boolean(),
});
export type Source = z.infer<typeof Source>;

export const Member = z.object({
  id: Id,
  sourceId: Id,
  externalId: z.string(),
  username: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
});
export type Member = z.infer<typeof Member>;

export const Agent = z.object({ id: Id, name: z.string(), email: z.string().nullable() });
export type Agent = z.infer<typeof Agent>;

export const Conversation = z.object({
  id: Id,
  clientId: Id,
  sourceId: Id,
  externalId: z.string(),
  /** Support conversation or moderation item. */
  kind: WorkKind,
  title: z.string(),
  url: z.string().nullable(),
  status: ConversationStatus,
  priority: Priority,
  assigneeId: Id.nullable(),
  memberId: Id.nullable(),
  createdAt: Instant,
  lastMessageAt: Instant,
  /** When the first reply is due under the client's target; null once replied or solved. */
  firstReplyDueAt: Instant.nullable(),
  firstRepliedAt: Instant.nullable(),
  messageCount: z.number().int(),
  /** Agency-side labels (SLA policies can match on them). */
  tags: z.array(z.string()),
});
export type Conversation = z.infer<typeof Conversation>;

/** One row of the unified queue (conversation joined with its client, source and member). */
export const QueueRow = Conversation.extend({
  clientName: z.string(),
  clientColor: z.string(),
  clientTimezone: z.string(),
  platform: Platform,
  memberName: z.string().nullable(),
  assigneeName: z.string().nullable(),
  /** Next SLA deadline across clocks (ms since epoch), used to order the queue. */
  dueAt: Instant.nullable(),
  snippet: z.string(),
});
export type QueueRow = z.infer<typeof QueueRow>;

export const Message = z.object({
  id: Id,
  conversationId: Id,
  externalId: z.string().nullable(),
  direction: MessageDirection,
  authorName: z.string(),
  /** Platform HTML as received (hostile: the renderer sanitizes it before display). */
  bodyHtml: z.string(),
  bodyText: z.string(),
  createdAt: Instant,
  editedAt: Instant.nullable(),
  version: z.number().int(),
  deliveryState: DeliveryState.nullable(),
  deliveryError: z.string().nullable(),
  /** The message this one answers (platform id), when the platform says. */
  replyToExternalId: z.string().nullable(),
  /** Files, as metadata only (Steward never downloads them). */
  attachments: z.array(
    z.object({
      name: z.string(),
      contentType: z.string().nullable(),
      size: z.number().nullable(),
      url: z.string().nullable(),
    }),
  ),
});
export type Message = z.infer<typeof Message>;

export const QuarantineItem = z.object({
  id: Id,
  sourceId: Id,
  receivedAt: Instant,
  reason: z.string(),
  payload: z.string(),
});
export type QuarantineItem = z.infer<typeof QuarantineItem>;

export const AuditEvent = z.object({
  id: Id,
  at: Instant,
  /** The acting agent (null for system events and events older than migration 0003 without a match). */
  actorId: Id.nullable(),
  /** The agent's name when the event was recorded (display only). */
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
