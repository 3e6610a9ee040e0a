// electron/core/secrets: every form in which a secret can appear in text — the one list both
// redactors remove (the logger's, electron/core/logging/redact.ts, and the one for text from a
// platform, electron/core/connectors/redact.ts). A hostile or broken platform may echo what we sent
// it, and a request or an error message may carry a secret encoded:
//   - as is, in any letter case;
//   - URL-encoded: encodeURIComponent, and the stricter RFC 3986 / form encoding that also escapes
//     !'()*, each with spaces as %20 and as +; every byte percent-encoded;
//   - hex;
//   - base64 and base64url of the secret and of its lower- and upper-case spellings, at each of the
//     three byte alignments, so it is found inside a longer encoded string such as an HTTP Basic
//     credential, base64("user:" + key).
import { Buffer } from 'node:buffer';

/** Shorter base64 forms are not removed: that would mangle ordinary words. */
export const MIN_FORM_LENGTH = 6;

/**
 * The base64 characters that depend only on `bytes` when they start `k` bytes into a 3-byte group
 * (whatever precedes or follows them), for k = 0, 1, 2.
 */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const core = enc.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    if (core.length >= MIN_FORM_LENGTH) out.push(core);
  }
  return out;
}

/**
 * Every form of `secret` a redactor removes: `anyCase` forms match in any letter case (the secret,
 * its URL encodings, hex; those shorter than `minAnyCase` are left out), `exact` ones only as
 * written (base64, where case is meaning).
 */
export function secretForms(
  secret: string,
  minAnyCase = MIN_FORM_LENGTH,
): { exact: string[]; anyCase: string[] } {
  const bytes = Buffer.from(secret, 'utf8');
  const uri = encodeURIComponent(secret);
  const strict = uri.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const anyCase = new Set([
    secret,
    uri,
    strict,
    uri.replace(/%20/g, '+'),
    strict.replace(/%20/g, '+'),
    [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    bytes.toString('hex'),
  ]);
  const exact = new Set<string>();
  for (const v of new Set([secret, secret.toLowerCase(), secret.toUpperCase()]))
    for (const core of base64Cores(Buffer.from(v, 'utf8'))) {
      exact.add(core);
      exact.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  return { exact: [...exact], anyCase: [...anyCase].filter((f) => f.length >= minAnyCase) };
}
