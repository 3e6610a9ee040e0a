// electron/core/connectors/slack: Web API calls through @slack/web-api's WebClient, configured to
// REPORT instead of retry, because the outbox and the sync scheduler own retries:
//   - `retryConfig: { retries: 0 }`: no automatic retry of network errors or 5xx (a retried
//     chat.postMessage could post twice);
//   - `rejectRateLimitedCalls: true`: a 429 throws WebAPIRateLimitedError(retryAfter) at once instead of
//     pausing the client's queue and retrying; mapped to ConnectorError('rate_limited', retryAfterMs);
//   - `slackApiUrl` = `<ctx.baseUrl>/api/` (https://slack.com when empty; tests: the simulator),
//     `allowAbsoluteUrls: false`, and `fetch` = our wrapper: the source's shared limiter (`acquire`
//     before every request, `observe` after: a 429's Retry-After, and a `ratelimited` error body fed as a
//     429, pause the whole source, so no request leaves before the reset), the core's `http` port, no
//     redirects with the token, a capped body, and network failures classified here (a write whose
//     answer was lost is `unknown_outcome`).
// Every Slack method is a POST; "write" means a method that changes something (chat.postMessage,
// chat.delete). Errors come back as HTTP 200 `{ok:false,error}`: `classify` maps the codes.
import { createHash } from 'node:crypto';
import type * as SlackWebLib from '@slack/web-api';
import type { LogLevel, Logger as SlackLogger, WebClient } from '@slack/web-api';
import { lazyModule } from '../../lazyModule';
import type { RateLimiter, SourceContext } from '../types';
import { bodyFailure, fetchFailure, readCapped } from '../fetchFailure';
import { ConnectorError, type ConnectorReason } from '../types';

/** @slack/web-api, loaded when a Slack source first calls the platform (not when the core starts). */
export const webLib = lazyModule<typeof SlackWebLib>(() => import('@slack/web-api'));

export const DEFAULT_ORIGIN = 'https://slack.com';
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;
/** Methods that change something on Slack: a lost answer means "maybe applied". */
export const WRITES = new Set(['chat.postMessage', 'chat.delete', 'chat.update']);
/** Errors that mean the request never reached Slack: safe to retry. */
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

export function botToken(ctx: SourceContext): string {
  const t = (ctx.secrets?.botToken ?? ctx.secret ?? '').trim();
  if (!t)
    throw new ConnectorError(
      'No bot token (xoxb-…) is stored for this source',
      'permanent',
      undefined,
      undefined,
      'config',
    );
  return t;
}
export function appToken(ctx: SourceContext): string {
  const t = (ctx.secrets?.appToken ?? '').trim();
  if (!t)
    throw new ConnectorError(
      'No app-level token (xapp-…) is stored for this source: Socket Mode needs one with connections:write',
      'permanent',
      undefined,
      undefined,
      'config',
    );
  return t;
}
export function userToken(ctx: SourceContext): string | null {
  const t = (ctx.secrets?.userToken ?? '').trim();
  return t || null;
}
const allTokens = (ctx: SourceContext) =>
  [ctx.secrets?.botToken, ctx.secrets?.appToken, ctx.secrets?.userToken, ctx.secret].filter(
    (t): t is string => typeof t === 'string' && t.length >= 6,
  );

export function apiUrl(ctx: SourceContext): string {
  const b = (ctx.baseUrl || DEFAULT_ORIGIN).replace(/\/+$/, '');
  return b.endsWith('/api') ? `${b}/` : `${b}/api/`;
}

export const scrub = (text: string, secrets: string[]) =>
  secrets.reduce((s, t) => s.split(t).join('[redacted]'), text);
// eslint-disable-next-line no-control-regex -- removing control characters from a platform message is the point
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 300);

