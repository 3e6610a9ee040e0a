// electron/demo: two months of the demo agency's tracked time, through the contract only (every
// call made as the agent who did the work), so every screen and export shows real numbers on first
// start: a contract per client (EUR with a rate change at the start of this month, a USD retainer,
// NOK with group rounding, AUD with a minimum per entry, …), the colleagues' entries on every working
// day (triage, replies, moderation, reporting, calls), the previous month submitted, approved by the
// team lead and invoiced by the account manager (locked), this month open. Deterministic (seeded).
// Idle reviews come from live capture only (the contract has no way to invent idle time).
import type { DemoDispatch } from './types';
import { mulberry32, pick } from './prng';

const ROLES = [
  { name: 'Jonas Berg', email: 'jonas.berg@demo-agency.example', role: 'team_lead' },
  { name: 'Sofia Ruiz', email: 'sofia.ruiz@demo-agency.example', role: 'account_manager' },
] as const;
const ACTIVITIES = ['triage', 'reply', 'reply', 'moderation', 'reporting', 'call'] as const;
const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const month = (t: number) => new Date(t).toISOString().slice(0, 7);

function contractFor(
  i: number,
  zone: string,
  historyStart: string,
  rateChange: string,
): Record<string, unknown> {
  switch (i % 4) {
    case 0:
      return {
        currency: 'EUR',
        timeZone: zone,
        nonBillableActivities: ['admin'],
        rounding: { mode: 'up', intervalMinutes: 6, scope: 'entry' },
        rates: [
          { ratePerHourMinor: 9500, effectiveFrom: historyStart },
          { ratePerHourMinor: 10500, effectiveFrom: rateChange },
          { ratePerHourMinor: 12000, activity: 'call', effectiveFrom: historyStart },
        ],
      };
    case 1:
      return {
        currency: 'USD',
        timeZone: zone,
        rounding: { mode: 'nearest', intervalMinutes: 15, scope: 'entry' },
        rates: [{ ratePerHourMinor: 8000, effectiveFrom: historyStart }],
        retainer: {
          monthlyFeeMinor: 200000,
          includedMinutes: 20 * 60,
          overageRatePerHourMinor: 8000,
          unused: { policy: 'lose' },
        },
      };
    case 2:
      return {
        currency: 'NOK',
        timeZone: zone,
        nonBillableActivities: ['admin', 'planning'],
        rounding: { mode: 'nearest', intervalMinutes: 15, scope: 'group' },
        rates: [{ ratePerHourMinor: 95000, effectiveFrom: historyStart }],
      };
    default:
      return {
        currency: 'AUD',
        timeZone: zone,
        minimumPerEntryMinutes: 15,
        rates: [
          { ratePerHourMinor: 14000, effectiveFrom: historyStart },
          { ratePerHourMinor: 16000, activity: 'moderation', effectiveFrom: historyStart },
        ],
      };
  }
}

export type TimeHistoryResult = { entries: number; lockedMonth: string; openMonth: string };

/**
 * Seeds the history for `clients` (id + zone) worked by `workers` (agent ids). Creates the team lead
 * and the account manager (roles set through time.setProfile as themselves).
 */
export async function seedTimeHistory(
  dispatch: DemoDispatch,
  o: {
    clients: ReadonlyArray<{ id: number; timezone: string }>;
    workers: readonly number[];
    now: number;
    seed?: number;
  },
): Promise<TimeHistoryResult> {
  const call = async <T>(agentId: number, method: string, input: unknown): Promise<T> => {
    const r = await dispatch(method, input, { agentId });
    if (!r.ok) throw new Error(`time history: ${method}: ${r.error.message}`);
    return r.value as T;
  };
  const rnd = mulberry32(o.seed ?? 20261126);
  const first = o.workers[0]!;
  const roles: Record<string, number> = {};
  for (const p of ROLES) {
    const a = await call<{ id: number }>(first, 'agents.add', { name: p.name, email: p.email });
    await call(a.id, 'time.setProfile', { role: p.role });
    roles[p.role] = a.id;
  }
  const now = new Date(o.now);
  const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const prevMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  const historyStart = isoDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
  for (const [i, c] of o.clients.entries()) {
    await call(roles.account_manager!, 'time.setContract', {
      clientId: c.id,
      contract: contractFor(i, c.timezone, historyStart, isoDay(thisMonth)),
    });
  }
  let entries = 0;
  // Every working day from the first of last month to yesterday: each worker logs 2-3 entries.
  for (let day = prevMonth; day + DAY <= o.now; day += DAY) {
    const wd = new Date(day).getUTCDay();
    if (wd === 0 || wd === 6) continue;
    for (const agentId of o.workers) {
      const n = 2 + Math.floor(rnd() * 2);
      let start = day + (8 + Math.floor(rnd() * 2)) * 3_600_000;
      for (let k = 0; k < n; k++) {
        const seconds = (10 + Math.floor(rnd() * 80)) * 60 + Math.floor(rnd() * 60);
        const activity = pick(rnd, ACTIVITIES);
        const client = pick(rnd, o.clients);
        await call(agentId, 'time.addEntry', {
          clientId: client.id,
          activity,
          start: new Date(start).toISOString(),
          seconds,
          note: activity === 'call' ? 'Weekly call with the client' : '',
        });
        entries++;
        start += seconds * 1000 + (5 + Math.floor(rnd() * 40)) * 60_000;
      }
    }
  }
  // Last month: submitted by the agent, approved by the team lead, invoiced by the account manager.
  const locked = month(prevMonth);
  for (const c of o.clients) {
    await call(first, 'time.setPeriod', { clientId: c.id, month: locked, action: 'submit' });
    await call(roles.team_lead!, 'time.setPeriod', {
      clientId: c.id,
      month: locked,
      action: 'approve',
    });
    await call(roles.account_manager!, 'time.setPeriod', {
      clientId: c.id,
      month: locked,
      action: 'invoice',
    });
  }
  return { entries, lockedMonth: locked, openMonth: month(thisMonth) };
}
