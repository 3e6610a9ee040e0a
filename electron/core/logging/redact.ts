// electron/core/logging: the secret redactor behind the hosts' logger. Every secret value the
// SecretStore reads or writes is registered here; from then on it is replaced in every log message
// and string field, in any case and in every encoding a request or an error message may carry it:
// as written, base64 and base64url (at each of the three byte alignments, so a secret inside a longer
// encoded string such as an HTTP Basic credential is found too), URL-encoded (%20 and +, with or without !'()* escaped) and hex.
import { Buffer } from 'node:buffer';

export const REDACTED = '[redacted]';
/** Shorter values are not registered: redacting them would mangle ordinary words. */
export const MIN_SECRET_LENGTH = 6;
const MAX_DEPTH = 8;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The base64 characters that depend only on `bytes` when they start `k` bytes into a 3-byte group. */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const from = Math.ceil((8 * k) / 6);
    const to = Math.floor((8 * (k + bytes.length)) / 6);
    if (to - from >= 4) out.push(enc.slice(from, to));
  }
  return out;
}

/** Every form of `value` that the redactor removes (exported for tests and diagnostics). */
export function secretForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  // URL encodings: encodeURIComponent, and the stricter RFC 3986 / form encoding that also escapes !'()*;
  // each with spaces as %20 and as +.
  const uri = encodeURIComponent(value);
  const strict = uri.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const forms = new Set<string>([
    value,
    uri,
    strict,
    uri.replace(/%20/g, '+'),
    strict.replace(/%20/g, '+'),
    bytes.toString('hex'),
  ]);
  for (const core of base64Cores(bytes)) {
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

export type Redactor = {
  /** Registers a secret value: it is redacted from everything logged afterwards. */
  registerSecret(value: string): void;
  /** A string with every registered secret, in every form, replaced by `[redacted]`. */
  redactString(s: string): string;
  /** A deep copy of a log field value with every string redacted (errors become {type,message,stack}). */
  redactValue(v: unknown): unknown;
};

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  let pattern: RegExp | null = null;

  const redactString = (s: string): string =>
    pattern && s.length > 0 ? s.replace(pattern, REDACTED) : s;

  const redactValue = (v: unknown, depth = 0, seen = new WeakSet<object>()): unknown => {
    if (typeof v === 'string') return redactString(v);
    if (v === null || typeof v !== 'object')
      return typeof v === 'function' || typeof v === 'symbol' ? String(v) : v;
    if (seen.has(v)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[too deep]';
    seen.add(v);
    if (v instanceof Error) {
      return {
        type: v.name,
        message: redactString(v.message),
        stack: v.stack ? redactString(v.stack) : undefined,
      };
    }
    if (Array.isArray(v)) return v.map((x) => redactValue(x, depth + 1, seen));
    if (v instanceof Date) return v.toISOString();
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[redactString(k)] = redactValue(x, depth + 1, seen);
    return out;
  };

  return {
    registerSecret(value) {
      if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || secrets.has(value))
        return;
      secrets.add(value);
      const forms = [...secrets].flatMap(secretForms).sort((a, b) => b.length - a.length);
      // Case-insensitive: covers lower/upper/mixed case of the value, of its hex and of %XX escapes.
      pattern = new RegExp([...new Set(forms)].map(escapeRegExp).join('|'), 'gi');
    },
    redactString,
    redactValue: (v) => redactValue(v),
  };
}
