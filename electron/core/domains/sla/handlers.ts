// electron/core/services: contract methods of the SLA engine (schedules, policies, clocks, board,
// reports).
import { expandHolidays, parseSchedule } from '../../../../shared/sla';
import type { SlaClock, SlaMetric } from '../../../../shared/domain/sla';
import { SlaPolicyInput } from '../../../../shared/domain/sla';
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { iso, isoOrNull } from '../../db/rows';
import type { ClockRow } from './repo';
import { METRICS } from './clocks';
import { DEFAULT_WEEKLY } from './engine';
import type { HandlerDeps } from '../deps';

type SlaMethods = RoomHandlers<'sla.getSchedule' | 'sla.setSchedule' | 'sla.holidays' | 'sla.policies' | 'sla.savePolicy' | 'sla.deletePolicy' | 'sla.preview' | 'sla.clocks' | 'sla.board' | 'sla.report'>;

/** Nearest-rank percentile (p in 0..1) of a sorted list: the value at rank ceil(p*n). */
export function nearestRank(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

const toClock = (r: ClockRow, now: number): SlaClock => ({
  metric: r.metric,
  status: r.status,
  policyId: r.policy_id,
  startedAt: isoOrNull(r.started_at),
  dueAt: isoOrNull(r.due_at),
  endedAt: isoOrNull(r.ended_at),
  targetMinutes: r.target_minutes,
  mode: r.mode,
  elapsedMinutes: r.elapsed_minutes,
  remainingMinutes: r.target_minutes == null ? null : r.target_minutes - r.elapsed_minutes,
  breached: r.breached === 1 || (r.status === 'running' && r.due_at != null && r.due_at <= now),
  breachedAt: isoOrNull(r.breached_at),
  warnAt: isoOrNull(r.warn_at),
});

export function createSlaHandlers(d: HandlerDeps): SlaMethods {
  const { sla, clock } = d;
  const mustClient = (id: number) => {
    const c = d.repos.clients.get(id);
    if (!c) throw new AppError('not_found', `Client ${id} not found`);
    return c;
  };
  const scheduleOut = (clientId: number) => {
    const stored = sla.repo.schedule(clientId);
    return { schedule: stored ? JSON.parse(stored) : sla.scheduleFor(clientId), isDefault: stored == null };
  };
  /** Re-targets running clocks of the client's open conversations (policy or schedule changed). */
  const retargetOpen = (clientId: number, at: number) => {
    sla.retargetClient(clientId, at);
  };
  const announce = () => d.bus.emit('queue.changed', { reason: 'sla-policy' });

  return {
    'sla.getSchedule': ({ clientId }) => {
      mustClient(clientId);
      return scheduleOut(clientId);
    },
    'sla.setSchedule': ({ clientId, schedule }, call) => {
      mustClient(clientId);
      let json: string | null = null;
      if (schedule != null) {
        try {
          json = JSON.stringify(parseSchedule(schedule));
        } catch (err) {
          throw new AppError('invalid_input', (err as Error).message);
        }
      }
      d.commands.run(call, 'sla.schedule', { entity: 'client', id: clientId }, ({ at }) => {
        sla.repo.setSchedule(clientId, json);
        retargetOpen(clientId, at);
      }, () => ({ schedule: json ? JSON.parse(json) : null }));
      announce();
      return scheduleOut(clientId);
    },
    'sla.holidays': ({ country, years }) => {
      try {
        return expandHolidays({ country, years });
      } catch (err) {
        throw new AppError('invalid_input', (err as Error).message);
      }
    },
    'sla.policies': ({ clientId }) => {
      mustClient(clientId);
      return sla.repo.policies(clientId);
    },
    'sla.savePolicy': ({ clientId, id, policy }, call) => {
      mustClient(clientId);
      const p = SlaPolicyInput.parse(policy);
      if (id !== undefined) {
        const existing = sla.repo.policy(id);
        if (!existing || existing.clientId !== clientId) throw new AppError('not_found', `Policy ${id} not found for client ${clientId}`);
      }
      const saved = d.commands.run(call, 'sla.policy.save', { entity: 'client', id: clientId }, ({ at }) => {
        let pid = id;
        if (pid !== undefined) sla.repo.updatePolicy(pid, p, at);
        else pid = sla.repo.insertPolicy(clientId, p, at);
        retargetOpen(clientId, at);
        return sla.repo.policy(pid)!;
      }, (saved) => ({ policyId: saved.id, policy: p }));
      announce();
      return saved;
    },
    'sla.deletePolicy': ({ id }, call) => {
      const existing = sla.repo.policy(id);
      if (!existing) throw new AppError('not_found', `Policy ${id} not found`);
      d.commands.run(call, 'sla.policy.delete', { entity: 'client', id: existing.clientId }, ({ at }) => {
        sla.repo.deletePolicy(id);
        retargetOpen(existing.clientId, at);
      }, () => ({ policyId: id }));
      announce();
      return { ok: true as const };
    },
    'sla.preview': ({ clientId, priority, at, platform, sourceId, tags }) => {
      mustClient(clientId);
      const start = at ? Date.parse(at) : clock.now();
      if (!Number.isFinite(start)) throw new AppError('invalid_input', 'at: not an ISO-8601 instant');
      // The same matching rule as the queue's clocks (platform, source, tags, priority): a preview for
      // a conversation with these facts.
      const policy = sla.policyForFacts({ clientId, platform: platform ?? '', sourceId: sourceId ?? 0, priority, tags: tags ?? [] });
      const calc = sla.calcFor(clientId);
      const targets = policy.targets;
      const out: { metric: SlaMetric; dueAt: string; targetMinutes: number; mode: 'business' | 'calendar' }[] = [];
      for (const metric of ['first_reply', 'resolution'] as const) {
        const t = targets[metric]?.[priority];
        if (t) out.push({ metric, dueAt: iso(calc.add(t.mode, start, t.minutes * 60_000, [])), targetMinutes: t.minutes, mode: t.mode });
      }
      return out;
    },
    'sla.clocks': ({ conversationId }) => {
      if (!d.repos.conversations.get(conversationId)) throw new AppError('not_found', `Conversation ${conversationId} not found`);
      const now = clock.now();
      const rows = sla.repo.clocks(conversationId);
      return METRICS.flatMap((m) => rows.filter((r) => r.metric === m)).map((r) => toClock(r, now));
    },
    'sla.board': ({ soonMinutes, clientIds }) => {
      const now = clock.now();
      const rows = sla.repo.board(now + soonMinutes * 60_000, clientIds);
      return rows.map((r) => ({
        conversationId: r.conversation_id,
        title: r.title,
        clientId: r.client_id,
        clientName: r.client_name,
        clientColor: r.client_color,
        clientTimezone: r.client_timezone,
        assigneeId: r.assignee_id,
        assigneeName: r.assignee_name,
        metric: r.metric,
        state: r.status === 'paused' ? ('paused' as const) : r.due_at != null && r.due_at <= now ? ('breached' as const) : ('breaching_soon' as const),
        dueAt: isoOrNull(r.due_at),
        warnAt: isoOrNull(r.warn_at),
        remainingMinutes: r.target_minutes == null ? null : r.target_minutes - r.elapsed_minutes,
        mode: r.mode,
      }));
    },
    'sla.report': ({ clientId, from, to }) => {
      mustClient(clientId);
      const a = Date.parse(from);
      const b = Date.parse(to);
      if (!Number.isFinite(a) || !Number.isFinite(b) || b <= a) throw new AppError('invalid_input', 'from/to: need two ISO-8601 instants with from < to');
      const rows = sla.repo.endedOrBreachedIn(clientId, a, b);
      return METRICS.map((metric) => {
        const list = rows.filter((r) => r.metric === metric);
        const breached = list.filter((r) => r.breached === 1).length;
        const met = list.length - breached;
        const times = list.filter((r) => r.status === 'fulfilled').map((r) => r.elapsed_minutes).sort((x, y) => x - y);
        return {
          metric,
          total: list.length,
          met,
          breached,
          attainmentPct: list.length ? (met / list.length) * 100 : null,
          medianMinutes: nearestRank(times, 0.5),
          p90Minutes: nearestRank(times, 0.9),
        };
      });
    },
  };
}

export { DEFAULT_WEEKLY };
