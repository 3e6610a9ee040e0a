// electron/core/sla: SLA clocks derived from an append-only event log (pure functions).
//
// Every number a client sees can be recomputed from `sla_clock_events`: a clock is activated with a
// target, may be paused and resumed (pending = waiting on the member), is fulfilled by a public agent
// reply (or by solving, for resolution), may be re-targeted (priority or policy change) or cancelled
// (resolve stops next-reply and periodic-update clocks). Breach is not an input: it is derived —
// a clock is breached when it was fulfilled after its due time, or is still running past it.

export const METRICS = [
  'first_reply',
  'next_reply',
  'periodic_update',
  'resolution',
  'time_to_action',
] as const;
export type Metric = (typeof METRICS)[number];

export type ClockEventKind =
  'activate' | 'pause' | 'resume' | 'fulfil' | 'cancel' | 'retarget' | 'breach';

export type ClockEvent = {
  kind: ClockEventKind;
  at: number; // ms epoch
  /** activate / retarget: the target in minutes and how it is counted. */
  targetMinutes?: number;
  mode?: 'business' | 'calendar';
  policyId?: number | null;
};

/** How elapsed time is counted: business minutes on the client's schedule, or calendar time. */
export interface TimeCalc {
  /** Earliest instant at which `ms` counted milliseconds have elapsed since `start`, skipping pauses. */
  add(
    mode: 'business' | 'calendar',
    start: number,
    ms: number,
    pauses: ReadonlyArray<readonly [number, number]>,
  ): number;
  /** Counted milliseconds in [a, b), excluding pauses. */
  between(
    mode: 'business' | 'calendar',
    a: number,
    b: number,
    pauses: ReadonlyArray<readonly [number, number]>,
  ): number;
}

export type ClockStatus = 'inactive' | 'running' | 'paused' | 'fulfilled' | 'cancelled';

export type ClockState = {
  status: ClockStatus;
  startedAt: number | null;
  targetMinutes: number | null;
  mode: 'business' | 'calendar';
  policyId: number | null;
  /** Closed pauses, plus the open one (to = null) while paused. */
  pauses: [number, number | null][];
  /** Due instant; null while paused (it moves) or inactive. */
  dueAt: number | null;
  endedAt: number | null;
  /** Counted minutes from start to end (or to `now` while open), pauses excluded. */
  elapsedMinutes: number;
  /** Counted minutes left to the target at `now` (negative once breached); null if inactive. */
  remainingMinutes: number | null;
  breached: boolean;
  breachedAt: number | null;
};

const closed = (p: [number, number | null][], until: number): [number, number][] =>
  p.map(([a, b]) => [a, b ?? until] as [number, number]).filter(([a, b]) => b > a);

/** Folds one metric's events (in order) into its state at `now`. */
export function deriveClock(
  events: readonly ClockEvent[],
  calc: TimeCalc,
  now: number,
): ClockState {
  const s: ClockState = {
    status: 'inactive',
    startedAt: null,
    targetMinutes: null,
    mode: 'business',
    policyId: null,
    pauses: [],
    dueAt: null,
    endedAt: null,
    elapsedMinutes: 0,
    remainingMinutes: null,
    breached: false,
    breachedAt: null,
  };
  for (const e of events) {
    switch (e.kind) {
      case 'activate':
        // A new cycle (next reply, periodic update) starts fresh.
        s.status = 'running';
        s.startedAt = e.at;
        s.targetMinutes = e.targetMinutes ?? s.targetMinutes;
        s.mode = e.mode ?? s.mode;
        s.policyId = e.policyId ?? null;
        s.pauses = [];
        s.endedAt = null;
        break;
      case 'pause':
        if (s.status === 'running') {
          s.status = 'paused';
          s.pauses.push([e.at, null]);
        }
        break;
      case 'resume':
        if (s.status === 'paused') {
          s.status = 'running';
          const last = s.pauses[s.pauses.length - 1];
          if (last) last[1] = e.at;
        }
        break;
      case 'retarget':
        if (s.status === 'running' || s.status === 'paused') {
          s.targetMinutes = e.targetMinutes ?? s.targetMinutes;
          s.mode = e.mode ?? s.mode;
          s.policyId = e.policyId ?? s.policyId;
        }
        break;
      case 'fulfil':
      case 'cancel':
        if (s.status === 'running' || s.status === 'paused') {
          if (s.status === 'paused') {
            const last = s.pauses[s.pauses.length - 1];
            if (last) last[1] = e.at;
          }
          s.status = e.kind === 'fulfil' ? 'fulfilled' : 'cancelled';
          s.endedAt = e.at;
        }
        break;
      case 'breach':
        break; // recorded for auditing and notifications; the state derives breach itself
    }
  }
  if (s.startedAt == null || s.targetMinutes == null) return s;
  const end = s.endedAt ?? now;
  const pauses = closed(s.pauses, end);
  const targetMs = s.targetMinutes * 60_000;
  s.elapsedMinutes = calc.between(s.mode, s.startedAt, end, pauses) / 60_000;
  if (s.status !== 'paused') {
    s.dueAt = calc.add(s.mode, s.startedAt, targetMs, pauses);
  }
  s.remainingMinutes = s.targetMinutes - s.elapsedMinutes;
  if (s.status === 'cancelled') return s;
  // Breached: ended after due, or still open with the target used up.
  if (s.status === 'fulfilled') {
    s.breached = s.dueAt != null && s.endedAt! > s.dueAt;
  } else {
    s.breached = s.elapsedMinutes >= s.targetMinutes && (s.dueAt == null || now >= s.dueAt);
    if (s.status === 'paused' && s.elapsedMinutes >= s.targetMinutes) s.breached = true;
  }
  if (s.breached) {
    // The breach instant: when the target was used up (computed with the pauses before it).
    s.breachedAt = s.dueAt ?? calc.add(s.mode, s.startedAt, targetMs, pauses);
  }
  return s;
}
