// electron/core/domains/sources: connected communities — listing, adding, removing, syncing, quarantine.
import { randomUUID } from 'node:crypto';
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import type { HandlerDeps } from '../deps';

type Methods = 'sources.list' | 'sources.addDiscourse' | 'sources.remove' | 'sources.syncNow' | 'sources.quarantine';

export function createSourcesHandlers(d: HandlerDeps): RoomHandlers<Methods> {
  const { repos: r, bus } = d;
  return {
    'sources.list': () => r.sources.list(),
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
    'sources.syncNow': ({ id }) => {
      if (!r.sources.get(id)) throw new AppError('not_found', `Source ${id} not found`);
      d.sync.syncNow(id);
      return { ok: true as const };
    },
    'sources.quarantine': ({ sourceId, limit }) => r.quarantine.list(sourceId, limit),
  };
}
