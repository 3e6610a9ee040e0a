// electron/core/domains/time: demo time history for the demo agency (the demo room calls it once,
// after it created the demo clients). Two months of plausible time, deterministic for a given `now`
// and `seed` (a seeded PRNG, no Math.random): three demo agents (an agent, a team lead, an account
// manager) plus the current agent if given; automatic segments on the clients' conversations
// (triage, reply, moderation), timer and manual entries (reporting, calls, planning), idle reviews
// that were kept or discarded; a contract per client (EUR with a rate change at the start of this
// month, a USD retainer, NOK with group rounding, AUD with a minimum per entry); last month invoiced,
// this month open. Written in one transaction through the time repository, with one audit event.
// Does nothing when the workspace already has time entries.
import { durable, type Db } from '../../db/open';
import type { Repos } from '../repos';
import { monthOf } from './rules';

export type SeedResult = {
  entries: number;
  idleReviews: number;
  agents: number;
  months: [string, string] | null;
};

/** mulberry32: a small, well-known seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEMO_AGENTS = [
  { name: 'Mette Holm', email: 'mette@demo-agency.example', role: 'agent' as const },
  { name: 'Jonas Berg', email: 'jonas@demo-agency.example', role: 'team_lead' as const },
  { name: 'Sofia Ruiz', email: 'sofia@demo-agency.example', role: 'account_manager' as const },
];

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function contractFor(
  i: number,
  zone: string,
  rateChange: string,
  historyStart: string,
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

/**
 * Seeds two months of demo time: the whole previous calendar month (invoiced) and this month up to
 * `now` (open). `clientIds` defaults to the demo clients (all clients when none is marked demo).
 */
export function seedTimeHistory(
  o: { db: Db; repos: Repos },
  opts: { now: number; seed?: number; selfAgentId?: number | null; clientIds?: number[] },
): SeedResult {
  const { db, repos: r } = o;
  const t = r.time;
  if (t.countAll() > 0) return { entries: 0, idleReviews: 0, agents: 0, months: null };
  const all = r.clients.list();
  const clients = opts.clientIds
    ? all.filter((c) => opts.clientIds!.includes(c.id))
    : all.some((c) => c.isDemo)
      ? all.filter((c) => c.isDemo)
      : all;
  if (clients.length === 0) return { entries: 0, idleReviews: 0, agents: 0, months: null };
  const rnd = prng(opts.seed ?? 20261110);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const nowDay = new Date(opts.now);
  const thisMonthStart = Date.UTC(nowDay.getUTCFullYear(), nowDay.getUTCMonth(), 1);
  const prevMonthStart = Date.UTC(nowDay.getUTCFullYear(), nowDay.getUTCMonth() - 1, 1);
  const historyStart = iso(Date.UTC(nowDay.getUTCFullYear(), nowDay.getUTCMonth() - 2, 1));
  const rateChange = iso(thisMonthStart);

  return durable(db, () => {
    const agents: number[] = [];
    for (const a of DEMO_AGENTS) {
      const existing = r.agents.byEmail(a.email);
      const id = existing?.id ?? r.agents.insert({ name: a.name, email: a.email }).id;
      t.setProfile(id, { role: a.role });
      agents.push(id);
    }
    if (opts.selfAgentId != null) agents.push(opts.selfAgentId);
    const convs = new Map(clients.map((c) => [c.id, t.conversationRefs(c.id, 40)]));
    for (const [i, c] of clients.entries())
      t.setContractJson(
        c.id,
        JSON.stringify(contractFor(i, c.timezone, rateChange, historyStart)),
        opts.now,
      );

    let entries = 0;
    let idle = 0;
    const at = opts.now;
    for (let day = prevMonthStart; day + 86_400_000 <= opts.now; day += 86_400_000) {
      const wd = new Date(day).getUTCDay();
      if (wd === 0 || wd === 6) continue;
      for (const agent of agents) {
        if (rnd() < 0.1) continue; // a day off
        let clock = day + (7 + Math.floor(rnd() * 3)) * 3600_000 + Math.floor(rnd() * 60) * 60_000; // 07:00-09:59 UTC
        const end = clock + (6 + Math.floor(rnd() * 3)) * 3600_000;
        while (clock < end && clock < opts.now) {
          const client = pick(clients);
          const refs = convs.get(client.id)!;
          const roll = rnd();
          let seconds: number;
          if (roll < 0.78 && refs.length > 0) {
            // An automatic segment on a conversation: triage is short, replies longer.
            const conv = pick(refs);
            const activity = rnd() < 0.45 ? 'triage' : rnd() < 0.85 ? 'reply' : 'moderation';
            seconds =
              activity === 'triage' ? 30 + Math.floor(rnd() * 240) : 120 + Math.floor(rnd() * 1200);
            t.insert(
              {
                agentId: agent,
                clientId: client.id,
                conversationId: conv.id,
                sourceId: conv.sourceId,
                activity,
                billable: true,
                origin: 'auto',
                startAt: clock,
                seconds,
                note: '',
                running: false,
              },
              at,
            );
          } else if (roll < 0.93) {
            const activity = pick(['reporting', 'call', 'planning', 'admin'] as const);
            const note = {
              reporting: 'Weekly community report',
              call: 'Call with the client',
              planning: 'Content calendar',
              admin: 'Moderation guidelines update',
            }[activity];
            seconds = (15 + Math.floor(rnd() * 60)) * 60;
            t.insert(
              {
                agentId: agent,
                clientId: client.id,
                conversationId: null,
                sourceId: null,
                activity,
                billable: activity !== 'admin',
                origin: rnd() < 0.6 ? 'timer' : 'manual',
                startAt: clock,
                seconds,
                note,
                running: false,
              },
              at,
            );
          } else {
            // Away from the desk: an idle review, kept (a phone call at the desk) or discarded.
            const conv = refs.length > 0 ? pick(refs) : null;
            seconds = (6 + Math.floor(rnd() * 30)) * 60;
            const reviewId = t.addIdleReview({
              agentId: agent,
              startAt: clock,
              endAt: clock + seconds * 1000,
              clientId: client.id,
              conversationId: conv?.id ?? null,
              sourceId: conv?.sourceId ?? null,
              activity: 'reply',
              note: '',
            });
            idle++;
            if (rnd() < 0.4) {
              const id = t.insert(
                {
                  agentId: agent,
                  clientId: client.id,
                  conversationId: conv?.id ?? null,
                  sourceId: conv?.sourceId ?? null,
                  activity: 'reply',
                  billable: true,
                  origin: 'idle-kept',
                  startAt: clock,
                  seconds,
                  note: '',
                  running: false,
                },
                at,
              );
              t.resolveIdle(reviewId, 'kept', id, at);
              entries++;
            } else t.resolveIdle(reviewId, 'discarded', null, at);
          }
          if (roll < 0.93) entries++;
          clock += seconds * 1000 + Math.floor(rnd() * 600) * 1000;
        }
      }
    }
    const prev = monthOf(prevMonthStart + 86_400_000 * 10, 'UTC');
    const cur = monthOf(opts.now, 'UTC');
    const lead = agents[2]!;
    for (const c of clients) t.setPeriodState(c.id, prev, 'invoiced', lead, at);
    r.audit.add({
      at,
      actorId: null,
      actor: 'system',
      action: 'time.seedDemo',
      entity: 'time',
      entityId: 'demo',
      data: { entries, idleReviews: idle, months: [prev, cur] },
    });
    return {
      entries,
      idleReviews: idle,
      agents: agents.length,
      months: [prev, cur] as [string, string],
    };
  });
}
