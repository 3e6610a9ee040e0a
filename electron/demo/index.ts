// electron/demo: the demo room's one entry point for the hosts. `startDemo` decides whether this data
// folder is a demo workspace (new and empty, or created as the demo earlier), starts the platform
// simulators (in a worker thread when the host passes the bundled worker file), creates or reopens the
// demo agency through the contract, and then drives its day on a timer: members post on the simulated
// platforms (director.ts) and simulated colleagues work the queue through the contract as themselves
// (colleagues.ts). It imports nothing from electron/core: everything goes through `dispatch`.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Client, Source } from '../../shared/domain/entities';
import { DEMO_CLIENTS, type DemoClient } from './clients';
import { colleaguesAct, type ColleagueOutcome } from './colleagues';
import { createDirector, type TickPlan } from './director';
import type { DemoSeed } from './seeds';
import { startSimulators, startSimulatorsInWorker } from './simulators/host';
import { readStateFile, writeStateFile } from './simulators/stateFile';
import type { DemoDispatch, DemoLogger, SimulatorHandle, SimulatorStartOptions } from './types';
import { call, createWorkspace, repointSources, type DemoState } from './workspace';

export type { DemoDispatch, DemoLogger } from './types';
export { DEMO_CLIENTS } from './clients';

export type DemoOptions = {
  dataDir: string;
  /** The contract. Colleagues' calls pass `{ agentId }` as the third argument: the host must forward it. */
  dispatch: DemoDispatch;
  logger: DemoLogger;
  /** Traffic tick in ms (members post, colleagues work); 0 = a still demo (no traffic, no colleagues). */
  trafficMs: number;
  /** The bundled simulator worker (build: demo-simulators.*). Without it the simulators run in this thread. */
  simulatorWorker?: string | URL;
  clock?: { now(): number };
  /** The director's seed (tests); the hosts vary it per launch. */
  seed?: number;
  /** Tests: a subset of the demo clients. */
  clients?: readonly DemoClient[];
  seeds?: readonly DemoSeed[];
};

export type DemoTick = { open: number; plan: TickPlan; colleagues: ColleagueOutcome[] };

export type Demo = {
  state: DemoState;
  /** Where each community's simulator listens (for tests and logs). */
  setups: SimulatorHandle['setups'];
  /** One traffic tick now (what the timer does). */
  tick(): Promise<DemoTick>;
  close(): Promise<void>;
};

const DEFAULT_SEED = 20261122;

/** The bundled simulator worker next to a host's bundle (dist/server, dist/electron), if the build made one. */
export function demoWorkerFile(bundleDir: string): string | undefined {
  for (const f of ['demo-simulators.mjs', 'demo-simulators.cjs']) {
    if (existsSync(join(bundleDir, f))) return join(bundleDir, f);
  }
  return undefined;
}

