// The scheduler's supervision of push streams, with a tiny in-test push connector and a stream server
// (HTTP page endpoint for polls + a WebSocket that pushes batches and waits for acknowledgements, and
// redelivers unacknowledged batches on reconnect, as Slack Socket Mode does). Real SQLite, real
// ingest; time (backoff, watchdog) runs on injected manual timers, and every step awaits an event.
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as WsClient, WebSocketServer, type WebSocket as WsSocket } from 'ws';
import {
  ConnectorError,
  type Connector,
  type NormalizedItem,
} from '../../../electron/core/connectors/types';
import { createEventBus } from '../../../electron/core/events';
import { silentLogger } from '../../../electron/core/ports';
import {
  createSyncScheduler,
  type SyncScheduler,
  type Timers,
} from '../../../electron/core/domains/sources/sync';
import { makeCore, memorySecrets, type TestCore } from '../../helpers/core';
import { item } from '../../helpers/items';

/** Timers that fire only when the test advances them. */
function manualTimers() {
  let now = Date.parse('2026-11-02T09:00:00Z');
  let seq = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers & { now(): number; advance(ms: number): void } = {
    now: () => now,
    set(fn, ms) {
      const id = ++seq;
      due.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clear(h) {
      due.delete(h as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = [...due.entries()]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!next) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
  };
  return timers;
}

type Item = { seq: number; text: string };

/** The platform: items in order, a page endpoint, and a push stream with acknowledgements. */
async function startStreamServer() {
  const store: Item[] = [];
  const unacked = new Map<number, Item[]>();
  const acked: number[] = [];
  const polls: number[] = [];
  const events = new EventEmitter();
  let connections = 0;
  let pongs = 0;
  let socket: WsSocket | null = null;
  let batchSeq = 0;
  /** Called on every acknowledgement with its items (the test checks they were committed first). */
  let onAck: (items: Item[]) => void = () => undefined;

  const http: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname !== '/items') return void res.writeHead(404).end();
    const after = Number(u.searchParams.get('after') ?? 0);
    const limit = Number(u.searchParams.get('limit') ?? 2);
    polls.push(after);
    const rest = store.filter((i) => i.seq > after);
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ items: rest.slice(0, limit), more: rest.length > limit }));
    events.emit('change');
  });
  const wss = new WebSocketServer({ server: http, path: '/stream' });
  const send = (id: number, items: Item[]) =>
    socket?.send(JSON.stringify({ type: 'batch', id, items }));
  wss.on('connection', (ws) => {
    socket = ws;
    connections++;
    ws.send(JSON.stringify({ type: 'hello' }));
    // Unacknowledged batches are delivered again on the next connection.
    for (const [id, items] of [...unacked.entries()].sort((a, b) => a[0] - b[0])) send(id, items);
    ws.on('message', (raw: Buffer) => {
      const m = JSON.parse(raw.toString()) as { type: string; id?: number };
      if (m.type === 'ack' && m.id !== undefined && unacked.has(m.id)) {
        const items = unacked.get(m.id)!;
        onAck(items);
        unacked.delete(m.id);
        acked.push(...items.map((i) => i.seq));
      }
      if (m.type === 'pong') pongs++;
      events.emit('change');
    });
    ws.on('close', () => {
      if (socket === ws) socket = null;
      events.emit('change');
    });
    events.emit('change');
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    acked,
    polls,
    unacked,
    get connections() {
      return connections;
    },
    get pongs() {
      return pongs;
    },
    set onAck(f: (items: Item[]) => void) {
      onAck = f;
    },
    /** A new item: stored, and pushed at once when a stream is connected (no replay of old items). */
    publish(text: string) {
      const it = { seq: store.length + 1, text };
      store.push(it);
      if (socket) {
        const id = ++batchSeq;
        unacked.set(id, [it]);
        send(id, [it]);
      }
    },
    ping: () => socket?.send(JSON.stringify({ type: 'ping' })),
    /** The connection drops (no close handshake). */
    kill: () => socket?.terminate(),
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
      await new Promise((r) => http.close(r));
    },
  };
}

const toItem = (i: Item): NormalizedItem => item({ topic: 1, post: i.seq, text: i.text });

