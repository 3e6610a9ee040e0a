// electron/core/sla: the SLA engine. Turns conversation activity into clock events (append-only),
// derives clock states with the client's business calendar, and keeps the queue's due time
// (conversations.due_at = the next deadline across running clocks) in step.
//
// Rules (documented in README "SLA"):
// - Policies: per client, ordered by position; the first whose conditions (platform, source, tag,
//   priority) all match applies. No matching policy: the client's first-reply target in business time.
// - first_reply starts when a member opens a conversation; fulfilled by the first public agent reply.
// - next_reply starts at the oldest member message after the last agent reply; fulfilled by the next
//   public agent reply. Internal notes and automated messages fulfil nothing.
// - periodic_update starts at each public agent reply while the conversation is open and is fulfilled
//   by the next one.
// - resolution starts when the conversation opens; fulfilled when it is solved. A re-opened
//   conversation starts a new resolution cycle from the re-open.
// - pending pauses the metrics the policy lists; leaving pending resumes them.
// - solving stops next_reply and periodic_update (cancel) and an unanswered first_reply (cancel:
//   neither met nor breached) — unlike peers whose clocks run on after resolve.
// - time_to_action (moderation items only) starts when the item is filed and is fulfilled by the first
//   moderation action done on the platform; solving the item without an action cancels it; new
//   reports on a solved item re-open it with a new cycle from the re-filing.
// - priority change or policy change re-targets running/paused clocks (a `retarget` event); ended
//   clocks are never rewritten.
import type { Schedule } from '../../../../shared/sla';
import {
  addBusinessMs,
  businessMsBetween,
  compileSchedule,
  normalizePauses,
} from '../../../../shared/sla';
import type { ConversationStatus, Priority } from '../../../../shared/domain/entities';
import type { SlaMetric, SlaPolicy, SlaTarget } from '../../../../shared/domain/sla';
import type { Db } from '../../db/open';
import { NO_DUE } from '../../db/rows';
import { createSlaRepo, type ConvInfo, type SlaRepo } from './repo';
import {
  deriveClock,
  METRICS,
  type ClockEvent,
  type ClockState,
  type Metric,
  type TimeCalc,
} from './clocks';

export const DEFAULT_WEEKLY: Schedule['weekly'] = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
  sat: [],
  sun: [],
};

