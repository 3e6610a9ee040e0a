// shared/ipc/domains: the clients room of the contract — client brands.
import { z } from 'zod';
import { Client, Id } from '../../domain/entities';
import { defineEvents, defineMethods } from '../define';

export const methods = defineMethods({
  'clients.list': { read: true, input: z.object({}), output: z.array(Client) },
  'clients.create': {
    input: z.object({
      name: z.string().trim().min(1).max(100),
      color: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/)
        .default('#4b5563'),
      timezone: z.string().min(1).max(100).default('UTC'),
      firstReplyMinutes: z.number().int().positive().max(525600).default(240),
      briefing: z.string().max(20000).default(''),
      /** A client of the demo agency (labelled as demo in the UI). */
      isDemo: z.boolean().default(false),
    }),
    output: Client,
  },
  'clients.update': {
    input: z.object({
      id: Id,
      name: z.string().min(1).max(100).optional(),
      color: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/)
        .optional(),
      timezone: z.string().min(1).max(100).optional(),
      firstReplyMinutes: z.number().int().positive().max(525600).optional(),
      briefing: z.string().max(20000).optional(),
    }),
    output: Client,
  },
});

export const events = defineEvents({});
