// electron/core/connectors/discord: the push stream (`subscribe`) over the Discord gateway, through
// @discordjs/ws's WebSocketManager (one shard). The library does HELLO/heartbeat (zombie detection:
// a missed ACK closes and RESUMEs), IDENTIFY, RESUME with the last sequence after a dropped socket
// or op 7 RECONNECT, and a fresh IDENTIFY after INVALID_SESSION (d=false). We add:
//   - a serial worker: dispatches are queued and mapped in order; a batch goes to `ctx.deliver` and
//     the next batch waits until it resolves, so the cursor handed with a batch is stored only after
//     the batch is committed. A deliver that rejects ends the stream (done rejects, `transient`): the
//     supervisor then polls from the stored cursor, which redelivers the items;
//   - after every READY (first connect and every re-identify, where the gateway does not replay what
//     was missed) a REST catch-up of every tracked channel from its last delivered snowflake, before
//     the dispatches queued behind it; a MESSAGE_CREATE at or below a channel's position is a repeat
//     and is dropped, so there is no gap and no duplicate;
//   - `ctx.alive()` on every heartbeat ACK, `ctx.status('live')` on READY/RESUMED, `connecting` on a close;
//   - fatal close codes (4004 bad token, 4013/4014 intents) end the stream with `permanent`; more than
//     `maxReconnects` closes in a row without a READY/RESUMED end it with `transient`, so the
//     supervisor's backoff (not the library's fixed 500 ms) paces reconnects to a host that is down.
// The WebSocket constructor is the library's (`ws` in Node): the gateway URL comes from
// `GET /gateway/bot` on the configured API address, and the resume URL from READY, so tests point the
// whole stream at the simulator through `ctx.baseUrl`.
import type * as DiscordWsLib from '@discordjs/ws';
import type { IIdentifyThrottler, WebSocketManager } from '@discordjs/ws';
import { lazyModule } from '../../lazyModule';
import type { ItemBatch, StreamContext, StreamHandle } from '../types';
import { ConnectorError } from '../types';
import { emptyDispatch, mapDispatch, mapMessage, type DispatchResult } from './mapper';
import { botToken, classify, discordRequest, restFor } from './rest';
import { DiscordState } from './state';
import { catchUp, discoverChannels, ensureMe, readConfig } from './sync';

/** GUILDS (threads, channels), GUILD_MESSAGES, DIRECT_MESSAGES, MESSAGE_CONTENT (privileged), AUTO_MODERATION_EXECUTION. */
export const INTENTS = (1 << 0) | (1 << 9) | (1 << 12) | (1 << 15) | (1 << 21);
const MAX_BATCH = 100;
/** Close codes after which reconnecting cannot help. */
const FATAL: Record<number, { why: string; reason: 'auth' | 'config' }> = {
  4004: { why: 'Discord refused the bot token (gateway close 4004)', reason: 'auth' },
  4010: { why: 'Discord refused the shard (gateway close 4010)', reason: 'config' },
  4011: {
    why: 'The bot is in too many servers for one connection (gateway close 4011)',
    reason: 'config',
  },
  4012: { why: 'Discord refused the gateway version (close 4012)', reason: 'config' },
  4013: { why: 'Discord refused the intents (gateway close 4013)', reason: 'config' },
  4014: {
    why: 'The bot is not allowed the Message Content or Server Members intent: enable it under Bot → Privileged Gateway Intents (gateway close 4014)',
    reason: 'config',
  },
};

/** Discord allows one IDENTIFY per 5 s per concurrency bucket; tests shorten the gap. */
function identifyThrottler(gapMs: number): IIdentifyThrottler {
  let last = 0;
  return {
    async waitForIdentify(_shard: number, signal: AbortSignal) {
      const wait = last + gapMs - Date.now();
      if (wait > 0) {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, wait);
          signal.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), {
            once: true,
          });
        });
      }
      last = Date.now();
    },
  };
}

type Entry = { t: string; d: unknown } | { catchUp: true };

/** @discordjs/ws, loaded when a Discord source first connects to the gateway. */
const wsLib = lazyModule<typeof DiscordWsLib>(() => import('@discordjs/ws'));

