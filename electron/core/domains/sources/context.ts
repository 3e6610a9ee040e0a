// electron/core/domains/sources: the one builder of a connector's SourceContext. The scheduler (polls
// and push streams), the outbox (through the scheduler) and "Test connection" (a saved source, edits
// over it, or an unsaved setup) all build the context here, so secrets, persisted token rotation,
// the limiter and the clock reach every connector call the same way.
import type {
  Connector,
  RateLimiter,
  SourceContext,
  WebSocketFactory,
} from '../../connectors/types';
import type { Clock, HttpFetch, Logger, SecretStore } from '../../ports';
import { readSourceSecrets, writeSourceSecrets } from './sourceSecrets';

export type ContextPorts = {
  secrets: SecretStore;
  http: HttpFetch;
  logger: Logger;
  clock: Clock;
  webSocket?: WebSocketFactory;
};

export type ContextSpec = {
  connector: Connector;
  /** 0 for an unsaved setup. */
  sourceId: number;
  baseUrl: string;
  config: Record<string, unknown>;
  /** The stored secrets' reference (null: none stored, or an unsaved setup). */
  secretRef: string | null;
  /** Unsaved secret values over the stored ones (Test connection of a form being edited). */
  secretOverrides?: Record<string, string>;
  /**
   * Where a rotated secret is persisted: a saved source stores it (encrypted) and records a changed
   * reference; without it (an unsaved setup, or a test with unsaved secrets) it lives only in this context.
   */
  persist?: { setSecretRef(ref: string): void };
  limiter: RateLimiter;
  signal: AbortSignal;
};

/** The name of a connector's first declared secret (legacy single keys are read as it). */
export const firstSecretOf = (c: Connector): string | null =>
  c.fields.find((f) => f.kind === 'secret')?.key ?? null;

export function buildSourceContext(p: ContextPorts, s: ContextSpec): SourceContext {
  const firstSecret = firstSecretOf(s.connector);
  let ref = s.secretRef;
  const secrets: Record<string, string | null> = {
    ...readSourceSecrets(p.secrets, ref, firstSecret),
    ...(s.secretOverrides ?? {}),
  };
  const persist =
    s.secretOverrides && Object.keys(s.secretOverrides).length > 0 ? undefined : s.persist;
  return {
    sourceId: s.sourceId,
    baseUrl: s.baseUrl,
    config: s.config,
    secrets,
    get secret() {
      return firstSecret ? (secrets[firstSecret] ?? null) : null;
    },
    // A rotated token (OAuth refresh) is stored encrypted at once, without asking the user again.
    persistSecret: (name, value) => {
      secrets[name] = value;
      if (!persist) return;
      const next = writeSourceSecrets(p.secrets, ref, firstSecret, { [name]: value });
      if (next !== ref) {
        persist.setSecretRef(next);
        ref = next;
      }
    },
    http: p.http,
    ...(p.webSocket ? { webSocket: p.webSocket } : {}),
    logger: p.logger,
    signal: s.signal,
    limiter: s.limiter,
    now: () => p.clock.now(),
  };
}
