// electron/core/connectors: the translatable reason of a failed platform call. A connector names it
// (ConnectorError.reason); where it did not, the error's kind and HTTP status decide, so "Test
// connection", health lines and delivery errors always carry a code the UI can translate.
import type { ConnectorReason } from '../../../shared/reasons';
import { ConnectorError } from './types';

export function reasonOf(err: unknown): ConnectorReason {
  if (err instanceof ConnectorError) {
    if (err.reason) return err.reason;
    if (err.kind === 'rate_limited' || err.status === 429) return 'rate_limited';
    const s = err.status;
    if (s === 401) return 'auth';
    if (s === 403) return 'forbidden';
    if (s === 404 || s === 410) return 'not_found';
    if (s === 408) return 'timeout';
    if (s !== undefined && s >= 300 && s < 400) return 'config';
    if (s !== undefined && s >= 500) return 'platform_error';
    if (s === undefined && (err.kind === 'transient' || err.kind === 'unknown_outcome'))
      return /timeout|timed out/i.test(err.message) ? 'timeout' : 'network';
    return 'platform_error';
  }
  const code = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof code === 'string' && /CERT|SSL|TLS/i.test(code)) return 'tls';
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
    return 'timeout';
  if (err instanceof TypeError) return 'network'; // fetch failed: DNS, refused, reset
  return 'platform_error';
}
