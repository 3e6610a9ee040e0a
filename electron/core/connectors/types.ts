// electron/core/connectors: the interface every platform connector implements (framework v2).
// A connector is stateless: the core stores cursors, health, secrets and outbox rows, and hands
// them in. Everything a platform needs — its config fields, named secrets, capabilities, labels in
// every UI language, polling and/or a push stream, rendering of outbound content, moderation —
// is declared here by the connector, so adding a platform is one folder plus one registry line.
import type { z } from 'zod';
import type { ConnectorReason } from '../../../shared/reasons';
import type { HttpFetch, Logger } from '../ports';

/** A platform id ('discourse', 'reddit', …): the registry is the source of truth, not an enum. */
export type PlatformId = string;
/** Kept for the existing imports: any registered platform id. */
export type Platform = PlatformId;

/** Text in every UI language Steward ships (the renderer picks the agent's). */
export type Localized = { en: string; da: string; ru: string };

/**
 * One field of a source's setup form. The Settings form is generated from these; `secret` fields
 * go straight to the encrypted secret store (never stored in the database, never returned).
 */
export type FieldSpec = {
  key: string;
  kind: 'text' | 'url' | 'number' | 'boolean' | 'list' | 'select' | 'secret' | 'textarea';
  label: Localized;
  help?: Localized;
  required: boolean;
  placeholder?: string;
  options?: ReadonlyArray<{ value: string; label: Localized }>;
  /** Shown only when another field has one of these values (e.g. auth mode). */
  when?: { key: string; in: ReadonlyArray<string> };
};

export type ModerationKind =
  | 'approve'
  | 'remove'
  | 'restore'
  | 'lock'
  | 'unlock'
  | 'ban'
  | 'unban'
  | 'timeout'
  | 'silence'
  | 'suspend'
  | 'delete';

export type Capabilities = {
  /** Can post a public reply in a conversation. */
  reply: boolean;
  /** Can post a private/internal note on the platform (most cannot; notes stay local). */
  platformNotes: boolean;
  /** Moderation actions this connector performs (the UI offers exactly these). */
  moderation: ReadonlyArray<ModerationKind>;
  /** Why an action is unavailable with the current setup (e.g. "needs a user token"), per action. */
  moderationNotes?: Partial<Record<ModerationKind, Localized>>;
  /** Has a push stream (subscribe); polling still runs for catch-up. */
  push: boolean;
  /** Receives webhooks (a desktop app has no public URL: false everywhere today). */
  webhooks: boolean;
  /** The outbound text format the platform renders, and its hard length limit (characters). */
  replyFormat: 'markdown' | 'discord-markdown' | 'slack-mrkdwn' | 'email' | 'text';
  maxReplyLength: number;
};

/** A normalized inbound item: one platform message and the conversation it belongs to. */
export type NormalizedItem = {
  conversation: {
    externalId: string;
    title: string;
    url: string | null;
    createdAt: number; // ms epoch
    kind: 'topic' | 'private_message' | 'thread' | 'ticket' | 'channel' | 'modmail' | 'email';
    /** Platform data the connector needs back when replying (e.g. email References). JSON-safe. */
    meta?: Record<string, unknown>;
  };
  member: {
    externalId: string;
    username: string;
    displayName: string;
    avatarUrl: string | null;
    /** Staff/agent accounts on the platform: their posts count as outbound, not member traffic. */
    isStaff: boolean;
  };
  message: {
    externalId: string;
    bodyHtml: string;
    bodyText: string;
    createdAt: number;
    editedAt: number | null;
    /** Platform edit counter; a higher version replaces the stored text (edit history kept). */
    version: number;
    /** Deleted/hidden on the platform. */
    deleted: boolean;
    /** Permalink to this message on the platform (optional: not every platform has one). */
    url?: string | null;
    /** The message this one answers (reply chains), when the platform says. */
    replyToExternalId?: string | null;
    /** Files as metadata only (names sanitised by the connector: no path separators). */
    attachments?: ReadonlyArray<{
      name: string;
      contentType: string | null;
      size: number | null;
      url: string | null;
    }>;
    /** Platform data the connector needs back when replying to this message (e.g. Message-ID). */
    meta?: Record<string, unknown>;
  };
  /**
   * Present when the item is reported, flagged, filtered or held for review: the core files a
   * moderation item in the queue beside support conversations.
   */
  moderation?: {
    state: 'reported' | 'flagged' | 'filtered' | 'held';
    reasons: string[];
    reportCount: number;
  };
};

