// Length limits of a reply on its platform: total length (in the unit the platform counts),
// per-block length (paragraphs separated by a blank line, for platforms that post blocks), and line
// length (e-mail). The numbers come from the connector's capabilities; shared/responses/README.md
// lists the researched values and their sources.
import { codePointLength, offsetOfCodePoint, offsetOfUtf8, utf8Length } from '../guidelines/text';

export type LengthLimit = {
  maxChars: number;
  /** How the platform counts: Unicode code points (default), UTF-16 code units or UTF-8 bytes. */
  unit?: 'codepoint' | 'utf16' | 'utf8';
  /** Maximum per block (paragraph), where the platform sends each as its own block. */
  maxBlockChars?: number;
  /** Maximum per line (e.g. 998 for e-mail, RFC 5322 §2.1.1). */
  maxLineLength?: number;
};
export type LengthIssue = {
  kind: 'total' | 'block' | 'line';
  start: number;
  end: number;
  count: number;
  max: number;
};

function measure(text: string, unit: LengthLimit['unit']): number {
  return unit === 'utf16'
    ? text.length
    : unit === 'utf8'
      ? utf8Length(text)
      : codePointLength(text);
}
function cut(text: string, unit: LengthLimit['unit'], max: number): number {
  return unit === 'utf16'
    ? Math.min(max, text.length)
    : unit === 'utf8'
      ? offsetOfUtf8(text, max)
      : offsetOfCodePoint(text, max);
}

/** Issues with [start, end) = the part past the limit (for highlighting); empty when the text fits. */
export function checkLength(text: string, limit: LengthLimit): LengthIssue[] {
  const out: LengthIssue[] = [];
  const total = measure(text, limit.unit);
  if (total > limit.maxChars)
    out.push({
      kind: 'total',
      start: cut(text, limit.unit, limit.maxChars),
      end: text.length,
      count: total,
      max: limit.maxChars,
    });
  const each = (re: RegExp, kind: 'block' | 'line', max: number) => {
    let from = 0;
    re.lastIndex = 0;
    for (;;) {
      const m = re.exec(text);
      const to = m ? m.index : text.length;
      const piece = text.slice(from, to);
      const n = measure(piece, limit.unit);
      if (n > max)
        out.push({ kind, start: from + cut(piece, limit.unit, max), end: to, count: n, max });
      if (!m) break;
      from = m.index + m[0].length;
    }
  };
  if (limit.maxBlockChars !== undefined) each(/\n[ \t]*\n/g, 'block', limit.maxBlockChars);
  if (limit.maxLineLength !== undefined) each(/\r\n|\r|\n/g, 'line', limit.maxLineLength);
  return out;
}
