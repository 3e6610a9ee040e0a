// electron/core/domains/time: the time service — contracts, period locks, automatic capture from
// heartbeats, the timer and idle handling. Handlers call it inside named commands (one durable
// transaction with the audit event); it only reads and writes through the time repository.
//
// Automatic capture (per agent; times truncated to whole seconds):
//  - A heartbeat says what is on screen (conversation, activity), whether the window is focused and
//    whether the agent is active (input recently; `idleSeconds` = since the last input, if known).
//    The renderer beats at least every 15 s and at once on every change.
//  - Focused on a conversation: the open segment (a running `auto` entry) is extended to now, its
//    seconds persisted at every beat — so a crash loses at most the time since the last beat (≤ 15 s).
//    A different conversation or activity closes it at now and opens a new one.
//  - No focus or no conversation: the segment closes at now.
//  - No heartbeat for more than GAP_MS (the app was closed, frozen or asleep without notice): the
//    segment ends at its last beat; the gap is not counted.
//  - Idle: no input for longer than the agent's threshold (default 5 min). The segment is cut back to
//    the last input; when the agent is active again the idle span becomes a PENDING IDLE REVIEW with
//    the segment's client, conversation and activity (discard, keep, or give to another client or
//    activity). Idle is never billed silently.
//  - The timer (start/stop with client, activity and note) pauses automatic capture while it runs.
//    Idle while it runs cuts it at the last input; on return the idle span is offered for review and
//    the timer continues as a new entry. A timer found running after a restart treats the time since
//    its last beat the same way.
import type { Contract } from '../../../../shared/billing/contract';
import { BillingError } from '../../../../shared/billing/errors';
import { parseContract } from '../../../../shared/billing/contract';
import type { IdleReview, TimeEntry, TrackerStatus } from '../../../../shared/ipc/domains/time';
import { AppError } from '../../../../shared/ipc/result';
import type { Repos } from '../repos';
import type { EntryRow, IdleReviewRow, PeriodState } from './repo';
import { isLocked, lockedMessage, monthOf } from './rules';

/** Three missed 15-second heartbeats: the app was not running (or not beating) in between. */
export const GAP_MS = 45_000;

export type Heartbeat = {
  conversationId?: number | null;
  activity?: string;
  focused?: boolean;
  active: boolean;
  idleSeconds?: number;
};

type Segment = {
  id: number;
  conversationId: number;
  activity: string;
  startAt: number;
  clientId: number;
};
type IdleCtx = {
  clientId: number;
  conversationId: number | null;
  sourceId: number | null;
  activity: string;
  note: string;
};
type AgentState = {
  conversationId: number | null;
  activity: string;
  focused: boolean;
  lastBeatAt: number | null;
  lastActiveAt: number | null;
  segment: Segment | null;
  idle: { since: number; ctx: IdleCtx | null; resumeTimer: IdleCtx | null } | null;
  locked: boolean;
};

const iso = (ms: number) => new Date(ms).toISOString();
const whole = (ms: number) => Math.floor(ms / 1000) * 1000;

