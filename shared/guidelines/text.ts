// Text analysis shared by the brand-guideline linter: word tokens (Unicode letters/marks/digits, so
// Danish æøå and Cyrillic are words like any other), regions that prose rules skip (links, e-mail
// addresses, inline and fenced code, {{placeholders}}, @mentions), links with their host, emoji and
// sentences. Every regular expression here is fixed (no user input) and linear: alternatives and
// repeats are over disjoint character classes, so there is no catastrophic backtracking.
import { LinkifyIt } from 'linkify-it';

/** A word in the text: [start, end) in UTF-16 code units, `lower` for case-insensitive lookup. */
export type Token = { start: number; end: number; text: string; lower: string };
/** A half-open span [start, end) of UTF-16 code units. */
export type Span = { start: number; end: number };
export type Link = Span & { url: string; host: string | null };

// A word: letters, combining marks and digits, with inner apostrophes (don't, l'été).
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
export const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/** Words of `text` in order. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const t = m[0];
    out.push({ start: m.index, end: m.index + t.length, text: t, lower: t.toLowerCase() });
  }
  return out;
}

/** The separator between two adjacent words, normalised: any whitespace run is one space. */
export function normGap(gap: string): string {
  return /^\s+$/.test(gap) ? ' ' : gap;
}

// linkify-it: markdown-it's link finder (schemes, bare domains, e-mail, trailing punctuation rules).
// fuzzyLink: also "example.com/path" without a scheme (off by default in linkify-it 6).
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true });
const HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?(\[[^\]\s]*\]|[^/?#:\s]+)/i;

// linkify-it scans the whole string with several large regexes; on a 2,000-character reply that
// costs over a millisecond, so it only sees the whitespace-separated chunks that could hold a link
// or an address (a dot between letters/digits, "://" or "@"). URLs never contain whitespace.
const CHUNK = /\S+/g;
const CANDIDATE = /[\p{L}\p{N}]\.[\p{L}\p{N}]|:\/\/|@/u;

/** Links in the text (Markdown link targets, <autolinks> and bare URLs alike), e-mail addresses apart. */
export function findLinks(text: string): { links: Link[]; emails: Span[] } {
  const links: Link[] = [];
  const emails: Span[] = [];
  CHUNK.lastIndex = 0;
  for (let c = CHUNK.exec(text); c; c = CHUNK.exec(text)) {
    if (!CANDIDATE.test(c[0])) continue;
    const base = c.index;
    for (const m of linkify.match(c[0]) ?? []) {
      if (m.schema === 'mailto:' || m.url.toLowerCase().startsWith('mailto:')) {
        emails.push({ start: base + m.index, end: base + m.lastIndex });
        continue;
      }
      const h = HOST.exec(m.url);
      links.push({
        start: base + m.index,
        end: base + m.lastIndex,
        url: m.url,
        host: h?.[1] ? h[1].toLowerCase().replace(/\.$/, '') : null,
      });
    }
  }
  return { links, emails };
}

// Regions prose rules skip. Fenced code: ``` or ~~~ up to the same fence (or the end); inline code:
// `code` or ``code`` within one line.
const FENCE = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\1[`~]*[ \t]*(?=\n|$)|$(?![\s\S]))/gm;
const INLINE_CODE = /``[^`\n]+?``|`[^`\n]+`/g;
const PLACEHOLDER = /\{\{[^{}\n]{0,200}\}\}/g;
const MENTION = /(?<![\p{L}\p{N}_.])@[\p{L}\p{N}_.-]{1,64}/gu;

function collect(re: RegExp, text: string, out: Span[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
}

/** Sorted, merged spans that word rules must not look into. */
export function maskedSpans(text: string, links: Link[], emails: Span[]): Span[] {
  const spans: Span[] = [...links, ...emails];
  if (text.includes('`') || text.includes('~~~')) {
    collect(FENCE, text, spans);
    collect(INLINE_CODE, text, spans);
  }
  if (text.includes('{{')) collect(PLACEHOLDER, text, spans);
  if (text.includes('@')) collect(MENTION, text, spans);
  return mergeSpans(spans);
}

