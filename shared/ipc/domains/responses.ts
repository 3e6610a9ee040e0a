// shared/ipc/domains: the responses room of the contract — canned responses. A library per client
// plus agency-wide responses (clientId null) that a client response may override; locale and
// platform variants; use counted per response, client and agent; "not used in N days" for cleanup;
// CSV and JSON import/export with one error per bad row (the file formats: shared/responses).
import { z } from 'zod';
import { Id, Instant } from '../../domain/entities';
import { LocaleTag, PlatformId, Shortcut, Tag } from '../../responses/schema';
import { defineEvents, defineMethods } from '../define';

export const VariantRecord = z.object({
  locale: z.string(),
  platform: z.string().nullable(),
  body: z.string(),
});
export const ResponseRecord = z.object({
  id: z.string(),
  /** null: agency-wide. */
  clientId: Id.nullable(),
  overrides: z.string().nullable(),
  shortcut: z.string(),
  title: z.string(),
  folder: z.string(),
  tags: z.array(z.string()),
  variants: z.array(VariantRecord),
  createdAt: Instant,
  updatedAt: Instant,
});
export type ResponseRecord = z.infer<typeof ResponseRecord>;

/** What an editor sends; the body of every variant is validated as a template by the core. */
export const ResponseDraft = z.object({
  /** Absent: a new response (the core assigns an id). */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
    .optional(),
  clientId: Id.nullable(),
  overrides: z.string().min(1).max(64).nullable().default(null),
  shortcut: Shortcut,
  title: z.string().trim().min(1).max(200),
  folder: z.string().max(200).default(''),
  tags: z.array(Tag).max(50).default([]),
  variants: z
    .array(
      z.object({
        locale: LocaleTag,
        platform: PlatformId.nullable(),
        body: z.string().min(1).max(100_000),
      }),
    )
    .min(1)
    .max(100),
});
export type ResponseDraft = z.input<typeof ResponseDraft>;

export const TransferFormat = z.enum(['csv', 'json']);
export const ImportRowError = z.object({
  row: z.number().int(),
  line: z.number().int().optional(),
  field: z.string().optional(),
  message: z.string(),
  text: z.string(),
});
export const ExportFile = z.object({
  filename: z.string(),
  mimeType: z.string(),
  text: z.string(),
});

export const methods = defineMethods({
  /** One library as stored: a client's own responses, or the agency-wide ones (clientId null). */
  'responses.list': {
    read: true,
    input: z.object({ clientId: Id.nullable() }),
    output: z.array(ResponseRecord),
  },
  /**
   * What the composer offers for a client: its own responses plus the agency ones it does not
   * override, with this agent's uses for this client (picker weight) and all agents' uses.
   */
  'responses.library': {
    read: true,
    input: z.object({ clientId: Id }),
    output: z.object({
      responses: z.array(ResponseRecord),
      usage: z.record(z.string(), z.number().int()),
      totals: z.record(z.string(), z.number().int()),
    }),
  },
  'responses.save': { input: z.object({ response: ResponseDraft }), output: ResponseRecord },
  'responses.delete': {
    input: z.object({ id: z.string().min(1).max(64) }),
    output: z.object({ deleted: z.boolean() }),
  },
  /** A canned response was inserted into a reply to this conversation (counts one use). */
  'responses.used': {
    input: z.object({ responseId: z.string().min(1).max(64), conversationId: Id }),
    output: z.object({ uses: z.number().int() }),
  },
  /** Responses of the client's library not used for this client in `days` days (nor created in them). */
  'responses.stale': {
    read: true,
    input: z.object({ clientId: Id, days: z.number().int().min(1).max(3650).default(90) }),
    output: z.array(
      z.object({
        response: ResponseRecord,
        lastUsedAt: Instant.nullable(),
        uses: z.number().int(),
      }),
    ),
  },
  'responses.export': {
    read: true,
    input: z.object({ clientId: Id.nullable(), format: TransferFormat }),
    output: ExportFile,
  },
  /**
   * Imports a file into one library (all or nothing): rows are created or updated by id; a bad file
   * or row saves nothing and returns one error per bad row.
   */
  'responses.import': {
    input: z.object({
      clientId: Id.nullable(),
      format: TransferFormat,
      text: z.string().max(20_000_000),
    }),
    output: z.object({
      ok: z.boolean(),
      created: z.number().int(),
      updated: z.number().int(),
      errors: z.array(ImportRowError),
    }),
  },
});

export const events = defineEvents({
  'responses.changed': z.object({ clientId: Id.nullable() }),
});
