// electron/core/connectors: what a failed fetch means for the outbox and the scheduler, one rule for
// every connector. A network error code that says the connection was never made means nothing was
// sent (`transient`); anything else on a write may have been applied (`unknown_outcome`, reconcile
// before any resend); on a read it is `transient`. Each connector passes its own never-sent codes. The
// same rule covers a body lost after the status line (`bodyFailure`), read with one size cap (`readCapped`).
import { ConnectorError } from './types';

/** The first `code` on an error or its `cause` chain (undici wraps the socket error). */
export function causeCode(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** The ConnectorError for a fetch that threw: `what` names the call, `write` whether it changes state. */
export function fetchFailure(
  err: unknown,
  o: { platform: string; what: string; write: boolean; notSent: ReadonlySet<string> },
): ConnectorError {
  const code = causeCode(err);
  const name = (err as Error)?.name;
  const timedOut = name === 'AbortError' || name === 'TimeoutError';
  if (code && o.notSent.has(code))
    return new ConnectorError(
      `Cannot reach ${o.platform} (${code}) for ${o.what}`,
      'transient',
      undefined,
      undefined,
      'network',
    );
  const why = code ?? (timedOut ? 'timeout' : 'connection lost');
  const reason = timedOut ? 'timeout' : 'network';
  if (o.write)
    return new ConnectorError(
      `No response to ${o.what} (${why}): it may have been applied`,
      'unknown_outcome',
      undefined,
      undefined,
      reason,
    );
  return new ConnectorError(
    `No response to ${o.what} (${why})`,
    'transient',
    undefined,
    undefined,
    reason,
  );
}

/**
 * A response's body, refusing more than `maxBytes` (a declared Content-Length is refused before
 * reading; a streamed body is cut off as soon as it passes the cap). `signal` aborts a slow body.
 */
export async function readCapped(
  res: Response,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new Error(`response too large (${declared} bytes)`);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    signal?.throwIfAborted();
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new Error(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The ConnectorError for a response whose status line arrived but whose body could not be read
 * (`why`, already scrubbed of secrets): a write answered 2xx was applied and one answered 5xx may
 * have been (`unknown_outcome`, reconcile before any resend); anything else is `transient`.
 */
export function bodyFailure(o: {
  what: string;
  why: string;
  write: boolean;
  status: number;
}): ConnectorError {
  if (o.write && (o.status < 300 || o.status >= 500))
    return new ConnectorError(
      `Lost the response to ${o.what} (${o.why}): it may have been applied`,
      'unknown_outcome',
      undefined,
      o.status,
      'network',
    );
  return new ConnectorError(
    `Could not read the response to ${o.what} (${o.why})`,
    'transient',
    undefined,
    o.status,
    'network',
  );
}
