// electron/core/connectors/discourse: HTTP to the Discourse REST API. Admin API key headers,
// JSON, the source's rate limiter around every request, and errors classified for the core.
// The API key is never part of an error message or a log line.
import { ConnectorError, type SourceContext } from '../types';

const TIMEOUT_MS = 20_000;
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(err: unknown): string | undefined {
  let e = err as { code?: string; cause?: unknown } | undefined;
  for (let i = 0; i < 4 && e; i++) {
    if (e.code) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

export async function discourseRequest<T>(
  ctx: SourceContext,
  method: 'GET' | 'POST',
  path: string,
  body?: Record<string, unknown>,
): Promise<T> {
  const apiUsername = String(ctx.config.apiUsername ?? '');
  if (!ctx.secret) throw new ConnectorError('No API key is stored for this source', 'permanent');
  await ctx.limiter.acquire(ctx.signal);
  const url = `${ctx.baseUrl.replace(/\/+$/, '')}${path}`;
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS);
  let res: Response;
  try {
    res = await ctx.http(url, {
      method,
      headers: {
        'Api-Key': ctx.secret,
        'Api-Username': apiUsername,
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal,
    });
  } catch (err) {
    const code = causeCode(err);
    const what = `${method} ${path}`;
    if (code && NOT_SENT.has(code)) throw new ConnectorError(`Cannot reach the forum (${code}) on ${what}`, 'transient');
    // The request may have left: for a write, we cannot know whether it was applied.
    if (method === 'POST') throw new ConnectorError(`No response to ${what} (${code ?? (err as Error).name}): it may have been applied`, 'unknown_outcome');
    throw new ConnectorError(`No response to ${what} (${code ?? (err as Error).name})`, 'transient');
  }
  let json: unknown;
  const text = await res.text().catch(() => '');
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  const errBody = json as { errors?: unknown; error_type?: string; extras?: { wait_seconds?: number } } | null;
  ctx.limiter.observe(res.status, res.headers, errBody?.extras?.wait_seconds);
  if (res.ok) {
    if (json === null) throw new ConnectorError(`Invalid JSON from ${method} ${path}`, method === 'POST' ? 'unknown_outcome' : 'transient', undefined, res.status);
    return json as T;
  }
  const detail = Array.isArray(errBody?.errors) ? errBody!.errors.map(String).join('; ').slice(0, 300) : `HTTP ${res.status}`;
  if (res.status === 429) {
    const retry = Number(res.headers.get('retry-after'));
    const wait = errBody?.extras?.wait_seconds;
    const ms = Math.max(Number.isFinite(retry) ? retry * 1000 : 0, typeof wait === 'number' ? wait * 1000 : 0) || 10_000;
    throw new ConnectorError(`Rate limited by Discourse: ${detail}`, 'rate_limited', ms, 429);
  }
  if (res.status >= 500) {
    // A gateway error on a write may still have been applied behind the gateway.
    const kind = method === 'POST' && (res.status === 502 || res.status === 504) ? 'unknown_outcome' : 'transient';
    throw new ConnectorError(`Discourse answered ${res.status} to ${method} ${path}: ${detail}`, kind, undefined, res.status);
  }
  if (res.status === 401 || res.status === 403) {
    throw new ConnectorError(`Discourse refused the API key or username (${res.status}): ${detail}`, 'permanent', undefined, res.status);
  }
  throw new ConnectorError(`Discourse answered ${res.status} to ${method} ${path}: ${detail}`, 'permanent', undefined, res.status);
}
