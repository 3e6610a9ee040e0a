// Issue 6, browser-mode host probes: malformed percent-encoding in a static path or a method name
// is a 400 (not a 500), and a 413 closes the connection (its unread body makes the socket unusable).
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../../electron/server/httpHost';
import { makeCore, tempDir, type TestCore } from '../../helpers/core';

let core: TestCore;
let host: HttpHost;
const TOKEN = 'probe-token-abcdefghijklmnop';
const dist = tempDir();

beforeAll(async () => {
  writeFileSync(join(dist.dir, 'index.html'), '<!doctype html><title>Steward</title>');
  core = await makeCore();
  host = await startHttpHost({
    dispatch: core.dispatch,
    onEvent: core.onEvent,
    token: TOKEN,
    staticDir: dist.dir,
    maxBodyBytes: 1024,
  });
});
afterAll(async () => {
  await host.close();
  await core.close();
  dist.cleanup();
});

/** Writes raw HTTP on one socket; resolves with everything received until the server closes it (or `ms` pass). */
function rawSocket(text: string, ms = 3000): Promise<{ data: string; closedByServer: boolean }> {
  return new Promise((ok, fail) => {
    const sock = connect(host.port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => {
      sock.destroy();
      ok({ data, closedByServer: false });
    }, ms);
    sock.on('data', (b) => (data += b.toString('latin1')));
    sock.on('error', fail);
    sock.on('close', () => {
      clearTimeout(timer);
      ok({ data, closedByServer: true });
    });
    sock.write(text);
  });
}
const hostHeader = () => `Host: 127.0.0.1:${host.port}`;

describe('browser-mode host probes', () => {
  it('GET /% and POST /rpc/% answer 400, not 500', async () => {
    const a = await rawSocket(`GET /% HTTP/1.1\r\n${hostHeader()}\r\nConnection: close\r\n\r\n`);
    expect(a.data).toMatch(/^HTTP\/1\.1 400 /);
    const b = await rawSocket(
      `POST /rpc/% HTTP/1.1\r\n${hostHeader()}\r\nX-Steward-Token: ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(b.data).toMatch(/^HTTP\/1\.1 400 /);
    expect(b.data).toContain('invalid_input');
    // A well-formed path still works.
    const c = await rawSocket(
      `GET /index.html HTTP/1.1\r\n${hostHeader()}\r\nConnection: close\r\n\r\n`,
    );
    expect(c.data).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('a 413 says Connection: close and the server closes the socket', async () => {
    const big = 'x'.repeat(4096);
    const head = `POST /rpc/queue.list HTTP/1.1\r\n${hostHeader()}\r\nX-Steward-Token: ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${big.length + 10_000}\r\n\r\n`;
    const r = await rawSocket(head + big, 5000);
    expect(r.data).toMatch(/^HTTP\/1\.1 413 /);
    expect(r.data.toLowerCase()).toContain('connection: close');
    expect(r.closedByServer).toBe(true);
  });
});
