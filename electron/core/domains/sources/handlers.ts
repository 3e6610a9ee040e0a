// electron/core/domains/sources: connected communities — the generic setup of any platform from its
// connector's declared fields (add, update, test connection, remove), listing, syncing, quarantine.
// Nothing here names a platform: each connector declares its fields, secrets and config schema.
import type { Source } from '../../../../shared/domain/entities';
import type { RoomHandlers, SourceWithSecrets } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { allConnectors, getConnector, platformInfo } from '../../connectors/registry';
import { reasonOf } from '../../connectors/reason';
import { redactSecrets } from '../../connectors/redact';
import type { Connector } from '../../connectors/types';
import type { HandlerDeps } from '../deps';
import { firstSecretOf } from './context';
import { readSourceSecrets, writeSourceSecrets } from './sourceSecrets';

/** "Test connection" gives up after this long (a connector's own request timeout is usually shorter). */
const TEST_TIMEOUT_MS = 30_000;

function knownConnector(platform: string): Connector {
  try {
    return getConnector(platform);
  } catch {
    throw new AppError('invalid_input', `platform: no connector for "${platform}"`);
  }
}

const trimUrl = (u: string) => u.replace(/\/+$/, '');

/** A field shown under its `when` condition (hidden fields are neither required nor kept). */
const shown = (f: Connector['fields'][number], config: Record<string, unknown>) =>
  !f.when || f.when.in.includes(String(config[f.when.key] ?? ''));

/**
 * Validates a setup against the connector's declarations: only declared secrets, required secrets
 * present (`has` says whether one is already stored), config by the connector's schema. Returns the
 * parsed config. Throws invalid_input naming the field.
 */
