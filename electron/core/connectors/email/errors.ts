// electron/core/connectors/email: IMAP (imapflow) and SMTP (nodemailer) failures → ConnectorError with a
// reason the UI translates: a certificate problem is `tls`, a refused login `auth`, an unreachable
// server `network`, a timeout `timeout`. Messages name the server, never a credential.
import { ConnectorError, type ConnectorReason } from '../types';

type Errish = {
  code?: unknown;
  message?: unknown;
  authenticationFailed?: unknown;
  tlsFailed?: unknown;
  responseCode?: unknown;
  response?: unknown;
  cause?: unknown;
  _err?: unknown;
  reason?: unknown;
};

const TLS_CODES =
  /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|ERR_SSL|ERR_TLS|EPROTO|HOSTNAME_MISMATCH/;
const TLS_TEXT = /certificate|self[- ]signed|ssl|tls|handshake|wrong version number/i;
const NET_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'ESOCKET',
  'ECONNECTION',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectTLS',
  'ClosedAfterConnectText',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'ETIMEOUT',
  'ESOCKETTIMEDOUT',
]);

function chain(err: unknown): Errish[] {
  const out: Errish[] = [];
  let e = err as Errish | undefined;
  for (let i = 0; e && typeof e === 'object' && i < 5; i++) {
    out.push(e);
    e = (e._err ?? e.cause) as Errish | undefined;
  }
  return out;
}

/** Why a connection or command failed: tls, auth, timeout, network, or null (something else). */
export function reasonOf(err: unknown): ConnectorReason | null {
  const all = chain(err);
  const codes = all.map((e) => (typeof e.code === 'string' ? e.code : ''));
  const text = all.map((e) => (typeof e.message === 'string' ? e.message : '')).join(' | ');
  if (
    all.some((e) => e.tlsFailed === true) ||
    codes.some((c) => TLS_CODES.test(c)) ||
    codes.includes('ETLS') ||
    (TLS_TEXT.test(text) && /cert|verify|handshake|self/i.test(text))
  )
    return 'tls';
  if (
    all.some((e) => e.authenticationFailed === true) ||
    codes.includes('EAUTH') ||
    all.some((e) => e.responseCode === 535 || e.responseCode === 534)
  )
    return 'auth';
  if (codes.some((c) => TIMEOUT_CODES.has(c)) || /timed? ?out/i.test(text)) return 'timeout';
  if (codes.some((c) => NET_CODES.has(c))) return 'network';
  return null;
}

const MESSAGES: Record<string, string> = {
  tls: 'the server\'s certificate is not trusted (or TLS failed): check the host name, or add its CA / self-signed certificate under "Trusted certificate"',
  auth: 'the server refused the login: check the user name and password (or the access token)',
  timeout: 'the server did not answer in time',
  network: 'the server cannot be reached',
};

function detail(err: unknown): string {
  const e = err as Errish;
  const m = typeof e?.message === 'string' ? e.message : String(err);
  // Server responses may echo what we sent; keep them short and one line.
  return m.replace(/\s+/g, ' ').slice(0, 200);
}

/** A connection/login/command failure outside of sending: auth and tls are permanent, the rest transient. */
export function connectionError(err: unknown, server: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const reason = reasonOf(err);
  if (reason === 'auth' || reason === 'tls')
    return new ConnectorError(
      `${server}: ${MESSAGES[reason]}`,
      'permanent',
      undefined,
      undefined,
      reason,
    );
  if (reason)
    return new ConnectorError(
      `${server}: ${MESSAGES[reason]} (${detail(err)})`,
      'transient',
      undefined,
      undefined,
      reason,
    );
  return new ConnectorError(
    `${server}: ${detail(err)}`,
    'transient',
    undefined,
    undefined,
    'platform_error',
  );
}
