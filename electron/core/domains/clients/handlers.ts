// electron/core/domains/clients: the clients room (client brands: name, colour, zone, first-reply target, briefing).
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { isValidZone } from '../../../../shared/sla/tz';
import type { HandlerDeps } from '../deps';
import { applySlaChange } from '../sla/handlers';

export function createClientsHandlers(
  d: HandlerDeps,
): RoomHandlers<'clients.list' | 'clients.create' | 'clients.update'> {
  const { repos: r } = d;
  const zoneOk = (tz: string | undefined) => {
    if (tz !== undefined && !isValidZone(tz))
      throw new AppError('invalid_input', `timezone: unknown IANA time zone "${tz}"`);
  };
  return {
    'clients.list': () => r.clients.list(),
    'clients.create': (input, call) => {
      zoneOk(input.timezone);
      return d.commands.run(
        call,
        'client.create',
        { entity: 'client', id: 0 },
        ({ at }) => r.clients.insert(input, at),
        (c) => ({ clientId: c.id, name: c.name }),
      );
    },
    'clients.update': ({ id, ...patch }, call) => {
      zoneOk(patch.timezone);
      if (!r.clients.get(id)) throw new AppError('not_found', `Client ${id} not found`);
      // The first-reply target and the time zone (of the default schedule) are SLA settings: like a
      // schedule edit, validated against the open conversations and applied with their re-targeting
      // in the same transaction, or the whole change is refused.
      const slaField =
        patch.firstReplyMinutes !== undefined
          ? 'firstReplyMinutes'
          : patch.timezone !== undefined
            ? 'timezone'
            : null;
      const write = () => void r.clients.update(id, patch);
      d.commands.run(
        call,
        'client.update',
        { entity: 'client', id },
        () => {
          if (slaField)
            applySlaChange(
              { db: d.db, sla: d.sla, clock: d.clock, bus: d.bus, clients: r.clients },
              id,
              slaField,
              write,
            );
          else write();
        },
        () => ({
          fields: Object.keys(patch).filter(
            (k) => (patch as Record<string, unknown>)[k] !== undefined,
          ),
        }),
      );
      return r.clients.get(id)!;
    },
  };
}
