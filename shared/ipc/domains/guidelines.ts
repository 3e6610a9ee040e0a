// shared/ipc/domains: the guidelines room of the contract — a client's brand guideline (JSON or
// YAML source + the parsed rule set), export/import, "check this text" for account managers, and
// the overrides agents made on send (counted per client for reports). The linter itself is
// shared/guidelines; the core re-checks every reply on send (replies.send).
import { z } from 'zod';
import { Guideline } from '../../guidelines/schema';
import { Id, Instant } from '../../domain/entities';
import { defineEvents, defineMethods } from '../define';
import { ExportFile } from './responses';

export const GuidelineFormat = z.enum(['json', 'yaml']);
export const ClientGuideline = z.object({
  clientId: Id,
  /** null: the client has no guideline yet. */
  format: GuidelineFormat.nullable(),
  source: z.string(),
  guideline: Guideline.nullable(),
  updatedAt: Instant.nullable(),
});
export type ClientGuideline = z.infer<typeof ClientGuideline>;

export const FindingRecord = z.object({
  ruleId: z.string(),
  kind: z.string(),
  severity: z.enum(['error', 'warning', 'suggestion']),
  message: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  fix: z
    .object({
      label: z.string(),
      edits: z.array(
        z.object({ start: z.number().int(), end: z.number().int(), text: z.string() }),
      ),
    })
    .optional(),
});
export type FindingRecord = z.infer<typeof FindingRecord>;

const Source = z.object({
  clientId: Id,
  source: z.string().max(1_000_000),
  format: GuidelineFormat.optional(),
});

export const methods = defineMethods({
  'guidelines.get': { read: true, input: z.object({ clientId: Id }), output: ClientGuideline },
  /** Saves a guideline (refused with every bad field named; nothing saved). Empty source removes it. */
  'guidelines.set': { input: Source, output: ClientGuideline },
  'guidelines.import': { input: Source, output: ClientGuideline },
  'guidelines.export': { read: true, input: z.object({ clientId: Id }), output: ExportFile },
  /** "Check this text": the client's guideline against a text, as the composer and send check it. */
  'guidelines.check': {
    read: true,
    input: z.object({
      clientId: Id,
      text: z.string().max(100_000),
      platform: z.string().max(40).optional(),
      /** The reply's language; detected from the text when absent. */
      language: z.string().max(20).optional(),
      memberLanguage: z.string().max(20).optional(),
    }),
    output: z.object({
      findings: z.array(FindingRecord),
      blocksSend: z.boolean(),
      language: z.string(),
    }),
  },
  /** Overrides of error findings on send in [from, to): how many, by rule and by agent, and each one. */
  'guidelines.overrides': {
    read: true,
    input: z.object({
      clientId: Id,
      from: Instant,
      to: Instant,
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    output: z.object({
      count: z.number().int(),
      byRule: z.array(z.object({ ruleId: z.string(), count: z.number().int() })),
      byAgent: z.array(
        z.object({ agentId: Id.nullable(), name: z.string(), count: z.number().int() }),
      ),
      items: z.array(
        z.object({
          id: Id,
          at: Instant,
          agentId: Id.nullable(),
          agentName: z.string(),
          conversationId: Id.nullable(),
          messageId: Id.nullable(),
          reason: z.string(),
          ruleIds: z.array(z.string()),
        }),
      ),
    }),
  },
});

export const events = defineEvents({
  'guidelines.changed': z.object({ clientId: Id }),
});
