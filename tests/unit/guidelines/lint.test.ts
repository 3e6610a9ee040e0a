// Brand-guideline linter: each rule kind on English, Danish and Russian replies, exact offsets,
// rule selection by platform and language, fixes, and the guideline parser's errors.
import { describe, expect, it } from 'vitest';
import {
  GuidelineError,
  applyFix,
  applyFixes,
  blocksSend,
  compileGuideline,
  lintReply,
  matchCase,
  parseGuideline,
  type Finding,
  type GuidelineInput,
} from '../../../shared/guidelines';

const g = (rules: GuidelineInput['rules'], extra: Partial<GuidelineInput> = {}) =>
  compileGuideline(parseGuideline(JSON.stringify({ rules, ...extra })));
const spans = (text: string, fs: Finding[]) =>
  fs.map((f) => [f.ruleId, text.slice(f.start, f.end)]);

describe('existence', () => {
  const rules = g([
    {
      id: 'ban',
      kind: 'existence',
      terms: ['obviously', 'no problem', 'проблема', 'desværre'],
      message: 'Avoid "{match}"',
      severity: 'error',
      fixRemove: true,
    },
  ]);

  it('finds words and phrases on word boundaries, case-insensitively, with exact offsets', () => {
    const text = 'Obviously this is no problem. Not obviouslyish, not noproblem.';
    const fs = lintReply(rules, text);
    expect(spans(text, fs)).toEqual([
      ['ban', 'Obviously'],
      ['ban', 'no problem'],
    ]);
    expect(fs[0]).toMatchObject({
      start: 0,
      end: 9,
      severity: 'error',
      message: 'Avoid "Obviously"',
    });
    expect(blocksSend(fs)).toBe(true);
  });

  it('matches a phrase across any whitespace but not across punctuation', () => {
    expect(lintReply(rules, 'That is no\n  problem')).toHaveLength(1);
    expect(lintReply(rules, 'say no. Problem solved')).toHaveLength(0);
  });

  it('respects Cyrillic and Danish word boundaries', () => {
    const text = 'Это не проблема, а проблемами займёмся. Vi kan desværre ikke; desværremente';
    expect(spans(text, lintReply(rules, text))).toEqual([
      ['ban', 'проблема'],
      ['ban', 'desværre'],
    ]);
  });

  it('skips links, code, placeholders and @mentions', () => {
    const text = 'See https://x.example/obviously and `obviously` {{obviously}} @obviously';
    expect(lintReply(rules, text)).toEqual([]);
  });

  it('offers removal of the match with one neighbouring space', () => {
    const text = 'This is obviously fine.';
    const [f] = lintReply(rules, text);
    expect(applyFix(text, f!.fix!)).toBe('This is fine.');
  });

  it('is case-sensitive when asked', () => {
    const cs = g([
      { id: 'cs', kind: 'existence', terms: ['SALE'], ignoreCase: false, message: 'm' },
    ]);
    expect(lintReply(cs, 'a sale and a SALE').map((f) => f.start)).toEqual([13]);
  });
});

describe('substitution', () => {
  const rules = g([
    {
      id: 'members',
      kind: 'substitution',
      swap: { users: 'members', user: 'member', 'log in': 'sign in' },
      message: 'Say "{suggestion}", not "{match}"',
    },
  ]);

  it('suggests the replacement keeping the capitalisation, as a one-key fix', () => {
    const text = 'Users can log in. All USERS and every user.';
    const fs = lintReply(rules, text);
    expect(fs.map((f) => [text.slice(f.start, f.end), f.fix!.edits[0]!.text])).toEqual([
      ['Users', 'Members'],
      ['log in', 'sign in'],
      ['USERS', 'MEMBERS'],
      ['user', 'member'],
    ]);
    expect(fs[0]!.message).toBe('Say "Members", not "Users"');
    expect(applyFixes(text, fs)).toEqual({
      text: 'Members can sign in. All MEMBERS and every member.',
      applied: 4,
    });
  });

  it('works on Danish and Russian words', () => {
    const da = g([
      {
        id: 'da',
        kind: 'substitution',
        swap: { brugere: 'medlemmer', 'køb nu': 'se mere' },
        message: 'm',
      },
    ]);
    const text = 'Kære brugere, køb nu! Brugerne er glade.';
    expect(applyFixes(text, lintReply(da, text)).text).toBe(
      'Kære medlemmer, se mere! Brugerne er glade.',
    );
    const ru = g([
      { id: 'ru', kind: 'substitution', swap: { пользователи: 'участники' }, message: 'm' },
    ]);
    expect(
      applyFixes('Пользователи и пользователи.', lintReply(ru, 'Пользователи и пользователи.'))
        .text,
    ).toBe('Участники и участники.');
  });
});

