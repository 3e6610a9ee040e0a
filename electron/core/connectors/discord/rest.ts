// electron/core/connectors/discord: REST through @discordjs/rest, configured to REPORT instead of
// retry, because the outbox and the sync scheduler own retries:
//   - `retries: 0`: no automatic retry of 5xx, timeouts or resets (a retried POST could post twice);
//   - `rejectOnRateLimit: () => true`: a request that would hit a known-exhausted bucket, or that got
//     a 429, throws RateLimitError instead of sleeping inside the library; we map it to
//     ConnectorError('rate_limited', retryAfterMs). The library still tracks per-route buckets from
//     X-RateLimit-Limit/Remaining/Reset-After/Bucket and the global limit, so it refuses to send
//     before a bucket's reset (measured in tests/integration/connectors/discord.rest.test.ts);
//   - `makeRequest` is our own fetch wrapper: the source's shared limiter (`acquire` before, `observe`
//     after), the core's `http` port (so tests reach the simulator), no redirects with the token, a
//     capped body, and the 429 body's `retry_after` (float seconds) and `global` flag folded into the
//     headers the library reads (it otherwise uses only the integer `Retry-After` header).
// The shared limiter sees only the global limit and 503 pauses: per-route buckets stay per route.
// One REST instance per source (keyed by its limiter), so bucket state survives between calls.
// A per-route 429 also pauses that route here (method + route + major id, as Discord scopes buckets):
// the library files the first 429 of a route under a placeholder bucket and sends the next request
// through a fresh one (the harness's rate-limit part caught a reply posted ~0.9 s into a pause).
import { createHash } from 'node:crypto';
import type * as DiscordRestLib from '@discordjs/rest';
import type { REST } from '@discordjs/rest';
import { lazyModule } from '../../lazyModule';
import type { RateLimiter, SourceContext } from '../types';
import { bodyFailure, fetchFailure, readCapped } from '../fetchFailure';
import { ConnectorError } from '../types';

export const DEFAULT_API = 'https://discord.com';
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;
/** Errors that mean the request never reached Discord: safe to retry. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_INVALID_URL',
  'CERT_HAS_EXPIRED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** @discordjs/rest (and undici under it), loaded when a Discord source first calls the platform. */
const restLib = lazyModule<typeof DiscordRestLib>(() => import('@discordjs/rest'));

export type DiscordRest = { rest: REST; key: string };
const clients = new WeakMap<RateLimiter, DiscordRest>();
/** Per-route pauses after a 429, per REST client: route key → until (ms epoch). */
const routePauses = new WeakMap<REST, Map<string, number>>();

/** Discord's rate-limit scope of a call: method, route with ids generalised, and its major id. */
export function routeKey(method: string, route: string): string {
  const major = /^\/(channels|guilds|webhooks)\/(\d+)/.exec(route)?.[2] ?? '';
  return `${method} ${route.split('?')[0]!.replace(/\/\d{5,}/g, '/:id')} ${major}`;
}

export function botToken(ctx: SourceContext): string {
  const t = ctx.secrets?.botToken ?? ctx.secret;
  if (!t || !t.trim())
    throw new ConnectorError(
      'No bot token is stored for this source',
      'permanent',
      undefined,
      undefined,
      'config',
    );
  return t.trim().replace(/^Bot\s+/i, '');
}

export function apiRoot(ctx: SourceContext): string {
  const b = (ctx.baseUrl || DEFAULT_API).replace(/\/+$/, '');
  return b.endsWith('/api') ? b : `${b}/api`;
}

const scrub = (text: string, secret: string) =>
  secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
// eslint-disable-next-line no-control-regex -- removing control characters from a platform message is the point
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 300);

const NULL_BODY = new Set([101, 204, 205, 304]);

