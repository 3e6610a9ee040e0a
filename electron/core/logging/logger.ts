// electron/core/logging: the hosts' implementation of the core's `Logger` port, on pino (JSON lines,
// levels, a synchronous destination so nothing is lost on a crash). Two layers of redaction:
// pino's own path redaction for fields that are secrets by name (apiKey, token, password,
// authorization headers...), and the value redactor (./redact.ts) for every secret the SecretStore
// has read or written, in any form, anywhere in the message or any string field.
// The core only sees the `Logger` port (electron/core/ports.ts); hosts create this one and inject it.
import pino, { type DestinationStream } from 'pino';
import type { Logger } from '../ports';
import { createRedactor, REDACTED } from './redact';

/** Field names that are secrets wherever they appear: top level, one level down, or in `headers`. */
const SECRET_KEYS = [
  'apiKey',
  'api_key',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'authorization',
  'cookie',
  'clientSecret',
  'privateKey',
];
const SECRET_HEADERS = [
  'authorization',
  'Authorization',
  'cookie',
  'api-key',
  'Api-Key',
  'x-steward-token',
  'X-Steward-Token',
];
export const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`]),
  ...SECRET_HEADERS.flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`]),
];

export type HostLogger = Logger & {
  /** Every form of `value` is redacted from what is logged afterwards. Called by the SecretStore. */
  registerSecret(value: string): void;
};

export type LoggerOptions = {
  /** Shown as `name` in every line (e.g. "steward", "steward-main"). */
  name: string;
  /** Lowest level written (default "info"; "silent" writes nothing). */
  level?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Where JSON lines go (default: stdout, synchronously). Tests pass a collecting stream. */
  destination?: DestinationStream;
};

export function createLogger(o: LoggerOptions): HostLogger {
  const redactor = createRedactor();
  const log = pino(
    {
      name: o.name,
      level: o.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    o.destination ?? pino.destination({ fd: 1, sync: true }),
  );
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, data?: Record<string, unknown>) => {
      if (!log.isLevelEnabled(level)) return;
      const fields = data ? (redactor.redactValue(data) as Record<string, unknown>) : {};
      log[level](fields, redactor.redactString(msg));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    registerSecret: (value) => redactor.registerSecret(value),
  };
}