export function createSlaEngine(db: Db, opts: { now?: () => number } = {}) {
  const repo: SlaRepo = createSlaRepo(db);
  const calcs = new Map<number, TimeCalc>();
  const policies = new Map<number, SlaPolicy[]>();
  const clientTargets = new Map<
    number,
    { firstReplyMinutes: number; timezone: string } | undefined
  >();
  const clientTarget = {
    get(id: number) {
      if (!clientTargets.has(id)) clientTargets.set(id, repo.clientTarget(id));
      return clientTargets.get(id);
    },
  };
  const convInfo = { get: (id: number) => repo.conversationInfo(id) };
  const setDue = {
    run: (due: number, firstDue: number | null, convId: number) =>
      repo.setConversationDue(convId, due, firstDue),
  };
  // Nested inside the caller's transaction this is a SAVEPOINT: a failed SLA update leaves nothing behind.
  const savepoint = db.transaction((fn: () => void) => fn());
  const now = opts.now ?? Date.now;

  /** The client's schedule (stored JSON, else Mon–Fri 09–17 in the client's zone). */
  function scheduleFor(clientId: number): Schedule {
    const json = repo.schedule(clientId);
    if (json) return JSON.parse(json) as Schedule;
    return {
      timezone: clientTarget.get(clientId)?.timezone ?? 'UTC',
      weekly: DEFAULT_WEEKLY,
      holidays: [],
    };
  }

  function calcFor(clientId: number): TimeCalc {
    let c = calcs.get(clientId);
    if (!c) {
      const compiled = compileSchedule(scheduleFor(clientId));
      c = {
        add: (mode, start, ms, pauses) =>
          mode === 'calendar'
            ? addCalendar(start, ms, pauses)
            : addBusinessMs(compiled, start, ms, pauses),
        between: (mode, a, b, pauses) =>
          mode === 'calendar'
            ? betweenCalendar(a, b, pauses)
            : businessMsBetween(compiled, a, b, pauses),
      };
      calcs.set(clientId, c);
    }
    return c;
  }

  function policiesFor(clientId: number): SlaPolicy[] {
    let p = policies.get(clientId);
    if (!p) {
      p = repo.policies(clientId);
      policies.set(clientId, p);
    }
    return p;
  }

  /**
   * THE policy-matching rule (queue clocks and sla.preview both use it): the first policy by position
   * whose conditions — platform, source, priority, tag — all match; none: the client's first-reply
   * target in business time.
   */
  function policyFor(
    conv: Pick<ConvInfo, 'clientId' | 'platform' | 'sourceId' | 'priority' | 'tags'>,
  ): {
    id: number | null;
    targets: SlaPolicy['targets'];
    warnRatio: number;
    pausesOnPending: SlaMetric[];
  } {
    for (const p of policiesFor(conv.clientId)) {
      const c = p.conditions;
      if (c.platforms?.length && !c.platforms.includes(conv.platform as never)) continue;
      if (c.sourceIds?.length && !c.sourceIds.includes(conv.sourceId)) continue;
      if (c.priorities?.length && !c.priorities.includes(conv.priority)) continue;
      if (c.tags?.length && !c.tags.some((t) => conv.tags.includes(t))) continue;
      return {
        id: p.id,
        targets: p.targets,
        warnRatio: p.warnRatio ?? 0.75,
        pausesOnPending: p.pausesOnPending ?? [],
      };
    }
    const minutes = clientTarget.get(conv.clientId)?.firstReplyMinutes ?? 240;
    const t: SlaTarget = { minutes, mode: 'business' };
    return {
      id: null,
      targets: { first_reply: { low: t, normal: t, high: t, urgent: t } },
      warnRatio: 0.75,
      pausesOnPending: ['first_reply', 'next_reply', 'periodic_update', 'resolution'],
    };
  }

  const targetOf = (p: ReturnType<typeof policyFor>, metric: Metric, priority: Priority) =>
    p.targets[metric]?.[priority];

  function activate(conv: ConvInfo, metric: Metric, at: number, t = now()) {
    const p = policyFor(conv);
    const target = targetOf(p, metric, conv.priority);
    if (!target) return;
    repo.addEvent(
      conv.id,
      metric,
      { kind: 'activate', at, targetMinutes: target.minutes, mode: target.mode, policyId: p.id },
      t,
    );
  }

  /** Stores one derived clock; returns its due time if it is running. */
  function storeClock(
    conv: ConvInfo,
    metric: Metric,
    s: ClockState,
    calc: TimeCalc,
    warnRatio: number,
    at: number,
  ): number | null {
    let warnAt: number | null = null;
    if (s.status === 'running' && s.startedAt != null && s.targetMinutes != null) {
      warnAt = calc.add(
        s.mode,
        s.startedAt,
        s.targetMinutes * 60_000 * warnRatio,
        s.pauses.map(([a, b]) => [a, b ?? at] as [number, number]),
      );
    }
    repo.upsertClock({
      conversationId: conv.id,
      metric,
      clientId: conv.clientId,
      status: s.status,
      policyId: s.policyId,
      startedAt: s.startedAt,
      dueAt: s.dueAt,
      warnAt: warnAt,
      endedAt: s.endedAt,
      targetMinutes: s.targetMinutes,
      mode: s.mode,
      elapsedMinutes: s.elapsedMinutes,
      breached: s.breached ? 1 : 0,
      breachedAt: s.breachedAt,
    });
    return s.status === 'running' ? s.dueAt : null;
  }

  /** Derives all clocks of one conversation, stores them, and sets the queue's due time. */
  function recompute(convId: number, at = now()): Map<Metric, ClockState> {
    const conv = convInfo.get(convId);
    const out = new Map<Metric, ClockState>();
    if (!conv) return out;
    const calc = calcFor(conv.clientId);
    const warnRatio = policyFor(conv).warnRatio;
    let due = NO_DUE;
    let firstDue: number | null = null;
    for (const [metric, events] of repo.events(convId)) {
      const s = deriveClock(events, calc, at);
      out.set(metric, s);
      const d = storeClock(conv, metric, s, calc, warnRatio, at);
      if (d != null) due = Math.min(due, d);
      if (metric === 'first_reply' && (s.status === 'running' || s.status === 'paused'))
        firstDue = s.dueAt;
    }
    setDue.run(due, firstDue, convId);
    return out;
  }

  /** A member opened a conversation at `at`. */
  function opened(convId: number, at: number) {
    // Hot path of ingest: the events are known, so derive from them without reading them back.
    const conv = convInfo.get(convId);
    if (!conv) return;
    const t = now();
    const p = policyFor(conv);
    const calc = calcFor(conv.clientId);
    let due = NO_DUE;
    let firstDue: number | null = null;
    const metrics =
      conv.workKind === 'moderation'
        ? (['time_to_action'] as const)
        : (['first_reply', 'resolution'] as const);
    for (const metric of metrics) {
      const target = targetOf(p, metric, conv.priority);
      if (!target) continue;
      const ev: ClockEvent = {
        kind: 'activate',
        at,
        targetMinutes: target.minutes,
        mode: target.mode,
        policyId: p.id,
      };
      repo.addEvent(conv.id, metric, ev, t);
      const s = deriveClock([ev], calc, t);
      const d = storeClock(conv, metric, s, calc, p.warnRatio, t);
      if (d != null) due = Math.min(due, d);
      if (metric === 'first_reply') firstDue = s.dueAt;
    }
    setDue.run(due, firstDue, convId);
  }

  const lastEvent = (convId: number, metric: Metric): ClockEvent | undefined => {
    const list = repo.events(convId).get(metric);
    return list?.[list.length - 1];
  };
  const isOpen = (e: ClockEvent | undefined) =>
    e != null &&
    (e.kind === 'activate' ||
      e.kind === 'pause' ||
      e.kind === 'resume' ||
      e.kind === 'retarget' ||
      e.kind === 'breach');

  const api = {
    repo,
    scheduleFor,
    calcFor,
    policyFor: (convId: number) => {
      const c = convInfo.get(convId);
      return c ? policyFor(c) : null;
    },
    /** The policy that would apply to a conversation with these facts (sla.preview). */
    policyForFacts: policyFor,
    opened,
    /**
     * A moderation item was filed (or re-filed after it was solved) at `at`: its time_to_action clock
     * starts when the client's policy sets a target for it.
     */
    filed(convId: number, at: number) {
      const conv = convInfo.get(convId);
      if (!conv) return;
      if (isOpen(lastEvent(convId, 'time_to_action'))) return;
      activate(conv, 'time_to_action', at);
      recompute(convId);
    },
    /** The first moderation action of the current cycle was done on the platform at `at`. */
    actioned(convId: number, at: number) {
      if (!isOpen(lastEvent(convId, 'time_to_action'))) return;
      repo.addEvent(convId, 'time_to_action', { kind: 'fulfil', at }, now());
      recompute(convId);
    },
    /** A member wrote at `at` (not the opening message). */
    memberMessage(convId: number, at: number, _reopened: boolean) {
      const conv = convInfo.get(convId);
      if (!conv) return;
      const events = repo.events(convId);
      const first = events.get('first_reply');
      const firstAnswered = first?.some((e) => e.kind === 'fulfil' || e.kind === 'cancel') ?? false;
      // The oldest unanswered member message starts next_reply; later ones change nothing.
      if (firstAnswered && !isOpen(events.get('next_reply')?.at(-1)))
        activate(conv, 'next_reply', at);
      else if (!first) activate(conv, 'first_reply', at);
      else return;
      recompute(convId);
    },
    /** A public agent reply reached the member at `at` (notes and automated messages do not count). */
    agentReply(convId: number, at: number) {
      const conv = convInfo.get(convId);
      if (!conv) return;
      const t = now();
      for (const metric of ['first_reply', 'next_reply', 'periodic_update'] as const) {
        if (isOpen(lastEvent(convId, metric)))
          repo.addEvent(convId, metric, { kind: 'fulfil', at }, t);
      }
      if (conv.status !== 'solved') activate(conv, 'periodic_update', at, t);
      recompute(convId);
    },
    statusChanged(convId: number, from: ConversationStatus, to: ConversationStatus, at: number) {
      const conv = convInfo.get(convId);
      if (!conv || from === to) return;
      const t = now();
      const p = policyFor(conv);
      if (to === 'pending') {
        for (const m of p.pausesOnPending)
          if (isOpen(lastEvent(convId, m))) repo.addEvent(convId, m, { kind: 'pause', at }, t);
      } else if (from === 'pending') {
        for (const m of METRICS)
          if (lastEvent(convId, m)?.kind === 'pause')
            repo.addEvent(convId, m, { kind: 'resume', at }, t);
      }
      if (to === 'solved') {
        if (isOpen(lastEvent(convId, 'resolution')))
          repo.addEvent(convId, 'resolution', { kind: 'fulfil', at }, t);
        for (const m of [
          'first_reply',
          'next_reply',
          'periodic_update',
          'time_to_action',
        ] as const) {
          if (isOpen(lastEvent(convId, m))) repo.addEvent(convId, m, { kind: 'cancel', at }, t);
        }
      } else if (from === 'solved') {
        activate(conv, conv.workKind === 'moderation' ? 'time_to_action' : 'resolution', at, t);
      }
      recompute(convId);
    },
    /**
     * Priority or policy changed: running and paused clocks get the new target. A conversation whose
     * clocks could not be computed when it opened gets them now (from its opening). Throws
     * BusinessTimeUnreachable when a clock still cannot be computed (the caller refuses the change).
     */
    retarget(convId: number, at = now()) {
      const conv = convInfo.get(convId);
      if (!conv) return;
      if (conv.slaError != null) {
        // Clocks that could not be computed when the conversation opened get them now, from its opening.
        const had = repo.events(convId).size > 0;
        if (!had && conv.status !== 'solved') opened(convId, conv.createdAt);
        repo.clearSlaError(convId);
        if (!had) return;
      }
      const p = policyFor(conv);
      for (const m of METRICS) {
        if (!isOpen(lastEvent(convId, m))) continue;
        const target = targetOf(p, m, conv.priority);
        if (target)
          repo.addEvent(
            convId,
            m,
            {
              kind: 'retarget',
              at,
              targetMinutes: target.minutes,
              mode: target.mode,
              policyId: p.id,
            },
            at,
          );
        else repo.addEvent(convId, m, { kind: 'cancel', at }, at);
      }
      recompute(convId);
    },
    recompute,
    /**
     * Runs one SLA update of conversation `convId` (an engine call) in a savepoint. When it fails —
     * a target beyond the calculator's horizon, a schedule without hours — its writes are rolled
     * back and the conversation is marked (conversations.sla_error) instead of failing the caller:
     * a member's post is stored and a delivered reply recorded whatever the SLA settings are.
     * Returns the reason, or null when the clocks were computed.
     */
    guarded(convId: number, fn: () => void): string | null {
      try {
        savepoint(fn);
        return null;
      } catch (err) {
        const reason =
          `SLA clocks could not be computed: ${(err as Error)?.message ?? String(err)}`.slice(
            0,
            500,
          );
        repo.setSlaError(convId, reason);
        return reason;
      }
    },
    /** Ids of the client's conversations that are not solved (their clocks follow a settings change). */
    openConversationIds(clientId: number): number[] {
      return repo.openConversationIds(clientId);
    },
    invalidateClient(clientId?: number) {
      if (clientId === undefined) {
        calcs.clear();
        policies.clear();
        clientTargets.clear();
      } else {
        calcs.delete(clientId);
        policies.delete(clientId);
        clientTargets.delete(clientId);
      }
    },
    /**
     * Recomputes every clock of every open conversation from the event log (without writing):
     * the audit path, also used by the benchmark. Returns how many clocks were derived.
     */
    recomputeAll(
      at = now(),
      limit = Infinity,
    ): { conversations: number; clocks: number; breached: number } {
      let conversations = 0,
        clocks = 0,
        breached = 0;
      let cur = -1,
        curClient = -1;
      let byMetric = new Map<Metric, ClockEvent[]>();
      const flush = () => {
        if (cur < 0) return;
        conversations++;
        const calc = calcFor(curClient);
        for (const events of byMetric.values()) {
          const s = deriveClock(events, calc, at);
          clocks++;
          if (s.breached) breached++;
        }
      };
      for (const r of repo.openEvents()) {
        if (r.conversationId !== cur) {
          flush();
          cur = -1;
          if (conversations >= limit) break;
          cur = r.conversationId;
          curClient = r.clientId;
          byMetric = new Map();
        }
        const list = byMetric.get(r.metric) ?? byMetric.set(r.metric, []).get(r.metric)!;
        list.push({
          kind: r.kind,
          at: r.at,
          policyId: r.policyId,
          targetMinutes: r.targetMinutes ?? undefined,
          mode: r.mode ?? undefined,
        });
      }
      flush();
      return { conversations, clocks, breached };
    },
  };
  return api;
}
export type SlaEngine = ReturnType<typeof createSlaEngine>;

/** Calendar time with pauses: real elapsed milliseconds outside the pauses. */
export function addCalendar(
  start: number,
  ms: number,
  pauses: ReadonlyArray<readonly [number, number]>,
): number {
  let t = start;
  let left = ms;
  for (const [a, b] of normalizePauses(pauses)) {
    if (b <= t) continue;
    if (a > t) {
      if (a - t >= left) return t + left;
      left -= a - t;
    }
    t = Math.max(t, b);
  }
  return t + left;
}
export function betweenCalendar(
  a: number,
  b: number,
  pauses: ReadonlyArray<readonly [number, number]>,
): number {
  if (b <= a) return 0;
  let total = b - a;
  for (const [x, y] of normalizePauses(pauses))
    total -= Math.max(0, Math.min(y, b) - Math.max(x, a));
  return total;
}
