// Demo time history: deterministic for a given now and seed, two months (last invoiced, this one
// open), a rate change, idle reviews, contracts that price every month, and every export works on it.
import { afterEach, expect, it } from 'vitest';
import { seedTimeHistory } from '../../../electron/core/domains/time/seed';
import { timeWorld, type TimeWorld } from './helpers';

const worlds: TimeWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.core.close();
});

const NOW = Date.parse('2026-11-18T15:00:00Z');
async function seeded() {
  const w = await timeWorld(NOW);
  worlds.push(w);
  const self = (await w.core.call('app.info', {})).agent!.id;
  const res = seedTimeHistory(w.core.internals, { now: NOW, selfAgentId: self });
  return { w, res, self };
}
const dump = (w: TimeWorld) =>
  w.core.internals.db
    .prepare(
      'SELECT agent_id, client_id, conversation_id, activity, origin, start_at, seconds, billable FROM time_entries ORDER BY id',
    )
    .all();

it('is deterministic, seeds two months with a rate change, idle reviews, an invoiced and an open month', async () => {
  const a = await seeded();
  const b = await seeded();
  expect(dump(a.w)).toEqual(dump(b.w));
  expect(a.res.months).toEqual(['2026-10', '2026-11']);
  expect(a.res.entries).toBeGreaterThan(500);
  expect(a.res.idleReviews).toBeGreaterThan(10);
  const db = a.w.core.internals.db;
  const origins = db
    .prepare('SELECT DISTINCT origin FROM time_entries ORDER BY origin')
    .all()
    .map((r) => (r as { origin: string }).origin);
  expect(origins).toEqual(['auto', 'idle-kept', 'manual', 'timer']);
  expect(db.prepare('SELECT DISTINCT state FROM time_idle_reviews ORDER BY state').all()).toEqual([
    { state: 'discarded' },
    { state: 'kept' },
  ]);
  expect(
    (db.prepare('SELECT max(start_at) m FROM time_entries').get() as { m: number }).m,
  ).toBeLessThan(NOW);
  const oct = await a.w.core.call('time.periods', { month: '2026-10' });
  const nov = await a.w.core.call('time.periods', { month: '2026-11' });
  expect(oct.map((p) => p.state)).toEqual(['invoiced', 'invoiced']);
  expect(nov.map((p) => p.state)).toEqual(['open', 'open']);
  for (const p of [...oct, ...nov]) {
    expect(p.problem).toBeNull();
    expect(p.entries).toBeGreaterThan(0);
    expect(p.totalMinor).toBeGreaterThan(0);
  }
  // The rate change: the EUR client's rate is 95.00 in October and 105.00 in November.
  const contracts = await Promise.all(
    [a.w.clients.a, a.w.clients.b].map(
      async (id) => (await a.w.core.call('time.contract', { clientId: id })).contract!,
    ),
  );
  const contract = contracts.find((c) => c.currency === 'EUR')!;
  expect(
    contract.rates.filter((r) => !r.activity).map((r) => [r.effectiveFrom, r.ratePerHourMinor]),
  ).toEqual([
    ['2026-09-01', 9500],
    ['2026-11-01', 10500],
  ]);
  // Invoiced October is locked for everyone's edits, also the current agent's.
  const mine = (await a.w.core.call('time.week', { weekStart: '2026-10-12', timeZone: 'UTC' }))
    .entries;
  expect(mine.length).toBeGreaterThan(0);
  await expect(
    a.w.core.call('time.updateEntry', { id: mine[0]!.id, note: 'x', reason: 'r' }),
  ).rejects.toThrow(/locked/);
  // A second call does nothing.
  expect(seedTimeHistory(a.w.core.internals, { now: NOW }).entries).toBe(0);
  for (const format of ['harvest', 'toggl', 'clockify', 'csv', 'xlsx'] as const) {
    const r = await a.w.core.call('time.export', {
      clientId: null,
      month: '2026-10',
      format,
      exportId: format,
    });
    expect(r.rows).toBe(oct.reduce((s, p) => s + p.entries, 0));
  }
}, 60_000);