/** The REST client of this source (created on first use, reused while the token and address stay). */
export async function restFor(ctx: SourceContext): Promise<REST> {
  const { REST: RestClient } = await restLib.load();
  const token = botToken(ctx);
  const api = apiRoot(ctx);
  const key = `${api}|${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
  const cached = clients.get(ctx.limiter);
  if (cached && cached.key === key) return cached.rest;
  const limiter = ctx.limiter;
  const http = ctx.http;
  const timeout =
    typeof ctx.config.requestTimeoutMs === 'number' && ctx.config.requestTimeoutMs > 0
      ? ctx.config.requestTimeoutMs
      : DEFAULT_TIMEOUT_MS;

  const makeRequest = async (url: string, init: RequestInit): Promise<Response> => {
    const method = (init.method ?? 'GET').toUpperCase();
    const write = method !== 'GET';
    const what = `${method} ${new URL(url).pathname.replace(/^\/api\/v\d+/, '')}`;
    try {
      await limiter.acquire(init.signal ?? undefined);
    } catch {
      throw new ConnectorError(
        `${what} was cancelled before it was sent`,
        'transient',
        undefined,
        undefined,
        'network',
      );
    }
    let res: Response;
    try {
      res = await http(url, { ...init, redirect: 'manual' });
    } catch (err) {
      throw fetchFailure(err, { platform: 'Discord', what: what, write, notSent: NOT_SENT });
    }
    let body: ArrayBuffer;
    try {
      const all = await readCapped(res, MAX_RESPONSE_BYTES);
      body = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
    } catch (err) {
      const why = scrub((err as Error)?.message ?? 'error', token);
      throw bodyFailure({ what, why, write, status: res.status });
    }
    const headers = new Headers(res.headers);
    if (res.status === 429) {
      let retryAfter: number | undefined;
      let global = false;
      try {
        const j = JSON.parse(Buffer.from(body).toString('utf8')) as {
          retry_after?: unknown;
          global?: unknown;
        };
        if (
          typeof j.retry_after === 'number' &&
          Number.isFinite(j.retry_after) &&
          j.retry_after >= 0
        )
          retryAfter = Math.min(j.retry_after, 24 * 3600);
        global = j.global === true;
      } catch {}
      const fromHeader = Number(headers.get('retry-after'));
      // The body's float is exact; the header is the same wait rounded up to whole seconds.
      const wait = retryAfter ?? (Number.isFinite(fromHeader) ? fromHeader : 0);
      // The library reads Retry-After / X-RateLimit-Reset-After: hand it the exact wait.
      if (wait > 0) {
        headers.set('retry-after', String(wait));
        headers.set('x-ratelimit-reset-after', String(wait));
      }
      if (global || headers.get('x-ratelimit-scope') === 'global')
        headers.set('x-ratelimit-global', 'true');
      if (headers.has('x-ratelimit-global'))
        limiter.observe(429, new Headers({ 'retry-after': String(wait || 1) }), retryAfter);
    } else {
      // Per-route X-RateLimit-* stay with the library's buckets; the shared limiter only learns pauses.
      const shared = new Headers();
      const ra = headers.get('retry-after');
      if (ra !== null) shared.set('retry-after', ra);
      limiter.observe(res.status, shared);
    }
    return new Response(NULL_BODY.has(res.status) ? null : body, {
      status: res.status,
      statusText: res.statusText,
      headers,
    });
  };

  const rest = new RestClient({
    api,
    version: '10',
    retries: 0,
    timeout,
    rejectOnRateLimit: () => true,
    makeRequest: makeRequest as never,
    handlerSweepInterval: 0,
    hashSweepInterval: 0,
    userAgentAppendix: 'Steward',
  }).setToken(token);
  clients.set(ctx.limiter, { rest, key });
  return rest;
}

export type RequestOptions = {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  reason?: string | null;
};

/** One REST call; resolves with the parsed JSON (or null for 204); throws ConnectorError. */
export async function discordRequest<T>(
  ctx: SourceContext,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  route: `/${string}`,
  o: RequestOptions = {},
): Promise<T> {
  const rest = await restFor(ctx);
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) query.set(k, String(v));
  const what = `${method} ${route}`;
  // The source is paused (a global 429 or a 503 asked us to wait): report it now, send nothing.
  const pause = ctx.limiter.delayMs();
  if (pause > 1000)
    throw new ConnectorError(
      `Discord asked us to wait before ${what}: retry in ${Math.ceil(pause / 1000)} s`,
      'rate_limited',
      pause,
      429,
      'rate_limited',
    );
  // This route is inside a pause a 429 advertised: refused here, nothing is sent.
  let pauses = routePauses.get(rest);
  if (!pauses) routePauses.set(rest, (pauses = new Map()));
  const rk = routeKey(method, route);
  const until = pauses.get(rk) ?? 0;
  const now = Date.now();
  if (until > now)
    throw new ConnectorError(
      `Rate limited by Discord on ${what}: retry in ${Math.ceil((until - now) / 1000)} s`,
      'rate_limited',
      until - now,
      429,
      'rate_limited',
    );
  if (until) pauses.delete(rk);
  // X-Audit-Log-Reason is a header: 512 characters at most, URL-encoded by the library.
  const reason = o.reason ? o.reason.replace(/[\r\n]+/g, ' ').slice(0, 512) : undefined;
  try {
    const data = await rest.request({
      method: method as never,
      fullRoute: route,
      query: o.query ? query : undefined,
      body: o.body,
      reason,
      signal: ctx.signal,
    });
    return (data instanceof ArrayBuffer ? null : data) as T;
  } catch (err) {
    const e = classify(err, method, what, botToken(ctx));
    if (e.kind === 'rate_limited' && e.retryAfterMs && !(isRateLimitError(err) && err.global))
      pauses.set(rk, Date.now() + e.retryAfterMs);
    throw e;
  }
}

function isRateLimitError(err: unknown): err is DiscordRestLib.RateLimitError {
  const lib = restLib.loaded();
  return lib !== undefined && err instanceof lib.RateLimitError;
}

/** Maps what @discordjs/rest throws to the core's error kinds. */
export function classify(
  err: unknown,
  method: string,
  what: string,
  token: string,
): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const write = method !== 'GET';
  // The library's errors exist only once it is loaded (an error before that is not one of them).
  const lib = restLib.loaded();
  if (isRateLimitError(err)) {
    const ms = Math.max(0, Math.ceil(Math.max(err.retryAfter || 0, err.timeToReset || 0)));
    return new ConnectorError(
      `Rate limited by Discord on ${what}${err.global ? ' (global limit)' : ''}: retry in ${Math.ceil(ms / 1000)} s`,
      'rate_limited',
      ms || 1000,
      429,
      'rate_limited',
    );
  }
  if (lib && err instanceof lib.DiscordAPIError) {
    const detail = scrub(oneLine(`${err.code}: ${err.message}`), token);
    if (err.status === 401)
      return new ConnectorError(
        `Discord refused the bot token (401 ${detail})`,
        'permanent',
        undefined,
        401,
        'auth',
      );
    if (err.status === 403)
      return new ConnectorError(
        `Discord refused ${what}: missing access or permission (403 ${detail})`,
        'permanent',
        undefined,
        403,
        'forbidden',
      );
    if (err.status === 404)
      return new ConnectorError(
        `Discord does not know ${what} (404 ${detail})`,
        'permanent',
        undefined,
        404,
        'not_found',
      );
    if (err.status === 408)
      return new ConnectorError(
        `Discord timed out waiting for ${what} (408)`,
        'transient',
        undefined,
        408,
        'timeout',
      );
    return new ConnectorError(
      `Discord refused ${what} (${err.status} ${detail})`,
      'permanent',
      undefined,
      err.status,
      'platform_error',
    );
  }
  if (lib && err instanceof lib.HTTPError) {
    // A 5xx after a write left: Discord may have applied it behind the error.
    return new ConnectorError(
      `Discord answered ${err.status} to ${what}`,
      write ? 'unknown_outcome' : 'transient',
      undefined,
      err.status,
      'platform_error',
    );
  }
  const name = (err as Error)?.name;
  if (name === 'AbortError')
    return new ConnectorError(
      `${what} was aborted`,
      write ? 'unknown_outcome' : 'transient',
      undefined,
      undefined,
      'timeout',
    );
  return new ConnectorError(
    `${what} failed: ${scrub(oneLine((err as Error)?.message ?? String(err)), token)}`,
    write ? 'unknown_outcome' : 'transient',
    undefined,
    undefined,
    'network',
  );
}
