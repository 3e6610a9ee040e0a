// electron/demo: the seed hooks — extra demo history that other rooms contribute, run once when the
// demo workspace is created, each through the contract only. The time room will add
// `seedTimeHistory` (a few weeks of tracked time for the reports) and the responses room `seedVoice`
// (canned responses and a brand guideline per client): each is one entry in DEMO_SEEDS.
import type { DemoDispatch, DemoLogger } from './types';
import { seedTimeHistory } from './timeHistory';
import { seedVoice } from './voice';

export type DemoSeedContext = {
  dispatch: DemoDispatch;
  /** The demo's clients by slug (ids in this workspace). */
  clients: Record<string, number>;
  /** The demo's sources by client slug. */
  sources: Record<string, number>;
  /** The simulated colleagues' agent ids. */
  colleagues: number[];
  now: number;
  logger: DemoLogger;
};

export type DemoSeed = { name: string; run(ctx: DemoSeedContext): Promise<void> };

/** Seeds run in order on a new demo workspace; a failing seed is logged and the demo goes on. */
export const DEMO_SEEDS: DemoSeed[] = [
  {
    // Two months of tracked time, contracts, a locked (invoiced) month and an open one.
    name: 'seedTimeHistory',
    async run(ctx) {
      const r = await ctx.dispatch('clients.list', {});
      if (!r.ok) throw new Error('clients.list failed');
      const ids = new Set(Object.values(ctx.clients));
      const clients = (r.value as { id: number; timezone: string }[]).filter((c) => ids.has(c.id));
      if (clients.length && ctx.colleagues.length)
        await seedTimeHistory(ctx.dispatch, { clients, workers: ctx.colleagues, now: ctx.now });
    },
  },
  {
    // Canned responses and a brand guideline per client, matching its briefing (electron/demo/voice.ts).
    name: 'seedVoice',
    async run(ctx) {
      const r = await ctx.dispatch('clients.list', {});
      if (!r.ok) throw new Error('clients.list failed');
      const ids = new Set(Object.values(ctx.clients));
      await seedVoice(
        (m, i) => ctx.dispatch(m, i, { agentId: ctx.colleagues[0] ?? null }),
        (r.value as { id: number; name: string }[]).filter((c) => ids.has(c.id)),
      );
    },
  },
];

export async function runDemoSeeds(
  ctx: DemoSeedContext,
  seeds: readonly DemoSeed[] = DEMO_SEEDS,
): Promise<void> {
  for (const s of seeds) {
    try {
      await s.run(ctx);
    } catch (err) {
      ctx.logger.warn('demo seed failed', {
        seed: s.name,
        error: String((err as Error)?.message ?? err).slice(0, 300),
      });
    }
  }
}
