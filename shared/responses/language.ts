// Language of a member's messages, with ELD (Efficient Language Detector, pure JavaScript n-gram
// model shipped inside the package: nothing is downloaded at run time; works in Node and the
// browser). We use its "extrasmall" database (≈1 MB, 60 languages including da, no, sv, ru, uk).
// Links, e-mail addresses, @mentions, code, numbers and emoji are removed first; too little text
// left means "und" (undetermined), never a guess.
// The detector is passed in: its ≈1 MB model costs ~140 ms to load, which the core takes on the first
// check of a reply, not at start (electron/core/domains/guidelines/check.ts); the renderer binds it in
// ./detect.ts.
import type { eld as Eld } from 'eld/extrasmall';

/** ELD's detector (eld/extrasmall's `eld`). */
export type LanguageDetector = Pick<typeof Eld, 'detect'>;

export type DetectedLanguage = {
  /** ISO 639-1 code ("en", "da", "ru", …) or "und" when undetermined. */
  lang: string;
  /**
   * 0..1: how far the best language is ahead of the runner-up (1 - second/best score). Closely
   * related languages (Danish/Norwegian) give low values even when right; 0 for "und".
   */
  confidence: number;
  /** ELD's own reliability verdict, and enough letters. */
  reliable: boolean;
  /** Letters the decision was based on. */
  letters: number;
};

export const MIN_LETTERS = 12;
const MAX_CHARS = 2000;

// Word-by-word, so hostile input cannot make a regex backtrack: links, addresses, mentions and
// placeholders are dropped whole; digits and emoji are removed from what is left.
const DROP = /:\/\/|^www\.|@|^\{\{|\}\}$|^`|`$/i;
const STRIP = /(?:[\p{N}\p{Extended_Pictographic}\p{Regional_Indicator}]|\u200d|\ufe0f|\u20e3)+/gu;
const CODE_FENCE = /^ {0,3}(?:```|~~~)/;

/** The text ELD sees: noise removed, whitespace collapsed (at most 4,000 characters of input). */
export function cleanForDetection(text: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of text.slice(0, 2 * MAX_CHARS).split('\n')) {
    if (CODE_FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    for (const word of line.split(/\s+/)) {
      if (!word || DROP.test(word)) continue;
      const w = word.replace(STRIP, '');
      if (w) out.push(w);
    }
  }
  return out.join(' ');
}

/**
 * Detects the language of a member's messages (oldest first; the most recent ones are used, up to
 * 2,000 characters together). Fewer than `minLetters` letters after cleaning → "und".
 */
export function detectLanguageWith(
  eld: LanguageDetector,
  texts: readonly string[] | string,
  opts: { minLetters?: number } = {},
): DetectedLanguage {
  const list = typeof texts === 'string' ? [texts] : texts;
  const picked: string[] = [];
  let size = 0;
  for (let i = list.length - 1; i >= 0 && size < MAX_CHARS; i--) {
    const c = cleanForDetection(list[i] ?? '');
    if (!c) continue;
    picked.unshift(c.slice(0, MAX_CHARS - size));
    size += c.length + 1;
  }
  const text = picked.join('\n');
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const min = opts.minLetters ?? MIN_LETTERS;
  if (letters < min) return { lang: 'und', confidence: 0, reliable: false, letters };
  const r = eld.detect(text);
  if (!r.language) return { lang: 'und', confidence: 0, reliable: false, letters };
  const scores = Object.values(r.getScores()).sort((a, b) => b - a);
  const best = scores[0] ?? 0;
  const second = scores[1] ?? 0;
  const confidence = best > 0 ? Math.max(0, Math.min(1, 1 - second / best)) : 0;
  return { lang: r.language, confidence, reliable: r.isReliable(), letters };
}
