// electron/core: the composition root. createCore wires the database, repositories, ingest,
// sync scheduler, outbox sender and contract handlers. It runs in plain Node (no Electron):
// hosted in-process by electron/main (desktop), by electron/server (browser mode) and by tests.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMethod, isReadMethod, type CoreEvent } from '../../shared/ipc/contract';
import { createDispatcher, type Dispatch } from '../../shared/ipc/dispatch';
import {
  backupNow,
  DAILY_MS,
  lastBackupAt,
  recoverIfCorrupt,
  restoreNewestGood,
} from './db/backup';
import {
  closedCleanly,
  markClosed,
  markOpen,
  markSuspect,
  opensCleanly,
  checkOffThread,
} from './db/integrity';
import { currentVersion, latestVersion, migrate } from './db/migrate';
import { openDb, openDbReadOnly, type Db } from './db/open';
import { createIngester } from './domains/ingest/ingest';
import {
  systemClock,
  silentLogger,
  type Clock,
  type HttpFetch,
  type Logger,
  type SecretStore,
} from './ports';
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
  pollIntervalMs?: number;
  /**
   * The current agent when none is chosen yet (tests, scripted starts: `serve --agent`). Without it
   * the renderer asks at first start (agents.setupSelf).
   */
  agent?: { name: string; email: string };
  /**
   * Daily online backups (default on, except in tests; the first check firstAfterMs after start,
   * default 0, 10 minutes in the default settings, so a backup never competes with the first page);
   * false = none.
   */
  backups?: false | { dailyMs: number; firstAfterMs?: number };
  /**
   * After a clean shutdown the full integrity check runs in the background, delayMs after start()
   * (default 60 s: well after the first page, even on a loaded machine; off in tests unless given);
   * false = never (db/integrity.ts).
   */
  deferredCheck?: false | { delayMs: number };
  /**
   * The background check found the database corrupted (it is marked suspect, so the next start
   * moves it aside and restores the newest good backup). The hosts end the writer here, which
   * restarts it through that recovery.
   */
  onCorrupt?: () => void;
  /**
   * A reader core (the hosts' reader workers): the database opened read-only (the writer migrated
   * it), no sync, no outbox or moderation sender, no SLA monitor, no backups; it answers only the
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
  internals: {
    db: Db;
    repos: Repos;
    ingester: ReturnType<typeof createIngester>;
    sla: ReturnType<typeof createSlaEngine>;
    monitor: ReturnType<typeof createSlaMonitor>;
    sync: ReturnType<typeof createSyncScheduler>;
    outbox: ReturnType<typeof createOutboxSender>;
    moderation: ReturnType<typeof createModerationSender>;
  };
};

export async function createCore(opts: CoreOptions): Promise<Core> {
  mkdirSync(opts.dataDir, { recursive: true });
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const http = opts.fetch ?? ((url, init) => fetch(url, init));
  const readOnly = opts.readOnly === true;
  const settings = openSettings(opts.dataDir);
  const dbFile = join(opts.dataDir, 'steward.db');
  let recovery: ReturnType<typeof recoverIfCorrupt> = null;
  let db: Db;
  // The full check is deferred to the background only after a clean shutdown (db/integrity.ts).
  let checkLater = false;
  if (readOnly) {
    db = openDbReadOnly(dbFile);
  } else {
    // A corrupted database is moved aside and the newest intact backup restored before anything else:
    // the full quick_check first unless the last writer closed the file cleanly and nothing touched it
    // since; then a cheap check now and the full one in the background after start.
    if (!closedCleanly(dbFile)) recovery = recoverIfCorrupt(dbFile, opts.dataDir, clock.now());
    else if (!opensCleanly(dbFile)) recovery = restoreNewestGood(dbFile, opts.dataDir, clock.now());
    else checkLater = true;
    markOpen(dbFile, clock.now());
    if (recovery)
      logger.error('database was corrupted: moved aside and restored', {
        corruptFile: recovery.corruptFile,
        backupAt: recovery.restoredFrom?.at ?? null,
      });
    db = openDb(dbFile, { migrate: false });
    // Every migration runs after an online backup of the schema it changes (never of a new, empty file).
    const from = currentVersion(db);
    if (from > 0 && from < latestVersion()) {
      const b = await backupNow(db, opts.dataDir, `before-v${latestVersion()}`, clock.now());
      if (!b) logger.warn('backup before migration failed; migrating anyway', { from });
    }
    migrate(db);
  }
  const backups = readOnly
    ? false
    : (opts.backups ??
      (opts.mode === 'test' ? false : { dailyMs: DAILY_MS, firstAfterMs: 10 * 60_000 }));
  const deferredCheck =
    readOnly || !checkLater
      ? false
      : (opts.deferredCheck ?? (opts.mode === 'test' ? false : { delayMs: 60_000 }));
  const repos = createRepos(db);
  const bus = createEventBus();
  const sla = createSlaEngine(db, { now: () => clock.now() });
  // SLA updates from stored activity are guarded: clocks that cannot be computed mark the
  // conversation (and the source's health) instead of losing the post or the delivery record.
  const ingester = createIngester(
    db,
    {
      opened: (id, at) => sla.guarded(id, () => sla.opened(id, at)),
      memberMessage: (id, at, reopened) =>
        sla.guarded(id, () => sla.memberMessage(id, at, reopened)),
      agentReply: (id, at) => sla.guarded(id, () => sla.agentReply(id, at)),
      statusReopened: (id, from, at) =>
        sla.guarded(id, () => sla.statusChanged(id, from, 'open', at)),
      filed: (id, at) => sla.guarded(id, () => sla.filed(id, at)),
    },
    { bus },
  );
  // The current agent of this desktop: chosen at first start (agents.setupSelf), kept in settings.
  let selfId: number | null = settings.get('selfAgentId') || null;
  if (selfId != null && !repos.agents.get(selfId)) selfId = null;
  if (selfId == null && opts.agent && !readOnly) {
    const a =
      repos.agents.byEmail(opts.agent.email) ??
      repos.agents.insert({ name: opts.agent.name, email: opts.agent.email });
    selfId = a.id;
    settings.set('selfAgentId', a.id);
  }
  const commands = createCommandRunner({ db, audit: repos.audit, agents: repos.agents, clock });

  const sync = createSyncScheduler({
    db,
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
      if (why)
        logger.warn('reply delivered; its SLA clocks could not be updated', {
          conversationId: id,
          reason: why,
        });
    },
  });

  const moderation = createModerationSender({
    db,
    moderation: repos.moderation,
    messages: repos.messages,
    conversations: repos.conversations,
    sources: repos.sources,
    audit: repos.audit,
    sla,
    clock,
    logger,
    bus,
    contextFor: (id, signal) => sync.contextFor(id, signal),
  });

  const monitor = createSlaMonitor({ db, sla, clock, bus, logger });

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
    // The demo lives outside the core (electron/demo, started by the hosts); the workspace is a demo
    // workspace when it holds the demo agency's clients.
    info: () => ({
      version: VERSION,
      mode: opts.mode,
      dataDir: opts.dataDir,
      demo: repos.clients.hasDemo(),
      recovery: recovery
        ? {
            detectedAt: new Date(recovery.detectedAt).toISOString(),
            backupAt: recovery.restoredFrom
              ? new Date(recovery.restoredFrom.at).toISOString()
              : null,
            corruptFile: recovery.corruptFile,
          }
        : null,
    }),
  });
  const dispatchAll = createDispatcher(handlers, {
    // Desktop and browser mode: the caller is this desktop's current agent (a reader reads it from the
    // settings file each call: the writer may have just chosen it). A team server passes the session's
    // agent in `meta.agentId` instead.
    context: (meta) => ({
      agentId: meta.agentId ?? (readOnly ? settings.get('selfAgentId') || null : selfId),
    }),
    validateOutput: opts.mode === 'test' || process.env.NODE_ENV === 'development',
    onInternalError: (method, err) =>
      logger.error('internal error', { method, error: (err as Error)?.stack?.slice(0, 2000) }),
  });

  const dispatch: Dispatch = readOnly
    ? async (method, input, meta) =>
        isMethod(method) && !isReadMethod(method)
          ? {
              ok: false,
              error: {
                code: 'unknown_method',
                message: `${method} is not served by a read-only core`,
              },
            }
          : dispatchAll(method, input, meta)
    : dispatchAll;

  // Daily online backups: one now when the newest is older than a day, then checked hourly.
  let backupTimer: NodeJS.Timeout | null = null;
  let backingUp: Promise<unknown> | null = null;
  const maybeBackup = () => {
    if (!backups || backingUp) return;
    const last = lastBackupAt(opts.dataDir);
    if (last != null && clock.now() - last < backups.dailyMs) return;
    backingUp = backupNow(db, opts.dataDir, 'daily', clock.now())
      .then((b) =>
        b
          ? logger.info('database backed up', { file: b.file })
          : logger.warn('daily backup failed its integrity check; will retry'),
      )
      .finally(() => (backingUp = null));
  };

  // The deferred full check (after a clean shutdown): a failure marks the file suspect for the next start.
  let checkTimer: NodeJS.Timeout | null = null;
  let check: ReturnType<typeof checkOffThread> | null = null;
  let suspect = false;
  let stopping = false;
  const runDeferredCheck = async () => {
    checkTimer = null;
    const t0 = Date.now();
    check = checkOffThread(dbFile);
    const ok = await check.result;
    check = null;
    if (ok === null) {
      // Could not run (or the core is stopping): no verdict, so nothing is marked; a start after an
      // unclean shutdown still runs the full check.
      if (!stopping)
        logger.warn('database integrity check could not run; next clean start retries');
      return;
    }
    if (ok) return logger.info('database integrity checked', { ms: Date.now() - t0 });
    suspect = true;
    markSuspect(dbFile, clock.now(), 'quick_check failed in the background');
    logger.error('database failed its integrity check: it is recovered at the next start');
    opts.onCorrupt?.();
  };

  let started = false;
  return {
    dispatch,
    onEvent: (cb) => bus.on(cb),
    async start() {
      if (started || readOnly) return;
      started = true;
      outbox.start();
      moderation.start();
      sync.start();
      monitor.start();
      if (backups) {
        const every = Math.min(backups.dailyMs, 3_600_000);
        const schedule = () => {
          maybeBackup();
          backupTimer = setInterval(maybeBackup, every);
          backupTimer.unref?.();
        };
        if (!backups.firstAfterMs) schedule();
        else {
          backupTimer = setTimeout(schedule, backups.firstAfterMs);
          backupTimer.unref?.();
        }
      }
      if (deferredCheck) {
        checkTimer = setTimeout(() => void runDeferredCheck(), deferredCheck.delayMs);
        checkTimer.unref?.();
      }
      logger.info('core started', { dataDir: opts.dataDir, mode: opts.mode });
    },
    async stop() {
      stopping = true;
      if (backupTimer) clearTimeout(backupTimer); // a timeout or an interval: both cleared by either
      if (checkTimer) clearTimeout(checkTimer);
      check?.cancel();
      await backingUp;
      monitor.stop();
      await sync.shutdown();
      await outbox.stop();
      await moderation.stop();
      db.close();
      // A clean close (unless a check found the file corrupted): the next start may skip the full check.
      if (!readOnly && !suspect) markClosed(dbFile, clock.now());
    },
    internals: { db, repos, ingester, sla, monitor, sync, outbox, moderation },
  };
}
