// Helpers for the Discord connector tests: a SourceContext against the Discord simulator, and a
// stream harness that plays the core's part for `subscribe` (stores the cursor only after a
// deliver resolves, records statuses and heartbeats, and lets a test await a condition on them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRateLimiter } from '../../../electron/core/connectors/rateLimiter';
import type {
  ItemBatch,
  NormalizedItem,
  SourceContext,
  StreamContext,
  StreamHandle,
} from '../../../electron/core/connectors/types';
import { discordConnector } from '../../../electron/core/connectors/discord';
import type { DiscordSimulator } from '../../../electron/demo/simulators/discord';
import { silentLogger } from '../../../electron/core/ports';

const here = fileURLToPath(new URL('.', import.meta.url));
export const FIXTURES = join(here, '..', '..', 'fixtures', 'discord');
/** The recorded payload corpus next to the repo (absent on machines without it). */
export const SHARED = join(here, '..', '..', '..', '..', 'shared', 'payloads', 'discord');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are arbitrary JSON by design
export const fixture = (f: string): any => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8'));

export type DiscordTestCtx = SourceContext & { warnings: string[] };

export function discordCtx(
  sim: DiscordSimulator,
  channelIds: string[],
  o: Partial<SourceContext> & { config?: Record<string, unknown> } = {},
): DiscordTestCtx {
  const warnings: string[] = [];
  return {
    sourceId: 1,
    baseUrl: sim.url,
    secret: sim.token,
    secrets: { botToken: sim.token },
    persistSecret: () => {},
    now: () => Date.now(),
    http: (url, init) => fetch(url, init),
    logger: {
      ...silentLogger,
      warn: (m, d) => void warnings.push(`${m} ${JSON.stringify(d ?? {})}`),
    },
    limiter: createRateLimiter({ perMinute: 60_000 }),
    ...o,
    config: { guildId: sim.guildId, channelIds, identifyIntervalMs: 0, ...(o.config ?? {}) },
    warnings,
  };
}

type Waiter = { pred: () => boolean; resolve: () => void };

/** Plays the core for one stream: commits batches, keeps the cursor, counts heartbeats. */
export function streamHarness(base: SourceContext, o: { failDeliveries?: number } = {}) {
  const delivered: NormalizedItem[] = [];
  const deletions: string[] = [];
  const batches: ItemBatch[] = [];
  const statuses: string[] = [];
  const waiters: Waiter[] = [];
  const state = {
    cursor: null as unknown,
    alive: 0,
    failDeliveries: o.failDeliveries ?? 0,
    deliverCalls: 0,
  };
  const check = () => {
    for (const w of [...waiters]) {
      if (w.pred()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const ctx: StreamContext = {
    ...base,
    async deliver(batch) {
      state.deliverCalls++;
      await Promise.resolve();
      if (state.failDeliveries > 0) {
        state.failDeliveries--;
        check();
        throw new Error('disk full');
      }
      delivered.push(...batch.items);
      deletions.push(...(batch.deletions ?? []));
      batches.push(batch);
      if (batch.cursor !== undefined) state.cursor = batch.cursor;
      check();
    },
    alive() {
      state.alive++;
      check();
    },
    status(s, detail) {
      statuses.push(`${s}${detail ? ` ${detail}` : ''}`);
      check();
    },
  };
  /** Resolves when `pred` holds (checked after every deliver, status and heartbeat). */
  const until = (pred: () => boolean) =>
    pred() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pred, resolve }));
  const ids = () => delivered.map((i) => i.message.externalId);
  const open = (cursor: unknown): StreamHandle => discordConnector.subscribe!(ctx, cursor);
  return { ctx, delivered, deletions, batches, statuses, state, until, ids, open, check };
}

/** The poll the supervisor runs before every (re)subscribe, repeated while `more`. */
export async function catchUpPoll(ctx: SourceContext, cursor: unknown) {
  const items: NormalizedItem[] = [];
  let c = cursor;
  for (let i = 0; i < 50; i++) {
    const r = await discordConnector.poll(ctx, c);
    items.push(...r.items);
    c = r.cursor;
    if (!r.more) break;
  }
  return { items, cursor: c };
}
