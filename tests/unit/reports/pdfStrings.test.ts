// The client report's core-side strings: en, da and ru have the same keys, each translation uses
// exactly the placeholders of the English text, none is empty; `fill` leaves unknown placeholders
// visible; the glyph check used by the PDF tests does report a character the font lacks.
import { describe, expect, it } from 'vitest';
import { REPORT_FONTS } from '../../../electron/core/domains/reports/pdf/render';
import { fill, REPORT_STRINGS, reportText } from '../../../electron/core/domains/reports/pdf/text';
import { missingGlyphs } from '../../integration/reports/pdfText';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('report strings', () => {
  const en = REPORT_STRINGS.en;
  it.each(['da', 'ru'] as const)('%s has the keys and placeholders of en', (lang) => {
    const t = REPORT_STRINGS[lang];
    expect(Object.keys(t).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(t)) {
      expect(v.trim(), k).not.toBe('');
      expect(placeholders(v), k).toEqual(placeholders(en[k as keyof typeof en]));
    }
  });

  it('every string of every language is drawable with the embedded fonts', () => {
    for (const lang of ['en', 'da', 'ru'] as const) {
      const all = Object.values(REPORT_STRINGS[lang]).join('\n');
      expect(missingGlyphs(REPORT_FONTS.regular, all), lang).toEqual([]);
      expect(missingGlyphs(REPORT_FONTS.bold, all), lang).toEqual([]);
    }
    expect(missingGlyphs(REPORT_FONTS.regular, 'Aæ漢')).toEqual(['U+6F22 漢']);
  });

  it('fill replaces known placeholders and leaves unknown ones visible', () => {
    expect(fill('{a} of {b}', { a: 1 })).toBe('1 of {b}');
  });

  it('formats hours and money exactly from integers, in the language', () => {
    const tx = (l: 'en' | 'da' | 'ru') => reportText(l, 'UTC');
    expect(tx('en').hours(5400)).toBe('1.50');
    expect(tx('en').hours(18)).toBe('0.01'); // 0.005 h, half up
    expect(tx('da').hours(3_600_000)).toBe('1.000,00');
    expect(tx('en').money(123_456_789, 'DKK', 2)).toBe('DKK\u00a01,234,567.89');
    expect(tx('da').money(5, 'JPY', 0)).toBe('5\u00a0JPY');
    expect(tx('ru').money(100_050, 'EUR', 2)).toBe('1\u00a0000,50\u00a0EUR');
    // 2^53 + 1 minor units would lose its last digit as a double; the decimal string keeps it.
    expect(tx('en').money(Number.MAX_SAFE_INTEGER, 'EUR', 2)).toBe(
      'EUR\u00a090,071,992,547,409.91',
    );
    expect(tx('en').month('2026-11')).toBe('November 2026');
    expect(tx('da').month('2026-01')).toBe('januar 2026');
    expect(tx('en').delta(15, 10)).toBe('up 50%');
    expect(tx('en').delta(0, 0)).toBe('unchanged');
    expect(tx('en').delta(3, 0)).toBe('none the month before');
    expect(tx('en').minutes(125)).toBe('2 h 5 min');
  });
});
