// electron/core/connectors: what a failed fetch means for the outbox and the scheduler, one rule for
// every connector. A network error code that says the connection was never made means nothing was
// sent (`transient`); anything else on a write may have been applied (`unknown_outcome`, reconcile
// before any resend); on a read it is `transient`. Each connector passes its own never-sent codes.
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
