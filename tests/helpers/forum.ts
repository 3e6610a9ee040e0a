// tests/helpers: a core connected to a Discourse site on the local simulator.
import {
  startDiscourseSimulator,
  type DiscourseSimulator,
} from '../../electron/demo/simulators/discourse';
import { makeCore, type TestCore } from './core';
import type { CoreOptions } from '../../electron/core/index';

export const API_KEY = 'test-key-4f9a1c2b7d';
export const API_USER = 'agent_bot';

export async function startForum(slug = 'acme', topics = 3): Promise<DiscourseSimulator> {
  const sim = await startDiscourseSimulator({});
  sim.addSite({ slug, apiKey: API_KEY, apiUsername: API_USER, title: 'Acme Forum' });
  sim.seed(slug, { topics });
  return sim;
}

/** Creates a client and a Discourse source for `slug` through the contract. */
export async function connect(core: TestCore, sim: DiscourseSimulator, slug = 'acme') {
  const client = await core.call('clients.create', {
    name: 'Acme',
    timezone: 'Europe/Copenhagen',
    firstReplyMinutes: 120,
  });
  const source = await core.call('sources.add', {
    clientId: client.id,
    platform: 'discourse',
    name: 'Acme Forum',
    baseUrl: sim.siteUrl(slug),
    config: { apiUsername: API_USER },
    secrets: { apiKey: API_KEY },
  });
  await core.internals.sync.stop(); // tests drive polling by hand
  return { client, source };
}

export async function forumCore(opts: Partial<CoreOptions> & { dir?: string } = {}) {
  return makeCore({ pollIntervalMs: 60_000, ...opts });
}