/** A raw item the connector could not normalize: quarantined with the reason, never fatal. */
export type RejectedItem = { reason: string; raw: unknown };

/** What one fetch (a poll page or a stream batch) delivers. */
export type ItemBatch = {
  items: NormalizedItem[];
  rejected: RejectedItem[];
  /** Messages deleted on the platform (external ids) when only their id is known. */
  deletions?: string[];
  /** Opaque cursor to store after the batch is committed (undefined = keep the stored one). */
  cursor?: unknown;
};

export type PollResult = ItemBatch & {
  /** Opaque cursor to store; the next poll starts from it. */
  cursor: unknown;
  /** True when more pages are waiting (the scheduler polls again soon). */
  more: boolean;
};

/** Opens a WebSocket (a port, so tests point connectors at simulators). */
export type WebSocketFactory = (url: string, protocols?: string | string[]) => WebSocket;

export type SourceContext = {
  sourceId: number;
  baseUrl: string;
  config: Record<string, unknown>;
  /** Named secrets the connector declared (decrypted). Only connectors see them; never log them. */
  secrets: Readonly<Record<string, string | null>>;
  /** The first declared secret (kept for single-secret connectors). */
  secret: string | null;
  /** Store a rotated secret (e.g. a refreshed OAuth token), encrypted, without asking the user. */
  persistSecret(name: string, value: string): void;
  http: HttpFetch;
  webSocket?: WebSocketFactory;
  logger: Logger;
  signal?: AbortSignal;
  /** Shared per-source limiter: call before every request; fed by the platform's headers. */
  limiter: RateLimiter;
  now(): number;
};

/** Context of a long-lived push stream (WebSocket, socket or library client). */
export type StreamContext = SourceContext & {
  /**
   * Hands a batch to the core. Resolves only after the items (and the cursor) are committed, so the
   * connector acknowledges to the platform after this resolves — never before.
   */
  deliver(batch: ItemBatch): Promise<void>;
  /** The stream is alive (heartbeat acknowledged / event received): resets the supervisor's watchdog. */
  alive(): void;
  /** Connection state for the source's health line. */
  status(state: 'connecting' | 'live', detail?: string): void;
};

export type StreamHandle = {
  /** Settles when the stream ends: resolves on a clean close, rejects with a ConnectorError on failure. */
  done: Promise<void>;
  close(): Promise<void>;
};

/** Structured outbound content; each connector renders it to its platform's format and limit. */
export type OutboundContent = {
  /** Markdown (CommonMark) typed by the agent or filled from a canned response. */
  markdown: string;
};

export type OutboundReply = {
  outboxId: number;
  conversationExternalId: string;
  /** Reply target within the conversation (e.g. Discourse post_number, a Reddit fullname), if any. */
  replyToExternalId: string | null;
  /** Markdown as typed (legacy name; same as content.markdown). */
  body: string;
  content?: OutboundContent;
  /** The conversation's and target message's stored platform meta (email headers, channel ids…). */
  conversationMeta?: Record<string, unknown>;
  replyToMeta?: Record<string, unknown>;
  idempotencyKey: string;
  /** When the reply was queued (ms): reconciliation only considers platform posts after this. */
  queuedAt: number;
};

export type SentReceipt = { externalId: string; url: string | null; createdAt: number };

