// electron/main: the app:// protocol. Serves dist/renderer (and nothing outside it) with the strict
// CSP on every response. Pure Node (Request/Response are globals), so it is tested without Electron.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, CSP } from './security';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file an app:// URL names inside rendererDir, or null (other host, outside the folder, bad escape). */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const root = normalize(rendererDir);
  const file = normalize(join(root, path));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

const headers = (type: string) => ({
  'Content-Type': type,
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
});

/** The handler for protocol.handle(APP_SCHEME, …). */
export function createAppProtocolHandler(rendererDir: string) {
  return async (req: Request): Promise<Response> => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405, headers: headers('text/plain') });
    const file = resolveAppFile(rendererDir, req.url);
    if (!file) return new Response('Not found', { status: 404, headers: headers('text/plain') });
    try {
      const body = await readFile(file);
      return new Response(req.method === 'HEAD' ? null : body, {
        status: 200,
        headers: headers(TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'),
      });
    } catch {
      return new Response('Not found', { status: 404, headers: headers('text/plain') });
    }
  };
}
