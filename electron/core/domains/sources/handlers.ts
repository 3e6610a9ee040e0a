// electron/core/domains/sources: connected communities — listing, adding, removing, syncing, quarantine.
import { randomUUID } from 'node:crypto';
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { allConnectors, getConnector, platformInfo } from '../../connectors/registry';
import type { Connector } from '../../connectors/types';
import type { HandlerDeps } from '../deps';
import { writeSourceSecrets } from './sourceSecrets';

function knownConnector(platform: string): Connector {
  try {
    return getConnector(platform);
  } catch {
    throw new AppError('invalid_input', `platform: no connector for "${platform}"`);
  }
}

type Methods = 'sources.list' | 'sources.connectors' | 'sources.add' | 'sources.addDiscourse' | 'sources.remove' | 'sources.setBaseUrl' | 'sources.syncNow' | 'sources.quarantine';

export function createSourcesHandlers(d: HandlerDeps): RoomHandlers<Methods> {
  const { repos: r, bus } = d;
  return {
    'sources.list': () => r.sources.list(),
    'sources.connectors': () =>
      allConnectors().map((c) => ({
        platform: c.platform,
        label: c.label,
        fields: c.fields.map((f) => ({ ...f, options: f.options?.map((o) => ({ ...o })), when: f.when ? { key: f.when.key, in: [...f.when.in] } : undefined })),
        capabilities: platformInfo(c.platform).capabilities,
      })),
    'sources.add': (input, call) => {
      if (!r.clients.get(input.clientId)) throw new AppError('not_found', `Client ${input.clientId} not found`);
      const connector = knownConnector(input.platform);
      const secretKeys = new Set(connector.fields.filter((f) => f.kind === 'secret').map((f) => f.key));
      for (const key of Object.keys(input.secrets)) if (!secretKeys.has(key)) throw new AppError('invalid_input', `secrets.${key}: ${connector.label.en} has no such secret`);
      for (const f of connector.fields) {
        if (f.kind === 'secret' && f.required && !input.secrets[f.key] && (!f.when || f.when.in.includes(String(input.config[f.when.key] ?? '')))) {
          throw new AppError('invalid_input', `secrets.${f.key}: required`);
        }
      }
      const parsed = connector.configSchema.safeParse(input.config);
      if (!parsed.success) {
        const i = parsed.error.issues[0]!;
        throw new AppError('invalid_input', `config.${i.path.join('.') || '(root)'}: ${i.message}`);
      }
      const firstSecret = connector.fields.find((f) => f.kind === 'secret')?.key ?? null;
      const ref = Object.keys(input.secrets).length ? writeSourceSecrets(d.secrets, null, firstSecret, input.secrets) : null;
      let src;
      try {
        src = d.commands.run(call, 'source.add', { entity: 'source', id: 0 }, ({ at }) =>
          r.sources.insert({ clientId: input.clientId, platform: input.platform, name: input.name, baseUrl: input.baseUrl.replace(/\/+$/, ''), config: parsed.data, secretRef: ref }, at),
          (s) => ({ sourceId: s.id, platform: s.platform, baseUrl: s.baseUrl }),
        );
      } catch (err) {
        if (ref) d.secrets.delete(ref); // nothing half-saved: the secrets go with the refused source
        throw err;
      }
      d.sync.add(src.id);
      bus.emit('sources.changed', { sourceId: src.id });
      return src;
    },
    'sources.addDiscourse': (input, call) => {
      if (!r.clients.get(input.clientId)) throw new AppError('not_found', `Client ${input.clientId} not found`);
      const ref = `source-key:${randomUUID()}`;
      d.secrets.set(ref, input.apiKey);
      const src = d.commands.run(call, 'source.add', { entity: 'source', id: 0 }, ({ at }) =>
        r.sources.insert(
          { clientId: input.clientId, platform: 'discourse', name: input.name, baseUrl: input.baseUrl.replace(/\/+$/, ''), config: { apiUsername: input.apiUsername }, secretRef: ref },
          at,
        ),
        (s) => ({ sourceId: s.id, platform: s.platform, baseUrl: s.baseUrl }),
      );
      d.sync.add(src.id);
      bus.emit('sources.changed', { sourceId: src.id });
      return src;
    },
    'sources.remove': ({ id }, call) => {
      const rec = r.sources.record(id);
      if (!rec) throw new AppError('not_found', `Source ${id} not found`);
      d.sync.remove(id);
      d.commands.run(call, 'source.remove', { entity: 'source', id }, () => r.sources.remove(id), () => ({ name: rec.name }));
      if (rec.secretRef) d.secrets.delete(rec.secretRef);
      d.onSourceRemoved?.(id);
      bus.emit('sources.changed', { sourceId: id });
      bus.emit('queue.changed', { reason: 'source-removed' });
      return { ok: true as const };
    },
    'sources.setBaseUrl': ({ id, baseUrl }, call) => {
      const rec = r.sources.record(id);
      if (!rec) throw new AppError('not_found', `Source ${id} not found`);
      const url = baseUrl.replace(/\/+$/, '');
      d.commands.run(call, 'source.setBaseUrl', { entity: 'source', id }, () => r.sources.setBaseUrl(id, url), () => ({ baseUrl: url }));
      bus.emit('sources.changed', { sourceId: id });
      return r.sources.get(id)!;
    },
    'sources.syncNow': ({ id }) => {
      if (!r.sources.get(id)) throw new AppError('not_found', `Source ${id} not found`);
      d.sync.syncNow(id);
      return { ok: true as const };
    },
    'sources.quarantine': ({ sourceId, limit }) => r.quarantine.list(sourceId, limit),
  };
}
