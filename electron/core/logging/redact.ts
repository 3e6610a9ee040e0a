// electron/core/logging: the secret redactor behind the hosts' logger. Every secret value the
// SecretStore reads or writes is registered here; from then on it is replaced in every log message
// and string field, in every form of electron/core/secrets/forms.ts (the forms the connectors'
// redactor removes from platform text too): any case, URL-encoded, hex, base64 at any alignment.
import { secretForms } from '../secrets/forms';

export const REDACTED = '[redacted]';
/** Shorter values are not registered: redacting them would mangle ordinary words. */
export const MIN_SECRET_LENGTH = 6;
const MAX_DEPTH = 8;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
      const forms = [...secrets]
        .flatMap((x) => {
          const { exact, anyCase } = secretForms(x, MIN_SECRET_LENGTH);
          return [...anyCase, ...exact];
        })
        .sort((a, b) => b.length - a.length);
      // One case-insensitive pattern: it covers every case of the value, of its hex and of %XX escapes
      // (and also matches base64 forms in other cases, which only redacts a little more).
      pattern = new RegExp([...new Set(forms)].map(escapeRegExp).join('|'), 'gi');
    },
    redactString,
    redactValue: (v) => redactValue(v),
  };
}
