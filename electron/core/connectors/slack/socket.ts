// electron/core/connectors/slack: the push stream (`subscribe`) over Socket Mode, through
// @slack/socket-mode's SocketModeClient (app-level token). The client calls apps.connections.open on
// the configured API address (so the simulator hands out its own ws:// URL), opens the WebSocket,
// waits for `hello`, answers pings, and emits every envelope with its `ack`. We add:
//   - `autoReconnectEnabled: false`: a dropped socket, a `disconnect` frame (Slack rotates
//     connections routinely) or a missed pong ends the stream with a `transient` ConnectorError; the
//     core's supervisor then backs off, runs a catch-up poll from the stored cursor and subscribes
//     again, so every reconnect is followed by a catch-up (no library-side reconnect that would skip it);
//   - after `hello`, one REST catch-up from the cursor (events posted between the supervisor's poll and
//     the socket going live are otherwise missed), before the envelopes queued behind it;
//   - a serial worker: queued envelopes are mapped in order, handed to `ctx.deliver` as one batch with
//     the cursor, and acknowledged ONLY AFTER `deliver` resolved (committed). A deliver that rejects
//     ends the stream (`transient`) without acknowledging: Slack redelivers those envelopes (with
//     `retry_attempt`) and the catch-up re-reads them. Slack expects the ack within 3 seconds; when a
//     commit takes longer, Slack redelivers an envelope we are still committing — the repeat is
//     recognised (event_id, and message id + version) and only acknowledged, so a slow disk costs a
//     redelivery, never a lost or doubled item. Acking before the commit would be faster and lossy.
//   - `ctx.alive()` on hello, every envelope and every pong; `ctx.status` for the health line.
// Inbound: `message` events (and subtypes) of the chosen channels and of DMs / group DMs with the app;
// other events and envelope types (interactivity, slash commands) are acknowledged and ignored.
import { channel as diagnosticsChannel } from 'node:diagnostics_channel';
import type * as SocketModeLib from '@slack/socket-mode';
import type { SocketModeClient } from '@slack/socket-mode';
import { lazyModule } from '../../lazyModule';
import type { ItemBatch, StreamContext, StreamHandle } from '../types';
import { ConnectorError } from '../types';
import { appToken, classify, clientOptions, slackLogger, webLib } from './api';
import {
  compareTs,
  isChannelId,
  isDmChannel,
  isTs,
  isUserId,
  mapMessageEvent,
  tsMs,
} from './mapper';
import { catchUp, collect, emptyOut, readConfig, resolveUsers, SlackState, type Out } from './sync';
import { isObj } from '../../../../shared/guards';

const MAX_BATCH = 50;
const MAX_SEEN = 5000;

type Envelope = {
  ack: () => Promise<void>;
  envelopeId: string;
  type: string;
  body: unknown;
  retry: number;
};
type Entry = { envelope: Envelope } | { catchUp: true };

/** Bounded insertion-ordered set. */
class Recent {
  private s = new Set<string>();
  has(k: string) {
    return this.s.has(k);
  }
  add(k: string) {
    this.s.add(k);
    if (this.s.size > MAX_SEEN) this.s.delete(this.s.values().next().value as string);
  }
}

/** @slack/socket-mode, loaded when a Slack source first opens its socket. */
const socketLib = lazyModule<typeof SocketModeLib>(() => import('@slack/socket-mode'));

