// The demo's director on its own (pure, seeded, injected time): the rates of a demo day are those its
// clients declare, bursts happen and end, colleagues' pace follows the queue, and a queue model fed
// by the plan stays at a workable size for a whole day, for any seed.
import { describe, expect, it } from 'vitest';
import { DEMO_CLIENTS } from '../../../electron/demo/clients';
import {
  BURST_FACTOR,
  colleaguesPerHour,
  createDirector,
  dayFactor,
  FLOOR_OPEN,
  MAX_TICK_MS,
  TARGET_OPEN,
} from '../../../electron/demo/director';

const START = Date.parse('2026-11-24T13:00:00Z');
const MIN = 60_000;

describe('the director', () => {
  it('is reproducible: the same seed and times give the same day', () => {
    const run = () => {
      const d = createDirector({ clients: DEMO_CLIENTS, seed: 9, start: START });
      return Array.from({ length: 120 }, (_, i) => d.plan(START + (i + 1) * MIN, 35));
    };
    expect(run()).toEqual(run());
  });

  it("posts at the clients' declared hourly rates, lower at night, higher in bursts (200 hours)", () => {
    const d = createDirector({ clients: DEMO_CLIENTS, seed: 1, start: START });
    const actual = new Map<string, number>();
    const expected = new Map<string, number>();
    for (let m = 1; m <= 200 * 60; m++) {
      const now = START + m * MIN;
      const p = d.plan(now, TARGET_OPEN);
      for (const c of DEMO_CLIENTS) {
        const f = dayFactor(now, c.timezone) * (p.burst?.slug === c.slug ? BURST_FACTOR : 1);
        expected.set(c.slug, (expected.get(c.slug) ?? 0) + (c.perHour * f) / 60);
      }
      for (const a of p.member)
        if (a.kind === 'conversation') actual.set(a.slug, (actual.get(a.slug) ?? 0) + 1);
    }
    for (const c of DEMO_CLIENTS) {
      const ratio = (actual.get(c.slug) ?? 0) / expected.get(c.slug)!;
      expect([c.slug, ratio > 0.85 && ratio < 1.15]).toEqual([c.slug, true]);
    }
    // A day-time hour and a night-time hour differ as declared.
    expect(dayFactor(Date.parse('2026-11-24T13:00:00Z'), 'Europe/Copenhagen')).toBe(1);
    expect(dayFactor(Date.parse('2026-11-24T02:00:00Z'), 'Europe/Copenhagen')).toBe(0.35);
  });

  it('bursts on one client now and then, multiplying its traffic, and each burst ends', () => {
    const d = createDirector({ clients: DEMO_CLIENTS, seed: 3, start: START });
    const bursts = new Map<string, { from: number; until: number }>();
    for (let m = 1; m <= 24 * 60; m++) {
      const p = d.plan(START + m * MIN, TARGET_OPEN);
      if (p.burst) bursts.set(`${p.burst.slug}@${p.burst.from}`, p.burst);
    }
    expect(bursts.size).toBeGreaterThanOrEqual(8); // one every ~75 min plus its length
    expect(bursts.size).toBeLessThanOrEqual(30);
    for (const b of bursts.values()) {
      expect(b.until - b.from).toBeGreaterThanOrEqual(10 * MIN);
      expect(b.until - b.from).toBeLessThanOrEqual(25 * MIN);
    }
    expect(BURST_FACTOR).toBeGreaterThan(1);
  });

  it('colleagues speed up with the queue and stop when it is empty', () => {
    expect(colleaguesPerHour(0)).toBe(0);
    expect(colleaguesPerHour(FLOOR_OPEN)).toBe(0);
    expect(colleaguesPerHour(TARGET_OPEN)).toBe(45);
    expect(colleaguesPerHour(50)).toBe(180);
    expect(colleaguesPerHour(10_000)).toBe(240);
    expect(colleaguesPerHour(20)).toBeLessThan(colleaguesPerHour(21));
  });

  it('a long pause is not replayed as one giant tick', () => {
    const d = createDirector({ clients: DEMO_CLIENTS, seed: 5, start: START });
    const p = d.plan(START + 8 * 3_600_000, 35);
    // At most MAX_TICK_MS worth of traffic (≈ 60 events/h × 10 min, bursts included).
    expect(MAX_TICK_MS).toBe(10 * MIN);
    expect(p.member.length).toBeLessThan(40);
  });

  it('keeps a model queue between 20 and 60 through a whole day, for any of 20 seeds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const d = createDirector({ clients: DEMO_CLIENTS, seed, start: START });
      // Model: new conversations, moderation and private items open a conversation; a follow-up
      // reopens one of the pending ones (the colleagues leave most answers pending); a colleague action closes one.
      let open = 35;
      let pending = 10;
      let min = open;
      let max = open;
      for (let m = 1; m <= 24 * 60; m++) {
        const p = d.plan(START + m * MIN, open);
        for (const a of p.member) {
          if (a.kind !== 'followUp') open++;
          else if (pending > 0) {
            pending--;
            open++;
          }
        }
        const served = Math.min(open, p.colleagueActions);
        open -= served;
        pending += Math.round(served * 0.6);
        min = Math.min(min, open);
        max = Math.max(max, open);
      }
      expect([seed, min >= 20, max <= 60]).toEqual([seed, true, true]);
      expect(max).toBeGreaterThan(min); // and it moves
    }
  });
});
