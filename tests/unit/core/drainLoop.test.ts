// tests/unit/core: the drain loop shared by the durable senders (reply outbox, moderation sender):
// one shared run for concurrent drains, each row tried once per run, a failing row never stops the
// others, timers armed only between start() and stop().
import { describe, expect, it, vi } from 'vitest';
import { createDrainLoop } from '../../../electron/core/domains/drainLoop';
import { silentLogger } from '../../../electron/core/ports';

type Row = { id: number; dueAt: number };

function harness(rows: Row[], process: (row: Row) => Promise<void>) {
  let now = 1_000;
  const tried: number[] = [];
  const errors: string[] = [];
  const loop = createDrainLoop<Row>({
    clock: { now: () => now },
    logger: { ...silentLogger, error: (msg, data) => errors.push(`${msg} ${String(data?.id)}`) },
    what: 'test row',
    due: (at, limit) => rows.filter((r) => r.dueAt <= at).slice(0, limit),
    nextDueAt: () => (rows.length ? Math.min(...rows.map((r) => r.dueAt)) : null),
    process: async (row) => {
      tried.push(row.id);
      await process(row);
    },
  });
  return { loop, tried, errors, setNow: (t: number) => (now = t) };
}

describe('createDrainLoop', () => {
  it('concurrent drains share one run and every due row is processed once', async () => {
    const rows: Row[] = [1, 2, 3].map((id) => ({ id, dueAt: 0 }));
    const h = harness(rows, async (row) => {
      rows.splice(rows.indexOf(row), 1);
    });
    const a = h.loop.drain();
    const b = h.loop.drain();
    expect(a).toBe(b);
    await a;
    expect(h.tried).toEqual([1, 2, 3]);
  });

  it('a row that stays due (its state could not be written) is tried once per run, and a throw is logged', async () => {
    const rows: Row[] = [
      { id: 1, dueAt: 0 },
      { id: 2, dueAt: 0 },
    ];
    const h = harness(rows, async (row) => {
      if (row.id === 1) throw new Error('disk I/O error');
      rows.splice(rows.indexOf(row), 1);
    });
    await h.loop.drain();
    expect(h.tried).toEqual([1, 2]);
    expect(h.errors).toEqual(['test row failed unexpectedly 1']);
    await h.loop.drain();
    expect(h.tried).toEqual([1, 2, 1]);
  });

  it('a drain asked for during a run makes the run look again for rows that became due', async () => {
    const rows: Row[] = [{ id: 1, dueAt: 0 }];
    let second: Promise<void> | null = null;
    const h = harness(rows, async (row) => {
      rows.splice(rows.indexOf(row), 1);
      if (row.id === 1) {
        rows.push({ id: 2, dueAt: 0 });
        second = h.loop.drain();
      }
    });
    await h.loop.drain();
    expect(second).not.toBeNull();
    expect(h.tried).toEqual([1, 2]);
  });

  it('arms a timer for the next due row only after start(), and stop() disarms it', async () => {
    vi.useFakeTimers();
    try {
      const rows: Row[] = [{ id: 7, dueAt: 5_000 }];
      const h = harness(rows, async (row) => {
        rows.splice(rows.indexOf(row), 1);
      });
      await h.loop.drain();
      expect(vi.getTimerCount()).toBe(0); // not started: no timer
      h.loop.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(h.tried).toEqual([]);
      expect(vi.getTimerCount()).toBe(1);
      h.setNow(5_000);
      await vi.advanceTimersByTimeAsync(4_000);
      expect(h.tried).toEqual([7]);
      rows.push({ id: 8, dueAt: 9_000 });
      await h.loop.drain();
      expect(vi.getTimerCount()).toBe(1);
      h.loop.stop();
      expect(h.loop.stopped()).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
      h.setNow(9_000);
      await h.loop.drain();
      expect(h.tried).toEqual([7]); // stopped: no new rows
    } finally {
      vi.useRealTimers();
    }
  });
});
