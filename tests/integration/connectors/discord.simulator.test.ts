// The Discord simulator speaks Discord's wire format: checked with a raw WebSocket and fetch (no
// connector code), against the shapes of the recorded corpus (Hello, Ready, Resume, Invalid Session,
// 429 bodies and headers, error bodies).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  startDiscordSimulator,
  type DiscordSimulator,
} from '../../../electron/demo/simulators/discord';

let sim: DiscordSimulator;
beforeEach(async () => {
  sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000 });
});
afterEach(async () => {
  await sim.close();
});

type Frame = { op: number; d: unknown; s: number | null; t: string | null };
/** A raw gateway client that queues frames and lets the test await the next one. */
function client(url: string) {
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  const waiting: Array<(f: Frame) => void> = [];
  let closed: { code: number } | null = null;
  const onClose: Array<(c: number) => void> = [];
  ws.on('message', (data) => {
    const f = JSON.parse(String(data)) as Frame;
    const w = waiting.shift();
    if (w) w(f);
    else frames.push(f);
  });
  ws.on('close', (code) => {
    closed = { code };
    for (const f of onClose) f(code);
  });
  return {
    ws,
    next: () =>
      frames.length ? Promise.resolve(frames.shift()!) : new Promise<Frame>((r) => waiting.push(r)),
    send: (p: unknown) => ws.send(JSON.stringify(p)),
    closed: () =>
      closed ? Promise.resolve(closed.code) : new Promise<number>((r) => onClose.push(r)),
  };
}

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${sim.url}/api/v10${path}`, {
    ...init,
    headers: {
      Authorization: `Bot ${sim.token}`,
      'Content-Type': 'application/json',
      ...(init.headers ?? {}),
    },
  });

describe('Discord simulator: gateway', () => {
  it('HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeat ACK, dispatches with sequence numbers, RESUME replays what was missed', async () => {
    const { url } = (await (await api('/gateway/bot')).json()) as { url: string };
    const c = client(`${url}?v=10&encoding=json`);
    const hello = await c.next();
    expect(hello).toEqual({ op: 10, d: { heartbeat_interval: 1000 }, s: null, t: null });
    c.send({
      op: 2,
      d: {
        token: sim.token,
        intents: (1 << 0) | (1 << 9) | (1 << 15),
        properties: { os: 'linux', browser: 'test', device: 'test' },
      },
    });
    const ready = await c.next();
    expect(ready).toMatchObject({
      op: 0,
      t: 'READY',
      s: 1,
      d: {
        v: 10,
        user: { id: sim.bot.id, bot: true },
        guilds: [{ id: sim.guildId, unavailable: true }],
      },
    });
    const { session_id, resume_gateway_url } = ready.d as {
      session_id: string;
      resume_gateway_url: string;
    };
    expect((await c.next()).t).toBe('GUILD_CREATE');
    c.send({ op: 1, d: 2 });
    expect(await c.next()).toEqual({ op: 11, d: null, s: null, t: null });
    const ch = sim.addChannel('general');
    const m = sim.post(ch, sim.addMember('ann'), 'hello');
    const created = await c.next();
    expect(created).toMatchObject({
      op: 0,
      t: 'MESSAGE_CREATE',
      s: 3,
      d: { id: m.id, content: 'hello', guild_id: sim.guildId, member: { roles: [] } },
    });
    c.ws.terminate();
    const missed = sim.post(ch, sim.addMember('bob'), 'while away');
    const r = client(resume_gateway_url);
    await r.next();
    r.send({ op: 6, d: { token: sim.token, session_id, seq: 3 } });
    expect(await r.next()).toMatchObject({ t: 'MESSAGE_CREATE', s: 4, d: { id: missed.id } });
    expect(await r.next()).toMatchObject({ t: 'RESUMED', s: 5 });
    sim.invalidateSessions(false);
    expect(await r.next()).toEqual({ op: 9, d: false, s: null, t: null });
    r.ws.close();
  });

  it('closes 4004 on a bad token, 4014 when MESSAGE_CONTENT is not allowed; without the intent content is empty', async () => {
    const bad = client(`ws://${new URL(sim.url).host}/gateway`);
    await bad.next();
    bad.send({ op: 2, d: { token: 'nope', intents: 0, properties: {} } });
    expect(await bad.closed()).toBe(4004);
    const strict = await startDiscordSimulator({ messageContentAllowed: false });
    const s = client(`ws://${new URL(strict.url).host}/gateway`);
    await s.next();
    s.send({ op: 2, d: { token: strict.token, intents: 1 << 15, properties: {} } });
    expect(await s.closed()).toBe(4014);
    await strict.close();
    const plain = client(`ws://${new URL(sim.url).host}/gateway`);
    await plain.next();
    plain.send({ op: 2, d: { token: sim.token, intents: 1 << 9, properties: {} } });
    await plain.next();
    sim.post(sim.addChannel('x'), sim.addMember('ann'), 'secret words');
    expect(await plain.next()).toMatchObject({ t: 'MESSAGE_CREATE', d: { content: '' } });
    plain.ws.close();
  });
});

describe('Discord simulator: REST', () => {
  it('authenticates, answers with rate-limit headers, enforces nonces and the 2,000-character limit, and 429s like Discord', async () => {
    expect((await fetch(`${sim.url}/api/v10/users/@me`)).status).toBe(401);
    const ch = sim.addChannel('general');
    const post = (body: unknown) =>
      api(`/channels/${ch}/messages`, { method: 'POST', body: JSON.stringify(body) });
    const a = await post({ content: 'hi', nonce: 'n-1', enforce_nonce: true });
    expect(a.headers.get('x-ratelimit-limit')).toBeTruthy();
    expect(a.headers.get('x-ratelimit-bucket')).toBeTruthy();
    const first = (await a.json()) as { id: string; nonce: string };
    expect(first.nonce).toBe('n-1');
    const again = (await (
      await post({ content: 'hi', nonce: 'n-1', enforce_nonce: true })
    ).json()) as { id: string };
    expect(again.id).toBe(first.id);
    expect(sim.sent()).toHaveLength(1);
    const long = await post({ content: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({
      code: 50035,
      message: 'Invalid Form Body',
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
    // GET does not return nonces; newest first.
    const list = (await (await api(`/channels/${ch}/messages?limit=10`)).json()) as Array<
      Record<string, unknown>
    >;
    expect(list.map((m) => m.id)).toEqual([first.id]);
    expect('nonce' in list[0]!).toBe(false);
    sim.rateLimit({ retryAfterMs: 1500, global: true });
    const limited = await api('/users/@me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('global');
    expect(await limited.json()).toEqual({
      message: 'You are being rate limited.',
      retry_after: 1.5,
      global: true,
    });
    await api('/users/@me');
    expect(sim.earlyRequests().count).toBe(1);
    expect(await (await api(`/channels/${ch}/messages/123`, { method: 'DELETE' })).json()).toEqual({
      message: 'Unknown Message',
      code: 10008,
    });
  });
});
