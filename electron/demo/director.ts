// electron/demo: the director — what happens in the demo agency's day, as a pure, seeded plan. Each
// tick it decides, from the elapsed time, which members write where (a Poisson count per client and
// kind from the client's hourly rates, lower at night in the client's time zone, and now and then a
// "viral" burst on one client) and how many conversations the simulated colleagues pick up. Their pace
// grows with the open queue (45/h at 35 open, quadratically above a floor of 20 that they leave for the
// newcomer), so the queue settles at a workable size (20–60) while it keeps moving. Nothing here
// touches a clock or I/O: the caller passes `now`.
import type { DemoClient } from './clients';
import { mulberry32, pick, poisson, type Rng } from './prng';
import type { MemberAction } from './types';

/** Colleagues' pace: `BASE_PER_HOUR` × ((open − FLOOR_OPEN) / (TARGET_OPEN − FLOOR_OPEN))², capped; nothing at or below the floor. */
export const FLOOR_OPEN = 20;
export const TARGET_OPEN = 35;
export const BASE_PER_HOUR = 45;
export const MAX_PER_HOUR = 240;
/** A burst multiplies one client's traffic for 10–25 minutes; one starts every ~75 minutes on average. */
export const BURST_FACTOR = 6;
export const BURST_MEAN_GAP_MS = 75 * 60_000;
/** A long pause (a laptop asleep) is not replayed as one giant tick. */
export const MAX_TICK_MS = 10 * 60_000;

export type Burst = { slug: string; from: number; until: number };
export type TickPlan = { member: MemberAction[]; colleagueActions: number; burst: Burst | null };

const hourFormats = new Map<string, Intl.DateTimeFormat>();
/** Local hour of `now` in `zone` (0–23). */
function localHour(now: number, zone: string): number {
  let f = hourFormats.get(zone);
  if (!f)
    hourFormats.set(
      zone,
      (f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' })),
    );
  return Number(f.format(now)) % 24;
}

/** Communities are busy from 08:00 to 23:00 local time and quiet (35 %) at night. */
export function dayFactor(now: number, zone: string): number {
  const h = localHour(now, zone);
  return h >= 8 && h < 23 ? 1 : 0.35;
}

export function colleaguesPerHour(open: number): number {
  if (open <= FLOOR_OPEN) return 0;
  return Math.min(
    MAX_PER_HOUR,
    BASE_PER_HOUR * ((open - FLOOR_OPEN) / (TARGET_OPEN - FLOOR_OPEN)) ** 2,
  );
}

export function createDirector(o: { clients: readonly DemoClient[]; seed: number; start: number }) {
  const rnd: Rng = mulberry32(o.seed);
  let last = o.start;
  let burst: Burst | null = null;
  let nextBurst = o.start + Math.round(-Math.log(1 - rnd()) * BURST_MEAN_GAP_MS);
  return {
    get burst() {
      return burst;
    },
    /** What happens between the previous tick and `now`, given the open queue's size. */
    plan(now: number, open: number): TickPlan {
      const dt = Math.min(MAX_TICK_MS, Math.max(0, now - last));
      last = now;
      if (burst && now >= burst.until) burst = null;
      if (!burst && now >= nextBurst && o.clients.length) {
        const c = pick(rnd, o.clients);
        burst = { slug: c.slug, from: now, until: now + (10 + Math.floor(rnd() * 16)) * 60_000 };
        nextBurst = burst.until + Math.round(-Math.log(1 - rnd()) * BURST_MEAN_GAP_MS);
      }
      const hours = dt / 3_600_000;
      const member: MemberAction[] = [];
      for (const c of o.clients) {
        const f = dayFactor(now, c.timezone) * (burst?.slug === c.slug ? BURST_FACTOR : 1);
        const add = (kind: MemberAction['kind'], perHour: number) => {
          for (let n = poisson(rnd, perHour * f * hours); n > 0; n--)
            member.push({ slug: c.slug, kind, seed: Math.floor(rnd() * 2 ** 31) });
        };
        add('conversation', c.perHour);
        add('followUp', c.followUpsPerHour);
        add('moderation', c.moderationPerHour);
        add('private', c.privatePerHour);
      }
      const colleagueActions = Math.min(
        Math.max(0, open - FLOOR_OPEN),
        poisson(rnd, colleaguesPerHour(open) * hours),
      );
      return { member, colleagueActions, burst };
    },
    /** A number from the director's stream (the colleagues' choices use it, so a run is reproducible). */
    random: () => rnd(),
  };
}
export type Director = ReturnType<typeof createDirector>;
