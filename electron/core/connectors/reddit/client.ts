// electron/core/connectors/reddit: HTTP to Reddit's OAuth API.
//
// Auth (OAuth2, https://github.com/reddit-archive/reddit/wiki/OAuth2): a "script" app uses the
// password grant for the agency's moderator account; an "installed" app uses a refresh token
// (client secret empty). Tokens come from `POST <auth>/api/v1/access_token` with HTTP Basic
// client_id:secret; API calls send `Authorization: bearer <token>` to `https://oauth.reddit.com`
// (or the source's baseUrl: tests and the demo point it at the simulator, whose token endpoint is
// on the same host). The access token is refreshed 60 s before it expires and once after a 401,
// and every new token is persisted with `ctx.persistSecret('accessToken', JSON)` (and a rotated
// refresh token as `refreshToken`), so a restart does not need a new grant.
// Every request carries a descriptive User-Agent (`desktop:steward:<version> (by /u/<account>)`),
// `raw_json=1` (bodies not entity-escaped) and no redirects (the bearer token never leaves the host).
//
// Pacing: the source's shared limiter (`ctx.limiter`, 100 QPM per client id by default) is acquired
// before every request and fed every response. Reddit reports its window in
// `X-Ratelimit-Used/Remaining/Reset` (reset = seconds to the end of the window): when few requests
// remain, the remaining ones are spread over the window (a pause of reset/remaining seconds);
// at 0 remaining, nothing goes before the reset. A 429 pauses for the larger of Retry-After and the
// window's reset. A `RATELIMIT` error inside a 200 body (`json.errors`, `json.ratelimit` seconds)
// is `rate_limited` with that wait. The limiter's only pacing primitive is a pause, so the client
// expresses Reddit's pacing as pauses (observe(429, Retry-After)).
//
// Errors (ConnectorError kind / reason): cannot connect -> transient/network; no answer to a write
// once sent, or a 5xx / unreadable 2xx to a write -> unknown_outcome; 429 / RATELIMIT -> rate_limited;
// 401 after one refresh, invalid_grant -> permanent/auth; 403 -> permanent/forbidden; 404 ->
// permanent/not_found; other 4xx and `json.errors` -> permanent (TOO_LONG -> too_long); 5xx to a read
// -> transient/platform_error. Secrets never appear in messages or logs (scrubbed as a last guard).
import { createHash } from 'node:crypto';
import { bodyFailure, causeCode, readCapped } from '../fetchFailure';
import {
  ConnectorError,
  type ConnectorReason,
  type RateLimiter,
  type SourceContext,
} from '../types';

export const DEFAULT_API_BASE = 'https://oauth.reddit.com';
export const DEFAULT_AUTH_BASE = 'https://www.reddit.com';
export const DEFAULT_TIMEOUT_MS = 20_000;
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Refresh this long before the token's stated expiry. */
export const TOKEN_SKEW_MS = 60_000;
/** Spread the remaining requests over the window once fewer than this remain. */
export const PACE_BELOW_REMAINING = 30;
const APP_VERSION = '0.1.0';

const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
]);
const TLS = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

export type AuthMode = 'script' | 'installed';
export type Credentials = {
  mode: AuthMode;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  refreshToken: string;
};
type Token = { token: string; expiresAt: number; fp: string };
type TokenState = { token: Token | null; inflight: Promise<Token> | null; me: string | null };

/** Per-source token state, keyed by the source's limiter (one object per source for its lifetime). */
const states = new WeakMap<RateLimiter, TokenState>();
function stateOf(ctx: SourceContext): TokenState {
  let s = states.get(ctx.limiter);
  if (!s) {
    s = { token: null, inflight: null, me: null };
    states.set(ctx.limiter, s);
  }
  return s;
}

const secret = (ctx: SourceContext, k: string) =>
  typeof ctx.secrets?.[k] === 'string' ? (ctx.secrets[k] as string).trim() : '';

export function credentials(ctx: SourceContext): Credentials {
  const mode: AuthMode = ctx.config.authMode === 'installed' ? 'installed' : 'script';
  return {
    mode,
    clientId: secret(ctx, 'clientId'),
    clientSecret: secret(ctx, 'clientSecret'),
    username: secret(ctx, 'username'),
    password: secret(ctx, 'password'),
    refreshToken: secret(ctx, 'refreshToken'),
  };
}

/** A non-secret fingerprint of the identity a token belongs to (a changed account invalidates it). */
function fingerprint(c: Credentials): string {
  return createHash('sha256')
    .update(`${c.mode}\u0000${c.clientId}\u0000${c.username.toLowerCase()}\u0000${c.refreshToken}`)
    .digest('hex')
    .slice(0, 16);
}

