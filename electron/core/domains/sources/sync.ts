// electron/core/domains/sources: the sync scheduler. Every source runs on its own, so one bad or
// unreachable source never stalls the others; failures back off with full jitter and show as health.
//
// Poll sources: a timer per source; a poll fetches from the stored cursor and commits the items and
// the new cursor in one transaction.
//
// Push sources (connectors with `subscribe`) are supervised instead of polled:
//   1. catch-up: poll from the stored cursor, again while the connector says `more`;
//   2. `subscribe(ctx, cursor)`; `ctx.deliver(batch)` stores the items AND the batch's cursor in one
//      durable transaction and resolves only then (the connector acknowledges to the platform after
//      it; a failed commit rejects, nothing is acknowledged, the stream is restarted and the platform
//      or the catch-up delivers it again — the ingest ignores repeats);
//   3. `status('live')` shows in health; `alive()` (and every batch) resets a watchdog (120 s): when it
//      expires the stream is closed and reconnected;
//   4. the stream ends: a clean close resubscribes (after a catch-up); a transient failure waits a
//      full-jitter backoff, catches up and resubscribes; a permanent one marks the source failing with
//      its reason and retries after at least 5 minutes (or at once on "Sync now" / an update).
// No poll runs while a source is supervised: the stream and the poll would both write the cursor.
import { withReason } from '../../../../shared/reasons';
import { backoffMs } from '../../connectors/backoff';
import { reasonOf } from '../../connectors/reason';
import { redactSecrets } from '../../connectors/redact';
import { createRateLimiter } from '../../connectors/rateLimiter';
import { getConnector } from '../../connectors/registry';
import {
  ConnectorError,
  type Connector,
  type ItemBatch,
  type RateLimiter,
  type SourceContext,
  type StreamContext,
  type StreamHandle,
  type WebSocketFactory,
} from '../../connectors/types';
import { durable, type Db } from '../../db/open';
import type { SourceRecord, SourcesRepo } from './repo';
import { buildSourceContext, firstSecretOf, type ContextSpec } from './context';
import { readSourceSecrets } from './sourceSecrets';
import type { Ingester } from '../ingest/ingest';
import type { Clock, HttpFetch, Logger, SecretStore } from '../../ports';
import type { EventBus } from '../../events';

/** Timers, injectable so tests drive backoff and the watchdog deterministically. */
export type Timers = { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };
const realTimers: Timers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

export const STREAM_WATCHDOG_MS = 120_000;
/** Catch-up pages before a (re)subscribe; the stream's own catch-up or the next reconnect does the rest. */
const MAX_CATCHUP_PAGES = 50;

export type SyncOptions = {
  db: Db;
  sources: SourcesRepo;
  ingester: Ingester;
  secrets: SecretStore;
  http: HttpFetch;
  webSocket?: WebSocketFactory;
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  /** Delay between polls of a healthy source with nothing more waiting. */
  pollIntervalMs: number;
  random?: () => number;
  /** A push stream with no sign of life for this long is closed and reconnected. */
  streamWatchdogMs?: number;
  timers?: Timers;
  /** The connector registry (tests add an in-test connector). */
  connectorFor?: (platform: string) => Connector;
};

type PollState = { timer: unknown; running: boolean; again: boolean; abort: AbortController };
type StreamEnd =
  { kind: 'closed'; wasLive: boolean } | { kind: 'error'; err: unknown } | { kind: 'stop' };
type Supervisor = {
  stopped: boolean;
  abort: AbortController;
  handle: StreamHandle | null;
  live: boolean;
  failures: number;
  /** Cuts a backoff wait short (stop, Sync now). */
  wake: (() => void) | null;
  /** Ends the running stream session (stop). */
  end: ((e: StreamEnd) => void) | null;
  loop: Promise<void> | null;
};

