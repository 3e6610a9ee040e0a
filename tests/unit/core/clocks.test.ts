// SLA clocks derived from the event log: properties over random event sequences, and examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deriveClock,
  type ClockEvent,
  type TimeCalc,
} from '../../../electron/core/domains/sla/clocks';
import { addCalendar, betweenCalendar } from '../../../electron/core/domains/sla/engine';

const calendar: TimeCalc = {
  add: (_m, s, ms, p) => addCalendar(s, ms, p),
  between: (_m, a, b, p) => betweenCalendar(a, b, p),
};
const MIN = 60_000;

describe('deriveClock (calendar time)', () => {
  it('running clock: due = start + target, breached once now passes due', () => {
    const ev: ClockEvent[] = [{ kind: 'activate', at: 0, targetMinutes: 60, mode: 'calendar' }];
    expect(deriveClock(ev, calendar, 30 * MIN)).toMatchObject({
      status: 'running',
      dueAt: 60 * MIN,
      breached: false,
      elapsedMinutes: 30,
      remainingMinutes: 30,
    });
    expect(deriveClock(ev, calendar, 60 * MIN)).toMatchObject({
      breached: true,
      breachedAt: 60 * MIN,
    });
  });

  it('a pause moves the due time by its length; paused clocks have no due time', () => {
    const ev: ClockEvent[] = [
      { kind: 'activate', at: 0, targetMinutes: 60, mode: 'calendar' },
      { kind: 'pause', at: 10 * MIN },
    ];
    expect(deriveClock(ev, calendar, 200 * MIN)).toMatchObject({
      status: 'paused',
      dueAt: null,
      elapsedMinutes: 10,
      breached: false,
    });
    ev.push({ kind: 'resume', at: 40 * MIN });
    expect(deriveClock(ev, calendar, 41 * MIN)).toMatchObject({
      status: 'running',
      dueAt: 90 * MIN,
      elapsedMinutes: 11,
    });
  });

  it('fulfilled on time is met; fulfilled late is breached at the due time', () => {
    const on: ClockEvent[] = [
      { kind: 'activate', at: 0, targetMinutes: 60, mode: 'calendar' },
      { kind: 'fulfil', at: 59 * MIN },
    ];
    expect(deriveClock(on, calendar, 1e9)).toMatchObject({
      status: 'fulfilled',
      breached: false,
      elapsedMinutes: 59,
    });
    const late: ClockEvent[] = [
      { kind: 'activate', at: 0, targetMinutes: 60, mode: 'calendar' },
      { kind: 'fulfil', at: 61 * MIN },
    ];
    expect(deriveClock(late, calendar, 1e9)).toMatchObject({
      status: 'fulfilled',
      breached: true,
      breachedAt: 60 * MIN,
    });
  });

  it('exactly at the due time is met (the due instant is the earliest breach-free reply time)', () => {
    const ev: ClockEvent[] = [
      { kind: 'activate', at: 0, targetMinutes: 60, mode: 'calendar' },
      { kind: 'fulfil', at: 60 * MIN },
    ];
    expect(deriveClock(ev, calendar, 1e9).breached).toBe(false);
  });

  it('cancelled clocks are neither met nor breached; retarget changes the due time', () => {
    const ev: ClockEvent[] = [
      { kind: 'activate', at: 0, targetMinutes: 60, mode: 'calendar' },
      { kind: 'cancel', at: 120 * MIN },
    ];
    expect(deriveClock(ev, calendar, 1e9)).toMatchObject({ status: 'cancelled', breached: false });
    const rt: ClockEvent[] = [
      { kind: 'activate', at: 0, targetMinutes: 60, mode: 'calendar' },
      { kind: 'retarget', at: 5 * MIN, targetMinutes: 15, mode: 'calendar' },
    ];
    expect(deriveClock(rt, calendar, 6 * MIN)).toMatchObject({ dueAt: 15 * MIN });
  });

  const arbEvents = fc.array(
    fc.record({
      kind: fc.constantFrom<ClockEvent['kind']>('pause', 'resume', 'fulfil', 'retarget', 'cancel'),
      gap: fc.integer({ min: 0, max: 120 }),
      target: fc.integer({ min: 1, max: 600 }),
    }),
    { maxLength: 12 },
  );

  it('property: elapsed never exceeds wall time, and equals the target exactly at the due time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        arbEvents,
        fc.integer({ min: 0, max: 3000 }),
        (target, steps, extra) => {
          const ev: ClockEvent[] = [
            { kind: 'activate', at: 0, targetMinutes: target, mode: 'calendar' },
          ];
          let t = 0;
          for (const s of steps) {
            t += s.gap * MIN;
            ev.push({
              kind: s.kind,
              at: t,
              targetMinutes: s.kind === 'retarget' ? s.target : undefined,
              mode: 'calendar',
            });
          }
          const now = t + extra * MIN;
          const st = deriveClock(ev, calendar, now);
          expect(st.elapsedMinutes).toBeLessThanOrEqual(now / MIN + 1e-9);
          expect(st.elapsedMinutes).toBeGreaterThanOrEqual(0);
          if (st.dueAt != null && st.status === 'running') {
            // Elapsed at the due time (with the same pauses) equals the target.
            const atDue = deriveClock(ev, calendar, Math.max(st.dueAt, t));
            if (st.dueAt >= t) expect(atDue.elapsedMinutes).toBeCloseTo(st.targetMinutes!, 6);
            expect(st.breached).toBe(now >= st.dueAt);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: events are replayable — deriving twice gives the same state (audit)', () => {
    fc.assert(
      fc.property(arbEvents, (steps) => {
        const ev: ClockEvent[] = [{ kind: 'activate', at: 0, targetMinutes: 30, mode: 'calendar' }];
        let t = 0;
        for (const s of steps)
          ev.push({
            kind: s.kind,
            at: (t += s.gap * MIN),
            targetMinutes: s.target,
            mode: 'calendar',
          });
        expect(deriveClock(ev, calendar, t + MIN)).toEqual(deriveClock([...ev], calendar, t + MIN));
      }),
      { numRuns: 100 },
    );
  });
});

describe('calendar time with pauses', () => {
  it('addCalendar / betweenCalendar are inverse', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 1e8 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2e9 }), fc.integer({ min: 0, max: 1e7 })), {
          maxLength: 6,
        }),
        (start, ms, ps) => {
          const pauses = ps.map(([a, len]) => [a, a + len] as const);
          const end = addCalendar(start, ms, pauses);
          expect(betweenCalendar(start, end, pauses)).toBe(ms);
          if (ms > 0) expect(betweenCalendar(start, end - 1, pauses)).toBeLessThan(ms);
        },
      ),
    );
  });
});