/** A moderation action as the core asks a connector to perform it. */
export type ModerationRequest = {
  kind: ModerationKind;
  conversationExternalId: string;
  /** The message acted on (remove/approve), if any. */
  messageExternalId: string | null;
  /** The member acted on (ban/timeout), if any. */
  memberExternalId: string | null;
  reason: string | null;
  /** ban/timeout duration; null = permanent ban. */
  durationMinutes: number | null;
  idempotencyKey: string;
  meta?: Record<string, unknown>;
};
export type ModerationResult = { platformResponse: string };

/** Error classes a connector throws so the core can decide: retry, reconcile or give up. */
export class ConnectorError extends Error {
  constructor(
    message: string,
    /**
     * - `transient`: did not reach the platform or was refused before acting (retry with backoff);
     * - `rate_limited`: 429; `retryAfterMs` says when;
     * - `unknown_outcome`: the request may have been applied (timeout after sending): reconcile first;
     * - `permanent`: the platform rejected it (4xx validation/auth); do not retry automatically.
     */
    public readonly kind: 'transient' | 'rate_limited' | 'unknown_outcome' | 'permanent',
    public readonly retryAfterMs?: number,
    public readonly status?: number,
    /** A stable reason code the UI translates (see ConnectorReason). */
    public readonly reason?: ConnectorReason,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/**
 * Reasons the UI translates for "Test connection", health lines and delivery errors (auth, forbidden,
 * not_found, network, tls, timeout, rate_limited, config, platform_error, too_long, empty, unsupported).
 */
export type { ConnectorReason };

export interface RateLimiter {
  /** Resolves when a request may be made (waits out Retry-After pauses and the token bucket). */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Feed a response's headers/status so the limiter learns the platform's limits. */
  observe(status: number, headers: Headers, bodyWaitSeconds?: number): void;
  /** ms until the next request may go (0 = now). */
  delayMs(): number;
}

/** Result of rendering outbound content for a platform. */
export type RenderResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'too_long' | 'empty' | 'unsupported'; message: string };

export interface Connector {
  readonly platform: PlatformId;
  /** Display name ("Discourse"), same in every language unless a platform says otherwise. */
  readonly label: Localized;
  readonly capabilities: Capabilities;
  /** The setup form: non-secret config fields and named secrets, in display order. */
  readonly fields: ReadonlyArray<FieldSpec>;
  /** zod schema of the non-secret config (the fields whose kind is not `secret`). */
  readonly configSchema: z.ZodType<Record<string, unknown>>;
  /** Default requests-per-minute budget (the limiter's bucket) before the platform says otherwise. */
  readonly defaultRatePerMinute: number;
  /** Fetch items newer than the cursor (null = first sync). Throws ConnectorError on failure. */
  poll(ctx: SourceContext, cursor: unknown): Promise<PollResult>;
  /**
   * Optional push stream. The scheduler supervises it: on end or failure it reconnects with backoff
   * and jitter, and runs a catch-up poll from the stored cursor before every (re)subscribe.
   */
  subscribe?(ctx: StreamContext, cursor: unknown): StreamHandle;
  /** "Test connection": one cheap authenticated call; throws ConnectorError with a reason. */
  test(ctx: SourceContext): Promise<{ account: string }>;
  /** Renders outbound content to the platform's format and checks its length limit before sending. */
  render(content: OutboundContent): RenderResult;
  /** Post a reply. Throws ConnectorError. */
  send(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt>;
  /**
   * After an unknown outcome: look on the platform for a reply we may already have posted.
   * Returns its receipt, or null when it is certainly not there (safe to resend).
   */
  findSent(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt | null>;
  /** Performs a moderation action listed in capabilities.moderation. Throws ConnectorError. */
  moderate?(ctx: SourceContext, action: ModerationRequest): Promise<ModerationResult>;
  /**
   * Replay: normalizes one recorded payload (an API response body, a gateway/event frame, a raw
   * message file) with the same code the connector uses live, with no network. Files are read by
   * the replay command; `kind` is a hint from the file name/extension.
   */
  replay?(payload: unknown, hint: { fileName: string }): ItemBatch & { skipped: number };
}
