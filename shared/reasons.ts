// shared: why a platform call failed, as a stable code the UI translates. Connectors throw
// ConnectorError with one of these; health lines and delivery errors store it as a "[reason] " prefix
// of their (redacted, English) detail text, so the renderer shows the agent's language and the
// detail stays available for support. No zod here: the renderer imports this module at run time.

export const CONNECTOR_REASONS = [
  'auth',
  'forbidden',
  'not_found',
  'network',
  'tls',
  'timeout',
  'rate_limited',
  'config',
  'platform_error',
  'too_long',
  'empty',
  'unsupported',
] as const;
export type ConnectorReason = (typeof CONNECTOR_REASONS)[number];

const isReason = (s: string): s is ConnectorReason =>
  (CONNECTOR_REASONS as readonly string[]).includes(s);

/** "[auth] Discourse refused the API key (HTTP 403)". */
export function withReason(reason: ConnectorReason | null | undefined, text: string): string {
  return reason ? `[${reason}] ${text}` : text;
}

/** Splits a stored error into its reason (when it carries a known one) and the detail text. */
export function splitReason(stored: string | null | undefined): {
  reason: ConnectorReason | null;
  text: string;
} {
  if (!stored) return { reason: null, text: '' };
  const m = /^\[([a-z_]+)\] ?/.exec(stored);
  return m && isReason(m[1]!)
    ? { reason: m[1], text: stored.slice(m[0].length) }
    : { reason: null, text: stored };
}