/** Starts the demo for a demo workspace; null when this data folder is a real workspace. */
export async function startDemo(o: DemoOptions): Promise<Demo | null> {
  if (!(Number.isFinite(o.trafficMs) && o.trafficMs >= 0))
    throw new Error(
      `demo traffic: expected milliseconds ≥ 0, got ${String(o.trafficMs).slice(0, 40)}`,
    );
  const clock = o.clock ?? { now: () => Date.now() };
  const stateDir = join(o.dataDir, 'demo');
  const stateFile = join(stateDir, 'demo.json');
  let state = readStateFile<DemoState>(stateFile);
  const clients = await call<Client[]>(o.dispatch, 'clients.list', {});
  const catalogue = o.clients ?? DEMO_CLIENTS;

  let mode: 'new' | 'restart' | 'legacy';
  if (state) mode = 'restart';
  else if (clients.length === 0) mode = 'new';
  else if (clients.some((c) => c.isDemo) && existsSync(join(o.dataDir, 'demo-discourse.json')))
    mode = 'legacy';
  else return null;
  if (mode === 'restart' && !clients.some((c) => Object.values(state!.clients).includes(c.id)))
    return null;

  mkdirSync(stateDir, { recursive: true });
  if (mode === 'legacy') {
    // A demo made by an earlier Steward (inside the core): its forums move into the demo's folder.
    if (!existsSync(join(stateDir, 'discourse.json')))
      renameSync(join(o.dataDir, 'demo-discourse.json'), join(stateDir, 'discourse.json'));
  }
  const inUse = mode === 'restart' ? catalogue.filter((c) => c.slug in state!.clients) : catalogue;
  const simOptions: SimulatorStartOptions = {
    stateDir,
    communities: inUse.map((c) => ({ slug: c.slug, platform: c.platform, title: c.community })),
    ports: state?.ports ?? {},
    seedHistory: mode !== 'restart',
    seed: state?.seed ?? o.seed ?? DEFAULT_SEED,
  };
  const sims = o.simulatorWorker
    ? await startSimulatorsInWorker(o.simulatorWorker, simOptions)
    : await startSimulators(simOptions);
  try {
    if (mode === 'new') {
      state = await createWorkspace({
        dispatch: o.dispatch,
        clients: inUse,
        setups: sims.setups,
        seed: simOptions.seed,
        now: clock.now(),
        logger: o.logger,
        seeds: o.seeds,
      });
    } else if (mode === 'legacy') {
      state = await adoptLegacy({
        dispatch: o.dispatch,
        clients,
        catalogue,
        sims,
        seed: simOptions.seed,
        now: clock.now(),
        logger: o.logger,
        seeds: o.seeds,
      });
    } else {
      await repointSources({
        dispatch: o.dispatch,
        state: state!,
        setups: sims.setups,
        logger: o.logger,
      });
    }
    state = { ...state!, ports: sims.ports };
    writeStateFile(stateFile, state);
  } catch (err) {
    await sims.close();
    throw err;
  }
  const demoState = state;

  const director = createDirector({
    clients: inUse.filter((c) => c.slug in demoState.clients),
    seed: o.seed ?? (demoState.seed + Math.floor(clock.now() / 1000)) >>> 0,
    start: clock.now(),
  });
  let launch = 0;
  const keyPrefix = `demo-${clock.now().toString(36)}`;
  async function tick(): Promise<DemoTick> {
    const counts = await call<{ open: number }>(o.dispatch, 'queue.counts', {});
    const plan = director.plan(clock.now(), counts.open);
    if (plan.member.length) {
      await sims.act(plan.member);
      // The polled platforms would notice within their interval; ask now so the queue moves visibly.
      for (const slug of new Set(plan.member.map((m) => m.slug))) {
        const id = demoState.sources[slug];
        if (id) await o.dispatch('sources.syncNow', { id });
      }
    }
    const colleagues = await colleaguesAct({
      dispatch: o.dispatch,
      agentIds: demoState.colleagues,
      count: plan.colleagueActions,
      random: director.random,
      keyPrefix: `${keyPrefix}-${launch++}`,
    });
    return { open: counts.open, plan, colleagues };
  }

  let timer: ReturnType<typeof setInterval> | null = null;
  let running = false;
  if (o.trafficMs > 0) {
    timer = setInterval(
      () => {
        if (running) return;
        running = true;
        tick()
          .catch((err: unknown) =>
            o.logger.warn('demo traffic tick failed', {
              error: String((err as Error)?.message ?? err).slice(0, 300),
            }),
          )
          .finally(() => {
            running = false;
          });
      },
      Math.max(250, o.trafficMs),
    );
    timer.unref?.();
  }
  o.logger.info('demo workspace ready', {
    mode,
    clients: Object.keys(demoState.clients).length,
    simulators: o.simulatorWorker ? 'worker' : 'in-thread',
    trafficMs: o.trafficMs,
  });
  return {
    state: demoState,
    setups: sims.setups,
    tick,
    async close() {
      if (timer) clearInterval(timer);
      timer = null;
      await sims.close();
    },
  };
}

async function adoptLegacy(o: {
  dispatch: DemoDispatch;
  clients: Client[];
  catalogue: readonly DemoClient[];
  sims: SimulatorHandle;
  seed: number;
  now: number;
  logger: DemoLogger;
  seeds?: readonly DemoSeed[];
}): Promise<DemoState> {
  const state: DemoState = {
    version: 1,
    seed: o.seed,
    clients: {},
    sources: {},
    colleagues: [],
    ports: {},
  };
  const sources = await call<Source[]>(o.dispatch, 'sources.list', {});
  const missing: DemoClient[] = [];
  for (const c of o.catalogue) {
    const client = o.clients.find((x) => x.isDemo && x.name === c.name);
    if (!client) {
      missing.push(c);
      continue;
    }
    state.clients[c.slug] = client.id;
    const src = sources.find((s) => s.clientId === client.id && s.config.demoSite === c.slug);
    if (src) state.sources[c.slug] = src.id;
  }
  // The clients an earlier demo did not have (Reddit, Discord) join it now, with the colleagues.
  const added = await createWorkspace({
    dispatch: o.dispatch,
    clients: missing,
    setups: o.sims.setups,
    seed: o.seed,
    now: o.now,
    logger: o.logger,
    seeds: [],
  });
  Object.assign(state.clients, added.clients);
  Object.assign(state.sources, added.sources);
  state.colleagues = added.colleagues;
  await repointSources({ dispatch: o.dispatch, state, setups: o.sims.setups, logger: o.logger });
  return state;
}