/** The fetch the WebClient uses: limiter, http port, classification of network failures. */
export function slackFetch(ctx: SourceContext): typeof fetch {
  const limiter = ctx.limiter;
  const secrets = allTokens(ctx);
  const f = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = new URL(url).pathname.split('/').pop() ?? 'method';
    const write = WRITES.has(method);
    try {
      await limiter.acquire(ctx.signal);
    } catch {
      throw new ConnectorError(
        `${method} was cancelled before it was sent`,
        'transient',
        undefined,
        undefined,
        'network',
      );
    }
    let res: Response;
    try {
      res = await ctx.http(url, {
        ...init,
        redirect: 'manual',
        signal:
          ctx.signal && init?.signal
            ? AbortSignal.any([ctx.signal, init.signal])
            : (init?.signal ?? ctx.signal),
      });
    } catch (err) {
      throw fetchFailure(err, { platform: 'Slack', what: method, write, notSent: NOT_SENT });
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => {});
      throw new ConnectorError(
        `Slack redirected ${method} (${res.status}): check the source's address`,
        'permanent',
        undefined,
        res.status,
        'config',
      );
    }
    let body: Buffer;
    try {
      body = await readCapped(res, MAX_RESPONSE_BYTES);
    } catch (err) {
      const why = scrub((err as Error)?.message ?? 'error', secrets);
      throw bodyFailure({ what: method, why, write, status: res.status });
    }
    // A `ratelimited` error body is a rate limit whatever the status: pause the source like a 429.
    let limited = res.status === 429;
    if (!limited && body.byteLength < 512) {
      try {
        limited =
          (JSON.parse(Buffer.from(body).toString('utf8')) as { error?: unknown })?.error ===
          'ratelimited';
      } catch {
        /* not JSON: the WebClient reports it */
      }
    }
    limiter.observe(limited ? 429 : res.status, res.headers);
    return new Response(res.status === 204 || res.status === 304 ? null : new Uint8Array(body), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
  return f as typeof fetch;
}

/** Slack's logger interface, forwarding warnings (never request bodies) to the core's logger. */
export function slackLogger(ctx: SourceContext, name: string): SlackLogger {
  const secrets = allTokens(ctx);
  const text = (m: unknown[]) =>
    scrub(oneLine(m.map((x) => (x instanceof Error ? x.message : String(x))).join(' ')), secrets);
  return {
    debug() {},
    info() {},
    warn: (...m: unknown[]) => ctx.logger.warn(`slack: ${name}`, { message: text(m) }),
    error: (...m: unknown[]) => ctx.logger.warn(`slack: ${name}`, { message: text(m) }),
    setLevel() {},
    getLevel: () => 'warn' as LogLevel,
    setName() {},
  };
}

export function requestTimeout(ctx: SourceContext): number {
  const t = ctx.config.requestTimeoutMs;
  return typeof t === 'number' && t > 0 ? t : DEFAULT_TIMEOUT_MS;
}

/** WebClient options shared by the bot client and Socket Mode's own client. */
export function clientOptions(ctx: SourceContext) {
  return {
    slackApiUrl: apiUrl(ctx),
    fetch: slackFetch(ctx),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    allowAbsoluteUrls: false,
    timeout: requestTimeout(ctx),
  };
}

type Cached = { client: WebClient; key: string };
const clients = new WeakMap<RateLimiter, Cached>();

/** The bot's WebClient of this source (one per limiter, rebuilt when the token or address change). */
export async function clientFor(ctx: SourceContext): Promise<WebClient> {
  const { WebClient: Client } = await webLib.load();
  const token = botToken(ctx);
  const key = `${apiUrl(ctx)}|${createHash('sha256').update(token).digest('hex').slice(0, 16)}|${requestTimeout(ctx)}`;
  const cached = clients.get(ctx.limiter);
  if (
    cached &&
    cached.key === key &&
    ctx.http === (cached.client as unknown as { stewardHttp?: unknown }).stewardHttp
  )
    return cached.client;
  const client = new Client(token, {
    ...clientOptions(ctx),
    logger: slackLogger(ctx, 'web'),
    maxRequestConcurrency: 4,
  });
  (client as unknown as { stewardHttp?: unknown }).stewardHttp = ctx.http;
  clients.set(ctx.limiter, { client, key });
  return client;
}

export type CallResult = Record<string, unknown> & {
  ok?: boolean;
  response_metadata?: { next_cursor?: string; retryAfter?: number };
};

/**
 * One Web API call; resolves with the body or throws ConnectorError. A source paused by a rate limit
 * is reported at once (`rate_limited`), nothing is sent. `token` overrides the bot token (user token).
 */
export async function call(
  ctx: SourceContext,
  method: string,
  args: Record<string, unknown>,
  o: { token?: string } = {},
): Promise<CallResult> {
  const pause = ctx.limiter.delayMs();
  if (pause > 1000)
    throw new ConnectorError(
      `Slack asked us to wait before ${method}: retry in ${Math.ceil(pause / 1000)} s`,
      'rate_limited',
      pause,
      429,
      'rate_limited',
    );
  const client = await clientFor(ctx);
  try {
    return (await client.apiCall(
      method,
      o.token ? { ...args, token: o.token } : args,
    )) as CallResult;
  } catch (err) {
    throw classify(err, method, allTokens(ctx), ctx.limiter);
  }
}

