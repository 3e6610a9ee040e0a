// shared/ipc/domains: the replies room of the contract — outbound replies through the durable outbox.
import { z } from 'zod';
import { ConversationStatus, DeliveryState, Id, Message } from '../../domain/entities';
import { defineEvents, defineMethods } from '../define';

export const methods = defineMethods({
  'replies.send': {
    input: z.object({
      conversationId: Id,
      body: z.string().trim().min(1).max(32000),
      /** Client-generated id: a retried Send with the same key never queues a second reply. */
      idempotencyKey: z.string().min(8).max(100),
      /** After sending, set the conversation to this status (e.g. pending). */
      thenStatus: ConversationStatus.optional(),
      /**
       * Send despite error findings of the client's guideline (the core re-checks every reply); the
       * reason is audited with the acting agent and counted per client (guidelines.overrides).
       */
      override: z.object({ reason: z.string().trim().min(3).max(500) }).optional(),
    }),
    output: Message,
  },
  'replies.retry': { input: z.object({ messageId: Id }), output: Message },
});

export const events = defineEvents({
  'outbox.changed': z.object({
    messageId: Id,
    conversationId: Id,
    state: DeliveryState,
    error: z.string().nullable(),
  }),
});
