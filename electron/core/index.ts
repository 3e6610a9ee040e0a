// electron/core: the composition root. createCore wires the database, repositories, ingest,
// sync scheduler, outbox sender and contract handlers. It runs in plain Node (no Electron):
// hosted in-process by electron/main (desktop), by electron/server (browser mode) and by tests.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreEvent } from '../../shared/ipc/contract';
import { createDispatcher, type Dispatch } from '../../shared/ipc/dispatch';
import { openDb, type Db } from './db/open';
import { createDemoWorkspace, type DemoWorkspace } from './demo/workspace';
import { createIngester } from './domains/ingest/ingest';
import { systemClock, silentLogger, type Clock, type HttpFetch, type Logger, type SecretStore } from './ports';
import { createEventBus } from './events';
import { createHandlers, createRepos, type Repos } from './domains';
import { createCommandRunner } from './domains/audit/commands';
import { createModerationSender } from './domains/moderation/sender';
import { createOutboxSender } from './domains/replies/outbox';
import { createSyncScheduler } from './domains/sources/sync';
import { createSlaMonitor } from './domains/sla/monitor';
import { openSettings } from './settings';
import { createSlaEngine } from './domains/sla/engine';

export const VERSION = '0.1.0';

export type CoreOptions = {
  dataDir: string;
  mode: 'desktop' | 'browser' | 'test';
  secrets: SecretStore;
  logger?: Logger;
  clock?: Clock;
  fetch?: HttpFetch;
  /**
   * Create the demo agency (local Discourse simulator + clients) when the data folder is new.
   * `{ trafficMs }` overrides how often the simulator posts member traffic (0 = never).
   */
  demo?: boolean | { trafficMs?: number };
  pollIntervalMs?: number;
  /**
   * The current agent when none is chosen yet (tests, scripted starts: `serve --agent`). Without it
   * the renderer asks at first start (agents.setupSelf).
   */
  agent?: { name: string; email: string };
};

export type Core = {
  dispatch: Dispatch;
  onEvent(cb: (e: CoreEvent) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** For tests, tools and the benchmark: direct access to the internals. */
  internals: { db: Db; repos: Repos; ingester: ReturnType<typeof createIngester>; sla: ReturnType<typeof createSlaEngine>; monitor: ReturnType<typeof createSlaMonitor>; demo: DemoWorkspace | null; sync: ReturnType<typeof createSyncScheduler>; outbox: ReturnType<typeof createOutboxSender>; moderation: ReturnType<typeof createModerationSender> };
};

export async function createCore(opts: CoreOptions): Promise<Core> {
  mkdirSync(opts.dataDir, { recursive: true });
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const http = opts.fetch ?? ((url, init) => fetch(url, init));
  const settings = openSettings(opts.dataDir);
  const db = openDb(join(opts.dataDir, 'steward.db'));
  const repos = createRepos(db);
  const bus = createEventBus();
  const sla = createSlaEngine(db, { now: () => clock.now() });
  // SLA updates from stored activity are guarded: clocks that cannot be computed mark the
  // conversation (and the source's health) instead of losing the post or the delivery record.
  const ingester = createIngester(db, {
    opened: (id, at) => sla.guarded(id, () => sla.opened(id, at)),
    memberMessage: (id, at, reopened) => sla.guarded(id, () => sla.memberMessage(id, at, reopened)),
    agentReply: (id, at) => sla.guarded(id, () => sla.agentReply(id, at)),
    statusReopened: (id, from, at) => sla.guarded(id, () => sla.statusChanged(id, from, 'open', at)),
    filed: (id, at) => sla.guarded(id, () => sla.filed(id, at)),
  }, { bus });
  // The current agent of this desktop: chosen at first start (agents.setupSelf), kept in settings.
  let selfId: number | null = settings.get('selfAgentId') || null;
  if (selfId != null && !repos.agents.get(selfId)) selfId = null;
  if (selfId == null && opts.agent) {
    const a = repos.agents.byEmail(opts.agent.email) ?? repos.agents.insert({ name: opts.agent.name, email: opts.agent.email });
    selfId = a.id;
    settings.set('selfAgentId', a.id);
  }
  const commands = createCommandRunner({ db, audit: repos.audit, agents: repos.agents, clock });

  const sync = createSyncScheduler({
    sources: repos.sources,
    ingester,
    secrets: opts.secrets,
    http,
    clock,
    logger,
    bus,
    pollIntervalMs: opts.pollIntervalMs ?? settings.get('pollIntervalMs'),
  });
  const outbox = createOutboxSender({
    db,
    outbox: repos.outbox,
    messages: repos.messages,
    conversations: repos.conversations,
    sources: repos.sources,
    clock,
    logger,
    bus,
    contextFor: (id, signal) => sync.contextFor(id, signal),
    onSent: (id, at) => {
      const why = sla.guarded(id, () => sla.agentReply(id, at));
      if (why) logger.warn('reply delivered; its SLA clocks could not be updated', { conversationId: id, reason: why });
    },
  });

  const moderation = createModerationSender({
    db, moderation: repos.moderation, messages: repos.messages, conversations: repos.conversations, sources: repos.sources, audit: repos.audit,
    sla, clock, logger, bus, contextFor: (id, signal) => sync.contextFor(id, signal),
  });

  const monitor = createSlaMonitor({ db, sla, clock, bus, logger });

  let demo: DemoWorkspace | null = null;
  const demoWanted = opts.demo !== undefined && opts.demo !== false;
  if (demoWanted && (repos.clients.count() === 0 || settings.get('demoCreated'))) {
    const trafficMs = typeof opts.demo === 'object' && opts.demo.trafficMs !== undefined ? opts.demo.trafficMs : settings.get('demoTrafficMs');
    demo = await createDemoWorkspace({ dataDir: opts.dataDir, db, repos, secrets: opts.secrets, clock, trafficMs, logger });
    settings.set('demoCreated', true);
  }

  const handlers = createHandlers({
    db,
    repos,
    clock,
    bus,
    secrets: opts.secrets,
    sla,
    sync,
    outbox,
    moderation,
    commands,
    selfId: () => selfId,
    setSelf: (id) => {
      selfId = id;
      settings.set('selfAgentId', id);
    },
    onSourceRemoved: () => ingester.resetCache(),
    info: () => ({ version: VERSION, mode: opts.mode, dataDir: opts.dataDir, demo: demo !== null }),
  });
  const dispatch = createDispatcher(handlers, {
    // Desktop and browser mode: the caller is this desktop's current agent. A team server passes
    // the session's agent in `meta.agentId` instead.
    context: (meta) => ({ agentId: meta.agentId ?? selfId }),
    validateOutput: opts.mode === 'test' || process.env.NODE_ENV === 'development',
    onInternalError: (method, err) => logger.error('internal error', { method, error: (err as Error)?.stack?.slice(0, 2000) }),
  });

  let started = false;
  return {
    dispatch,
    onEvent: (cb) => bus.on(cb),
    async start() {
      if (started) return;
      started = true;
      outbox.start();
      moderation.start();
      sync.start();
      monitor.start();
      logger.info('core started', { dataDir: opts.dataDir, mode: opts.mode, demo: demo !== null });
    },
    async stop() {
      monitor.stop();
      await sync.shutdown();
      await outbox.stop();
      await moderation.stop();
      await demo?.close();
      db.close();
    },
    internals: { db, repos, ingester, sla, monitor, demo, sync, outbox, moderation },
  };
}
