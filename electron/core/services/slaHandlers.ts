// electron/core/services: contract methods of the SLA engine (schedules, policies, clocks, board,
// reports).
import { expandHolidays, parseSchedule } from '../../../shared/sla';
import type { SlaClock, SlaMetric } from '../../../shared/domain/sla';
import { SlaPolicyInput } from '../../../shared/domain/sla';
import type { CoreHandlers } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/result';
import { durable, type Db } from '../db/open';
import { iso, isoOrNull } from '../db/repositories/rows';
import type { ClockRow } from '../db/repositories/slaRepo';
import type { Clock } from '../ports';
import { METRICS } from '../sla/clocks';
import { DEFAULT_WEEKLY, type SlaEngine } from '../sla/engine';
import type { EventBus } from './events';
import type { Repos } from './handlers';

type SlaMethods = Pick<CoreHandlers, 'sla.getSchedule' | 'sla.setSchedule' | 'sla.holidays' | 'sla.policies' | 'sla.savePolicy' | 'sla.deletePolicy' | 'sla.preview' | 'sla.clocks' | 'sla.board' | 'sla.report'>;

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

export function createSlaHandlers(d: { db: Db; repos: Repos; sla: SlaEngine; clock: Clock; bus: EventBus; actor: () => string }): SlaMethods {
  const { db, sla, clock } = d;
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
  const retargetOpen = (clientId: number) => {
    sla.invalidateClient(clientId);
    const ids = db.prepare<[number], { id: number }>(`SELECT id FROM conversations WHERE client_id = ? AND status != 'solved'`).all(clientId);
    const now = clock.now();
    db.transaction(() => {
      for (const { id } of ids) sla.retarget(id, now);
    })();
    d.bus.emit('queue.changed', { reason: 'sla-policy' });
  };

  return {
    'sla.getSchedule': ({ clientId }) => {
      mustClient(clientId);
      return scheduleOut(clientId);
    },
    'sla.setSchedule': ({ clientId, schedule }) => {
      mustClient(clientId);
      let json: string | null = null;
      if (schedule != null) {
        try {
          json = JSON.stringify(parseSchedule(schedule));
        } catch (err) {
          throw new AppError('invalid_input', (err as Error).message);
        }
      }
      durable(db, () => {
        sla.repo.setSchedule(clientId, json);
        d.repos.audit.add({ at: clock.now(), actor: d.actor(), action: 'sla.schedule', entity: 'client', entityId: clientId, data: { schedule: json ? JSON.parse(json) : null } });
      });
      retargetOpen(clientId);
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
    'sla.savePolicy': ({ clientId, id, policy }) => {
      mustClient(clientId);
      const p = SlaPolicyInput.parse(policy);
      const saved = durable(db, () => {
        let pid = id;
        if (pid !== undefined) {
          const existing = sla.repo.policy(pid);
          if (!existing || existing.clientId !== clientId) throw new AppError('not_found', `Policy ${pid} not found for client ${clientId}`);
          sla.repo.updatePolicy(pid, p, clock.now());
        } else {
          pid = sla.repo.insertPolicy(clientId, p, clock.now());
        }
        d.repos.audit.add({ at: clock.now(), actor: d.actor(), action: 'sla.policy.save', entity: 'sla_policy', entityId: pid, data: { clientId, policy: p } });
        return sla.repo.policy(pid)!;
      });
      retargetOpen(clientId);
      return saved;
    },
    'sla.deletePolicy': ({ id }) => {
      const existing = sla.repo.policy(id);
      if (!existing) throw new AppError('not_found', `Policy ${id} not found`);
      durable(db, () => {
        sla.repo.deletePolicy(id);
        d.repos.audit.add({ at: clock.now(), actor: d.actor(), action: 'sla.policy.delete', entity: 'sla_policy', entityId: id, data: { clientId: existing.clientId } });
      });
      retargetOpen(existing.clientId);
      return { ok: true as const };
    },
    'sla.preview': ({ clientId, priority, at }) => {
      mustClient(clientId);
      const start = at ? Date.parse(at) : clock.now();
      if (!Number.isFinite(start)) throw new AppError('invalid_input', 'at: not an ISO-8601 instant');
      const policies = sla.repo.policies(clientId);
      const policy = policies.find((p) => !p.conditions.priorities?.length || p.conditions.priorities.includes(priority));
      const calc = sla.calcFor(clientId);
      const targets = policy?.targets ?? { first_reply: { [priority]: { minutes: d.repos.clients.get(clientId)!.firstReplyMinutes, mode: 'business' as const } } };
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
      const params: unknown[] = [now + soonMinutes * 60_000];
      let clientFilter = '';
      if (clientIds?.length) {
        clientFilter = `AND k.client_id IN (${clientIds.map(() => '?').join(',')})`;
        params.push(...clientIds);
      }
      const rows = db
        .prepare(
          `SELECT k.*, c.title, c.assignee_id, a.name AS assignee_name, cl.name AS client_name, cl.color AS client_color, cl.timezone AS client_timezone
           FROM sla_clocks k JOIN conversations c ON c.id = k.conversation_id JOIN clients cl ON cl.id = k.client_id
           LEFT JOIN agents a ON a.id = c.assignee_id
           WHERE c.status != 'solved' AND ((k.status = 'running' AND k.due_at <= ?) OR k.status = 'paused') ${clientFilter}
           ORDER BY k.status = 'paused', k.due_at LIMIT 2000`,
        )
        .all(...params) as (ClockRow & { title: string; assignee_id: number | null; assignee_name: string | null; client_name: string; client_color: string; client_timezone: string })[];
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
      const rows = db
        .prepare<[number, number, number, number, number], ClockRow>(
          `SELECT * FROM sla_clocks WHERE client_id = ? AND (
             (status = 'fulfilled' AND ended_at >= ? AND ended_at < ?) OR
             (status IN ('running','paused') AND breached = 1 AND breached_at >= ? AND breached_at < ?))`,
        )
        .all(clientId, a, b, a, b);
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
