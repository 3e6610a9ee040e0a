// The load part of the harness: its simulated time skips idle periods but charges real work (a timer
// due while code runs fires late by that much), and a small spike through the real sync scheduler and
// ingest stores every spike message while every other source keeps polling.
import { expect, it } from 'vitest';
import { loadHarness, simulatedTime } from '../../../build/harness/load';

it('skips idle time and measures a timer delayed by work', async () => {
  const t = simulatedTime(1_000_000);
  const fired: number[] = [];
  t.timers.set(() => {
    fired.push(t.clock.now());
    const until = performance.now() + 40;
    while (performance.now() < until); // 40 ms of work at 1,060,000
  }, 60_000);
  t.timers.set(() => fired.push(t.clock.now()), 60_010);
  const a = await t.step(Infinity);
  expect(a).toMatchObject({ fired: true, late: 0 });
  const b = await t.step(Infinity);
  expect(b.fired).toBe(true);
  expect(b.late).toBeGreaterThanOrEqual(29); // due 10 ms after the first, which worked 40 ms
  expect(fired[0]).toBe(1_060_000);
  expect((await t.step(Infinity)).fired).toBe(false);
});

it('a small spike: every message stored, every other source polled on time or later, none missed', async () => {
  const logs: string[] = [];
  const f = await loadHarness({
    spikeMessages: 600,
    spikeMs: 10_000,
    otherSources: 5,
    pollIntervalMs: 2_000,
    log: (m) => logs.push(m),
  });
  expect(f.spike_messages).toBe(600);
  expect(f.spike_polls).toBeGreaterThanOrEqual(6);
  // 5 sources every 2 s for >= 10 s of spike.
  expect(f.spike_other_polls).toBeGreaterThanOrEqual(25);
  expect(f.spike_polls_missed).toBe(0);
  expect(f.spike_queue_reads).toBeGreaterThanOrEqual(10);
}, 120_000);
