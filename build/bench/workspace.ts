// build/bench: the benchmarks' workspace — N clients with one source each, inserted through the real
// repositories (their names, first-reply targets and platforms vary per benchmark) — and the real
// ingest path wired to the SLA engine, as the core wires it.
import type { Db } from '../../electron/core/db/open';
import { createIngester, type Ingester } from '../../electron/core/domains/ingest/ingest';
import type { Repos } from '../../electron/core/domains/repos';
import { createSlaEngine, type SlaEngine } from '../../electron/core/domains/sla/engine';

export type BenchSource = { id: number; clientId: number };

export function seedClients(
  repos: Repos,
  count: number,
  o: {
    name?: (c: number) => string;
    timezone?: string;
    firstReplyMinutes?: (c: number) => number;
    platform?: (c: number) => string;
    baseUrl?: string;
  } = {},
): BenchSource[] {
  const sources: BenchSource[] = [];
  for (let c = 0; c < count; c++) {
    const client = repos.clients.insert(
      {
        name: o.name?.(c) ?? `Client ${c}`,
        color: '#336699',
        timezone: o.timezone ?? 'Europe/Copenhagen',
        firstReplyMinutes: o.firstReplyMinutes?.(c) ?? 60 + (c % 8) * 30,
        briefing: '',
        isDemo: false,
      },
      0,
    );
    const s = repos.sources.insert(
      {
        clientId: client.id,
        platform: o.platform?.(c) ?? 'discourse',
        name: `Forum ${c}`,
        baseUrl: o.baseUrl ?? 'http://127.0.0.1:9',
        config: {},
        secretRef: null,
      },
      0,
    );
    sources.push({ id: s.id, clientId: client.id });
  }
  return sources;
}

/** The ingest path with its SLA hooks, as createCore wires them. */
export function slaIngester(db: Db, sla: SlaEngine = createSlaEngine(db)): Ingester {
  return createIngester(db, {
    opened: (id, at) => sla.opened(id, at),
    memberMessage: (id, at, reopened) => sla.memberMessage(id, at, reopened),
    agentReply: (id, at) => sla.agentReply(id, at),
    statusReopened: (id, from, at) => sla.statusChanged(id, from, 'open', at),
  });
}