export function subscribeSocket(ctx: StreamContext, cursor: unknown): StreamHandle {
  const cfg = readConfig(ctx);
  const st = SlackState.fromCursor(cursor);
  const chosen = new Set(cfg.channelIds);
  let resolveDone!: () => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  // The supervisor may not await `done` at once; a rejection is still reported through it.
  done.catch(() => {});
  let ended = false;
  let client: SocketModeClient | null = null;
  const queue: Entry[] = [];
  let working: Promise<void> | null = null;
  const seenEvents = new Recent();
  const seenMessages = new Recent();

  const pongs = diagnosticsChannel('undici:websocket:pong');
  const onPong = (m: unknown) => {
    // Filter to our socket (the channel is process-wide): SlackWebSocket keeps it as `websocket`.
    const ours = (client as unknown as { websocket?: { websocket?: unknown } } | null)?.websocket
      ?.websocket;
    if (!ended && ours && isObj(m) && m.websocket === ours) ctx.alive();
  };
  pongs.subscribe(onPong);

  const shutdown = async () => {
    pongs.unsubscribe(onPong);
    const c = client;
    client = null;
    if (c) await c.disconnect().catch(() => {});
  };
  const fail = (err: unknown) => {
    if (ended) return;
    ended = true;
    const e =
      err instanceof ConnectorError
        ? err
        : classify(
            err,
            'apps.connections.open',
            [ctx.secrets?.appToken ?? '', ctx.secrets?.botToken ?? ''].filter((s) => s.length >= 6),
          );
    void shutdown().finally(() => rejectDone(e));
  };

  const deliver = async (out: Out) => {
    if (out.items.length === 0 && out.rejected.length === 0 && out.deletions.length === 0) return;
    const batch: ItemBatch = {
      items: out.items,
      rejected: out.rejected,
      deletions: out.deletions.length ? out.deletions : undefined,
      cursor: st.toCursor(),
    };
    try {
      await ctx.deliver(batch);
    } catch (err) {
      throw new ConnectorError(
        `Could not store a batch from Slack (${(err as Error)?.message ?? 'error'}): reconnecting from the stored position`,
        'transient',
      );
    }
  };

  const runCatchUp = async () => {
    for (let round = 0; !ended && round < 1000; round++) {
      const out = emptyOut();
      const more = await catchUp(ctx, st, cfg, { left: cfg.maxRequestsPerPoll }, out, seenMessages);
      await deliver(out);
      if (!more) break;
    }
  };

  /**
   * A new message at or below its channel's (or thread's) delivered position is a repeat: a
   * redelivered envelope, or one the catch-up already read. Slack sends one channel's events in order,
   * so positions only move forward over delivered messages.
   */
  const covered = (channel: string, threadTs: string | null, ts: string): boolean => {
    const pos = threadTs ? st.th.get(`${channel}:${threadTs}`)?.last : st.ch.get(channel)?.ts;
    return !!pos && compareTs(ts, pos) <= 0;
  };

  /** One `message` event of an envelope into `out` (channel filter, author lookup, thread tracking). */
  const mapEvent = async (ev: Record<string, unknown>, out: Out) => {
    const channel = ev.channel;
    if (!isChannelId(channel))
      return void collect(mapMessageEvent(ev, isDmChannel, st.env(cfg))[0]!, out);
    const dm = isDmChannel(channel, ev.channel_type);
    if (!dm && !chosen.has(channel)) return void out.skipped++;
    if (dm) st.addDm(channel);
    const inner = isObj(ev.message) ? ev.message : ev;
    const authors = [inner.user].filter(isUserId);
    await resolveUsers(ctx, st, authors, { left: authors.length });
    for (const r of mapMessageEvent(ev, isDmChannel, st.env(cfg))) {
      if ('item' in r) {
        const key = `${r.item.message.externalId}#${r.item.message.version}`;
        const m = r.item.message.meta as { ts: string; threadTs: string | null };
        if (
          seenMessages.has(key) ||
          (ev.subtype !== 'message_changed' &&
            covered(channel, m.threadTs && !dm ? m.threadTs : null, m.ts))
        ) {
          out.skipped++;
          continue;
        }
        seenMessages.add(key);
        if (m.threadTs && !dm) st.track(channel, m.threadTs, m.ts, tsMs(m.ts));
        else if (
          !ev.subtype ||
          ev.subtype === 'file_share' ||
          ev.subtype === 'thread_broadcast' ||
          ev.subtype === 'bot_message'
        )
          st.advance(channel, m.ts);
      } else if ('skipped' in r && isTs(ev.ts) && !ev.subtype && !isTs(ev.thread_ts))
        st.advance(channel, ev.ts);
      collect(r, out);
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
      const out = emptyOut();
      const taken: Envelope[] = [];
      while (queue.length > 0 && taken.length < MAX_BATCH && !('catchUp' in queue[0]!)) {
        const e = (queue.shift() as { envelope: Envelope }).envelope;
        taken.push(e);
        const body = isObj(e.body) ? e.body : {};
        const eventId = typeof body.event_id === 'string' ? body.event_id : null;
        if (e.type !== 'events_api' || !isObj(body.event)) continue;
        if (eventId && seenEvents.has(eventId)) continue;
        if (body.event.type === 'message') await mapEvent(body.event, out);
        else out.skipped++;
      }
      await deliver(out);
      // Committed: now (and only now) tell Slack.
      for (const e of taken) {
        const body = isObj(e.body) ? e.body : {};
        if (typeof body.event_id === 'string') seenEvents.add(body.event_id);
        await e.ack().catch((err: unknown) =>
          ctx.logger.warn('slack: ack failed (Slack will redeliver; the repeat is recognised)', {
            error: (err as Error)?.message ?? String(err),
          }),
        );
      }
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

  // The library (and the Slack Web API client under it) loads on the first connect, not at start.
  const connect = async () => {
    // The Web API too: Socket Mode's client throws its errors, which `classify` recognises.
    const [{ SocketModeClient: Client }] = await Promise.all([socketLib.load(), webLib.load()]);
    if (ended) return; // closed while the library loaded
    const c = new Client({
      appToken: appToken(ctx),
      logger: slackLogger(ctx, 'socket-mode'),
      autoReconnectEnabled: false,
      clientPingTimeout:
        typeof ctx.config.clientPingTimeoutMs === 'number' ? ctx.config.clientPingTimeoutMs : 5000,
      serverPingTimeout:
        typeof ctx.config.serverPingTimeoutMs === 'number'
          ? ctx.config.serverPingTimeoutMs
          : 30_000,
      clientOptions: clientOptions(ctx),
    });
    client = c;
    c.on(
      'slack_event',
      (a: {
        ack: () => Promise<void>;
        envelope_id: string;
        type: string;
        body: unknown;
        retry_num?: number;
      }) => {
        if (ended) return;
        ctx.alive();
        queue.push({
          envelope: {
            ack: a.ack,
            envelopeId: a.envelope_id,
            type: a.type,
            body: a.body,
            retry: a.retry_num ?? 0,
          },
        });
        kick();
      },
    );
    c.on('connected', () => {
      if (ended) return;
      ctx.alive();
      ctx.status('live', 'socket mode');
      queue.unshift({ catchUp: true });
      kick();
    });
    c.on('disconnected', () => {
      if (!ended)
        fail(
          new ConnectorError(
            'The Slack Socket Mode connection closed: catching up and reconnecting',
            'transient',
            undefined,
            undefined,
            'network',
          ),
        );
    });
    await c.start();
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
