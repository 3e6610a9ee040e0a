// Locale fallback chain, variant choice (language before platform), effective library with agency
// overrides, and platform length limits.
import { describe, expect, it } from 'vitest';
import {
  checkLength,
  effectiveLibrary,
  localeChain,
  pickVariant,
  type Variant,
} from '../../../shared/responses';

describe('locale chain', () => {
  it('goes member locale → language → client default → its language → en, without duplicates', () => {
    expect(localeChain('da-DK', 'ru')).toEqual(['da-DK', 'da', 'ru', 'en']);
    expect(localeChain('da_dk', 'en-GB')).toEqual(['da-DK', 'da', 'en-GB', 'en']);
    expect(localeChain(undefined, 'da')).toEqual(['da', 'en']);
    expect(localeChain('zh-hant-tw', null)).toEqual(['zh-Hant-TW', 'zh-Hant', 'zh', 'en']);
    expect(localeChain('not a tag!', null)).toEqual(['en']);
  });
});

describe('pickVariant', () => {
  const variants: Variant[] = [
    { locale: 'en', platform: null, body: 'en' },
    { locale: 'en', platform: 'discord', body: 'en-discord' },
    { locale: 'da', platform: null, body: 'da' },
    { locale: 'ru', platform: 'email', body: 'ru-email' },
  ];
  const body = (want: Parameters<typeof pickVariant>[1]) =>
    pickVariant(variants, want)?.variant.body;

  it('prefers the platform variant within a locale, and the language over the platform', () => {
    expect(body({ locale: 'en', platform: 'discord' })).toBe('en-discord');
    expect(body({ locale: 'en-US', platform: 'slack' })).toBe('en');
    expect(body({ locale: 'da-DK', platform: 'discord' })).toBe('da');
    expect(pickVariant(variants, { locale: 'da-DK' })).toMatchObject({
      matchedLocale: 'da',
      fellBack: true,
    });
    expect(pickVariant(variants, { locale: 'da' })).toMatchObject({
      matchedLocale: 'da',
      fellBack: false,
    });
  });

  it('falls back to the client default, then English, skipping platform-only variants elsewhere', () => {
    expect(body({ locale: 'ru', platform: 'discord', clientDefaultLocale: 'da' })).toBe('da');
    expect(body({ locale: 'ru', platform: 'email' })).toBe('ru-email');
    expect(body({ locale: 'de' })).toBe('en');
    expect(
      pickVariant([{ locale: 'ru', platform: 'email', body: 'x' }], { locale: 'da' }),
    ).toMatchObject({ matchedLocale: null, fellBack: true, variant: { body: 'x' } });
    expect(pickVariant([], { locale: 'da' })).toBeNull();
  });
});

describe('effectiveLibrary', () => {
  it('shows a client its own responses and the agency ones it has not overridden', () => {
    const lib = [
      { id: 'a1', clientId: null, overrides: null, shortcut: 'refund' },
      { id: 'a2', clientId: null, overrides: null, shortcut: 'hello' },
      { id: 'a3', clientId: null, overrides: null, shortcut: 'bye' },
      { id: 'c1', clientId: 'bank', overrides: 'a1', shortcut: 'refund-bank' },
      { id: 'c2', clientId: 'bank', overrides: null, shortcut: 'Hello' },
      { id: 'g1', clientId: 'game', overrides: null, shortcut: 'gg' },
    ];
    expect(effectiveLibrary(lib, 'bank').map((r) => r.id)).toEqual(['c1', 'c2', 'a3']);
    expect(effectiveLibrary(lib, 'game').map((r) => r.id)).toEqual(['g1', 'a1', 'a2', 'a3']);
  });
});

describe('checkLength', () => {
  it('checks the total in code points by default and marks the overflow', () => {
    expect(checkLength('x'.repeat(2000), { maxChars: 2000 })).toEqual([]);
    const text = '😀'.repeat(2001);
    expect(checkLength(text, { maxChars: 2000 })).toEqual([
      { kind: 'total', start: 4000, end: 4002, count: 2001, max: 2000 },
    ]);
    expect(checkLength(text, { maxChars: 4002, unit: 'utf16' })).toEqual([]);
    expect(checkLength('æøå', { maxChars: 5, unit: 'utf8' })).toEqual([
      { kind: 'total', start: 2, end: 3, count: 6, max: 5 },
    ]);
  });

  it('checks blocks (paragraphs) and lines', () => {
    const text = `${'a'.repeat(5)}\n\n${'b'.repeat(8)}\n  \n${'c'.repeat(3)}`;
    expect(checkLength(text, { maxChars: 100, maxBlockChars: 6 })).toEqual([
      { kind: 'block', start: 7 + 6, end: 15, count: 8, max: 6 },
    ]);
    expect(checkLength('ab\r\nabcdef\nx', { maxChars: 100, maxLineLength: 4 })).toEqual([
      { kind: 'line', start: 8, end: 10, count: 6, max: 4 },
    ]);
  });
});
