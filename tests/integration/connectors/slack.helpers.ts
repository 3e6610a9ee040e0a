// Helpers for the Slack connector tests: a SourceContext against the Slack simulator, and a stream
// harness that plays the core's part for `subscribe` (stores the cursor only after a deliver resolves,
// records statuses and heartbeats, and lets a test await a condition on them).
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
import { slackConnector } from '../../../electron/core/connectors/slack';
import type { SlackSimulator } from '../../../electron/demo/simulators/slack';
import { silentLogger } from '../../../electron/core/ports';

const here = fileURLToPath(new URL('.', import.meta.url));
export const FIXTURES = join(here, '..', '..', 'fixtures', 'slack');
/** The recorded payload corpus next to the repo (absent on machines without it). */
export const SHARED = join(here, '..', '..', '..', '..', 'shared', 'payloads', 'slack');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are arbitrary JSON by design
export const fixture = (f: string): any => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8'));

export type SlackTestCtx = SourceContext & { warnings: string[] };

export function slackCtx(
  sim: SlackSimulator,
  channelIds: string[],
  o: Partial<SourceContext> & { config?: Record<string, unknown> } = {},
): SlackTestCtx {
  const warnings: string[] = [];
  return {
    sourceId: 1,
    baseUrl: sim.url,
    secret: sim.botToken,
    secrets: { botToken: sim.botToken, appToken: sim.appToken, userToken: null },
    persistSecret: () => {},
    now: () => Date.now(),
    http: (url, init) => fetch(url, init),
    logger: {
      ...silentLogger,
      warn: (m, d) => void warnings.push(`${m} ${JSON.stringify(d ?? {})}`),
    },
    limiter: createRateLimiter({ perMinute: 60_000 }),
    ...o,
    config: { channelIds, ...(o.config ?? {}) },
    warnings,
  };
}

type Waiter = { pred: () => boolean; resolve: () => void };

/** Plays the core for one stream: commits batches, keeps the cursor, counts heartbeats. */
export function streamHarness(
  base: SourceContext,
  o: { failDeliveries?: number; deliverDelay?: () => Promise<void> } = {},
) {
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
    unackedAtCommit: [] as number[],
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
      await (o.deliverDelay ? o.deliverDelay() : Promise.resolve());
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
  const until = (pred: () => boolean) =>
    pred() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pred, resolve }));
  const ids = () => delivered.map((i) => i.message.externalId);
  const open = (cursor: unknown): StreamHandle => slackConnector.subscribe!(ctx, cursor);
  return { ctx, delivered, deletions, batches, statuses, state, until, ids, open, check };
}

/** The poll the supervisor runs before every (re)subscribe, repeated while `more`. */
export async function catchUpPoll(ctx: SourceContext, cursor: unknown, rounds = 100) {
  const items: NormalizedItem[] = [];
  const deletions: string[] = [];
  let c = cursor;
  let polls = 0;
  for (let i = 0; i < rounds; i++) {
    const r = await slackConnector.poll(ctx, c);
    polls++;
    items.push(...r.items);
    deletions.push(...(r.deletions ?? []));
    c = r.cursor;
    if (!r.more) break;
  }
  return { items, deletions, cursor: c, polls };
}

/** Resolves when `pred` holds, polling the event loop (for simulator-side state such as acks). */
export async function eventually(pred: () => boolean, what: string, timeoutMs = 10_000) {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