/** Removes every secret value from text we put in an error or a log line. */
export function scrub(ctx: SourceContext, text: string, extra: string[] = []): string {
  let out = text;
  const values = [
    ...Object.values(ctx.secrets ?? {}),
    ctx.secret,
    ...extra,
    stateOf(ctx).token?.token,
  ];
  for (const v of values)
    if (typeof v === 'string' && v.length >= 4) out = out.split(v).join('[redacted]');
  return out;
}

export function apiBase(ctx: SourceContext): string {
  return (ctx.baseUrl || DEFAULT_API_BASE).replace(/\/+$/, '');
}
/** Token endpoint: www.reddit.com for the real API; the same host for any other base (simulator). */
export function authBase(ctx: SourceContext): string {
  const base = apiBase(ctx);
  try {
    if (new URL(base).hostname === 'oauth.reddit.com') return DEFAULT_AUTH_BASE;
  } catch {
    /* an invalid base fails at the request with a config error */
  }
  return base;
}
/** Web origin for permalinks. */
export function webOrigin(ctx: SourceContext): string {
  const a = authBase(ctx);
  return a === DEFAULT_AUTH_BASE ? 'https://www.reddit.com' : a;
}

export function userAgent(ctx: SourceContext, account: string | null): string {
  const custom = typeof ctx.config.userAgent === 'string' ? ctx.config.userAgent.trim() : '';
  // eslint-disable-next-line no-control-regex -- a header value must not carry control characters
  if (custom) return custom.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300);
  return `desktop:steward:${APP_VERSION} (by /u/${account && /^[\w-]{1,40}$/.test(account) ? account : 'steward-app'})`;
}

function timeoutMs(ctx: SourceContext): number {
  const t = ctx.config.requestTimeoutMs;
  return typeof t === 'number' && t > 0 ? t : DEFAULT_TIMEOUT_MS;
}

const num = (h: Headers, k: string): number | null => {
  const v = h.get(k);
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/** Pauses the shared limiter for `ms` (the limiter's pause primitive is a 429 observation). */
function pause(limiter: RateLimiter, ms: number): void {
  if (ms > 0)
    limiter.observe(429, new Headers({ 'retry-after': (ms / 1000).toFixed(3) }), ms / 1000);
}

/** Feeds a response to the limiter: Reddit's window headers, 429s, and pacing when few requests remain. */
export function observeResponse(limiter: RateLimiter, status: number, headers: Headers): void {
  const remaining = num(headers, 'x-ratelimit-remaining');
  const reset = num(headers, 'x-ratelimit-reset');
  if (status === 429) {
    const retry = num(headers, 'retry-after');
    const wait = Math.max(retry ?? 0, reset ?? 0);
    limiter.observe(429, headers, wait > 0 ? wait : undefined);
    return;
  }
  limiter.observe(status, headers);
  if (remaining !== null && reset !== null && remaining >= 1 && remaining < PACE_BELOW_REMAINING) {
    pause(limiter, (reset * 1000) / remaining);
  }
}

type JsonErrors = { errors?: unknown; ratelimit?: unknown };
/** `json.errors` of a write: `[[code, message, field], ...]`. */
export function bodyErrors(body: unknown): Array<{ code: string; message: string; field: string }> {
  const j =
    body !== null && typeof body === 'object'
      ? ((body as { json?: JsonErrors }).json ?? null)
      : null;
  const errs = j && typeof j === 'object' ? j.errors : undefined;
  if (!Array.isArray(errs)) return [];
  return errs.slice(0, 10).map((e) => {
    const a = Array.isArray(e) ? e : [e];
    const s = (v: unknown) =>
      (typeof v === 'string' ? v : v == null ? '' : (JSON.stringify(v) ?? ''))
        // eslint-disable-next-line no-control-regex -- hostile text: control characters removed
        .replace(/[\u0000-\u001f\u007f]+/g, ' ')
        .slice(0, 300);
    return { code: s(a[0]) || 'ERROR', message: s(a[1]), field: s(a[2]) };
  });
}

/** Seconds a RATELIMIT error asks for: `json.ratelimit`, else "N minutes/seconds" in the text, else 60. */
export function ratelimitSeconds(body: unknown, message: string): number {
  const j = (body as { json?: JsonErrors } | null)?.json;
  const r = j && typeof j === 'object' ? j.ratelimit : undefined;
  if (typeof r === 'number' && Number.isFinite(r) && r >= 0) return Math.min(r, 24 * 3600);
  const m = /(\d+)\s*(second|minute|hour)/i.exec(message);
  if (m)
    return Math.min(
      Number(m[1]) *
        (m[2]!.toLowerCase().startsWith('m') ? 60 : m[2]!.toLowerCase().startsWith('h') ? 3600 : 1),
      24 * 3600,
    );
  return 60;
}

function errorText(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const b = body as {
      message?: unknown;
      error?: unknown;
      explanation?: unknown;
      reason?: unknown;
    };
    const parts = [b.message, b.explanation, b.reason].filter(
      (x): x is string => typeof x === 'string' && x.trim() !== '',
    );
    if (parts.length)
      return (
        parts
          .join(': ')
          // eslint-disable-next-line no-control-regex -- hostile text: control characters removed
          .replace(/[\u0000-\u001f\u007f]+/g, ' ')
          .slice(0, 300)
      );
    const errs = bodyErrors(body);
    if (errs.length) return errs.map((e) => `${e.code}: ${e.message}`).join('; ');
  }
  return `HTTP ${status}`;
}

