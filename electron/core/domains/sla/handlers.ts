// electron/core/domains/sla: the SLA room's contract methods (schedules, policies, clocks, board,
// reports). Every settings change is all or nothing (applySlaChange) and a named command.
import {
  BusinessTimeUnreachable,
  compileSchedule,
  expandHolidays,
  HORIZON_YEARS,
  parseSchedule,
} from '../../../../shared/sla';
import { MAX_INSTANT_MS } from '../../../../shared/domain/time';
import type { SlaClock, SlaMetric } from '../../../../shared/domain/sla';
import { SlaPolicyInput } from '../../../../shared/domain/sla';
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { iso, isoOrNull } from '../../db/rows';
import type { ClockRow } from './repo';
import { METRICS } from './clocks';
import { DEFAULT_WEEKLY } from './engine';
import { durable, type Db } from '../../db/open';
import type { EventBus } from '../../events';
import type { Clock } from '../../ports';
import type { ClientsRepo } from '../clients/repo';
import type { HandlerDeps } from '../deps';
import type { SlaEngine } from './engine';

type SlaMethods = RoomHandlers<
  | 'sla.getSchedule'
  | 'sla.setSchedule'
  | 'sla.holidays'
  | 'sla.policies'
  | 'sla.savePolicy'
  | 'sla.deletePolicy'
  | 'sla.preview'
  | 'sla.clocks'
  | 'sla.board'
  | 'sla.report'
>;

/** Nearest-rank percentile (p in 0..1) of a sorted list: the value at rank ceil(p*n). */
export function nearestRank(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * The SLA report of clocks that ended or breached in a period, per metric: attainment (met/total)
 * and nearest-rank median and p90 of the fulfilled clocks' elapsed minutes (in each clock's own
 * mode). `sla.report` and `reports.kpis` both call this, so the numbers are the same everywhere.
 */
