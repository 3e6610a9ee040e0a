// electron/core/domains/queue: the unified queue (every client's open work, ordered by the next deadline).
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { toFtsQuery } from '../conversations/repo';
import type { HandlerDeps } from '../deps';

export function createQueueHandlers(
  d: HandlerDeps,
): RoomHandlers<'queue.list' | 'queue.count' | 'queue.counts'> {
  const { repos: r } = d;
  type Q = Parameters<RoomHandlers<'queue.list'>['queue.list']>[0];
  const filter = (q: Q, agentId: number | null, match: string | undefined) => ({
    clientIds: q.clientIds,
    statuses: q.statuses,
    assignee: q.assignee,
    kind: q.kind,
    selfId: agentId ?? -1,
    match,
    offset: q.offset,
    limit: q.limit,
  });
  return {
    'queue.list': (q, call) => {
      const match = q.search ? toFtsQuery(q.search) : undefined;
      if (q.search && !match) return { total: 0, offset: q.offset, rows: [] };
      const page = r.conversations.queue(filter(q, call.agentId, match));
      return {
        total: page.total,
        offset: q.offset,
        rows: page.rows,
        ...(page.partialTotal ? { partialTotal: true } : {}),
      };
    },
    'queue.count': (q, call) => {
      const match = q.search ? toFtsQuery(q.search) : undefined;
      if (q.search && !match) return { total: 0 };
      return { total: r.conversations.queueCount(filter(q, call.agentId, match)) };
    },
    'queue.counts': (_i, call) => r.conversations.counts(call.agentId ?? -1, d.clock.now()),
  };
}
