// Helpers for the Reddit connector tests: a simulator with a known account, and SourceContexts
// against it (script or installed app) with captured persisted secrets and log lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRateLimiter, type Sleep } from '../../../electron/core/connectors/rateLimiter';
import type { RateLimiter, SourceContext } from '../../../electron/core/connectors/types';
import type { Clock } from '../../../electron/core/ports';
import {
  startRedditSimulator,
  type RedditSimOptions,
  type RedditSimulator,
} from '../../../electron/demo/simulators/reddit';

const here = fileURLToPath(new URL('.', import.meta.url));
export const FIXTURES = join(here, '..', '..', 'fixtures', 'reddit');
/** The recorded PRAW cassettes next to the repo (absent on machines without the corpus). */
export const CASSETTES = join(
  here,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'payloads',
  'reddit',
  'praw-cassettes',
);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are arbitrary JSON read by tests
export const fixture = (f: string): any => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8'));

export const CLIENT_ID = 'sim-client-4d1f9b';
export const CLIENT_SECRET = 'sim-secret-8c2e7a55f0';
export const USER = 'steward_mod';
export const PASSWORD = 'pw-hunter2-e91b';
export const REFRESH = 'rt-77aa01-c3f9e2d4b8';
export const ALL_SECRETS = [CLIENT_SECRET, PASSWORD, REFRESH];

export function startSim(o: Partial<RedditSimOptions> = {}): Promise<RedditSimulator> {
  return startRedditSimulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    username: USER,
    password: PASSWORD,
    refreshTokens: [REFRESH],
    subreddits: ['brandhelp', 'brandnews'],
    ...o,
  });
}

export type RedditCtx = SourceContext & {
  persisted: Array<[string, string]>;
  logged: string[];
  store: Record<string, string | null>;
};

/** A context against the simulator. Persisted secrets land in `store` (and are handed back, like the core's store). */
export function simCtx(
  sim: RedditSimulator,
  o: {
    mode?: 'script' | 'installed';
    config?: Record<string, unknown>;
    limiter?: RateLimiter;
    now?: () => number;
    secrets?: Record<string, string | null>;
    http?: SourceContext['http'];
  } = {},
): RedditCtx {
  const mode = o.mode ?? 'script';
  const store: Record<string, string | null> =
    o.secrets ??
    (mode === 'script'
      ? { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, username: USER, password: PASSWORD }
      : { clientId: CLIENT_ID, refreshToken: REFRESH });
  const persisted: Array<[string, string]> = [];
  const logged: string[] = [];
  const log = (level: string) => (msg: string, data?: Record<string, unknown>) =>
    void logged.push(`${level} ${msg} ${data ? JSON.stringify(data) : ''}`);
  const ctx: RedditCtx = {
    sourceId: 1,
    baseUrl: sim.url,
    config: { authMode: mode, subreddits: ['brandhelp', 'brandnews'], ...(o.config ?? {}) },
    get secrets() {
      return { ...store };
    },
    get secret() {
      return store.clientId ?? null;
    },
    persistSecret(name: string, value: string) {
      persisted.push([name, value]);
      store[name] = value;
    },
    http: o.http ?? ((url, init) => fetch(url, init)),
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    limiter: o.limiter ?? createRateLimiter({ perMinute: 100_000 }),
    now: o.now ?? (() => Date.now()),
    persisted,
    logged,
    store,
  };
  return ctx;
}

/** A fake clock whose sleeps advance it instantly (deterministic waits). */
export function fakeTime(start = Date.UTC(2026, 10, 24, 12, 0, 0)) {
  const t = { now: start };
  const slept: number[] = [];
  const clock: Clock = { now: () => t.now };
  const sleep: Sleep = async (ms, signal) => {
    signal?.throwIfAborted();
    slept.push(ms);
    t.now += Math.max(0, ms);
  };
  return {
    t,
    clock,
    sleep,
    slept,
    limiter: (perMinute = 100) => createRateLimiter({ perMinute, clock, sleep }),
  };
}