/** A push connector speaking the stream server's protocol: acknowledges a batch only after deliver resolved. */
const pushConnector: Connector = {
  platform: 'teststream',
  label: { en: 'Test stream', da: 'Test stream', ru: 'Test stream' },
  capabilities: {
    reply: false,
    platformNotes: false,
    moderation: [],
    push: true,
    webhooks: false,
    replyFormat: 'text',
    maxReplyLength: 0,
  },
  fields: [],
  configSchema: {
    safeParse: (v: unknown) => ({ success: true, data: v }),
  } as unknown as Connector['configSchema'],
  defaultRatePerMinute: 600,
  async poll(ctx, cursor) {
    const after = (cursor as { last?: number } | null)?.last ?? 0;
    const res = await ctx.http(`${ctx.baseUrl}/items?after=${after}&limit=2`);
    if (!res.ok) throw new ConnectorError(`HTTP ${res.status}`, 'transient', undefined, res.status);
    const body = (await res.json()) as { items: Item[]; more: boolean };
    return {
      items: body.items.map(toItem),
      rejected: [],
      cursor: { last: body.items.at(-1)?.seq ?? after },
      more: body.more,
    };
  },
  subscribe(ctx, cursor) {
    let last = (cursor as { last?: number } | null)?.last ?? 0;
    const ws = ctx.webSocket!(`${ctx.baseUrl.replace(/^http/, 'ws')}/stream`);
    let chain = Promise.resolve();
    ws.onmessage = (e: MessageEvent) => {
      const m = JSON.parse(String(e.data)) as { type: string; id?: number; items?: Item[] };
      if (m.type === 'hello') ctx.status('live');
      if (m.type === 'ping') {
        ctx.alive();
        ws.send(JSON.stringify({ type: 'pong' }));
      }
      if (m.type === 'batch') {
        const items = m.items!;
        last = Math.max(last, ...items.map((i) => i.seq));
        const batch = { items: items.map(toItem), rejected: [], cursor: { last } };
        // In order; acknowledged only once stored. A refused batch is not acknowledged.
        chain = chain
          .then(() => ctx.deliver(batch))
          .then(
            () => ws.send(JSON.stringify({ type: 'ack', id: m.id })),
            () => undefined,
          );
      }
    };
    const done = new Promise<void>((resolve, reject) => {
      ws.onerror = () => undefined;
      ws.onclose = (e: CloseEvent) =>
        e.code === 1000
          ? resolve()
          : reject(new ConnectorError(`The stream closed (${e.code})`, 'transient'));
    });
    return {
      done,
      close: () =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          ws.addEventListener('close', () => resolve());
          ws.close(1000);
        }),
    };
  },
  async test() {
    return { account: 'test' };
  },
  render: (c) => ({ ok: true, text: c.markdown }),
  async send() {
    throw new ConnectorError('read only', 'permanent');
  },
  async findSent() {
    return null;
  },
};

let core: TestCore;
let server: Awaited<ReturnType<typeof startStreamServer>>;
let sched: SyncScheduler;
let timers: ReturnType<typeof manualTimers>;
let bus: ReturnType<typeof createEventBus>;
let sourceId: number;

beforeEach(async () => {
  core = await makeCore();
  server = await startStreamServer();
  timers = manualTimers();
  bus = createEventBus();
  const client = await core.call('clients.create', { name: 'Acme', timezone: 'UTC' });
  sourceId = core.internals.repos.sources.insert(
    {
      clientId: client.id,
      platform: 'teststream',
      name: 'Stream',
      baseUrl: server.url,
      config: {},
      secretRef: null,
    },
    timers.now(),
  ).id;
  sched = createSyncScheduler({
    db: core.internals.db,
    sources: core.internals.repos.sources,
    ingester: core.internals.ingester,
    secrets: memorySecrets(),
    http: (url, init) => fetch(url, init),
    webSocket: (url) => new WsClient(url) as unknown as WebSocket,
    clock: { now: () => timers.now() },
    logger: silentLogger,
    bus,
    pollIntervalMs: 60_000,
    random: () => 0.5,
    timers,
    connectorFor: (p) =>
      p === 'teststream'
        ? pushConnector
        : (() => {
            throw new Error(`no ${p}`);
          })(),
  });
});
afterEach(async () => {
  await sched.stop();
  await server.close();
  await core.close();
});

/** Resolves when `cond` holds, re-checked on every core or server event (fails after 10 s). */
function until(cond: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!cond()) return;
      off();
      server.events.off('change', check);
      clearTimeout(guard);
      resolve();
    };
    const off = bus.on(check);
    server.events.on('change', check);
    const guard = setTimeout(() => {
      off();
      server.events.off('change', check);
      reject(new Error(`timed out waiting for: ${what}`));
    }, 10_000);
    check();
  });
}