export function createTimeService(d: { repos: Repos }) {
  const r = d.repos;
  const t = r.time;
  const states = new Map<number, AgentState>();

  // ---- contracts, zones, periods ----
  function contractOf(clientId: number): (Contract & { exponent: number }) | null {
    const json = t.contractJson(clientId);
    if (json == null) return null;
    try {
      return parseContract(JSON.parse(json));
    } catch {
      return null; // validated on save; an unreadable stored contract counts as none
    }
  }
  function zoneOf(clientId: number): string {
    return contractOf(clientId)?.timeZone ?? r.clients.get(clientId)?.timezone ?? 'UTC';
  }
  function periodAt(clientId: number, ms: number): { month: string; state: PeriodState } {
    const month = monthOf(ms, zoneOf(clientId));
    return { month, state: t.periodState(clientId, month) };
  }
  /** Refuses (AppError conflict, the reason spelled out) a change to time in a locked period. */
  function assertUnlocked(clientId: number, ms: number): void {
    const p = periodAt(clientId, ms);
    if (isLocked(p.state))
      throw new AppError(
        'conflict',
        lockedMessage(r.clients.get(clientId)?.name ?? `client ${clientId}`, p.month, p.state),
      );
  }
  function billableByContract(clientId: number, activity: string): boolean {
    return !(contractOf(clientId)?.nonBillableActivities ?? []).includes(activity);
  }
  function setContract(clientId: number, input: unknown, at: number): Contract {
    let c: Contract;
    try {
      c = parseContract(input);
    } catch (e) {
      if (e instanceof BillingError) throw new AppError('invalid_input', `contract.${e.message}`);
      throw e;
    }
    const { exponent: _e, ...stored } = c as Contract & { exponent?: number };
    t.setContractJson(clientId, JSON.stringify(stored), at);
    return stored;
  }

  // ---- mapping ----
  function toEntry(e: EntryRow): TimeEntry {
    return {
      id: e.id,
      agentId: e.agentId,
      agentName: e.agentName,
      clientId: e.clientId,
      clientName: e.clientName,
      conversationId: e.conversationId,
      conversationTitle: e.conversationTitle,
      sourceId: e.sourceId,
      activity: e.activity,
      billable: e.billable,
      origin: e.origin,
      start: iso(e.startAt),
      end: iso(e.startAt + e.seconds * 1000),
      seconds: e.seconds,
      note: e.note,
      running: e.running,
      periodState: periodAt(e.clientId, e.startAt).state,
    };
  }
  function toReview(v: IdleReviewRow): IdleReview {
    return {
      id: v.id,
      start: iso(v.startAt),
      end: iso(v.endAt),
      seconds: Math.round((v.endAt - v.startAt) / 1000),
      clientId: v.clientId,
      clientName: v.clientName,
      conversationId: v.conversationId,
      conversationTitle: v.conversationTitle,
      activity: v.activity,
    };
  }

  // ---- capture ----
  function stateOf(agentId: number, now: number): AgentState {
    let s = states.get(agentId);
    if (!s) {
      // First beat of this run: segments a crash left open end at their last persisted beat.
      t.closeStaleSegments(agentId, now);
      const timer = t.runningTimer(agentId);
      const last = timer ? timer.startAt + timer.seconds * 1000 : null;
      s = {
        conversationId: null,
        activity: 'triage',
        focused: false,
        lastBeatAt: last,
        lastActiveAt: last,
        segment: null,
        idle: null,
        locked: false,
      };
      states.set(agentId, s);
    }
    return s;
  }

  function closeSegment(s: AgentState, endAt: number, at: number): void {
    if (!s.segment) return;
    const seconds = Math.max(0, Math.round((endAt - s.segment.startAt) / 1000));
    if (seconds === 0) t.removeEmptySegment(s.segment.id);
    else t.close(s.segment.id, seconds, at);
    s.segment = null;
  }

  function ctxOfSegment(seg: Segment): IdleCtx {
    const conv = r.conversations.raw(seg.conversationId);
    return {
      clientId: seg.clientId,
      conversationId: seg.conversationId,
      sourceId: conv?.source_id ?? null,
      activity: seg.activity,
      note: '',
    };
  }

  function enterIdle(agentId: number, s: AgentState, since: number, at: number): void {
    let ctx: IdleCtx | null = s.segment ? ctxOfSegment(s.segment) : null;
    closeSegment(s, since, at);
    let resumeTimer: IdleCtx | null = null;
    const timer = t.runningTimer(agentId);
    if (timer) {
      t.close(timer.id, Math.max(0, Math.round((since - timer.startAt) / 1000)), at);
      resumeTimer = {
        clientId: timer.clientId,
        conversationId: timer.conversationId,
        sourceId: timer.sourceId,
        activity: timer.activity,
        note: timer.note,
      };
      ctx = resumeTimer;
    }
    s.idle = { since, ctx, resumeTimer };
  }

  function leaveIdle(agentId: number, s: AgentState, now: number, at: number): void {
    const idle = s.idle!;
    s.idle = null;
    if (idle.ctx && now > idle.since) {
      t.addIdleReview({ agentId, startAt: idle.since, endAt: now, ...idle.ctx });
    }
    if (idle.resumeTimer) {
      const c = idle.resumeTimer;
      t.insert(
        {
          agentId,
          clientId: c.clientId,
          conversationId: c.conversationId,
          sourceId: c.sourceId,
          activity: c.activity,
          note: c.note,
          billable: billableByContract(c.clientId, c.activity),
          origin: 'timer',
          startAt: now,
          seconds: 0,
          running: true,
        },
        at,
      );
    }
  }

  /** Applies one heartbeat (see the header). `at` is the command's clock time. */
  function heartbeat(agentId: number, hb: Heartbeat, at: number): TrackerStatus {
    const now = whole(at);
    const s = stateOf(agentId, now);
    if (hb.conversationId !== undefined) s.conversationId = hb.conversationId;
    if (hb.activity !== undefined) s.activity = hb.activity;
    if (hb.focused !== undefined) s.focused = hb.focused;
    const threshold = (t.profile(agentId)?.idleThresholdSeconds ?? 300) * 1000;

    // 1. A gap without heartbeats: nothing is known about it. A segment ends at its last beat; a
    //    running timer's gap is idle (offered for review on return).
    if (s.lastBeatAt != null && now - s.lastBeatAt > GAP_MS && !s.idle) {
      if (s.segment) {
        s.segment = null; // its persisted seconds end at the last beat
        t.closeStaleSegments(agentId, at);
      }
      if (t.runningTimer(agentId)) enterIdle(agentId, s, s.lastBeatAt, at);
      s.lastActiveAt = null;
    }

    // 2. The last input.
    const prevActive = s.lastActiveAt;
    const inputAt = hb.active
      ? now
      : hb.idleSeconds !== undefined
        ? whole(now - hb.idleSeconds * 1000)
        : null;
    if (inputAt != null && (s.lastActiveAt == null || inputAt > s.lastActiveAt))
      s.lastActiveAt = inputAt;

    // 3. Idle: no input for longer than the threshold. Detected while still away, or on the beat
    //    that ends an away span that crossed the threshold between two beats.
    if (!s.idle && prevActive != null) {
      const awayFrom = hb.active ? prevActive : s.lastActiveAt!;
      if (now - awayFrom > threshold) enterIdle(agentId, s, awayFrom, at);
    }
    if (s.idle && hb.active) leaveIdle(agentId, s, now, at);
    s.lastBeatAt = now;
    if (s.idle) return status(agentId, 'idle');

    // 4. Normal capture.
    const timer = t.runningTimer(agentId);
    if (timer) {
      closeSegment(s, now, at);
      t.setSeconds(timer.id, Math.max(0, Math.round((now - timer.startAt) / 1000)), at);
      return status(agentId, 'timer');
    }
    const conv =
      s.focused && s.conversationId != null ? r.conversations.raw(s.conversationId) : null;
    if (!conv) {
      closeSegment(s, now, at);
      return status(agentId, 'none');
    }
    if (s.segment && s.segment.conversationId === conv.id && s.segment.activity === s.activity) {
      t.setSeconds(s.segment.id, Math.round((now - s.segment.startAt) / 1000), at);
      return status(agentId, 'auto');
    }
    closeSegment(s, now, at);
    if (isLocked(periodAt(conv.client_id, now).state)) return status(agentId, 'locked');
    const id = t.insert(
      {
        agentId,
        clientId: conv.client_id,
        conversationId: conv.id,
        sourceId: conv.source_id,
        activity: s.activity,
        note: '',
        billable: billableByContract(conv.client_id, s.activity),
        origin: 'auto',
        startAt: now,
        seconds: 0,
        running: true,
      },
      at,
    );
    s.segment = {
      id,
      conversationId: conv.id,
      activity: s.activity,
      startAt: now,
      clientId: conv.client_id,
    };
    return status(agentId, 'auto');
  }

  function status(agentId: number, tracking?: TrackerStatus['tracking']): TrackerStatus {
    const s = states.get(agentId);
    const timer = t.runningTimer(agentId);
    const seg = s?.segment ? t.get(s.segment.id) : null;
    return {
      tracking: tracking ?? (s?.idle ? 'idle' : timer ? 'timer' : seg ? 'auto' : 'none'),
      segment: seg ? toEntry(seg) : null,
      timer: timer ? toEntry(timer) : null,
      pendingIdle: t.pendingIdle(agentId).length,
    };
  }

  function timerStart(
    agentId: number,
    p: { clientId: number; activity: string; note: string },
    at: number,
  ): TimeEntry {
    if (!r.clients.get(p.clientId))
      throw new AppError('not_found', `Client ${p.clientId} not found`);
    const now = whole(at);
    assertUnlocked(p.clientId, now);
    const running = t.runningTimer(agentId);
    if (running) t.close(running.id, Math.max(0, Math.round((now - running.startAt) / 1000)), at);
    const s = states.get(agentId);
    if (s) {
      closeSegment(s, now, at);
      if (s.idle) s.idle.resumeTimer = null;
      s.lastBeatAt = now;
      s.lastActiveAt = now;
    }
    const id = t.insert(
      {
        agentId,
        clientId: p.clientId,
        conversationId: null,
        sourceId: null,
        activity: p.activity,
        note: p.note,
        billable: billableByContract(p.clientId, p.activity),
        origin: 'timer',
        startAt: now,
        seconds: 0,
        running: true,
      },
      at,
    );
    return toEntry(t.get(id)!);
  }

  function timerStop(agentId: number, at: number): TimeEntry | null {
    const s = states.get(agentId);
    if (s?.idle) s.idle.resumeTimer = null;
    const running = t.runningTimer(agentId);
    if (!running) return null;
    const now = whole(at);
    // The time since the last beat counts only when beats were arriving (no gap).
    const end = s?.lastBeatAt != null && now - s.lastBeatAt > GAP_MS ? s.lastBeatAt : now;
    t.close(running.id, Math.max(0, Math.round((end - running.startAt) / 1000)), at);
    return toEntry(t.get(running.id)!);
  }

  /** Forget in-memory capture state (a new run starts from the database). */
  function reset(): void {
    states.clear();
  }

  return {
    contractOf,
    zoneOf,
    periodAt,
    assertUnlocked,
    billableByContract,
    setContract,
    toEntry,
    toReview,
    heartbeat,
    status,
    timerStart,
    timerStop,
    reset,
  };
}
export type TimeService = ReturnType<typeof createTimeService>;
