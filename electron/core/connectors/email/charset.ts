// electron/core/connectors/email: body charsets for mailparser, including mislabelled ones.
// mailparser decodes declared charsets through its `Iconv` hook; we pass `CharsetDecoder`, which
// decodes with the WHATWG decoders built into Node (TextDecoder knows koi8-r, windows-1251,
// iso-8859-x, iso-2022-jp, shift_jis, euc-kr/ks_c_5601-1987, gbk/gb18030, big5 and their aliases),
// and corrects the two mislabellings seen in real mail:
//   - UTF-8 bytes declared as a Latin single-byte charset (iso-8859-1, windows-1252, us-ascii):
//     decoded as UTF-8 when the bytes are valid UTF-8 with at least one multi-byte sequence
//     (Latin-1 prose is practically never valid UTF-8 by accident);
//   - Cyrillic windows-1251 bytes declared as Latin-1: decoded as windows-1251 when most letters are
//     high bytes in the Cyrillic block (Danish or German prose has a few high bytes among ASCII).
// Parts declared (or defaulted) as UTF-8/ASCII never reach the hook; `relabelForSniffing` rewrites
// their labels for a second parse when the first produced U+FFFD (8-bit bytes that are not UTF-8).
import { Transform, type TransformCallback } from 'node:stream';

/** A label mailparser hands our decoder when the charset must be guessed from the bytes. */
export const SNIFF_LABEL = 'x-steward-sniff';

const LATIN = new Set(['windows-1252']);
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Names iconv (and so mailparser's hook) uses that the WHATWG label table lacks. */
const ALIASES: Record<string, string> = {
  cp949: 'euc-kr',
  uhc: 'euc-kr',
  cp936: 'gbk',
  cp932: 'shift_jis',
  'windows-31j': 'shift_jis',
  cp1251: 'windows-1251',
  cp1252: 'windows-1252',
  cp866: 'ibm866',
};

function whatwg(label: string): string | null {
  const l = label.trim().replace(/^"|"$/g, '').toLowerCase();
  try {
    return new TextDecoder(ALIASES[l] ?? l).encoding;
  } catch {
    return null;
  }
}

function validUtf8WithMultibyte(bytes: Uint8Array): boolean {
  let high = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      high = true;
      break;
    }
  }
  if (!high) return false;
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Most letters are windows-1251 Cyrillic (0xC0–0xFF, plus Ё/ё): Russian text in a single-byte charset. */
function looksCyrillic1251(bytes: Uint8Array): boolean {
  let ascii = 0;
  let cyr = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) ascii++;
    else if (b >= 0xc0 || b === 0xa8 || b === 0xb8) cyr++;
  }
  return cyr >= 4 && cyr > ascii;
}

/** Bytes of a text part → string, given the declared charset (or SNIFF_LABEL / an unknown label). */
export function decodeBody(bytes: Uint8Array, declared: string): string {
  const label = declared.toLowerCase() === SNIFF_LABEL ? null : whatwg(declared);
  if (label === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  if (label === null || LATIN.has(label)) {
    if (validUtf8WithMultibyte(bytes)) return new TextDecoder('utf-8').decode(bytes);
    if (looksCyrillic1251(bytes)) return new TextDecoder('windows-1251').decode(bytes);
    if (label === null) {
      // Unknown label and not UTF-8: Windows' Western code page loses no byte.
      return new TextDecoder('windows-1252').decode(bytes);
    }
  }
  return new TextDecoder(label!).decode(bytes);
}

/** mailparser's `Iconv` hook: `new Iconv(from, 'UTF-8//…')`, a stream of bytes in, UTF-8 out. */
export class CharsetDecoder extends Transform {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly from: string) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    done();
  }
  override _flush(done: TransformCallback): void {
    try {
      this.push(Buffer.from(decodeBody(Buffer.concat(this.chunks, this.size), this.from), 'utf8'));
      done();
    } catch (err) {
      done(err as Error);
    }
  }
}

const UTF_OR_ASCII = /^(?:"?)(?:utf-?8|us-ascii|ascii|ansi_x3\.4-1968)(?:"?)$/i;

/**
 * For the second parse: text parts labelled UTF-8/ASCII, or not labelled at all, get SNIFF_LABEL so
 * that their bytes reach `decodeBody`. Works on the latin1 view of the bytes (lossless); only header
 * lines `Content-Type: text/...` are touched, plus a missing top-level Content-Type.
 */
export function relabelForSniffing(raw: Buffer): Buffer {
  let s = raw.toString('latin1');
  const headEnd = s.search(/\r?\n\r?\n/);
  const top = headEnd < 0 ? s : s.slice(0, headEnd);
  if (!/^content-type\s*:/im.test(top))
    s = `Content-Type: text/plain; charset=${SNIFF_LABEL}\r\n${s}`;
  s = s.replace(
    /^(content-type\s*:\s*text\/[a-z0-9.+-]+)((?:[^\r\n]|\r?\n[ \t])*)/gim,
    (_m, head: string, params: string) => {
      if (/charset\s*=/i.test(params)) {
        return (
          head +
          params.replace(
            /(charset\s*=\s*)("?[a-z0-9._:-]*"?)/i,
            (all, eq: string, value: string) =>
              UTF_OR_ASCII.test(value) ? `${eq}${SNIFF_LABEL}` : all,
          )
        );
      }
      return `${head}; charset=${SNIFF_LABEL}${params}`;
    },
  );
  return Buffer.from(s, 'latin1');
}

/** The Windows-1252 characters of 0x80–0x9F, back to their bytes (for the mojibake repair). */
const CP1252_HIGH: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

/**
 * Header text that is UTF-8 read as Latin-1 ("KÃ¸benhavn"): restored when every character maps back
 * to one byte and those bytes are valid UTF-8 with a multi-byte sequence; otherwise unchanged.
 */
export function repairMojibake(s: string): string {
  if (!/[ÃÂÐÑ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/.test(s)) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const b = c <= 0xff ? c : CP1252_HIGH[s[i]!];
    if (b === undefined) return s;
    bytes[i] = b;
  }
  return validUtf8WithMultibyte(bytes) ? new TextDecoder('utf-8').decode(bytes) : s;
}