export function mergeSpans(spans: Span[]): Span[] {
  if (spans.length < 2) return spans.map((s) => ({ start: s.start, end: s.end }));
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [{ ...sorted[0]! }];
  for (let i = 1; i < sorted.length; i++) {
    const s = sorted[i]!;
    const last = out[out.length - 1]!;
    if (s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Marks tokens that fall inside a masked span (both lists sorted by start). */
export function unmaskedTokens(tokens: Token[], masked: Span[]): Token[] {
  if (masked.length === 0) return tokens;
  const out: Token[] = [];
  let j = 0;
  for (const t of tokens) {
    while (j < masked.length && masked[j]!.end <= t.start) j++;
    const m = masked[j];
    if (m && m.start < t.end && t.start < m.end) continue;
    out.push(t);
  }
  return out;
}

export function overlapsAny(start: number, end: number, masked: Span[]): boolean {
  // masked is short (a few spans per reply): a linear scan is cheaper than a binary search here.
  for (const m of masked) {
    if (m.start >= end) return false;
    if (start < m.end && m.start < end) return true;
  }
  return false;
}

// Emoji, by Unicode properties (no hand list): a flag (two regional indicators), a keycap, or a
// character with emoji presentation (or any pictograph followed by VS16), with an optional skin
// tone, tag sequence (subdivision flags) and ZWJ continuations. "©" or "™" without VS16 is text,
// not emoji. (RGI_Emoji with the `v` flag says the same but costs milliseconds per reply.)
const EMOJI_HINT = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]/u;
const PICTO = '(?:\\p{Emoji_Presentation}|\\p{Extended_Pictographic}\\uFE0F)\\p{Emoji_Modifier}?';
const EMOJI = new RegExp(
  `\\p{Regional_Indicator}{2}|[0-9#*]\\uFE0F?\\u20E3|${PICTO}(?:[\\u{E0020}-\\u{E007E}]+\\u{E007F})?(?:\\u200D(?:${PICTO}|\\p{Extended_Pictographic}))*`,
  'gu',
);
// :shortcode: as typed in chat platforms (at least one letter, so 10:30:45 is not one).
const SHORTCODE =
  /(?<![\p{L}\p{N}_:]):(?=[a-z0-9_+-]{0,31}[a-z])[a-z0-9_+-]{2,32}:(?![\p{L}\p{N}_])/gu;

export function findEmoji(text: string, shortcodes: boolean): Span[] {
  const out: Span[] = [];
  if (EMOJI_HINT.test(text)) collect(EMOJI, text, out);
  if (shortcodes && text.includes(':')) collect(SHORTCODE, text, out);
  return out.sort((a, b) => a.start - b.start);
}

const segmenters = new Map<string, Intl.Segmenter>();
/** Sentences via Intl.Segmenter (ICU rules for the language), trimmed, with their offsets. */
export function sentences(text: string, language: string | undefined): Span[] {
  const key = language ?? 'und';
  let seg = segmenters.get(key);
  if (!seg) {
    try {
      seg = new Intl.Segmenter(language, { granularity: 'sentence' });
    } catch {
      seg = new Intl.Segmenter(undefined, { granularity: 'sentence' });
    }
    segmenters.set(key, seg);
  }
  const out: Span[] = [];
  // A blank line also ends a sentence (list items, sign-offs without punctuation): segment each
  // paragraph on its own.
  const PARA = /\n[ \t]*\n/g;
  let from = 0;
  for (;;) {
    const m = PARA.exec(text);
    const to = m ? m.index : text.length;
    if (to > from) {
      for (const s of seg.segment(text.slice(from, to))) {
        const lead = s.segment.length - s.segment.trimStart().length;
        const body = s.segment.trim();
        if (body)
          out.push({ start: from + s.index + lead, end: from + s.index + lead + body.length });
      }
    }
    if (!m) break;
    from = m.index + m[0].length;
  }
  return out;
}

/** Unicode code points of a string (a surrogate pair is one). */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** UTF-16 offset at which the `n`-th code point starts (text.length when there are fewer). */
export function offsetOfCodePoint(text: string, n: number): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (count === n) return i;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    count++;
  }
  return text.length;
}

/** UTF-8 byte length of a string. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** UTF-16 offset at which the byte count first exceeds `max` bytes (text.length if never). */
export function offsetOfUtf8(text: string, max: number): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let w = 3;
    let pair = false;
    if (c < 0x80) w = 1;
    else if (c < 0x800) w = 2;
    else if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      w = 4;
      pair = true;
    }
    if (n + w > max) return i;
    n += w;
    if (pair) i++;
  }
  return text.length;
}
