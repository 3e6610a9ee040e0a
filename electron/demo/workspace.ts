// electron/demo: the demo workspace — the clearly labelled demo agency, created through the contract
// only: its clients (clients.create with isDemo), one source per community (sources.add with the
// simulator's named secrets; a client's second community adds a second source to that client), the
// simulated colleagues (agents.add) and the seed hooks. On a restart it repoints the sources whose
// simulator moved to another port (sources.update: the base URL, or the host/port settings of e-mail).
// What it created is remembered in <dataDir>/demo/demo.json (ids, ports), never in the core.
import type { Agent, Client, Source } from '../../shared/domain/entities';
import type { DemoClient } from './clients';
import { COLLEAGUES } from './colleagues';
import { runDemoSeeds, type DemoSeed } from './seeds';
import type { DemoDispatch, DemoLogger, DemoSourceSetup } from './types';

export type DemoState = {
  version: 1;
  seed: number;
  clients: Record<string, number>;
  sources: Record<string, number>;
  colleagues: number[];
  ports: Record<string, number>;
};

/** One contract call; `agentId` = acting as that agent (the demo's colleagues), else as the current agent. */
export async function call<T>(
  dispatch: DemoDispatch,
  method: string,
  input: unknown,
  agentId?: number,
): Promise<T> {
  const r = await dispatch(method, input, agentId != null ? { agentId } : undefined);
  if (!r.ok) throw new Error(`demo: ${method} failed: ${r.error.message}`);
  return r.value as T;
}

/**
 * A new demo workspace: the colleagues first (agents.add needs no current agent), then — set up by the
 * first colleague, the demo agency's lead, since nobody has chosen who they are yet — every client with
 * its source, then the seed hooks.
 */
export async function createWorkspace(o: {
  dispatch: DemoDispatch;
  clients: readonly DemoClient[];
  setups: Record<string, DemoSourceSetup>;
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
  for (const p of COLLEAGUES)
    state.colleagues.push((await call<Agent>(o.dispatch, 'agents.add', p)).id);
  const lead = state.colleagues[0];
  for (const c of o.clients) {
    const setup = o.setups[c.slug];
    if (!setup) continue;
    const parent = c.of ? state.clients[c.of] : undefined;
    if (c.of && parent === undefined) continue;
    const client =
      parent !== undefined
        ? { id: parent }
        : await call<Client>(
            o.dispatch,
            'clients.create',
            {
              name: c.name,
              color: c.color,
              timezone: c.timezone,
              firstReplyMinutes: c.firstReplyMinutes,
              briefing: c.briefing,
              isDemo: true,
            },
            lead,
          );
    state.clients[c.slug] = client.id;
    const src = await call<Source>(
      o.dispatch,
      'sources.add',
      {
        clientId: client.id,
        platform: c.platform,
        name: setup.name,
        baseUrl: setup.baseUrl,
        config: setup.config,
        secrets: setup.secrets,
      },
      lead,
    );
    state.sources[c.slug] = src.id;
  }
  await runDemoSeeds(
    {
      dispatch: o.dispatch,
      clients: state.clients,
      sources: state.sources,
      colleagues: state.colleagues,
      now: o.now,
      logger: o.logger,
    },
    o.seeds,
  );
  return state;
}

/** A restart: the sources still there are pointed at their simulator's current address. */
export async function repointSources(o: {
  dispatch: DemoDispatch;
  state: DemoState;
  setups: Record<string, DemoSourceSetup>;
  logger: DemoLogger;
}): Promise<void> {
  const sources = await call<Source[]>(o.dispatch, 'sources.list', {});
  for (const [slug, id] of Object.entries(o.state.sources)) {
    const src = sources.find((s) => s.id === id);
    const setup = o.setups[slug];
    if (!src || !setup) continue;
    // A simulator on another port: its URL moved (HTTP platforms) or its host/port settings (e-mail).
    const moved = Object.keys(setup.config).filter(
      (k) =>
        JSON.stringify(src.config[k]) !== JSON.stringify(setup.config[k]) && /port|host/i.test(k),
    );
    if (src.baseUrl === setup.baseUrl && !moved.length) continue;
    await call<Source>(
      o.dispatch,
      'sources.update',
      {
        id,
        baseUrl: setup.baseUrl,
        ...(moved.length ? { config: { ...src.config, ...setup.config } } : {}),
      },
      o.state.colleagues[0],
    );
    o.logger.info('demo source repointed', { sourceId: id, slug });
  }
}
