// shared/ipc/domains: the sources room of the contract — connected communities (a forum, a subreddit, a server, a mailbox) and their sync.
import { z } from 'zod';
import { Id, QuarantineItem, Source } from '../../domain/entities';
import { defineEvents, defineMethods } from '../define';

export const AddDiscourseSource = z.object({
  clientId: Id,
  name: z.string().min(1).max(100),
  baseUrl: z.url({ protocol: /^https?$/ }),
  apiUsername: z.string().min(1).max(100),
  /** Secret: goes straight to the encrypted secret store, never stored or returned in plain text. */
  apiKey: z.string().min(1).max(500),
});
export type AddDiscourseSource = z.input<typeof AddDiscourseSource>;

const Ok = z.object({ ok: z.literal(true) });
const ById = z.object({ id: Id });

export const methods = defineMethods({
  'sources.list': { read: true, input: z.object({}), output: z.array(Source) },
  'sources.addDiscourse': { input: AddDiscourseSource, output: Source },
  'sources.remove': { input: ById, output: Ok },
  'sources.syncNow': { input: ById, output: Ok },
  'sources.quarantine': { read: true,
    input: z.object({ sourceId: Id.optional(), limit: z.number().int().min(1).max(500).default(100) }),
    output: z.array(QuarantineItem),
  },
});

export const events = defineEvents({
  'sources.changed': z.object({ sourceId: Id }),
  'sync.progress': z.object({ sourceId: Id, phase: z.enum(['started', 'page', 'done', 'failed']), items: z.number().int(), message: z.string().optional() }),
});
