// The app:// protocol handler: serves dist/renderer only, always with the strict CSP.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppFile } from '../../../electron/main/appProtocol';
import { CSP } from '../../../electron/main/security';
import { tempDir } from '../../helpers/core';

const t = tempDir('steward-proto-');
afterAll(() => t.cleanup());
const rendererDir = join(t.dir, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Steward</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(t.dir, 'secret.txt'), 'outside');

describe('app:// protocol', () => {
  const handler = createAppProtocolHandler(rendererDir);
  it('serves index.html and assets with the CSP and a content type', async () => {
    for (const url of ['app://steward/', 'app://steward/index.html']) {
      const res = await handler(new Request(url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(CSP);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('<title>Steward</title>');
    }
    const js = await handler(new Request('app://steward/assets/app.js'));
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
  });
  it('never serves a file outside dist/renderer, another host, or a missing file', async () => {
    for (const url of [
      'app://steward/%2e%2e/secret.txt',
      'app://steward/..%2fsecret.txt',
      'app://steward/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://evil/index.html',
      'app://steward/nope.js',
      'app://steward/%E0%A4%A',
    ]) {
      const res = await handler(new Request(url));
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('outside');
    }
    expect(resolveAppFile(rendererDir, 'app://steward/..%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(rendererDir, 'app://steward/%00x')).toBeNull();
    expect(
      (await handler(new Request('app://steward/index.html', { method: 'POST', body: 'x' })))
        .status,
    ).toBe(405);
  });
  it('serves the icon the page links to (renderer/public is copied to the root of dist/renderer), and the CSP allows it', async () => {
    const html = readFileSync(join(__dirname, '../../../renderer/index.html'), 'utf8');
    const href = html.match(/<link rel="icon"[^>]*href="\.\/([^"]+)"/)?.[1];
    expect(href).toBe('favicon.svg');
    const source = join(__dirname, '../../../renderer/public', href!);
    expect(existsSync(source)).toBe(true);
    copyFileSync(source, join(rendererDir, href!));
    const res = await handler(new Request(`app://steward/${href}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toContain('<svg');
    expect(CSP).toMatch(/(^|; )img-src 'self'/);
  });
});