describe('capitalization', () => {
  const rules = g([
    {
      id: 'brand',
      kind: 'capitalization',
      terms: ['Northwind', 'PlayNow', 'iPhone', 'Nordisk Bank'],
      message: 'Write "{suggestion}"',
    },
  ]);

  it('flags other spellings of brand names and fixes them', () => {
    const text = 'northwind, Northwind, PLAYNOW, Playnow, iphone, iPhone and nordisk bank.';
    const fs = lintReply(rules, text);
    expect(spans(text, fs).map((s) => s[1])).toEqual([
      'northwind',
      'PLAYNOW',
      'Playnow',
      'iphone',
      'nordisk bank',
    ]);
    expect(applyFixes(text, fs).text).toBe(
      'Northwind, Northwind, PlayNow, PlayNow, iPhone, iPhone and Nordisk Bank.',
    );
  });
});

describe('greeting and sign-off', () => {
  const rules = g([
    {
      id: 'hi',
      kind: 'greeting',
      platforms: ['discourse'],
      phrases: ['Hi', 'Hello', 'Hej'],
      message: 'Start with a greeting',
      insert: 'Hi,\n\n',
    },
    {
      id: 'bye',
      kind: 'signoff',
      phrases: ['Kind regards,\nNorthwind Support'],
      message: 'Sign off',
      severity: 'error',
      insert: 'Kind regards,\nNorthwind Support',
    },
  ]);

  it('accepts a greeting at the start and the sign-off at the end, line breaks normalised', () => {
    expect(
      lintReply(rules, '  Hello Anna,\nthanks.\n\nKind regards,   Northwind   Support\n', {
        platform: 'discourse',
      }),
    ).toEqual([]);
  });

  it('requires the greeting only on its platform, and as a whole word', () => {
    const text = 'Highly unusual.\n\nKind regards,\nNorthwind Support';
    expect(lintReply(rules, text, { platform: 'discord' })).toEqual([]);
    const [f] = lintReply(rules, text, { platform: 'discourse' });
    expect(f).toMatchObject({ ruleId: 'hi', start: 0, end: 'Highly unusual.'.length });
    expect(applyFix(text, f!.fix!)).toBe('Hi,\n\n' + text);
  });

  it('flags a missing sign-off on the last line and appends it', () => {
    const text = 'Hi Anna,\n\nAll done.\n';
    const fs = lintReply(rules, text, { platform: 'discourse' });
    expect(spans(text, fs)).toEqual([['bye', 'All done.']]);
    expect(applyFix(text, fs[0]!.fix!)).toBe(
      'Hi Anna,\n\nAll done.\n\nKind regards,\nNorthwind Support',
    );
    expect(lintReply(rules, applyFix(text, fs[0]!.fix!), { platform: 'discourse' })).toEqual([]);
  });
});

describe('occurrence and repetition', () => {
  it('allows at most N exclamation marks and replaces the rest', () => {
    const rules = g([
      {
        id: 'bang',
        kind: 'occurrence',
        token: '!',
        max: 1,
        message: 'At most {max} "!" ({count})',
        replaceWith: '.',
      },
    ]);
    const text = 'Great! Really great!! `code!`';
    const fs = lintReply(rules, text);
    expect(fs.map((f) => f.start)).toEqual([19, 20]);
    expect(fs[0]!.message).toBe('At most 1 "!" (3)');
    expect(applyFixes(text, fs).text).toBe('Great! Really great.. `code!`');
  });

  it('counts a word token on word boundaries', () => {
    const rules = g([{ id: 'sorry', kind: 'occurrence', token: 'sorry', max: 1, message: 'm' }]);
    expect(lintReply(rules, 'Sorry, so sorry; sorryness').map((f) => f.start)).toEqual([10]);
  });

  it('counts a multi-word or hyphenated token, and punctuation runs', () => {
    const rules = g([
      {
        id: 'mail',
        kind: 'occurrence',
        token: 'e-mail',
        max: 0,
        message: 'm',
        replaceWith: 'email',
      },
      { id: 'qm', kind: 'occurrence', token: '?!', max: 0, message: 'm' },
    ]);
    const text = 'Send an E-mail or e-mails? Really?!';
    expect(spans(text, lintReply(rules, text))).toEqual([
      ['mail', 'E-mail'],
      ['qm', '?!'],
    ]);
  });

  it('flags a word repeated across spaces, not across lines or sentences', () => {
    const rules = g([{ id: 'rep', kind: 'repetition', message: 'Repeated "{match}"' }]);
    const text = 'the the end. End end\nline line. Это это так. 1 1';
    const fs = lintReply(rules, text);
    expect(spans(text, fs)).toEqual([
      ['rep', 'the'],
      ['rep', 'end'],
      ['rep', 'line'],
      ['rep', 'это'],
    ]);
    expect(applyFix(text, fs[0]!.fix!)).toBe('the end. End end\nline line. Это это так. 1 1');
  });
});

