// electron/core/domains/clients: the clients room (client brands: name, colour, zone, first-reply target, briefing).
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { isValidZone } from '../../../../shared/sla/tz';
import type { HandlerDeps } from '../deps';

export function createClientsHandlers(d: HandlerDeps): RoomHandlers<'clients.list' | 'clients.create' | 'clients.update'> {
  const { repos: r } = d;
  const zoneOk = (tz: string | undefined) => {
    if (tz !== undefined && !isValidZone(tz)) throw new AppError('invalid_input', `timezone: unknown IANA time zone "${tz}"`);
  };
  return {
    'clients.list': () => r.clients.list(),
    'clients.create': (input, call) => {
      zoneOk(input.timezone);
      return d.commands.run(call, 'client.create', { entity: 'client', id: 0 }, ({ at }) => r.clients.insert({ ...input, isDemo: false }, at), (c) => ({ clientId: c.id, name: c.name }));
    },
    'clients.update': ({ id, ...patch }, call) => {
      zoneOk(patch.timezone);
      if (!r.clients.get(id)) throw new AppError('not_found', `Client ${id} not found`);
      // A new zone or first-reply target changes the client's open clocks like a schedule edit does:
      // re-targeted in the same transaction, or the whole change is refused.
      const retarget = patch.timezone !== undefined || patch.firstReplyMinutes !== undefined;
      const c = d.commands.run(call, 'client.update', { entity: 'client', id }, ({ at }) => {
        const updated = r.clients.update(id, patch)!;
        if (retarget) d.sla.retargetClient(id, at);
        return updated;
      }, () => ({ fields: Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined) }));
      if (retarget) d.bus.emit('queue.changed', { reason: 'client-sla' });
      return c;
    },
  };
}