export type RequestOptions = {
  query?: Record<string, string | number | boolean | undefined | null>;
  /** application/x-www-form-urlencoded body (Reddit's write endpoints). */
  form?: Record<string, string | number | boolean | undefined | null>;
  /** application/json body (a few v1 endpoints). */
  json?: unknown;
};

function qs(o: Record<string, string | number | boolean | undefined | null>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) p.append(k, String(v));
  return p;
}

type Sent = { res: Response; text: string };

/** One HTTP exchange with timeout and capped body; network failures classified. */
async function exchange(
  ctx: SourceContext,
  url: string,
  init: RequestInit,
  what: string,
  isWrite: boolean,
): Promise<Sent> {
  await ctx.limiter.acquire(ctx.signal);
  const timeout = AbortSignal.timeout(timeoutMs(ctx));
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await ctx.http(url, { ...init, redirect: 'manual', signal });
  } catch (err) {
    const code = causeCode(err);
    const name = code ?? (timeout.aborted ? 'timeout' : ((err as Error)?.name ?? 'error'));
    if (code && TLS.has(code))
      throw new ConnectorError(
        `TLS error talking to Reddit (${code}) for ${what}`,
        'transient',
        undefined,
        undefined,
        'tls',
      );
    if (code && NOT_SENT.has(code))
      throw new ConnectorError(
        `Cannot reach Reddit (${code}) for ${what}`,
        'transient',
        undefined,
        undefined,
        'network',
      );
    if (ctx.signal?.aborted)
      throw new ConnectorError(
        `Cancelled: ${what}`,
        isWrite ? 'unknown_outcome' : 'transient',
        undefined,
        undefined,
        'network',
      );
    if (isWrite)
      throw new ConnectorError(
        `No response to ${what} (${name}): it may have been applied`,
        'unknown_outcome',
        undefined,
        undefined,
        timeout.aborted ? 'timeout' : 'network',
      );
    throw new ConnectorError(
      `No response to ${what} (${name})`,
      'transient',
      undefined,
      undefined,
      timeout.aborted ? 'timeout' : 'network',
    );
  }
  let text: string;
  try {
    text = (await readCapped(res, MAX_RESPONSE_BYTES, signal)).toString('utf8');
  } catch (err) {
    observeResponse(ctx.limiter, res.status, res.headers);
    const why = timeout.aborted ? 'timeout' : scrub(ctx, (err as Error)?.message ?? 'error');
    throw bodyFailure({ what, why, write: isWrite, status: res.status });
  }
  observeResponse(ctx.limiter, res.status, res.headers);
  return { res, text };
}

const parse = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return undefined;
  }
};