export function summarizeSlaClocks(rows: ClockRow[]) {
  return METRICS.map((metric) => {
    const list = rows.filter((r) => r.metric === metric);
    const breached = list.filter((r) => r.breached === 1).length;
    const met = list.length - breached;
    const times = list
      .filter((r) => r.status === 'fulfilled')
      .map((r) => r.elapsedMinutes)
      .sort((x, y) => x - y);
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
}

const toClock = (r: ClockRow, now: number): SlaClock => ({
  metric: r.metric,
  status: r.status,
  policyId: r.policyId,
  startedAt: isoOrNull(r.startedAt),
  dueAt: isoOrNull(r.dueAt),
  endedAt: isoOrNull(r.endedAt),
  targetMinutes: r.targetMinutes,
  mode: r.mode,
  elapsedMinutes: r.elapsedMinutes,
  remainingMinutes: r.targetMinutes == null ? null : r.targetMinutes - r.elapsedMinutes,
  breached: r.breached === 1 || (r.status === 'running' && r.dueAt != null && r.dueAt <= now),
  breachedAt: isoOrNull(r.breachedAt),
  warnAt: isoOrNull(r.warnAt),
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
    return {
      schedule: stored ? JSON.parse(stored) : sla.scheduleFor(clientId),
      isDefault: stored == null,
    };
  };
  const change = (
    clientId: number,
    field: string,
    apply: () => void,
    opts?: { policyId?: () => number | undefined },
  ) =>
    applySlaChange(
      { db: d.db, sla, clock, bus: d.bus, clients: d.repos.clients },
      clientId,
      field,
      apply,
      opts,
    );

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
      d.commands.run(
        call,
        'sla.schedule',
        { entity: 'client', id: clientId },
        () => change(clientId, 'schedule', () => sla.repo.setSchedule(clientId, json)),
        () => ({
          schedule: json ? JSON.parse(json) : null,
        }),
      );
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
        if (!existing || existing.clientId !== clientId)
          throw new AppError('not_found', `Policy ${id} not found for client ${clientId}`);
      }
      let pid = id;
      d.commands.run(
        call,
        'sla.policy.save',
        { entity: 'client', id: clientId },
        ({ at }) =>
          change(
            clientId,
            'policy',
            () => {
              if (pid !== undefined) sla.repo.updatePolicy(pid, p, at);
              else pid = sla.repo.insertPolicy(clientId, p, at);
            },
            { policyId: () => pid },
          ),
        () => ({ policyId: pid, policy: p }),
      );
      return sla.repo.policy(pid!)!;
    },
    'sla.deletePolicy': ({ id }, call) => {
      const existing = sla.repo.policy(id);
      if (!existing) throw new AppError('not_found', `Policy ${id} not found`);
      d.commands.run(
        call,
        'sla.policy.delete',
        { entity: 'client', id: existing.clientId },
        () => change(existing.clientId, 'id', () => sla.repo.deletePolicy(id)),
        () => ({ policyId: id }),
      );
      return { ok: true as const };
    },
    'sla.preview': ({ clientId, priority, at, platform, sourceId, tags }) => {
      mustClient(clientId);
      // `at` is a contract Instant (validated by the dispatcher): Date.parse reads it exactly.
      const start = at ? Date.parse(at) : clock.now();
      // The same matching rule as the queue's clocks (platform, source, tags, priority): a preview for
      // a conversation with these facts.
      const policy = sla.policyForFacts({
        clientId,
        platform: platform ?? '',
        sourceId: sourceId ?? 0,
        priority,
        tags: tags ?? [],
      });
      const calc = sla.calcFor(clientId);
      const targets = policy.targets;
      const out: {
        metric: SlaMetric;
        dueAt: string;
        targetMinutes: number;
        mode: 'business' | 'calendar';
      }[] = [];
      for (const metric of ['first_reply', 'resolution'] as const) {
        const t = targets[metric]?.[priority];
        if (!t) continue;
        let due: number;
        try {
          due = calc.add(t.mode, start, t.minutes * 60_000, []);
        } catch (err) {
          if (err instanceof BusinessTimeUnreachable)
            throw new AppError(
              'invalid_input',
              `at: the ${metric} target cannot be computed from this instant (${err.message})`,
            );
          throw err;
        }
        // A due time past year 9999 is not an instant the contract can carry.
        if (!(due <= MAX_INSTANT_MS))
          throw new AppError(
            'invalid_input',
            `at: the ${metric} target would fall after the year 9999`,
          );
        out.push({ metric, dueAt: iso(due), targetMinutes: t.minutes, mode: t.mode });
      }
      return out;
    },
    'sla.clocks': ({ conversationId }) => {
      if (!d.repos.conversations.get(conversationId))
        throw new AppError('not_found', `Conversation ${conversationId} not found`);
      const now = clock.now();
      const rows = sla.repo.clocks(conversationId);
      return METRICS.flatMap((m) => rows.filter((r) => r.metric === m)).map((r) => toClock(r, now));
    },
    'sla.board': ({ soonMinutes, clientIds }) => {
      const now = clock.now();
      const rows = sla.repo.board(now + soonMinutes * 60_000, clientIds);
      return rows.map((r) => ({
        conversationId: r.conversationId,
        title: r.title,
        clientId: r.clientId,
        clientName: r.clientName,
        clientColor: r.clientColor,
        clientTimezone: r.clientTimezone,
        assigneeId: r.assigneeId,
        assigneeName: r.assigneeName,
        metric: r.metric,
        state:
          r.status === 'paused'
            ? ('paused' as const)
            : r.dueAt != null && r.dueAt <= now
              ? ('breached' as const)
              : ('breaching_soon' as const),
        dueAt: isoOrNull(r.dueAt),
        warnAt: isoOrNull(r.warnAt),
        remainingMinutes: r.targetMinutes == null ? null : r.targetMinutes - r.elapsedMinutes,
        mode: r.mode,
      }));
    },
    'sla.report': ({ clientId, from, to }) => {
      mustClient(clientId);
      // from/to are contract Instants (validated by the dispatcher).
      const a = Date.parse(from);
      const b = Date.parse(to);
      if (b <= a) throw new AppError('invalid_input', 'to: must be after from');
      return summarizeSlaClocks(sla.repo.endedOrBreachedIn(clientId, a, b));
    },
  };
}

