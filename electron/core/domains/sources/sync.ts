// electron/core/services: the sync scheduler. Every source polls on its own timer, so one bad or
// unreachable source never stalls the others; failures back off with jitter and show as health.
import { backoffMs } from '../../connectors/backoff';
import { redactSecrets } from '../../connectors/redact';
import { createRateLimiter } from '../../connectors/rateLimiter';
import { getConnector } from '../../connectors/registry';
import { ConnectorError, type RateLimiter, type SourceContext } from '../../connectors/types';
import type { SourcesRepo } from './repo';
import { readSourceSecrets, writeSourceSecrets } from './sourceSecrets';
import type { Ingester } from '../ingest/ingest';
import type { Clock, HttpFetch, Logger, SecretStore } from '../../ports';
import type { EventBus } from '../../events';

export type SyncOptions = {
  sources: SourcesRepo;
  ingester: Ingester;
  secrets: SecretStore;
  http: HttpFetch;
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  /** Delay between polls of a healthy source with nothing more waiting. */
  pollIntervalMs: number;
  random?: () => number;
};

type SourceState = { timer: NodeJS.Timeout | null; running: boolean; again: boolean; abort: AbortController };

export function createSyncScheduler(o: SyncOptions) {
  const states = new Map<number, SourceState>();
  const limiters = new Map<number, RateLimiter>();
  // Timers run only between start() and stop(); explicit runOnce() calls always poll.
  let stopped = true;

  function limiterFor(sourceId: number, perMinute: number): RateLimiter {
    const existing = limiters.get(sourceId);
    if (existing) return existing;
    const l: RateLimiter = createRateLimiter({ perMinute, clock: o.clock });
    limiters.set(sourceId, l);
    return l;
  }

  function contextFor(sourceId: number, signal: AbortSignal): SourceContext | null {
    const s = o.sources.record(sourceId);
    if (!s || !s.enabled) return null;
    const connector = getConnector(s.platform);
    const firstSecret = connector.fields.find((f) => f.kind === 'secret')?.key ?? null;
    let ref = s.secretRef;
    const secrets = readSourceSecrets(o.secrets, ref, firstSecret);
    return {
      sourceId: s.id,
      baseUrl: s.baseUrl,
      config: s.config,
      secrets,
      secret: firstSecret ? (secrets[firstSecret] ?? null) : null,
      // A rotated token (OAuth refresh) is stored encrypted at once, without asking the user again.
      persistSecret: (name, value) => {
        secrets[name] = value;
        const next = writeSourceSecrets(o.secrets, ref, firstSecret, { [name]: value });
        if (next !== ref) {
          o.sources.setSecretRef(s.id, next);
          ref = next;
        }
      },
      http: o.http,
      logger: o.logger,
      signal,
      limiter: limiterFor(s.id, connector.defaultRatePerMinute),
      now: () => o.clock.now(),
    };
  }

  function schedule(sourceId: number, delayMs: number) {
    if (stopped) return;
    const st = states.get(sourceId);
    if (!st) return;
    if (st.timer) clearTimeout(st.timer);
    st.timer = setTimeout(() => void runOnce(sourceId), Math.max(0, delayMs));
    st.timer.unref?.();
  }

  /** One poll of one source: fetch -> ingest -> cursor -> health. Never throws. */
  async function runOnce(sourceId: number): Promise<void> {
    if (!states.has(sourceId)) states.set(sourceId, { timer: null, running: false, again: false, abort: new AbortController() });
    const st = states.get(sourceId)!;
    if (st.running) {
      st.again = true;
      return;
    }
    st.running = true;
    st.timer = null;
    let next = o.pollIntervalMs;
    const rec = o.sources.record(sourceId);
    try {
      const ctx = contextFor(sourceId, st.abort.signal);
      if (!rec || !ctx) return;
      const connector = getConnector(rec.platform);
      o.bus.emit('sync.progress', { sourceId, phase: 'started', items: 0 });
      const result = await connector.poll(ctx, rec.cursor);
      const now = o.clock.now();
      const ing = o.ingester.ingest({ id: rec.id, clientId: rec.clientId }, result.items, result.rejected, now);
      o.sources.setCursor(sourceId, result.cursor);
      // Items stored without SLA deadlines make the source degraded, with the reason (the posts are stored).
      const problems: string[] = [];
      if (ing.slaErrors) problems.push(`${ing.slaErrors} conversation(s) stored without SLA deadlines (${ing.slaError ?? 'not computable'}); fix the client's SLA settings`);
      if (ing.quarantined) problems.push(`${ing.quarantined} item(s) quarantined in the last sync`);
      o.sources.setHealth(sourceId, { status: ing.slaErrors ? 'degraded' : 'ok', lastSyncAt: now, lastError: problems.length ? problems.join('; ').slice(0, 500) : null, consecutiveFailures: 0, nextAttemptAt: null });
      if (ing.slaErrors) o.logger.warn('SLA clocks not computable for stored items', { sourceId, count: ing.slaErrors, reason: ing.slaError });
      if (ing.inserted || ing.edited) o.bus.emit('queue.changed', { reason: 'sync', conversationIds: ing.conversationIds });
      for (const id of ing.conversationIds.slice(0, 50)) o.bus.emit('conversation.changed', { id });
      if (ing.quarantined) o.logger.warn('items quarantined', { sourceId, count: ing.quarantined });
      o.bus.emit('sync.progress', { sourceId, phase: 'done', items: ing.inserted + ing.edited });
      o.bus.emit('sources.changed', { sourceId });
      if (result.more) next = 250;
    } catch (err) {
      const failures = (rec?.health.consecutiveFailures ?? 0) + 1;
      let status: 'degraded' | 'failing' = failures >= 3 ? 'failing' : 'degraded';
      // Defence in depth: the connector redacts its errors; the key is redacted again before storing.
      let message = redactSecrets(err instanceof Error ? err.message : String(err), [rec?.secretRef ? o.secrets.get(rec.secretRef) : null]);
      if (err instanceof ConnectorError) {
        if (err.kind === 'rate_limited') {
          next = Math.max(err.retryAfterMs ?? 0, backoffMs(failures, { random: o.random }));
          status = 'degraded';
          message = `Rate limited by the platform; retrying in ${Math.round(next / 1000)} s`;
        } else if (err.kind === 'permanent') {
          next = Math.max(5 * 60_000, backoffMs(failures, { random: o.random }));
          status = 'failing';
        } else {
          next = backoffMs(failures, { random: o.random, baseMs: 2000 });
        }
      } else {
        next = backoffMs(failures, { random: o.random, baseMs: 2000 });
      }
      if (o.sources.get(sourceId)) {
        o.sources.setHealth(sourceId, { status, lastError: message.slice(0, 500), consecutiveFailures: failures, nextAttemptAt: o.clock.now() + next });
        o.bus.emit('sync.progress', { sourceId, phase: 'failed', items: 0, message: message.slice(0, 500) });
        o.bus.emit('sources.changed', { sourceId });
      }
      o.logger.warn('sync failed', { sourceId, error: message.slice(0, 300), retryInMs: next });
    } finally {
      st.running = false;
      if (st.again) {
        st.again = false;
        next = 0;
      }
      schedule(sourceId, next);
    }
  }

  return {
    start() {
      stopped = false;
      for (const s of o.sources.records()) {
        if (!states.has(s.id)) states.set(s.id, { timer: null, running: false, again: false, abort: new AbortController() });
        schedule(s.id, 0);
      }
    },
    add(sourceId: number) {
      if (states.has(sourceId)) return;
      states.set(sourceId, { timer: null, running: false, again: false, abort: new AbortController() });
      schedule(sourceId, 0);
    },
    remove(sourceId: number) {
      const st = states.get(sourceId);
      if (st?.timer) clearTimeout(st.timer);
      st?.abort.abort();
      states.delete(sourceId);
      limiters.delete(sourceId);
    },
    syncNow(sourceId: number) {
      if (!states.has(sourceId)) this.add(sourceId);
      else schedule(sourceId, 0);
    },
    /** For tests and tools: poll once now and wait for it. */
    runOnce,
    contextFor,
    async stop() {
      stopped = true;
      for (const st of states.values()) {
        if (st.timer) clearTimeout(st.timer);
        st.timer = null;
      }
    },
    /** Aborts in-flight requests too (app shutdown). */
    async shutdown() {
      await this.stop();
      for (const st of states.values()) st.abort.abort();
      states.clear();
    },
  };
}
export type SyncScheduler = ReturnType<typeof createSyncScheduler>;
