// electron/core/connectors: removes every recognizable form of a secret from text that may be stored
// or logged (errors, health, log lines). A hostile or broken platform can echo what we sent it, so
// text from a platform is redacted before it goes anywhere: the secret as is and in any letter case,
// URL-encoded (also every byte percent-encoded), hex, and base64 / base64url at every byte alignment
// (so it is found inside a longer encoded string such as base64("user:" + key)).
const MIN_SECRET = 4;
const MIN_FORM = 6;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The base64 text that encodes `bytes` whatever precedes or follows them, at each of the 3 alignments. */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const enc = Buffer.concat([Buffer.alloc(pad), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    // Characters that depend on the padding bytes before, or on whatever follows the secret, are dropped.
    const head = pad === 0 ? 0 : pad === 1 ? 2 : 3;
    const tail = (pad + bytes.length) % 3 === 0 ? 0 : 1;
    const core = enc.slice(head, enc.length - tail);
    if (core.length >= MIN_FORM) out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** Every form of `secret` this module redacts (exact-case forms and case-insensitive forms). */
export function secretForms(secret: string): { exact: string[]; anyCase: string[] } {
  const bytes = Buffer.from(secret, 'utf8');
  const variants = new Set([secret, secret.toLowerCase(), secret.toUpperCase()]);
  const exact = new Set<string>();
  const anyCase = new Set<string>([
    secret,
    encodeURIComponent(secret),
    bytes.toString('hex'),
    [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  ]);
  for (const v of variants) for (const core of base64Cores(Buffer.from(v, 'utf8'))) exact.add(core);
  return { exact: [...exact], anyCase: [...anyCase].filter((f) => f.length >= MIN_SECRET) };
}

/** `text` with every form of every secret replaced by "[redacted]". */
export function redactSecrets(
  text: string,
  secrets: ReadonlyArray<string | null | undefined>,
): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET) continue;
    const { exact, anyCase } = secretForms(secret);
    // Longest first, so a longer form is not broken up by a shorter one's replacement.
    for (const f of [...anyCase].sort((a, b) => b.length - a.length))
      out = out.replace(new RegExp(escapeRe(f), 'gi'), '[redacted]');
    for (const f of [...exact].sort((a, b) => b.length - a.length))
      out = out.split(f).join('[redacted]');
  }
  return out;
}