describe('emoji', () => {
  const none = g([{ id: 'e', kind: 'emoji', policy: 'none', message: 'No emoji' }]);

  it('finds whole emoji sequences by Unicode properties (ZWJ, skin tone, flags, keycaps, VS16)', () => {
    const list = ['😀', '👍🏽', '👩‍👩‍👧', '🇩🇰', '1️⃣', '❤️', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🏃‍♀️'];
    const text = list.join(' x ');
    const fs = lintReply(none, text);
    expect(fs.map((f) => text.slice(f.start, f.end))).toEqual(list);
  });

  it('does not count text symbols, digits or times', () => {
    expect(lintReply(none, 'Northwind™ © 2026, 10:30:45, #1, ❤ text heart')).toEqual([]);
  });

  it('counts :shortcodes: unless told not to, and removes an emoji with its space', () => {
    const text = 'Thanks :smile: and 🙂 bye';
    const fs = lintReply(none, text);
    expect(spans(text, fs).map((s) => s[1])).toEqual([':smile:', '🙂']);
    expect(applyFixes(text, fs).text).toBe('Thanks and bye');
    const noCodes = g([
      { id: 'e', kind: 'emoji', policy: 'none', shortcodes: false, message: 'm' },
    ]);
    expect(lintReply(noCodes, text)).toHaveLength(1);
  });

  it('allows up to max, and anything with policy allowed', () => {
    const max = g([{ id: 'e', kind: 'emoji', policy: 'max', max: 2, message: '{count} > {max}' }]);
    const text = '🙂 🙂 🙂 🙂';
    expect(lintReply(max, text).map((f) => f.start)).toEqual([6, 9]);
    expect(
      lintReply(g([{ id: 'e', kind: 'emoji', policy: 'allowed', message: 'm' }]), text),
    ).toEqual([]);
  });
});

describe('links', () => {
  const rules = g([
    {
      id: 'l',
      kind: 'links',
      allowedDomains: ['northwind.example'],
      message: 'Not allowed: {match}',
    },
  ]);

  it('checks Markdown links, autolinks and bare URLs, allowing subdomains', () => {
    const text =
      'See [help](https://help.northwind.example/a), <https://evil.example/x>, http://northwind.example.evil.test/ and www.other.com/path. Mail support@evil.example.';
    const fs = lintReply(rules, text);
    expect(fs.map((f) => f.message)).toEqual([
      'Not allowed: evil.example',
      'Not allowed: northwind.example.evil.test',
      'Not allowed: www.other.com',
    ]);
    expect(text.slice(fs[0]!.start, fs[0]!.end)).toBe('https://evil.example/x');
  });

  it('catches a disguised link text', () => {
    const text = '[northwind.example](https://phish.example/login)';
    expect(lintReply(rules, text).map((f) => text.slice(f.start, f.end))).toEqual([
      'https://phish.example/login',
    ]);
  });
});

describe('length, sentence length, language', () => {
  it('measures length in code points by default, highlighting the part past the limit', () => {
    const rules = g([{ id: 'len', kind: 'length', max: 5, message: '{count}/{max}' }]);
    const text = '😀😀😀😀😀😀x';
    const [f] = lintReply(rules, text);
    expect(f).toMatchObject({ start: 10, end: 13, message: '7/5' });
    const utf8 = g([{ id: 'len', kind: 'length', max: 5, unit: 'utf8', message: '{count}/{max}' }]);
    expect(lintReply(utf8, 'abæøå')[0]).toMatchObject({ start: 3, message: '8/5' }); // ø would be bytes 5-6
  });

  it('counts words per sentence, a URL not being words', () => {
    const rules = g([{ id: 's', kind: 'sentenceLength', maxWords: 5, message: '{count} words' }]);
    const text =
      'One two three four five. One two three four five six seven! See https://a.example/b/c/d/e/f now.\n\nNo end punctuation here but a new paragraph';
    const fs = lintReply(rules, text, { language: 'en' });
    expect(fs.map((f) => [text.slice(f.start, f.end), f.message])).toEqual([
      ['One two three four five six seven!', '7 words'],
      ['No end punctuation here but a new paragraph', '8 words'],
    ]);
  });

  it('flags a reply whose language differs from the member’s', () => {
    const rules = g([
      {
        id: 'lang',
        kind: 'language',
        message: 'Reply in {memberLanguage}, not {language}',
        severity: 'error',
      },
    ]);
    const text = 'Hello!';
    expect(lintReply(rules, text, { language: 'en', memberLanguage: 'da' })).toEqual([
      {
        ruleId: 'lang',
        kind: 'language',
        severity: 'error',
        message: 'Reply in da, not en',
        start: 0,
        end: 6,
      },
    ]);
    expect(lintReply(rules, text, { language: 'da-DK', memberLanguage: 'da' })).toEqual([]);
    expect(lintReply(rules, text, { language: 'en' })).toEqual([]);
  });
});

describe('rule selection', () => {
  const rules = g(
    [
      { id: 'da', kind: 'existence', terms: ['desværre'], languages: ['da'], message: 'm' },
      {
        id: 'en',
        kind: 'existence',
        terms: ['unfortunately'],
        languages: ['en'],
        platforms: ['email'],
        message: 'm',
      },
    ],
    { defaultLanguage: 'da' },
  );
  const text = 'desværre unfortunately';
  it('applies per-language rules by the reply language (primary subtag), else the default language', () => {
    expect(lintReply(rules, text, { language: 'da-DK' }).map((f) => f.ruleId)).toEqual(['da']);
    expect(lintReply(rules, text).map((f) => f.ruleId)).toEqual(['da']);
    expect(lintReply(rules, text, { language: 'en' })).toEqual([]);
    expect(
      lintReply(rules, text, { language: 'en', platform: 'email' }).map((f) => f.ruleId),
    ).toEqual(['en']);
  });
});

describe('fixes', () => {
  it('refuses edits outside the text or overlapping', () => {
    expect(() => applyFix('abc', { label: 'x', edits: [{ start: 2, end: 4, text: '' }] })).toThrow(
      /outside/,
    );
    expect(() =>
      applyFix('abcd', {
        label: 'x',
        edits: [
          { start: 0, end: 2, text: '' },
          { start: 1, end: 3, text: '' },
        ],
      }),
    ).toThrow(/overlap/);
  });

  it('applyFixes skips a fix overlapping an earlier one', () => {
    const rules = g([
      { id: 'a', kind: 'substitution', swap: { 'log in': 'sign in' }, message: 'm' },
      { id: 'b', kind: 'substitution', swap: { in: 'into' }, message: 'm' },
    ]);
    const text = 'log in now';
    expect(applyFixes(text, lintReply(rules, text))).toEqual({ text: 'sign in now', applied: 1 });
  });

  it('matchCase', () => {
    expect([
      matchCase('Users', 'members'),
      matchCase('USERS', 'members'),
      matchCase('users', 'Members'),
      matchCase('Æble', 'øre'),
    ]).toEqual(['Members', 'MEMBERS', 'Members', 'Øre']);
  });
});

describe('parseGuideline', () => {
  it('reads YAML and JSON, applying defaults', () => {
    const yaml =
      'name: Bank\nrules:\n  - id: users\n    kind: substitution\n    swap: { users: members }\n    message: Use members\n';
    const fromYaml = parseGuideline(yaml);
    expect(fromYaml.rules[0]).toMatchObject({ id: 'users', severity: 'warning', ignoreCase: true });
    expect(parseGuideline(JSON.stringify(fromYaml))).toEqual(fromYaml);
  });

  it('names each bad field', () => {
    const bad = {
      rules: [
        { id: 'a', kind: 'substitution', swap: {}, message: 'm' },
        { id: 'a', kind: 'existence', terms: ['ok', '!!!'], message: 'm' },
        { id: 'c', kind: 'emoji', policy: 'max', message: 'm' },
        { id: 'd', kind: 'regex', pattern: '(a+)+$', message: 'm' },
      ],
    };
    try {
      parseGuideline(JSON.stringify(bad));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GuidelineError);
      const paths = (e as GuidelineError).issues.map((i) => i.path);
      expect(paths).toEqual(
        expect.arrayContaining(['rules[0].swap', 'rules[1].terms[1]', 'rules[3].kind']),
      );
    }
    expect(() => parseGuideline(JSON.stringify({ rules: [bad.rules[2]] }))).toThrow(
      'rules[0].max: policy "max" needs max',
    );
    expect(() => parseGuideline(JSON.stringify({ rules: [bad.rules[1], bad.rules[1]] }))).toThrow(
      /rules\[1\]\.id: duplicate id "a" \(also rules\[0\]\)/,
    );
  });

  it('refuses broken YAML, duplicate keys and alias bombs with a clear message', () => {
    expect(() => parseGuideline('rules: [')).toThrow(/not valid YAML/);
    expect(() => parseGuideline('rules: []\nrules: []')).toThrow(/not valid YAML/);
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill('*' + String.fromCharCode(97 + i))
            .join(',')}]`,
      ),
      'rules: []',
    ].join('\n');
    expect(() => parseGuideline(bomb)).toThrow(GuidelineError);
  });
});
