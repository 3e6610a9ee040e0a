// Language of member messages with ELD: short, real-looking support messages in English, Danish
// and Russian (written for these tests), with Norwegian/Swedish/Ukrainian neighbours, noise
// removal, the minimum-length rule and the use of several messages together.
import { describe, expect, it } from 'vitest';
import { cleanForDetection } from '../../../shared/responses';
import { detectLanguage } from '../../../shared/responses/detect';

const SAMPLES: [string, string][] = [
  ['en', 'Hi, my order never arrived and nobody answers my emails.'],
  ['en', 'Can I get a refund for the last month?'],
  ['en', 'The app crashes every time I open the settings page.'],
  ['en', 'When will the new season start?'],
  ['da', 'Hej, min ordre er aldrig kommet frem, og ingen svarer på mine mails.'],
  ['da', 'Kan jeg få pengene tilbage for sidste måned?'],
  ['da', 'Appen går ned hver gang jeg åbner indstillingerne.'],
  ['da', 'Hvornår starter den nye sæson?'],
  ['da', 'Jeg vil gerne opsige mit abonnement fra næste måned.'],
  ['ru', 'Здравствуйте, мой заказ так и не пришёл, и никто не отвечает на письма.'],
  ['ru', 'Можно вернуть деньги за прошлый месяц?'],
  ['ru', 'Приложение падает каждый раз, когда я открываю настройки.'],
  ['ru', 'Когда начнётся новый сезон?'],
  ['no', 'Hei, bestillingen min har aldri kommet, og ingen svarer på e-postene mine.'],
  ['sv', 'Hej, min beställning har aldrig kommit och ingen svarar på mina mejl.'],
  ['uk', 'Привіт, моє замовлення так і не прийшло, і ніхто не відповідає.'],
];

describe('detectLanguage', () => {
  it.each(SAMPLES)('%s: %s', (lang, text) => {
    const r = detectLanguage([text]);
    expect(r.lang).toBe(lang);
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });

  it('says "und" for too little text, after removing links, mentions, code, numbers and emoji', () => {
    expect(detectLanguage(['ok 👍'])).toMatchObject({
      lang: 'und',
      confidence: 0,
      reliable: false,
    });
    expect(
      detectLanguage([
        'https://example.com/a/very/long/path/with/words @someone_with_a_long_name 12345 `const x = 1` 😀😀😀',
      ]).lang,
    ).toBe('und');
    expect(detectLanguage(['Tak!'], { minLetters: 3 }).lang).not.toBe('und');
  });

  it('uses several short messages together, most recent first within the budget', () => {
    expect(detectLanguage(['Tak', 'for', 'hjælpen i går'], { minLetters: 12 }).lang).toBe('da');
    expect(detectLanguage([]).lang).toBe('und');
  });

  it('cleans hostile input in linear time', () => {
    expect(
      cleanForDetection(
        'Hej @anna se https://x.dk/æ og {{member.name}} 42 🇩🇰\n```\ncode here\n```\nfarvel',
      ),
    ).toBe('Hej se og farvel');
    const t0 = performance.now();
    detectLanguage(['a@'.repeat(50_000), 'x'.repeat(100_000)]);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