function validateSetup(
  connector: Connector,
  config: Record<string, unknown>,
  secrets: Record<string, string>,
  has: (key: string) => boolean,
): Record<string, unknown> {
  const secretKeys = new Set(connector.fields.filter((f) => f.kind === 'secret').map((f) => f.key));
  for (const key of Object.keys(secrets))
    if (!secretKeys.has(key))
      throw new AppError(
        'invalid_input',
        `secrets.${key}: ${connector.label.en} has no such secret`,
      );
  for (const f of connector.fields) {
    if (f.kind === 'secret' && f.required && shown(f, config) && !secrets[f.key] && !has(f.key))
      throw new AppError('invalid_input', `secrets.${f.key}: required`);
  }
  const parsed = connector.configSchema.safeParse(config);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new AppError('invalid_input', `config.${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return parsed.data;
}

type Methods =
  | 'sources.list'
  | 'sources.connectors'
  | 'sources.add'
  | 'sources.update'
  | 'sources.test'
  | 'sources.remove'
  | 'sources.syncNow'
  | 'sources.quarantine';

export function createSourcesHandlers(d: HandlerDeps): RoomHandlers<Methods> {
  const { repos: r, bus } = d;
  /** Which declared secrets a source has stored: names only, for the form's "set — replace". */
  const withSecrets = (s: Source): SourceWithSecrets => {
    let declared: string[] = [];
    let first: string | null = null;
    try {
      const c = getConnector(s.platform);
      declared = c.fields.filter((f) => f.kind === 'secret').map((f) => f.key);
      first = firstSecretOf(c);
    } catch {
      /* unknown platform: no declared secrets */
    }
    const rec = r.sources.record(s.id);
    const stored = readSourceSecrets(d.secrets, rec?.secretRef ?? null, first);
    return { ...s, secretsSet: declared.filter((k) => Boolean(stored[k])) };
  };
  return {
    'sources.list': () => r.sources.list().map(withSecrets),
    'sources.connectors': () =>
      allConnectors().map((c) => ({
        platform: c.platform,
        label: c.label,
        fields: c.fields.map((f) => ({
          ...f,
          options: f.options?.map((o) => ({ ...o })),
          when: f.when ? { key: f.when.key, in: [...f.when.in] } : undefined,
        })),
        capabilities: platformInfo(c.platform).capabilities,
      })),
    'sources.add': (input, call) => {
      if (!r.clients.get(input.clientId))
        throw new AppError('not_found', `Client ${input.clientId} not found`);
      const connector = knownConnector(input.platform);
      const config = validateSetup(connector, input.config, input.secrets, () => false);
      const ref = Object.keys(input.secrets).length
        ? writeSourceSecrets(d.secrets, null, firstSecretOf(connector), input.secrets)
        : null;
      let src;
      try {
        src = d.commands.run(
          call,
          'source.add',
          { entity: 'source', id: 0 },
          ({ at }) =>
            r.sources.insert(
              {
                clientId: input.clientId,
                platform: input.platform,
                name: input.name,
                baseUrl: trimUrl(input.baseUrl),
                config,
                secretRef: ref,
              },
              at,
            ),
          (s) => ({ sourceId: s.id, platform: s.platform, baseUrl: s.baseUrl }),
        );
      } catch (err) {
        if (ref) d.secrets.delete(ref); // nothing half-saved: the secrets go with the refused source
        throw err;
      }
      d.sync.add(src.id);
      bus.emit('sources.changed', { sourceId: src.id });
      return withSecrets(src);
    },
    'sources.update': async (input, call) => {
      const rec = r.sources.record(input.id);
      if (!rec) throw new AppError('not_found', `Source ${input.id} not found`);
      const connector = knownConnector(rec.platform);
      const first = firstSecretOf(connector);
      const stored = readSourceSecrets(d.secrets, rec.secretRef, first);
      const patch = input.secrets ?? {};
      const config = validateSetup(connector, input.config ?? rec.config, patch, (k) =>
        Boolean(stored[k]),
      );
      // Only the secrets given are replaced; the others stay as stored. The old value is kept until
      // the command commits, so a refused update changes nothing.
      const before = rec.secretRef ? d.secrets.get(rec.secretRef) : null;
      const ref = Object.keys(patch).length
        ? writeSourceSecrets(d.secrets, rec.secretRef, first, patch)
        : rec.secretRef;
      let src;
      try {
        src = d.commands.run(
          call,
          'source.update',
          { entity: 'source', id: rec.id },
          () => {
            r.sources.update(rec.id, {
              name: input.name,
              baseUrl: input.baseUrl === undefined ? undefined : trimUrl(input.baseUrl),
              config,
            });
            if (ref !== rec.secretRef) r.sources.setSecretRef(rec.id, ref);
            return r.sources.get(rec.id)!;
          },
          (s) => ({
            sourceId: s.id,
            name: s.name,
            baseUrl: s.baseUrl,
            configKeys: Object.keys(config),
            secretsReplaced: Object.keys(patch),
          }),
        );
      } catch (err) {
        if (ref && ref !== rec.secretRef) d.secrets.delete(ref);
        if (rec.secretRef && before != null) d.secrets.set(rec.secretRef, before);
        throw err;
      }
      if (rec.secretRef && ref !== rec.secretRef) d.secrets.delete(rec.secretRef); // a legacy key migrated to the named form
      // The scheduler starts again from the stored state: the next poll or stream uses the new settings.
      await d.sync.reload(rec.id);
      bus.emit('sources.changed', { sourceId: rec.id });
      return withSecrets(src);
    },
    'sources.test': async (input) => {
      let connector: Connector;
      let spec: {
        sourceId: number;
        baseUrl: string;
        config: Record<string, unknown>;
        secretRef: string | null;
        secretOverrides: Record<string, string>;
        persist?: { setSecretRef(ref: string): void };
      };
      let known: string[] = [];
      try {
        if ('id' in input) {
          const rec = r.sources.record(input.id);
          if (!rec) throw new AppError('not_found', `Source ${input.id} not found`);
          connector = knownConnector(rec.platform);
          const stored = readSourceSecrets(d.secrets, rec.secretRef, firstSecretOf(connector));
          known = Object.values(stored);
          const overrides = input.secrets ?? {};
          const config = validateSetup(connector, input.config ?? rec.config, overrides, (k) =>
            Boolean(stored[k]),
          );
          spec = {
            sourceId: rec.id,
            baseUrl: input.baseUrl === undefined ? rec.baseUrl : trimUrl(input.baseUrl),
            config,
            secretRef: rec.secretRef,
            secretOverrides: overrides,
            persist: { setSecretRef: (ref) => r.sources.setSecretRef(rec.id, ref) },
          };
        } else {
          connector = knownConnector(input.platform);
          const config = validateSetup(connector, input.config, input.secrets, () => false);
          spec = {
            sourceId: 0,
            baseUrl: trimUrl(input.baseUrl),
            config,
            secretRef: null,
            secretOverrides: input.secrets,
          };
        }
      } catch (err) {
        if (err instanceof AppError && err.code === 'invalid_input')
          return { ok: false as const, reason: 'config' as const, message: err.message };
        throw err;
      }
      const secrets = [...known, ...Object.values(spec.secretOverrides)];
      const ctx = d.sync.setupContext({
        connector,
        ...spec,
        signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
      });
      try {
        const { account } = await connector.test(ctx);
        return { ok: true as const, account: redactSecrets(account, secrets).slice(0, 200) };
      } catch (err) {
        // The reason is a code the UI translates; the detail is the connector's fixed text, redacted again.
        const message = redactSecrets(
          err instanceof Error ? err.message : String(err),
          secrets,
        ).slice(0, 500);
        return { ok: false as const, reason: reasonOf(err), message };
      }
    },
    'sources.remove': async ({ id }, call) => {
      const rec = r.sources.record(id);
      if (!rec) throw new AppError('not_found', `Source ${id} not found`);
      await d.sync.remove(id);
      d.commands.run(
        call,
        'source.remove',
        { entity: 'source', id },
        () => r.sources.remove(id),
        () => ({ name: rec.name }),
      );
      if (rec.secretRef) d.secrets.delete(rec.secretRef);
      d.onSourceRemoved?.(id);
      bus.emit('sources.changed', { sourceId: id });
      bus.emit('queue.changed', { reason: 'source-removed' });
      return { ok: true as const };
    },
    'sources.syncNow': ({ id }) => {
      if (!r.sources.get(id)) throw new AppError('not_found', `Source ${id} not found`);
      d.sync.syncNow(id);
      return { ok: true as const };
    },
    'sources.quarantine': ({ sourceId, limit }) => r.quarantine.list(sourceId, limit),
  };
}
