// electron/core/connectors: removes every recognizable form of a secret from text that may be stored
// or logged (errors, health, log lines). A hostile or broken platform can echo what we sent it, so
// text from a platform is redacted before it goes anywhere. The forms are the logger's too
// (electron/core/secrets/forms.ts): the secret in any letter case, URL-encoded, hex, base64.
import { secretForms } from '../secrets/forms';

/** Shorter secrets are not redacted here (the logger's minimum is 6). */
const MIN_SECRET = 4;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with every form of every secret replaced by "[redacted]". */
export function redactSecrets(
  text: string,
  secrets: ReadonlyArray<string | null | undefined>,
): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET) continue;
    const { exact, anyCase } = secretForms(secret, MIN_SECRET);
    // Longest first, so a longer form is not broken up by a shorter one's replacement.
    for (const f of [...anyCase].sort((a, b) => b.length - a.length))
      out = out.replace(new RegExp(escapeRe(f), 'gi'), '[redacted]');
    for (const f of [...exact].sort((a, b) => b.length - a.length))
      out = out.split(f).join('[redacted]');
  }
  return out;
}
