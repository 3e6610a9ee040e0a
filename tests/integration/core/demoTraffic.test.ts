// A demo hour against a real core: the director (seeded, on an injected clock) posts member traffic on
// the Discourse, Reddit, Discord, Slack and mail simulators, the core polls it in, and the simulated colleagues
// answer and solve conversations through the contract as themselves. The open queue must stay at a
// workable size (20–60) while it moves: new conversations arrive, colleagues' replies reach the
// platforms, and the audit log names the colleagues.
import { afterEach, expect, it } from 'vitest';
import { startDemo, type Demo, type DemoTick } from '../../../electron/demo';
import { silentLogger } from '../../../electron/core/ports';
import { makeCore, tempDir, type TestCore } from '../../helpers/core';

let core: TestCore | null = null;
let demo: Demo | null = null;
let cleanup: (() => void) | null = null;
afterEach(async () => {
  await demo?.close();
  await core?.stop();
  cleanup?.();
});

it(
  'an hour of demo time keeps the open queue between 20 and 60 while colleagues reply and solve',
  { timeout: 90_000 },
  async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    core = await makeCore({ dir: t.dir });
    let now = Date.parse('2026-11-24T13:00:00Z'); // afternoon in Europe, morning in New York
    demo = (await startDemo({
      dataDir: t.dir,
      dispatch: core.dispatch,
      logger: silentLogger,
      trafficMs: 0,
      seed: 42,
      clock: { now: () => now },
    }))!;
    const c = core;
    const syncAll = async () => {
      for (const s of await c.call('sources.list', {})) await c.internals.sync.runOnce(s.id);
      await c.internals.outbox.drain();
    };
    await syncAll();
    const openAt: number[] = [(await c.call('queue.counts', {})).open];
    const ticks: DemoTick[] = [];
    // One tick a minute; the core polls every 3 demo minutes (each source's real rate limiter would
    // otherwise pace 60 polls in a few real seconds).
    for (let minute = 1; minute <= 60; minute++) {
      now += 60_000;
      ticks.push(await demo.tick());
      if (minute % 3 === 0) {
        await syncAll();
        openAt.push((await c.call('queue.counts', {})).open);
      }
    }
    expect(Math.min(...openAt)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...openAt)).toBeLessThanOrEqual(60);

    // It moves: members started new conversations on all five platforms…
    const started = ticks.flatMap((k) => k.plan.member).filter((m) => m.kind === 'conversation');
    expect(started.length).toBeGreaterThanOrEqual(15);
    expect(started.length).toBeLessThanOrEqual(60);
    const platforms = new Set(
      (
        await c.call('queue.list', { statuses: ['new', 'open', 'pending', 'solved'], limit: 500 })
      ).rows.map((r) => r.platform),
    );
    expect(platforms).toEqual(new Set(['discourse', 'reddit', 'discord', 'slack', 'email']));
    // …and the colleagues answered and solved, each call recorded as that colleague.
    const done = ticks.flatMap((k) => k.colleagues);
    expect(done.filter((d) => d.action !== 'solve').length).toBeGreaterThanOrEqual(10);
    expect(done.some((d) => d.action === 'solve' || d.action === 'reply-solved')).toBe(true);
    // The queue-working colleagues (the time-history seed adds a team lead and an account manager too).
    const colleagues = (await c.call('agents.list', {})).filter((a) =>
      demo!.state.colleagues.includes(a.id),
    );
    expect(colleagues.map((a) => a.email)).toEqual([
      'maja.holm@demo-agency.example',
      'sam.reyes@demo-agency.example',
    ]);
    expect(new Set(done.map((d) => d.agentId))).toEqual(new Set(colleagues.map((a) => a.id)));
    const audit = await c.call('audit.list', { limit: 1000 });
    const byColleague = audit.filter((e) => colleagues.some((a) => a.id === e.actorId));
    const actions = new Set(byColleague.map((e) => e.action));
    for (const a of [
      'conversation.assign',
      'reply.queue',
      'conversation.status',
      'client.create',
      'source.add',
    ])
      expect(actions).toContain(a);
    // Their replies reached the platforms: delivered, not stuck in the outbox.
    const replied = done.find((d) => d.action === 'reply-pending')!;
    const detail = await c.call('conversations.get', { id: replied.conversationId });
    const ours = detail.messages.filter(
      (m) => m.direction === 'outbound' && m.deliveryState !== null,
    );
    expect(ours.map((m) => m.deliveryState)).toContain('sent');
    expect(detail.conversation.assigneeId).toBe(replied.agentId);
  },
);
