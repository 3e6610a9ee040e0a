// electron/server: the plain-Node host for browser mode. Serves the built renderer and speaks the
// same contract as Electron IPC: POST /rpc/<method> (body = input, reply = Result envelope) and
// GET /events (server-sent events). Binds to 127.0.0.1 only; every request must carry a loopback
// Host header (DNS-rebinding guard), a matching Origin when the browser sends one, and, for the
// API, the per-launch token.
import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { CoreEvent } from '../../shared/ipc/contract';
import type { Dispatch } from '../../shared/ipc/dispatch';
import type { Logger } from '../core/ports';
import { CSP } from '../../shared/csp';

export { CSP };

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export type HttpHostOptions = {
  dispatch: Dispatch;
  /** When given (a core off this thread), the envelope as JSON text, written as is: no re-serializing here. */
  dispatchJson?: (method: unknown, input: unknown) => Promise<string>;
  onEvent(cb: (e: CoreEvent) => void): () => void;
  token: string;
  port?: number;
  /** Built renderer folder (dist/renderer); when absent only the API is served. */
  staticDir?: string;
  logger?: Logger;
  maxBodyBytes?: number;
};

export type HttpHost = { url: string; port: number; server: Server; close(): Promise<void> };

function tokenOk(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** decodeURIComponent that answers null for malformed percent-encoding (a 400, never a 500). */
function decodePath(p: string): string | null {
  try {
    return decodeURIComponent(p);
  } catch {
    return null;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export async function startHttpHost(o: HttpHostOptions): Promise<HttpHost> {
  const maxBody = o.maxBodyBytes ?? 2 * 1024 * 1024;
  const sseClients = new Set<ServerResponse>();
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const staticRoot = o.staticDir ? resolve(o.staticDir) : null;

  const unsubscribe = o.onEvent((evt) => {
    const line = `data: ${JSON.stringify(evt)}\n\n`;
    for (const c of sseClients) c.write(line);
  });
  const heartbeat = setInterval(() => {
    for (const c of sseClients) c.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBody) throw Object.assign(new Error('Request body too large'), { status: 413 });
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  function serveStatic(pathname: string, res: ServerResponse) {
    if (!staticRoot) return send(res, 404, { error: 'not found' });
    let rel = decodePath(pathname);
    if (rel === null)
      return send(res, 400, { error: 'bad request: malformed percent-encoding in the path' });
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = normalize(join(staticRoot, rel));
    if (!file.startsWith(staticRoot + sep) && file !== staticRoot)
      return send(res, 403, { error: 'forbidden' });
    let target = file;
    if (!existsSync(target) || !statSync(target).isFile()) {
      // Client-side routes fall back to the app shell; missing assets are 404s.
      if (extname(rel)) return send(res, 404, { error: 'not found' });
      target = join(staticRoot, 'index.html');
    }
    const isHtml = target.endsWith('.html');
    res.writeHead(200, {
      'Content-Type': MIME[extname(target)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': isHtml ? 'no-store' : 'public, max-age=3600',
    });
    createReadStream(target).pipe(res);
  }

  const server = createServer((req, res) => {
    void (async () => {
      // DNS-rebinding and cross-site guards: only loopback Host names, only our own Origin.
      const host = req.headers.host ?? '';
      if (!allowedHosts().has(host)) return send(res, 403, { error: 'forbidden host' });
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins().has(origin))
        return send(res, 403, { error: 'forbidden origin' });
      const url = new URL(req.url ?? '/', `http://${host}`);
      const path = url.pathname;

      if (path.startsWith('/rpc/')) {
        if (req.method !== 'POST')
          return send(res, 405, { error: 'method not allowed' }, { Allow: 'POST' });
        if (!tokenOk(req.headers['x-steward-token'] as string | undefined, o.token)) {
          return send(res, 401, {
            ok: false,
            error: { code: 'unauthorized', message: 'Missing or wrong session token' },
          });
        }
        const ctype = String(req.headers['content-type'] ?? '');
        if (!ctype.startsWith('application/json')) {
          return send(res, 415, {
            ok: false,
            error: { code: 'invalid_input', message: 'Content-Type must be application/json' },
          });
        }
        let input: unknown;
        try {
          const body = await readBody(req);
          input = body.trim() === '' ? {} : JSON.parse(body);
        } catch (err) {
          const status = (err as { status?: number }).status ?? 400;
          if (status === 413) {
            // The rest of the body is unread: the connection cannot carry another request. Close it.
            // With "Connection: close" Node ends the socket once the answer is written.
            send(
              res,
              413,
              { ok: false, error: { code: 'invalid_input', message: 'Request body too large' } },
              { Connection: 'close' },
            );
            return;
          }
          return send(res, status, {
            ok: false,
            error: { code: 'invalid_input', message: 'Body is not valid JSON' },
          });
        }
        const method = decodePath(path.slice('/rpc/'.length));
        if (method === null)
          return send(res, 400, {
            ok: false,
            error: {
              code: 'invalid_input',
              message: 'Malformed percent-encoding in the method name',
            },
          });
        if (o.dispatchJson) {
          const json = await o.dispatchJson(method, input);
          res.writeHead(200, {
            'Content-Type': 'application/json; charset=utf-8',
            'Cache-Control': 'no-store',
          });
          return res.end(json);
        }
        const result = await o.dispatch(method, input);
        return send(res, 200, result);
      }

      if (path === '/events') {
        if (
          !tokenOk(
            url.searchParams.get('token') ?? (req.headers['x-steward-token'] as string | undefined),
            o.token,
          )
        ) {
          return send(res, 401, { error: 'unauthorized' });
        }
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no',
        });
        res.write('retry: 2000\n\n');
        sseClients.add(res);
        req.on('close', () => sseClients.delete(res));
        return;
      }

      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, { error: 'method not allowed' });
      return serveStatic(path, res);
    })().catch((err) => {
      o.logger?.error('http host error', { error: (err as Error).message });
      if (!res.headersSent) send(res, 500, { error: 'internal' });
      else res.end();
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const c of sseClients) c.end();
      sseClients.clear();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
