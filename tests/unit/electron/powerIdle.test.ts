// The desktop power feed (electron mocked): lock/suspend report "away since the last input",
// unlock/resume report "active", the 15-second poll reports the system idle time, and stopping
// removes every listener and the timer. Then the same beats drive a real core's idle review.
import { EventEmitter } from 'node:events';
import { afterEach, expect, it } from 'vitest';
import { POLL_MS, startPowerIdleFeed, type PowerHeartbeat } from '../../../electron/main/powerIdle';
import { timeWorld, type TimeWorld } from '../../integration/time/helpers';

function fakePower() {
  const em = new EventEmitter();
  let idle = 0;
  return {
    on: (e: string, l: () => void) => em.on(e, l),
    removeListener: (e: string, l: () => void) => em.removeListener(e, l),
    getSystemIdleTime: () => idle,
    setIdle: (s: number) => void (idle = s),
    emit: (e: string) => em.emit(e),
    listeners: () => em.eventNames().reduce((n, e) => n + em.listenerCount(e), 0),
  };
}
function fakeTimers() {
  const fns = new Map<number, () => void>();
  let next = 1;
  return {
    setInterval: (fn: () => void, ms: number) => (
      expect(ms).toBe(POLL_MS),
      fns.set(next, fn),
      next++
    ),
    clearInterval: (h: unknown) => void fns.delete(h as number),
    tick: () => [...fns.values()].forEach((f) => f()),
    count: () => fns.size,
  };
}

let w: TimeWorld | null = null;
afterEach(async () => {
  await w?.core.close();
  w = null;
});

it('turns power events and system idle time into activity heartbeats, and stops cleanly', () => {
  const pm = fakePower();
  const timers = fakeTimers();
  const beats: PowerHeartbeat[] = [];
  const stop = startPowerIdleFeed(pm, (hb) => beats.push(hb), timers);
  pm.setIdle(3);
  timers.tick();
  pm.setIdle(75);
  timers.tick();
  pm.setIdle(80);
  pm.emit('lock-screen');
  timers.tick();
  pm.emit('unlock-screen');
  pm.emit('suspend');
  pm.emit('resume');
  expect(beats).toEqual([
    { active: true, idleSeconds: 3 },
    { active: false, idleSeconds: 75 },
    { active: false, idleSeconds: 80 },
    { active: false },
    { active: true },
    { active: false, idleSeconds: 80 },
    { active: true },
  ]);
  stop();
  expect(pm.listeners()).toBe(0);
  expect(timers.count()).toBe(0);
});

it('a refused heartbeat does not break the feed', () => {
  const pm = fakePower();
  const timers = fakeTimers();
  let calls = 0;
  startPowerIdleFeed(
    pm,
    () => {
      calls++;
      throw new Error('core stopped');
    },
    timers,
  );
  timers.tick();
  pm.emit('lock-screen');
  expect(calls).toBe(2);
});

it('drives the core: a locked screen during a timer becomes an idle review on unlock', async () => {
  w = await timeWorld();
  const pm = fakePower();
  const timers = fakeTimers();
  const pending: Promise<unknown>[] = [];
  startPowerIdleFeed(pm, (hb) => void pending.push(w!.core.call('time.heartbeat', hb)), timers);
  await w.core.call('time.timerStart', {
    clientId: w.clients.a,
    activity: 'reporting',
    note: 'Report',
  });
  for (let i = 0; i < 4; i++) {
    w.clock.advance(POLL_MS);
    pm.setIdle(0);
    timers.tick();
    await Promise.all(pending);
  }
  pm.setIdle(0);
  pm.emit('lock-screen');
  for (let i = 0; i < 40; i++) {
    w.clock.advance(POLL_MS);
    timers.tick();
    await Promise.all(pending);
  }
  pm.emit('unlock-screen');
  await Promise.all(pending);
  const [review] = await w.core.call('time.idleReviews', {});
  expect(review).toMatchObject({ clientId: w.clients.a, activity: 'reporting', seconds: 40 * 15 });
  const st = await w.core.call('time.status', {});
  expect(st.timer).toMatchObject({ activity: 'reporting', running: true });
});
