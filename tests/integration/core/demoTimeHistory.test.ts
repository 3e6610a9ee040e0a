// The demo's time history goes through the contract, as the agents who did the work: contracts per
// client, entries on every working day of last month and this month, last month submitted, approved
// and invoiced (locked: a change there is refused), this month open — so the Time tab, the periods
// and the exports show real numbers on first start.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedTimeHistory } from '../../../electron/demo/timeHistory';
import { makeCore, type TestCore } from '../../helpers/core';

const NOW = Date.parse('2026-11-20T12:00:00Z');
let core: TestCore;
beforeEach(async () => {
  core = await makeCore({ clock: { now: () => NOW } });
});
afterEach(async () => core.close());

it('seeds two months of time with contracts, a locked invoiced month and an open one', async () => {
  const a = await core.call('clients.create', { name: 'Northwind', timezone: 'Europe/Copenhagen' });
  const b = await core.call('clients.create', { name: 'Kite', timezone: 'Australia/Sydney' });
  const maja = await core.call('agents.add', { name: 'Maja Holm', email: 'maja@demo.example' });
  const sam = await core.call('agents.add', { name: 'Sam Reyes', email: 'sam@demo.example' });
  const r = await seedTimeHistory(core.dispatch, {
    clients: [a, b],
    workers: [maja.id, sam.id],
    now: NOW,
  });
  expect(r).toMatchObject({ lockedMonth: '2026-10', openMonth: '2026-11' });
  // 22 working days in October + 14 in November before the 20th, 2-3 entries per worker and day.
  expect(r.entries).toBeGreaterThanOrEqual(36 * 2 * 2);
  expect(r.entries).toBeLessThanOrEqual(36 * 2 * 3);
  const october = await core.call('time.periods', { month: '2026-10' });
  expect(october.map((p) => p.state)).toEqual(['invoiced', 'invoiced']);
  expect(october.reduce((s, p) => s + p.entries, 0)).toBeGreaterThan(0);
  expect(october.every((p) => p.totalMinor !== null && p.totalMinor > 0)).toBe(true);
  const november = await core.call('time.periods', { month: '2026-11' });
  expect(november.map((p) => p.state)).toEqual(['open', 'open']);
  // Locked: nobody adds time to October any more.
  const refused = await core.dispatch(
    'time.addEntry',
    { clientId: a.id, activity: 'reply', start: '2026-10-15T09:00:00Z', seconds: 600 },
    { agentId: maja.id },
  );
  expect(refused.ok).toBe(false);
  // The audit log names who did what: the account manager invoiced.
  const invoiced = (await core.call('audit.list', { limit: 1000 })).filter(
    (e) => e.action.includes('period') && JSON.stringify(e.data).includes('invoice'),
  );
  expect(invoiced.length).toBeGreaterThan(0);
  expect(invoiced.every((e) => e.actor === 'Sofia Ruiz')).toBe(true);
});
