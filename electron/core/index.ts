// electron/core: the composition root. createCore wires the database, repositories, ingest,
// sync scheduler, outbox sender and contract handlers. It runs in plain Node (no Electron): the
// hosts run it off their UI thread through electron/host (a utilityProcess in desktop, a
// worker_thread in browser mode, plus read-only reader cores); tests call it in-process.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contract, isMethod, type CoreEvent } from '../../shared/ipc/contract';
import { createDispatcher, type Dispatch } from '../../shared/ipc/dispatch';
import { openDb, openDbReadOnly, type Db } from './db/open';
import { createDemoWorkspace, type DemoWorkspace } from './demo/workspace';
import { createIngester } from './ingest/ingest';
import { systemClock, silentLogger, type Clock, type HttpFetch, type Logger, type SecretStore } from './ports';
import { createEventBus } from './services/events';
import { createHandlers, createRepos, type Repos } from './services/handlers';
import { createOutboxSender } from './services/outbox';
import { createSyncScheduler } from './services/sync';
import { createSlaMonitor } from './services/slaMonitor';
import { openSettings } from './settings';
import { createSlaEngine } from './sla/engine';

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
   * A reader core (the hosts' reader workers): the database opened read-only (the writer migrated
   * it), no sync, no outbox sender, no SLA monitor, no demo, no settings file; it answers only the
   * contract methods marked `read: true`.
   */
  readOnly?: boolean;
};

export type Core = {
  dispatch: Dispatch;
  onEvent(cb: (e: CoreEvent) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** For tests, tools and the benchmark: direct access to the internals. */
  internals: { db: Db; repos: Repos; ingester: ReturnType<typeof createIngester>; sla: ReturnType<typeof createSlaEngine>; monitor: ReturnType<typeof createSlaMonitor>; demo: DemoWorkspace | null; sync: ReturnType<typeof createSyncScheduler>; outbox: ReturnType<typeof createOutboxSender> };
};

export async function createCore(opts: CoreOptions): Promise<Core> {
  mkdirSync(opts.dataDir, { recursive: true });
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const http = opts.fetch ?? ((url, init) => fetch(url, init));
  const readOnly = opts.readOnly === true;
  const settings = readOnly ? null : openSettings(opts.dataDir);
  const db = readOnly ? openDbReadOnly(join(opts.dataDir, 'steward.db')) : openDb(join(opts.dataDir, 'steward.db'));
  const repos = createRepos(db);
  const bus = createEventBus();
  const sla = createSlaEngine(db, { now: () => clock.now() });
  const ingester = createIngester(db, {
    opened: (id, at) => sla.opened(id, at),
    memberMessage: (id, at, reopened) => sla.memberMessage(id, at, reopened),
    agentReply: (id, at) => sla.agentReply(id, at),
    statusReopened: (id, from, at) => sla.statusChanged(id, from, 'open', at),
  });
  // A reader finds the agent the writer created (ensureSelf only reads when one exists).
  const self = repos.agents.ensureSelf(settings?.get('agentName') ?? 'You');

  const sync = createSyncScheduler({
    sources: repos.sources,
    ingester,
    secrets: opts.secrets,
    http,
    clock,
    logger,
    bus,
    pollIntervalMs: opts.pollIntervalMs ?? settings?.get('pollIntervalMs') ?? 5000,
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
    onSent: (id, at) => sla.agentReply(id, at),
  });

  const monitor = createSlaMonitor({ db, sla, clock, bus, logger });

  let demo: DemoWorkspace | null = null;
  const demoWanted = opts.demo !== undefined && opts.demo !== false;
  if (settings && demoWanted && (repos.clients.count() === 0 || settings.get('demoCreated'))) {
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
    selfId: () => self.id,
    onSourceRemoved: () => ingester.resetCache(),
    info: () => ({ version: VERSION, mode: opts.mode, dataDir: opts.dataDir, demo: demo !== null }),
  });
  const dispatchAll = createDispatcher(handlers, {
    validateOutput: opts.mode === 'test' || process.env.NODE_ENV === 'development',
    onInternalError: (method, err) => logger.error('internal error', { method, error: (err as Error)?.stack?.slice(0, 2000) }),
  });
  const dispatch: Dispatch = readOnly
    ? async (method, input) =>
        isMethod(method) && !(contract[method] as { read?: boolean }).read
          ? { ok: false, error: { code: 'unknown_method', message: `${method} is not served by a read-only core` } }
          : dispatchAll(method, input)
    : dispatchAll;

  let started = false;
  return {
    dispatch,
    onEvent: (cb) => bus.on(cb),
    async start() {
      if (started || readOnly) return;
      started = true;
      outbox.start();
      sync.start();
      monitor.start();
      logger.info('core started', { dataDir: opts.dataDir, mode: opts.mode, demo: demo !== null });
    },
    async stop() {
      monitor.stop();
      await sync.shutdown();
      await outbox.stop();
      await demo?.close();
      db.close();
    },
    internals: { db, repos, ingester, sla, monitor, demo, sync, outbox },
  };
}
