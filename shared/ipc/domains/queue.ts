// shared/ipc/domains: the queue room of the contract — the unified queue.
import { z } from 'zod';
import { ConversationStatus, Id, QueueRow, WorkKind } from '../../domain/entities';
import { defineEvents, defineMethods } from '../define';

export const QueueQuery = z.object({
  clientIds: z.array(Id).max(500).optional(),
  statuses: z.array(ConversationStatus).max(4).optional(),
  /** 'me' = assigned to the current agent, 'unassigned', or any. */
  assignee: z.enum(['any', 'me', 'unassigned']).default('any'),
  /** Support conversations or moderation items only (omitted: both). */
  kind: WorkKind.optional(),
  /** Full-text search over message text (FTS5 syntax is escaped: plain words). */
  search: z.string().max(200).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type QueueQuery = z.input<typeof QueueQuery>;

export const QueuePage = z.object({
  total: z.number().int(),
  /**
   * true: a search over a common word answered its page without counting every match, so `total`
   * is only a lower bound (offset + rows, plus one when more follow); `queue.count` has the exact total.
   */
  partialTotal: z.boolean().optional(),
  offset: z.number().int(),
  rows: z.array(QueueRow),
});
export type QueuePage = z.infer<typeof QueuePage>;

export const methods = defineMethods({
  'queue.list': { read: true, input: QueueQuery, output: QueuePage },
  /** The exact number of conversations `queue.list` would page through (offset and limit ignored). */
  'queue.count': { read: true, input: QueueQuery, output: z.object({ total: z.number().int() }) },
  'queue.counts': {
    read: true,
    input: z.object({}),
    output: z.object({
      open: z.number().int(),
      breached: z.number().int(),
      mine: z.number().int(),
    }),
  },
});

export const events = defineEvents({
  'queue.changed': z.object({ reason: z.string(), conversationIds: z.array(Id).optional() }),
});