const health = () => core.internals.repos.sources.get(sourceId)!.health;
const stored = () =>
  (
    core.internals.db
      .prepare(
        'SELECT external_id FROM messages WHERE source_id = ? ORDER BY CAST(external_id AS INTEGER)',
      )
      .all(sourceId) as { external_id: string }[]
  ).map((r) => Number(r.external_id));
const cursor = () =>
  core.internals.repos.sources.record(sourceId)!.cursor as { last: number } | null;

describe('push stream supervision', () => {
  it('goes live after a catch-up, and after a dropped connection catches up from the stored cursor with no gap and no duplicate', async () => {
    // Every acknowledgement must find its items committed already.
    const ackedBeforeCommit: number[] = [];
    server.onAck = (items) =>
      ackedBeforeCommit.push(...items.filter((i) => !stored().includes(i.seq)).map((i) => i.seq));
    sched.start();
    await until(() => sched.streamState(sourceId) === 'live' && health().status === 'live', 'live');
    for (const t of ['one', 'two', 'three']) server.publish(t);
    await until(() => server.acked.length === 3, 'three acknowledged');
    expect(stored()).toEqual([1, 2, 3]);
    expect(cursor()).toEqual({ last: 3 });

    server.kill();
    await until(() => health().consecutiveFailures === 1, 'the drop recorded');
    expect(health().status).toBe('degraded');
    expect(sched.streamState(sourceId)).toBe('connecting');
    // Published while disconnected: the stream never replays them; only the catch-up can.
    for (const t of ['four', 'five', 'six']) server.publish(t);
    const pollsBefore = server.polls.length;
    timers.advance(1000); // the backoff (full jitter: 0.5 × 2 s)
    await until(() => server.connections === 2 && health().status === 'live', 'reconnected');
    // Catch-up from the stored cursor, page after page while `more`.
    expect(server.polls.slice(pollsBefore)).toEqual([3, 5]);
    server.publish('seven');
    await until(() => server.acked.includes(7), 'seven acknowledged');
    expect(stored()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(cursor()).toEqual({ last: 7 });
    expect(ackedBeforeCommit).toEqual([]);
    expect(health()).toMatchObject({ status: 'live', consecutiveFailures: 0, lastError: null });
  });

  it('does not acknowledge a batch whose commit failed; it is delivered again and stored once', async () => {
    sched.start();
    await until(() => sched.streamState(sourceId) === 'live', 'live');
    server.publish('one');
    await until(() => server.acked.includes(1), 'one acknowledged');
    // The commit of the next batch fails (its cursor write is refused): items and cursor roll back together.
    core.internals.db.exec(
      `CREATE TEMP TRIGGER refuse_cursor BEFORE UPDATE OF cursor_json ON sources WHEN NEW.cursor_json LIKE '%"last":2%' BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END`,
    );
    server.publish('two');
    await until(() => health().consecutiveFailures === 1, 'the failed commit recorded');
    expect(server.acked).toEqual([1]);
    expect(server.unacked.size).toBe(1);
    expect(stored()).toEqual([1]);
    expect(cursor()).toEqual({ last: 1 });
    expect(health().lastError).toContain('Storing a stream batch failed');

    core.internals.db.exec('DROP TRIGGER refuse_cursor');
    timers.advance(1000);
    await until(
      () => server.acked.includes(2) && health().status === 'live',
      'redelivered and acknowledged',
    );
    expect(stored()).toEqual([1, 2]);
    expect(server.unacked.size).toBe(0);
  });

  it('a stream silent past the watchdog is closed and reconnected; a heartbeat keeps it open', async () => {
    sched.start();
    await until(() => sched.streamState(sourceId) === 'live', 'live');
    timers.advance(100_000);
    server.ping();
    await until(() => server.pongs === 1, 'heartbeat answered');
    timers.advance(100_000); // 100 s since the heartbeat: still alive
    expect(server.connections).toBe(1);
    expect(health().status).toBe('live');
    timers.advance(20_001); // 120 s of silence
    await until(() => health().consecutiveFailures === 1, 'watchdog fired');
    expect(health().lastError).toMatch(/^\[timeout\] No sign of life/);
    timers.advance(1000);
    await until(() => server.connections === 2 && health().status === 'live', 'reconnected');
  });

  it('does not poll a source while its stream is live, and stops cleanly', async () => {
    sched.start();
    await until(() => sched.streamState(sourceId) === 'live', 'live');
    const polls = server.polls.length;
    await sched.runOnce(sourceId);
    sched.syncNow(sourceId);
    expect(server.polls.length).toBe(polls);
    await sched.stop();
    expect(sched.streamState(sourceId)).toBe('none');
    await until(() => server.connections === 1 && server.unacked.size === 0, 'closed');
  });
});
