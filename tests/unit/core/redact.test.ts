// The secret redactor: every form of a secret in text from a platform becomes "[redacted]".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../electron/core/connectors/redact';

const KEY = 'Abc123-Secret_Key.9z';

describe('redactSecrets', () => {
  it('removes the key as is, in any case, URL-encoded, percent-encoded, hex and base64', () => {
    const b = Buffer.from(KEY);
    const forms = [
      KEY,
      KEY.toLowerCase(),
      KEY.toUpperCase(),
      'aBC123-sECRET_kEY.9Z',
      encodeURIComponent(KEY),
      [...b].map((x) => `%${x.toString(16).toUpperCase()}`).join(''),
      b.toString('hex'),
      b.toString('hex').toUpperCase(),
      b.toString('base64'),
      b.toString('base64url'),
      Buffer.from(KEY.toLowerCase()).toString('base64'),
    ];
    for (const f of forms) {
      const out = redactSecrets(`before ${f} after`, [KEY]);
      expect(out, f).toContain('[redacted]');
      expect(out.toLowerCase(), f).not.toContain(f.toLowerCase());
    }
  });

  it('finds the key inside a longer base64 string at any byte alignment', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (pre, post) => {
        const enc = Buffer.from(`${pre}${KEY}${post}`).toString('base64');
        const out = redactSecrets(enc, [KEY]);
        expect(out).toContain('[redacted]');
        // Nothing that decodes back to the key is left.
        expect(
          Buffer.from(out.replace(/\[redacted\]/g, ''), 'base64').toString('latin1'),
        ).not.toContain(KEY);
      }),
    );
  });

  it('leaves other text alone and ignores empty or very short secrets', () => {
    expect(redactSecrets('HTTP 403 from the forum', [KEY])).toBe('HTTP 403 from the forum');
    expect(redactSecrets('abc', ['', null, undefined, 'ab'])).toBe('abc');
  });
});
