// The host-side CoreClient with scripted cores (in-memory channels that speak the real protocol):
// routing of reads and writes, restart with backoff after a crash, the retryable error for calls
// in flight, reads re-sent after a reader dies, app.reconnected, secrets written back, orderly stop.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CoreEvent } from '../../../shared/ipc/contract';
import { createCoreClient, isReadMethod } from '../../../electron/host/coreClient';
import type {
  CoreChannel,
  CoreMessage,
  CoreRole,
  HostMessage,
} from '../../../electron/host/protocol';

type Fake = CoreChannel & {
  role: CoreRole;
  index: number;
  inbox: HostMessage[];
  /** Answer calls automatically (true) or hold them (false). */
  auto: boolean;
  send(msg: CoreMessage): void;
  crash(): void;
  killed: boolean;
};

function fakeSpawner(o: { failWriter?: string } = {}) {
  const spawned: Fake[] = [];
  const spawn = (role: CoreRole, index: number): CoreChannel => {
    let onMsg: (m: CoreMessage) => void = () => {};
    let onExit: (i: { code: number | null; reason: string }) => void = () => {};
    let gone = false;
    const f: Fake = {
      role,
      index,
      inbox: [],
      auto: true,
      killed: false,
      send: (m) => queueMicrotask(() => !gone && onMsg(m)),
      crash() {
        if (gone) return;
        gone = true;
        queueMicrotask(() => onExit({ code: 1, reason: 'crashed' }));
      },
      post(msg) {
        if (gone) return;
        f.inbox.push(msg);
        if (msg.t === 'init')
          return f.send(
            o.failWriter && role === 'writer'
              ? { t: 'failed', message: o.failWriter }
              : { t: 'ready' },
          );
        if (msg.t === 'start') return f.send({ t: 'started' });
        if (msg.t === 'stop') return f.send({ t: 'stopped' });
        if (msg.t === 'call' && f.auto)
          f.send({
            t: 'result',
            id: msg.id,
            json: JSON.stringify({
              ok: true,
              value: { by: `${role}${index}`, method: msg.method },
            }),
          });
      },
      onMessage: (cb) => void (onMsg = cb),
      onExit: (cb) => void (onExit = cb),
      kill() {
        f.killed = true;
        f.crash();
      },
    };
    spawned.push(f);
    return f;
  };
  return {
    spawn,
    spawned,
    live: (role: CoreRole, index = 0) =>
      spawned.filter((f) => f.role === role && f.index === index && !f.killed).at(-1)!,
  };
}

const clients: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.stop();
  vi.useRealTimers();
});

function make(
  o: Partial<Parameters<typeof createCoreClient>[0]> & {
    spawner?: ReturnType<typeof fakeSpawner>;
  } = {},
) {
  const spawner = o.spawner ?? fakeSpawner();
  const client = createCoreClient({
    spawn: spawner.spawn,
    options: { dataDir: '/nowhere', mode: 'test' },
    secrets: () => ({ kind: 'mirror', values: { 'source-key:1': 'k' } }),
    readers: 2,
    restart: { initialMs: 10, maxMs: 40, stableMs: 60_000 },
    waitMs: 2_000,
    ...o,
  });
  clients.push(client);
  return { client, spawner };
}

describe('the contract marks pure reads', () => {
  it('queue.list, conversations.get and the SLA board are reads; writes and cached reads are not', () => {
    for (const m of [
      'queue.list',
      'conversations.get',
      'clients.list',
      'sla.board',
      'sla.clocks',
      'sla.report',
    ])
      expect(isReadMethod(m)).toBe(true);
    // sources.list reports which secrets are set (the writer's secret store); time.status reads the
    // writer's in-memory capture state; sla.getSchedule its calendar cache: all stay on the writer.
    for (const m of [
      'replies.send',
      'drafts.save',
      'conversations.setStatus',
      'app.info',
      'sla.getSchedule',
      'sla.preview',
      'sources.list',
      'time.status',
      '__proto__',
      'no.such',
    ])
      expect(isReadMethod(m)).toBe(false);
  });
});