export { DEFAULT_WEEKLY };

/**
 * The business-mode target of the client's SLA settings that cannot be reached within the
 * calculator's horizon from `now`, or null. Checks the largest target (if it is reachable, every
 * smaller one is): every policy's business targets and the client's own first-reply target.
 */
function unreachableTarget(
  sla: SlaEngine,
  clientId: number,
  firstReplyMinutes: number,
  now: number,
  savedPolicyId: number | undefined,
): { field: string | null; what: string } | null {
  const list: { minutes: number; field: string | null; what: string }[] = [
    {
      minutes: firstReplyMinutes,
      field: 'firstReplyMinutes',
      what: "the client's first-reply target",
    },
  ];
  for (const p of sla.repo.policies(clientId)) {
    for (const [metric, byPriority] of Object.entries(p.targets)) {
      for (const [priority, t] of Object.entries(byPriority ?? {})) {
        if (!t || t.mode !== 'business') continue;
        const own = p.id === savedPolicyId;
        list.push({
          minutes: t.minutes,
          field: own ? `policy.targets.${metric}.${priority}.minutes` : null,
          what: `${own ? 'the' : `policy "${p.name}"`} ${metric} target for ${priority} priority`,
        });
      }
    }
  }
  list.sort((x, y) => y.minutes - x.minutes);
  const calc = sla.calcFor(clientId);
  // More minutes than the schedule has in the whole horizon (holidays only remove time): refused
  // without walking 200 years of calendar.
  const weekly = compileSchedule(sla.scheduleFor(clientId)).weeklyMinutes;
  const inHorizon = weekly * ((HORIZON_YEARS * 365.2425) / 7);
  for (const t of list) {
    if (t.minutes > inHorizon)
      return { field: t.field, what: `${t.what} of ${t.minutes} business minutes` };
    try {
      calc.add('business', now, t.minutes * 60_000, []);
      return null; // the largest reachable target: every smaller one is reachable too
    } catch (err) {
      if (!(err instanceof BusinessTimeUnreachable)) throw err;
      return { field: t.field, what: `${t.what} of ${t.minutes} business minutes` };
    }
  }
  return null;
}

/**
 * Applies an SLA settings change (schedule, policy, the client's first-reply target or time zone)
 * all or nothing: in ONE durable transaction the change is written, every business target of the
 * client is checked against the calculator's horizon, and the running and paused clocks of the
 * client's open conversations are re-targeted. A target that cannot be computed refuses the change
 * with `invalid_input` naming `field` (or the policy target's own field), and nothing is saved.
 */
export function applySlaChange(
  d: { db: Db; sla: SlaEngine; clock: Clock; bus: EventBus; clients: ClientsRepo },
  clientId: number,
  field: string,
  apply: () => void,
  opts: { policyId?: () => number | undefined } = {},
): void {
  const now = d.clock.now();
  try {
    durable(d.db, () => {
      apply();
      d.sla.invalidateClient(clientId);
      const client = d.clients.get(clientId);
      if (!client) throw new AppError('not_found', `Client ${clientId} not found`);
      const bad = unreachableTarget(
        d.sla,
        clientId,
        client.firstReplyMinutes,
        now,
        opts.policyId?.(),
      );
      if (bad) {
        throw new AppError(
          'invalid_input',
          `${bad.field && field !== 'schedule' ? bad.field : field}: with this change ${bad.what} could not be reached within ${HORIZON_YEARS} years on the client's business schedule; shorten the target, use calendar time, or add business hours`,
        );
      }
      for (const id of d.sla.openConversationIds(clientId)) d.sla.retarget(id, now);
    });
  } catch (err) {
    if (err instanceof BusinessTimeUnreachable) {
      throw new AppError(
        'invalid_input',
        `${field}: with this change the SLA clocks of the client's open conversations could not be computed (${err.message}); nothing was saved`,
      );
    }
    throw err;
  } finally {
    // The engine's caches may hold the rolled-back or the new settings: read them again either way.
    d.sla.invalidateClient(clientId);
  }
  d.bus.emit('queue.changed', { reason: 'sla-policy' });
}
