// electron/core/connectors/discourse: HTTP to the Discourse REST API. Admin API key headers
// (`Api-Key`, `Api-Username`), JSON both ways, the source's rate limiter around every request, a
// per-request timeout, and every failure classified for the core (ConnectorError kinds):
//   - could not connect (refused, DNS, unreachable): `transient` (nothing left this machine);
//   - no answer to a POST once it may have been sent (timeout, reset), a 502/504 to a POST, or a 2xx
//     to a POST whose body is unreadable: `unknown_outcome` (reconcile with findSent before resending);
//   - 429: `rate_limited` with retryAfterMs from Retry-After / `extras.wait_seconds`;
//   - other 5xx: `transient`; 401/403/404/410/422 and other 4xx: `permanent`, with Discourse's
//     `errors` text; a 3xx: `permanent` (redirects are never followed, so the key never leaves the forum).
// The API key is never part of an error message or a log line.
import { redactSecrets } from '../redact';
import { bodyFailure, causeCode, readCapped } from '../fetchFailure';
import { ConnectorError, type SourceContext } from '../types';
import { DEFAULT_429_PAUSE_MS, retryAfterMs } from '../rateLimiter';

export const DEFAULT_TIMEOUT_MS = 20_000;
/** Largest response body we read (a hostile or broken server could stream forever). */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Error codes that mean the request never reached the server. */
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
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

type ErrorBody = {
  errors?: unknown;
  error_type?: unknown;
  extras?: { wait_seconds?: unknown } | null;
  action?: unknown;
};

/** Removes every form of the key (any case, URL-encoded, hex, base64) from text we put in an error. */
function scrub(text: string, secret: string | null): string {
  return redactSecrets(text, [secret]);
}

/** Discourse's `errors` array as one line (hostile text: control characters removed, length capped). */
export function errorDetail(body: unknown, status: number): string {
  const errs = (body as ErrorBody | null)?.errors;
  if (Array.isArray(errs) && errs.length > 0) {
    return (
      errs
        .map((e) => String(e))
        .join('; ')
        // eslint-disable-next-line no-control-regex -- removing control characters is the point
        .replace(/[\u0000-\u001f\u007f]+/g, ' ')
        .slice(0, 300)
    );
  }
  return `HTTP ${status}`;
}

export type RequestOptions = {
  /** Query string parameters; arrays repeat the key (`post_ids[]=1&post_ids[]=2`). */
  query?: Record<string, string | number | ReadonlyArray<string | number> | undefined>;
  body?: Record<string, unknown>;
  /** A 2xx with an empty body is success (Discourse's `DELETE /posts/{id}` answers `render body: nil`). */
  emptyOk?: boolean;
};