describe('CoreClient', () => {
  it('sends reads to the least busy reader and everything else to the writer', async () => {
    const { client, spawner } = make();
    await client.start();
    await vi.waitFor(() => expect(client.readersReady()).toBe(2));
    const r0 = spawner.live('reader', 0);
    r0.auto = false; // reader 0 is busy with a slow read
    const slow = client.dispatch('queue.list', {});
    expect(await client.dispatch('conversations.get', { id: 1 })).toEqual({
      ok: true,
      value: { by: 'reader1', method: 'conversations.get' },
    });
    expect(await client.dispatch('drafts.save', { conversationId: 1, body: 'x' })).toEqual({
      ok: true,
      value: { by: 'writer0', method: 'drafts.save' },
    });
    expect(await client.dispatch('app.info', {})).toMatchObject({ value: { by: 'writer0' } });
    const held = r0.inbox.find((m) => m.t === 'call')!;
    r0.send({
      t: 'result',
      id: (held as { id: number }).id,
      json: JSON.stringify({ ok: true, value: 'late' }),
    });
    expect(await slow).toEqual({ ok: true, value: 'late' });
    // The HTTP host's path: the same envelope as the JSON text the core sent.
    expect(JSON.parse(await client.dispatchJson('app.info', {}))).toMatchObject({
      ok: true,
      value: { by: 'writer0' },
    });
    // Only the writer gets the secrets; readers get none.
    expect(spawner.live('writer').inbox[0]).toMatchObject({
      t: 'init',
      role: 'writer',
      secrets: { kind: 'mirror' },
    });
    expect(r0.inbox[0]).toMatchObject({ t: 'init', role: 'reader', secrets: { kind: 'none' } });
  });

  it('with no reader up, the writer answers reads', async () => {
    const { client } = make({ readers: 0 });
    await client.start();
    expect(await client.dispatch('queue.list', {})).toMatchObject({ value: { by: 'writer0' } });
  });

  it('a writer crash fails the calls in flight as unavailable, restarts the writer and announces app.reconnected', async () => {
    const { client, spawner } = make();
    const events: CoreEvent[] = [];
    client.onEvent((e) => events.push(e));
    await client.start();
    const first = spawner.live('writer');
    first.auto = false;
    const inflight = client.dispatch('replies.send', {
      conversationId: 1,
      body: 'hi',
      idempotencyKey: 'k-00000001',
    });
    await vi.waitFor(() => expect(first.inbox.some((m) => m.t === 'call')).toBe(true));
    first.crash();
    expect(await inflight).toEqual({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/restarted.*Try again/) },
    });
    // A call made while the writer is down waits for the restart instead of failing.
    const during = client.dispatch('drafts.save', { conversationId: 1, body: 'typed while down' });
    expect(await during).toMatchObject({ ok: true, value: { by: 'writer0' } });
    const second = spawner.live('writer');
    expect(second).not.toBe(first);
    expect(second.inbox.map((m) => m.t)).toEqual(['init', 'start', 'call']);
    expect(client.restarts()).toBe(1);
    expect(events).toEqual([
      { name: 'app.reconnected', payload: { restarts: 1, at: expect.any(String) } },
    ]);
  });

  it('restarts back off: each quick crash doubles the delay up to the maximum', async () => {
    vi.useFakeTimers();
    const { client, spawner } = make({ restart: { initialMs: 100, maxMs: 400, stableMs: 60_000 } });
    await client.start();
    const writers = () => spawner.spawned.filter((f) => f.role === 'writer').length;
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = writers();
      spawner.live('writer').crash();
      await vi.advanceTimersByTimeAsync(0);
      let waited = 0;
      while (writers() === before) {
        await vi.advanceTimersByTimeAsync(10);
        waited += 10;
      }
      delays.push(waited);
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(delays).toEqual([100, 200, 400, 400]);
  });

  it('a reader crash re-sends its reads elsewhere (reads are idempotent) and the reader comes back', async () => {
    const { client, spawner } = make({ readers: 1 });
    await client.start();
    await vi.waitFor(() => expect(client.readersReady()).toBe(1));
    const reader = spawner.live('reader');
    reader.auto = false;
    const read = client.dispatch('queue.list', {});
    await vi.waitFor(() => expect(reader.inbox.some((m) => m.t === 'call')).toBe(true));
    reader.crash();
    expect(await read).toMatchObject({ ok: true, value: { by: 'writer0', method: 'queue.list' } });
    await vi.waitFor(() => expect(client.readersReady()).toBe(1));
    expect(spawner.live('reader')).not.toBe(reader);
    expect(client.restarts()).toBe(0); // only writer restarts are announced
  });

  it('a core that cannot start is reported, not restarted in a loop', async () => {
    const { client, spawner } = make({
      spawner: fakeSpawner({ failWriter: 'The database is from a newer Steward' }),
    });
    await expect(client.start()).rejects.toThrow(/newer Steward/);
    await new Promise((r) => setTimeout(r, 60));
    expect(spawner.spawned.filter((f) => f.role === 'writer')).toHaveLength(1);
    expect(await client.dispatch('queue.list', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it('persists secrets the writer stores and forwards events and logs', async () => {
    const writes: unknown[] = [];
    const logs: string[] = [];
    const logger = {
      debug() {},
      info: (m: string, d?: Record<string, unknown>) => logs.push(`${m} ${String(d?.core)}`),
      warn() {},
      error() {},
    };
    const { client, spawner } = make({ persistSecret: (w) => writes.push(w), logger });
    const events: CoreEvent[] = [];
    client.onEvent((e) => events.push(e));
    await client.start();
    const w = spawner.live('writer');
    w.send({ t: 'secret', op: 'set', ref: 'source-key:2', value: 'v' });
    w.send({ t: 'secret', op: 'delete', ref: 'source-key:1' });
    w.send({ t: 'event', event: { name: 'queue.changed', payload: { reason: 'test' } } });
    w.send({ t: 'log', level: 'info', msg: 'core started' });
    await vi.waitFor(() => expect(logs).toContain('core started writer'));
    expect(writes).toEqual([
      { op: 'set', ref: 'source-key:2', value: 'v' },
      { op: 'delete', ref: 'source-key:1' },
    ]);
    expect(events).toEqual([{ name: 'queue.changed', payload: { reason: 'test' } }]);
  });

  it('stop asks every core to stop, ends them, and later calls fail as unavailable without restarts', async () => {
    const { client, spawner } = make();
    await client.start();
    await vi.waitFor(() => expect(client.readersReady()).toBe(2));
    await client.stop();
    for (const f of spawner.spawned) {
      expect(f.inbox.map((m) => m.t)).toContain('stop');
      expect(f.killed).toBe(true);
    }
    expect(await client.dispatch('queue.list', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    await new Promise((r) => setTimeout(r, 60));
    expect(spawner.spawned).toHaveLength(3);
  });
});