export function createSyncScheduler(o: SyncOptions) {
  const timers = o.timers ?? realTimers;
  const watchdogMs = o.streamWatchdogMs ?? STREAM_WATCHDOG_MS;
  const connectorOf = o.connectorFor ?? getConnector;
  const states = new Map<number, PollState>();
  const streams = new Map<number, Supervisor>();
  const limiters = new Map<number, RateLimiter>();
  const ports = {
    secrets: o.secrets,
    http: o.http,
    logger: o.logger,
    clock: o.clock,
    webSocket: o.webSocket,
  };
  // Timers and streams run only between start() and stop(); explicit runOnce() calls always poll.
  let stopped = true;
  /** Polls in progress; shutdown() waits for them, so none touches the database after it closes. */
  const inFlight = new Set<Promise<void>>();

  function limiterFor(sourceId: number, perMinute: number): RateLimiter {
    const existing = limiters.get(sourceId);
    if (existing) return existing;
    const l: RateLimiter = createRateLimiter({ perMinute, clock: o.clock });
    limiters.set(sourceId, l);
    return l;
  }

  const pushConnector = (platform: string): Connector | null => {
    try {
      const c = connectorOf(platform);
      return typeof c.subscribe === 'function' ? c : null;
    } catch {
      return null; // an unknown platform polls (and fails with a clear error)
    }
  };

  /** The context of a saved source as stored (polls, streams, the outbox). */
  function contextFor(sourceId: number, signal: AbortSignal): SourceContext | null {
    const s = o.sources.record(sourceId);
    if (!s || !s.enabled) return null;
    const connector = connectorOf(s.platform);
    return buildSourceContext(ports, {
      connector,
      sourceId: s.id,
      baseUrl: s.baseUrl,
      config: s.config,
      secretRef: s.secretRef,
      persist: { setSecretRef: (ref) => o.sources.setSecretRef(s.id, ref) },
      limiter: limiterFor(s.id, connector.defaultRatePerMinute),
      signal,
    });
  }

  /** The context of "Test connection": a saved source with unsaved edits, or an unsaved setup (id 0). */
  function setupContext(spec: Omit<ContextSpec, 'limiter'>): SourceContext {
    const limiter = spec.sourceId
      ? limiterFor(spec.sourceId, spec.connector.defaultRatePerMinute)
      : createRateLimiter({ perMinute: spec.connector.defaultRatePerMinute, clock: o.clock });
    return buildSourceContext(ports, { ...spec, limiter });
  }

  /** Every stored secret of a source, to redact from error text before it is stored or logged. */
  function secretValues(rec: SourceRecord | null): string[] {
    if (!rec) return [];
    let first: string | null = null;
    try {
      first = firstSecretOf(connectorOf(rec.platform));
    } catch {
      /* unknown platform: no declared secrets */
    }
    return Object.values(readSourceSecrets(o.secrets, rec.secretRef, first));
  }

  function schedule(sourceId: number, delayMs: number) {
    if (stopped || streams.has(sourceId)) return;
    const st = states.get(sourceId);
    if (!st) return;
    if (st.timer) timers.clear(st.timer);
    st.timer = timers.set(() => void runOnce(sourceId), Math.max(0, delayMs));
  }

  /**
   * Stores one batch: the items and the batch's cursor in one transaction, then health and events.
   * A stream batch is acknowledged to the platform once this returns, and the platform will not send
   * it again, so it is committed durably (fsync); a poll page can always be fetched again.
   */
  function commit(
    rec: { id: number; clientId: number },
    batch: ItemBatch,
    mode: 'poll' | 'catch-up' | 'stream',
  ): void {
    const now = o.clock.now();
    const write = () => {
      const r = o.ingester.ingest(
        { id: rec.id, clientId: rec.clientId },
        batch.items,
        batch.rejected,
        now,
        batch.deletions ?? [],
      );
      if (batch.cursor !== undefined) o.sources.setCursor(rec.id, batch.cursor);
      return r;
    };
    const ing = mode === 'stream' ? durable(o.db, write) : o.db.transaction(write)();
    // Items stored without SLA deadlines make the source degraded, with the reason (the posts are stored).
    const problems: string[] = [];
    if (ing.slaErrors)
      problems.push(
        `${ing.slaErrors} conversation(s) stored without SLA deadlines (${ing.slaError ?? 'not computable'}); fix the client's SLA settings`,
      );
    if (ing.quarantined) problems.push(`${ing.quarantined} item(s) quarantined in the last sync`);
    const status = ing.slaErrors
      ? 'degraded'
      : mode === 'stream'
        ? 'live'
        : mode === 'catch-up'
          ? 'connecting'
          : 'ok';
    o.sources.setHealth(rec.id, {
      status,
      lastSyncAt: now,
      lastError: problems.length ? problems.join('; ').slice(0, 500) : null,
      consecutiveFailures: 0,
      nextAttemptAt: null,
    });
    if (ing.slaErrors)
      o.logger.warn('SLA clocks not computable for stored items', {
        sourceId: rec.id,
        count: ing.slaErrors,
        reason: ing.slaError,
      });
    if (ing.inserted || ing.edited)
      o.bus.emit('queue.changed', { reason: 'sync', conversationIds: ing.conversationIds });
    for (const id of ing.conversationIds.slice(0, 50)) o.bus.emit('conversation.changed', { id });
    if (ing.quarantined)
      o.logger.warn('items quarantined', { sourceId: rec.id, count: ing.quarantined });
    o.bus.emit('sync.progress', {
      sourceId: rec.id,
      phase: 'done',
      items: ing.inserted + ing.edited,
    });
    o.bus.emit('sources.changed', { sourceId: rec.id });
  }

  /** One poll page: fetch from the stored cursor, commit. Returns whether more is waiting. Throws on failure. */
  async function pollAndCommit(
    sourceId: number,
    signal: AbortSignal,
    mode: 'poll' | 'catch-up',
  ): Promise<boolean> {
    const rec = o.sources.record(sourceId);
    const ctx = contextFor(sourceId, signal);
    if (!rec || !ctx) return false;
    o.bus.emit('sync.progress', { sourceId, phase: 'started', items: 0 });
    const result = await connectorOf(rec.platform).poll(ctx, rec.cursor);
    if (!o.sources.get(sourceId)) return false; // removed while the request was out
    commit(rec, result, mode);
    return result.more;
  }

  /** Records a failed poll or stream in health (reason + redacted detail). Returns the delay before the next try. */
  function recordFailure(sourceId: number, err: unknown, failures: number): number {
    const rec = o.sources.record(sourceId);
    let status: 'degraded' | 'failing' = failures >= 3 ? 'failing' : 'degraded';
    // Defence in depth: the connector redacts its errors; every stored secret is redacted again here.
    let message = redactSecrets(
      err instanceof Error ? err.message : String(err),
      secretValues(rec),
    );
    let next: number;
    if (err instanceof ConnectorError && err.kind === 'rate_limited') {
      next = Math.max(err.retryAfterMs ?? 0, backoffMs(failures, { random: o.random }));
      status = 'degraded';
      message = `Rate limited by the platform; retrying in ${Math.round(next / 1000)} s`;
    } else if (err instanceof ConnectorError && err.kind === 'permanent') {
      next = Math.max(5 * 60_000, backoffMs(failures, { random: o.random }));
      status = 'failing';
    } else {
      next = backoffMs(failures, { random: o.random, baseMs: 2000 });
    }
    message = withReason(reasonOf(err), message).slice(0, 500);
    if (rec) {
      o.sources.setHealth(sourceId, {
        status,
        lastError: message,
        consecutiveFailures: failures,
        nextAttemptAt: o.clock.now() + next,
      });
      o.bus.emit('sync.progress', { sourceId, phase: 'failed', items: 0, message });
      o.bus.emit('sources.changed', { sourceId });
    }
    o.logger.warn('sync failed', { sourceId, error: message.slice(0, 300), retryInMs: next });
    return next;
  }

  /** One poll of one source: fetch -> commit -> health. Never throws. A supervised (push) source is not polled here. */
  async function runOnce(sourceId: number): Promise<void> {
    if (streams.has(sourceId)) return;
    if (!states.has(sourceId))
      states.set(sourceId, {
        timer: null,
        running: false,
        again: false,
        abort: new AbortController(),
      });
    const st = states.get(sourceId)!;
    if (st.running) {
      st.again = true;
      return;
    }
    st.running = true;
    st.timer = null;
    let next = o.pollIntervalMs;
    let done!: () => void;
    const polling = new Promise<void>((r) => (done = r));
    inFlight.add(polling);
    try {
      if (await pollAndCommit(sourceId, st.abort.signal, 'poll')) next = 250;
    } catch (err) {
      // Aborted by shutdown or removal: not the platform's failure (and at shutdown the database closes next).
      if (st.abort.signal.aborted) return;
      next = recordFailure(
        sourceId,
        err,
        (o.sources.record(sourceId)?.health.consecutiveFailures ?? 0) + 1,
      );
    } finally {
      inFlight.delete(polling);
      done();
      st.running = false;
      if (st.again) {
        st.again = false;
        next = 0;
      }
      schedule(sourceId, next);
    }
  }

  // ---- push streams ----

  function setStreamStatus(sourceId: number, state: 'connecting' | 'live') {
    if (!o.sources.get(sourceId)) return;
    if (state === 'live')
      o.sources.setHealth(sourceId, {
        status: 'live',
        lastError: null,
        consecutiveFailures: 0,
        nextAttemptAt: null,
      });
    else o.sources.setHealthStatus(sourceId, 'connecting');
    o.bus.emit('sources.changed', { sourceId });
  }

  function wait(sup: Supervisor, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const h = timers.set(() => {
        sup.wake = null;
        resolve();
      }, ms);
      sup.wake = () => {
        timers.clear(h);
        sup.wake = null;
        resolve();
      };
    });
  }

  /** One stream session: subscribe, supervise, and close it when it must end. */
  async function runStream(
    sourceId: number,
    sup: Supervisor,
    connector: Connector,
  ): Promise<StreamEnd> {
    const rec = o.sources.record(sourceId);
    const base = contextFor(sourceId, sup.abort.signal);
    if (!rec || !base) return { kind: 'stop' };
    let ended = false;
    let watchdog: unknown = null;
    const end = await new Promise<StreamEnd>((resolve) => {
      const finish = (e: StreamEnd) => {
        if (ended) return;
        ended = true;
        timers.clear(watchdog);
        sup.end = null;
        resolve(e);
      };
      sup.end = finish;
      const kick = () => {
        if (ended) return;
        timers.clear(watchdog);
        watchdog = timers.set(
          () =>
            finish({
              kind: 'error',
              err: new ConnectorError(
                `No sign of life from the stream for ${Math.round(watchdogMs / 1000)} s; reconnecting`,
                'transient',
                undefined,
                undefined,
                'timeout',
              ),
            }),
          watchdogMs,
        );
      };
      const ctx: StreamContext = Object.assign(base, {
        async deliver(batch: ItemBatch): Promise<void> {
          if (ended || sup.stopped)
            throw new Error('The stream was closed; the batch was not stored');
          const current = o.sources.record(sourceId);
          if (!current) throw new Error('The source was removed; the batch was not stored');
          try {
            commit(current, batch, 'stream');
          } catch (err) {
            // Not stored, so not acknowledged: restart the stream; the platform or the catch-up delivers it again.
            finish({
              kind: 'error',
              err: new ConnectorError(
                `Storing a stream batch failed: ${(err as Error)?.message ?? String(err)}`,
                'transient',
              ),
            });
            throw err;
          }
          kick();
        },
        alive: kick,
        status(state: 'connecting' | 'live') {
          if (ended) return;
          if (state === 'live') {
            sup.live = true;
            sup.failures = 0;
          }
          setStreamStatus(sourceId, state);
          kick();
        },
      });
      let handle: StreamHandle;
      try {
        handle = connector.subscribe!(ctx, rec.cursor);
      } catch (err) {
        finish({ kind: 'error', err });
        return;
      }
      sup.handle = handle;
      kick();
      handle.done.then(
        () => finish({ kind: 'closed', wasLive: sup.live }),
        (err: unknown) => finish({ kind: 'error', err }),
      );
    });
    const handle = sup.handle;
    sup.handle = null;
    sup.live = false;
    if (handle && end.kind !== 'closed') {
      try {
        await handle.close();
      } catch (err) {
        o.logger.warn('closing a stream failed', { sourceId, error: (err as Error)?.message });
      }
      handle.done.catch(() => undefined); // it may reject after close: that ending is ours
    }
    return end;
  }

  async function supervise(sourceId: number, sup: Supervisor): Promise<void> {
    while (!sup.stopped) {
      const rec = o.sources.record(sourceId);
      if (!rec || !rec.enabled) return;
      const connector = pushConnector(rec.platform);
      if (!connector) return;
      let delay = 0;
      try {
        setStreamStatus(sourceId, 'connecting');
        // Catch-up from the stored cursor before every (re)subscribe: nothing missed while disconnected.
        for (let page = 0; page < MAX_CATCHUP_PAGES && !sup.stopped; page++) {
          if (!(await pollAndCommit(sourceId, sup.abort.signal, 'catch-up'))) break;
        }
        if (sup.stopped) return;
        const end = await runStream(sourceId, sup, connector);
        if (end.kind === 'stop') return;
        if (end.kind === 'error') throw end.err;
        // A clean close after going live resubscribes at once; one that never went live backs off.
        sup.failures = end.wasLive ? 0 : sup.failures + 1;
        if (!end.wasLive) delay = backoffMs(sup.failures, { random: o.random, baseMs: 2000 });
      } catch (err) {
        if (sup.stopped) return;
        sup.failures += 1;
        delay = recordFailure(sourceId, err, sup.failures);
      }
      if (delay > 0 && !sup.stopped) await wait(sup, delay);
    }
  }

  function startStream(sourceId: number) {
    if (streams.has(sourceId)) return;
    const st = states.get(sourceId);
    if (st?.timer) timers.clear(st.timer);
    const sup: Supervisor = {
      stopped: false,
      abort: new AbortController(),
      handle: null,
      live: false,
      failures: 0,
      wake: null,
      end: null,
      loop: null,
    };
    streams.set(sourceId, sup);
    sup.loop = supervise(sourceId, sup)
      .catch((err: unknown) =>
        o.logger.error('stream supervisor failed', { sourceId, error: (err as Error)?.message }),
      )
      .finally(() => {
        if (streams.get(sourceId) === sup) streams.delete(sourceId);
      });
  }

  async function stopStream(sourceId: number): Promise<void> {
    const sup = streams.get(sourceId);
    if (!sup) return;
    sup.stopped = true;
    sup.abort.abort();
    sup.wake?.();
    sup.end?.({ kind: 'stop' });
    streams.delete(sourceId);
    await sup.loop;
  }

  function begin(sourceId: number) {
    const rec = o.sources.record(sourceId);
    if (rec && pushConnector(rec.platform)) {
      if (!stopped) startStream(sourceId);
      return;
    }
    if (!states.has(sourceId))
      states.set(sourceId, {
        timer: null,
        running: false,
        again: false,
        abort: new AbortController(),
      });
    schedule(sourceId, 0);
  }

  return {
    start() {
      stopped = false;
      for (const s of o.sources.records()) begin(s.id);
    },
    add(sourceId: number) {
      if (states.has(sourceId) || streams.has(sourceId)) return;
      begin(sourceId);
    },
    /** Stops polling or streaming a source (resolves when its stream is closed). */
    remove(sourceId: number): Promise<void> {
      const st = states.get(sourceId);
      if (st?.timer) timers.clear(st.timer);
      st?.abort.abort();
      states.delete(sourceId);
      limiters.delete(sourceId);
      return stopStream(sourceId);
    },
    /** A source's settings changed: end its poll or stream and start again from the stored state. */
    async reload(sourceId: number) {
      await this.remove(sourceId);
      begin(sourceId);
    },
    syncNow(sourceId: number) {
      const sup = streams.get(sourceId);
      if (sup) {
        sup.wake?.(); // waiting to reconnect: now (a live stream needs no poll)
        return;
      }
      if (!states.has(sourceId)) this.add(sourceId);
      else schedule(sourceId, 0);
    },
    /** For tests and tools: poll once now and wait for it. */
    runOnce,
    contextFor,
    setupContext,
    /** Whether a push stream is supervised for this source, and whether it is live. */
    streamState(sourceId: number): 'none' | 'connecting' | 'live' {
      const sup = streams.get(sourceId);
      return !sup ? 'none' : sup.live ? 'live' : 'connecting';
    },
    async stop() {
      stopped = true;
      for (const st of states.values()) {
        if (st.timer) timers.clear(st.timer);
        st.timer = null;
      }
      await Promise.all([...streams.keys()].map((id) => stopStream(id)));
    },
    /** Aborts in-flight requests too (app shutdown). */
    async shutdown() {
      await this.stop();
      for (const st of states.values()) st.abort.abort();
      // Bounded: a request that ignores its abort signal must not hold the app's exit.
      await Promise.race([
        Promise.all(inFlight),
        new Promise((r) => setTimeout(r, 5_000).unref?.()),
      ]);
      states.clear();
    },
  };
}
export type SyncScheduler = ReturnType<typeof createSyncScheduler>;