export function subscribeGateway(ctx: StreamContext, cursor: unknown): StreamHandle {
  const cfg = readConfig(ctx);
  const st = DiscordState.fromCursor(cursor, new Set(cfg.channelIds), cfg.guildId);
  let resolveDone!: () => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  // The supervisor may not await `done` at once; a rejection is still reported through it.
  done.catch(() => {});
  let ended = false;
  let manager: WebSocketManager | null = null;
  const queue: Entry[] = [];
  let working: Promise<void> | null = null;
  let failuresInARow = 0;

  const shutdown = async () => {
    const m = manager;
    manager = null;
    if (m) await Promise.resolve(m.destroy({ code: 1000, reason: 'closing' })).catch(() => {});
  };
  const fail = (err: unknown) => {
    if (ended) return;
    ended = true;
    // Errors from the library's own REST calls (GET /gateway/bot) are classified like ours.
    let token = '';
    try {
      token = botToken(ctx);
    } catch {}
    const e = classify(err, 'GET', 'the gateway connection', token);
    void shutdown().finally(() => rejectDone(e));
  };

  const deliver = async (r: DispatchResult) => {
    if (r.items.length === 0 && r.rejected.length === 0 && r.deletions.length === 0) return;
    const batch: ItemBatch = {
      items: r.items,
      rejected: r.rejected,
      deletions: r.deletions.length ? r.deletions : undefined,
      cursor: st.toCursor(),
    };
    try {
      await ctx.deliver(batch);
    } catch (err) {
      throw new ConnectorError(
        `Could not store a batch from the Discord gateway (${(err as Error)?.message ?? 'error'}): reconnecting from the stored position`,
        'transient',
      );
    }
  };

  /** Full message for a partial MESSAGE_UPDATE (only the changed fields were sent). */
  const reread = async (p: { channelId: string; messageId: string }, out: DispatchResult) => {
    try {
      const full = await discordRequest<unknown>(
        ctx,
        'GET',
        `/channels/${p.channelId}/messages/${p.messageId}`,
      );
      const kind = st.kindOf(p.channelId, cfg.guildId) ?? 'channel';
      const r = mapMessage(full, st, {
        update: true,
        kindHint: kind,
        staffRoleIds: cfg.staffRoleIds,
      });
      if ('item' in r) out.items.push(r.item);
      else if ('rejected' in r) out.rejected.push(r.rejected);
    } catch (err) {
      // Deleted meanwhile (404) or unreadable: the edit is lost, the message is not.
      if (!(err instanceof ConnectorError && err.kind === 'permanent')) throw err;
    }
  };

  const runCatchUp = async () => {
    const budget = { left: Number.POSITIVE_INFINITY };
    const first = emptyDispatch();
    await ensureMe(ctx, st, budget);
    await discoverChannels(ctx, st, cfg, budget, first);
    let out = first;
    for (let round = 0; !ended; round++) {
      const pageBudget = { left: cfg.maxRequestsPerPoll };
      const more = await catchUp(ctx, st, cfg, pageBudget, out);
      await deliver(out);
      out = emptyDispatch();
      if (!more) break;
    }
  };

  const work = async () => {
    while (!ended && queue.length > 0) {
      const head = queue[0]!;
      if ('catchUp' in head) {
        queue.shift();
        await runCatchUp();
        continue;
      }
      const out = emptyDispatch();
      let n = 0;
      while (queue.length > 0 && n < MAX_BATCH && !('catchUp' in queue[0]!)) {
        const e = queue.shift() as { t: string; d: unknown };
        mapDispatch(e.t, e.d, st, { now: ctx.now(), staffRoleIds: cfg.staffRoleIds }, out);
        n++;
      }
      for (const p of out.partial) await reread(p, out);
      for (const id of out.newThreads)
        if (!st.last.has(id)) st.advance(id, (BigInt(id) - 1n).toString());
      await deliver(out);
    }
  };
  const kick = () => {
    if (working || ended) return;
    working = work()
      .catch(fail)
      .finally(() => {
        working = null;
        if (queue.length > 0 && !ended) kick();
      });
  };

  // The library (and its REST client) load on the first connect, not when the core starts.
  const connect = async () => {
    const [{ WebSocketManager: Manager, WebSocketShardEvents: Events }, rest] = await Promise.all([
      wsLib.load(),
      restFor(ctx),
    ]);
    if (ended) return; // closed while the library loaded
    const m = new Manager({
      token: botToken(ctx),
      intents: INTENTS,
      rest,
      shardCount: 1,
      shardIds: [0],
      helloTimeout: 30_000,
      readyTimeout: 30_000,
      handshakeTimeout: 30_000,
      identifyProperties: { os: process.platform, browser: 'steward', device: 'steward' },
      buildIdentifyThrottler: () => identifyThrottler(cfg.identifyIntervalMs),
    });
    manager = m;
    m.on(Events.Dispatch, (payload) => {
      if (ended) return;
      const { t, d } = payload as { t: string; d: unknown };
      if (t === 'READY') {
        failuresInARow = 0;
        mapDispatch(t, d, st, { now: ctx.now() });
        ctx.status('live', 'ready');
        // The gateway does not replay what happened before this session: read it.
        queue.push({ catchUp: true });
      } else if (t === 'RESUMED') {
        failuresInARow = 0;
        ctx.status('live', 'resumed');
      } else queue.push({ t, d });
      kick();
    });
    m.on(Events.HeartbeatComplete, () => {
      if (!ended) ctx.alive();
    });
    m.on(Events.Closed, (code) => {
      if (ended) return;
      const fatal = FATAL[code];
      if (fatal)
        return fail(new ConnectorError(fatal.why, 'permanent', undefined, code, fatal.reason));
      ctx.status('connecting', `gateway closed (${code}); reconnecting`);
      if (++failuresInARow > cfg.maxReconnects)
        fail(
          new ConnectorError(
            `The Discord gateway closed ${failuresInARow} times in a row (last code ${code})`,
            'transient',
            undefined,
            code,
            'network',
          ),
        );
    });
    m.on(Events.Error, (err) => {
      if (!ended)
        ctx.logger.warn('discord: gateway error', {
          error: (err as Error)?.message ?? String(err),
        });
    });
    await m.connect();
  };
  ctx.status('connecting');
  connect().catch(fail);

  return {
    done,
    async close() {
      if (ended) return done.catch(() => {});
      ended = true;
      await working?.catch(() => {});
      await shutdown();
      resolveDone();
    },
  };
}
