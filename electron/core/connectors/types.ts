// electron/core/connectors: the interface every platform connector implements.
// A connector is stateless: the core stores cursors, health and outbox rows, and hands them in.
import type { z } from 'zod';
import type { Platform } from '../../../shared/domain/entities';
import type { HttpFetch, Logger } from '../ports';

export type Capabilities = {
  /** Can post a public reply in a conversation. */
  reply: boolean;
  /** Can post a private/internal note on the platform (most cannot; notes stay local). */
  platformNotes: boolean;
  /** Moderation actions the platform API offers (for later issues). */
  moderation: ReadonlyArray<'hide' | 'delete' | 'lock' | 'close' | 'suspend' | 'silence' | 'flag'>;
  /** Receives webhooks (else: polling only). */
  webhooks: boolean;
};

/** A normalized inbound item: one platform message and the conversation it belongs to. */
export type NormalizedItem = {
  conversation: {
    externalId: string;
    title: string;
    url: string | null;
    createdAt: number; // ms epoch
    kind: 'topic' | 'private_message' | 'thread' | 'ticket';
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
  };
};

/** A raw item the connector could not normalize: quarantined with the reason, never fatal. */
export type RejectedItem = { reason: string; raw: unknown };

export type PollResult = {
  items: NormalizedItem[];
  rejected: RejectedItem[];
  /** Opaque cursor to store; the next poll starts from it. */
  cursor: unknown;
  /** True when more pages are waiting (the scheduler polls again soon). */
  more: boolean;
};

export type SourceContext = {
  sourceId: number;
  baseUrl: string;
  config: Record<string, unknown>;
  /** The decrypted secret (API key). Only connectors see it; never log it. */
  secret: string | null;
  http: HttpFetch;
  logger: Logger;
  signal?: AbortSignal;
  /** Shared per-source limiter: call before every request; fed by the platform's headers. */
  limiter: RateLimiter;
};

export type OutboundReply = {
  outboxId: number;
  conversationExternalId: string;
  /** Reply target within the conversation (e.g. Discourse post_number), if any. */
  replyToExternalId: string | null;
  body: string;
  idempotencyKey: string;
  /** When the reply was queued (ms): reconciliation only considers platform posts after this. */
  queuedAt: number;
};

export type SentReceipt = { externalId: string; url: string | null; createdAt: number };

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
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export interface RateLimiter {
  /** Resolves when a request may be made (waits out Retry-After pauses and the token bucket). */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Feed a response's headers/status so the limiter learns the platform's limits. */
  observe(status: number, headers: Headers, bodyWaitSeconds?: number): void;
  /** ms until the next request may go (0 = now). */
  delayMs(): number;
}

export interface Connector {
  readonly platform: Platform;
  readonly capabilities: Capabilities;
  /** zod schema of the non-secret config this platform needs. */
  readonly configSchema: z.ZodType<Record<string, unknown>>;
  /** Default requests-per-minute budget (the limiter's bucket) before the platform says otherwise. */
  readonly defaultRatePerMinute: number;
  /** Fetch items newer than the cursor (null = first sync). Throws ConnectorError on failure. */
  poll(ctx: SourceContext, cursor: unknown): Promise<PollResult>;
  /** Post a reply. Throws ConnectorError. */
  send(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt>;
  /**
   * After an unknown outcome: look on the platform for a reply we may already have posted.
   * Returns its receipt, or null when it is certainly not there (safe to resend).
   */
  findSent(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt | null>;
}