export function buildPath(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) qs.append(k, String(x));
    else qs.append(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** One request to the forum. Resolves with the parsed JSON of a 2xx; throws ConnectorError otherwise. */
export async function discourseRequest<T>(
  ctx: SourceContext,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  o: RequestOptions = {},
): Promise<T> {
  const apiUsername = typeof ctx.config.apiUsername === 'string' ? ctx.config.apiUsername : '';
  if (!ctx.secret)
    throw new ConnectorError(
      'No API key is stored for this source',
      'permanent',
      undefined,
      undefined,
      'auth',
    );
  if (!apiUsername)
    throw new ConnectorError(
      'The source has no API username configured',
      'permanent',
      undefined,
      undefined,
      'config',
    );
  const timeoutMs =
    typeof ctx.config.requestTimeoutMs === 'number' && ctx.config.requestTimeoutMs > 0
      ? ctx.config.requestTimeoutMs
      : DEFAULT_TIMEOUT_MS;
  const full = buildPath(path, o.query);
  const what = `${method} ${path}`;
  const isWrite = method !== 'GET';

  await ctx.limiter.acquire(ctx.signal);

  const base = ctx.baseUrl.replace(/\/+$/, '');
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await ctx.http(`${base}${full}`, {
      method,
      headers: {
        'Api-Key': ctx.secret,
        'Api-Username': apiUsername,
        Accept: 'application/json',
        ...(o.body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      },
      body: o.body ? JSON.stringify(o.body) : undefined,
      // Never follow a redirect: fetch would replay our Api-Key header to wherever it points.
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    const code = causeCode(err);
    const name = code ?? (timeout.aborted ? 'timeout' : ((err as Error)?.name ?? 'error'));
    const reason =
      code && /CERT|TLS|SSL/.test(code)
        ? 'tls'
        : code === 'ERR_INVALID_URL'
          ? 'config'
          : name === 'timeout' || code === 'UND_ERR_CONNECT_TIMEOUT'
            ? 'timeout'
            : 'network';
    if (code && NOT_SENT.has(code))
      throw new ConnectorError(
        `Cannot reach the forum (${code}) for ${what}`,
        'transient',
        undefined,
        undefined,
        reason,
      );
    if (isWrite)
      throw new ConnectorError(
        `No response to ${what} (${name}): it may have been applied`,
        'unknown_outcome',
        undefined,
        undefined,
        reason,
      );
    throw new ConnectorError(
      `No response to ${what} (${name})`,
      'transient',
      undefined,
      undefined,
      reason,
    );
  }

  let text: string;
  try {
    text = (await readCapped(res, MAX_RESPONSE_BYTES, signal)).toString('utf8');
  } catch (err) {
    const why = timeout.aborted ? 'timeout' : scrub((err as Error)?.message ?? 'error', ctx.secret);
    // The status line arrived but the body did not: a 2xx write was applied; a 5xx one may have been.
    throw bodyFailure({ what, why, write: isWrite, status: res.status });
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  const errBody = (json && typeof json === 'object' ? json : null) as ErrorBody | null;
  const waitSeconds =
    typeof errBody?.extras?.wait_seconds === 'number' ? errBody.extras.wait_seconds : undefined;
  ctx.limiter.observe(res.status, res.headers, waitSeconds);

  if (res.status >= 200 && res.status < 300) {
    if (o.emptyOk && text.trim() === '') return {} as T;
    if (json === null || typeof json !== 'object') {
      throw new ConnectorError(
        `Discourse sent no JSON for ${what} (HTTP ${res.status})`,
        isWrite ? 'unknown_outcome' : 'transient',
        undefined,
        res.status,
      );
    }
    return json as T;
  }
  // The platform's own words only where they tell the agent what to fix (a refused post: 422), and
  // redacted; every other failure is a fixed message with the status. Never a URL from the platform.
  const detail =
    res.status === 422 ? scrub(errorDetail(errBody, res.status), ctx.secret) : `HTTP ${res.status}`;
  if (res.status === 429) {
    const ms = retryAfterMs(res.headers, waitSeconds, Date.now()) ?? DEFAULT_429_PAUSE_MS;
    throw new ConnectorError(
      `Rate limited by Discourse (HTTP 429); retry in ${Math.ceil(ms / 1000)} s`,
      'rate_limited',
      ms,
      429,
    );
  }
  if (res.status >= 300 && res.status < 400) {
    // Where it points is platform text (a hostile forum can put the key in the host name): not repeated.
    throw new ConnectorError(
      `Discourse redirected ${what} (HTTP ${res.status}): check the forum address`,
      'permanent',
      undefined,
      res.status,
      'config',
    );
  }
  if (res.status >= 500) {
    // A gateway error on a write may still have been applied behind the gateway.
    const kind =
      isWrite && (res.status === 502 || res.status === 504) ? 'unknown_outcome' : 'transient';
    throw new ConnectorError(
      `Discourse answered HTTP ${res.status} to ${what}`,
      kind,
      undefined,
      res.status,
    );
  }
  if (res.status === 401 || res.status === 403) {
    throw new ConnectorError(
      `Discourse refused the API key or username (HTTP ${res.status})`,
      'permanent',
      undefined,
      res.status,
      'auth',
    );
  }
  // 408: the server gave up waiting for our request, so it did not act on it.
  if (res.status === 408)
    throw new ConnectorError(
      `Discourse timed out waiting for ${what} (408)`,
      'transient',
      undefined,
      408,
    );
  throw new ConnectorError(
    `Discourse answered ${res.status} to ${what}: ${detail}`,
    'permanent',
    undefined,
    res.status,
  );
}
