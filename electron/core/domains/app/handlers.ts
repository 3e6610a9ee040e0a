// electron/core/domains/app: app.info and the agents room (who uses this desktop, who can be assigned).
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { durable } from '../../db/open';
import type { HandlerDeps } from '../deps';

export function createAppHandlers(
  d: HandlerDeps,
): RoomHandlers<'app.info' | 'agents.list' | 'agents.setupSelf' | 'agents.add'> {
  const { repos: r } = d;
  return {
    'app.info': () => {
      const id = d.selfId();
      return { ...d.info(), agent: id == null ? null : r.agents.get(id) };
    },
    'agents.list': () => r.agents.list(),
    // Like agents.setupSelf, adding an agent needs no current agent (the demo adds its colleagues
    // before anyone has chosen who they are): the event names the caller when there is one, else the
    // new agent itself.
    'agents.add': ({ name, email }, call) =>
      durable(d.db, () => {
        const existing = r.agents.byEmail(email);
        if (existing) return existing;
        const a = r.agents.insert({ name, email });
        const by = call.agentId != null ? r.agents.get(call.agentId) : null;
        r.audit.add({
          at: d.clock.now(),
          actorId: by?.id ?? a.id,
          actor: by?.name ?? a.name,
          action: 'agent.add',
          entity: 'agent',
          entityId: a.id,
          data: { name },
        });
        return a;
      }),
    'agents.setupSelf': ({ name, email }) => {
      const selfId = d.selfId();
      const agent = durable(d.db, () => {
        const sameEmail = r.agents.byEmail(email);
        if (selfId != null) {
          if (sameEmail && sameEmail.id !== selfId)
            throw new AppError('conflict', `email: another agent already uses ${email}`);
          const updated = r.agents.update(selfId, { name, email })!;
          r.audit.add({
            at: d.clock.now(),
            actorId: updated.id,
            actor: updated.name,
            action: 'agent.profile',
            entity: 'agent',
            entityId: updated.id,
            data: { name },
          });
          return updated;
        }
        const a = sameEmail
          ? r.agents.update(sameEmail.id, { name, email })!
          : r.agents.insert({ name, email });
        r.audit.add({
          at: d.clock.now(),
          actorId: a.id,
          actor: a.name,
          action: 'agent.setup',
          entity: 'agent',
          entityId: a.id,
          data: { name },
        });
        return a;
      });
      d.setSelf(agent.id);
      return agent;
    },
  };
}
