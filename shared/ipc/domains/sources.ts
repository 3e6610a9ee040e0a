// shared/ipc/domains: the sources room of the contract — connected communities (a forum, a subreddit,
// a server, a workspace, a mailbox), their generic setup from each connector's declared fields, and sync.
import { z } from 'zod';
import {
  Id,
  Localized,
  Platform,
  QuarantineItem,
  Source,
  SourceCapabilities,
} from '../../domain/entities';
import { CONNECTOR_REASONS } from '../../reasons';
import { defineEvents, defineMethods } from '../define';

/** One field of a connector's setup form (the Settings form is generated from these). */
export const ConnectorField = z.object({
  key: z.string(),
  kind: z.enum(['text', 'url', 'number', 'boolean', 'list', 'select', 'secret', 'textarea']),
  label: Localized,
  help: Localized.optional(),
  required: z.boolean(),
  placeholder: z.string().optional(),
  options: z.array(z.object({ value: z.string(), label: Localized })).optional(),
  when: z.object({ key: z.string(), in: z.array(z.string()) }).optional(),
});
export type ConnectorField = z.infer<typeof ConnectorField>;

export const ConnectorInfo = z.object({
  platform: Platform,
  label: Localized,
  fields: z.array(ConnectorField),
  capabilities: SourceCapabilities,
});
export type ConnectorInfo = z.infer<typeof ConnectorInfo>;

const ConfigValues = z
  .record(z.string().max(60), z.unknown())
  .refine((o) => Object.keys(o).length <= 50, 'at most 50 settings');
/** Secrets by field key: they go straight to the encrypted store, never to the database or back. */
const SecretValues = z
  .record(z.string().max(60), z.string().min(1).max(10_000))
  .refine((o) => Object.keys(o).length <= 20, 'at most 20 secrets');

export const SourceSetup = z.object({
  clientId: Id,
  platform: Platform,
  name: z.string().trim().min(1).max(100),
  /** The platform's address (forum URL, API base); empty = the connector's default (e.g. reddit.com). */
  baseUrl: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]).default(''),
  config: ConfigValues.default({}),
  secrets: SecretValues.default({}),
});
export type SourceSetup = z.input<typeof SourceSetup>;

/** The answer of "Test connection": the account the credentials act as, or a translatable reason. */
export const SourceTestResult = z.union([
  z.object({ ok: z.literal(true), account: z.string() }),
  z.object({ ok: z.literal(false), reason: z.enum(CONNECTOR_REASONS), message: z.string() }),
]);
export type SourceTestResult = z.infer<typeof SourceTestResult>;

/** A saved source's editable settings: secrets given here replace only those secrets (write-only). */
export const SourceUpdate = z.object({
  id: Id,
  name: z.string().trim().min(1).max(100).optional(),
  baseUrl: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]).optional(),
  config: ConfigValues.optional(),
  secrets: SecretValues.optional(),
});
export type SourceUpdate = z.input<typeof SourceUpdate>;

/**
 * "Test connection": a saved source (`id`, optionally with unsaved edits over its stored settings)
 * or an unsaved setup (the shape of sources.add).
 */
export const SourceTestInput = z.union([SourceUpdate.omit({ name: true }).strict(), SourceSetup]);
export type SourceTestInput = z.input<typeof SourceTestInput>;

/** A source as the sources room returns it: which declared secrets are stored (names only, never values). */
export const SourceWithSecrets = Source.extend({ secretsSet: z.array(z.string()) });
export type SourceWithSecrets = z.infer<typeof SourceWithSecrets>;

const Ok = z.object({ ok: z.literal(true) });
const ById = z.object({ id: Id });

export const methods = defineMethods({
  'sources.list': { input: z.object({}), output: z.array(SourceWithSecrets) },
  /** Every platform Steward can connect to, with its setup fields and capabilities. */
  'sources.connectors': { read: true, input: z.object({}), output: z.array(ConnectorInfo) },
  /** Adds a source of any platform, validated by that connector's declared config schema. */
  'sources.add': { input: SourceSetup, output: SourceWithSecrets },
  /** Changes a source's name, address, config and the secrets given (the others are kept). */
  'sources.update': { input: SourceUpdate, output: SourceWithSecrets },
  /** Calls the platform with the setup's credentials; a failure comes back as a translatable reason. */
  'sources.test': { input: SourceTestInput, output: SourceTestResult },
  'sources.remove': { input: ById, output: Ok },
  'sources.syncNow': { input: ById, output: Ok },
  'sources.quarantine': {
    read: true,
    input: z.object({
      sourceId: Id.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(QuarantineItem),
  },
});

export const events = defineEvents({
  'sources.changed': z.object({ sourceId: Id }),
  'sync.progress': z.object({
    sourceId: Id,
    phase: z.enum(['started', 'page', 'done', 'failed']),
    items: z.number().int(),
    message: z.string().optional(),
  }),
});