const AUTH = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'org_login_required',
  'two_factor_setup_required',
]);
const FORBIDDEN = new Set([
  'missing_scope',
  'not_allowed_token_type',
  'restricted_action',
  'cant_delete_message',
  'not_in_channel',
  'ekm_access_denied',
  'is_archived',
  'access_denied',
  'team_access_not_granted',
  'compliance_exports_prevent_deletion',
  'cant_update_message',
]);
const NOT_FOUND = new Set([
  'channel_not_found',
  'message_not_found',
  'thread_not_found',
  'user_not_found',
  'users_not_found',
  'method_not_found',
]);
const SERVER = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Maps what the WebClient (or our fetch) throws to the core's error kinds. */
export function classify(
  err: unknown,
  method: string,
  secrets: string[],
  limiter?: RateLimiter,
): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const write = WRITES.has(method);
  const mk = (
    msg: string,
    kind: ConnectorError['kind'],
    reason: ConnectorReason,
    status?: number,
    retryAfterMs?: number,
  ) => new ConnectorError(scrub(msg, secrets), kind, retryAfterMs, status, reason);
  // The library's errors exist only once it is loaded (an error before that is not one of them).
  const lib = webLib.loaded();
  if (lib && err instanceof lib.WebAPIRequestError) {
    const original = err.original as unknown;
    if (original instanceof ConnectorError) return original;
    const name = (original as Error)?.name;
    const timedOut = name === 'AbortError' || name === 'TimeoutError';
    const what = timedOut
      ? 'timed out'
      : `failed (${oneLine((original as Error)?.message ?? 'network error')})`;
    return mk(
      `${method} ${what}${write ? ': it may have been applied' : ''}`,
      write ? 'unknown_outcome' : 'transient',
      timedOut ? 'timeout' : 'network',
    );
  }
  if (lib && err instanceof lib.WebAPIRateLimitedError) {
    const ms = Math.max(
      1000,
      Math.ceil((Number.isFinite(err.retryAfter) ? err.retryAfter : 0) * 1000),
      limiter?.delayMs() ?? 0,
    );
    return mk(
      `Rate limited by Slack on ${method}: retry in ${Math.ceil(ms / 1000)} s`,
      'rate_limited',
      'rate_limited',
      429,
      ms,
    );
  }
  if (lib && err instanceof lib.WebAPIHTTPError) {
    const s = err.statusCode;
    if (s >= 500)
      return mk(
        `Slack answered ${s} to ${method}${write ? ': it may have been applied' : ''}`,
        write ? 'unknown_outcome' : 'transient',
        'platform_error',
        s,
      );
    if (s === 401 || s === 403) return mk(`Slack refused ${method} (${s})`, 'permanent', 'auth', s);
    if (s === 404 || s === 410)
      return mk(
        `No Slack Web API at this address (${s} for ${method}): check the source's address`,
        'permanent',
        'not_found',
        s,
      );
    if (s === 408)
      return mk(`Slack timed out waiting for ${method} (408)`, 'transient', 'timeout', s);
    return mk(`Slack refused ${method} (HTTP ${s})`, 'permanent', 'platform_error', s);
  }
  if (lib && err instanceof lib.WebAPIPlatformError) {
    const code =
      typeof err.data?.error === 'string' ? oneLine(err.data.error).slice(0, 80) : 'unknown_error';
    if (code === 'ratelimited') {
      const fromBody = Number(err.data?.response_metadata?.retryAfter);
      const ms = Math.max(
        1000,
        Number.isFinite(fromBody) ? fromBody * 1000 : 0,
        limiter?.delayMs() ?? 0,
      );
      return mk(
        `Rate limited by Slack on ${method} (ratelimited): retry in ${Math.ceil(ms / 1000)} s`,
        'rate_limited',
        'rate_limited',
        429,
        ms,
      );
    }
    if (AUTH.has(code))
      return mk(`Slack refused the token for ${method} (${code})`, 'permanent', 'auth');
    if (FORBIDDEN.has(code))
      return mk(`Slack does not allow ${method} here (${code})`, 'permanent', 'forbidden');
    if (NOT_FOUND.has(code))
      return mk(`Slack does not know the target of ${method} (${code})`, 'permanent', 'not_found');
    if (code === 'msg_too_long')
      return mk(`The message is too long for Slack (${code})`, 'permanent', 'too_long');
    if (SERVER.has(code))
      return mk(
        `Slack failed ${method} (${code})${write ? ': it may have been applied' : ''}`,
        write ? 'unknown_outcome' : 'transient',
        'platform_error',
      );
    return mk(`Slack refused ${method} (${code})`, 'permanent', 'platform_error');
  }
  const msg = oneLine((err as Error)?.message ?? String(err));
  return mk(`${method} failed: ${msg}`, write ? 'unknown_outcome' : 'transient', 'network');
}
