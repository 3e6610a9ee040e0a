// Browser-mode host: loopback only, token required, foreign Host/Origin refused, contract over HTTP.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../../electron/server/httpHost';
import { makeCore, type TestCore } from '../../helpers/core';

let core: TestCore;
let host: HttpHost;
const TOKEN = 'test-token-abcdefghijklmnop';

beforeAll(async () => {
  core = await makeCore();
  host = await startHttpHost({ dispatch: core.dispatch, onEvent: core.onEvent, token: TOKEN });
});
afterAll(async () => {
  await host.close();
  await core.close();
});

/** Raw request so tests can forge Host/Origin headers (fetch would not let them). */
function raw(
  path: string,
  o: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((ok, fail) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: o.method ?? 'GET', headers: o.headers },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', fail);
    if (o.body) req.write(o.body);
    req.end();
  });
}
const good = { 'Content-Type': 'application/json', 'X-Steward-Token': TOKEN };

describe('browser-mode HTTP host', () => {
  it('listens on 127.0.0.1 only', () => {
    const addr = host.server.address();
    expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1');
  });

  it('answers a contract call with the Result envelope', async () => {
    const r = await raw('/rpc/queue.list', { method: 'POST', headers: good, body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { total: 0, offset: 0, rows: [] } });
  });

  it('refuses a call without the token or with a wrong one', async () => {
    expect(
      (
        await raw('/rpc/queue.list', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await raw('/rpc/queue.list', {
          method: 'POST',
          headers: { ...good, 'X-Steward-Token': 'x'.repeat(TOKEN.length) },
          body: '{}',
        })
      ).status,
    ).toBe(401);
    expect((await raw('/events')).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    expect(
      (
        await raw('/rpc/queue.list', {
          method: 'POST',
          headers: { ...good, Host: 'evil.example:80' },
          body: '{}',
        })
      ).status,
    ).toBe(403);
    expect((await raw('/', { headers: { Host: `attacker.test:${host.port}` } })).status).toBe(403);
    expect(
      (
        await raw('/rpc/queue.list', {
          method: 'POST',
          headers: { ...good, Origin: 'https://evil.example' },
          body: '{}',
        })
      ).status,
    ).toBe(403);
    const same = await raw('/rpc/queue.list', {
      method: 'POST',
      headers: { ...good, Origin: `http://127.0.0.1:${host.port}` },
      body: '{}',
    });
    expect(same.status).toBe(200);
  });

  it('rejects unknown methods, invalid input and non-JSON bodies', async () => {
    expect(
      JSON.parse(
        (await raw('/rpc/nope.nothing', { method: 'POST', headers: good, body: '{}' })).body,
      ).error.code,
    ).toBe('unknown_method');
    expect(
      JSON.parse(
        (await raw('/rpc/conversations.get', { method: 'POST', headers: good, body: '{"id":"x"}' }))
          .body,
      ).error.code,
    ).toBe('invalid_input');
    expect(
      (await raw('/rpc/queue.list', { method: 'POST', headers: good, body: '{not json' })).status,
    ).toBe(400);
    expect(
      (
        await raw('/rpc/queue.list', {
          method: 'POST',
          headers: { ...good, 'Content-Type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
  });

  it('streams core events over SSE to a client with the token', async () => {
    const res = await fetch(`${host.url}/events?token=${TOKEN}`);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const client = await core.call('clients.create', {
      name: 'Evented',
      timezone: 'Europe/Copenhagen',
    });
    const src = core.internals.repos.sources.insert(
      {
        clientId: client.id,
        platform: 'discourse',
        name: 'F',
        baseUrl: 'http://127.0.0.1:9',
        config: {},
        secretRef: null,
      },
      0,
    );
    // A real state change emits the event the renderer listens for.
    core.internals.db.exec(
      `INSERT INTO conversations (id, client_id, source_id, external_id, title, created_at, last_message_at) VALUES (77, ${client.id}, ${src.id}, 'e77', 'T', 0, 0)`,
    );
    await core.call('conversations.setStatus', { id: 77, status: 'open' });
    let text = '';
    const dec = new TextDecoder();
    while (!text.includes('"conversation.changed"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value);
    }
    await reader.cancel();
    expect(text).toContain('"name":"conversation.changed"');
    expect(text).toContain('"id":77');
  });

  it('serves security headers with the app shell', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'steward-static-'));
    writeFileSync(join(dir, 'index.html'), '<title>Steward</title>');
    const h2 = await startHttpHost({
      dispatch: core.dispatch,
      onEvent: core.onEvent,
      token: TOKEN,
      staticDir: dir,
    });
    const r = await fetch(`${h2.url}/`);
    expect(await r.text()).toContain('Steward');
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(r.headers.get('content-security-policy')).not.toMatch(/unsafe-eval/);
    const traversal = await fetch(`${h2.url}/..%2f..%2fetc%2fpasswd`);
    expect([403, 404]).toContain(traversal.status);
    await h2.close();
  });
});