/** Obtains a new access token (password or refresh-token grant) and persists it. */
async function grant(ctx: SourceContext, state: TokenState): Promise<Token> {
  const c = credentials(ctx);
  if (!c.clientId)
    throw new ConnectorError(
      'No Reddit client id is stored for this source',
      'permanent',
      undefined,
      undefined,
      'config',
    );
  let form: Record<string, string>;
  if (c.mode === 'script') {
    if (!c.clientSecret)
      throw new ConnectorError(
        'A Reddit "script" app needs its client secret',
        'permanent',
        undefined,
        undefined,
        'config',
      );
    if (!c.username || !c.password)
      throw new ConnectorError(
        'A Reddit "script" app needs the account username and password',
        'permanent',
        undefined,
        undefined,
        'config',
      );
    form = { grant_type: 'password', username: c.username, password: c.password };
  } else {
    if (!c.refreshToken)
      throw new ConnectorError(
        'A Reddit installed app needs a refresh token',
        'permanent',
        undefined,
        undefined,
        'config',
      );
    form = { grant_type: 'refresh_token', refresh_token: c.refreshToken };
  }
  const what = 'POST /api/v1/access_token';
  const basic = Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64');
  const { res, text } = await exchange(
    ctx,
    `${authBase(ctx)}/api/v1/access_token`,
    {
      method: 'POST',
      headers: {
        Authorization: `Basic ${basic}`,
        'User-Agent': userAgent(ctx, c.username || state.me),
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: qs(form).toString(),
    },
    what,
    // A token grant changes nothing we could duplicate: retry it like a read.
    false,
  );
  const body = parse(text) as
    | { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown; error?: unknown }
    | null
    | undefined;
  if (res.status === 429)
    throw new ConnectorError(
      'Rate limited by Reddit while signing in',
      'rate_limited',
      Math.max(1000, ctx.limiter.delayMs()),
      429,
      'rate_limited',
    );
  if (res.status === 401 || res.status === 403)
    throw new ConnectorError(
      `Reddit refused the client id or secret (${res.status})`,
      'permanent',
      undefined,
      res.status,
      'auth',
    );
  if (res.status >= 500)
    throw new ConnectorError(
      `Reddit answered ${res.status} while signing in`,
      'transient',
      undefined,
      res.status,
      'platform_error',
    );
  if (res.status < 200 || res.status >= 300)
    throw new ConnectorError(
      `Reddit refused the sign-in (HTTP ${res.status})`,
      'permanent',
      undefined,
      res.status,
      'auth',
    );
  if (body && typeof body.error === 'string') {
    const err = body.error.replace(/[^\w.-]/g, '').slice(0, 40);
    const detail =
      err === 'invalid_grant'
        ? c.mode === 'script'
          ? 'wrong username or password (or two-factor is on)'
          : 'the refresh token was revoked or is invalid'
        : err;
    throw new ConnectorError(
      `Reddit refused the sign-in: ${detail}`,
      'permanent',
      undefined,
      res.status,
      'auth',
    );
  }
  if (!body || typeof body.access_token !== 'string' || !body.access_token)
    throw new ConnectorError(
      'Reddit sent no access token',
      'transient',
      undefined,
      res.status,
      'platform_error',
    );
  const expiresIn =
    typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
  const token: Token = {
    token: body.access_token,
    expiresAt: ctx.now() + expiresIn * 1000,
    fp: fingerprint(c),
  };
  state.token = token;
  try {
    ctx.persistSecret('accessToken', JSON.stringify(token));
    if (
      c.mode === 'installed' &&
      typeof body.refresh_token === 'string' &&
      body.refresh_token &&
      body.refresh_token !== c.refreshToken
    ) {
      ctx.persistSecret('refreshToken', body.refresh_token);
    }
  } catch (err) {
    ctx.logger.warn('reddit: could not persist the refreshed token', {
      sourceId: ctx.sourceId,
      error: scrub(ctx, (err as Error)?.message ?? 'error', [body.access_token]),
    });
  }
  return token;
}

/** A valid access token: in memory, else the persisted one, else a new grant (one at a time). */
export async function accessToken(ctx: SourceContext, forceRefresh = false): Promise<string> {
  const state = stateOf(ctx);
  const fp = fingerprint(credentials(ctx));
  const fresh = (t: Token | null) =>
    t !== null && t.fp === fp && t.expiresAt - TOKEN_SKEW_MS > ctx.now();
  if (!forceRefresh) {
    if (fresh(state.token)) return state.token!.token;
    const stored = secret(ctx, 'accessToken');
    if (stored) {
      try {
        const t = JSON.parse(stored) as Token;
        if (typeof t?.token === 'string' && typeof t.expiresAt === 'number' && fresh(t)) {
          state.token = t;
          return t.token;
        }
      } catch {
        /* unreadable stored token: get a new one */
      }
    }
  } else if (state.token) state.token = null;
  if (!state.inflight) {
    state.inflight = grant(ctx, state).finally(() => {
      state.inflight = null;
    });
  }
  return (await state.inflight).token;
}

/** The account's name, when known without a request (script apps name it; otherwise after /api/v1/me). */
export function knownAccount(ctx: SourceContext): string | null {
  return credentials(ctx).username || stateOf(ctx).me;
}
export function rememberAccount(ctx: SourceContext, name: string): void {
  stateOf(ctx).me = name;
}

/**
 * One API request. Resolves with the parsed JSON of a 2xx (null for an empty body); throws
 * ConnectorError otherwise. `json.errors` in a 2xx body are errors too (RATELIMIT -> rate_limited).
 */
export async function redditRequest<T>(
  ctx: SourceContext,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  o: RequestOptions = {},
): Promise<T> {
  const isWrite = method !== 'GET';
  const what = `${method} ${path.replace(/\?.*$/, '')}`;
  let base: string;
  try {
    base = new URL(apiBase(ctx)).toString().replace(/\/+$/, '');
  } catch {
    throw new ConnectorError(
      `The source's API address is not a URL`,
      'permanent',
      undefined,
      undefined,
      'config',
    );
  }
  const query = qs({ ...(o.query ?? {}), raw_json: 1 });
  const url = `${base}${path}?${query.toString()}`;
  const body =
    o.json !== undefined
      ? JSON.stringify(o.json)
      : o.form
        ? qs({ api_type: 'json', ...o.form }).toString()
        : undefined;

  for (let attempt = 0; ; attempt++) {
    const token = await accessToken(ctx, attempt > 0);
    const headers: Record<string, string> = {
      Authorization: `bearer ${token}`,
      'User-Agent': userAgent(ctx, knownAccount(ctx)),
      Accept: 'application/json',
    };
    if (o.json !== undefined) headers['Content-Type'] = 'application/json';
    else if (o.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const { res, text } = await exchange(ctx, url, { method, headers, body }, what, isWrite);
    const json = parse(text);
    const status = res.status;

    if (status === 401 && attempt === 0) continue; // expired or revoked token: refresh once, then retry (a 401 was not applied)
    if (status >= 200 && status < 300) {
      if (json === undefined)
        throw new ConnectorError(
          `Reddit sent something other than JSON for ${what} (HTTP ${status})`,
          isWrite ? 'unknown_outcome' : 'transient',
          undefined,
          status,
          'platform_error',
        );
      const errs = bodyErrors(json);
      if (errs.length > 0) {
        const detail = scrub(
          ctx,
          errs.map((e) => `${e.code}: ${e.message}${e.field ? ` (${e.field})` : ''}`).join('; '),
        );
        const rl = errs.find((e) => e.code === 'RATELIMIT');
        if (rl) {
          const secs = ratelimitSeconds(json, rl.message);
          pause(ctx.limiter, secs * 1000);
          throw new ConnectorError(
            `Reddit asks to wait before ${what}: ${detail}`,
            'rate_limited',
            secs * 1000,
            status,
            'rate_limited',
          );
        }
        const reason: ConnectorReason = errs.some((e) => e.code === 'TOO_LONG')
          ? 'too_long'
          : errs.some((e) => e.code === 'USER_REQUIRED' || e.code === 'INVALID_OPTION')
            ? 'auth'
            : 'platform_error';
        throw new ConnectorError(
          `Reddit refused ${what}: ${detail}`,
          'permanent',
          undefined,
          status,
          reason,
        );
      }
      return json as T;
    }
    const detail = scrub(ctx, errorText(json, status));
    if (status === 429) {
      const wait = Math.max(
        num(res.headers, 'retry-after') ?? 0,
        num(res.headers, 'x-ratelimit-reset') ?? 0,
      );
      throw new ConnectorError(
        `Rate limited by Reddit: ${detail}`,
        'rate_limited',
        Math.max(wait * 1000, ctx.limiter.delayMs(), 1000),
        429,
        'rate_limited',
      );
    }
    if (status >= 300 && status < 400)
      throw new ConnectorError(
        `Reddit redirected ${what} (HTTP ${status}): check the API address`,
        'permanent',
        undefined,
        status,
        'config',
      );
    if (status >= 500) {
      throw new ConnectorError(
        `Reddit answered ${status} to ${what}: ${detail}`,
        isWrite ? 'unknown_outcome' : 'transient',
        undefined,
        status,
        'platform_error',
      );
    }
    if (status === 401)
      throw new ConnectorError(
        `Reddit refused the access token twice (401): ${detail}`,
        'permanent',
        undefined,
        status,
        'auth',
      );
    if (status === 403)
      throw new ConnectorError(
        `Reddit forbids ${what} for this account (403): ${detail}`,
        'permanent',
        undefined,
        status,
        'forbidden',
      );
    if (status === 404)
      throw new ConnectorError(
        `Reddit has no ${what.replace(/^\w+ /, '')} (404)`,
        'permanent',
        undefined,
        status,
        'not_found',
      );
    if (status === 408)
      throw new ConnectorError(
        `Reddit timed out waiting for ${what} (408)`,
        'transient',
        undefined,
        status,
        'timeout',
      );
    throw new ConnectorError(
      `Reddit answered ${status} to ${what}: ${detail}`,
      'permanent',
      undefined,
      status,
      'platform_error',
    );
  }
}
