// shared/ipc/domains: the audit room of the contract — the audit log.
import { z } from 'zod';
import { AuditEvent } from '../../domain/entities';
import { defineEvents, defineMethods } from '../define';

export const methods = defineMethods({
  'audit.list': {
    read: true,
    input: z.object({
      entity: z.string().max(100).optional(),
      entityId: z.string().max(100).optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: z.array(AuditEvent),
  },
});

export const events = defineEvents({});
