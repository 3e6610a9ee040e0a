// One list of secret forms for both redactors: whatever form one of them removes, the other removes
// too (the logger's and the connectors' redactors each had their own list, and the lists differed).
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../electron/core/connectors/redact';
import { createRedactor } from '../../../electron/core/logging/redact';

// A password with a space and the characters RFC 3986 / form encoding escape and encodeURIComponent does not.
const SECRET = "Pa55 w0rd!(it's)*";

function encodings(s: string): Record<string, string> {
  const b = Buffer.from(s, 'utf8');
  const uri = encodeURIComponent(s);
  const strict = uri.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return {
    'as is': s,
    'upper case': s.toUpperCase(),
    encodeURIComponent: uri,
    'form-encoded (+ for space)': uri.replace(/%20/g, '+'),
    'RFC 3986 strict': strict,
    'strict, + for space': strict.replace(/%20/g, '+'),
    'every byte percent-encoded': [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join(''),
    'every byte percent-encoded, upper case': [...b]
      .map((x) => `%${x.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
    hex: b.toString('hex'),
    base64: b.toString('base64'),
    base64url: b.toString('base64url'),
    'base64 of the upper-case spelling': Buffer.from(s.toUpperCase()).toString('base64'),
    'inside HTTP Basic': Buffer.from(`user:${s}`).toString('base64'),
  };
}

describe('secret forms', () => {
  const logger = createRedactor();
  logger.registerSecret(SECRET);
  for (const [name, form] of Object.entries(encodings(SECRET))) {
    it(`both redactors remove the secret ${name}`, () => {
      const text = `error: rejected ${form} (HTTP 401)`;
      for (const [who, out] of [
        ['connectors', redactSecrets(text, [SECRET])],
        ['logger', logger.redactString(text)],
      ] as const) {
        expect(out, who).toContain('[redacted]');
        expect(out, who).toMatch(/^error: rejected .*\(HTTP 401\)$/);
        // Nothing of the secret is left: at most a few characters at an encoding's seam (and, inside
        // HTTP Basic, the ~7 characters that encode "user:").
        const seam = name === 'inside HTTP Basic' ? 12 : 4;
        expect(out.replace('[redacted]', '').length, who).toBeLessThan(
          'error: rejected  (HTTP 401)'.length + seam,
        );
      }
    });
  }
});
