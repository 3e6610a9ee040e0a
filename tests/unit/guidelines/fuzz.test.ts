// Fuzzing the linter: arbitrary text (full Unicode, lone surrogates, Markdown, links, emoji,
// placeholders) against a guideline with every rule kind never throws, every finding lies within
// the text, and applying the fixes gives a string; a long hostile input stays fast.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFixes,
  compileGuideline,
  lintReply,
  parseGuideline,
} from '../../../shared/guidelines';

const guideline = compileGuideline(
  parseGuideline(
    JSON.stringify({
      rules: [
        {
          id: 'ex',
          kind: 'existence',
          terms: ['obviously', 'no problem', 'проблема'],
          message: '{match}',
          fixRemove: true,
        },
        {
          id: 'sub',
          kind: 'substitution',
          swap: { users: 'members', brugere: 'medlemmer' },
          message: '{suggestion}',
        },
        {
          id: 'cap',
          kind: 'capitalization',
          terms: ['Northwind', 'iPhone'],
          message: '{suggestion}',
        },
        { id: 'hi', kind: 'greeting', phrases: ['Hi', 'Hej'], message: 'hi', insert: 'Hi,\n\n' },
        {
          id: 'bye',
          kind: 'signoff',
          phrases: ['Kind regards'],
          message: 'bye',
          insert: 'Kind regards',
        },
        { id: 'bang', kind: 'occurrence', token: '!', max: 1, message: '!', replaceWith: '.' },
        {
          id: 'sorry',
          kind: 'occurrence',
          token: 'sorry',
          max: 0,
          message: 'sorry',
          replaceWith: '',
        },
        {
          id: 'mail',
          kind: 'occurrence',
          token: 'e-mail',
          max: 0,
          message: 'email',
          replaceWith: 'email',
        },
        { id: 'rep', kind: 'repetition', message: 'rep' },
        { id: 'emoji', kind: 'emoji', policy: 'none', message: 'emoji' },
        { id: 'links', kind: 'links', allowedDomains: ['northwind.example'], message: 'link' },
        { id: 'len', kind: 'length', max: 40, message: 'len' },
        { id: 'len8', kind: 'length', max: 40, unit: 'utf8', message: 'len8' },
        { id: 'sent', kind: 'sentenceLength', maxWords: 4, message: 'sent' },
        { id: 'lang', kind: 'language', message: 'lang' },
      ],
    }),
  ),
);

const pieces = fc.constantFrom(
  'users ',
  'Users',
  'obviously',
  'no  problem',
  'проблема',
  'northwind',
  '!!',
  '😀',
  '👩‍👩‍👧',
  '🇩🇰',
  ':smile:',
  '`code`',
  '```\nx\n```',
  '{{member.name}}',
  '[a](https://evil.example/x)',
  'https://northwind.example',
  '@users',
  '\n\n',
  '. ',
  'sorry',
  'e-mail',
  'the the',
  'Kind regards',
  '\uD800',
  '\uDC00',
  'æøå',
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.oneof(pieces, fc.string({ maxLength: 5 })), { maxLength: 60 }).map((a) => a.join('')),
);

describe('linter fuzz', () => {
  it('never throws; findings lie within the text; fixes apply', () => {
    fc.assert(
      fc.property(
        text,
        fc.constantFrom(undefined, 'en', 'da', 'ru'),
        fc.constantFrom(undefined, 'en', 'da'),
        (t, language, memberLanguage) => {
          const fs = lintReply(guideline, t, { language, memberLanguage, platform: 'discourse' });
          for (const f of fs) {
            expect(f.start).toBeGreaterThanOrEqual(0);
            expect(f.end).toBeGreaterThanOrEqual(f.start);
            expect(f.end).toBeLessThanOrEqual(t.length);
            for (const e of f.fix?.edits ?? []) {
              expect(e.start).toBeGreaterThanOrEqual(0);
              expect(e.end).toBeLessThanOrEqual(t.length);
            }
          }
          expect(typeof applyFixes(t, fs).text).toBe('string');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('stays linear on long hostile input', () => {
    const hostile = [
      '`'.repeat(5000),
      '```'.repeat(3000),
      '{{'.repeat(5000),
      '@'.repeat(5000) + 'a'.repeat(5000),
      'a.'.repeat(5000),
      'http://' + 'a'.repeat(20000),
      '!'.repeat(20000),
      '🙂'.repeat(5000),
      ':a'.repeat(10000),
    ];
    for (const h of hostile) {
      const t0 = performance.now();
      lintReply(guideline, h, { language: 'en' });
      // Generous bound for loaded CI machines: the point is no quadratic blow-up (seconds).
      expect(performance.now() - t0).toBeLessThan(1500);
    }
  });
});
